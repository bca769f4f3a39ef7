import DossierXML
import Foundation
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics
import Testing

@Suite("POST /v1/assessments and the batch endpoint, over real HTTP")
struct AssessmentAPITests {
    /// The JSON report's entry for a dossier file, as `silkrisk score --format json` writes it.
    static func reportEntry(for path: String) throws -> [String: Any] {
        let ruleSet = try #require(RuleSetLoader.load(directory: RunningServer.shippedRules).ruleSet)
        guard case .success(let assessment) = Assessor(ruleSet: ruleSet).assess(file: path, loader: DossierLoader()) else {
            throw Failure(message: "\(path) does not score")
        }
        let fragment = JSONReport.FragmentWriter(ruleSet: ruleSet).fragment(assessment)
        return try #require(try JSONSerialization.jsonObject(with: Data(fragment)) as? [String: Any])
    }

    struct Failure: Error {
        var message: String
    }

    @Test("a dossier scored over HTTP is the JSON report's entry for it, with the rule set's hash in the body and the header")
    func singleDossierIsTheReportEntry() async throws {
        try await RunningServer.with { server in
            let path = RunningServer.inputs.appendingPathComponent("cr929-widebody.xml").path
            let reply = try await server.post("/v1/assessments?name=\(path)", body: try Fixture.bytes(URL(fileURLWithPath: path)))
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.headers.first(name: "Content-Type")?.hasPrefix("application/json") == true)
            let document = try reply.json()
            #expect(document["schema"] as? String == "silkrisk-assessment/1")
            let dossier = try #require(document["dossier"] as? [String: Any])
            // Compared as canonical JSON: NSDictionary's isEqual tells a parsed `false` from another.
            func canonical(_ object: [String: Any]) throws -> Data { try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) }
            #expect(try canonical(dossier) == canonical(try Self.reportEntry(for: path)))
            let ruleSet = try #require(document["ruleSet"] as? [String: Any])
            let hash = server.server.store.current.hash
            #expect(ruleSet["sha256"] as? String == hash)
            #expect(reply.ruleSetHash == hash)
            #expect(document["engineVersion"] as? String == Assessor.engineVersion)
        }
    }

    @Test("the same dossier and rules give the same bytes, request after request")
    func responsesAreReproducible() async throws {
        try await RunningServer.with { server in
            let bytes = try Fixture.input("mts-huawei-5g.xml")
            let first = try await server.post("/v1/assessments?name=mts.xml", body: bytes)
            let second = try await server.post("/v1/assessments?name=mts.xml", body: bytes)
            #expect(first.status == 200)
            #expect(first.body == second.body)
        }
    }

    @Test("a malformed dossier gets 422 and its located error, as the command line prints it")
    func malformedDossierIsLocated() async throws {
        try await RunningServer.with { server in
            let text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<dossier format=\"1\" id=\"x\" asOf=\"2020-01-01\">\n  <identity>\n</dossier>\n"
            let named = try await server.post("/v1/assessments?name=broken.xml", body: Array(text.utf8))
            #expect(named.status == 422)
            #expect(named.headers.first(name: "Content-Type")?.hasPrefix("application/problem+json") == true)
            let problem = try named.json()
            let errors = try #require(problem["errors"] as? [[String: Any]])
            let first = try #require(errors.first)
            #expect(first["id"] as? String == "not-well-formed")
            #expect(first["line"] as? Int == 4)
            #expect((first["rendered"] as? String)?.hasPrefix("broken.xml:4:") == true)
            #expect((problem["detail"] as? String)?.contains(": error: ") == true)
            #expect(named.ruleSetHash == server.server.store.current.hash)

            // Without a name the position is `line:column`.
            let anonymous = try await server.post("/v1/assessments", body: Array(text.utf8))
            let rendered = try #require((try anonymous.json()["errors"] as? [[String: Any]])?.first?["rendered"] as? String)
            #expect(rendered.hasPrefix("4:"), "\(rendered)")
            #expect(rendered.contains(": error: "))
        }
    }

    @Test("every hostile fixture gets what the command line gives it: a 4xx with exactly the same problems, or a score")
    func hostileInputIsRefusedAsOnTheCommandLine() async throws {
        let fixtures = Fixture.hostile
        #expect(fixtures.count >= 10)
        let shared = RunningServer.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/hostile").path
        if FileManager.default.fileExists(atPath: shared) { #expect(fixtures.contains { $0.path.hasPrefix(shared) }) }
        try await RunningServer.with { server in
            let renderer = DiagnosticRenderer(showsSnippets: false)
            for fixture in fixtures {
                let reply = try await server.post("/v1/assessments?name=\(fixture.path)", body: try Fixture.bytes(fixture))
                guard case .failure(let problems) = DossierLoader().load(path: fixture.path) else {
                    // XInclude is never processed: such a dossier is read as it stands, here as there.
                    #expect(reply.status == 200, "\(fixture.lastPathComponent) loads on the command line: \(reply.text)")
                    continue
                }
                let expected = problems.map { renderer.render($0) }
                #expect((400..<500).contains(reply.status), "\(fixture.lastPathComponent): \(reply.status)")
                let errors = try reply.json()["errors"] as? [[String: Any]] ?? []
                #expect(errors.compactMap { $0["rendered"] as? String } == expected, "\(fixture.lastPathComponent)")
            }
        }
    }

    @Test("a body over --max-bytes gets 413 with the command line's file-too-large problem, before it is read whole")
    func oversizedBodyIsRefused() async throws {
        try await RunningServer.with(RunningServer.configuration { $0.limits = XMLLimits(maxBytes: 1000) }) { server in
            let reply = try await server.post("/v1/assessments?name=big.xml", body: try Fixture.input("cr929-widebody.xml"))
            #expect(reply.status == 413)
            let errors = try reply.json()["errors"] as? [[String: Any]] ?? []
            #expect(errors.first?["rendered"] as? String == "big.xml:1:1: error: the file is larger than the 1000-byte limit [file-too-large]")
        }
    }

    @Test("a batch scores every good part and lists every bad one; the answer is the JSON report of the batch")
    func batchReportsEveryPart() async throws {
        try await RunningServer.with { server in
            let body = Multipart.body([
                .init(name: "dossier", filename: "cr929.xml", body: try Fixture.input("cr929-widebody.xml")),
                .init(name: "dossier", filename: "broken.xml", body: Array("<dossier>".utf8)),
                .init(name: "dossier", filename: "mts.xml", body: try Fixture.input("mts-huawei-5g.xml")),
            ])
            let reply = try await server.post("/v1/assessments/batch", body: body, headers: [Multipart.contentType])
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.headers.first(name: "SilkRisk-Dossiers-Failed") == "1")
            let report = try reply.json()
            #expect(report["schema"] as? String == JSONReport.schema)
            #expect(report["detail"] as? String == "full", "the batch answer keeps the full entries (docs/openapi.yaml)")
            #expect(((report["dossiers"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]])?.first?["message"] != nil)
            let files = (report["dossiers"] as? [[String: Any]] ?? []).compactMap { $0["file"] as? String }
            #expect(files == ["cr929.xml", "mts.xml"])
            let failures = report["failures"] as? [[String: Any]] ?? []
            #expect(failures.compactMap { $0["file"] as? String } == ["broken.xml"])
            #expect((report["ruleSet"] as? [String: Any])?["sha256"] as? String == reply.ruleSetHash)
        }
    }

    @Test("a batch that is not multipart gets 415; one cut short gets 400; too many parts get 413")
    func malformedBatchesAreRefused() async throws {
        try await RunningServer.with(RunningServer.configuration { $0.maxBatchDossiers = 2 }) { server in
            let notMultipart = try await server.post("/v1/assessments/batch", body: try Fixture.input("cr929-widebody.xml"))
            #expect(notMultipart.status == 415)
            let part = Multipart.Part(name: "dossier", filename: "a.xml", body: try Fixture.input("cr929-widebody.xml"))
            let whole = Multipart.body([part])
            let cut = try await server.post("/v1/assessments/batch", body: Array(whole.prefix(whole.count / 2)), headers: [Multipart.contentType])
            #expect(cut.status == 400, "\(cut.text)")
            let many = try await server.post("/v1/assessments/batch", body: Multipart.body([part, part, part]), headers: [Multipart.contentType])
            #expect(many.status == 413)
        }
    }

    @Test("an unknown address gets a 404 problem document that names the rule set")
    func unknownAddressIs404() async throws {
        try await RunningServer.with { server in
            let reply = try await server.get("/v1/nothing-here")
            #expect(reply.status == 404)
            #expect(reply.headers.first(name: "Content-Type")?.hasPrefix("application/problem+json") == true)
            #expect(reply.ruleSetHash == server.server.store.current.hash)
        }
    }
}
