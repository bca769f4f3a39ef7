import Crypto
public import DossierXML
public import RuleLanguage
import SilkDiagnostics

/// How many of a dossier's missing facts an assessment carries (see `Assessor.stakes`).
public enum Stakes: Sendable, Hashable {
    /// None: the assessment's `missingFacts` is empty.
    case none
    /// The first `n` of the whole list, exactly as they head it.
    case first(Int)
    /// Every missing fact an undecided rule reads or whose filling in could change the score.
    case all

    var limit: Int? {
        if case .first(let n) = self { return max(0, n) }
        return nil
    }
}

/// Scores dossiers with a compiled rule set: a pure function of (dossier, rule set).
public struct Assessor: Sendable {
    public let ruleSet: CompiledRuleSet
    public let extractor: FactExtractor
    public static let engineVersion = RiskEngineVersion.string
    /// The values tried for a missing fact when working out what is at stake on it.
    public let candidates: FactCandidates
    /// What assessments carry and how the points at stake are worked out: everything a caller
    /// sets, kept in one value so that `replica(for:)` carries it whole, whatever is added here.
    public struct Settings: Sendable, Hashable {
        /// How many of their missing facts assessments carry, with the points at stake on each
        /// (the largest cost of assessing a thin dossier): none where no report shows them (the
        /// text portfolio table, a run that writes no report), the first few where a report
        /// names only those (the compact JSON's `collectFirst`).
        public var stakes: Stakes = .all
        /// Whether fired findings carry their messages with the values filled in
        /// (`Finding.message`): not where no report shows them (the compact JSON and JSON Lines
        /// entries name findings by rule id), which also leaves out the notes that working out
        /// those values would add (`Assessment.notes`, which those entries do not show either).
        public var rendersMessages = true
        /// Whether assessments carry the SHA-256 of the dossier's bytes (`ReproducibilityStamp`'s
        /// `dossierHash`): not where no report shows it (the compact JSON and JSON Lines
        /// entries), which then leaves it empty.
        public var hashesDossiers = true
        /// Whether stakes use what each rule can reach when a fact is filled in
        /// (`Evaluator.outcomes(ofRule:_:)`) to bound them and to leave out rules no value
        /// changes; off only in the tests that check it changes nothing.
        var usesReach = true
        /// Whether stakes look up the outcomes `soleFactOutcomes` holds instead of evaluating
        /// those rules for each value; off only in the tests that check it changes nothing.
        var usesSoleFactOutcomes = true
        /// Whether stakes are taken from `stakeMemo` where a fact's context was met before; off
        /// only in the tests that check it changes nothing.
        var usesStakeMemo = true

        public init() {}
    }

    public var settings = Settings()

    public var stakes: Stakes {
        get { settings.stakes }
        set { settings.stakes = newValue }
    }
    public var rendersMessages: Bool {
        get { settings.rendersMessages }
        set { settings.rendersMessages = newValue }
    }
    public var hashesDossiers: Bool {
        get { settings.hashesDossiers }
        set { settings.hashesDossiers = newValue }
    }
    var usesReach: Bool {
        get { settings.usesReach }
        set { settings.usesReach = newValue }
    }
    var usesSoleFactOutcomes: Bool {
        get { settings.usesSoleFactOutcomes }
        set { settings.usesSoleFactOutcomes = newValue }
    }
    var usesStakeMemo: Bool {
        get { settings.usesStakeMemo }
        set { settings.usesStakeMemo = newValue }
    }
    /// Worked out once per rule set, so that assessing a dossier looks nothing up by name.
    let factNames: [String]
    let plan: ScoringPlan
    /// Each rule's place in id order, and each fact's in name order.
    let ruleRankById: [Int]
    let factRankByName: [Int]
    /// Per fact slot: the rules whose condition reads it, directly or through definitions and
    /// other rules, in rule order; and the definitions that read it.
    let readers: [[Int]]
    let definitionReaders: [[Int]]
    /// Per rule: whether filling in a missing fact can change the rule's outcome when it is
    /// decided already (its condition asks `has`, `missing` or `fallback`, it has an `unknown`
    /// clause, or it depends on a rule that is so). Other rules follow three-valued logic, in
    /// which a decided outcome stays as it is whatever an unknown fact turns out to be.
    let revisable: [Bool]
    /// The outcomes of the rules that read one fact only, for each value tried for it, as
    /// dossiers ask for them.
    let soleFactOutcomes: SoleFactOutcomes
    /// The outcomes of a missing fact's rules for each value tried, by the fact's context.
    let stakeMemo: StakeMemo

