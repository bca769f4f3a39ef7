import DossierXML
public import RuleLanguage
public import SilkDiagnostics

/// One fact a finding read, with its value and where the dossier gives it.
public struct EvidenceItem: Sendable, Hashable {
    public var fact: String
    /// The value as a reader sees it; "unknown" when the dossier does not give it.
    public var value: String
    /// 1-based line in the dossier; nil when the fact is absent.
    public var line: Int?
    /// "assumption" or "estimate" when the dossier marks the value so.
    public var basis: String?
    /// Ids of the dossier's own sources the value cites (its `source` attribute).
    public var sources: [String] = []
    /// For a list: every item, in the dossier's order, with its own place and provenance and
    /// the values of the fields the finding's rule reads (see `ListItem`). Empty for any
    /// other fact, and for a list that is unknown or empty.
    public var items: [ListItem] = []

    /// What a reader should know about the value besides its place: "assumption",
    /// "source essay", in that order.
    public var qualifiers: [String] {
        (basis.map { [$0] } ?? []) + (sources.isEmpty ? [] : ["source " + sources.joined(separator: " ")])
    }
}

/// One dossier's facts as a report shows them, each formatted once however many findings cite
/// it. Findings refer to it by slot, so an assessment holds the evidence once, not per finding.
public final class EvidenceSheet: Sendable {
    /// Fact names, by slot (the rule set's, shared).
    package let names: [String]
    /// The value as a reader sees it, for every slot some finding shows; nil elsewhere. Empty
    /// when the assessment rendered no message (`Assessor.rendersMessages`): every value is
    /// then formatted when asked for.
    @usableFromInline package let shown: [String?]
    package let provenance: [FactEvidence?]
    /// The dossier's facts, for the items of the lists findings read (formatted only when a
    /// report shows them).
    @usableFromInline package let values: [Value?]

    init(names: [String], shown: [String?], provenance: [FactEvidence?], values: [Value?]) {
        self.names = names
        self.shown = shown
        self.provenance = provenance
        self.values = values
    }

    /// The value of a slot as shown: formatted once while the dossier was assessed where a fired
    /// rule's message or evidence shows it, formatted when asked for elsewhere (the evidence of
    /// undecided rules, which the compact report does not show).
    @inlinable package func value(_ slot: Int) -> String { (shown.isEmpty ? nil : shown[slot]) ?? Format.value(values[slot]) }

    /// The evidence of a slot; `list` says which fields of a list's items to show.
    package func item(_ slot: Int, list: ListRead? = nil) -> EvidenceItem {
        let proof = provenance[slot]
        return EvidenceItem(
            fact: names[slot], value: value(slot), line: proof?.line, basis: proof?.basis, sources: proof?.sources ?? [],
            items: list.map { listItems(slot, $0) } ?? [])
    }
}

/// One rule's outcome on one dossier. What belongs to the rule (title, quotes, advice) is the
/// compiled rule's own, shared by every dossier; what varies is the status, the message and the
/// evidence, which points into the assessment's evidence sheet.
public struct Finding: Sendable {
    package let compiled: CompiledRule
    /// The rule's place in the rule set.
    package let ruleIndex: Int
    public let status: RuleStatus
    /// The rule's `unknown fire|skip` clause decided it, not the facts.
    public let assumed: Bool
    /// A fired rule's message with its values filled in; nil for an undecided rule, whose
    /// message is worked out when asked for (`message`), and for every rule when the assessor
    /// did not render messages (`Assessor.rendersMessages`).
    let renderedMessage: String?
    package let sheet: EvidenceSheet
    /// Slots of the facts shown as evidence, in catalogue order.
    package let evidenceSlots: [Int]
    /// For a fired mitigation: what it took off each category it offsets, in the order it
    /// offsets them; categories it took nothing off are left out. Empty for every other finding,
    /// and for a mitigation whose categories held nothing ("offsets nothing here").
    public let offsetEffects: [OffsetEffect]

    /// The rule's message with its values filled in; for an undecided rule, what it waits for
    /// (its own message would only show "unknown").
    /// Empty for a fired rule whose message was not rendered (`Assessor.rendersMessages`).
    public var message: String { renderedMessage ?? (status == .undecided ? Self.waitingMessage(compiled, sheet: sheet) : "") }

    static func waitingMessage(_ rule: CompiledRule, sheet: EvidenceSheet) -> String {
        var missing: [UInt8] = []
        missing.reserveCapacity(256)
        missing += "Not decided: the dossier does not give ".utf8
        let prefix = missing.count
        for slot in rule.conditionFacts where sheet.values[slot] == nil {
            if missing.count > prefix { missing += [UInt8(ascii: ","), UInt8(ascii: " ")] }
            var name = sheet.names[slot]
            name.withUTF8 { missing.append(contentsOf: $0) }
        }
        missing.append(UInt8(ascii: "."))
        return missing.count == prefix + 1 ? "Not decided by the dossier's data." : String(decoding: missing, as: UTF8.self)
    }

