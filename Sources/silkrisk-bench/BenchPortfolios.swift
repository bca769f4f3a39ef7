import Foundation
import SafeOutput
import ToolSupport

/// The portfolios the benchmark scores, generated once and kept under the work folder.
enum PortfolioKind: String, CaseIterable {
    /// Seeded synthetic dossiers (`SyntheticPortfolio`).
    case synthetic
    /// Copies of the hand-written dossiers in `Inputs/`, each copy's id made unique.
    case inputs
}

extension Run {
    /// The portfolio of `kind` and `size`: made once, kept for later runs.
    func portfolio(_ kind: PortfolioKind, size: Int) throws -> String {
        switch kind {
        case .synthetic: try portfolio(size: size)
        case .inputs: try inputsPortfolio(size: size)
        }
    }

    /// Generates the portfolio once per size and seed; folders of 1,000 files each. Each file is
    /// renamed into place whole; the marker is written last, after one `sync` for them all, so a
    /// generation that was stopped is redone.
    func portfolio(size: Int) throws -> String {
        let folder = "\(work)/portfolio-\(size)-seed-\(seed)"
        try generate(folder: folder) {
            var random = SeededGenerator(seed: seed)
            for index in 0..<size {
                let text = SyntheticPortfolio.dossier(index: index, random: &random)
                try write(Array(text.utf8), index: index, in: folder)
            }
        }
        return folder
    }

    /// `size` copies of the dossiers in `inputs` (`Inputs/`), taken in turn, the n-th copy's root
    /// `id` given the suffix `-cN` so that no two dossiers share an id (the rest of each file is
    /// the original, byte for byte): the realistic counterpart of the synthetic portfolio, and
    /// the one issue 14 measured.
    func inputsPortfolio(size: Int) throws -> String {
        let folder = "\(work)/inputs-\(size)"
        try generate(folder: folder) {
            let names = try FileManager.default.contentsOfDirectory(atPath: inputs).filter { $0.hasSuffix(".xml") }.sorted()
            guard !names.isEmpty else { throw BenchError("no .xml file in \(inputs)") }
            let originals = try names.map { Array(try Data(contentsOf: URL(fileURLWithPath: "\(inputs)/\($0)"))) }
            for index in 0..<size {
                let original = originals[index % originals.count]
                guard let copy = Self.renamingRootID(original, suffix: "-c\(index / originals.count)") else {
                    throw BenchError("no root id in \(inputs)/\(names[index % names.count])")
                }
                try write(copy, index: index, in: folder)
            }
        }
        return folder
    }

    /// The dossier with `suffix` added to the first `id="…"` (the root's: no attribute named `id`
    /// comes before it in a dossier).
    static func renamingRootID(_ bytes: [UInt8], suffix: String) -> [UInt8]? {
        let needle = Array(" id=\"".utf8)
        guard let start = (0..<max(0, bytes.count - needle.count)).first(where: { bytes[$0..<$0 + needle.count].elementsEqual(needle) }),
            let close = bytes[(start + needle.count)...].firstIndex(of: UInt8(ascii: "\""))
        else { return nil }
        var copy = bytes
        copy.insert(contentsOf: Array(suffix.utf8), at: close)
        return copy
    }

    private func generate(folder: String, _ body: () throws -> Void) throws {
        let marker = folder + "/.complete"
        if FileManager.default.fileExists(atPath: marker) { return }
        try? FileManager.default.removeItem(atPath: folder)
        try body()
        sync()
        try OutputFile.write("", to: marker)
    }

    private func write(_ bytes: [UInt8], index: Int, in folder: String) throws {
        let shard = "\(folder)/\(index / 1000)"
        if index % 1000 == 0 { try FileManager.default.createDirectory(atPath: shard, withIntermediateDirectories: true) }
        try OutputFile.write(String(decoding: bytes, as: UTF8.self), to: "\(shard)/dossier-\(index).xml", flushesToDisk: false)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
