import Foundation
import PortfolioRunner
import RuleLanguage
import Scoring
import Testing

@testable import Workbench

@Suite("Diff: attribution, ordering, rule-set changes")
struct DiffTests {
    static let facts = ["a", "b", "c", "d", "e"]

    /// Two categories, one capped; a category of mitigations offsetting both; a rule large
    /// enough to reach the clamp; bands and a floor.
    static func base() throws -> CompiledRuleSet {
        try Fixture.compile(
            """
            ruleset "Base" version "1"
            \(facts.map { "fact \($0): boolean at \"extensions/\($0)\"" }.joined(separator: "\n"))
            category x { title "X" cap 10 }
            category y { title "Y" }
            category m { title "M" }
            band low "Low" from 0
            band moderate "Moderate" from 20
            band high "High" from 60
            \(Fixture.rule("r1", "x", 8, "a == true"))
            \(Fixture.rule("r2", "x", 7, "b == true"))
            \(Fixture.rule("r3", "y", 95, "c == true"))
            \(Fixture.rule("r4", "y", 12, "a == true and b == false", extra: "  floor high\n"))
            \(Fixture.rule("m1", "m", -5, "d == true", extra: "  offsets x, y\n"))
            \(Fixture.rule("m2", "m", -3, "e == true", extra: "  offsets y\n"))
            """)
    }

    /// The base with points, a cap, a condition, a floor and offsets changed, a rule added and
    /// one removed.
    static func edited() throws -> CompiledRuleSet {
        try Fixture.compile(
            """
            ruleset "Edited" version "2"
            \(facts.map { "fact \($0): boolean at \"extensions/\($0)\"" }.joined(separator: "\n"))
            category x { title "X" cap 6 }
            category y { title "Y" }
            category m { title "M" }
            band low "Low" from 0
            band moderate "Moderate" from 20
            band high "High" from 60
            \(Fixture.rule("r1", "x", 9, "a == true"))
            \(Fixture.rule("r3", "y", 95, "c == true or e == true"))
            \(Fixture.rule("r4", "y", 12, "a == true and b == false"))
            \(Fixture.rule("r5", "y", 30, "d == false"))
            \(Fixture.rule("m1", "m", -5, "d == true", extra: "  offsets y, x\n"))
            \(Fixture.rule("m2", "m", -3, "e == true", extra: "  offsets y\n"))
            """)
    }

    @Test("each side's contributions add up to its score, so the changes add up to the score's change, on every assignment")
    func attributionsAddUp() throws {
        let (base, edited) = (try Self.base(), try Self.edited())
        let (before, after) = (Assessor(ruleSet: base), Assessor(ruleSet: edited))
        var clamped = 0
        var moved = 0
        for values in Fixture.assignments(Self.facts) {
            let a = before.assess(Fixture.facts(base, values), id: "d", title: "d", file: "d.xml")
            let b = after.assess(Fixture.facts(edited, values), id: "d", title: "d", file: "d.xml")
            for (assessment, ruleSet) in [(a, base), (b, edited)] {
                let shares = DossierDiff.shares(assessment, ruleSet)
                let sum = shares.rules.values.reduce(0) { $0 + $1.1 } + shares.caps.values.reduce(0, +) + shares.clamp
                #expect(abs(sum - assessment.score) < 1e-9, "\(values): \(sum) vs \(assessment.score)")
                // The clamp counts only where the total leaves 0-100.
                let total = assessment.categories.reduce(0) { $0 + $1.net }
                #expect((shares.clamp != 0) == (total > 100 || total < 0), "\(values): clamp \(shares.clamp), total \(total)")
                if shares.clamp != 0 { clamped += 1 }
            }
            let diff = DossierDiff(before: a, base: base, after: b, new: edited)
            let change = diff.contributions.reduce(0) { $0 + $1.change }
            #expect(abs(change - diff.scoreChange) < 1e-9, "\(values): \(change) vs \(diff.scoreChange)")
            // Whole points: the sums are exact, not merely close.
            #expect(change == diff.scoreChange)
            if diff.moved { moved += 1 }
        }
        #expect(clamped > 0 && moved > 100)
    }

