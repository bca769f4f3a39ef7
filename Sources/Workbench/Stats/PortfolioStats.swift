import DossierXML
package import PortfolioRunner
package import RuleLanguage
package import Scoring

/// What a portfolio makes of every rule, category and band, counted as the portfolio streams
/// through the batch scorer: per rule how often it fired, did not fire and stayed undecided and
/// the points it actually gave; per category how often its cap bit and by how much; which
/// rules fire together; the verdicts. Memory holds counters per rule, per category and per pair
/// of rules, never per dossier.
package struct PortfolioStats: Sendable {
    package struct RuleTally: Sendable {
        package var fired = 0
        /// Of `fired`, those its `unknown fire` clause fired.
        package var assumed = 0
        package var undecided = 0
        /// An adverse rule's share of its categories' net points, summed over the dossiers: its
        /// points scaled by what the cap and the mitigations left of its category (net / raw).
        /// A mitigation's: the points it took off, as a positive number.
        package var points = 0.0
    }

    package struct CategoryTally: Sendable {
        /// Dossiers in which its fired rules added more than its cap, and the points the cap cut
        /// there, summed.
        package var capBit = 0
        package var capCut = 0.0
        /// Dossiers in which mitigations took points off it, and the points taken, summed.
        package var offsetHit = 0
        package var offsetTaken = 0.0
        /// Net points it gave, summed over the dossiers.
        package var net = 0.0
    }

    /// Two rules that fired together in `count` dossiers, the first by id first.
    package struct Pair: Sendable {
        package var first: Int
        package var second: Int
        package var count: Int
        /// count × dossiers / (fired(first) × fired(second)): above 1 when they fire together
        /// more often than their own rates would make them by chance.
        package var lift: Double
        /// count / (fired(first) + fired(second) − count): 1 when each fires exactly when the other does.
        package var jaccard: Double
    }

    package let ruleSet: CompiledRuleSet
    package private(set) var scored = 0
    package private(set) var failures: [FailedDossier] = []
    package private(set) var rules: [RuleTally]
    package private(set) var categories: [CategoryTally]
    /// Verdicts by band (the rule set's bands, lowest first), and the undetermined ones by the
    /// band their points and floors give.
    package private(set) var bands: [Int]
    package private(set) var undetermined = 0
    package private(set) var undeterminedByBand: [Int]
    /// Fired together, by pair: the upper triangle of a rules × rules table, row by row.
    private var together: [UInt32]

    /// What one dossier adds, worked out on the thread that assessed it.
    struct Record: Sendable {
        var fired: [Int32] = []
        var assumed: [Int32] = []
        var undecided: [Int32] = []
        /// Per fired rule, in `fired`'s order: its points counted (see `RuleTally.points`).
        var points: [Double] = []
        var raw: [Double]
        var counted: [Double]
        var offset: [Double]
        var net: [Double]
        var band: Int
        var scoredBand: Int
        var undetermined: Bool
        /// The dossier's id and, for a record, its place: a dossier with an earlier one's id is
        /// not counted (as `score` does not score it) but listed among the failures.
        var id: String
        var place: RecordPlace?
    }

    package init(ruleSet: CompiledRuleSet) {
        self.ruleSet = ruleSet
        rules = Array(repeating: RuleTally(), count: ruleSet.rules.count)
        categories = Array(repeating: CategoryTally(), count: ruleSet.categories.count)
        bands = Array(repeating: 0, count: ruleSet.bands.count)
        undeterminedByBand = bands
        let n = ruleSet.rules.count
        together = Array(repeating: 0, count: n * (n - 1) / 2 + 1)
    }

    /// Scores `files` with `scorer` (whose assessor must use `ruleSet`) and counts.
    package static func gather<Files: RandomAccessCollection<String>>(files: Files, otherFailures: [FailedDossier] = [], scorer: BatchScorer)
        -> PortfolioStats where Files.Index == Int
    {
        let ruleSet = scorer.assessor.ruleSet
        var stats = PortfolioStats(ruleSet: ruleSet)
        var ids = DossierIDs()
        // Per dossier counted: its id, file and (for a record) line, to place a later duplicate.
        var counted: [(id: String, position: Int, line: Int?)] = []
        scorer.run(files: files) {
            Self.record($0, ruleSet: ruleSet)
        } consume: { position, item in
            switch item {
            case .scored(let record):
                if let first = ids.claim(record.id, at: counted.count, idAt: { counted[$0].id }) {
                    let earlier = counted[first]
                    stats.failures.append(
                        scorer.duplicate(
                            record.id, file: files[position], record: record.place, first: files[earlier.position], firstLine: earlier.line))
                } else {
                    counted.append((record.id, position, record.place?.line))
                    stats.add(record)
                }
            case .failed(let failure): stats.failures.append(failure)
            }
        }
        stats.failures += otherFailures
        return stats
    }

    static func record(_ a: Assessment, ruleSet: CompiledRuleSet) -> Record {
        let bands = ruleSet.bands
        var record = Record(
            raw: a.categories.map(\.raw), counted: a.categories.map(\.counted), offset: a.categories.map(\.offset), net: a.categories.map(\.net),
            band: a.undetermined ? -1 : bands.firstIndex(of: a.band) ?? 0, scoredBand: bands.firstIndex(of: a.scoredBand) ?? 0,
            undetermined: a.undetermined, id: a.id, place: a.record)
        var categoryIndex: [String: Int] = [:]
        for (index, category) in a.categories.enumerated() { categoryIndex[category.id] = index }
        for finding in a.findings {
            record.fired.append(Int32(finding.ruleIndex))
            if finding.assumed { record.assumed.append(Int32(finding.ruleIndex)) }
            if finding.points > 0, let c = categoryIndex[finding.category], record.raw[c] > 0 {
                record.points.append(finding.points * record.net[c] / record.raw[c])
            } else {
                record.points.append(-finding.offsetEffects.reduce(0) { $0 + $1.points })
            }
        }
        record.undecided = a.undecided.map { Int32($0.ruleIndex) }
        return record
    }

    mutating func add(_ record: Record) {
        scored += 1
        for (position, rule) in record.fired.enumerated() {
            rules[Int(rule)].fired += 1
            rules[Int(rule)].points += record.points[position]
        }
        for rule in record.assumed { rules[Int(rule)].assumed += 1 }
        for rule in record.undecided { rules[Int(rule)].undecided += 1 }
        let sorted = record.fired.map(Int.init).sorted()
        for (position, a) in sorted.enumerated() {
            for b in sorted[(position + 1)...] { together[pairIndex(a, b)] += 1 }
        }
        for index in categories.indices {
            let cut = record.raw[index] - record.counted[index]
            if cut > 0 {
                categories[index].capBit += 1
                categories[index].capCut += cut
            }
            if record.offset[index] > 0 {
                categories[index].offsetHit += 1
                categories[index].offsetTaken += record.offset[index]
            }
            categories[index].net += record.net[index]
        }
        if record.undetermined {
            undetermined += 1
            undeterminedByBand[record.scoredBand] += 1
        } else {
            bands[record.band] += 1
        }
    }

    /// Where the pair (a, b), a < b, is counted.
    private func pairIndex(_ a: Int, _ b: Int) -> Int {
        let n = ruleSet.rules.count
        return a * (2 * n - a - 1) / 2 + (b - a - 1)
    }

    /// A rule's number of dossiers in which it did not fire (decided against, or by `unknown skip`).
    package func notFired(_ rule: Int) -> Int { scored - rules[rule].fired - rules[rule].undecided }

    /// Every adverse rule's counted points, summed: what the rules gave the portfolio.
    package var adversePoints: Double {
        ruleSet.rules.indices.reduce(0) { $0 + (ruleSet.rules[$1].points > 0 ? rules[$1].points : 0) }
    }

    /// Every mitigation's points taken off, summed.
    package var mitigatedPoints: Double {
        ruleSet.rules.indices.reduce(0) { $0 + (ruleSet.rules[$1].points < 0 ? rules[$1].points : 0) }
    }

    /// The `limit` pairs of rules that fired together in most dossiers: most first, then higher
    /// lift, then the rules' ids.
    package func topPairs(_ limit: Int = 20) -> [Pair] {
        let n = ruleSet.rules.count
        let ids = ruleSet.rules.map(\.id)
        var found: [Pair] = []
        for a in 0..<n where rules[a].fired > 0 {
            for b in (a + 1)..<max(a + 1, n) where rules[b].fired > 0 {
                let count = Int(together[pairIndex(a, b)])
                guard count > 0 else { continue }
                let (x, y) = (Double(rules[a].fired), Double(rules[b].fired))
                let (first, second) = ids[a] < ids[b] ? (a, b) : (b, a)
                found.append(
                    Pair(
                        first: first, second: second, count: count, lift: Double(count) * Double(scored) / (x * y),
                        jaccard: Double(count) / (x + y - Double(count))))
            }
        }
        found.sort { p, q in
            if p.count != q.count { return p.count > q.count }
            if p.lift != q.lift { return p.lift > q.lift }
            return (ids[p.first], ids[p.second]) < (ids[q.first], ids[q.second])
        }
        return Array(found.prefix(limit))
    }

    /// Rules that never fired, that fired on every dossier, and that no dossier decided.
    package var neverFired: [Int] { scored == 0 ? [] : rules.indices.filter { rules[$0].fired == 0 } }
    package var alwaysFired: [Int] { scored == 0 ? [] : rules.indices.filter { rules[$0].fired == scored } }
    package var neverDecided: [Int] { scored == 0 ? [] : rules.indices.filter { rules[$0].undecided == scored } }
}
