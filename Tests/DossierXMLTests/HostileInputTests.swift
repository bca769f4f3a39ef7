import DossierXML
import Foundation
import SilkDiagnostics
import Testing

/// The team's own hostile samples (Fixtures/hostile/ and generated ones): each is refused with the
/// right kind of problem, at the right place, quickly, and without reading or contacting anything.
@Suite("Hostile inputs are refused")
struct HostileInputTests {
    let loader = DossierLoader()

    /// Writes a template fixture into `directory`, with a fresh secret file for it to point at.
    private func prepareSecretProbe(
        template: String, in directory: TemporaryDirectory, port: UInt16 = 9
    ) throws -> (samplePath: String, secretPath: String, secret: String) {
        let secret = "SILKRISK-SECRET-\(UUID().uuidString)"
        let secretPath = try directory.write("secret.txt", secret + "\n")
        #expect(ageFile(at: secretPath), "could not set the secret file's times")
        let text = try Fixtures.hostileText(template)
            .replacingOccurrences(of: "@SECRET_PATH@", with: secretPath)
            .replacingOccurrences(of: "@PORT@", with: String(port))
        let samplePath = try directory.write(template, text)
        return (samplePath, secretPath, secret)
    }

    @Test("an external entity naming a local file is refused as a DOCTYPE, and the file is never read")
    func externalEntityToLocalFile() throws {
        let directory = try TemporaryDirectory()
        let probe = try prepareSecretProbe(template: "external-entity-file.xml", in: directory)
        let atimeBefore = try #require(accessTime(of: probe.secretPath))

        let (outcome, elapsed) = timed { loader.load(path: probe.samplePath) }

        let problems = try #require(outcome.failureProblems)
        #expect(problems.map(\.id) == [.doctypeRefused])
        #expect(problems.first?.line == 2)
        #expect(problems.first?.column == 1)
        for problem in problems {
            #expect(!problem.message.contains(probe.secret))
            #expect(!problem.message.contains("SILKRISK-SECRET"))
        }
        #expect(elapsed < refusalBound, "took \(elapsed)")
        #expect(accessTime(of: probe.secretPath) == atimeBefore, "the secret file was read")

        // Control: reading the file ourselves does move its access time, so the check above can fail.
        _ = try String(contentsOfFile: probe.secretPath, encoding: .utf8)
        let atimeAfterControl = try #require(accessTime(of: probe.secretPath))
        #expect(atimeAfterControl != atimeBefore, "control read did not change the access time (noatime?)")
    }

