/// The dossiers a diff lists, kept as small as they can be, since they are what grows with the
/// portfolio: per moved dossier a 32-byte entry (its place in the file list, the bands it moved,
/// the size of its score's change, where its detail lies in the spill file) and its id's bytes,
/// back to back in one buffer, for the order. The detail is read back from the spill file when
/// the report is written.
struct DiffIndex {
    struct Entry {
        var magnitude: Double
        var spillStart: Int
        var spillCount: Int32
        var position: Int32
        var steps: Int32
    }

    private(set) var entries: [Entry] = []
    private var idBytes: [UInt8] = []
    /// Per entry, where its id ends in `idBytes` (it starts where the previous one's ends).
    private var idEnds: [Int] = []

    var count: Int { entries.count }

    mutating func append(position: Int, diff: DossierDiff, spilled: Range<Int>) {
        precondition(position <= Int(Int32.max) && spilled.count <= Int(Int32.max), "positions and records fit in 32 bits")
        idBytes.append(contentsOf: diff.id.utf8)
        idEnds.append(idBytes.count)
        entries.append(
            Entry(
                magnitude: abs(diff.scoreChange), spillStart: spilled.lowerBound, spillCount: Int32(spilled.count), position: Int32(position),
                steps: Int32(diff.bandSteps)))
    }

    /// Most moved first: most bands moved, then largest change of the score, then id (by its
    /// bytes, which order UTF-8 text as its code points do), then place in the file list.
    mutating func sort(files: (Int) -> String) {
        let ends = idEnds
        var order = Array(entries.indices)
        idBytes.withUnsafeBufferPointer { bytes in
            func id(_ index: Int) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]])
            }
            order.sort { a, b in
                let (x, y) = (entries[a], entries[b])
                if x.steps != y.steps { return x.steps > y.steps }
                if x.magnitude != y.magnitude { return x.magnitude > y.magnitude }
                let (p, q) = (id(a), id(b))
                if !p.elementsEqual(q) { return p.lexicographicallyPrecedes(q) }
                return files(Int(x.position)) < files(Int(y.position))
            }
        }
        entries = order.map { entries[$0] }
        idBytes = []
        idEnds = []
    }
}
