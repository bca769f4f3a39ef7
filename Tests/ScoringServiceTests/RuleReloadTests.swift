import DossierXML
import Foundation
import RuleLanguage
import Scoring
import Testing

@Suite("Hot reload: edited rules take effect, broken edits are refused, no request sees a mixed rule set")
struct RuleReloadTests {
    /// Replaces `old` with `new` in a rule file (written whole, as an editor saves).
    static func edit(_ folder: URL, _ file: String, replacing old: String, with new: String) throws {
        let url = folder.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(file) no longer contains \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    /// The score the command line gives a dossier with the rules in `folder` as they are now.
    static func score(_ input: String, rules folder: URL) throws -> (hash: String, score: Double) {
        let ruleSet = try #require(RuleSetLoader.load(directory: folder.path).ruleSet)
        let path = RunningServer.inputs.appendingPathComponent(input).path
        guard case .success(let assessment) = Assessor(ruleSet: ruleSet).assess(file: path, loader: DossierLoader()) else {
            throw Chromium.ProtocolError(message: "\(input) does not score")
        }
        return (ruleSet.contentHash, assessment.score)
    }

    static let rule = (
        file: "market-access.rules", old: "  points 8\n  when marketAccess.partnerMarket", new: "  points 2\n  when marketAccess.partnerMarket"
    )

    @Test("a valid edit takes effect for the next request, which names the new rule set")
    func validEditTakesEffect() async throws {
        let rules = try Fixture.copyOfShippedRules()
        try await RunningServer.with(RunningServer.configuration(rules: rules.path) { $0.watchInterval = .milliseconds(50) }) { server in
            let dossier = try Fixture.input("cr929-widebody.xml")
            let before = try await server.post("/v1/assessments", body: dossier)
            let original = try Self.score("cr929-widebody.xml", rules: rules)
            #expect(before.ruleSetHash == original.hash)

            try Self.edit(rules, Self.rule.file, replacing: Self.rule.old, with: Self.rule.new)
            let edited = try Self.score("cr929-widebody.xml", rules: rules)
            #expect(edited.score != original.score)
            _ = try await server.waitForReload { $0["outcome"] as? String == "accepted" && $0["sha256"] as? String == edited.hash }

            let after = try await server.post("/v1/assessments", body: dossier)
            #expect(after.ruleSetHash == edited.hash)
            let document = try after.json()
            #expect((document["dossier"] as? [String: Any])?["score"] as? Double == edited.score)
            #expect((document["ruleSet"] as? [String: Any])?["sha256"] as? String == edited.hash)
            #expect(server.log.entries.contains { "\($0.message)".contains("now serving sha256 \(edited.hash)") })
        }
    }

    @Test("a broken edit is refused with its diagnostics in the status and the log; the last good rules keep serving")
    func brokenEditIsRefused() async throws {
        let rules = try Fixture.copyOfShippedRules()
        try await RunningServer.with(RunningServer.configuration(rules: rules.path) { $0.watchInterval = .milliseconds(50) }) { server in
            let good = server.server.store.current.hash
            try Self.edit(rules, "market-access.rules", replacing: "when marketAccess.partnerMarket ==", with: "when marketAccess.partnerMarkt ==")
            let status = try await server.waitForReload { $0["outcome"] as? String == "refused" }
            #expect((status["serving"] as? [String: Any])?["sha256"] as? String == good)
            let last = try #require(status["lastReload"] as? [String: Any])
            #expect(last["sha256"] == nil)
            let diagnostics = last["diagnostics"] as? [[String: Any]] ?? []
            let error = try #require(diagnostics.first { $0["severity"] as? String == "error" })
            let position = try #require(error["position"] as? String)
            #expect(position.hasPrefix(rules.appendingPathComponent("market-access.rules").path + ":"), "\(position)")
            #expect((error["rendered"] as? String)?.contains("^") == true)
            #expect((error["message"] as? String)?.contains("partnerMarkt") == true)
            #expect(server.log.entries.contains { $0.level == .error && "\($0.message)".contains(position) })

            let reply = try await server.post("/v1/assessments", body: try Fixture.input("cr929-widebody.xml"))
            #expect(reply.status == 200)
            #expect(reply.ruleSetHash == good)
            let page = try await server.get("/", headers: BrowserViewTests.html)
            #expect(page.text.contains("The last edit of the rules was refused"))

            // Put right, the folder compiles to the rule set still serving.
            try Self.edit(rules, "market-access.rules", replacing: "when marketAccess.partnerMarkt ==", with: "when marketAccess.partnerMarket ==")
            _ = try await server.waitForReload { $0["outcome"] as? String == "unchanged" }
            #expect(server.server.store.current.hash == good)
        }
    }

    @Test("an edit that declares a record format is refused: dossiers keep being scored with the last good rules")
    func recordFormatEditIsRefused() async throws {
        let rules = try Fixture.copyOfShippedRules()
        try await RunningServer.with(RunningServer.configuration(rules: rules.path) { $0.watchInterval = .milliseconds(50) }) { server in
            let good = server.server.store.current.hash
            let format = """
                format projects {
                  root "projects"
                  record "project"
                  id "code"
                  title "name"
                }

                """
            try Data(format.utf8).write(to: rules.appendingPathComponent("format.rules"))
            let status = try await server.waitForReload { $0["outcome"] as? String == "refused" }
            #expect((status["serving"] as? [String: Any])?["sha256"] as? String == good)
            let last = try #require(status["lastReload"] as? [String: Any])
            let diagnostics = last["diagnostics"] as? [[String: Any]] ?? []
            let error = try #require(diagnostics.first { $0["severity"] as? String == "error" }, "\(diagnostics)")
            #expect(error["id"] as? String == "record-format-unsupported")
            #expect((error["position"] as? String)?.hasPrefix(rules.appendingPathComponent("format.rules").path + ":1:1") == true, "\(error)")
            let reply = try await server.post("/v1/assessments", body: try Fixture.input("cr929-widebody.xml"))
            #expect(reply.status == 200)
            #expect(reply.ruleSetHash == good)
        }
    }

    @Test("under load with the rules flipping between two versions, every request succeeds and is scored by one whole rule set")
    func noRequestSeesAMixedRuleSet() async throws {
        let rules = try Fixture.copyOfShippedRules()
        let (a, b) = (Self.rule.old, Self.rule.new)
        try await RunningServer.with(RunningServer.configuration(rules: rules.path) { $0.watchInterval = .milliseconds(20) }) { server in
            let dossier = try Fixture.input("cr929-widebody.xml")
            let progress = LoadProgress()
            let replies = try await withThrowingTaskGroup(of: [RunningServer.Reply].self) { group in
                // Each flip waits until the service has taken the edit and a few more requests
                // have been answered, so both rule sets serve under load however slow the
                // machine is; the clients send until the flips are done.
                group.addTask {
                    defer { Task { await progress.finish() } }
                    var hashes: [String] = []
                    for flip in 0..<6 {
                        try Self.edit(rules, Self.rule.file, replacing: flip.isMultiple(of: 2) ? a : b, with: flip.isMultiple(of: 2) ? b : a)
                        let status = try await server.waitForReload(
                            whereLastReload: { last in
                                last["outcome"] as? String == "accepted" && !hashes.contains(last["sha256"] as? String ?? "")
                                    || (flip >= 2 && last["outcome"] as? String == "accepted" && last["sha256"] as? String == hashes[flip - 2])
                            }, seconds: 60)
                        hashes.append(((status["lastReload"] as? [String: Any])?["sha256"] as? String) ?? "")
                        let answered = await progress.answered
                        while await progress.answered < answered + 8 { try await Task.sleep(for: .milliseconds(10)) }
                    }
                    return []
                }
                for _ in 0..<4 {
                    group.addTask {
                        var replies: [RunningServer.Reply] = []
                        while await !progress.finished {
                            replies.append(try await server.post("/v1/assessments", body: dossier))
                            await progress.answer()
                        }
                        return replies
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(replies.count > 20)
            #expect(replies.allSatisfy { $0.status == 200 })
            // One body per rule set: a request scored by a mix of two would differ from both.
            var bodies: [String: Set<[UInt8]>] = [:]
            for reply in replies {
                let hash = try #require(reply.ruleSetHash)
                let stated = (try reply.json()["ruleSet"] as? [String: Any])?["sha256"] as? String
                #expect(stated == hash)
                bodies[hash, default: []].insert(reply.body)
            }
            #expect(bodies.count == 2, "rule sets seen: \(bodies.keys.sorted())")
            #expect(bodies.values.allSatisfy { $0.count == 1 })
        }
    }
}

/// Shared by the flipping task and the clients of the load test.
private actor LoadProgress {
    private(set) var answered = 0
    private(set) var finished = false
    func answer() { answered += 1 }
    func finish() { finished = true }
}
