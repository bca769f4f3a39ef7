import DossierXML
import Foundation
import Testing

/// Third-party hostile samples under ../shared/corpus/hostile (read-only; absent on some
/// machines, where these tests are skipped).
@Suite("Shared hostile corpus", .enabled(if: Fixtures.sharedCorpusExists, "the shared hostile corpus is absent"))
struct SharedCorpusTests {
    @Test("the corpus holds samples")
    func corpusIsNotEmpty() {
        #expect(!Fixtures.sharedCorpusSamples().isEmpty)
    }

    @Test("every sample is refused within one second, with a positioned problem", arguments: Fixtures.sharedCorpusSamples())
    func sampleIsRefused(sample: String) throws {
        let path = Fixtures.sharedCorpusDirectory.appendingPathComponent(sample).path

        let (outcome, elapsed) = timed { DossierLoader().load(path: path) }

        let problems = try #require(outcome.failureProblems, "\(sample) loaded as a dossier")
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { $0.line >= 1 }, "\(problems)")
        #expect(problems.allSatisfy { !$0.message.isEmpty })
        #expect(elapsed < refusalBound, "took \(elapsed)")
        if let passwd = passwdFirstLine() {
            #expect(problems.allSatisfy { !$0.message.contains(passwd) })
        }
        // A sample that declares a DTD is refused for the DOCTYPE, before any entity exists.
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        if text.hasPrefix("<!DOCTYPE") || (text.hasPrefix("<?xml") && text.contains("\n<!DOCTYPE")) {
            #expect(problems.map(\.id) == [.doctypeRefused], "\(problems)")
        }
    }
}
