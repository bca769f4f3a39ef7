import SilkDiagnostics

/// Formats numbers, money and values the same way everywhere, independent of locale, so that
/// reports are byte-for-byte reproducible.
public enum Format {
    /// 2⁶³: magnitudes from here on do not fit a 64-bit integer, and are written in the shortest
    /// form that reads back as the same number (`1e+20`), which JSON accepts too. Rule points can
    /// be that large (a slip of the keyboard); a dossier's numbers cannot (the schema's decimals
    /// have at most 24 digits), but what rules compute from them can.
    package static let largestWhole = Double(Int64.max)

    /// Up to `decimals` places, trailing zeros removed: 12, 0.35, 13.5.
    public static func number(_ value: Double, decimals: Int = 2) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "-∞" }
        // Checked before scaling too: 1e307 × 10⁴ would overflow to infinity.
        if Swift.abs(value) >= Self.largestWhole { return "\(value)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), Swift.abs(rounded) < 1e15 {
            return String(Int64(rounded))
        }
        let negative = rounded < 0
        let magnitude = Swift.abs(rounded)
        // Rounding can carry a value just below 2⁶³ up to it.
        if magnitude >= Self.largestWhole { return "\(rounded)" }
        let whole = Int64(magnitude)
        var fraction = Int64(((magnitude - Double(whole)) * scale).rounded())
        var digits = ""
        for _ in 0..<decimals {
            digits = String(fraction % 10) + digits
            fraction /= 10
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        return (negative ? "-" : "") + String(whole) + (digits.isEmpty ? "" : "." + digits)
    }

    /// 13 billion USD, 450 million CNY, 12,500 USD.
    public static func money(_ amount: Double, _ currency: String) -> String {
        let magnitude = Swift.abs(amount)
        for (scale, word) in [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")] where magnitude >= scale {
            return "\(number(amount / scale)) \(word) \(currency)"
        }
        return "\(grouped(amount)) \(currency)"
    }

    static func grouped(_ value: Double) -> String {
        let text = number(value)
        let parts = text.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        let negative = whole.hasPrefix("-")
        if negative { whole.removeFirst() }
        var groups: [String] = []
        while whole.count > 3 {
            groups.insert(String(whole.suffix(3)), at: 0)
            whole.removeLast(3)
        }
        groups.insert(whole, at: 0)
        return (negative ? "-" : "") + groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// A point, a range "2–3", or, open above, "at least 2".
    public static func interval(_ value: Interval, _ render: (Double) -> String) -> String {
        if value.isPoint { return render(value.low) }
        return value.isOpenAbove ? "at least \(render(value.low))" : "\(render(value.low))–\(render(value.high))"
    }

    /// How a value that does not apply reads, with its reason.
    public static func notApplicable(_ reason: String) -> String {
        reason.isEmpty ? "not applicable" : "not applicable (\(reason))"
    }

    /// A value as a reader should see it; "unknown" for nil.
    public static func value(_ value: Value?) -> String {
        guard let value else { return "unknown" }
        switch value {
        case .number(let range): return interval(range) { number($0) }
        case .money(let interval, let currency):
            if interval.isPoint { return money(interval.low, currency) }
            if interval.isOpenAbove { return "at least \(money(interval.low, currency))" }
            return "\(money(interval.low, currency).replacingSuffix(" " + currency))–\(money(interval.high, currency))"
        case .text(let text): return text
        case .boolean(let flag): return flag ? "yes" : "no"
        case .date(let day): return day.description
        case .list(let items):
            if items.isEmpty { return "none" }
            return listed(items)
        case .openList(let items):
            return "at least: " + listed(items)
        case .record(let fields):
            return fields.map { Format.value($0) }.joined(separator: ", ")
        case .notApplicable(let reason):
            return notApplicable(reason)
        }
    }

    /// A list's first six items, each record by its first field.
    @inline(__always) private static func listed(_ items: [Value?]) -> String {
        let shown = items.prefix(6).map { item -> String in
            if case .record(let fields)? = item {
                return fields.first.map { Format.value($0) } ?? "?"
            }
            return Format.value(item)
        }
        return shown.joined(separator: ", ") + (items.count > 6 ? ", … (\(items.count) in all)" : "")
    }
}

extension String {
    func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
