public import DossierXML
public import RuleLanguage
public import Scoring
public import SilkDiagnostics

/// Runs test cases with the real assessor: a case of `given` facts is assessed as those facts
/// alone; a case that names a dossier reads, validates and extracts it exactly as `silkrisk score`
/// does, then lets its `given` facts override single values. Each expectation that does not hold
/// is an error placed at its line: what, expected what, got what.
public struct RuleTestRunner: Sendable {
    public let ruleSet: CompiledRuleSet
    let assessor: Assessor
    let loader: DossierLoader

    public init(ruleSet: CompiledRuleSet, loader: DossierLoader = DossierLoader()) {
        self.ruleSet = ruleSet
        self.assessor = Assessor(ruleSet: ruleSet)
        self.loader = loader
    }

    /// One case's outcome.
    public struct CaseResult: Sendable {
        public let name: String
        /// Failed expectations, and a dossier's problems when it could not be scored.
        public let diagnostics: [Diagnostic]
        /// Every rule's outcome, by index; nil when the case could not be scored.
        public let outcomes: [RuleStatus]?

        public var passed: Bool { !diagnostics.hasErrors }
    }

    public func run(_ testCase: CompiledTestCase) -> CaseResult {
        var facts: DossierFacts
        var file = testCase.nameSpan.file.path
        if let dossier = testCase.dossier {
            switch loader.read(path: dossier.path, query: assessor.extractor.query) {
            case .failure(let problems):
                let count = problems.diagnostics.errorCount
                let failure = Diagnostic(
                    .error, .testFailed,
                    "dossier — expected it to be read and scored, got \(count) \(count == 1 ? "problem" : "problems") (listed above)",
                    at: dossier.span, notes: [Self.inTest(testCase)])
                return CaseResult(name: testCase.name, diagnostics: problems.diagnostics + [failure], outcomes: nil)
            case .success(let read):
                facts = assessor.extractor.extract(read)
                file = dossier.path
            }
        } else {
            facts = DossierFacts(
                values: Array(repeating: nil, count: ruleSet.facts.count), evidence: Array(repeating: nil, count: ruleSet.facts.count), asOf: nil)
        }
        for given in testCase.givens {
            if let slot = given.slot {
                facts.values[slot] = given.value
                facts.evidence[slot] = given.value == nil ? nil : FactEvidence(line: given.span.file.location(of: given.span.start).line)
            }
            if given.setsAsOf { facts.asOf = given.asOf }
        }
        let assessment = assessor.assess(facts, id: testCase.name, title: testCase.name, file: file)
        var outcomes = [RuleStatus](repeating: .notFired, count: ruleSet.rules.count)
        var findings: [Int: Finding] = [:]
        for finding in assessment.findings + assessment.undecided {
            outcomes[finding.ruleIndex] = finding.status
            findings[finding.ruleIndex] = finding
        }
        let failures = testCase.expectations.compactMap { check($0, assessment, outcomes, findings, testCase) }
        return CaseResult(name: testCase.name, diagnostics: failures, outcomes: outcomes)
    }

    /// A failure, or nil when the expectation holds.
    private func check(
        _ expectation: CompiledTestCase.Expectation, _ assessment: Assessment, _ outcomes: [RuleStatus], _ findings: [Int: Finding],
        _ testCase: CompiledTestCase
    ) -> Diagnostic? {
        var notes = [Self.inTest(testCase)]
        let what: String
        let expected: String
        let got: String
        switch expectation {
        case .outcome(let outcome, let index, _):
            let actual = outcomes[index]
            guard Self.describe(actual) != outcome.rawValue else { return nil }
            what = "rule '\(ruleSet.rules[index].id)'"
            expected = outcome.rawValue
            got = Self.describe(actual)
            if let finding = findings[index] {
                notes.append(Diagnostic.Note(actual == .fired ? "its message: \(finding.message)" : finding.message))
            }
        case .band(let relation, let index, let orUndetermined, _):
            let holds: Bool
            if assessment.undetermined {
                holds = orUndetermined
            } else if let index {
                let order = ruleSet.bands.firstIndex { $0.id == assessment.band.id } ?? -1
                switch relation {
                case .exactly: holds = order == index
                case .atLeast: holds = order >= index
                case .atMost: holds = order >= 0 && order <= index
                }
            } else {
                holds = false
            }
            guard !holds else { return nil }
            what = "band"
            expected =
                index.map {
                    (relation == .exactly ? "" : relation.rawValue + " ") + ruleSet.bands[$0].id + (orUndetermined ? " or undetermined" : "")
                }
                ?? "undetermined"
            got = "\(assessment.band.id) (score \(Format.number(assessment.score)), range \(Self.range(assessment.scoreRange)))"
        case .score(let low, let high, _):
            guard assessment.score < low || assessment.score > high else { return nil }
            what = "score"
            expected = low == high ? Format.number(low) : "\(Format.number(low))..\(Format.number(high))"
            got = Format.number(assessment.score)
        case .range(let low, let high, _):
            guard assessment.scoreRange != low...high else { return nil }
            what = "score range"
            expected = "\(Format.number(low))..\(Format.number(high))"
            got = Self.range(assessment.scoreRange)
        }
        return Diagnostic(.error, .testFailed, "\(what) — expected \(expected), got \(got)", at: expectation.span, notes: notes)
    }

    static func inTest(_ testCase: CompiledTestCase) -> Diagnostic.Note {
        Diagnostic.Note("in test '\(testCase.name)'", at: testCase.nameSpan)
    }

    /// An outcome as an expectation writes it.
    static func describe(_ status: RuleStatus) -> String {
        switch status {
        case .fired: ExpectedOutcome.fired.rawValue
        case .notFired: ExpectedOutcome.notFired.rawValue
        case .undecided: ExpectedOutcome.undecided.rawValue
        }
    }

    static func range(_ range: ClosedRange<Double>) -> String {
        "\(Format.number(range.lowerBound))..\(Format.number(range.upperBound))"
    }
}
