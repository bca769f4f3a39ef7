import ArgumentParser
import PortfolioRunner
import SafeOutput

/// Where a command's report goes: the `--output` file, replaced whole when the report is complete
/// and left as it was otherwise, or standard output; either way every write is checked, and a
/// failure is one line naming the path and the cause, with exit status 1.
struct ReportDestination {
    let file: OutputFile

    /// Opens the destination before any work is done, so that a path that cannot be written
    /// fails at once rather than after scoring a portfolio.
    init(output: String?) throws {
        do {
            file = try output.map { path throws(OutputError) in try OutputFile(path: path) } ?? .standardOutput()
        } catch {
            throw Self.failure(error)
        }
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
