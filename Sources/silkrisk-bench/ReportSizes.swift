import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Report bytes per dossier and peak memory for every report form, each written by the
/// `silkrisk` binary beside this one (`score --output`), one run per form in its own process,
/// its peak resident memory taken from `wait4`.
struct ReportSizes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports", abstract: "Measure report bytes per dossier and peak memory (max RSS) for each report format.")

    @Option(help: "The portfolio folder (default: the synthetic portfolio of --size dossiers, generated as run does).") var portfolio: String?
    @Option(help: "Size of the synthetic portfolio when --portfolio is not given.") var size: Int = 100_000
    @Option(help: "Seed for the generator.") var seed: UInt64 = 2026
    @Option(help: "Work folder (generated files are kept for re-runs; the reports are written here).") var work: String = ".build-bench"
    @Option var rules: String = "Rules"
    @Option(help: "Forms to measure, comma-separated: json, json-full, jsonl, jsonl-full, text, markdown, html.")
    var forms: String = "json,json-full,jsonl,text,markdown,html"

    func run() throws {
        let runner = try Run.parse(["--work", work, "--seed", String(seed)])
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let folder = try portfolio ?? runner.portfolio(size: size)
        let silkrisk = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        )
        .deletingLastPathComponent().appendingPathComponent("silkrisk").path
        print("report forms over \(folder), rules \(rules) (\(silkrisk)):")
        print("  form        dossiers  bytes            bytes/dossier  peak MiB  seconds")
        for form in forms.split(separator: ",").map(String.init) {
            let parts = form.split(separator: "-").map(String.init)
            let format = parts[0]
            let report = "\(work)/report-forms.\(format == "markdown" ? "md" : format == "text" ? "txt" : format)"
            try? FileManager.default.removeItem(atPath: report)
            var arguments = ["score", "--rules", rules, "--format", format, "--output", report]
            if parts.count > 1 { arguments += ["--detail", parts[1]] }
            let clock = ContinuousClock()
            var outcome: (status: Int32, peakKiB: Int) = (0, 0)
            let elapsed = try clock.measure { outcome = try Self.spawn(silkrisk, arguments + [folder]) }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: report)[.size] as? Int) ?? 0
            let scored = Self.scored(in: folder)
            let line =
                Run.pad(form, 10) + "  " + Run.pad(String(scored), 8) + "  " + Run.pad(String(bytes), 15) + "  "
                + Run.pad(String(bytes / max(1, scored)), 13)
                + "  " + Run.pad(String(outcome.peakKiB / 1024), 8) + "  " + String(format: "%.1f", elapsed.seconds)
            print("  " + line + (outcome.status == 0 ? "" : "  (exit \(outcome.status))"))
            try? FileManager.default.removeItem(atPath: report)
        }
    }

    static func scored(in folder: String) -> Int {
        FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".xml") }.count ?? 0
    }

    /// Runs `program` with `arguments`, its output dropped; returns its exit status and peak
    /// resident memory (`ru_maxrss` from `wait4`, in KiB).
    static func spawn(_ program: String, _ arguments: [String]) throws -> (status: Int32, peakKiB: Int) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard spawned == 0 else { throw ValidationError("cannot run \(program): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw ValidationError("wait4: \(String(cString: strerror(errno)))") }
        }
        return ((status >> 8) & 0xFF, usage.ru_maxrss)
    }
}

extension Run {
    static func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
}
