import DossierXML
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics

/// The `ranking` of a streamed report, kept as small as it can be, since it is the one thing
/// that grows with the portfolio: per scored dossier a 32-byte entry (score, upper end of the
/// score range, band, position, slot, whether it is undetermined) and its id's bytes, back to
/// back in one buffer. A `RankKey` per dossier takes 90 bytes inline (a whole `Band`, the id and
/// the file as strings) before any of them is copied on.
///
/// The file is not kept at all: a dossier's file is the caller's file list at its position
/// (`BatchScorer` assesses `files[position]` under that very name). A file of a declared record
/// format gives one entry per record, all at the file's position; each entry also has a
/// **slot**, its number in the order the entries were appended, which finds its id (and, in the
/// ranked reports, its pieces in the spool). Sorted, the index orders the dossiers exactly as
/// `Ranking.precedes` orders their `RankKey`s: ids compare as strings do.
struct RankIndex {
    /// What the ranking needs of an assessment, taken on the worker that scored it.
    struct Key: Sendable {
        var score: Double
        var upperScore: Double
        var band: Band
        var undetermined: Bool
        var id: String
        /// A record's place in its file (`Assessment.record`), to place a duplicate id.
        var record: RecordPlace?

        init(_ assessment: Assessment) {
            self.init(
                score: assessment.score, upperScore: assessment.scoreRange.upperBound, band: assessment.band,
                undetermined: assessment.undetermined, id: assessment.id, record: assessment.record)
        }

        init(score: Double, upperScore: Double, band: Band, undetermined: Bool, id: String, record: RecordPlace? = nil) {
            self.score = score
            self.upperScore = upperScore
            self.band = band
            self.undetermined = undetermined
            self.id = id
            self.record = record
        }
    }

    struct Entry {
        var score: Double
        /// The upper end of the score range: what orders the undetermined dossiers.
        var upperScore: Double
        /// The place of the dossier's file in the file list.
        var position: Int32
        /// The entry's number in append order, which finds its id.
        var slot: Int32
        /// Where the band stands in `bands`.
        var band: UInt16
        /// The id is ASCII, so its bytes order it as `String`'s `<` does (`TextOrder`); other
        /// ids are compared as strings.
        var asciiID: Bool
        var undetermined: Bool
    }

    /// The scored dossiers, in input order until `sort`.
    private(set) var entries: [Entry] = []
    /// Every band the dossiers were given, once each (a rule set has a handful).
    private(set) var bands: [Band] = []
    /// The ids, back to back, by slot: slot `s`'s id ends at `idEnds[s]` and starts where slot
    /// `s - 1`'s ends.
    private var idBytes: [UInt8] = []
    private var idEnds: [Int] = []
    /// The position of the last entry appended.
    private var lastPosition = -1
    /// By slot, for records: the line of the record in its file (0 for an entry without one);
    /// empty while no record is appended.
    private var recordLines: [Int32] = []

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    /// The slot the next entry appended gets.
    var nextSlot: Int { idEnds.count }

    /// Records the dossier (or record) scored at `position`; positions come in increasing order,
    /// a record file's records all at its one position.
    mutating func append(position: Int, _ key: Key) {
        let band = key.band
        precondition(position >= lastPosition && position <= Int(Int32.max), "positions come in increasing order and fit in 32 bits")
        precondition(idEnds.count < Int(Int32.max), "at most 2^31 - 1 entries")
        lastPosition = position
        let bandIndex: Int
        if let known = bands.firstIndex(of: band) {
            bandIndex = known
        } else {
            precondition(bands.count < Int(UInt16.max), "at most 65,535 distinct bands")
            bandIndex = bands.count
            bands.append(band)
        }
        let slot = idEnds.count
        if let record = key.record {
            while recordLines.count < slot { recordLines.append(0) }
            recordLines.append(Int32(clamping: record.line))
        }
        let start = idBytes.count
        idBytes.append(contentsOf: key.id.utf8)
        idEnds.append(idBytes.count)
        let ascii = idBytes[start...].allSatisfy { $0 < 0x80 }
        entries.append(
            Entry(
                score: key.score, upperScore: key.upperScore, position: Int32(position), slot: Int32(slot), band: UInt16(bandIndex),
                asciiID: ascii, undetermined: key.undetermined))
    }

    /// Sorts the entries as `Ranking.precedes` sorts `RankKey`s: the banded dossiers, highest
    /// score first, then higher band; then the undetermined ones, highest upper end of the range
    /// first, then highest score; ties by id and file. `files` are the files the positions refer to. The entries
    /// are sorted in place; only the sort's own scratch space is allocated.
    mutating func sort(files: PathList) {
        let froms = bands.map(\.from)
        var entries = self.entries
        self.entries = []
        idBytes.withUnsafeBufferPointer { bytes in
            func id(_ slot: Int32) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[idRange(slot)]) }
            entries.sort { a, b in
                if a.undetermined != b.undetermined { return !a.undetermined }
                if a.undetermined {
                    if a.upperScore != b.upperScore { return a.upperScore > b.upperScore }
                    if a.score != b.score { return a.score > b.score }
                } else {
                    if a.score != b.score { return a.score > b.score }
                    let fromA = froms[Int(a.band)]
                    let fromB = froms[Int(b.band)]
                    if fromA != fromB { return fromA > fromB }
                }
                let order = TextOrder.compare(id(a.slot), ascii: a.asciiID, id(b.slot), ascii: b.asciiID)
                return order != 0 ? order < 0 : files[Int(a.position)] < files[Int(b.position)]
            }
        }
        self.entries = entries
    }

    /// Where the id of the entry in `slot` lies in `idBytes`.
    private func idRange(_ slot: Int32) -> Range<Int> {
        let s = Int(slot)
        return (s == 0 ? 0 : idEnds[s - 1])..<idEnds[s]
    }

    /// The id of the entry in `slot`.
    func id(atSlot slot: Int) -> String {
        idBytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[idRange(Int32(slot))]), as: UTF8.self) }
    }

    /// The position (the file) of the entry in `slot`: valid until `sort`, which reorders the
    /// entries.
    func position(atSlot slot: Int) -> Int { Int(entries[slot].position) }

    /// The failure of a dossier (a record) whose id, `key.id`, the entry in slot `first` already
    /// has, placed in both files: `file` is its own, at `position`.
    func duplicate(_ key: Key, file: String, first: Int, files: PathList, scorer: BatchScorer) -> FailedDossier {
        scorer.duplicate(key.id, file: file, record: key.record, first: files[position(atSlot: first)], firstLine: recordLine(atSlot: first))
    }

    /// The line of the record in `slot` in its file; nil for a dossier.
    func recordLine(atSlot slot: Int) -> Int? {
        slot < recordLines.count && recordLines[slot] > 0 ? Int(recordLines[slot]) : nil
    }

    /// The dossier's id as UTF-8 bytes, for as long as `body` runs.
    func withID<Result>(_ entry: Entry, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try idBytes.withUnsafeBufferPointer { bytes in try body(UnsafeBufferPointer(rebasing: bytes[idRange(entry.slot)])) }
    }
}
