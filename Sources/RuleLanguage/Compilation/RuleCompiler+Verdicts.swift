import SilkDiagnostics

/// The scoring model's verdicts: the `undetermined` declaration and its condition over the
/// verdict metrics, the `decisive floor`, rules marked `decisive`, and the categories each
/// mitigation `offsets`.
extension RuleCompiler {
    /// The compiled `undetermined` declaration, when there is one and it is sound: its condition
    /// compares metrics with numbers of the right unit, and it holds for every dossier whose
    /// score range reaches two bands or more from its band.
    mutating func checkUndetermined() -> UndeterminedVerdict? {
        for band in bands where band.id.value == UndeterminedVerdict.id {
            report(
                .error, .invalidBand, "'\(UndeterminedVerdict.id)' is what an undetermined dossier is given in place of a band's id",
                at: band.id.span, suggestions: ["give the band another id"])
        }
        guard let syntax = undeterminedSyntax else {
            if let first = bands.first {
                report(
                    .warning, .missingUndetermined,
                    "no 'undetermined' verdict is declared: every dossier gets a band, however little of its evidence is known",
                    at: first.id.span,
                    suggestions: ["declare one next to the bands, such as: undetermined \"Undetermined\" when bandReach >= 2 or decidedShare < 30%"])
            }
            return nil
        }
        guard let condition = verdictCondition(syntax.condition) else { return nil }
        let text = Self.collapsed(syntax.conditionSpan.text)
        if let (reach, share, rules) = bandedThoughWide(condition) {
            report(
                .error, .undeterminedTooNarrow,
                "this condition would band a dossier whose score range reaches \(reach) bands from its band"
                    + " (bandReach \(reach), decidedShare \(Self.percent(share)), decidedRules \(Self.percent(rules)))",
                at: syntax.conditionSpan, suggestions: ["write: when bandReach >= 2 or (\(text))"])
            return nil
        }
        return UndeterminedVerdict(label: syntax.label.value, condition: condition, text: text)
    }

    /// The metrics for which `condition` is false although the score range reaches two bands or
    /// more from the dossier's band; nil when there are none. The condition is constant between
    /// the numbers it compares a share with, so every share that stands on, or between, two of
    /// those numbers (and 0% and 100%) is tried with every reach from 2 to the widest the bands
    /// allow: the answer is exact, not sampled.
    private func bandedThoughWide(_ condition: VerdictCondition) -> (Int, Double, Double)? {
        let bandCount = Set(bands.map(\.id.value)).count
        guard bandCount >= 3 else { return nil }
        func probes(_ metric: VerdictMetric) -> [Double] {
            let points = Set([0, 1] + condition.thresholds(of: metric).filter { $0 >= 0 && $0 <= 1 }).sorted()
            return points + zip(points, points.dropFirst()).map { ($0 + $1) / 2 }
        }
        for reach in 2...(bandCount - 1) {
            for share in probes(.decidedShare) {
                for rules in probes(.decidedRules)
                where !condition.holds(for: VerdictMetrics(bandReach: reach, decidedShare: share, decidedRules: rules)) {
                    return (reach, share, rules)
                }
            }
        }
        return nil
    }

    /// An `undetermined` condition: comparisons of a metric with a number, joined by `and`, `or`
    /// and `not`. Reports what does not fit and returns nil then.
    private mutating func verdictCondition(_ expression: Expression) -> VerdictCondition? {
        switch expression {
        case .error:
            return nil
        case .binary(.or, let a, let b, _):
            let (left, right) = (verdictCondition(a), verdictCondition(b))
            guard let left, let right else { return nil }
            return .or(left, right)
        case .binary(.and, let a, let b, _):
            let (left, right) = (verdictCondition(a), verdictCondition(b))
            guard let left, let right else { return nil }
            return .and(left, right)
        case .unary(.not, let a, _):
            return verdictCondition(a).map(VerdictCondition.not)
        case .binary(.comparison(let op), let left, let right, let span):
            return metricComparison(op, left, right, span: span)
        case .name(let parts, let span):
            guard let metric = metric(parts, span: span) else { return nil }
            report(
                .error, .typeMismatch, "'\(metric.rawValue)' alone is not true or false", at: span,
                suggestions: ["compare it, such as: \(metric.rawValue) \(metric.isShare ? "< 30%" : ">= 2")"])
            return nil
        default:
            report(
                .error, .typeMismatch,
                "an undetermined condition compares the metrics \(Self.metricNames) with numbers, joined by and, or and not",
                at: expression.span)
            return nil
        }
    }

    /// `metric OP number` or `number OP metric`, with the number in the metric's unit.
    private mutating func metricComparison(_ op: ComparisonOperator, _ left: Expression, _ right: Expression, span: SourceSpan)
        -> VerdictCondition?
    {
        let (metricSide, numberSide, op) =
            if case .name = left { (left, right, op) } else if case .name = right { (right, left, op.mirrored) } else { (left, right, op) }
        guard case .name(let parts, let nameSpan) = metricSide else {
            report(.error, .typeMismatch, "compare one of the metrics \(Self.metricNames) with a number", at: span)
            return nil
        }
        guard let metric = metric(parts, span: nameSpan) else { return nil }
        guard let (value, numberSpan) = Self.number(numberSide) else {
            report(
                .error, .typeMismatch, "'\(metric.rawValue)' is compared with a number, such as \(metric.isShare ? "30%" : "2")",
                at: numberSide.span)
            return nil
        }
        let isPercent = numberSpan.text.hasSuffix("%")
        if metric.isShare, !isPercent {
            report(
                .error, .typeMismatch, "'\(metric.rawValue)' is a share: write it as a percentage", at: numberSpan,
                suggestions: ["write \(Format.number(value <= 1 ? value * 100 : value))%"])
            return nil
        }
        if metric.isShare, value < 0 || value > 1 {
            report(.error, .typeMismatch, "a share runs from 0% to 100%", at: numberSpan)
            return nil
        }
        if !metric.isShare, isPercent {
            report(
                .error, .typeMismatch, "'bandReach' counts bands, not a percentage", at: numberSpan,
                suggestions: ["compare it with a whole number of bands, such as 2"])
            return nil
        }
        return .compare(metric, op, value)
    }

