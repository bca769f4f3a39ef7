import Foundation
import Testing

/// What `silkrisk score --output` promises: the report is replaced whole or not at all, and every
/// write error is one line naming the path and the cause, with exit status 1.
@Suite("silkrisk score writes its report safely")
struct SafeWriteTests {
    static let formats = ["json", "text", "markdown", "html"]

    @Test("/dev/full: one line naming the path and the cause, exit 1, and no 'wrote' claim", arguments: formats)
    func deviceFull(format: String) throws {
        let result = try CLI.run(["score", "--format", format, "--output", "/dev/full", "Inputs"])
        #expect(result.status == 1)
        #expect(result.stderr == "silkrisk: cannot write '/dev/full': No space left on device\n")
        #expect(!result.stdout.contains("wrote"), "\(result.stdout)")
    }

    @Test("a report to standard output on a full device fails the same way", arguments: formats)
    func standardOutputFull(format: String) throws {
        let result = try Spawn.run(CLI.binary.path, ["score", "--format", format, "Inputs"], standardOutput: "/dev/full")
        #expect(result.status == 1)
        #expect(result.stderr == "silkrisk: cannot write standard output: No space left on device\n")
    }

    @Test("explain on a full standard output fails too, instead of printing into the void", arguments: formats)
    func explainFull(format: String) throws {
        let result = try Spawn.run(CLI.binary.path, ["explain", "--format", format, "Inputs/cr929-widebody.xml"], standardOutput: "/dev/full")
        #expect(result.status == 1)
        #expect(result.stderr == "silkrisk: cannot write standard output: No space left on device\n")
    }

    @Test("a parent that is a file: 'Not a directory', not a Foundation error dump", arguments: ["json", "html"])
    func parentIsAFile(format: String) throws {
        let result = try CLI.run(["score", "--format", format, "--output", "/etc/passwd/x.\(format)", "Inputs"])
        #expect(result.status == 1)
        #expect(result.stderr == "silkrisk: cannot write '/etc/passwd/x.\(format)': Not a directory\n")
        #expect(result.stdout.isEmpty)
    }

    @Test("a folder that may not be written: 'Permission denied', and the old report stays")
    func noPermission() throws {
        let folder = try CLI.temporaryDirectory()
        let report = folder.appendingPathComponent("report.json")
        try Data("old report\n".utf8).write(to: report)
        chmod(folder.path, 0o555)
        defer { chmod(folder.path, 0o755) }
        let arguments = ["score", "--format", "json", "--output", report.path, "Inputs/cr929-widebody.xml"]
        // Root ignores a folder's mode bits, so as root the run is made as user nobody (setpriv,
        // from util-linux), when nobody may run the binary and read the inputs where this clone
        // is; otherwise it writes into /sys, where not even root may create a file.
        let result: CLI.Result
        var expectedPath = report.path
        if geteuid() != 0 {
            result = try CLI.run(arguments)
        } else if try Spawn.nobodyCanRunTheCommand() {
            #expect(FileManager.default.createFile(atPath: report.path + ".probe", contents: nil), "root is not held back by mode bits")
            try? FileManager.default.removeItem(atPath: report.path + ".probe")
            result = try Spawn.run(Spawn.asNobody[0], Array(Spawn.asNobody.dropFirst()) + [CLI.binary.path] + arguments)
        } else {
            expectedPath = "/sys/silkrisk-report.json"
            result = try CLI.run(["score", "--format", "json", "--output", expectedPath, "Inputs/cr929-widebody.xml"])
        }
        #expect(result.status == 1, "\(result.stderr)")
        let parent = (expectedPath as NSString).deletingLastPathComponent
        #expect(result.stderr == "silkrisk: cannot write '\(expectedPath)': Permission denied (creating a temporary file in '\(parent)')\n")
        #expect(try String(contentsOf: report, encoding: .utf8) == "old report\n")
    }

