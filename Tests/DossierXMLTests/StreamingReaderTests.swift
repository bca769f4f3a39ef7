import DossierXML
import Foundation
import SilkDiagnostics
import Testing

/// The streaming reader (one pass of libxml2's parser, no tree, the schema checked by a model
/// compiled from the same XSD) against the tree path (libxml2's tree, libxml2's validation):
/// the same readings for every document it accepts, and every document it is unsure of handed
/// to the tree path. The differential test over mutated dossiers is in
/// PortfolioRunnerTests/ReadRouteDifferentialTests.
@Suite("The streaming reader reads valid dossiers as the tree path does")
struct StreamingReaderTests {
    /// A query that reads a bit of everything: attributes, text, money, lists of records.
    static let query = XMLQuery(
        scalars: [
            .init(slot: 0, path: [], read: .attribute("id")), .init(slot: 1, path: ["identity", "title"], read: .text),
            .init(slot: 2, path: ["finance", "totalCost"], read: .attributes), .init(slot: 3, path: ["identity", "status"], read: .text),
            .init(slot: 4, path: ["extensions", "custom"], read: .text),
        ],
        lists: [
            .init(
                slot: 0, path: ["parties"], item: "party",
                fields: [(["name"], .text), ([], .attribute("id")), (["trackRecord", "rating"], .text)]),
            .init(slot: 1, path: ["integrity"], item: "allegation", fields: [([], .attribute("kind")), ([], .text)]),
        ])

    static func routes(_ bytes: [UInt8]) -> (tree: Result<DossierLoader.Read, SafeXMLParser.Problems>, streamed: DossierLoader.Read?) {
        let loader = DossierLoader()
        let tree = loader.read(bytes: bytes, query: query, route: .tree)!
        let streamed = loader.read(bytes: bytes, query: query, route: .streamedOnly).map { outcome -> DossierLoader.Read in
            guard case .success(let read) = outcome else { fatalError("the streamed route never refuses") }
            return read
        }
        return (tree, streamed)
    }

    /// What the streaming reader reads from a document it must accept, checked against what the
    /// tree path reads from the same bytes (an issue when it hands the document on).
    static func streamedAsTree(_ bytes: [UInt8], _ label: String) throws -> String {
        let (tree, streamed) = routes(bytes)
        let treeDescription = try tree.get().result.readingsDescription
        let description = try #require(streamed, "\(label) was handed on").result.readingsDescription
        #expect(description == treeDescription, "\(label)")
        return description
    }

    @Test("the shipped schema compiles into a streaming model")
    func shippedSchemaStreams() {
        #expect(DossierLoader.streamingUnsupported == nil)
    }

    @Test("every dossier in Inputs/ is streamed, with the tree path's readings", arguments: Fixtures.inputNames())
    func inputsStream(name: String) throws {
        _ = try Self.streamedAsTree(Array(try Data(contentsOf: Fixtures.inputsDirectory.appendingPathComponent(name))), name)
    }

    @Test(
        "a document the streaming reader is unsure of is handed on, never refused",
        arguments: [
            // Refused by the tree path: handed on, and the tree path reports it.
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity/></dossier>",
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-02-30\"><identity><title>T</title></identity></dossier>",
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>T</title></identity><parties><party id=\"a\"><name>A</name></party><party id=\"a\"><name>B</name></party></parties></dossier>",
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title source=\"nowhere\">T</title></identity></dossier>",
            // Valid, but kept by the tree path: handed on, and read there.
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>A<!-- c --> B</title></identity></dossier>",
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title><![CDATA[T]]></title></identity></dossier>",
            // A CR that is not the first half of a CR LF, or blanks before a CR that could be
            // read otherwise with it than without: after a start tag and before text, after a
            // reference, at the start.
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\">\r<identity><title>T</title></identity></dossier>",
            "\r\n<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>T</title></identity></dossier>",
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>T</title></identity></dossier>\r",
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>T &amp; \r\nU</title></identity></dossier>",
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>\r\n\r\nU</title></identity></dossier>",
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>  \r\n  U</title></identity></dossier>",
            "<dossier format=\"1\" id=\"x\" asOf=\" 2020-01-01\"><identity><title>T</title></identity></dossier>",
            "<!DOCTYPE dossier><dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>T</title></identity></dossier>",
        ])
    func handedOn(text: String) {
        let (_, streamed) = Self.routes(Array(text.utf8))
        #expect(streamed == nil)
    }