    @Test("the same external entity given as bytes to the parser, with no root expected, is refused too")
    func externalEntityThroughParser() throws {
        let directory = try TemporaryDirectory()
        let probe = try prepareSecretProbe(template: "external-entity-file.xml", in: directory)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: probe.samplePath)))

        let outcome = SafeXMLParser().parse(bytes)

        let problems = try #require(outcome.failureProblems)
        #expect(problems.map(\.id) == [.doctypeRefused])
        #expect(problems.allSatisfy { !$0.message.contains(probe.secret) })
    }

    @Test(
        "parameter entities and external DTDs are refused without reading files or contacting the network",
        arguments: ["parameter-entity-oob.xml", "external-dtd.xml"])
    func parameterEntityOutOfBand(sample: String) throws {
        let listener = try #require(LocalListener())
        let directory = try TemporaryDirectory()
        let probe = try prepareSecretProbe(template: sample, in: directory, port: listener.port)
        let atimeBefore = try #require(accessTime(of: probe.secretPath))

        let (outcome, elapsed) = timed { loader.load(path: probe.samplePath) }

        let problems = try #require(outcome.failureProblems)
        #expect(problems.map(\.id) == [.doctypeRefused])
        #expect(problems.first?.line == 2)
        #expect(problems.allSatisfy { !$0.message.contains(probe.secret) })
        #expect(elapsed < refusalBound, "took \(elapsed)")
        #expect(!listener.takePendingConnection(), "the parser contacted the local listener")
        #expect(accessTime(of: probe.secretPath) == atimeBefore, "the secret file was read")

        // Control: the listener does see a connection when one is made.
        #expect(listener.connectAsControl())
        #expect(listener.takePendingConnection())
    }

    @Test("billion laughs is refused as a DOCTYPE within a second")
    func billionLaughs() throws {
        let (outcome, elapsed) = timed { loader.load(path: Fixtures.hostilePath("billion-laughs.xml")) }
        let problems = try #require(outcome.failureProblems)
        #expect(problems.map(\.id) == [.doctypeRefused])
        #expect(problems.first?.line == 2)
        #expect(!problems.contains { $0.message.contains("lollol") })
        #expect(elapsed < refusalBound, "took \(elapsed)")
    }

    @Test("quadratic blow-up (a 50 KB entity referenced thousands of times) is refused as a DOCTYPE within a second")
    func quadraticBlowUp() throws {
        let entity = String(repeating: "A", count: 50 * 1024)
        let references = String(repeating: "&big;", count: 10_000)
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE dossier [<!ENTITY big "\(entity)">]>
            <dossier format="1" id="quadratic" asOf="2020-01-01">
              <identity>
                <title>\(references)</title>
              </identity>
            </dossier>
            """
        let bytes = Array(text.utf8)
        #expect(bytes.count < XMLLimits.default.maxBytes, "the sample must get past the size cap")

        let (outcome, elapsed) = timed { loader.load(bytes: bytes) }

        let problems = try #require(outcome.failureProblems)
        #expect(problems.map(\.id) == [.doctypeRefused])
        #expect(problems.first?.line == 2)
        #expect(problems.allSatisfy { $0.message.count < 1000 })
        #expect(elapsed < refusalBound, "took \(elapsed)")
    }

    @Test("the DOCTYPE is positioned at the real declaration, not at an earlier mention in a comment")
    func doctypePositionIgnoresComments() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- a note that mentions <!DOCTYPE in passing -->
            <!-- another line -->
               <!DOCTYPE dossier [<!ENTITY a "a">]>
            <dossier format="1" id="x" asOf="2020-01-01"><identity><title>&a;</title></identity></dossier>
            """
        let problems = try #require(loader.load(bytes: Array(text.utf8)).failureProblems)
        #expect(problems.map(\.id) == [.doctypeRefused])
        #expect(problems.first?.line == 4)
        #expect(problems.first?.column == 4)
    }

    @Test("10,000 nested elements are refused as not well-formed, with a message about depth")
    func deepNesting() throws {
        let depth = 10_000
        var text = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        text += #"<dossier format="1" id="deep" asOf="2020-01-01">"# + "\n"
        text += String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "\n"
        text += "</dossier>\n"

        let (outcome, elapsed) = timed { loader.load(bytes: Array(text.utf8)) }

        let problems = try #require(outcome.failureProblems)
        #expect(problems.first?.id == .notWellFormed)
        #expect(problems.allSatisfy { $0.id == .notWellFormed })
        #expect(problems.contains { $0.message.lowercased().contains("depth") })
        #expect(problems.first?.line == 3)
        #expect(elapsed < refusalBound, "took \(elapsed)")
    }

    @Test("one element with 50,000 attributes is refused at its start tag within a second")
    func fiftyThousandAttributes() throws {
        let attributes = (0..<50_000).map { " a\($0)=\"\($0)\"" }.joined()
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <dossier format="1" id="crowded" asOf="2020-01-01">
              <identity>
                <title\(attributes)>crowded</title>
              </identity>
            </dossier>
            """
        let bytes = Array(text.utf8)
        #expect(bytes.count < XMLLimits.default.maxBytes)

        let (outcome, elapsed) = timed { loader.load(bytes: bytes) }

        let problems = try #require(outcome.failureProblems)
        #expect(problems.count == 1)
        #expect(problems.first?.id == .tooManyAttributes)
        #expect(problems.first?.line == 4)
        #expect(problems.first?.column == 5)
        #expect(problems.first?.message.contains("\(XMLLimits.default.maxAttributesPerElement)") == true)
        #expect(elapsed < refusalBound, "took \(elapsed)")
    }

    @Test("attributes spread over many lines are reported at the line where the tag starts")
    func attributesOverManyLines() throws {
        let attributes = (0..<20_000).map { "\n      a\($0)='v'" }.joined()
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <dossier format="1" id="crowded" asOf="2020-01-01">
              <!-- a comment with <fake a="1" b="2"> inside,
                   over two lines -->
              <identity\(attributes)>
                <title>crowded</title>
              </identity>
            </dossier>
            """
        let (outcome, elapsed) = timed { loader.load(bytes: Array(text.utf8)) }
        let problems = try #require(outcome.failureProblems)
        #expect(problems.map(\.id) == [.tooManyAttributes])
        #expect(problems.first?.line == 5)
        #expect(problems.first?.column == 3)
        #expect(elapsed < refusalBound, "took \(elapsed)")
    }

    @Test("an XInclude element is not processed: it is an unknown element to the schema")
    func xincludeIsNotProcessed() throws {
        let path = Fixtures.hostilePath("xinclude.xml")
        let text = try Fixtures.hostileText("xinclude.xml")

        let (outcome, elapsed) = timed { loader.load(path: path) }

        let problems = try #require(outcome.failureProblems)
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.id == .schemaInvalid })
        let expectedLine = try #require(lineNumber(of: "<xi:include", in: text))
        let expectedColumn = try #require(byteColumn(of: "<xi:include", in: text))
        #expect(problems.first?.line == expectedLine)
        #expect(problems.first?.column == expectedColumn)
        #expect(problems.first?.message.contains("include") == true)
        if let passwd = passwdFirstLine() {
            #expect(problems.allSatisfy { !$0.message.contains(passwd) })
        }
        #expect(elapsed < refusalBound, "took \(elapsed)")
    }

    @Test("an XInclude element where the schema allows any element stays an inert element")
    func xincludeInExtensionsStaysInert() throws {
        let loaded = try #require(loader.load(path: Fixtures.hostilePath("xinclude-in-extensions.xml")).loadedDossier)
        let include = try #require(loaded.root.descendant("extensions", "include"))
        #expect(include.attribute("href") == "/etc/passwd")
        #expect(include.text.isEmpty)
        #expect(include.children.isEmpty)
        if let passwd = passwdFirstLine() {
            #expect(!loaded.root.everything.contains(passwd))
        }
        #expect(!loaded.root.everything.contains("root:"))
    }

    @Test("an undeclared entity reference is not well-formed, at its line")
    func undeclaredEntity() throws {
        let text = try Fixtures.hostileText("undeclared-entity.xml")
        let problems = try #require(loader.load(path: Fixtures.hostilePath("undeclared-entity.xml")).failureProblems)
        #expect(problems.first?.id == .notWellFormed)
        #expect(problems.allSatisfy { $0.id == .notWellFormed })
        #expect(problems.first?.line == lineNumber(of: "&foo;", in: text))
        #expect((problems.first?.column ?? 0) > 0)
        #expect(problems.first?.message.contains("foo") == true)
    }

    @Test("a one-line file of bytes that are not UTF-8 is refused at 1:1, and its problem renders (a fuzzer finding: it crashed)")
    func longLineOfInvalidUTF8() throws {
        let path = Fixtures.hostilePath("fuzz-long-line-invalid-utf8.xml")
        let problems = try #require(loader.load(path: path).failureProblems)
        #expect(problems.first?.id == .notWellFormed)
        #expect(problems.first?.line == 1 && problems.first?.column == 1)
        for problem in problems {
            let rendered = DiagnosticRenderer().render(problem)
            #expect(rendered.hasPrefix("\(path):1:1: error: "))
        }
    }

    @Test("invalid UTF-8 inside an otherwise valid dossier is not well-formed, at its line", arguments: [4, 64, 99])
    func invalidUTF8(line: Int) throws {
        var lines = try Fixtures.cr929Text().split(separator: "\n", omittingEmptySubsequences: false).map {
            Array($0.utf8)
        }
        try #require(lines.count > line)
        // Just before the line's first '>' ends, after its start tag: inside text content.
        let closing = try #require(lines[line - 1].firstIndex(of: UInt8(ascii: ">")))
        lines[line - 1].insert(contentsOf: [0xC3, 0x28, 0xFF], at: closing + 1)
        let bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))

        let (outcome, elapsed) = timed { loader.load(bytes: bytes) }

        let problems = try #require(outcome.failureProblems)
        #expect(problems.first?.id == .notWellFormed)
        #expect(problems.first?.line == line)
        #expect(problems.first?.message.contains("UTF-8") == true)
        #expect(elapsed < refusalBound, "took \(elapsed)")
    }

    @Test("a root element other than <dossier> is not a dossier")
    func wrongRoot() throws {
        let problems = try #require(loader.load(path: Fixtures.hostilePath("wrong-root.xml")).failureProblems)
        #expect(problems.count == 1)
        #expect(problems.first?.id == .notADossier)
        #expect(problems.first?.line == 2)
        #expect(problems.first?.column == 1)
        #expect(problems.first?.message.contains("'root'") == true)
    }

    @Test("a <dossier> root in a namespace is not a dossier", arguments: ["namespaced-root.xml", "prefixed-root.xml"])
    func namespacedRoot(sample: String) throws {
        let text = try Fixtures.hostileText(sample)
        let problems = try #require(loader.load(path: Fixtures.hostilePath(sample)).failureProblems)
        #expect(problems.count == 1)
        #expect(problems.first?.id == .notADossier)
        #expect(problems.first?.line == 2)
        #expect(problems.first?.column == byteColumn(of: "<", onLine: 2, in: text))
        #expect(problems.first?.message.contains("urn:example:not-silkrisk") == true)
    }
}

