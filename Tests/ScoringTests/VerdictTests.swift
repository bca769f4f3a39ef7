import DossierXML
import Testing

@testable import RuleLanguage
@testable import Scoring
@testable import SilkDiagnostics

/// The verdict: bands and their range, decisive floors, and the undetermined verdict for a
/// dossier whose evidence is too thin to band it.
@Suite("Verdicts: band range, decisive floors, undetermined")
struct VerdictTests {
    /// CR929 as the issue found it: 61 points (High) from fired rules in four categories, and
    /// undecided mitigations that could take 25 of them off, down to 36 (Moderate).
    static func cr929Like() throws -> CompiledRuleSet {
        var text = """
            ruleset "CR929-like"
            category ip { title "IP" cap 25 }
            category agreements { title "Agreements" cap 25 }
            category mistrust { title "Mistrust" cap 15 }
            category market { title "Market" }
            category mitigations { title "Mitigations" }
            decisive floor moderate
            \(fourBands)
            fact fired: boolean at "f"
            fact office: boolean at "o"
            fact arbitration: boolean at "a"
            fact record: boolean at "r"

            """
        text += ruleText("ip-core-unprotected", 12, "fired == true", category: "ip", "decisive")
        text += ruleText("ip-one-way", 8, "fired == true", category: "ip")
        text += ruleText("delayed", 8, "fired == true", category: "agreements")
        text += ruleText("milestones-missed", 6, "fired == true", category: "agreements")
        text += ruleText("announced-long-ago", 4, "fired == true", category: "agreements")
        text += ruleText("espionage", 8, "fired == true", category: "mistrust")
        text += ruleText("ip-theft", 6, "fired == true", category: "mistrust")
        text += ruleText("troubled-record", 6, "fired == true", category: "mistrust")
        text += ruleText("market-closed", 8, "fired == true", category: "market")
        text += ruleText("project-office", -8, "office == true", category: "mitigations", "offsets agreements")
        text += ruleText("ip-enforced", -8, "arbitration == true", category: "mitigations", "offsets ip")
        text += ruleText("good-record", -9, "record == true", category: "mitigations", "offsets mistrust")
        return try compiledRules(text)
    }

    @Test("the band range's low end is the band of the range's low end, not the current band (#17.2)")
    func bandRangeLowEnd() throws {
        let assessment = assessing(try Self.cr929Like(), ["fired": yes])
        #expect(assessment.score == 61)
        #expect(assessment.band.id == "high")
        #expect(assessment.scoreRange == 36...61)
        #expect(assessment.bandRange.low.id == "moderate", "36 is Moderate")
        #expect(assessment.bandRange.high.id == "high")
        #expect(assessment.bandReach == 1)
    }

    @Test("only floors of fired rules raise the low end; floors of undecided rules raise the high end")
    func floorsAndTheRange() throws {
        let set = try compiledRules(
            """
            ruleset "Floors"
            category a { title "A" }
            \(fourBands)
            fact x: boolean at "x"
            fact y: boolean at "y"

            """ + ruleText("small-but-grave", 5, "x == true", "floor high") + ruleText("pending-grave", 5, "y == true", "floor critical"))
        let fired = assessing(set, ["x": yes])
        #expect(fired.score == 5)
        #expect(fired.scoreRange == 5...10)
        #expect(fired.band.id == "high")
        #expect(fired.bandRange.low.id == "high", "a fired floor holds at the low end too")
        #expect(fired.bandRange.high.id == "critical", "an undecided floor raises the high end")
        let neither = assessing(set, ["x": no])
        #expect(neither.bandRange.low.id == "low")
        #expect(neither.bandRange.high.id == "critical")
    }

    @Test("a fired decisive rule puts the dossier in the decisive floor's band, and no mitigation takes it below")
    func decisiveFloor() throws {
        let set = try compiledRules(
            """
            ruleset "Decisive"
            category a { title "A" }
            category m { title "M" }
            decisive floor moderate
            \(fourBands)
            fact cost: boolean at "c"
            fact relief: boolean at "r"

            """ + ruleText("cost-out-of-proportion", 12, "cost == true", "decisive")
                + ruleText("paperwork", -20, "relief == true", category: "m", "offsets a"))
        let alone = assessing(set, ["cost": yes, "relief": no])
        #expect(alone.score == 12)
        #expect(alone.bandByPoints.id == "low")
        #expect(alone.band.id == "moderate")
        #expect(alone.floors == [AppliedFloor(rule: "cost-out-of-proportion", band: alone.band, decisive: true)])
        let mitigated = assessing(set, ["cost": yes, "relief": yes])
        #expect(mitigated.score == 0)
        #expect(mitigated.band.id == "moderate", "the decisive obstacle keeps its band whatever the mitigations")
        #expect(assessing(set, ["cost": no, "relief": yes]).band.id == "low")
    }