    /// `schema`: the dossier schema of the loader that reads the dossiers (see
    /// `DossierLoader.validator`).
    public init(ruleSet: CompiledRuleSet, schema: XMLSchemaValidator = DossierLoader.schema) {
        self.ruleSet = ruleSet
        self.extractor = FactExtractor(ruleSet: ruleSet, schema: schema)
        self.candidates = FactCandidates(ruleSet: ruleSet)
        self.factNames = ruleSet.facts.map(\.name)
        self.plan = ScoringPlan(ruleSet: ruleSet)
        self.ruleRankById = Self.ranks(ruleSet.rules.map(\.id))
        self.factRankByName = Self.ranks(ruleSet.facts.map(\.name))
        var readers = [[Int]](repeating: [], count: ruleSet.facts.count)
        for (index, rule) in ruleSet.rules.enumerated() {
            for slot in rule.conditionFacts { readers[slot].append(index) }
        }
        self.readers = readers
        self.definitionReaders = Self.definitionReaders(ruleSet)
        self.revisable = Self.revisable(ruleSet)
        self.soleFactOutcomes = SoleFactOutcomes(ruleSet: ruleSet, definitionReaders: definitionReaders, readers: readers)
        self.stakeMemo = StakeMemo(ruleSet: ruleSet, readers: readers, candidates: candidates)
    }

    /// Reads, checks and assesses the dossier at `file`; a dossier that cannot be read is a
    /// failure with every problem found in it.
    public func assess(file: String, loader: DossierLoader) -> Result<Assessment, FailedDossier> {
        assess(loader.read(path: file, query: extractor.query), file: file)
    }

    /// Checks and assesses a dossier already in memory exactly as `assess(file:loader:)` does a
    /// file's bytes; `file` is the name the assessment and any problem are reported under.
    public func assess(bytes: [UInt8], file: String, loader: DossierLoader) -> Result<Assessment, FailedDossier> {
        assess(loader.read(bytes: bytes, path: file, query: extractor.query), file: file)
    }

    private func assess(_ read: Result<DossierLoader.Read, SafeXMLParser.Problems>, file: String) -> Result<Assessment, FailedDossier> {
        switch read {
        case .success(let read):
            let identity = extractor.identity(of: read.result)
            let facts = extractor.extract(read)
            // A value that contradicts itself: refused, as a dossier the schema refuses is.
            if facts.problems.hasErrors { return .failure(FailedDossier(file: file, diagnostics: facts.problems)) }
            let id = identity.id ?? file
            var assessment = assess(
                facts, id: id, title: identity.title ?? id, status: identity.status, file: file, dossierHash: dossierHash(read.bytes))
            assessment.formatVersion = identity.format
            return .success(assessment)
        case .failure(let failure):
            return .failure(FailedDossier(file: file, diagnostics: failure.diagnostics))
        }
    }

    /// The same assessor built on a replica of its rule set (`CompiledRuleSet.replica()`), for
    /// dossiers read by `loader` (a `DossierLoader.replica()`): it shares no object with this
    /// one, so a worker thread that scores with it touches no reference count another does.
    /// Its assessments are the same as this one's.
    public func replica(for loader: DossierLoader) -> Assessor {
        var copy = Assessor(ruleSet: ruleSet.replica(), schema: loader.validator)
        copy.settings = settings
        return copy
    }