    /// The metric a name stands for; an unknown name is reported with the closest metric.
    private mutating func metric(_ parts: [Located<String>], span: SourceSpan) -> VerdictMetric? {
        let name = parts.map(\.value).joined(separator: ".")
        if parts.count == 1, let metric = VerdictMetric(rawValue: name) { return metric }
        let names = VerdictMetric.allCases.map(\.rawValue)
        report(
            .error, .unknownMetric, "unknown metric '\(name)'; an undetermined condition can use \(Self.metricNames)", at: span,
            suggestions: Suggest.closest(to: name, among: names).map { ["did you mean '\($0)'?"] } ?? [])
        return nil
    }

    /// A number literal, possibly negated, and where it is written.
    private static func number(_ expression: Expression) -> (Double, SourceSpan)? {
        switch expression {
        case .number(let value, let span): return (value, span)
        case .unary(.negate, .number(let value, _), let span): return (-value, span)
        default: return nil
        }
    }

    private static let metricNames = VerdictMetric.allCases.map(\.rawValue).joined(separator: ", ")

    private static func percent(_ share: Double) -> String { Format.number(share * 100, decimals: 2) + "%" }

    /// The text with every run of white space made one space.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    // MARK: - Decisive obstacles

    /// The band a fired decisive rule reaches at least, when declared and a band.
    mutating func checkDecisiveFloor() -> String? {
        guard let syntax = decisiveFloorSyntax else { return nil }
        guard bands.contains(where: { $0.id.value == syntax.band.value }) else {
            report(
                .error, .unknownBand, "unknown band '\(syntax.band.value)'", at: syntax.band.span,
                suggestions: Suggest.closest(to: syntax.band.value, among: bands.map(\.id.value)).map { ["did you mean '\($0)'?"] } ?? [])
            return nil
        }
        return syntax.band.value
    }

    /// A decisive rule adds points, and the rule set says which band a decisive obstacle reaches.
    mutating func checkDecisiveRules(floorDeclared: Bool) {
        for rule in ruleSyntax {
            guard let keyword = rule.decisive else { continue }
            if let points = rule.points, points.value <= 0 {
                report(
                    .error, .invalidDecisive,
                    "rule '\(rule.id.value)' is decisive but has \(Format.number(points.value)) points: a decisive obstacle adds points",
                    at: keyword, suggestions: ["give it positive points, or remove 'decisive'"])
            }
            if !floorDeclared {
                report(
                    .error, .missingDecisiveFloor, "rule '\(rule.id.value)' is decisive, but no file declares the band a decisive obstacle reaches",
                    at: keyword, suggestions: ["declare it next to the bands, such as: decisive floor moderate"])
            }
        }
    }

    // MARK: - Offsets

    /// Every mitigation names the categories it offsets, each an adverse category (one with a
    /// rule that adds points) named once; no adverse rule names any.
    mutating func checkOffsets() {
        let adverse = Set(ruleSyntax.compactMap { rule in (rule.points?.value ?? 0) > 0 ? rule.category?.value : nil })
        for rule in ruleSyntax {
            guard let points = rule.points?.value else { continue }
            if points >= 0 {
                if let clause = rule.offsetsClause {
                    report(
                        .error, .invalidOffsets,
                        "only a mitigation (a rule with negative points) offsets categories; rule '\(rule.id.value)' has \(Format.number(points))",
                        at: clause, suggestions: ["remove the 'offsets' line"])
                }
                continue
            }
            guard rule.offsetsClause != nil else {
                let example = rule.category.map(\.value).flatMap { adverse.contains($0) ? $0 : nil } ?? adverse.sorted().first ?? "a-category"
                report(
                    .error, .missingOffsets, "rule '\(rule.id.value)' subtracts points but does not say which categories it offsets",
                    at: rule.id.span, suggestions: ["add a line such as: offsets \(example)"])
                continue
            }
            var seen: Set<String> = []
            for category in rule.offsets {
                if !seen.insert(category.value).inserted {
                    report(.error, .invalidOffsets, "'\(category.value)' is named twice", at: category.span)
                } else if categories[category.value] == nil {
                    report(
                        .error, .unknownCategory, "unknown category '\(category.value)'", at: category.span,
                        suggestions: Suggest.closest(to: category.value, among: Array(categories.keys)).map { ["did you mean '\($0)'?"] } ?? [])
                } else if !adverse.contains(category.value) {
                    report(
                        .error, .invalidOffsets, "category '\(category.value)' has only mitigations: it holds no points to offset",
                        at: category.span,
                        suggestions: Suggest.closest(to: category.value, among: Array(adverse)).map { ["did you mean '\($0)'?"] } ?? [])
                }
            }
        }
    }
}

extension ComparisonOperator {
    /// The operator with its operands swapped: `2 <= x` is `x >= 2`.
    var mirrored: ComparisonOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        }
    }
}