    public var rule: String { compiled.id }
    public var title: String { compiled.title }
    public var category: String { compiled.category }
    public var points: Double { compiled.points }
    public var citations: [Citation] { compiled.citations }
    public var advice: String { compiled.advice }
    public var floor: String? { compiled.floor }
    /// The rule is a decisive obstacle.
    public var decisive: Bool { compiled.decisive }
    /// The categories the rule offsets, as declared (mitigations only).
    public var offsets: [String] { compiled.offsets }
    /// Points of a fired mitigation that found nothing left to offset (0 or more).
    public var unusedOffset: Double {
        guard points < 0, status == .fired else { return 0 }
        return max(0, -points + offsetEffects.reduce(0) { $0 + $1.points })
    }
    public var evidence: [EvidenceItem] { evidenceSlots.map { sheet.item($0, list: compiled.listRead($0)) } }
}

/// What a fired mitigation took off one category it offsets.
public struct OffsetEffect: Sendable, Hashable {
    public var category: String
    /// Negative: the points taken off.
    public var points: Double
}

public struct CategoryScore: Sendable, Hashable {
    public var id: String
    public var title: String
    /// Sum of the points of the category's fired adverse rules (mitigations offset other
    /// categories and are not counted here).
    public var raw: Double
    public var cap: Double?
    /// `raw`, limited by the cap.
    public var counted: Double
    /// What fired mitigations took off `counted` (0 or more), never more than it holds.
    public var offset: Double
    /// What counts toward the total: `counted − offset`.
    public var net: Double
    /// Points the undecided rules of the category could still add (positive) or take away.
    public var undecidedAdverse: Double
    public var undecidedMitigating: Double
}

/// A missing fact and how much hangs on it.
public struct MissingFact: Sendable, Hashable {
    public var fact: String
    /// The largest change of the score that filling the fact in could make, everything else as
    /// it is (see `FactCandidates` for the values tried).
    public var pointsAtStake: Double
    /// The lowest and highest score the values tried give.
    public var scoreIfKnown: ClosedRange<Double>
    /// The undecided rules that read the fact, and the rules whose outcome some value tried
    /// changes, by id.
    public var rules: [String]
}

/// A fired rule whose floor raised the band above the one the points give.
public struct AppliedFloor: Sendable, Hashable {
    public var rule: String
    /// The band the rule lifts the dossier to at least.
    public var band: Band
    /// The rule is a decisive obstacle (its floor is the decisive floor, or its own `floor` if
    /// higher).
    public var decisive: Bool
}

public struct ReproducibilityStamp: Sendable, Hashable {
    public var engineVersion: String
    public var ruleSetName: String
    public var ruleSetVersion: String
    public var ruleSetHash: String
    public var dossierHash: String
}

/// The full assessment of one dossier.
public struct Assessment: Sendable {
    public var id: String
    public var title: String
    public var file: String
    /// The dossier format version the dossier says it follows (`format="1.1"`); nil for facts
    /// given directly.
    public var formatVersion: String?
    public var status: String?
    /// 0–100.
    public var score: Double
    /// The verdict: the band the points and floors give, or the undetermined verdict's when the
    /// evidence is too thin to band the dossier (see `undetermined`).
    public var band: Band
    /// The band the points and floors give, undetermined or not.
    public var scoredBand: Band
    /// The band the points alone give, before floors.
    public var bandByPoints: Band
    /// Fired rules whose floor raised the band above `bandByPoints`.
    public var floors: [AppliedFloor]
    /// The ids of `floors`.
    public var floorsApplied: [String] { floors.map(\.rule) }
    public var scoreRange: ClosedRange<Double>
    /// The bands of the score range's ends: the low end raised only by the floors of fired
    /// rules, the high end by those of fired and undecided rules.
    public var bandRange: (low: Band, high: Band) { (bandLow, bandHigh) }
    var bandLow: Band
    var bandHigh: Band
    /// The rule set's `undetermined` condition holds: `band` is the undetermined verdict's.
    public var undetermined: Bool
    /// How many bands from `scoredBand` the band range reaches, in either direction.
    public var bandReach: Int
    /// The share of the rule set's absolute points whose rules the dossier decides (0–1).
    public var decidedShare: Double
    /// Decided rules / all rules (the `decidedRules` metric).
    public var completeness: Double
    /// Fired rules: adverse first by points (highest first), then mitigating.
    public var findings: [Finding]

    /// The adverse findings a ranking table shows for the dossier: the three with most points.
    public var topReasons: ArraySlice<Finding> { findings.prefix { $0.points > 0 }.prefix(3) }
    /// Rules the dossier's data cannot decide.
    public var undecided: [Finding]
    public var categories: [CategoryScore]
    /// Sum of the net category subtotals before the 0–100 clamp.
    public var total: Double
    /// What the clamp to 0–100 took away or added (score − total).
    public var clampAdjustment: Double
    public var missingFacts: [MissingFact]
    /// Values the dossier gives that could not be read as their declared type (warnings).
    public var dataProblems: [Diagnostic]
    /// Things the evaluation could not do, such as convert between two currencies.
    public var notes: [String]
    public var stamp: ReproducibilityStamp
    /// For a record of a declared format's file (`file`): its place there, where a problem with
    /// the record as a whole (an id an earlier record has) is placed. Nil for a dossier.
    public var record: RecordPlace? = nil
}

/// Where a record stands in its file: its number among the file's records (from 1, as in
/// `file#n`) and the line of its start tag.
public struct RecordPlace: Sendable, Hashable {
    public var index: Int
    public var line: Int

    public init(index: Int, line: Int) {
        self.index = index
        self.line = line
    }
}
