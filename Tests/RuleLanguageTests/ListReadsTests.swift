import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// Which lists a rule reads item by item, and which fields of the items: what its evidence
/// shows of each item.
@Suite("The lists and fields a rule reads")
struct ListReadsTests {
    static let catalogue = """
        ruleset "Lists"
        category c { title "C" }
        band low "Low" from 0
        fact parties: list at "parties/party" {
          name: text at "name"
          country: text at "country"
          rating: enum("none", "poor") at "trackRecord/rating"
          abandoned: number at "trackRecord/abandoned"
        }
        fact ip: list at "technology/ipProtection/jurisdiction" {
          country: text at "@country"
          level: enum("none", "enforced") at "@level"
        }
        fact domains: list of text at "technology/domain"
        fact status: text at "identity/status"
        define troubled = count(p in parties where fallback(p.rating == "poor", false) or p.abandoned >= 1)

        """

    /// The rule `r`'s list reads, as "list: field, field".
    static func reads(_ condition: String, message: String = "m", extra: String = "") throws -> [String] {
        let text = Self.catalogue + extra + "rule r {\n  title \"t\"\n  category c\n  points 1\n  when \(condition)\n  message \"\(message)\"\n}\n"
        let output = RuleSetLoader.compile([SourceFile(path: "lists.rules", text: text)])
        let ruleSet = try #require(output.ruleSet, "\(output.diagnostics.map(\.message))")
        let rule = try #require(ruleSet.rules.first { $0.id == "r" })
        return rule.listReads.map { read in
            ruleSet.facts[read.slot].name + ":" + read.fields.map { " " + $0.name }.joined(separator: ",")
        }
    }

    @Test("a quantifier's fields, in the catalogue's order, through definitions")
    func fieldsThroughDefinitions() throws {
        #expect(try Self.reads("troubled > 0") == ["parties: rating, abandoned"])
        #expect(try Self.reads("any(p in parties where p.country == \"CN\")") == ["parties: country"])
        #expect(
            try Self.reads("any(p in everyone where p.country == \"CN\")", extra: "define everyone = parties\n") == ["parties: country"],
            "a definition that names the list")
    }

    @Test("nested quantifiers: each item's fields go to its own list, the outer item's too")
    func nested() throws {
        #expect(
            try Self.reads("all(p in parties where any(j in ip where j.country == p.country and j.level == \"enforced\"))")
                == ["parties: country", "ip: country, level"])
    }

    @Test("a list read whole, of plain values, or only in a message has its items but no fields")
    func wholeLists() throws {
        #expect(try Self.reads("any(d in domains where d contains \"5G\")") == ["domains:"])
        #expect(try Self.reads("count(p in parties) > 2") == ["parties:"])
        #expect(try Self.reads("status == \"delayed\"", message: "{parties}") == ["parties:"])
        #expect(try Self.reads("status == \"delayed\"").isEmpty)
    }

    @Test("a rule that tests another with fired() reads that rule's lists too")
    func throughFired() throws {
        let other = "rule o {\n  title \"t\"\n  category c\n  points 1\n  when any(j in ip where j.level == \"none\")\n  message \"m\"\n}\n"
        #expect(try Self.reads("fired(o) and troubled > 0", extra: other) == ["parties: rating, abandoned", "ip: level"])
    }
}
