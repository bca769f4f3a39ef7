/// A reference table declared in the rule files (`table gdp { ... }`) and read from a CSV file
/// once, when the rules are compiled: one value per combination of keys. A lookup whose keys are
/// unknown, or that finds no row, is unknown.
public final class ReferenceTable: Sendable {
    /// How a key column compares.
    public enum KeyKind: String, Sendable, Hashable, CaseIterable {
        /// Text, compared exactly (a country code).
        case text
        /// A number, compared exactly.
        case number
        /// A whole year: looked up with a number or a date (its year).
        case year
    }

    /// What the value column holds.
    public enum ValueKind: Sendable, Hashable {
        case number
        case money(currency: String)
    }

    public let id: String
    /// The CSV file, as the rule file names it and as it was opened.
    public let file: String
    public let keyNames: [String]
    public let keyKinds: [KeyKind]
    public let valueName: String
    public let valueKind: ValueKind
    private let rows: [[String]: Double]

    package init(
        id: String, file: String, keyNames: [String], keyKinds: [KeyKind], valueName: String, valueKind: ValueKind, rows: [[String]: Double]
    ) {
        self.id = id
        self.file = file
        self.keyNames = keyNames
        self.keyKinds = keyKinds
        self.valueName = valueName
        self.valueKind = valueKind
        self.rows = rows
    }

    public var rowCount: Int { rows.count }

    /// The value's type in the rule language.
    public var valueType: ValueType {
        switch valueKind {
        case .number: .number
        case .money: .money
        }
    }

    /// The value for these keys; nil when a key is unknown or no row matches.
    public func lookup(_ keys: [Value?]) -> Value? {
        var key: [String] = []
        key.reserveCapacity(keys.count)
        for (value, kind) in zip(keys, keyKinds) {
            guard let value, let normalised = Self.key(value, as: kind) else { return nil }
            key.append(normalised)
        }
        guard let found = rows[key] else { return nil }
        switch valueKind {
        case .number: return .number(Interval(found))
        case .money(let currency): return .money(Interval(found), currency: currency)
        }
    }

    /// A value as a key of `kind`: text as it is, a number (a single point) in its shortest
    /// form, a year from a whole number or a date.
    static func key(_ value: Value, as kind: KeyKind) -> String? {
        switch (kind, value) {
        case (.text, .text(let text)): return text
        case (.number, .number(let number)) where number.low == number.high: return canonical(number.low)
        case (.year, .number(let number)) where number.low == number.high && number.low == number.low.rounded():
            return String(Int(number.low))
        case (.year, .date(let day)): return String(day.components.year)
        default: return nil
        }
    }

    /// A cell of the CSV file as a key of `kind`; nil when it cannot be one.
    static func key(cell: String, as kind: KeyKind) -> String? {
        switch kind {
        case .text: return cell
        case .number: return Double(cell).map(canonical)
        case .year:
            guard let number = Double(cell), number == number.rounded(), abs(number) < 100_000 else { return nil }
            return String(Int(number))
        }
    }

    private static func canonical(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
