import ArgumentParser

/// The report formats one command writes, for `ReportOptions`' help and checks.
protocol WrittenReports {
    /// The command as its messages name it ("silkrisk diff").
    static var command: String { get }
    static var formats: [ReportFormat] { get }
}

extension WrittenReports {
    /// `--format`'s help: the formats the command writes, and the extensions that name them.
    static var formatHelp: String {
        let names = formats.map { $0 == .jsonl ? "jsonl (JSON Lines)" : $0.rawValue }
        let extensions = formats.map { "." + $0.fileExtension }.joined(separator: " ")
        return
            "Report format: \(names.dropLast().joined(separator: ", ")) or \(names.last ?? "") (default: the one --output's extension names, \(extensions); else text)."
    }
}

/// `--format` and `--output`, for the commands that write a report (`score`, `diff`, `stats`).
/// The format is `--format`, else the one `--output`'s extension names, else text; a format the
/// command does not write is a usage error. `--output -` is standard output, as leaving it out
/// is (and as `--paths-from -` reads standard input).
struct ReportOptions<Reports: WrittenReports>: ParsableArguments {
    /// `--format`'s value: any format, so that one the command does not write gets `validate`'s
    /// message naming those it does; help lists only those.
    struct Format: ExpressibleByArgument {
        let format: ReportFormat

        init?(argument: String) {
            guard let format = ReportFormat(argument: argument) else { return nil }
            self.format = format
        }

        static var allValueStrings: [String] { Reports.formats.map(\.rawValue) }
    }

    @Option(name: .customLong("format"), help: ArgumentHelp(Reports.formatHelp))
    var formatChoice: Format?

    /// `--format` as given.
    var formatOption: ReportFormat? { formatChoice?.format }

    @Option(name: .customLong("output"), help: "Write the report to this file instead of standard output (-: standard output).")
    var outputOption: String?

    /// The file the report goes to; nil for standard output.
    var output: String? { ReportDestination.file(named: outputOption) }

    func validate() throws {
        try ReportFormat.resolve(formatOption, output: output).check(writtenBy: Reports.command, in: Reports.formats)
    }

    /// The report's format (checked by `validate`).
    var format: ReportFormat { (try? ReportFormat.resolve(formatOption, output: output)) ?? .text }
}
