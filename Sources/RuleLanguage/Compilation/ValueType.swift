import SilkDiagnostics

/// The static type of a fact or expression.
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case number, money, text, boolean, date
    /// Text restricted to these values.
    case enumeration([String])
    case list(ValueType)
    case record(RecordType)
    /// The type of an expression that already failed to check; suppresses follow-on errors.
    case invalid

    public var description: String {
        switch self {
        case .number: "number"
        case .money: "money"
        case .text: "text"
        case .boolean: "boolean"
        case .date: "date"
        case .enumeration(let values): "enum(" + values.map { "\"\($0)\"" }.joined(separator: ", ") + ")"
        case .list(let element): "list of \(element.shortDescription)"
        case .record: "record"
        case .invalid: "invalid"
        }
    }

    package var shortDescription: String {
        if case .enumeration = self { return "enum" }
        if case .record(let record) = self { return "records (" + record.fields.map(\.name).joined(separator: ", ") + ")" }
        return description
    }

    package var isTextual: Bool {
        switch self {
        case .text, .enumeration: true
        default: false
        }
    }

    package var isOrdered: Bool {
        switch self {
        case .number, .money, .date: true
        default: false
        }
    }

    /// Whether values of the two types can be compared for equality.
    package func isComparable(with other: ValueType) -> Bool {
        if self == .invalid || other == .invalid { return true }
        if isTextual && other.isTextual { return true }
        return self == other
    }
}

public struct RecordType: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: ValueType
    }

    public var fields: [Field]

    package func index(of name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }
}
