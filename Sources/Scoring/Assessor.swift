import Crypto
public import DossierXML
public import RuleLanguage
import SilkDiagnostics

/// Scores dossiers with a compiled rule set: a pure function of (dossier, rule set).
public struct Assessor: Sendable {
    public let ruleSet: CompiledRuleSet
    public let extractor: FactExtractor
    public static let engineVersion = RiskEngineVersion.string
    /// Worked out once per rule set, so that assessing a dossier looks nothing up by name.
    private let factNames: [String]
    private let ruleCategory: [Int?]
    private let ruleFloor: [Band?]
    /// Each rule's place in id order, and each fact's in name order.
    private let ruleRankById: [Int]
    private let factRankByName: [Int]

    public init(ruleSet: CompiledRuleSet) {
        self.ruleSet = ruleSet
        self.extractor = FactExtractor(
            facts: ruleSet.facts, identity: ruleSet.format?.identity ?? .dossier, namespace: ruleSet.format?.namespace)
        self.factNames = ruleSet.facts.map(\.name)
        self.ruleCategory = ruleSet.rules.map { rule in ruleSet.categories.firstIndex { $0.id == rule.category } }
        self.ruleFloor = ruleSet.rules.map { rule in rule.floor.flatMap { id in ruleSet.bands.first { $0.id == id } } }
        self.ruleRankById = Self.ranks(ruleSet.rules.map(\.id))
        self.factRankByName = Self.ranks(ruleSet.facts.map(\.name))
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
            let id = identity.id ?? file
            return .success(
                assess(facts, id: id, title: identity.title ?? id, status: identity.status, file: file, dossierHash: Self.sha256(read.bytes)))
        case .failure(let failure):
            return .failure(FailedDossier(file: file, diagnostics: failure.diagnostics))
        }
    }

    /// Assesses facts given directly (tests build these in Swift, no XML involved).
    public func assess(_ facts: DossierFacts, id: String, title: String, status: String? = nil, file: String, dossierHash: String = "")
        -> Assessment
    {
        let rules = ruleSet.rules
        var evaluator = Evaluator(ruleSet: ruleSet, facts: facts)
        var shown = [String?](repeating: nil, count: facts.values.count)
        // Rule indices, by outcome.
        var fired: [(index: Int, assumed: Bool, message: String)] = []
        var undecided: [(index: Int, message: String)] = []
        fired.reserveCapacity(16)
        undecided.reserveCapacity(16)
        var decided = 0
        for (index, rule) in rules.enumerated() {
            let (status, assumed) = evaluator.status(ofRule: index)
            if status != .undecided { decided += 1 }
            guard status != .notFired else { continue }
            if status == .undecided {
                // The message would only show "unknown": say instead what the rule is waiting for.
                var missing: [UInt8] = []
                missing.reserveCapacity(256)
                missing += "Not decided: the dossier does not give ".utf8
                let prefix = missing.count
                for slot in rule.conditionFacts where facts.values[slot] == nil {
                    if missing.count > prefix { missing += [UInt8(ascii: ","), UInt8(ascii: " ")] }
                    var name = factNames[slot]
                    name.withUTF8 { missing.append(contentsOf: $0) }
                }
                missing.append(UInt8(ascii: "."))
                show(rule.conditionFacts, facts: facts, in: &shown)
                undecided.append(
                    (index, missing.count == prefix + 1 ? "Not decided by the dossier's data." : String(decoding: missing, as: UTF8.self)))
                continue
            }
            show(rule.factsRead, facts: facts, in: &shown)
            fired.append((index, assumed, render(rule.message, with: &evaluator, shown: &shown, facts: facts)))
        }

        // Category subtotals, capped; and the same for the best and worst cases of the undecided.
        let categoryCount = ruleSet.categories.count
        var rawByCategory = [Double](repeating: 0, count: categoryCount)
        var adverseByCategory = [Double](repeating: 0, count: categoryCount)
        var mitigatingByCategory = [Double](repeating: 0, count: categoryCount)
        for finding in fired {
            if let category = ruleCategory[finding.index] { rawByCategory[category] += rules[finding.index].points }
        }
        for finding in undecided {
            guard let category = ruleCategory[finding.index] else { continue }
            let points = rules[finding.index].points
            if points > 0 { adverseByCategory[category] += points }
            if points < 0 { mitigatingByCategory[category] += points }
        }
        var categories: [CategoryScore] = []
        categories.reserveCapacity(categoryCount)
        var lowTotal = 0.0
        var highTotal = 0.0
        for (index, category) in ruleSet.categories.enumerated() {
            let raw = rawByCategory[index]
            let adverse = adverseByCategory[index]
            let mitigating = mitigatingByCategory[index]
            func capped(_ value: Double) -> Double { category.cap.map { min(value, $0) } ?? value }
            categories.append(
                CategoryScore(
                    id: category.id, title: category.title, raw: raw, cap: category.cap, counted: capped(raw), undecidedAdverse: adverse,
                    undecidedMitigating: mitigating))
            lowTotal += capped(raw + mitigating)
            highTotal += capped(raw + adverse)
        }
        let total = categories.reduce(0) { $0 + $1.counted }
        func clamp(_ value: Double) -> Double { min(100, max(0, value)) }
        let score = Self.rounded(clamp(total))
        let range = Self.rounded(clamp(lowTotal))...Self.rounded(clamp(highTotal))

        // Bands and floors.
        let bandByPoints = bandFor(score)
        var band = bandByPoints
        var floors: [String] = []
        for finding in fired {
            guard let floor = ruleFloor[finding.index] else { continue }
            if floor.from > band.from {
                band = floor
            }
            if floor.from > bandByPoints.from { floors.append(rules[finding.index].id) }
        }
        var highBand = bandFor(range.upperBound)
        for index in fired.map(\.index) + undecided.map(\.index) {
            if let floor = ruleFloor[index], floor.from > highBand.from {
                highBand = floor
            }
        }
        var lowBand = bandFor(range.lowerBound)
        if band.from > lowBand.from { lowBand = band }

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
            let (p, q) = (Swift.abs(rules[a.index].points), Swift.abs(rules[b.index].points))
            return p != q ? p > q : rank[a.index] < rank[b.index]
        }
        let sheet = EvidenceSheet(names: factNames, shown: shown, provenance: facts.evidence)
        let firedFindings = fired.map { finding in
            let rule = rules[finding.index]
            return Finding(
                compiled: rule, ruleIndex: finding.index, status: .fired, assumed: finding.assumed, message: finding.message, sheet: sheet,
                evidenceSlots: rule.factsRead)
        }
        let undecidedFindings = undecided.map { finding in
            let rule = rules[finding.index]
            return Finding(
                compiled: rule, ruleIndex: finding.index, status: .undecided, assumed: false, message: finding.message, sheet: sheet,
                evidenceSlots: rule.conditionFacts)
        }

        return Assessment(
            id: id, title: title, file: file, status: status, score: score, band: band, bandByPoints: bandByPoints, floorsApplied: floors,
            scoreRange: range, bandLow: lowBand, bandHigh: highBand,
            completeness: rules.isEmpty ? 1 : Self.rounded(Double(decided) / Double(rules.count), places: 4),
            findings: firedFindings, undecided: undecidedFindings, categories: categories, total: Self.rounded(total),
            clampAdjustment: Self.rounded(score - Self.rounded(total)),
            missingFacts: missingFacts(undecided: undecided.map(\.index), facts: facts), dataProblems: facts.problems,
            notes: evaluator.missingRates.sorted().map { "no exchange rate is declared for \($0): comparisons between them count as unknown" },
            stamp: ReproducibilityStamp(
                engineVersion: Self.engineVersion, ruleSetName: ruleSet.name, ruleSetVersion: ruleSet.version, ruleSetHash: ruleSet.contentHash,
                dossierHash: dossierHash))
    }

    func bandFor(_ score: Double) -> Band {
        ruleSet.bands.last { $0.from <= score } ?? ruleSet.bands.first ?? Band(id: "none", label: "None", from: 0)
    }

    /// The rule's message with its values filled in; assembled as bytes, which costs a fraction
    /// of appending strings part by part.
    /// A fact shown as it is is formatted once per dossier, for the message and the evidence alike.
    private func render(_ message: [CompiledMessagePart], with evaluator: inout Evaluator, shown: inout [String?], facts: DossierFacts) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        for part in message {
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
            case .value(let node, _): text = Format.value(evaluator.evaluate(node))
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

    /// Missing facts by the points that hang on them: the absolute points of every undecided
    /// rule whose condition reads the fact. Ties go by fact name; each fact's rules are listed
    /// by id. Names are compared through ranks worked out once per rule set.
    private func missingFacts(undecided: [Int], facts: DossierFacts) -> [MissingFact] {
        // Points are added in the order of `undecided` (most points first), each fact's rules
        // then listed by id: sums of fractional points depend on the order they are added in.
        // Each fact's entry, found through its slot; the (entry, rule) pairs in one array
        // rather than an array of rules per entry.
        var entryOfSlot = [Int](repeating: -1, count: facts.values.count)
        var slots: [Int] = []
        var points: [Double] = []
        var pairs: [(entry: Int, rule: Int)] = []
        slots.reserveCapacity(16)
        points.reserveCapacity(16)
        pairs.reserveCapacity(4 * undecided.count)
        for index in undecided {
            let rule = ruleSet.rules[index]
            for slot in rule.conditionFacts where facts.values[slot] == nil {
                var entry = entryOfSlot[slot]
                if entry < 0 {
                    entry = slots.count
                    entryOfSlot[slot] = entry
                    slots.append(slot)
                    points.append(0)
                }
                points[entry] += Swift.abs(rule.points)
                pairs.append((entry, index))
            }
        }
        let ruleRank = ruleRankById
        let factRank = factRankByName
        let order = slots.indices.sorted { a, b in points[a] != points[b] ? points[a] > points[b] : factRank[slots[a]] < factRank[slots[b]] }
        return order.map { entry in
            var rules: [Int] = []
            rules.reserveCapacity(undecided.count)
            for pair in pairs where pair.entry == entry { rules.append(pair.rule) }
            rules.sort { ruleRank[$0] < ruleRank[$1] }
            return MissingFact(fact: factNames[slots[entry]], pointsAtStake: points[entry], rules: rules.map { ruleSet.rules[$0].id })
        }
    }

    /// For each name, its place when the names are sorted.
    private static func ranks(_ names: [String]) -> [Int] {
        var ranks = [Int](repeating: 0, count: names.count)
        for (rank, index) in names.indices.sorted(by: { names[$0] < names[$1] }).enumerated() { ranks[index] = rank }
        return ranks
    }

    static func rounded(_ value: Double, places: Int = 2) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let result = (value * scale).rounded() / scale
        return result == 0 ? 0 : result
    }

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
