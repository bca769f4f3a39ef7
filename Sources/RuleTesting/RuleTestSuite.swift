public import DossierXML
import FoundationEssentials
public import RuleLanguage
public import SilkDiagnostics

/// `silkrisk test`: the test files beside a rule set (every `*.tests` under the rules folder,
/// which the rule loader never reads, so tests do not change the rule set's content hash), each
/// checked, every case run, every failure of every file reported, and the rules no case pins.
public enum RuleTestSuite {
    public enum Status: Sendable, Equatable {
        /// Every case ran and passed (coverage may have warned).
        case passed
        /// A case failed, or, under `strict`, a rule is not covered.
        case failed
        /// The test files cannot be used: one has errors, or there is no case to run.
        case unusable
    }

    public struct Outcome: Sendable {
        /// In the order to print them: the files' problems, then each failing case's, then coverage.
        public var diagnostics: [Diagnostic]
        public var files: [String]
        /// Cases run, of all the files' cases.
        public var run: Int
        public var total: Int
        public var failed: Int
        public var status: Status

        /// "41 tests, 2 failed", with the filter and the rules short of coverage when there are.
        public func summary(filter: String?) -> String {
            func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
            var text = filter == nil ? count(run, "test") : "\(count(run, "test")) of \(total) (filter '\(filter!)')"
            text += ", \(failed) failed"
            let untested = diagnostics.count { $0.id == .untestedRule }
            if untested > 0 { text += "; \(count(untested, "rule")) not covered by both a firing and a non-firing case" }
            return text
        }
    }

    /// Finds, checks and runs the test files under `rulesDirectory` against `ruleSet`.
    public static func run(ruleSet: CompiledRuleSet, rulesDirectory: String, filter: String?, strict: Bool, loader: DossierLoader) -> Outcome {
        let (files, problems) = testFiles(in: rulesDirectory)
        var outcome = run(ruleSet: ruleSet, testFiles: files, filter: filter, strict: strict, loader: loader)
        if !problems.isEmpty {
            outcome.diagnostics = problems + outcome.diagnostics
            outcome.status = .unusable
        }
        if files.isEmpty && problems.isEmpty {
            outcome.diagnostics = [
                Diagnostic(
                    .error, .testsNotFound, "no .tests files under '\(rulesDirectory)'", path: rulesDirectory, line: 1, column: 1)
            ]
        }
        return outcome
    }

    /// Checks and runs test files already in memory (their dossiers are read from disk).
    public static func run(ruleSet: CompiledRuleSet, testFiles: [SourceFile], filter: String?, strict: Bool, loader: DossierLoader) -> Outcome {
        var compiler = TestCompiler(ruleSet: ruleSet)
        let compiled = compiler.compile(testFiles.map(Parser.parseTests))
        var outcome = Outcome(
            diagnostics: compiled.diagnostics, files: testFiles.map(\.path), run: 0, total: compiled.cases.count, failed: 0, status: .passed)
        if compiled.diagnostics.hasErrors || testFiles.isEmpty {
            outcome.status = .unusable
            return outcome
        }
        let selected = compiled.cases.filter { testCase in filter.map { testCase.name.localizedLowercase.contains($0.localizedLowercase) } ?? true }
        if selected.isEmpty {
            let message = filter.map { "no test's name contains '\($0)'" } ?? "the test files hold no test case"
            outcome.diagnostics.append(Diagnostic(.error, .testsNotFound, message, at: SourceSpan(file: testFiles[0], start: 0, end: 0)))
            outcome.status = .unusable
            return outcome
        }
        let runner = RuleTestRunner(ruleSet: ruleSet, loader: loader)
        let results = selected.map(runner.run)
        outcome.run = results.count
        outcome.failed = results.count { !$0.passed }
        outcome.diagnostics += results.flatMap(\.diagnostics)
        // A filtered run is not the whole suite: what it leaves out says nothing of coverage.
        if filter == nil {
            outcome.diagnostics += TestCoverage.diagnostics(ruleSet: ruleSet, cases: selected, results: results, severity: strict ? .error : .warning)
        }
        if outcome.failed > 0 || (strict && outcome.diagnostics.contains { $0.id == .untestedRule }) { outcome.status = .failed }
        return outcome
    }

    /// Every `*.tests` file under the folder, by path, and the problems reading them. A
    /// sub-folder with a catalogue of its own is another rule pack (`Rules/iati`), as the rule
    /// loader has it: its tests are that pack's, run with `--rules` set to it.
    static func testFiles(in directory: String) -> (files: [SourceFile], problems: [Diagnostic]) {
        let manager = FileManager.default
        var relatives: [String] = []
        var packs: [String] = []
        if let enumerator = manager.enumerator(atPath: directory) {
            for case let relative as String in enumerator {
                if relative.hasSuffix("/catalogue.rules") { packs.append(String(relative.dropLast("catalogue.rules".count))) }
                if relative.hasSuffix(".tests") { relatives.append(relative) }
            }
        }
        let paths = relatives.filter { relative in !packs.contains { relative.hasPrefix($0) } }.map {
            directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0
        }
        var files: [SourceFile] = []
        var problems: [Diagnostic] = []
        for path in paths.sorted() {
            guard let data = manager.contents(atPath: path) else {
                problems.append(Diagnostic(.error, .unreadableFile, "cannot read the test file", path: path, line: 1, column: 1))
                continue
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                problems.append(Diagnostic(.error, .invalidEncoding, "the test file is not valid UTF-8", path: path, line: 1, column: 1))
                continue
            }
            files.append(SourceFile(path: path, text: text))
        }
        return (files, problems)
    }
}
