import RuleLanguage
import Scoring

/// What every human-readable format says the same way, in plain text (each format escapes it
/// for itself): counts with their nouns, the verdict, floors, what a mitigation offset, what is
/// at stake on a missing fact. The counts are public: the commands say them too.
public enum Wording {
    /// The heading of the group of undetermined dossiers in a ranking.
    static let undeterminedHeading = "Undetermined — not enough evidence to band"

    /// "1 dossier", "2 dossiers", "0 errors".
    public static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number) " + (number == 1 ? singular : plural ?? singular + "s")
    }

    /// "22 dossiers scored, 1 failed".
    public static func scored(_ scored: Int, failed: Int) -> String {
        "\(count(scored, "dossier")) scored, \(failed) failed"
    }

    /// Points with their sign: "+12", "−8" (a minus sign, not a hyphen), "0".
    package static func signed(_ points: Double) -> String {
        points > 0 ? "+" + Format.number(points) : points < 0 ? "−" + Format.number(-points) : "0"
    }

    package static func range(_ range: ClosedRange<Double>) -> String {
        "\(Format.number(range.lowerBound))–\(Format.number(range.upperBound))"
    }

    package static func percent(_ share: Double) -> String {
        Format.number(share * 100, decimals: 0) + "%"
    }

    /// "Low–Critical", or "High" when both ends are one band.
    static func bandRange(_ a: Assessment) -> String {
        a.bandRange.low == a.bandRange.high ? a.bandRange.low.label : "\(a.bandRange.low.label)–\(a.bandRange.high.label)"
    }

    /// Why an undetermined dossier has no band: "by points and floors Moderate, but the score
    /// range 17–100 reaches 2 bands away (Low–Critical); the rules it decides carry 36% of the
    /// pack's points".
    static func undeterminedReason(_ a: Assessment) -> String {
        "by points and floors \(a.scoredBand.label), but the score range \(range(a.scoreRange)) reaches "
            + "\(count(a.bandReach, "band")) away (\(bandRange(a))); the rules it decides carry \(percent(a.decidedShare)) of the pack's points"
    }

    /// "decisive obstacle cost-out-of-proportion-to-economy → at least Moderate".
    static func floor(_ floor: AppliedFloor) -> String {
        (floor.decisive ? "decisive obstacle " : "") + "\(floor.rule) → at least \(floor.band.label)"
    }

    /// "floor: decisive obstacle x → at least Moderate; floor: y → at least High".
    static func floors(_ a: Assessment) -> String {
        a.floors.map { "floor: " + floor($0) }.joined(separator: "; ")
    }

    /// What a fired mitigation took off: "−8 against investment-climate", "−6 against
    /// disproportion, −2 against hype", "−4 against hype; 4 points found nothing left to
    /// offset", or "offsets nothing here (disproportion, hype hold no points)". Nil for a
    /// finding that is not a fired mitigation.
    static func offsets(_ f: Finding) -> String? {
        guard f.points < 0, f.status == .fired else { return nil }
        if f.offsetEffects.isEmpty {
            return "offsets nothing here (\(f.offsets.joined(separator: ", ")) \(f.offsets.count == 1 ? "holds" : "hold") no points)"
        }
        let effects = f.offsetEffects.map { "\(signed($0.points)) against \($0.category)" }.joined(separator: ", ")
        let unused = f.unusedOffset
        return unused > 0 ? "\(effects); \(points(unused)) found nothing left to offset" : effects
    }

    /// "6 points at stake (score 55–61 once known; weak-dispute-resolution, …)".
    static func stake(_ m: MissingFact) -> String {
        let scores = m.scoreIfKnown.lowerBound == m.scoreIfKnown.upperBound ? Format.number(m.scoreIfKnown.lowerBound) : range(m.scoreIfKnown)
        return "\(points(m.pointsAtStake)) at stake (score \(scores) once known; \(m.rules.joined(separator: ", ")))"
    }

    /// "1 point", "6 points", "2.5 points".
    package static func points(_ value: Double) -> String {
        "\(Format.number(value)) " + (value == 1 ? "point" : "points")
    }
}
