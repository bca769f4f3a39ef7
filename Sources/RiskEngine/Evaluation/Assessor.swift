import Crypto
public import DossierXML

/// Scores dossiers with a compiled rule set: a pure function of (dossier, rule set).
public struct Assessor: Sendable {
    public let ruleSet: CompiledRuleSet
    public let extractor: FactExtractor
    private let ruleIndex: [String: Int]
    public static let engineVersion = RiskEngineVersion.string

    public init(ruleSet: CompiledRuleSet) {
        self.ruleSet = ruleSet
        self.extractor = FactExtractor(facts: ruleSet.facts)
        self.ruleIndex = Dictionary(ruleSet.rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads, checks and assesses the dossier at `file`; a dossier that cannot be read is a
    /// failure with every problem found in it.
    public func assess(file: String, loader: DossierLoader) -> Result<Assessment, FailedDossier> {
        switch loader.read(path: file, query: extractor.query) {
        case .success(let read):
            let facts = extractor.extract(from: read.result)
            let identity = extractor.identity(of: read.result)
            let id = identity.id ?? file
            return .success(
                assess(facts, id: id, title: identity.title ?? id, status: identity.status, file: file, dossierHash: Self.sha256(read.bytes)))
        case .failure(let failure):
            return .failure(FailedDossier(file: file, diagnostics: failure.problems.map { Diagnostic(problem: $0, file: file) }))
        }
    }

    /// Assesses facts given directly (tests build these in Swift, no XML involved).
    public func assess(_ facts: DossierFacts, id: String, title: String, status: String? = nil, file: String, dossierHash: String = "")
        -> Assessment
    {
        var evaluator = Evaluator(ruleSet: ruleSet, facts: facts)
        var shown = [String?](repeating: nil, count: facts.values.count)
        var fired: [Finding] = []
        var undecided: [Finding] = []
        var decided = 0
        for (index, rule) in ruleSet.rules.enumerated() {
            let (status, assumed) = evaluator.status(ofRule: index)
            if status != .undecided { decided += 1 }
            guard status != .notFired else { continue }
            if status == .undecided {
                // The message would only show "unknown": say instead what the rule is waiting for.
                let missing = rule.conditionFacts.filter { facts.values[$0] == nil }.map { ruleSet.facts[$0].name }
                undecided.append(
                    Finding(
                        rule: rule.id, title: rule.title, category: rule.category, points: rule.points, status: status, assumed: false,
                        message: missing.isEmpty ? "Not decided by the dossier's data." : "Not decided: the dossier does not give " + missing.joined(separator: ", ") + ".",
                        evidence: evidence(for: rule.conditionFacts, facts: facts, shown: &shown), citations: rule.citations, advice: rule.advice,
                        floor: rule.floor))
                continue
            }
            fired.append(
                Finding(
                    rule: rule.id, title: rule.title, category: rule.category, points: rule.points, status: status, assumed: assumed,
                    message: render(rule.message, with: &evaluator), evidence: evidence(for: rule.factsRead, facts: facts, shown: &shown),
                    citations: rule.citations, advice: rule.advice, floor: rule.floor))
        }

        // Category subtotals, capped; and the same for the best and worst cases of the undecided.
        var categories: [CategoryScore] = []
        var lowTotal = 0.0
        var highTotal = 0.0
        var rawByCategory: [String: Double] = [:]
        var adverseByCategory: [String: Double] = [:]
        var mitigatingByCategory: [String: Double] = [:]
        for finding in fired { rawByCategory[finding.category, default: 0] += finding.points }
        for finding in undecided where finding.points > 0 { adverseByCategory[finding.category, default: 0] += finding.points }
        for finding in undecided where finding.points < 0 { mitigatingByCategory[finding.category, default: 0] += finding.points }
        for category in ruleSet.categories {
            let raw = rawByCategory[category.id] ?? 0
            let adverse = adverseByCategory[category.id] ?? 0
            let mitigating = mitigatingByCategory[category.id] ?? 0
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
            guard let floorId = finding.floor, let floor = ruleSet.bands.first(where: { $0.id == floorId }) else { continue }
            if floor.from > band.from {
                band = floor
            }
            if floor.from > bandByPoints.from { floors.append(finding.rule) }
        }
        var highBand = bandFor(range.upperBound)
        for finding in fired + undecided {
            if let floorId = finding.floor, let floor = ruleSet.bands.first(where: { $0.id == floorId }), floor.from > highBand.from {
                highBand = floor
            }
        }
        var lowBand = bandFor(range.lowerBound)
        if band.from > lowBand.from { lowBand = band }

        fired.sort { a, b in
            if (a.points > 0) != (b.points > 0) { return a.points > 0 }
            if a.points != b.points { return a.points > 0 ? a.points > b.points : a.points < b.points }
            return a.rule < b.rule
        }
        undecided.sort { Swift.abs($0.points) != Swift.abs($1.points) ? Swift.abs($0.points) > Swift.abs($1.points) : $0.rule < $1.rule }

        return Assessment(
            id: id, title: title, file: file, status: status, score: score, band: band, bandByPoints: bandByPoints, floorsApplied: floors,
            scoreRange: range, bandLow: lowBand, bandHigh: highBand,
            completeness: ruleSet.rules.isEmpty ? 1 : Self.rounded(Double(decided) / Double(ruleSet.rules.count), places: 4),
            findings: fired, undecided: undecided, categories: categories, total: Self.rounded(total),
            clampAdjustment: Self.rounded(score - Self.rounded(total)),
            missingFacts: missingFacts(undecided: undecided, facts: facts), dataProblems: facts.problems,
            notes: evaluator.missingRates.sorted().map { "no exchange rate is declared for \($0): comparisons between them count as unknown" },
            stamp: ReproducibilityStamp(
                engineVersion: Self.engineVersion, ruleSetName: ruleSet.name, ruleSetVersion: ruleSet.version, ruleSetHash: ruleSet.contentHash,
                dossierHash: dossierHash))
    }

    func bandFor(_ score: Double) -> Band {
        ruleSet.bands.last { $0.from <= score } ?? ruleSet.bands.first ?? Band(id: "none", label: "None", from: 0)
    }

    private func render(_ message: [CompiledMessagePart], with evaluator: inout Evaluator) -> String {
        var text = ""
        for part in message {
            switch part {
            case .literal(let literal): text += literal
            case .value(let node, _): text += Format.value(evaluator.evaluate(node))
            }
        }
        return text
    }

    /// The facts a rule read, each formatted once per dossier however many rules read it.
    private func evidence(for slots: [Int], facts: DossierFacts, shown: inout [String?]) -> [EvidenceItem] {
        slots.map { slot in
            let proof = facts.evidence[slot]
            let value = shown[slot] ?? Format.value(facts.values[slot])
            shown[slot] = value
            return EvidenceItem(fact: ruleSet.facts[slot].name, value: value, line: proof?.line, basis: proof?.basis, sources: proof?.sources ?? [])
        }
    }

    private func missingFacts(undecided: [Finding], facts: DossierFacts) -> [MissingFact] {
        var stakes: [String: (Double, [String])] = [:]
        for finding in undecided {
            guard let index = ruleIndex[finding.rule] else { continue }
            let rule = ruleSet.rules[index]
            for slot in rule.conditionFacts where facts.values[slot] == nil {
                let name = ruleSet.facts[slot].name
                var entry = stakes[name] ?? (0, [])
                entry.0 += Swift.abs(finding.points)
                entry.1.append(finding.rule)
                stakes[name] = entry
            }
        }
        return stakes.map { MissingFact(fact: $0.key, pointsAtStake: $0.value.0, rules: $0.value.1.sorted()) }
            .sorted { $0.pointsAtStake != $1.pointsAtStake ? $0.pointsAtStake > $1.pointsAtStake : $0.fact < $1.fact }
    }

    static func rounded(_ value: Double, places: Int = 2) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let result = (value * scale).rounded() / scale
        return result == 0 ? 0 : result
    }

    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
