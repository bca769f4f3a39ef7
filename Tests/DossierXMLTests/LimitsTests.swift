import DossierXML
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Size, emptiness, readability and attribute caps, checked before libxml2 sees the bytes.
@Suite("Input limits")
struct LimitsTests {
    @Test("an empty file is refused as empty, from a path and from bytes")
    func emptyFile() throws {
        let fromPath = try #require(DossierLoader().load(path: Fixtures.hostilePath("empty.xml")).failureProblems)
        #expect(fromPath.map(\.summary) == ["empty-file 1:1 the file is empty"])
        #expect(fromPath.first?.path == Fixtures.hostilePath("empty.xml"))
        #expect(fromPath.first?.span == nil, "an empty file has no line to show")
        let fromBytes = try #require(DossierLoader().load(bytes: []).failureProblems)
        #expect(fromBytes.map(\.id) == [.emptyFile])
        let fromParser = try #require(SafeXMLParser().parse([]).failureProblems)
        #expect(fromParser.map(\.id) == [.emptyFile])
    }

    @Test("a file over the size cap is refused as too large, from a path and from bytes")
    func overSizeCap() throws {
        let loader = DossierLoader(limits: XMLLimits(maxBytes: 1024))
        let fromPath = try #require(loader.load(path: Fixtures.cr929Path).failureProblems)
        #expect(fromPath.count == 1)
        #expect(fromPath.first?.id == .fileTooLarge)
        #expect(fromPath.first?.line == 1)
        #expect(fromPath.first?.column == 1)
        #expect(fromPath.first?.message.contains("1024") == true)

        let bytes = Array(try Fixtures.cr929Text().utf8)
        let fromBytes = try #require(loader.load(bytes: bytes).failureProblems)
        #expect(fromBytes.map(\.id) == [.fileTooLarge])
    }

    @Test("the size cap is inclusive: exactly maxBytes is parsed, one byte more is refused")
    func sizeCapBoundary() throws {
        let cap = 1024
        let parser = SafeXMLParser(limits: XMLLimits(maxBytes: cap))
        func document(ofSize size: Int) -> [UInt8] {
            let shell = Array("<r></r>".utf8)
            return Array("<r>".utf8) + Array(repeating: UInt8(ascii: "x"), count: size - shell.count) + Array("</r>".utf8)
        }
        let atCap = document(ofSize: cap)
        #expect(atCap.count == cap)
        let root = try #require(parser.parse(atCap).documentRoot)
        #expect(root.text.count == cap - 7)

        let overCap = document(ofSize: cap + 1)
        #expect(parser.parse(overCap).failureProblems?.map(\.id) == [.fileTooLarge])

        let directory = try TemporaryDirectory()
        let path = try directory.write("over.xml", bytes: overCap)
        #expect(DossierLoader(limits: XMLLimits(maxBytes: cap)).load(path: path).failureProblems?.map(\.id) == [.fileTooLarge])
    }

    @Test("a missing file, a directory, a device and a FIFO are unreadable, refused without hanging")
    func unreadablePaths() throws {
        let directory = try TemporaryDirectory()
        let fifo = directory.path("pipe.xml")
        try #require(mkfifo(fifo, 0o600) == 0)
        let paths = [directory.path("missing.xml"), directory.url.path, "/dev/zero", fifo]
        for path in paths {
            let (outcome, elapsed) = timed { DossierLoader().load(path: path) }
            let problems = try #require(outcome.failureProblems, "\(path) loaded")
            #expect(problems.map(\.id) == [.unreadableFile], "\(path)")
            #expect(problems.first?.line == 1)
            #expect(problems.first?.message.isEmpty == false)
            #expect(elapsed < refusalBound, "\(path) took \(elapsed)")
        }
    }

    @Test("the attribute cap is exact: the limit is accepted, one more is refused at the tag")
    func attributeCapBoundary() throws {
        let limit = XMLLimits.default.maxAttributesPerElement
        func element(withAttributes count: Int) -> [UInt8] {
            Array("<r>\n  <e\((0..<count).map { " a\($0)='\($0)'" }.joined())/>\n</r>".utf8)
        }
        let parser = SafeXMLParser()
        let root = try #require(parser.parse(element(withAttributes: limit)).documentRoot)
        #expect(root.child("e")?.attributes.count == limit)

        let problems = try #require(parser.parse(element(withAttributes: limit + 1)).failureProblems)
        #expect(problems.map(\.summary) == ["too-many-attributes 2:3 an element has more than \(limit) attributes"])
        #expect(problems.first?.span?.text == "<e", "the caret is under the start tag")
    }

