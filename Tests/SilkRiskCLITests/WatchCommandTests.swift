import Foundation
import Synchronization
import Testing

/// Runs `silkrisk score --watch` as a user would: in the background, editing a temporary copy
/// of the rules while it watches, then Ctrl-C.
@Suite("silkrisk score --watch, run as a user would")
struct WatchCommandTests {
    /// What a stream has written so far, read as it comes.
    final class Collected: Sendable {
        private let text = Mutex("")

        func append(_ data: Data) { text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        var value: String { text.withLock { $0 } }

        /// Waits until `needle` has appeared `count` times, at most `seconds`.
        func wait(for needle: String, count: Int = 1, seconds: Double = 30) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if value.components(separatedBy: needle).count - 1 >= count { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }
    }

    static func start(_ arguments: [String]) throws -> (Process, out: Collected, err: Collected) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let (out, err) = (Collected(), Collected())
        for (pipe, collected) in [(Pipe(), out), (Pipe(), err)] {
            pipe.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
            if collected === out { process.standardOutput = pipe } else { process.standardError = pipe }
        }
        try process.run()
        return (process, out, err)
    }

    @Test("an edit is scored at once, a broken one keeps the last good rules, a fix takes effect, Ctrl-C ends it with status 0")
    func editBreakFixStop() throws {
        let rules = try CLI.copyOfShippedRules()
        defer { try? FileManager.default.removeItem(at: rules) }
        let file = rules.appendingPathComponent("agreements-and-delivery.rules")
        let original = try String(contentsOf: file, encoding: .utf8)
        func withPoints(_ points: String) throws {
            let start = try #require(original.range(of: "rule no-project-office"))
            let old = try #require(original.range(of: "points 4", range: start.upperBound..<original.endIndex))
            var text = original
            text.replaceSubrange(old, with: points)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let (process, out, err) = try Self.start([
            "score", "--watch", "--watch-interval", "0.1", "--rules", rules.path, "Inputs/cr929-widebody.xml",
            "Inputs/armenia-smart-science-city.xml",
        ])
        defer { if process.isRunning { process.terminate() } }
        #expect(out.wait(for: "Ctrl-C to stop"), "no first run: \(out.value) \(err.value)")
        #expect(out.value.contains("60  High") && out.value.contains("armenia-smart-science-city"))

        try withPoints("points 9")
        #expect(out.wait(for: "moved since the last run:"), "the edit was not scored: \(out.value)")
        #expect(out.value.contains("Inputs/armenia-smart-science-city.xml: 60 High → 65 Critical"))

        try withPoints("points nine")
        #expect(err.wait(for: "keeping the last good rules"), "no diagnostics: \(err.value)")
        #expect(err.value.contains("agreements-and-delivery.rules:") && err.value.contains("[expected-token]"))

        try withPoints("points 7")
        #expect(out.wait(for: "moved since the last run:", count: 2), "the fix was not scored: \(out.value)")
        #expect(out.value.contains("Inputs/armenia-smart-science-city.xml: 65 Critical → 63 High"))

        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(out.wait(for: "stopped", seconds: 5))
    }

    @Test("--watch with a record format's rules (Rules/iati) scores each activity of the files, and an edit of a file moves its activities")
    func watchesRecordFiles() throws {
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("activities.xml")
        try RealDataCLITests.activities.write(to: file, atomically: true, encoding: .utf8)
        let (process, out, err) = try Self.start(["score", "--watch", "--watch-interval", "0.1", "--rules", "Rules/iati", file.path])
        defer { if process.isRunning { process.terminate() } }
        #expect(out.wait(for: "Ctrl-C to stop"), "no first run: \(out.value) \(err.value)")
        #expect(out.value.contains("XM-TEST-1"), "\(out.value)")
        #expect(err.value.contains("activities.xml:18:") && err.value.contains("[schema-invalid]"), "\(err.value)")
        // No longer tied: the activity scores lower, and is named by its file and id.
        try RealDataCLITests.activities.replacingOccurrences(of: "<default-tied-status code=\"5\"/>", with: "<default-tied-status code=\"3\"/>")
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(out.wait(for: "moved since the last run:"), "the edit was not scored: \(out.value)")
        #expect(out.value.contains("\(file.path) (XM-TEST-1): "), "\(out.value)")
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test("--watch with another format or a file is a usage error")
    func usage() throws {
        #expect(try CLI.run(["score", "--watch", "--format", "json"]).status == 64)
        let output = try CLI.run(["score", "--watch", "--output", "report.txt"])
        #expect(output.status == 64 && output.stderr.contains("leave out --output"))
        #expect(try CLI.run(["score", "--watch-interval", "1"]).status == 64)
    }
}
