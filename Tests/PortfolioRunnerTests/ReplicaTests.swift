import DossierXML
import Foundation
import SilkDiagnostics
import Synchronization
import Testing

@testable import PortfolioRunner
@testable import Reports
@testable import RuleLanguage
@testable import Scoring

/// Each worker thread of a batch but the first scores with replicas of its own of the rule set,
/// the assessor and the dossier schema, so that no two threads keep changing the same reference
/// counts: the replicas must be equal to the originals in every respect but storage.
@Suite("Worker replicas of the engine")
struct ReplicaTests {
    @Test("a replica of a loaded rule set is equal to it and shares none of its storage")
    func ruleSetReplica() throws {
        let ruleSet = try ShippedPackTests.load()
        let replica = ruleSet.replica()
        #expect(replica.contentHash == ruleSet.contentHash && replica.name == ruleSet.name && replica.version == ruleSet.version)
        #expect(replica.rules.map(\.id) == ruleSet.rules.map(\.id) && replica.rules.map(\.points) == ruleSet.rules.map(\.points))
        #expect(replica.facts == ruleSet.facts && replica.categories == ruleSet.categories && replica.bands == ruleSet.bands)
        #expect(replica.program !== ruleSet.program, "the flat conditions are compiled again")
        let addresses = [ruleSet.rules, replica.rules].map { $0.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) } }
        #expect(addresses[0] != addresses[1], "the rules are held in storage of their own")
        // A replica of a replica is compiled from the same texts again.
        #expect(replica.replica().contentHash == ruleSet.contentHash)
    }

    @Test("a rule set compiled without RuleSetLoader has no texts to compile again: its replica is itself")
    func replicaWithoutOrigin() throws {
        let file = ShippedPackTests.otherRules
        var compiler = RuleCompiler()
        let ruleSet = try #require(compiler.compile([Parser.parse(file)]).ruleSet)
        #expect(ruleSet.replica().program === ruleSet.program)
        // The same text through RuleSetLoader keeps it, and is compiled again.
        let loaded = try #require(RuleSetLoader.compile([file]).ruleSet)
        #expect(loaded.replica().program !== loaded.program && loaded.replica().contentHash == loaded.contentHash)
    }

    @Test("a replica loader streams a dossier only for a query built for its own schema")
    func loaderReplicaStreams() throws {
        let ruleSet = try ShippedPackTests.load()
        let shared = (loader: DossierLoader(), assessor: Assessor(ruleSet: ruleSet))
        let loader = shared.loader.replica()
        let assessor = shared.assessor.replica(for: loader)
        #expect(loader.validator !== shared.loader.validator)
        for file in ReportFormsTests.inputs() {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            // Streamed with the replica's query: the same facts as the shared pair reads.
            let streamed = loader.read(bytes: bytes, path: file, query: assessor.extractor.query, route: .streamedOnly)
            let original = shared.loader.read(bytes: bytes, path: file, query: shared.assessor.extractor.query, route: .streamedOnly)
            let (a, b) = (try #require(streamed, "streamed: \(file)").get(), try #require(original).get())
            #expect(assessor.extractor.extract(a).values == shared.assessor.extractor.extract(b).values, "\(file)")
            // The shared query numbers names by the shared schema: the replica hands the document on.
            let mismatched = loader.read(bytes: bytes, path: file, query: shared.assessor.extractor.query, route: .streamedOnly)
            #expect(mismatched == nil, "\(file)")
        }
    }

    @Test("a replica assessor carries every setting of its original")
    func replicaSettings() throws {
        var assessor = Assessor(ruleSet: try ShippedPackTests.load())
        // Every setting away from its default.
        assessor.settings.stakes = .first(2)
        assessor.settings.rendersMessages = false
        assessor.settings.hashesDossiers = false
        assessor.settings.usesReach = false
        assessor.settings.usesSoleFactOutcomes = false
        assessor.settings.usesStakeMemo = false
        #expect(assessor.settings != Assessor.Settings())
        let replica = assessor.replica(for: DossierLoader().replica())
        #expect(replica.settings == assessor.settings)
        #expect(replica.ruleSet.program !== assessor.ruleSet.program)
    }

    @Test("a report written with replicas is byte for byte the one written without", arguments: [JSONReport.Detail.compact, .full])
    func sameReport(detail: JSONReport.Detail) throws {
        var assessor = Assessor(ruleSet: try ShippedPackTests.load())
        assessor.stakes = detail.stakes
        assessor.rendersMessages = detail.showsMessages
        let files = PathList(Array(ReportFormsTests.inputs()) + ["/nonexistent/x.xml"])
        func report(replicates: Bool) throws -> [UInt8] {
            var scorer = BatchScorer(assessor: assessor, chunkSize: 3)
            (scorer.replicates, scorer.replicasFrom) = (replicates, 1)
            var bytes: [UInt8] = []
            _ = try StreamingJSONReport.write(files: files, scorer: scorer, form: .document, detail: detail, flushingAbove: 1000) {
                bytes += $0
                return nil
            }
            return bytes
        }
        let (with, without) = (try report(replicates: true), try report(replicates: false))
        #expect(!with.isEmpty && with == without)
    }

    @Test("every worker but the first scores with a rule set of its own; below the threshold, all share one")
    func workersOwnTheirRuleSets() throws {
        let assessor = Assessor(ruleSet: try ShippedPackTests.load())
        let files = ReportFormsTests.inputs()
        func programs(replicasFrom: Int) -> Set<ObjectIdentifier> {
            var scorer = BatchScorer(assessor: assessor, chunkSize: 1)
            scorer.replicasFrom = replicasFrom
            let seen = Mutex<Set<ObjectIdentifier>>([])
            let ids: @Sendable (Assessor) -> (Assessment) -> String = { worker in
                seen.withLock { _ = $0.insert(ObjectIdentifier(worker.ruleSet.program)) }
                return { $0.id }
            }
            scorer.run(files: files, preparing: ids) { _, _ in }
            return seen.withLock { $0 }
        }
        let workers = min(OrderedBatch.workers, files.count)
        let replicated = programs(replicasFrom: 1)
        #expect(replicated.count == workers)
        #expect(replicated.contains(ObjectIdentifier(assessor.ruleSet.program)), "the first worker keeps the original")
        #expect(programs(replicasFrom: files.count + 1) == [ObjectIdentifier(assessor.ruleSet.program)])
    }
}