    @Test("a contribution lists rules whose outcome changed, caps that cut differently, and the clamp")
    func contributionsOfOneDossier() throws {
        let (base, edited) = (try Self.base(), try Self.edited())
        // a and b fire r1 and r2 (15, capped at 10); d's mitigation offsets x first.
        let values: [String: Value?] = ["a": .boolean(true), "b": .boolean(true), "c": .boolean(false), "d": .boolean(true), "e": .boolean(false)]
        let a = Assessor(ruleSet: base).assess(Fixture.facts(base, values), id: "d", title: "d", file: "d.xml")
        let b = Assessor(ruleSet: edited).assess(Fixture.facts(edited, values), id: "d", title: "d", file: "d.xml")
        // Before: x = min(15, 10) = 10, less m1's 5 = 5; score 5. After: x = min(9, 6) = 6;
        // m1 offsets y first, which holds nothing, then x: 6 - 5 = 1; score 1.
        #expect(a.score == 5 && b.score == 1)
        let diff = DossierDiff(before: a, base: base, after: b, new: edited)
        let byName = Dictionary(uniqueKeysWithValues: diff.contributions.map { (DiffReport.name($0.key), $0) })
        let r1 = try #require(byName["rule r1"])
        #expect(r1.before == 8 && r1.after == 9)
        let r2 = try #require(byName["rule r2"])
        #expect(r2.outcomeBefore == .fired && r2.outcomeAfter == .absent && r2.change == -7)
        let cap = try #require(byName["cap of x"])
        #expect(cap.before == -5 && cap.after == -3)
        #expect(byName["rule m1"] == nil, "m1 took 5 off both times")
        #expect(diff.contributions.reduce(0) { $0 + $1.change } == -4)
        // Largest change first.
        #expect(diff.contributions.first?.id == "r2")
    }

    @Test("rule-set changes: rules added, removed and changed by property, the cap, the condition")
    func ruleSetChanges() throws {
        let changes = RuleSetChanges(base: try Self.base(), new: try Self.edited())
        #expect(changes.rulesAdded == ["r5"])
        #expect(changes.rulesRemoved == ["r2"])
        let changed = Dictionary(uniqueKeysWithValues: changes.rulesChanged.map { ($0.id, $0.changes.map(\.property)) })
        #expect(changed["r1"] == ["points"])
        #expect(changed["r3"] == ["condition"])
        #expect(changed["r4"] == ["floor"])
        #expect(changed["m1"] == ["offsets"])
        #expect(changed["m2"] == nil)
        #expect(changes.categoriesChanged.map(\.id) == ["x"])
        #expect(changes.catalogueShared)
    }

    @Test("a condition that uses a changed definition has changed; one written alike has not")
    func conditionsThroughDefinitions() throws {
        func rules(_ definition: String, order: String = "fact a: number at \"extensions/a\"\nfact b: number at \"extensions/b\"") throws
            -> CompiledRuleSet
        {
            try Fixture.compile(
                """
                \(order)
                category x { title "X" }
                band low "Low" from 0
                define big = \(definition)
                \(Fixture.rule("r", "x", 1, "big and b < 3"))
                """)
        }
        let base = try rules("a > 5")
        #expect(RuleSetChanges(base: base, new: try rules("a > 6")).rulesChanged.map(\.id) == ["r"])
        // The same condition over facts declared in another order: not a change of the rule,
        // but the dossiers must be read once per rule set.
        let reordered = RuleSetChanges(
            base: base, new: try rules("a > 5", order: "fact b: number at \"extensions/b\"\nfact a: number at \"extensions/a\""))
        #expect(reordered.rulesChanged.isEmpty)
        #expect(!reordered.catalogueShared)
    }

