import Foundation
import Testing

@testable import RuleLanguage
@testable import SilkDiagnostics

/// Rule text with the expected spans marked by `⟦` and `⟧`, markers removed.
struct MarkedSource {
    struct Mark {
        let line: Int
        let column: Int
        let text: String
    }

    let text: String
    let marks: [Mark]

    init(_ marked: String) {
        var text = ""
        var marks: [Mark] = []
        var line = 1
        var column = 1
        var open: (line: Int, column: Int, text: String)? = nil
        for character in marked {
            if character == "⟦" {
                open = (line, column, "")
                continue
            }
            if character == "⟧", let current = open {
                marks.append(Mark(line: current.line, column: current.column, text: current.text))
                open = nil
                continue
            }
            text.append(character)
            open?.text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        self.text = text
        self.marks = marks
    }

    var mark: Mark { marks[0] }
}

func compile(_ source: MarkedSource, path: String = "test.rules") -> RuleCompiler.Output {
    RuleSetLoader.compile([SourceFile(path: path, text: source.text)])
}

func location(_ diagnostic: Diagnostic) -> (line: Int, column: Int, text: String)? {
    guard let span = diagnostic.span else { return nil }
    let (line, column) = span.file.location(of: span.start)
    return (line, column, span.text)
}

/// Compiles the marked source and returns the single diagnostic with `id`, after checking its
/// severity, that it sits exactly on the (first) marked span, and that its message contains `message`.
@discardableResult
func expectDiagnostic(
    _ id: String, _ severity: Diagnostic.Severity, _ message: String, in marked: String, mark: Int = 0,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Diagnostic? {
    let source = MarkedSource(marked)
    let output = compile(source)
    let matching = output.diagnostics.filter { $0.id.rawValue == id }
    guard let diagnostic = matching.first else {
        Issue.record("no \(id) among: \(output.diagnostics.map { "\($0.position) \($0.id): \($0.message)" })", sourceLocation: sourceLocation)
        return nil
    }
    #expect(matching.count == 1, "expected one \(id), got \(matching.map(\.message))", sourceLocation: sourceLocation)
    #expect(diagnostic.severity == severity, sourceLocation: sourceLocation)
    #expect(diagnostic.message.contains(message), "message: \(diagnostic.message)", sourceLocation: sourceLocation)
    let expected = source.marks[mark]
    let actual = location(diagnostic)
    #expect(actual?.line == expected.line, sourceLocation: sourceLocation)
    #expect(actual?.column == expected.column, sourceLocation: sourceLocation)
    #expect(actual?.text == expected.text, sourceLocation: sourceLocation)
    #expect(diagnostic.position == "test.rules:\(expected.line):\(expected.column)", sourceLocation: sourceLocation)
    if severity == .error { #expect(output.ruleSet == nil, sourceLocation: sourceLocation) }
    return diagnostic
}

/// Everything a rule set needs besides the rule under test: a name, a source, facts, a
/// category, bands and the undetermined verdict. Seven lines.
let prelude = """
    ruleset "Test" version "1.0.0"
    source essay { title "Essay" }
    fact finance.totalCost: money at "finance/totalCost"
    fact country: text at "identity/country"
    category finance { title "Finance" }
    band low "Low" from 0
    undetermined "Undetermined" when bandReach >= 2
    """

/// A rule that uses the prelude's category, so that it is not reported unused.
let usingRule = """
    rule uses-finance {
      title "Uses finance"
      category finance
      points 1
      when finance.totalCost > 1 USD
      message "m"
      cite essay "q"
      advice "a"
    }
    """
