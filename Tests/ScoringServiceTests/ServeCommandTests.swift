import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `silkrisk serve` run as a user runs it: the built binary, in its own process.
@Suite("silkrisk serve, run as a process")
struct ServeCommandTests {
    /// The built `silkrisk`, beside the test bundle.
    static var binary: URL {
        let bundle = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        return bundle.deletingLastPathComponent().appendingPathComponent("silkrisk")
    }

    /// A running `silkrisk serve` whose standard error is collected as it comes.
    final class ServeProcess: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var collected = ""

        init(_ arguments: [String]) throws {
            process.executableURL = ServeCommandTests.binary
            process.arguments = ["serve"] + arguments
            process.currentDirectoryURL = RunningServer.packageRoot
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // A thread of its own blocks on the pipe: a readability handler runs on a shared
            // queue, which the rest of the test suite can keep busy past the port's deadline.
            let handle = errors.fileHandleForReading
            Thread { [weak self] in
                while true {
                    let data = handle.availableData
                    guard let self, !data.isEmpty else { return }
                    self.lock.withLock { self.collected += String(decoding: data, as: UTF8.self) }
                }
            }.start()
        }

        var standardError: String { lock.withLock { collected } }

        /// The port from the "listening on http://127.0.0.1:PORT/" line, once it is logged.
        // Generous: a loaded machine running the whole suite can take a minute to start a debug build.
        func port(within seconds: Double = 300) async throws -> Int {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline, process.isRunning {
                if let range = standardError.range(of: #"listening on http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
                    let text = standardError[range]
                    if let port = Int(text.dropFirst("listening on http://127.0.0.1:".count).dropLast()) { return port }
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw NotListening(log: standardError)
        }

        struct NotListening: Error {
            var log: String
        }

        func exitStatus(within seconds: Double = 30) async throws -> Int32? {
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            return process.isRunning ? nil : process.terminationStatus
        }
    }

    @Test("on SIGTERM the service finishes the request in progress, then exits 0 and takes no more connections")
    func sigtermIsGraceful() async throws {
        let serve = try ServeProcess(["--port", "0", "--rules", RunningServer.shippedRules])
        defer { if serve.process.isRunning { serve.process.terminate() } }
        let port = try await serve.port()
        let base = "http://127.0.0.1:\(port)"
        let bytes = try Fixture.input("cr929-widebody.xml")
        let (request, continuation) = LimitsTests.stalledUpload(to: base + "/v1/assessments", bytes: bytes, sent: 200)
        let inProgress = Task { try await RunningServer.client.execute(request, timeout: .seconds(30)) }
        try await Task.sleep(for: .milliseconds(300))
        kill(serve.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(300))
        continuation.yield(ByteBuffer(bytes: bytes.dropFirst(200)))
        continuation.finish()
        let response = try await inProgress.value
        #expect(response.status.code == 200)
        let body = try await response.body.collect(upTo: 1 << 20)
        #expect(String(buffer: body).contains("\"schema\": \"silkrisk-assessment/1\""))
        #expect(try await serve.exitStatus() == 0, "\(serve.standardError)")
        await #expect(throws: (any Error).self) {
            _ = try await RunningServer.client.execute(HTTPClientRequest(url: base + "/healthz"), timeout: .seconds(5))
        }
    }

    @Test("rules with errors at start-up: every error is printed, and serve exits 2 without listening")
    func brokenRulesStopStartUp() async throws {
        let rules = try Fixture.copyOfShippedRules()
        let file = rules.appendingPathComponent("market-access.rules")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "when marketAccess.partnerMarket ==", with: "when marketAccess.partnerMarkt ==").write(
            to: file, atomically: true, encoding: .utf8)
        let serve = try ServeProcess(["--port", "0", "--rules", rules.path])
        #expect(try await serve.exitStatus() == 2)
        #expect(serve.standardError.contains("market-access.rules:"), "\(serve.standardError)")
        #expect(serve.standardError.contains("partnerMarkt"))
        #expect(!serve.standardError.contains("listening on"))
    }

    @Test("rules for a record format (Rules/iati): refused at start-up, at the format's declaration, exit 2 without listening")
    func recordFormatRulesStopStartUp() async throws {
        let serve = try ServeProcess(["--port", "0", "--rules", "Rules/iati"])
        #expect(try await serve.exitStatus() == 2)
        #expect(
            serve.standardError.contains("Rules/iati/catalogue.rules:22:1: error: these rules declare the record format 'iati'"),
            "\(serve.standardError)")
        #expect(serve.standardError.contains("[record-format-unsupported]"))
        #expect(serve.standardError.contains("silkrisk score --rules Rules/iati"))
        #expect(!serve.standardError.contains("silkrisk check"), "check finds nothing wrong with these rules")
        #expect(!serve.standardError.contains("listening on"))
    }

    @Test("a bad option is a usage error (exit 64)")
    func badPortIsAUsageError() async throws {
        let serve = try ServeProcess(["--port", "70000"])
        #expect(try await serve.exitStatus() == 64)
        #expect(serve.standardError.contains("--port"))
    }
}
