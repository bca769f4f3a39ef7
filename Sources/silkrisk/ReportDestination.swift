import ArgumentParser
import PortfolioRunner
import SafeOutput

/// Where a command's report goes: the `--output` file, replaced whole when the report is complete
/// and left as it was otherwise, or standard output; either way every write is checked, and a
/// failure is one line naming the path and the cause, with exit status 1.
struct ReportDestination {
    let file: OutputFile
    /// Whether `--output` named a path (it may still be standard output: `/dev/stdout`).
    private let named: Bool

    /// The path `--output` names, or nil when it names standard output: left out, or `-`.
    static func file(named output: String?) -> String? { output == "-" ? nil : output }

    /// Opens the destination before any work is done, so that a path that cannot be written
    /// fails at once rather than after scoring a portfolio.
    init(output: String?) throws {
        let path = Self.file(named: output)
        named = path != nil
        do {
            file = try path.map { path throws(OutputError) in try OutputFile(path: path) } ?? .standardOutput()
        } catch {
            throw Self.failure(error)
        }
    }

    /// Whether the report goes to standard output, by `--output` left out, `-` or a path such
    /// as `/dev/stdout`.
    var writesStandardOutput: Bool { file.kind == .inherited && file.descriptor == 1 }

    /// Whether a text report is coloured: only on a terminal (`Terminal.wantsColour`) that the
    /// report itself goes to.
    var colour: Bool { writesStandardOutput && Terminal.wantsColour }

    /// After `commit`: "wrote PATH: summary" when `--output` named a path, on standard output,
    /// or on standard error when that path is standard output, so the line does not end up in
    /// the report.
    func announce(_ summary: String) {
        guard named else { return }
        let line = "wrote \(file.path): \(summary)"
        if writesStandardOutput { printError(line) } else { print(line) }
    }

    /// The descriptor for writers that stream to one (the JSON report).
    var descriptor: Int32 { file.descriptor }

    /// Writes `report` and makes it the destination's content.
    func finish(with report: String) throws {
        do {
            try file.write(report)
            try file.commit()
        } catch {
            throw Self.failure(error)
        }
    }

    /// Makes what was streamed to `descriptor` the destination's content.
    func commit() throws {
        do { try file.commit() } catch { throw Self.failure(error) }
    }

    /// Abandons the report after a streaming writer failed: the destination keeps what it had.
    func abandon(_ error: ReportWriteError) -> ExitCode {
        file.discard()
        printError("silkrisk: cannot write \(displayName): \(error.message)")
        return ExitStatus.inputProblems
    }

    private var displayName: String {
        file.path == OutputFile.standardOutputName ? file.path : "'\(file.path)'"
    }

    private static func failure(_ error: OutputError) -> ExitCode {
        printError("silkrisk: \(error)")
        return ExitStatus.inputProblems
    }
}
