import DossierXML
import Foundation
import SilkDiagnostics
import Testing

@testable import PortfolioRunner
@testable import Reports
@testable import RuleLanguage
@testable import Scoring

/// The shipped rule pack over the shipped dossiers: the judgement the product stands on.
@Suite("The shipped rule pack and the essay's projects")
struct ShippedPackTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load() throws -> CompiledRuleSet {
        let output = RuleSetLoader.load(directory: root.appendingPathComponent("Rules").path)
        #expect(output.diagnostics.isEmpty, "\(output.diagnostics.map { "\($0.position): \($0.message) [\($0.id)]" })")
        return try #require(output.ruleSet)
    }

    static func portfolio() throws -> Portfolio {
        let ruleSet = try load()
        let files = DossierPaths.expand([root.appendingPathComponent("Inputs").path]).files
        return Assessor(ruleSet: ruleSet).assess(files: files)
    }

    @Test("the shipped rules load with zero errors and zero warnings, every quote found verbatim in the essay")
    func shippedRulesAreClean() throws {
        let ruleSet = try Self.load()
        #expect(ruleSet.rules.count >= 35)
        #expect(ruleSet.rules.allSatisfy { !$0.citations.isEmpty })
        #expect(ruleSet.rules.contains { $0.points < 0 }, "the pack has mitigating factors")
        #expect(ruleSet.rules.contains { $0.floor != nil }, "the pack has a floor")
    }

    @Test("every quote in the pack stands verbatim in the shared essay too")
    func quotesAreInTheSharedEssay() throws {
        let shared = Self.root.deletingLastPathComponent().appendingPathComponent("shared/source/digital-silk-road-essay.txt")
        let bundled = Self.root.appendingPathComponent("Rules/sources/digital-silk-road-essay.txt")
        let essay = try String(contentsOf: FileManager.default.fileExists(atPath: shared.path) ? shared : bundled, encoding: .utf8)
        let text = RuleCompiler.normalised(essay)
        for rule in try Self.load().rules {
            for citation in rule.citations {
                #expect(text.contains(RuleCompiler.normalised(citation.quote)), "\(rule.id): \(citation.quote)")
            }
        }
    }

    /// The essay's verdicts, pinned: a change in rules or dossiers that moves one of these is a
    /// change in judgement and must be made on purpose.
    static let bands: [(String, String)] = [
        ("cr929-widebody", "high"),
        ("armenia-smart-science-city", "high"),
        ("inrtu-alibaba-cloud-venture", "low"),
        ("aliexpress-russia", "low"),
        ("mts-huawei-5g", "moderate"),
        ("vimpelcom-huawei-5g", "moderate"),
        ("huawei-russian-research", "low"),
        ("digital-yuan-sreb-settlement", "low"),
        ("eaeu-integrated-information-system", "low"),
        ("beidou-navigation-eurasia", "low"),
        ("cross-border-optical-cables", "low"),
        ("5g-sparse-central-eurasia", "moderate"),
        ("eaeu-bri-alignment", "high"),
        ("greater-eurasian-partnership", "moderate"),
        ("russia-china-sti-cooperation-years", "low"),
        ("eaeu-world-bank-digital-agenda-study", "low"),
        ("proposed-siberia-greenhouse-agritech-lab", "low"),
        ("proposed-caspian-cloud-data-centre", "critical"),
    ]

    @Test("each essay project lands in its pinned band")
    func essayBands() throws {
        let portfolio = try Self.portfolio()
        #expect(portfolio.failures.isEmpty)
        let byId = Dictionary(uniqueKeysWithValues: portfolio.assessments.map { ($0.id, $0) })
        for (id, band) in Self.bands {
            let assessment = try #require(byId[id], "\(id) was not scored")
            #expect(assessment.band.id == band, "\(id): \(assessment.band.id) (score \(assessment.score)), pinned \(band)")
        }
    }

    @Test("the ranking follows the essay: CR929 and the Smart Science City far riskier than INRTU's start-up search")
    func rankingFollowsTheEssay() throws {
        let byId = Dictionary(uniqueKeysWithValues: try Self.portfolio().assessments.map { ($0.id, $0) })
        let inrtu = try #require(byId["inrtu-alibaba-cloud-venture"])
        for id in ["cr929-widebody", "armenia-smart-science-city"] {
            let risky = try #require(byId[id])
            #expect(risky.score >= inrtu.score + 40, "\(id) \(risky.score) vs INRTU \(inrtu.score)")
        }
        // The "recent successes" stay below the troubled flagships.
        for id in ["aliexpress-russia", "mts-huawei-5g", "vimpelcom-huawei-5g"] {
            #expect(try #require(byId[id]).score < byId["cr929-widebody"]!.score)
        }
    }

    @Test("a grey scheme with an undisclosed owner is at least high, whatever the points")
    func greySchemeFloor() throws {
        let portfolio = try Self.portfolio()
        let caspian = try #require(portfolio.assessments.first { $0.id == "proposed-caspian-cloud-data-centre" })
        #expect(caspian.findings.contains { $0.floor == "high" })
        #expect(caspian.band.from >= 40)
    }

    @Test("every finding's evidence points at a real line of its dossier")
    func evidenceLinesAreReal() throws {
        for assessment in try Self.portfolio().assessments {
            let lines = try String(contentsOfFile: assessment.file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
            for finding in assessment.findings {
                for item in finding.evidence {
                    if let line = item.line { #expect(line >= 1 && line <= lines, "\(assessment.id) \(finding.rule) \(item.fact)") }
                }
            }
        }
    }

    @Test("the streamed JSON report equals the in-memory one, byte for byte")
    func streamingMatchesInMemory() throws {
        let ruleSet = try Self.load()
        let files = DossierPaths.expand([Self.root.appendingPathComponent("Inputs").path]).files + ["/nonexistent/x.xml"]
        let assessor = Assessor(ruleSet: ruleSet)
        let expected = JSONReport.render(assessor.assess(files: files))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-stream-\(UUID().uuidString).json").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let summary = try StreamingJSONReport.write(files: files, scorer: BatchScorer(assessor: assessor, chunkSize: 5), to: descriptor)
        close(descriptor)
        #expect(summary.failed == 1)
        let streamed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(streamed == expected)
        #expect((try? JSONSerialization.jsonObject(with: Data(streamed.utf8))) != nil)
    }
    @Test("a fragment writer made for another rule set writes the same bytes the long way")
    func fragmentWriterFallsBack() throws {
        let ruleSet = try Self.load()
        let files = DossierPaths.expand([Self.root.appendingPathComponent("Inputs").path]).files
        let portfolio = Assessor(ruleSet: ruleSet).assess(files: files)
        let other = try #require(
            RuleSetLoader.compile([
                SourceFile(
                    path: "other.rules",
                    text: """
                        ruleset "Other"
                        category zzz { title "Z" }
                        fact aaa: number at "finance/totalCost/@amount"
                        band low "Low" from 0
                        rule r0 { title "R" category zzz points 1 when aaa > 1 }
                        """)
            ]).ruleSet)
        let right = JSONReport.FragmentWriter(ruleSet: ruleSet)
        let wrong = JSONReport.FragmentWriter(ruleSet: other)
        #expect(!portfolio.inputOrder.isEmpty)
        for assessment in portfolio.inputOrder {
            #expect(wrong.fragment(assessment) == right.fragment(assessment), "\(assessment.id)")
        }
    }
}