@Suite("Parser contexts are kept between documents")
struct KeptContextTests {
    @Test("documents that fill libxml2's dictionary do not leave later dossiers unparseable")
    func fullDictionaryIsNotKept() throws {
        let loader = DossierLoader()
        var serial = 0
        func name(_ length: Int) -> String {
            serial += 1
            let prefix = "n\(serial)_"
            return prefix + String(repeating: "x", count: max(0, length - prefix.utf8.count))
        }
        // libxml2 stops a dictionary growing at about 10 MB; a context kept with a full one
        // would refuse every later document ("Memory allocation failed"). Close to 1 MiB each,
        // with 20 distinct names of 49,000 bytes...
        for _ in 0..<18 {
            var text = "<dossier>"
            for _ in 0..<20 { text += "<\(name(49_000))/>" }
            _ = loader.load(bytes: Array((text + "</dossier>").utf8))
        }
        // ...then what is left of the pools filled, largest pieces first.
        var length = 32_768
        while length >= 1 {
            for _ in 0..<4 {
                var text = "<dossier>"
                for _ in 0..<8 { text += "<\(name(length))/>" }
                _ = loader.load(bytes: Array((text + "</dossier>").utf8))
            }
            length /= 2
        }
        // Valid dossiers, each bringing new strings (a new source id).
        for round in 0..<20 {
            let fresh = try Fixtures.cr929Text().replacingOccurrences(of: "\"essay\"", with: "\"essay-\(round)-abcdefgh\"")
            #expect(loader.load(bytes: Array(fresh.utf8)).loadedDossier != nil, "round \(round)")
        }
    }

