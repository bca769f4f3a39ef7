import DossierXML
import Foundation
import Reports
import RuleLanguage
import Scoring
import Testing

@Suite("The browser view: submit a dossier, read its explanation, see the run's portfolio")
struct BrowserViewTests {
    static let html = [("Accept", "text/html,application/xhtml+xml")]

    /// The assessment the command line makes of an input, to compare the pages with.
    static func assessment(of name: String) throws -> Assessment {
        let ruleSet = try #require(RuleSetLoader.load(directory: RunningServer.shippedRules).ruleSet)
        let path = RunningServer.inputs.appendingPathComponent(name).path
        guard case .success(let assessment) = Assessor(ruleSet: ruleSet).assess(file: path, loader: DossierLoader()) else {
            throw Chromium.ProtocolError(message: "\(name) does not score")
        }
        return assessment
    }

    @Test("the start page is a form that posts a file or pasted XML as multipart, with no script anywhere")
    func startPageIsAPlainForm() async throws {
        try await RunningServer.with { server in
            let page = try await server.get("/", headers: Self.html)
            #expect(page.status == 200)
            #expect(page.headers.first(name: "Content-Type") == "text/html; charset=utf-8")
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("default-src 'none'") == true)
            let text = page.text
            #expect(text.contains("<form class=\"submit\" method=\"post\" action=\"/\" enctype=\"multipart/form-data\">"))
            #expect(text.contains("<input type=\"file\" name=\"file\""))
            #expect(text.contains("<textarea name=\"dossier\""))
            #expect(!text.lowercased().contains("<script"))
            #expect(text.contains("No dossier has been scored yet"))
        }
    }

    @Test("a pasted dossier leads to its explanation: band, findings with evidence and quotes, undecided rules, missing facts")
    func pastedDossierIsExplained() async throws {
        let expected = try Self.assessment(of: "cr929-widebody.xml")
        try await RunningServer.with { server in
            let form = Multipart.body([
                .init(name: "file", filename: "", body: []),
                .init(name: "dossier", body: try Fixture.input("cr929-widebody.xml")),
            ])
            let posted = try await server.post("/", body: form, headers: [Multipart.contentType] + Self.html)
            #expect(posted.status == 303)
            #expect(posted.headers.first(name: "Location") == "/dossiers/\(expected.id)")
            let page = try await server.get("/dossiers/\(expected.id)", headers: Self.html)
            #expect(page.status == 200)
            let text = page.text
            #expect(text.contains(">\(HTMLReport.escape(expected.band.label))</span>"))
            #expect(text.contains("background:\(HTMLReport.colour(expected.band))"))
            for finding in expected.findings {
                #expect(text.contains(HTMLReport.escape(finding.title)), "finding \(finding.rule)")
                for item in finding.evidence where item.line != nil {
                    #expect(text.contains("pasted.xml:\(item.line!)"), "evidence \(item.fact)")
                }
            }
            #expect(text.contains("<blockquote>"))
            #expect(!expected.undecided.isEmpty)
            for rule in expected.undecided { #expect(text.contains(HTMLReport.escape(rule.title)), "undecided \(rule.rule)") }
            for fact in expected.missingFacts { #expect(text.contains("<code>\(HTMLReport.escape(fact.fact))</code>")) }
            #expect(text.contains(server.server.store.current.hash))

            let home = try await server.get("/", headers: Self.html).text
            #expect(home.contains("<a href=\"/dossiers/\(expected.id)\">\(HTMLReport.escape(expected.title))</a>"))
        }
    }

    @Test("an uploaded file is scored under its own name; the run's portfolio ranks every dossier submitted, through any door")
    func portfolioListsEverySubmission() async throws {
        try await RunningServer.with { server in
            let form = Multipart.body([
                .init(name: "file", filename: "mts.xml", body: try Fixture.input("mts-huawei-5g.xml")),
                .init(name: "dossier", body: []),
            ])
            let posted = try await server.post("/", body: form, headers: [Multipart.contentType] + Self.html)
            #expect(posted.status == 303)
            _ = try await server.post("/v1/assessments?name=cr929.xml", body: try Fixture.input("cr929-widebody.xml"))
            let report = try await server.get("/portfolio.json").json()
            let ranking = report["ranking"] as? [[String: Any]] ?? []
            #expect(Set(ranking.compactMap { $0["file"] as? String }) == ["mts.xml", "cr929.xml"])
            let html = try await server.get("/portfolio", headers: Self.html)
            #expect(html.status == 200)
            #expect(html.text.contains("<h1>SilkRisk report</h1>"))
        }
    }

    @Test("a refused paste brings the form back with the located problem and the text as it was pasted")
    func refusedPasteIsShownWithItsProblem() async throws {
        try await RunningServer.with { server in
            let pasted = "<dossier format=\"1\">\n  <identity>\n</dossier>\n"
            let form = Multipart.body([.init(name: "dossier", body: Array(pasted.utf8))])
            let page = try await server.post("/", body: form, headers: [Multipart.contentType] + Self.html)
            #expect(page.status == 422)
            #expect(page.text.contains("<code class=\"diagnostic\">pasted.xml:3:"), "\(page.text)")
            #expect(page.text.contains(HTMLReport.escape(pasted)))
        }
    }

    @Test(
        "in headless Chromium, pasting a dossier and pressing Score shows its explanation, with no script on the page",
        .enabled(if: Chromium.executable != nil, "chromium is not installed"))
    func chromiumRendersTheExplanation() async throws {
        let expected = try Self.assessment(of: "cr929-widebody.xml")
        let xml = String(decoding: try Fixture.input("cr929-widebody.xml"), as: UTF8.self)
        let screenshot = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-browser-view.png")
        try await RunningServer.with { server in
            let seen = try await Chromium.session { browser in
                try browser.open(server.base + "/")
                var seen: [String: String] = [:]
                seen["form"] = try browser.evaluate("document.querySelectorAll('form textarea[name=dossier], form input[type=file]').length").map {
                    "\($0)"
                }
                _ = try browser.evaluate("document.querySelector('textarea[name=dossier]').focus()")
                try browser.send("Input.insertText", ["text": xml])
                let box =
                    try browser.evaluate(
                        "(() => { const r = document.querySelector('form.submit button').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
                    ) as? [Double] ?? [0, 0]
                try browser.andWaitForLoad {
                    for type in ["mousePressed", "mouseReleased"] {
                        try browser.send("Input.dispatchMouseEvent", ["type": type, "x": box[0], "y": box[1], "button": "left", "clickCount": 1])
                    }
                }
                seen["path"] = try browser.evaluate("location.pathname") as? String
                seen["band"] = try browser.evaluate("document.querySelector('section.dossier .band').textContent") as? String
                seen["colour"] = try browser.evaluate("getComputedStyle(document.querySelector('section.dossier .band')).backgroundColor") as? String
                seen["bandWidth"] =
                    try browser.evaluate("document.querySelector('section.dossier .band').getBoundingClientRect().width > 20 ? 'visible' : 'hidden'")
                    as? String
                seen["findings"] = try browser.evaluate("document.querySelectorAll('section.dossier table')[0].rows.length - 1").map { "\($0)" }
                seen["quotes"] = try browser.evaluate("document.querySelectorAll('section.dossier blockquote').length").map { "\($0)" }
                seen["undecided"] = try browser.evaluate("document.querySelectorAll('table.undecided tr').length - 1").map { "\($0)" }
                seen["missing"] = try browser.evaluate("document.querySelectorAll('table.missing tr').length - 1").map { "\($0)" }
                seen["scripts"] = try browser.evaluate("document.scripts.length").map { "\($0)" }
                try browser.screenshot(to: screenshot)
                try browser.navigate(server.base + "/")
                seen["portfolio"] = try browser.evaluate("document.querySelector('table.portfolio a').textContent") as? String
                return seen
            }
            #expect(seen["form"] == "2")
            #expect(seen["path"] == "/dossiers/\(expected.id)")
            #expect(seen["band"] == expected.band.label)
            #expect(seen["colour"] == Self.rgb(HTMLReport.colour(expected.band)))
            #expect(seen["bandWidth"] == "visible")
            #expect(seen["findings"] == String(expected.findings.count))
            #expect(Int(seen["quotes"] ?? "") ?? 0 > 0)
            #expect(seen["undecided"] == String(expected.undecided.count))
            #expect(seen["missing"] == String(expected.missingFacts.count))
            #expect(seen["scripts"] == "0")
            #expect(seen["portfolio"] == expected.title)
            #expect(FileManager.default.fileExists(atPath: screenshot.path))
        }
    }

    /// `#d9480f` as a browser's computed style writes it: `rgb(217, 72, 15)`.
    static func rgb(_ hex: String) -> String {
        let digits = Array(hex.dropFirst())
        let channels = stride(from: 0, to: 6, by: 2).map { Int(String(digits[$0..<$0 + 2]), radix: 16) ?? 0 }
        return "rgb(\(channels.map(String.init).joined(separator: ", ")))"
    }
}
