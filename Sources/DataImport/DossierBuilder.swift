/// Writes a dossier's XML text, element by element, escaping every value: the importers build
/// dossiers with it, never by pasting strings into markup.
struct DossierBuilder {
    private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    private var open: [String] = []

    /// An element with children: `body` writes them.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ body: (inout DossierBuilder) -> Void) {
        indent()
        text += "<" + name + Self.attributes(attributes) + ">\n"
        open.append(name)
        body(&self)
        open.removeLast()
        indent()
        text += "</" + name + ">\n"
    }

    /// An element with text (or empty when `value` is empty and it has attributes).
    mutating func leaf(_ name: String, _ value: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        indent()
        if value.isEmpty {
            text += "<" + name + Self.attributes(attributes) + "/>\n"
        } else {
            text += "<" + name + Self.attributes(attributes) + ">" + Self.escaped(value, attribute: false) + "</" + name + ">\n"
        }
    }

    private mutating func indent() {
        text += String(repeating: "  ", count: open.count)
    }

    private static func attributes(_ pairs: KeyValuePairs<String, String?>) -> String {
        var result = ""
        for (name, value) in pairs {
            guard let value else { continue }
            result += " " + name + "=\"" + escaped(value, attribute: true) + "\""
        }
        return result
    }

    /// The text with `&`, `<`, `>` (and in attributes `"`) escaped, and the characters XML 1.0
    /// cannot hold (control characters other than tab, line feed, carriage return) left out.
    static func escaped(_ value: String, attribute: Bool) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where attribute: result += "&quot;"
            case "\n" where attribute: result += "&#10;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