    @Test("moved dossiers are listed most moved first: bands moved, then size of the change, then id; the report is the same bytes twice")
    func orderAndDeterminism() throws {
        let base = try Fixture.shippedRules()
        let folder = Fixture.root.appendingPathComponent("Inputs").path
        let edited = try Self.shippedEdited()
        let files = DossierPaths.expand([folder]).files
        let diff = try PortfolioDiff(files: files, base: base, new: edited, loader: .init())
        var listed: [DossierDiff] = []
        try diff.forEachMoved { listed.append($0) }
        #expect(listed.count == diff.summary.moved && listed.count > 3)
        for (a, b) in zip(listed, listed.dropFirst()) {
            let keyA = (a.bandSteps, abs(a.scoreChange))
            let keyB = (b.bandSteps, abs(b.scoreChange))
            #expect(keyA.0 > keyB.0 || (keyA.0 == keyB.0 && (keyA.1 > keyB.1 || (keyA.1 == keyB.1 && a.id <= b.id))), "\(a.id) before \(b.id)")
        }
        // The summary's contributors add up to the portfolio's score change.
        let accounted = diff.summary.ranked.reduce(0) { $0 + $1.change }
        #expect(abs(accounted - diff.summary.scoreChange) < 1e-9)
        for format in DiffFormat.allCases {
            let (sink, text) = ReportSink.collecting()
            try DiffReport.write(diff, format: format, to: sink)
            try sink.finish()
            let again = try PortfolioDiff(files: files, base: base, new: edited, loader: .init())
            let (sink2, text2) = ReportSink.collecting()
            try DiffReport.write(again, format: format, to: sink2)
            try sink2.finish()
            #expect(text() == text2(), "\(format) differs from run to run")
            #expect(text().contains("no-project-office"))
        }
    }

    @Test("the JSON report parses, and each dossier's contributions add up to its score change")
    func jsonAddsUp() throws {
        let files = DossierPaths.expand([Fixture.root.appendingPathComponent("Inputs").path]).files
        let diff = try PortfolioDiff(files: files, base: try Fixture.shippedRules(), new: try Self.shippedEdited(), loader: .init())
        let (sink, text) = ReportSink.collecting()
        try DiffReport.write(diff, format: .json, to: sink)
        try sink.finish()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text().utf8)) as? [String: Any])
        #expect(object["schema"] as? String == "silkrisk-diff/1")
        let dossiers = try #require(object["dossiers"] as? [[String: Any]])
        #expect(dossiers.count == diff.movedCount)
        for dossier in dossiers {
            let parts = (dossier["contributions"] as? [[String: Any]] ?? []).compactMap { $0["change"] as? Double }
            let change = try #require(dossier["scoreChange"] as? Double)
            #expect(abs(parts.reduce(0, +) - change) < 1e-6, "\(dossier["id"] ?? "?")")
        }
    }

    /// The shipped pack with no-project-office's points raised and a cap lowered.
    static func shippedEdited() throws -> CompiledRuleSet {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-diff-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixture.root.appendingPathComponent("Rules"), to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }
        let agreements = folder.appendingPathComponent("agreements-and-delivery.rules")
        var text = try String(contentsOf: agreements, encoding: .utf8)
        let start = try #require(text.range(of: "rule no-project-office"))
        let points = try #require(text.range(of: "points 4", range: start.upperBound..<text.endIndex))
        text.replaceSubrange(points, with: "points 9")
        try text.write(to: agreements, atomically: true, encoding: .utf8)
        let ip = folder.appendingPathComponent("ip-and-technology.rules")
        try String(contentsOf: ip, encoding: .utf8).replacingOccurrences(of: "  cap 25\n", with: "  cap 20\n").write(
            to: ip, atomically: true, encoding: .utf8)
        return try #require(RuleSetLoader.load(directory: folder.path).ruleSet)
    }
}