    @Test("every dossier in Inputs/ with CR LF line ends is streamed, with the tree path's readings", arguments: Fixtures.inputNames())
    func windowsLineEnds(name: String) throws {
        let text = try String(contentsOf: Fixtures.inputsDirectory.appendingPathComponent(name), encoding: .utf8)
        #expect(!text.contains("\r"))
        let windows = try Self.streamedAsTree(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8), name)
        // And the same lines and values as the file with LF line ends.
        #expect(windows == (try Self.streamedAsTree(Array(text.utf8), name)))
    }

    @Test("why a CR after a blank goes to the tree path: libxml2 drops the blank run before it at the start of an element's text")
    func blankBeforeCarriageReturn() throws {
        func title(_ text: String) -> String {
            "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>\(text)</title></identity></dossier>"
        }
        let windows = Self.routes(Array(title("  \r\n  T").utf8))
        let unix = Self.routes(Array(title("  \n  T").utf8))
        // The tree path reads the two differently: with the CR, the blank run is gone.
        let (windowsTree, unixTree) = (try windows.tree.get().result.readingsDescription, try unix.tree.get().result.readingsDescription)
        #expect(windowsTree != unixTree)
        #expect(windowsTree.contains(#"text "\n  T""#), "\(windowsTree)")
        // Handed on, so what every command reads is the tree path's reading of the bytes given.
        #expect(windows.streamed == nil)
        #expect(try #require(unix.streamed).result.readingsDescription == unixTree)
        // Blanks alone between a start tag and its end tag: an end tag after the run keeps what
        // a CR after it let the heuristic drop.
        func custom(_ text: String) -> String {
            "<dossier format=\"1.1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>T</title></identity><extensions><custom>\(text)</custom></extensions></dossier>"
        }
        let (windowsCustom, unixCustom) = (Self.routes(Array(custom("  \r\n  ").utf8)), Self.routes(Array(custom("  \n  ").utf8)))
        let windowsCustomTree = try windowsCustom.tree.get().result.readingsDescription
        #expect(windowsCustomTree != (try unixCustom.tree.get()).result.readingsDescription)
        #expect(windowsCustomTree.contains(#"text "\n  ""#), "\(windowsCustomTree)")
        #expect(windowsCustom.streamed == nil)
    }

    @Test(
        "a CR LF after blanks that follow text is streamed, with the tree path's readings",
        arguments: ["T  \r\n  U", "T\t\r\nU", "T\n\r\nU", "T \n  \r\n U  ", "\u{4E2D}  \r\n  U", "T;x \r\nU", "T\r\n  \r\n\r\nU"])
    func blanksAfterText(title: String) throws {
        let text = "<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\">\r\n<identity><title>\(title)</title></identity></dossier>"
        _ = try Self.streamedAsTree(Array(text.utf8), title)
    }

    @Test(
        "blank lines and blanks at the ends of lines between tags, with CR LF line ends: streamed, with the tree path's readings",
        arguments: [
            // Between elements, after a start tag and before the next one, after an end tag and
            // before the parent's, at the end of the file.
            "<identity>\r\n\r\n  <title>T</title>  \r\n\r\n</identity>", "<identity>  \r\n  <title>T</title>\r\n</identity>",
            "<identity>\r\n<title>T</title>\t\r\n  \r\n</identity>\r\n\r\n",
            "<identity>\r\n<title>T</title><status>delayed</status> \r\n</identity>  \r\n  \r\n",
        ])
    func blankLinesBetweenTags(identity: String) throws {
        let text = "<?xml version=\"1.0\"?>  \r\n\r\n<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\">\r\n\(identity)</dossier>\r\n\r\n"
        _ = try Self.streamedAsTree(Array(text.utf8), identity)
    }

    @Test("text in a valid dossier is read as the tree path reads it: blank runs, references, extensions")
    func textAsTheTreeReadsIt() throws {
        let text = """
            <?xml version="1.0" encoding="utf-8"?>
            <!-- before the root -->
            <dossier format="1.1" id="x" asOf="2020-01-01">
              <identity>
                <title source="s1 s2">  A &amp; B &#x4E2D;  \t </title>
                <status>  delayed
                </status>
              </identity>
              <!-- between sections -->
              <parties>
                <party id="p1"><name>One</name><trackRecord><rating basis="estimate">poor</rating></trackRecord></party>
                <party id="p2">
                  <name>Two</name>
                </party>
              </parties>
              <finance><totalCost currency="USD" min="1" max="2.50" year="2020" basis="assumption"/></finance>
              <integrity><allegation kind="other" date="2019-02-28"> Y </allegation><allegation kind="espionage">X</allegation></integrity>
              <evidence><source id="s1"><title>S1</title></source><source id="s2"><title>S2</title></source></evidence>
              <extensions><custom xmlns:a="urn:a" a:flag="1">  mine </custom><a:other xmlns:a="urn:a"/></extensions>
            </dossier>
            """
        let description = try Self.streamedAsTree(Array(text.utf8), "the text")
        // What the comparison covers: text untrimmed with references decoded, lines, provenance.
        #expect(description.contains(#"text "  A & B \u{4E2D}  \t ""#))
        #expect(description.contains(#"text "  mine ""#))
        #expect(description.contains(#"<rating> line 11 text "poor" attributes [] basis "estimate""#))
        // With CR LF line ends, and a CR LF inside an attribute value: still streamed, and read
        // as the tree path reads those bytes.
        let windows = text.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "source=\"s1 s2\"", with: "source=\"s1\r\ns2\"")
        let windowsDescription = try Self.streamedAsTree(Array(windows.utf8), "the text with CR LF")
        #expect(windowsDescription.contains(#"text "  delayed\n    ""#), "\(windowsDescription)")
        #expect(windowsDescription.contains(#"source "s1 s2""#), "\(windowsDescription)")
    }
}
