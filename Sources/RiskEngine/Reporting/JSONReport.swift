import FoundationEssentials

/// The JSON report, schema `silkrisk-report/1` (documented in docs/report-json.md). Keys are
/// sorted and numbers rounded, so the bytes are the same from run to run.
public enum JSONReport {
    public static let schema = "silkrisk-report/1"

    struct RuleSetInfo: Encodable {
        var name: String
        var version: String
        var sha256: String
        var rules: Int
    }

    struct Range: Encodable {
        var low: Double
        var high: Double
    }

    struct Evidence: Encodable {
        var fact: String
        var value: String
        var line: Int?
        var basis: String?
    }

    struct FindingJSON: Encodable {
        var rule: String
        var title: String
        var category: String
        var points: Double
        var status: String
        var assumed: Bool
        var message: String
        var evidence: [Evidence]
        var citations: [[String: String]]
        var advice: String
        var floor: String?
    }

    struct Category: Encodable {
        var id: String
        var title: String
        var raw: Double
        var cap: Double?
        var counted: Double
    }

    struct Missing: Encodable {
        var fact: String
        var pointsAtStake: Double
        var rules: [String]
    }

    struct Dossier: Encodable {
        var id: String
        var file: String
        var title: String
        var status: String?
        var score: Double
        var band: String
        var bandLabel: String
        var bandByPoints: String
        var floorsApplied: [String]
        var scoreRange: Range
        var bandRange: [String]
        var completeness: Double
        var total: Double
        var clampAdjustment: Double
        var categories: [Category]
        var findings: [FindingJSON]
        var undecided: [FindingJSON]
        var missingFacts: [Missing]
        var dataProblems: [[String: String]]
        var notes: [String]
        var dossierSha256: String
    }

    struct Failure: Encodable {
        var file: String
        var errors: [ErrorJSON]
    }

    struct ErrorJSON: Encodable {
        var id: String
        var message: String
        var position: String
    }

    static func finding(_ f: Finding) -> FindingJSON {
        FindingJSON(
            rule: f.rule, title: f.title, category: f.category, points: f.points, status: f.status.rawValue, assumed: f.assumed,
            message: f.message, evidence: f.evidence.map { Evidence(fact: $0.fact, value: $0.value, line: $0.line, basis: $0.basis) },
            citations: f.citations.map { ["source": $0.source, "quote": $0.quote] }, advice: f.advice, floor: f.floor)
    }

    static func dossier(_ a: Assessment) -> Dossier {
        Dossier(
            id: a.id, file: a.file, title: a.title, status: a.status, score: a.score, band: a.band.id, bandLabel: a.band.label,
            bandByPoints: a.bandByPoints.id, floorsApplied: a.floorsApplied,
            scoreRange: Range(low: a.scoreRange.lowerBound, high: a.scoreRange.upperBound), bandRange: [a.bandRange.low.id, a.bandRange.high.id],
            completeness: a.completeness, total: a.total, clampAdjustment: a.clampAdjustment,
            categories: a.categories.map { Category(id: $0.id, title: $0.title, raw: $0.raw, cap: $0.cap, counted: $0.counted) },
            findings: a.findings.map(finding), undecided: a.undecided.map(finding),
            missingFacts: a.missingFacts.map { Missing(fact: $0.fact, pointsAtStake: $0.pointsAtStake, rules: $0.rules) },
            dataProblems: a.dataProblems.map { ["line": String($0.line), "message": $0.message] },
            notes: a.notes,
            dossierSha256: a.stamp.dossierHash)
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }

    /// One dossier's JSON, indented to sit inside the document's `dossiers` array.
    public static func fragment(_ assessment: Assessment) -> String {
        guard let data = try? encoder().encode(dossier(assessment)) else { return "    {}" }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map { "    " + $0 }.joined(separator: "\n")
    }

    struct Trailer: Encodable {
        var schema: String
        var engineVersion: String
        var ruleSet: RuleSetInfo
        var failures: [Failure]
    }

    /// The document's opening, up to the first dossier.
    public static let opening = "{\n  \"dossiers\" : [\n"

    /// The document's end: closes `dossiers`, then the remaining keys in sorted order.
    public static func closing(ruleSet: CompiledRuleSet, failures: [FailedDossier]) -> String {
        let trailer = Trailer(
            schema: schema, engineVersion: Assessor.engineVersion,
            ruleSet: RuleSetInfo(name: ruleSet.name, version: ruleSet.version, sha256: ruleSet.contentHash, rules: ruleSet.rules.count),
            failures: failures.map { failure in
                Failure(file: failure.file, errors: failure.diagnostics.map { ErrorJSON(id: $0.id, message: $0.message, position: $0.position) })
            })
        guard let data = try? encoder().encode(trailer) else { return "\n  ]\n}\n" }
        let body = String(decoding: data, as: UTF8.self).dropFirst(2)  // "{\n"
        return "\n  ],\n" + body + "\n"
    }

    /// The whole report. The streaming writer produces the same bytes piece by piece.
    public static func render(_ portfolio: Portfolio) -> String {
        opening + portfolio.assessments.map(fragment).joined(separator: ",\n")
            + closing(ruleSet: portfolio.ruleSet, failures: portfolio.failures)
    }
}
