/// The measures of how well a dossier's evidence supports its band, which an `undetermined`
/// declaration tests. docs/rule-language.md §4.9 defines each exactly.
public enum VerdictMetric: String, Sendable, Hashable, CaseIterable {
    /// How many bands away from the dossier's band (by points and floors) its score range
    /// reaches, in either direction: a whole number from 0 to the number of bands − 1.
    case bandReach
    /// The share of the rule set's absolute points whose rules the dossier decides (0–1).
    case decidedShare
    /// The share of the rule set's rules the dossier decides (0–1): the completeness.
    case decidedRules

    /// Whether the metric is a share, written as a percentage (`30%`), rather than a count.
    public var isShare: Bool { self != .bandReach }
}

/// One dossier's values of the verdict metrics.
public struct VerdictMetrics: Sendable, Hashable {
    public var bandReach: Int
    public var decidedShare: Double
    public var decidedRules: Double

    public init(bandReach: Int, decidedShare: Double, decidedRules: Double) {
        self.bandReach = bandReach
        self.decidedShare = decidedShare
        self.decidedRules = decidedRules
    }

    public subscript(metric: VerdictMetric) -> Double {
        switch metric {
        case .bandReach: Double(bandReach)
        case .decidedShare: decidedShare
        case .decidedRules: decidedRules
        }
    }
}

/// A compiled `undetermined` condition: metrics compared with numbers, joined by `and`, `or`
/// and `not`. Every metric of every dossier is known, so the condition is always true or false.
public indirect enum VerdictCondition: Sendable, Hashable {
    case compare(VerdictMetric, ComparisonOperator, Double)
    case and(VerdictCondition, VerdictCondition)
    case or(VerdictCondition, VerdictCondition)
    case not(VerdictCondition)

    public func holds(for metrics: VerdictMetrics) -> Bool {
        switch self {
        case .compare(let metric, let op, let value):
            let x = metrics[metric]
            switch op {
            case .equal: return x == value
            case .notEqual: return x != value
            case .less: return x < value
            case .lessOrEqual: return x <= value
            case .greater: return x > value
            case .greaterOrEqual: return x >= value
            }
        case .and(let a, let b): return a.holds(for: metrics) && b.holds(for: metrics)
        case .or(let a, let b): return a.holds(for: metrics) || b.holds(for: metrics)
        case .not(let a): return !a.holds(for: metrics)
        }
    }

    /// Every number a metric is compared with, by metric.
    func thresholds(of metric: VerdictMetric) -> [Double] {
        switch self {
        case .compare(let m, _, let value): m == metric ? [value] : []
        case .and(let a, let b), .or(let a, let b): a.thresholds(of: metric) + b.thresholds(of: metric)
        case .not(let a): a.thresholds(of: metric)
        }
    }
}

/// The rule set's `undetermined` declaration: when a dossier cannot be banded.
public struct UndeterminedVerdict: Sendable, Hashable {
    /// The id reports give an undetermined dossier in place of a band's.
    public static let id = "undetermined"
    public let label: String
    public let condition: VerdictCondition
    /// The condition as the rule file writes it, for reports.
    public let text: String

    public init(label: String, condition: VerdictCondition, text: String) {
        self.label = label
        self.condition = condition
        self.text = text
    }

    /// What an undetermined dossier carries in place of a band. It starts at no score: `from`
    /// is −1, below every band.
    public var band: Band { Band(id: Self.id, label: label, from: -1) }
}