    @Test("success replaces the report by a rename: a hard link to the old one keeps the old bytes, and no temporary is left")
    func successReplacesAtomically() throws {
        let folder = try CLI.temporaryDirectory()
        let report = folder.appendingPathComponent("report.json")
        let keep = folder.appendingPathComponent("previous.json")
        try Data("old report\n".utf8).write(to: report)
        #expect(link(report.path, keep.path) == 0)
        let result = try CLI.run(["score", "--format", "json", "--output", report.path, "Inputs"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("wrote \(report.path): 22 dossiers scored, 0 failed"))
        let expected = try CLI.run(["score", "--format", "json", "Inputs"]).stdout
        #expect(try String(contentsOf: report, encoding: .utf8) == expected)
        #expect(try String(contentsOf: keep, encoding: .utf8) == "old report\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["previous.json", "report.json"])
    }

    @Test(
        "--output /dev/stdout writes the report through standard output, which cannot be renamed onto; the summary line goes to standard error, so the report stays whole",
        arguments: ["score", "stats"])
    func devStdout(command: String) throws {
        let expected = try CLI.run([command, "--format", "json", "Inputs"]).stdout
        let result = try CLI.run([command, "--format", "json", "--output", "/dev/stdout", "Inputs"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected)
        #expect(result.stderr == "wrote /dev/stdout: 22 dossiers scored, 0 failed\n")
    }

    @Test("missing folders on the way to the report are created")
    func createsFolders() throws {
        let folder = try CLI.temporaryDirectory()
        let report = folder.appendingPathComponent("reports/2026/portfolio.html")
        let result = try CLI.run(["score", "--format", "html", "--output", report.path, "Inputs"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOf: report, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
    }

    @Test("killed mid-run (SIGKILL): the previous report is byte-identical; only a recognisable temporary may remain", arguments: ["json", "html"])
    func killedMidRun(format: String) throws {
        let (run, status) = try InterruptedRun.stopped(format: format, with: SIGKILL)
        defer { try? FileManager.default.removeItem(at: run.folder) }
        #expect(status == SIGKILL, "the run ended before it was killed: make the portfolio larger")
        #expect(try Data(contentsOf: run.report) == run.previous)
        for name in try run.leftovers() {
            #expect(name.hasPrefix(".report.\(format).silkrisk-tmp-"), "\(name)")
        }
    }

    @Test("stopped by SIGTERM or SIGINT: the previous report is byte-identical and the temporary is removed", arguments: [SIGTERM, SIGINT])
    func terminated(signal: Int32) throws {
        let (run, status) = try InterruptedRun.stopped(format: "json", with: signal)
        defer { try? FileManager.default.removeItem(at: run.folder) }
        #expect(status == signal, "the run ended before it was stopped: make the portfolio larger")
        #expect(try Data(contentsOf: run.report) == run.previous)
        #expect(try run.leftovers().isEmpty)
    }
}

/// A `score` run over a portfolio large enough to be stopped while it writes its report over an
/// older one.
struct InterruptedRun {
    let folder: URL
    let report: URL
    let previous: Data
    let process: pid_t

    /// Copies of Inputs/: 90 of each of the 22 dossiers, about 30 MB of JSON report.
    init(format: String, copies: Int = 90) throws {
        folder = try CLI.temporaryDirectory()
        let portfolio = folder.appendingPathComponent("portfolio")
        try FileManager.default.createDirectory(at: portfolio, withIntermediateDirectories: true)
        let inputs = CLI.packageRoot.appendingPathComponent("Inputs")
        for name in try FileManager.default.contentsOfDirectory(atPath: inputs.path) where name.hasSuffix(".xml") {
            let bytes = try Data(contentsOf: inputs.appendingPathComponent(name))
            for copy in 0..<copies { try bytes.write(to: portfolio.appendingPathComponent("\(copy)-\(name)")) }
        }
        let reports = folder.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        report = reports.appendingPathComponent("report.\(format)")
        // The full JSON report (30 MB) takes long enough to write for the run to be caught
        // writing it; the compact one is a sixth of it.
        let detail = format == "json" ? ["--detail", "full"] : []
        let first = try CLI.run(["score", "--format", format] + detail + ["--output", report.path, "Inputs"])
        #expect(first.status == 0, "\(first.stderr)")
        previous = try Data(contentsOf: report)
        let rules = CLI.packageRoot.appendingPathComponent("Rules").path
        process = try Self.spawn(
            CLI.binary.path, ["score", "--rules", rules, "--format", format] + detail + ["--output", report.path, portfolio.path])
    }

    /// Starts `executable` as a user's shell would: no signal blocked, the stop signals at their
    /// default action. (Foundation's `Process` passes on the signal mask of the thread that
    /// starts it, and the test runner's threads block SIGTERM and SIGINT.)
    static func spawn(_ executable: String, _ arguments: [String]) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var stops = sigset_t()
        sigemptyset(&stops)
        for signal in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&stops, signal) }
        posix_spawnattr_setsigdefault(&attributes, &stops)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        return pid
    }

    /// Everything in the reports folder but the report.
    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: report.deletingLastPathComponent().path).filter { $0 != report.lastPathComponent }
    }

    /// A run over a fresh portfolio, stopped by `signal` while its temporary file is still there,
    /// and the signal it died of. On a loaded machine the run may finish — and rename its report
    /// into place — before the test has seen its temporary file or frozen it; such a run proves
    /// nothing either way, so it is discarded and another started (five in all).
    static func stopped(format: String, with signal: Int32) throws -> (InterruptedRun, Int32) {
        for attempt in 1...5 {
            let run = try InterruptedRun(format: format)
            if let status = try run.stop(with: signal) { return (run, status) }
            if attempt == 5 {
                Issue.record("five runs finished before they could be stopped: make the portfolio larger")
                return (run, 0)
            }
            try? FileManager.default.removeItem(at: run.folder)
        }
        preconditionFailure("unreachable")
    }

    /// Waits until the run has created its temporary file, then freezes it (SIGSTOP, confirmed
    /// by `waitpid`), so that nothing it does races the check that the temporary file is still
    /// there, unrenamed; then sends `signal`, lets it go on (SIGCONT) and returns the signal it
    /// died of. Nil when the run ended, or renamed its report into place, before it was frozen.
    /// (The temporary file is opened before the first dossier is read, and a JSON report is
    /// written into it in rank order once all are scored: a frozen run may have written any part
    /// of it, or none.)
    func stop(with signal: Int32) throws -> Int32? {
        let deadline = Date().addingTimeInterval(60)
        var status: Int32 = 0
        while try temporarySize() == nil {
            if waitpid(process, &status, WNOHANG) == process || Date() > deadline { break }
            usleep(1_000)
        }
        kill(process, SIGSTOP)
        guard waitpid(process, &status, WUNTRACED) == process else { return nil }
        // WIFSTOPPED: the low byte is 0x7f. Otherwise the run ended before it could be frozen.
        guard status & 0xff == 0x7f else { return nil }
        guard try temporarySize() != nil else {
            kill(process, SIGKILL)
            waitpid(process, &status, 0)
            return nil
        }
        kill(process, signal)
        kill(process, SIGCONT)
        waitpid(process, &status, 0)
        return Self.signal(in: status)
    }

    /// The size of the run's temporary file, nil when there is none.
    private func temporarySize() throws -> Int? {
        let folder = report.deletingLastPathComponent()
        return try leftovers().filter { $0.contains(".silkrisk-tmp-") }.first.flatMap {
            try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent($0).path)[.size] as? Int
        }
    }

    /// WIFSIGNALED and WTERMSIG, which Swift does not import: the signal a wait status says the
    /// process died of, 0 when it exited.
    private static func signal(in status: Int32) -> Int32 {
        let signalled = status & 0x7f
        return signalled != 0 && signalled != 0x7f ? signalled : 0
    }
}

/// Runs any program, with standard output sent to a file of the caller's choice.
enum Spawn {
    /// A command prefix that runs the rest as user nobody (setpriv, from util-linux).
    static let asNobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]

    /// Whether setpriv is there and nobody may run the binary and read the shipped rules and
    /// inputs where this clone is.
    static func nobodyCanRunTheCommand() throws -> Bool {
        guard FileManager.default.isExecutableFile(atPath: asNobody[0]) else { return false }
        let probe = "test -x \"$0\" && test -r Rules/catalogue.rules && test -r Inputs/cr929-widebody.xml"
        return try run(asNobody[0], Array(asNobody.dropFirst()) + ["/bin/sh", "-c", probe, CLI.binary.path]).status == 0
    }

    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil, standardOutput: String? = nil) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? CLI.packageRoot.path)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        if let standardOutput {
            process.standardOutput = FileHandle(forWritingAtPath: standardOutput)
        } else {
            process.standardOutput = out
        }
        process.standardError = err
        try process.run()
        let outData = standardOutput == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
