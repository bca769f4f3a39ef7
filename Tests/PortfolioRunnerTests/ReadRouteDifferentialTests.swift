import DossierXML
import Foundation
import SilkDiagnostics
import Testing

@testable import RuleLanguage
@testable import Scoring

/// The read path every command takes now (`.automatic`: streamed when the streaming reader can
/// vouch for a dossier) against the path every dossier took before it (`.tree`: libxml2's tree and
/// libxml2's validation), with the shipped pack's query and catalogue, over the hostile samples and
/// seeded mutants of every dossier in Inputs/: `validate` gives the same verdict with the same
/// located messages, byte for byte, and the streaming reader never accepts a dossier the tree path
/// refuses.
@Suite("validate refuses what it refused before, with the same messages, on either read path")
struct ReadRouteDifferentialTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let assessor: Assessor = {
        let output = RuleSetLoader.load(directory: root.appendingPathComponent("Rules").path)
        return Assessor(ruleSet: output.ruleSet!)
    }()

    /// One dossier through both paths: what `validate` would print for each, and whether the
    /// streaming reader alone accepted it.
    struct Compared {
        var tree: String
        var automatic: String
        var treeRefused: Bool
        var streamed: Bool
    }

    static func compare(file: String) throws -> Compared {
        var treeLoader = DossierLoader()
        treeLoader.route = .tree
        let tree = describe(assessor.check(file: file, loader: treeLoader))
        let automatic = describe(assessor.check(file: file, loader: DossierLoader()))
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        let streamedOnly = DossierLoader().read(bytes: bytes, path: file, query: assessor.extractor.query, route: .streamedOnly)
        var streamed = false
        if case .success(let read)? = streamedOnly {
            streamed = true
            // Whatever the streaming reader accepts, the tree path reads alike.
            let treeRead = DossierLoader().read(bytes: bytes, path: file, query: assessor.extractor.query, route: .tree)
            #expect((try? treeRead?.get())?.result.readingsDescription == read.result.readingsDescription, "\(file)")
        }
        return Compared(tree: tree, automatic: automatic, treeRefused: tree.hasPrefix("refused"), streamed: streamed)
    }

    /// Counts compared dossiers, those streamed, and those whose two paths differ (each recorded
    /// as an issue with both outputs).
    struct Tally {
        var count = 0
        var streamed = 0
        var differing = 0

        mutating func add(_ compared: Compared, _ label: String) {
            count += 1
            if compared.streamed { streamed += 1 }
            if compared.automatic != compared.tree {
                differing += 1
                Issue.record("\(label):\n--- tree\n\(compared.tree)\n--- automatic\n\(compared.automatic)")
            }
        }
    }

    /// What `validate` prints for a dossier: its verdict, id, format and every diagnostic rendered.
    static func describe(_ outcome: Result<Assessor.CheckedDossier, FailedDossier>) -> String {
        let renderer = DiagnosticRenderer()
        switch outcome {
        case .success(let checked):
            return "valid \(checked.id) format \(checked.formatVersion ?? "-")\n" + renderer.render(checked.warnings)
        case .failure(let failure):
            return "refused\n" + renderer.render(failure.diagnostics)
        }
    }

    @Test("dossiers of Inputs/ with CR LF line ends and blanks at random line ends: the same verdict and readings on both paths")
    func windowsLineEndsWithBlanks() throws {
        let inputs = Self.xmlFiles(in: Self.root.appendingPathComponent("Inputs"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-crlf-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = DossierMutator.Random(seed: 1312)
        var tally = Tally()
        for input in inputs {
            let lines = try String(contentsOfFile: input, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for round in 0..<8 {
                // Every line end CR LF. Some texts broken over two lines, with blanks before the
                // break; in the later rounds, blanks after tags too (those are handed on).
                var text = ""
                for (index, line) in lines.enumerated() {
                    var line = String(line)
                    if random.next() % 3 == 0, let open = line.firstIndex(of: ">"), let space = line[open...].firstIndex(of: " "),
                        let close = line[space...].firstIndex(of: "<"), line[line.index(after: open)..<space].contains(where: { $0 != " " }),
                        space < close
                    {
                        let blanks = ["  ", "\t", " \t ", "\n  ", " "][Int(random.next() % 5)]
                        line.replaceSubrange(space...space, with: blanks + "\r\n    ")
                    } else if round >= 4, random.next() % 4 == 0, let open = line.firstIndex(of: ">"),
                        line[line.index(after: open)...].first.map({ $0 != "<" && $0 != " " }) == true
                    {
                        // Blanks between a start tag and its text: what libxml2 drops before a CR.
                        line.insert(contentsOf: ["  ", "\t", " "][Int(random.next() % 3)] + "\r\n", at: line.index(after: open))
                    }
                    text += line
                    if index == lines.count - 1 { break }
                    if round >= 4 && random.next() % 40 == 0 { text += ["  ", "\t", "\n  "][Int(random.next() % 3)] }
                    // Blank lines between elements, and blanks at the ends of tag lines.
                    if random.next() % 10 == 0 { text += ["\r\n", "  \r\n", " \t", "\r\n  \r\n"][Int(random.next() % 4)] }
                    text += "\r\n"
                }
                let file = folder.appendingPathComponent("\(round)-" + URL(fileURLWithPath: input).lastPathComponent).path
                try Data(text.utf8).write(to: URL(fileURLWithPath: file))
                // Whatever the streaming reader accepts, the tree path reads alike (in `compare`).
                tally.add(try Self.compare(file: file), file)
            }
        }
        #expect(tally.differing == 0)
        #expect(tally.count >= 160)
        // Blank lines and blanks after text are streamed; blanks between a start tag and its
        // text hand the dossier on (89 of 176 streamed).
        #expect(tally.streamed * 3 >= tally.count, "\(tally.streamed) of \(tally.count) streamed")
    }

    /// Every LF not already after a CR made CR LF.
    static func windowsLineEnds(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 20)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A && (index == 0 || bytes[index - 1] != 0x0D) { result.append(0x0D) }
            result.append(byte)
        }
        return result
    }

    static func xmlFiles(in folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".xml") { files.append(folder.appendingPathComponent(relative).path) }
        }
        return files.sorted()
    }

    @Test("the hostile samples, ours and the shared corpus, are refused alike on both paths")
    func hostileSamples() throws {
        var files = Self.xmlFiles(in: Self.root.appendingPathComponent("Tests/DossierXMLTests/Fixtures/hostile"))
        let shared = Self.root.deletingLastPathComponent().appendingPathComponent("shared/corpus/hostile")
        // The shared corpus is absent on some machines; ours is always here.
        files += Self.xmlFiles(in: shared)
        #expect(files.count >= 11)
        var refused = 0
        for file in files {
            let compared = try Self.compare(file: file)
            #expect(compared.automatic == compared.tree, "\(file)")
            if compared.treeRefused {
                refused += 1
                #expect(!compared.streamed, "\(file) was accepted by the streaming reader")
            }
        }
        // All but the XInclude left unprocessed in <extensions> (a valid dossier) are refused.
        #expect(refused == files.count - 1)
    }

    @Test("seeded mutants of every dossier in Inputs/ get the same verdict and messages on both paths")
    func mutatedInputs() throws {
        let inputs = Self.xmlFiles(in: Self.root.appendingPathComponent("Inputs"))
        #expect(inputs.count >= 20)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-routes-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = DossierMutator.Random(seed: 2026)
        var tally = Tally()
        var refused = 0
        var refusedKinds: Set<String> = []
        var streamedWindows = 0
        for input in inputs {
            let mutator = DossierMutator(try String(contentsOfFile: input, encoding: .utf8))
            for kind in DossierMutator.Kind.allCases {
                for round in 0..<3 {
                    guard var bytes = mutator.mutant(kind, random: &random) else { continue }
                    // The third round with CR LF line ends, as a file saved on Windows has them.
                    if round == 2 { bytes = Self.windowsLineEnds(bytes) }
                    let file = folder.appendingPathComponent("\(kind)-\(round)-" + URL(fileURLWithPath: input).lastPathComponent).path
                    try Data(bytes).write(to: URL(fileURLWithPath: file))
                    let compared = try Self.compare(file: file)
                    tally.add(compared, "\(kind) of \(input)")
                    if compared.treeRefused {
                        refused += 1
                        refusedKinds.insert("\(kind)")
                        #expect(!compared.streamed, "the streaming reader accepted \(file), which the tree path refuses:\n\(compared.tree)")
                    }
                    if compared.streamed && round == 2 { streamedWindows += 1 }
                }
            }
        }
        #expect(tally.differing == 0)
        // The mutants do what they are for: many refused, of many kinds, and many streamed.
        let mutants = tally.count
        #expect(mutants >= 900)
        #expect(refused * 3 >= mutants, "\(refused) of \(mutants) refused")
        #expect(refusedKinds.count >= 15, "\(refusedKinds.sorted())")
        #expect(tally.streamed * 5 >= mutants, "\(tally.streamed) of \(mutants) streamed")
        // Those with CR LF line ends too (a third of the mutants).
        #expect(streamedWindows * 20 >= mutants, "\(streamedWindows) of \(mutants) streamed with CR LF line ends")
    }
}
