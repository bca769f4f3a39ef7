public import RuleLanguage

/// The skeleton of a new dossier (format 1.1): every element of the format, in the schema's
/// order, each with a comment saying what it is for and which rules of the given rule set read
/// it. Values are left as `…`: the file is well-formed XML but not a valid dossier until the
/// analyst writes the values and deletes what does not apply (`silkrisk validate` says what is
/// left).
public struct DossierTemplate: Sendable {
    public var id: String
    public var title: String
    /// The `asOf` date written into the skeleton (`YYYY-MM-DD`).
    public var asOf: String
    /// Rule ids by the dossier path they read (element steps from `<dossier>`, joined by `/`),
    /// worked out from the rule set's facts: a rule is listed under every element a fact it
    /// reads lies in or under.
    let rulesByPath: [String: [String]]

    public init(id: String, title: String, asOf: String, ruleSet: CompiledRuleSet?) {
        self.id = id
        self.title = title
        self.asOf = asOf
        self.rulesByPath = ruleSet.map(Self.rulesByPath) ?? [:]
    }

    /// Rule ids by element path: for every fact, the path of each element it reads and of every
    /// enclosing element, mapped to the rules that read the fact.
    static func rulesByPath(_ ruleSet: CompiledRuleSet) -> [String: [String]] {
        var rulesOfFact = [[String]](repeating: [], count: ruleSet.facts.count)
        for rule in ruleSet.rules {
            for slot in rule.factsRead { rulesOfFact[slot].append(rule.id) }
        }
        var byPath: [String: Set<String>] = [:]
        for (slot, fact) in ruleSet.facts.enumerated() where !rulesOfFact[slot].isEmpty {
            var paths = [fact.path.elements]
            for field in fact.fields { paths.append(fact.path.elements + field.path.elements) }
            for elements in paths {
                for end in elements.indices {
                    byPath[elements[...end].joined(separator: "/"), default: []].formUnion(rulesOfFact[slot])
                }
            }
        }
        return byPath.mapValues { $0.sorted() }
    }

    /// The rules that read the element at `path`, as a comment's last line; empty when none do.
    func readers(_ path: String) -> String {
        guard let rules = rulesByPath[path], !rules.isEmpty else { return "" }
        let shown = rules.prefix(6).joined(separator: ", ")
        return " Read by: " + shown + (rules.count > 6 ? " and \(rules.count - 6) more." : ".")
    }

    /// The skeleton as XML text. `filled` writes an example value where the skeleton has `…`
    /// (tests use it to show that a skeleton whose values are written is a valid dossier).
    public func render(filled: Bool = false) -> String {
        var out = TemplateWriter(filled: filled)
        out.line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        out.line("<!--")
        out.line("  A new SilkRisk dossier (format 1.1; the guide is docs/dossier-format.md).")
        out.line("  Write each value where it says …, give its source (source=\"id\" of a <source> in")
        out.line("  <evidence>) and mark estimates and assumptions (basis=\"estimate\" | \"assumption\").")
        out.line("  Delete every element you have no value for: absence means \"unknown\". Where something")
        out.line("  does not apply to the project at all, delete it and say so under <notApplicable>.")
        out.line("  Then run: silkrisk validate FILE, and silkrisk explain FILE.")
        out.line("-->")
        out.line("<dossier format=\"1.1\" id=\"\(TemplateWriter.escape(id))\" asOf=\"\(TemplateWriter.escape(asOf))\">")
        out.indent { out in
            identity(&out)
            parties(&out)
            finance(&out)
            host(&out)
            technology(&out)
            marketAccess(&out)
            people(&out)
            agreement(&out)
            progress(&out)
            integrity(&out)
            sanctionsScreening(&out)
            rationale(&out)
            notApplicable(&out)
            evidence(&out)
        }
        out.line("</dossier>")
        return out.text
    }
}

/// Lines of XML with comments, indented two spaces a level.
struct TemplateWriter {
    /// Write example values instead of `…`.
    let filled: Bool
    private(set) var text = ""
    private var depth = 0

    init(filled: Bool) { self.filled = filled }

    /// The placeholder, or the example value when the skeleton is written filled.
    func value(_ example: String) -> String { filled ? example : "…" }

    /// ` name="…"`, or the example value when filled.
    func attribute(_ name: String, _ example: String) -> String { "\(name)=\"\(value(example))\"" }

    mutating func line(_ content: String) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }

    mutating func comment(_ content: String) {
        line("<!-- " + content.replacingOccurrences(of: "--", with: "-") + " -->")
    }

    mutating func indent(_ body: (inout TemplateWriter) -> Void) {
        depth += 1
        body(&self)
        depth -= 1
    }

    /// An element with a comment above it: `<name attributes>…</name>`, or with the example
    /// value when filled.
    mutating func element(_ name: String, _ attributes: String = "", example: String, about: String) {
        comment(about)
        line("<\(name)\(attributes.isEmpty ? "" : " " + attributes)>\(value(example))</\(name)>")
    }

    /// An element whose value is all in its attributes: `<name attributes/>`.
    mutating func empty(_ name: String, _ attributes: String, about: String) {
        comment(about)
        line("<\(name) \(attributes)/>")
    }

    /// A group element with a comment, its children written by `body`.
    mutating func group(_ name: String, _ attributes: String = "", about: String, _ body: (inout TemplateWriter) -> Void) {
        comment(about)
        line("<\(name)\(attributes.isEmpty ? "" : " " + attributes)>")
        indent(body)
        line("</\(name)>")
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
