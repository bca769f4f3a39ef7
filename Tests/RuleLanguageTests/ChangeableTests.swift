import Foundation
import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// `changeable` facts and fields: compiled as flags, and checked (a marker nothing reads, a
/// field marked inside a list marked already).
@Suite("Changeable facts")
struct ChangeableTests {
    /// A list of records and a scalar fact, with a rule that reads the list's `level` field and
    /// the scalar.
    static func rules(stage: String = "", list: String = "", level: String = "", note: String = "") -> String {
        """
        \(prelude)
        fact agreement.stage: enum("memorandum", "binding-contract") at "agreement/stage"\(stage)
        fact ip: list at "technology/ipProtection/jurisdiction"\(list) {
          level: enum("none", "registered") at "@level"\(level)
          note: text at "."\(note)
        }
        rule weak {
          title "Weak"
          category finance
          points 1
          when agreement.stage == "memorandum" and none(j in ip where j.level == "registered")
          message "m"
          cite essay "q"
          advice "a"
        }
        """
    }

    @Test("changeable on a fact and on a field is compiled as a flag; a list's marks every field")
    func compiledFlags() throws {
        let marked = compile(MarkedSource(Self.rules(stage: " changeable", level: " changeable")))
        let ruleSet = try #require(marked.ruleSet, "\(marked.diagnostics.map(\.message))")
        #expect(marked.diagnostics.isEmpty, "\(marked.diagnostics.map(\.message))")
        #expect(ruleSet.fact(named: "agreement.stage")?.changeable == true)
        #expect(ruleSet.fact(named: "finance.totalCost")?.changeable == false)
        let ip = try #require(ruleSet.fact(named: "ip"))
        #expect(!ip.changeable && ip.fields.map(\.changeable) == [true, false])

        let whole = try #require(compile(MarkedSource(Self.rules(list: " changeable"))).ruleSet)
        let list = try #require(whole.fact(named: "ip"))
        #expect(list.changeable && list.fields.allSatisfy(\.changeable))
    }

    @Test("a field may be named changeable")
    func fieldNamedChangeable() throws {
        let text = """
            \(prelude)
            \(usingRule)
            fact items: list at "items/item" {
              kind: text at "@kind" changeable
              changeable: boolean at "@changeable"
            }
            """
        let ruleSet = try #require(compile(MarkedSource(text)).ruleSet)
        #expect(ruleSet.fact(named: "items")?.fields.map(\.name) == ["kind", "changeable"])
        #expect(ruleSet.fact(named: "items")?.fields.map(\.changeable) == [true, false])
    }

    @Test("a changeable fact no condition reads is a warning at the marker")
    func factNotRead() {
        expectDiagnostic(
            "changeable-not-read", .warning, "fact 'country' is changeable, but no rule's condition reads it",
            in: """
                \(prelude.replacingOccurrences(of: "fact country: text at \"identity/country\"", with: "fact country: text at \"identity/country\" ⟦changeable⟧"))
                \(usingRule)
                """)
    }

    @Test("a changeable field no condition reads is a warning at the marker")
    func fieldNotRead() {
        expectDiagnostic(
            "changeable-not-read", .warning, "field 'note' of 'ip' is changeable, but no rule's condition reads it",
            in: Self.rules(note: " ⟦changeable⟧"))
    }

    @Test("a fact read only through a definition, or a rule fired() names, counts as read")
    func readThroughDefinitions() {
        let text = """
            \(prelude)
            fact office: boolean at "agreement/projectOffice" changeable
            define hasOffice = office == true
            rule inner {
              title "Inner"
              category finance
              points 1
              when hasOffice
              message "m"
              cite essay "q"
              advice "a"
            }
            """
        let output = compile(MarkedSource(text))
        #expect(!output.diagnostics.contains { $0.id == .changeableNotRead }, "\(output.diagnostics.map(\.message))")
    }

    @Test("a field marked inside a list marked already is a redundant-changeable warning")
    func redundant() {
        expectDiagnostic(
            "redundant-changeable", .warning, "field 'level' is changeable already: its list 'ip' is",
            in: Self.rules(list: " changeable", level: " ⟦changeable⟧"))
    }

    @Test("the shipped pack marks what a project can change, and not its host or its history")
    func shippedPack() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let ruleSet = try #require(RuleSetLoader.load(directory: root.appendingPathComponent("Rules").path).ruleSet)
        let changeable = Set(ruleSet.facts.filter(\.changeable).map(\.name))
        for name in ["agreement.stage", "agreement.projectOffice", "technology.ipProtection", "people.partnerLanguageShare", "rationale.scope"] {
            #expect(changeable.contains(name), "\(name) is not changeable")
        }
        for name in ["host.gdp", "host.population", "integrity.allegations", "parties", "identity.status", "identity.dates.announced"] {
            #expect(!changeable.contains(name), "\(name) is changeable")
        }
        let milestones = try #require(ruleSet.fact(named: "agreement.milestones"))
        #expect(milestones.fields.filter(\.changeable).map(\.name) == ["planned"])
        let funding = try #require(ruleSet.fact(named: "finance.funding"))
        #expect(funding.fields.filter(\.changeable).map(\.name) == ["kind", "share"])
    }
}