    /// What each input gives when parsed first in a fresh context: every outcome, its problems or
    /// its tree, must be the same however many other documents, hostile or not, the kept
    /// context parsed before.
    @Test("a document parses the same after any other document, hostile ones included")
    func outcomeIndependentOfHistory() throws {
        let loader = DossierLoader()
        var inputs: [[UInt8]] = []
        for name in ["billion-laughs.xml", "external-dtd.xml", "undeclared-entity.xml", "wrong-root.xml", "xinclude.xml"] {
            inputs.append(Array(try Fixtures.hostileText(name).utf8))
        }
        inputs.append(Array(try Fixtures.cr929Text().utf8))
        inputs.append(Array(Fixtures.minimalDossier.utf8))
        inputs.append(Array("<dossier format=\"1\" id=\"cut\" asOf=\"2020-01-01\">\n  <identity>\n".utf8))
        inputs.append(Array(("<dossier><e " + (0..<100).map { "a\($0)='1'" }.joined(separator: " ") + "/></dossier>").utf8))
        inputs.append(Array(("<dossier>" + (0..<5000).map { "<n\($0)/>" }.joined() + "</dossier>").utf8))
        func describe(_ outcome: DossierLoader.Outcome) -> String {
            switch outcome {
            case .loaded(let loaded): return "loaded \(loaded.root)"
            case .failure(let problems): return "failed \(problems)"
            }
        }
        let alone = inputs.map { describe(loader.load(bytes: $0)) }
        // Every input after every other one, on one thread: each parse takes the context the
        // previous one kept, unless a test running alongside took it in between.
        for first in inputs.indices {
            for second in inputs.indices {
                _ = loader.load(bytes: inputs[first])
                #expect(describe(loader.load(bytes: inputs[second])) == alone[second], "input \(second) after input \(first)")
            }
        }
    }
}