    /// Assesses facts given directly (tests build these in Swift, no XML involved).
    public func assess(_ facts: DossierFacts, id: String, title: String, status: String? = nil, file: String, dossierHash: String = "")
        -> Assessment
    {
        let rules = ruleSet.rules
        var evaluator = Evaluator(ruleSet: ruleSet, facts: facts, tracksMissingReads: stakes != .none)
        // The values fired findings show, formatted once for their messages and evidence; none
        // where no message is rendered: the compact entries format the values they show (those
        // the dossier places) as they write them, `EvidenceSheet.value` the same text.
        var shown = rendersMessages ? [String?](repeating: nil, count: facts.values.count) : []
        var statuses = [RuleStatus](repeating: .notFired, count: rules.count)
        // Rule indices, by outcome.
        var fired: [(index: Int, assumed: Bool, message: String?)] = []
        var undecided: [Int] = []
        fired.reserveCapacity(16)
        undecided.reserveCapacity(16)
        var decided = 0
        var decidedPoints = 0.0
        for (index, rule) in rules.enumerated() {
            let (status, assumed) = evaluator.status(ofRule: index)
            statuses[index] = status
            if status != .undecided {
                decided += 1
                decidedPoints += Swift.abs(rule.points)
            }
            guard status != .notFired else { continue }
            if status == .undecided {
                // Its message and evidence are worked out when a report asks for them.
                undecided.append(index)
                continue
            }
            guard rendersMessages else {
                fired.append((index, assumed, nil))
                continue
            }
            show(rule.factsRead, facts: facts, in: &shown)
            fired.append((index, assumed, render(rule.message, ofRule: index, with: &evaluator, shown: &shown, facts: facts)))
        }

        let score = Scores(plan: plan, statuses: statuses)
        let verdict = verdict(score: score, statuses: statuses, decided: decided, decidedPoints: decidedPoints)

        // Adverse findings first, most points first, then mitigating ones, most points first;
        // undecided ones by points at stake. Ties go by rule id.
        let rank = ruleRankById
        fired.sort { a, b in
            let (p, q) = (rules[a.index].points, rules[b.index].points)
            if (p > 0) != (q > 0) { return p > 0 }
            if p != q { return p > 0 ? p > q : p < q }
            return rank[a.index] < rank[b.index]
        }
        undecided.sort { a, b in
            let (p, q) = (Swift.abs(rules[a].points), Swift.abs(rules[b].points))
            return p != q ? p > q : rank[a] < rank[b]
        }
        let sheet = EvidenceSheet(names: factNames, shown: shown, provenance: facts.evidence, values: facts.values)
        let categoryIds = ruleSet.categories.map(\.id)
        let firedFindings = fired.map { finding in
            let rule = rules[finding.index]
            let effects = rule.points < 0 ? score.effects.filter { $0.rule == finding.index } : []
            return Finding(
                compiled: rule, ruleIndex: finding.index, status: .fired, assumed: finding.assumed, renderedMessage: finding.message, sheet: sheet,
                evidenceSlots: rule.factsRead, offsetEffects: effects.map { OffsetEffect(category: categoryIds[$0.category], points: -$0.points) })
        }
        let undecidedFindings = undecided.map { index in
            let rule = rules[index]
            return Finding(
                compiled: rule, ruleIndex: index, status: .undecided, assumed: false, renderedMessage: nil, sheet: sheet,
                evidenceSlots: rule.conditionFacts, offsetEffects: [])
        }

        return Assessment(
            id: id, title: title, file: file, formatVersion: nil, status: status, score: score.score, band: verdict.band,
            scoredBand: verdict.scoredBand,
            bandByPoints: verdict.bandByPoints, floors: verdict.floors, scoreRange: score.range, bandLow: verdict.low, bandHigh: verdict.high,
            undetermined: verdict.undetermined, bandReach: verdict.metrics.bandReach, decidedShare: verdict.metrics.decidedShare,
            completeness: verdict.metrics.decidedRules, findings: firedFindings, undecided: undecidedFindings,
            categories: categories(score, undecided: undecided), total: Self.rounded(score.total),
            clampAdjustment: Self.rounded(score.score - Self.rounded(score.total)),
            missingFacts: stakes == .none
                ? [] : missingFacts(facts: facts, statuses: statuses, score: score.score, reads: evaluator, limit: stakes.limit),
            dataProblems: facts.problems,
            notes: evaluator.missingRates.sorted().map { "no exchange rate is declared for \($0): comparisons between them count as unknown" },
            stamp: ReproducibilityStamp(
                engineVersion: Self.engineVersion, ruleSetName: ruleSet.name, ruleSetVersion: ruleSet.version, ruleSetHash: ruleSet.contentHash,
                dossierHash: dossierHash))
    }

    /// Each category's subtotals as reports show them.
    private func categories(_ score: Scores, undecided: [Int]) -> [CategoryScore] {
        let rules = ruleSet.rules
        var adverse = [Double](repeating: 0, count: plan.categoryCount)
        var mitigating = [Double](repeating: 0, count: plan.categoryCount)
        for index in undecided {
            let points = rules[index].points
            if points > 0 { adverse[plan.category[index]] += points }
            if points < 0 { mitigating[plan.category[index]] += points }
        }
        return ruleSet.categories.enumerated().map { index, category in
            CategoryScore(
                id: category.id, title: category.title, raw: score.raw[index], cap: category.cap, counted: score.counted[index],
                offset: score.counted[index] - score.net[index], net: score.net[index], undecidedAdverse: adverse[index],
                undecidedMitigating: mitigating[index])
        }
    }

    /// The rule's message with its values filled in; assembled as bytes, which costs a fraction
    /// of appending strings part by part.
    /// A fact shown as it is is formatted once per dossier, for the message and the evidence alike.
    private func render(
        _ message: [CompiledMessagePart], ofRule rule: Int, with evaluator: inout Evaluator, shown: inout [String?], facts: DossierFacts
    ) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        for (position, part) in message.enumerated() {
            var text: String
            switch part {
            case .literal(let literal): text = literal
            case .value(.fact(let slot), _):
                if let known = shown[slot] {
                    text = known
                } else {
                    text = Format.value(facts.values[slot])
                    shown[slot] = text
                }
            case .value: text = Format.value(evaluator.evaluate(message: rule, part: position))
            }
            text.withUTF8 { bytes.append(contentsOf: $0) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Formats the facts a finding shows, each once per dossier however many findings show it.
    private func show(_ slots: [Int], facts: DossierFacts, in shown: inout [String?]) {
        for slot in slots where shown[slot] == nil {
            shown[slot] = Format.value(facts.values[slot])
        }
    }

    /// For each name, its place when the names are sorted.
    private static func ranks(_ names: [String]) -> [Int] {
        var ranks = [Int](repeating: 0, count: names.count)
        for (rank, index) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() { ranks[index] = rank }
        return ranks
    }

    static func rounded(_ value: Double, places: Int = 2) -> Double {
        ScoringPlan.rounded(value, places: places)
    }

    /// The dossier's hash as assessments carry it: empty without `hashesDossiers`.
    func dossierHash(_ bytes: [UInt8]) -> String { hashesDossiers ? Self.sha256(bytes) : "" }

    public static func sha256(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { buffer in
            let digits = Array("0123456789abcdef".utf8)
            var index = 0
            for byte in digest {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }
}
