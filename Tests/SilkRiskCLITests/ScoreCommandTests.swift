import Foundation
import Testing
import ToolSupport

@Suite("silkrisk score and explain, run as a user would")
struct ScoreCommandTests {
    @Test("the shipped rules check clean: no errors and no warnings")
    func shippedRulesCheckClean() throws {
        let result = try CLI.run(["check", "--rules", "Rules", "--strict"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout.contains("0 errors, 0 warnings"))
    }

    @Test("scoring Inputs twice gives byte-identical JSON, text and HTML")
    func outputIsReproducible() throws {
        for format in ["json", "text", "html", "markdown"] {
            let first = try CLI.run(["score", "--format", format, "Inputs"])
            let second = try CLI.run(["score", "--format", format, "Inputs"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout == second.stdout, "format \(format) differs between runs")
            #expect(!first.stdout.isEmpty)
        }
    }

    @Test("every dossier in Inputs is scored and the full JSON carries the documented fields")
    func jsonReportHasTheSchema() throws {
        let result = try CLI.run(["score", "--format", "json", "--detail", "full", "Inputs"])
        #expect(result.status == 0, "\(result.stderr)")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: CLI.packageRoot.appendingPathComponent("Inputs").path).filter {
            $0.hasSuffix(".xml")
        }
        let dossiers = try CLI.dossiers(fromJSON: result.stdout)
        #expect(dossiers.count == inputs.count)
        for (id, dossier) in dossiers {
            for key in ["id", "file", "score", "band", "scoreRange", "completeness", "findings"] {
                #expect(dossier[key] != nil, "\(id) lacks \(key)")
            }
            let findings = dossier["findings"] as? [[String: Any]] ?? []
            for finding in findings {
                for key in ["rule", "category", "points", "evidence"] { #expect(finding[key] != nil, "\(id) finding lacks \(key)") }
            }
            // Contributions add up: net category subtotals plus the clamp equal the score; the
            // raw subtotals are the fired adverse points; what the mitigations took off is what
            // the categories were offset by, and never more than they counted.
            let categories = dossier["categories"] as? [[String: Any]] ?? []
            func sum(_ key: String) -> Double { categories.compactMap { $0[key] as? Double }.reduce(0, +) }
            let clamp = dossier["clampAdjustment"] as? Double ?? 0
            let score = dossier["score"] as? Double ?? -1
            #expect(abs(sum("net") + clamp - score) < 0.011, "\(id): \(sum("net")) + \(clamp) != \(score)")
            #expect(abs(sum("counted") - sum("offset") - sum("net")) < 0.011, "\(id)")
            let points = findings.compactMap { $0["points"] as? Double }
            #expect(abs(sum("raw") - points.filter { $0 > 0 }.reduce(0, +)) < 0.011, "\(id): fired adverse points != category raw")
            let effects = findings.flatMap { ($0["offsets"] as? [[String: Any]]) ?? [] }.compactMap { $0["points"] as? Double }
            #expect(abs(effects.reduce(0, +) + sum("offset")) < 0.011, "\(id): offsets \(effects) against categories' \(sum("offset"))")
            for category in categories {
                #expect((category["net"] as? Double ?? -1) >= 0, "\(id): a category offset below zero")
            }
        }
    }

    @Test("a malformed dossier in a batch is reported, the others are still scored, and the exit code says so")
    func batchSurvivesBadInput() throws {
        let folder = try CLI.temporaryDirectory()
        let inputs = CLI.packageRoot.appendingPathComponent("Inputs")
        for name in ["cr929-widebody.xml", "inrtu-alibaba-cloud-venture.xml"] {
            try FileManager.default.copyItem(at: inputs.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        try Data("<dossier format=\"1\" id=\"broken\" asOf=\"2020-01-01\">\n  <identity>\n</dossier>\n".utf8)
            .write(to: folder.appendingPathComponent("broken.xml"))
        try Data("not a dossier".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let result = try CLI.run(["score", "--format", "json", folder.path])
        #expect(result.status == 1)
        let dossiers = try CLI.dossiers(fromJSON: result.stdout)
        #expect(Set(dossiers.keys) == ["cr929-widebody", "inrtu-alibaba-cloud-venture"])
        #expect(result.stderr.contains("broken.xml:3:"), "\(result.stderr)")
        #expect(result.stderr.contains("error:"))
        #expect(result.stderr.contains("notes.txt:1:1: warning: skipped"), "nothing is skipped silently")
    }

    @Test("editing a rule file changes the next run's result, with no rebuild")
    func editingRulesChangesTheResult() throws {
        let rules = try CLI.copyOfShippedRules()
        let dossier = "Inputs/cr929-widebody.xml"
        let before = try CLI.run(["score", "--rules", rules.path, "--format", "json", "--detail", "full", dossier])
        #expect(before.status == 0, "\(before.stderr)")
        let beforeDossier = try #require(try CLI.dossiers(fromJSON: before.stdout)["cr929-widebody"])
        let findings = beforeDossier["findings"] as? [[String: Any]] ?? []
        let top = try #require(findings.first { ($0["points"] as? Double ?? 0) > 0 })
        let ruleId = try #require(top["rule"] as? String)

        // Find the rule in the copied files and delete its whole block.
        var edited = false
        for name in try FileManager.default.contentsOfDirectory(atPath: rules.path) where name.hasSuffix(".rules") {
            let url = rules.appendingPathComponent(name)
            var text = try String(contentsOf: url, encoding: .utf8)
            guard let start = text.range(of: "rule \(ruleId) {") else { continue }
            let end = try #require(text.range(of: "\n}", range: start.upperBound..<text.endIndex))
            text.removeSubrange(start.lowerBound..<end.upperBound)
            try text.write(to: url, atomically: true, encoding: .utf8)
            edited = true
        }
        #expect(edited)
        let after = try CLI.run(["score", "--rules", rules.path, "--format", "json", "--detail", "full", dossier])
        #expect(after.status == 0, "\(after.stderr)")
        let afterDossier = try #require(try CLI.dossiers(fromJSON: after.stdout)["cr929-widebody"])
        let afterRules = (afterDossier["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(!afterRules.contains(ruleId))
        #expect((afterDossier["total"] as? Double) != (beforeDossier["total"] as? Double))
    }

    @Test("broken rules stop scoring with exit 2 and a positioned error")
    func brokenRulesExitTwo() throws {
        let rules = try CLI.temporaryDirectory()
        try "rule x {\n  title \"t\"\n  points ten\n}\n".write(to: rules.appendingPathComponent("bad.rules"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["score", "--rules", rules.path, "Inputs"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.rules:3:10: error:"), "\(result.stderr)")
        let check = try CLI.run(["check", "--rules", rules.path])
        #expect(check.status == 1)
    }

    @Test("a misquoted citation is an error in check and stops score and explain with exit 2, the closest passage as help")
    func misquoteStopsScoring() throws {
        let rules = try CLI.copyOfShippedRules()
        let file = rules.appendingPathComponent("ip-and-technology.rules")
        let text = try String(contentsOf: file, encoding: .utf8)
        let quote = "\"the leak or transfer of valuable intellectual property to local companies\""
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(quote) }) + 1
        try text.replacingOccurrences(of: quote, with: "\"the leak of valuable intellectual property to local companies\"")
            .write(to: file, atomically: true, encoding: .utf8)
        let position = "\(file.path):\(line):"
        let check = try CLI.run(["check", "--rules", rules.path])
        #expect(check.status == 1)
        #expect(
            check.stderr.contains(position) && check.stderr.contains("error: the quote is not found verbatim in source 'essay' [quote-not-found]"))
        #expect(
            check.stderr.contains(
                "= help: the closest passage of the source is \"the leak or transfer of valuable intellectual property to local companies\"; quote it exactly"
            ), "\(check.stderr)")
        for arguments in [["score", "Inputs"], ["explain", "Inputs/cr929-widebody.xml"], ["score", "--format", "json", "Inputs"]] {
            let result = try CLI.run(arguments + ["--rules", rules.path])
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "no report: \(result.stdout.prefix(200))")
            #expect(result.stderr.contains(position) && result.stderr.contains("[quote-not-found]"), "\(result.stderr)")
        }
    }

    @Test("explain shows evidence with dossier lines and the essay quote")
    func explainShowsEvidence() throws {
        let result = try CLI.run(["explain", "Inputs/cr929-widebody.xml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Inputs/cr929-widebody.xml:"))
        #expect(result.stdout.contains("(Inputs/cr929-widebody.xml:56, source essay)"), "evidence names the dossier's own source")
        #expect(result.stdout.contains("” — Russia and China's Digital Silk Road"), "quotes are attributed to the source's title")
        #expect(result.stdout.contains("Score "))
        #expect(!result.stdout.contains("\u{1B}["), "no colour when NO_COLOR is set and output is not a terminal")
    }

    @Test("evidence for list items cites each item's own line and source, and the values the rule tested, in every format")
    func listItemEvidence() throws {
        let file = "Inputs/cr929-widebody.xml"
        let text = try CLI.run(["explain", file])
        #expect(text.status == 0, "\(text.stderr)")
        // CR929's allegations are on lines 75-78, each citing the essay; <integrity> is line 74.
        let espionage = "– espionage  (\(file):75, source essay): kind = espionage, date = 2020-09-01, concerns = unknown"
        #expect(
            text.stdout.contains("        · integrity.allegations = espionage, ip-theft, other, other  (\(file):74)\n            \(espionage)\n"),
            "\(text.stdout)")
        #expect(
            text.stdout.contains(
                "– United Aircraft Corporation  (\(file):14): jointProjects = unknown, abandoned = unknown, rating = poor (line 20, assumption, source essay)"
            ))
        let markdown = try CLI.run(["explain", "--format", "markdown", file])
        #expect(markdown.stdout.contains("<br>– espionage  (line 75, source essay): kind = espionage, date = 2020-09-01, concerns = unknown"))
        let html = try CLI.run(["explain", "--format", "html", file])
        #expect(html.stdout.contains("<br>– espionage  (\(file):75, source essay): kind = espionage, date = 2020-09-01, concerns = unknown"))

        let json = try CLI.run(["explain", "--format", "json", file])
        let dossier = try #require(try CLI.dossiers(fromJSON: json.stdout)["cr929-widebody"])
        let findings = try #require(dossier["findings"] as? [[String: Any]])
        let finding = try #require(findings.first { $0["rule"] as? String == "espionage-allegation" })
        let evidence = try #require((finding["evidence"] as? [[String: Any]])?.first { $0["fact"] as? String == "integrity.allegations" })
        #expect(evidence["line"] as? Int == 74)
        let items = try #require(evidence["items"] as? [[String: Any]])
        #expect(items.map { $0["line"] as? Int } == [75, 76, 77, 78])
        #expect(items.allSatisfy { $0["sources"] as? [String] == ["essay"] })
        let fields = try #require(items.first?["fields"] as? [[String: Any]])
        #expect(fields.map { $0["field"] as? String } == ["kind", "date", "concerns"])
        #expect(fields.map { $0["value"] as? String } == ["espionage", "2020-09-01", "unknown"])
        #expect(fields.map { $0["line"] as? Int } == [75, 75, nil], "an absent field has no line")
    }

    @Test("the HTML report is self-contained: no scripts, no external references")
    func htmlIsSelfContained() throws {
        let folder = try CLI.temporaryDirectory()
        let output = folder.appendingPathComponent("report.html").path
        let result = try CLI.run(["score", "--format", "html", "--output", output, "Inputs"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote \(output)"))
        let html = try String(contentsOfFile: output, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src=\"http"))
        #expect(!html.contains("href=\"http"))
    }
}

@Suite("Values the schema cannot check")
struct DataProblemTests {
    @Test("an extension value that does not read as its declared type is reported with its line and counts as unknown")
    func badExtensionValues() throws {
        let folder = try CLI.temporaryDirectory()
        let dossier = """
            <?xml version="1.0" encoding="UTF-8"?>
            <dossier format="1" id="odd-extensions" asOf="2026-01-01">
              <identity>
                <title>Project with odd extension values</title>
              </identity>
              <extensions>
                <sanctionsScreening>
                  <result>maybe</result>
                  <screenedOn>yesterday</screenedOn>
                </sanctionsScreening>
              </extensions>
            </dossier>

            """
        let path = folder.appendingPathComponent("odd.xml").path
        try dossier.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CLI.run(["explain", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\(path):8: warning: 'maybe' in <result> is not one of the values the rules know"), "\(result.stdout)")
        #expect(result.stdout.contains("\(path):9: warning: 'yesterday' in <screenedOn> is not a date"), "\(result.stdout)")
    }

    @Test("a rule worth astronomical points is scored and shown in every format, not a crash that stops the run")
    func astronomicalPoints() throws {
        let rules = try CLI.copyOfShippedRules()
        // A slip of the keyboard an analyst could make: the engine once trapped turning it into an integer.
        let file = rules.appendingPathComponent("investment-climate.rules")
        var text = try String(contentsOf: file, encoding: .utf8)
        let range = try #require(text.range(of: "  points 6\n"))
        text.replaceSubrange(range, with: "  points 1e307\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        for format in ["json", "text", "markdown", "html"] {
            let result = try CLI.run(["score", "--rules", rules.path, "--format", format, "Inputs"])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(format)")
            if format == "json" {
                #expect(result.stdout.contains(": 1e+307"), "the points are written as a JSON number")
                #expect(!result.stdout.contains(": inf") && !result.stdout.contains(": -inf"))
                #expect(try CLI.dossiers(fromJSON: result.stdout).count == 22, "the report is valid JSON")
            }
        }
        let explained = try CLI.run(["explain", "--rules", rules.path, "Inputs/cr929-widebody.xml"])
        #expect(explained.status == 0, "\(explained.stderr)")
    }
}

@Suite("Allocator tuning")
struct AllocatorTuningTests {
    @Test("scoring runs with glibc's per-thread cache enlarged, unless the user tuned it or switched tuning off")
    func tuningApplied() throws {
        let arguments = ["measure", "--portfolio", "Inputs", "--rules", "Rules"]
        let tuned = try CLI.run(arguments, unsetting: ["GLIBC_TUNABLES", "SILKRISK_MALLOC_TUNING"], program: "silkrisk-bench")
        #expect(tuned.status == 0, "\(tuned.stderr)")
        #expect(tuned.stdout.contains("allocator=\(AllocatorTuning.tunables)"), "\(tuned.stdout)")
        let off = try CLI.run(arguments, environment: ["SILKRISK_MALLOC_TUNING": "off"], unsetting: ["GLIBC_TUNABLES"], program: "silkrisk-bench")
        #expect(off.stdout.contains("allocator=glibc defaults"), "\(off.stdout)")
        let once = try CLI.run(arguments, environment: ["SILKRISK_MALLOC_TUNED": "1"], unsetting: ["GLIBC_TUNABLES"], program: "silkrisk-bench")
        #expect(once.stdout.contains("allocator=glibc defaults"), "a process that was re-executed once is never re-executed again: \(once.stdout)")
        let own = try CLI.run(arguments, environment: ["GLIBC_TUNABLES": "glibc.malloc.tcache_count=3"], program: "silkrisk-bench")
        #expect(own.stdout.contains("allocator=glibc.malloc.tcache_count=3"), "the user's own tuning is kept: \(own.stdout)")
    }

    @Test("the report is the same bytes with and without the tuning")
    func sameReport() throws {
        let arguments = ["score", "--format", "json", "Inputs"]
        let tuned = try CLI.run(arguments, unsetting: ["GLIBC_TUNABLES", "SILKRISK_MALLOC_TUNING"])
        let untuned = try CLI.run(arguments, environment: ["SILKRISK_MALLOC_TUNING": "off"], unsetting: ["GLIBC_TUNABLES"])
        #expect(tuned.status == 0 && untuned.status == 0)
        #expect(!tuned.stdout.isEmpty && tuned.stdout == untuned.stdout)
    }
}