    @Test("a decisive rule with a higher floor of its own reaches that floor")
    func decisiveAndOwnFloor() throws {
        let set = try compiledRules(
            """
            ruleset "Decisive"
            category a { title "A" }
            decisive floor moderate
            \(fourBands)
            fact x: boolean at "x"

            """ + ruleText("grey-scheme", 15, "x == true", "floor high\n  decisive"))
        let assessment = assessing(set, ["x": yes])
        #expect(assessment.band.id == "high")
        #expect(assessment.floors.first?.decisive == true)
        #expect(assessment.floors.first?.band.id == "high")
    }

    static func thin() throws -> CompiledRuleSet {
        try compiledRules(
            """
            ruleset "Thin"
            category a { title "A" }
            category m { title "M" }
            \(fourBands)
            undetermined "Undetermined" when bandReach >= 2 or decidedShare < 30%
            fact x: boolean at "x"
            fact y: boolean at "y"
            fact z: boolean at "z"
            fact w: boolean at "w"

            """ + ruleText("known", 10, "x == true") + ruleText("big-unknown", 60, "y == true") + ruleText("small-unknown", 10, "z == true")
                + ruleText("relief", -20, "w == true", category: "m", "offsets a"))
    }

    @Test("a dossier whose range reaches two bands away is undetermined, and keeps its score, range and band by points")
    func undeterminedByReach() throws {
        let assessment = assessing(try Self.thin(), ["x": yes, "w": no, "z": no])
        #expect(assessment.score == 10)
        #expect(assessment.scoreRange == 10...70)
        #expect(assessment.bandByPoints.id == "low")
        #expect(assessment.scoredBand.id == "low")
        #expect(assessment.bandReach == 3, "10 is Low, 70 is Critical")
        #expect(assessment.undetermined)
        #expect(assessment.band.id == "undetermined")
        #expect(assessment.band.label == "Undetermined")
        #expect(assessment.missingFacts.map(\.fact) == ["y"], "the facts to collect first")
        #expect(assessment.missingFacts.first?.pointsAtStake == 60)
    }

    @Test("decidedShare is the share of the absolute points the dossier decides; below 30% is undetermined")
    func undeterminedByShare() throws {
        let set = try Self.thin()
        // Decided: known (10), small-unknown (10), relief (20): 40 of 100 points.
        let decided = assessing(set, ["x": no, "z": yes, "w": yes, "y": no])
        #expect(decided.decidedShare == 1)
        let partial = assessing(set, ["x": no, "z": no, "w": no])
        #expect(partial.decidedShare == 0.4)
        #expect(partial.completeness == 0.75)
        // 10 of 100 points decided; the range 0–60 reaches High from Low as well.
        let thin = assessing(set, ["x": yes])
        #expect(thin.decidedShare == 0.1)
        #expect(thin.undetermined)
    }

    @Test("a narrow range with most points decided is banded")
    func bandedWhenKnown() throws {
        let assessment = assessing(try Self.thin(), ["x": yes, "y": no, "w": no])
        #expect(!assessment.undetermined)
        #expect(assessment.band.id == "low")
        #expect(assessment.scoreRange == 10...20)
        #expect(assessment.bandReach == 1)
    }

    @Test("without an undetermined declaration every dossier is banded")
    func noDeclaration() throws {
        let set = try compiledRules(
            """
            ruleset "Bands only"
            category a { title "A" }
            \(fourBands)
            fact y: boolean at "y"

            """ + ruleText("big-unknown", 80, "y == true"))
        let assessment = assessing(set, [:])
        #expect(assessment.bandReach == 3)
        #expect(!assessment.undetermined)
        #expect(assessment.band.id == "low")
    }
}