    @Test("'=' inside quoted values, comments, CDATA, processing instructions and text is not counted as an attribute")
    func prescanIgnoresEqualsOutsideAttributes() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <?tool a=1 b=2 c=3 d=4 e=5?>
            <!-- a=1 b=2 c=3 d=4 e=5 -->
            <r a="x=y=z==w" b='====' c="1>2 = 'quoted' = &quot;=&quot;">
              <e one="=" two='="="' three="=&lt;e a='1' b='2' c='3' d='4'&gt;="/>
              text a=1 b=2 c=3 d=4 e=5
              <![CDATA[ <x a="1" b="2" c="3"> = = = = ]]>
              <!-- <x a="1" b="2" c="3"> = = = = -->
            </r>
            """
        let parser = SafeXMLParser(limits: XMLLimits(maxAttributesPerElement: 3))
        let root = try #require(parser.parse(Array(text.utf8)).documentRoot)
        #expect(root.attributes.count == 3)
        #expect(root.attribute("a") == "x=y=z==w")
        #expect(root.attribute("b") == "====")
        #expect(root.attribute("c") == "1>2 = 'quoted' = \"=\"")
        #expect(root.child("e")?.attributes.count == 3)
        #expect(root.child("e")?.attribute("three") == "=<e a='1' b='2' c='3' d='4'>=")

        // Control: a fourth real attribute is counted.
        let crowded = text.replacingOccurrences(of: "<r a=", with: "<r d='4' a=")
        let problems = try #require(parser.parse(Array(crowded.utf8)).failureProblems)
        #expect(problems.map(\.id) == [.tooManyAttributes])
        #expect(problems.first?.line == 4)
        #expect(problems.first?.column == 1)
    }

    @Test("the attribute cap holds wherever the tag and its values fall in the pre-scan's eight-byte words")
    func attributeCapAtEveryAlignment() throws {
        let parser = SafeXMLParser(limits: XMLLimits(maxAttributesPerElement: 4))
        for padding in 0..<16 {
            for valueLength in [0, 1, 7, 8, 9] {
                let value = String(repeating: "v", count: valueLength)
                func document(attributes: Int) -> [UInt8] {
                    let spaces = String(repeating: " ", count: padding)
                    let list = (0..<attributes).map { "\n\ta\($0)=\"\(value)>\(value)\"" }.joined()
                    return Array("<r>\(spaces)<e\(list)/><f x='=' y=\"'\"/></r>".utf8)
                }
                #expect(parser.parse(document(attributes: 4)).documentRoot != nil, "padding \(padding), value \(valueLength)")
                let problems = parser.parse(document(attributes: 5)).failureProblems
                #expect(problems?.map(\.id) == [.tooManyAttributes], "padding \(padding), value \(valueLength)")
                #expect(problems?.first?.column == 4 + padding)
            }
        }
    }

    /// An element with one attribute more than `crowdedLimit` allows.
    private static let crowdedLimit = 4
    private static let crowdedElement = "<e" + (0...crowdedLimit).map { " b\($0)=\"\($0)\"" }.joined() + "/>"

    @Test(
        "a broken tag, or a tag inside other markup, does not hide an element's attributes: libxml2 reads on from there",
        arguments: [
            "<a '>",  // a quote where no value can start
            "<a x='",  // a value that a '<' ends (libxml2 reads on from the '<')
            "<a x=\"1\" y='a",  // the same after a good value
            "</a ",  // an end tag that a '<' cuts short
            "<!x ",  // a declaration that a '<' cuts short
            "<!-- \u{1} ",  // libxml2 leaves the comment at the control character
            "<![CDATA[ \u{1} ",  // and the CDATA section
            "<? ",  // a processing instruction without a target
        ])
    func brokenOrEnclosingMarkupDoesNotHideAttributes(opening: String) throws {
        let parser = SafeXMLParser(limits: XMLLimits(maxAttributesPerElement: Self.crowdedLimit))
        let problems = parser.parse(Array("<r>\(opening)\(Self.crowdedElement)</r>".utf8)).failureProblems
        #expect(problems?.map(\.id) == [.tooManyAttributes], "\(problems ?? [])")
        #expect(problems?.first?.column == 4 + opening.utf8.count)
    }

    @Test("a broken XML declaration does not hide the element after it")
    func brokenDeclaration() throws {
        let parser = SafeXMLParser(limits: XMLLimits(maxAttributesPerElement: Self.crowdedLimit))
        // libxml2 reports the declaration and reads on after its first '>'.
        let problems = parser.parse(Array("<?xml version=\"1.0\" x>\(Self.crowdedElement)".utf8)).failureProblems
        #expect(problems?.map(\.id) == [.tooManyAttributes], "\(problems ?? [])")
    }

    @Test("a document in another encoding than UTF-8 is refused before libxml2 decodes it")
    func otherEncodingsRefusedFirst() throws {
        let parser = SafeXMLParser(limits: XMLLimits(maxAttributesPerElement: Self.crowdedLimit))
        // The crowded element would be refused too, but only after libxml2 had decoded and parsed it.
        let text = "<dossier>\(Self.crowdedElement)</dossier>"
        func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
            text.utf16.flatMap { bigEndian ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        }
        let cases: [([UInt8], String)] = [
            ([0xFF, 0xFE] + utf16(text, bigEndian: false), "UTF-16"),
            ([0xFE, 0xFF] + utf16(text, bigEndian: true), "UTF-16"),
            (utf16("<?xml version=\"1.0\"?>" + text, bigEndian: false), "UTF-16"),
            ([0xFF, 0xFE, 0x00, 0x00] + text.unicodeScalars.flatMap { [UInt8($0.value & 0xFF), 0, 0, 0] }, "UTF-32"),
            ([0x4C, 0x6F, 0xA7, 0x94, 0x40], "EBCDIC"),
            (Array(("<?xml version='1.0' encoding = 'ISO-8859-1'?>" + text).utf8), "ISO-8859-1"),
            (Array(("\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + text).utf8), "UTF-16"),
        ]
        for (bytes, encoding) in cases {
            let problems = try #require(parser.parse(bytes).failureProblems)
            #expect(problems.map(\.id) == [.notUTF8])
            #expect(problems.first?.message == "the document is encoded as \(encoding); dossiers must be UTF-8")
            if String(decoding: bytes, as: UTF8.self).contains("encoding") {
                // Named in an ASCII-compatible declaration: the caret is under the name.
                #expect(problems.first?.span?.text == encoding)
            } else {
                // Told by the first bytes: the file as a whole, which cannot be shown as text.
                #expect(problems.first?.span == nil)
                #expect(problems.first?.position == "<bytes>:1:1")
            }
        }
        // UTF-8, declared in any case or not at all, goes on to the pre-scan.
        for declaration in [
            "", "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"utf-8\"?>", "\u{FEFF}<?xml version='1.0' encoding='UTF-8'?>",
        ] {
            #expect(parser.parse(Array((declaration + text).utf8)).failureProblems?.map(\.id) == [.tooManyAttributes], "\(declaration)")
        }
    }

    @Test("the default limits are 1 MiB and 64 attributes per element")
    func defaultLimits() {
        #expect(XMLLimits.default == XMLLimits(maxBytes: 1 << 20, maxAttributesPerElement: 64))
        #expect(SafeXMLParser().limits == .default)
        #expect(DossierLoader().parser.limits == .default)
        #expect(DossierLoader(limits: XMLLimits(maxBytes: 10)).parser.limits.maxBytes == 10)
    }
}

@Suite("Encodings")
struct EncodingTests {
    @Test("a dossier that declares another encoding is refused as not UTF-8, even when libxml2 could convert it")
    func declaredLatin1IsRefused() {
        var bytes = Array(
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>Caf".utf8)
        bytes.append(0xE9)  // é in Latin-1
        bytes += Array("</title></identity></dossier>\n".utf8)
        guard case .failure(let problems) = DossierLoader().load(bytes: bytes) else {
            Issue.record("a Latin-1 dossier was accepted")
            return
        }
        #expect(problems.map(\.id) == [.notUTF8])
        #expect(problems.first?.message.contains("ISO-8859-1") == true)
    }

    @Test("a dossier declaring UTF-8 in lower case is accepted")
    func lowerCaseUTF8IsAccepted() {
        let text =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\"><identity><title>Café</title></identity></dossier>\n"
        guard case .loaded = DossierLoader().load(bytes: Array(text.utf8)) else {
            Issue.record("a UTF-8 dossier was refused")
            return
        }
    }
}
