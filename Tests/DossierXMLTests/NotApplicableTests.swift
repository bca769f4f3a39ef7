import DossierXML
import SilkDiagnostics
import Testing

/// The format's rule for `<notApplicable>` (1.1): an item must not name an element the dossier
/// gives. Validation and scoring refuse such a dossier like any invalid one, with the item's
/// `path` underlined and a note at the element.
@Suite("Format 1.1: 'not applicable' that contradicts the dossier")
struct NotApplicableTests {
    let loader = DossierLoader()

    static func dossier(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <dossier format="1.1" id="contradiction" asOf="2024-03-01">
          <identity>
            <title>Contradiction</title>
          </identity>
        \(body)
        </dossier>
        """
    }

    @Test("an item naming a section the dossier gives is refused, at the path, with a note at the section")
    func sectionGiven() throws {
        let text = Self.dossier(
            """
              <marketAccess>
                <partnerMarket>open</partnerMarket>
              </marketAccess>
              <notApplicable>
                <item path="marketAccess">A teaching programme sells no product.</item>
              </notApplicable>
            """)
        let problems = try #require(loader.load(bytes: Array(text.utf8), path: "c.xml").failureProblems)
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.id == .notApplicableContradiction)
        #expect(problem.severity == .error)
        let itemLine = try #require(lineNumber(of: "<item path", in: text))
        #expect(problem.lineAndColumn?.line == itemLine)
        #expect(problem.lineAndColumn?.column == byteColumn(of: "marketAccess\">", onLine: itemLine, in: text))
        #expect(problem.span?.text == "marketAccess")
        #expect(problem.message == "'marketAccess' is said not to apply, but the dossier gives <marketAccess> (line 6): it cannot be both")
        #expect(problem.notes.count == 1)
        #expect(problem.notes.first?.message == "<marketAccess> is given here")
        #expect(problem.notes.first?.span?.text == "<marketAccess")
        #expect(problem.notes.first?.span.map { $0.file.location(of: $0.start).line } == 6)
    }

    @Test("an item naming a nested element is refused only when that element is given, not its parent")
    func nestedElement() throws {
        let given = Self.dossier(
            """
              <finance>
                <pricing>
                  <quoted currency="USD" amount="10"/>
                </pricing>
              </finance>
              <notApplicable>
                <item path="finance/pricing">No price.</item>
              </notApplicable>
            """)
        let problems = try #require(loader.load(bytes: Array(given.utf8), path: "c.xml").failureProblems)
        #expect(problems.map(\.id) == [.notApplicableContradiction])
        #expect(problems.first?.span?.text == "finance/pricing")

        let parentOnly = Self.dossier(
            """
              <finance>
                <totalCost currency="USD" amount="10"/>
              </finance>
              <notApplicable>
                <item path="finance/pricing">No price.</item>
              </notApplicable>
            """)
        #expect(loader.load(bytes: Array(parentOnly.utf8), path: "c.xml").failureProblems == nil)
    }

    @Test("every contradicting item is reported, with the schema's own problems")
    func everyItem() throws {
        let text = Self.dossier(
            """
              <finance>
                <pricing>
                  <quoted currency="USD" amount="10"/>
                </pricing>
              </finance>
              <marketAccess>
                <partnerMarket>ajar</partnerMarket>
              </marketAccess>
              <notApplicable>
                <item path="finance/pricing">No price.</item>
                <item path="marketAccess">No market.</item>
              </notApplicable>
            """)
        let problems = try #require(loader.load(bytes: Array(text.utf8), path: "c.xml").failureProblems)
        #expect(problems.filter { $0.id == .notApplicableContradiction }.map(\.span?.text) == ["finance/pricing", "marketAccess"])
        #expect(problems.contains { $0.id == .schemaInvalid })
    }
}
