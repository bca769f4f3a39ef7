import RuleLanguage
import Scoring

/// A dossier's diff as bytes, so that a portfolio's can wait in a `SpillFile` rather than in
/// memory until the report is written.
extension DossierDiff {
    func encoded() -> [UInt8] {
        var out = BinaryWriter()
        out.bytes.reserveCapacity(256 + contributions.count * 48)
        out.string(id)
        out.string(title)
        out.string(file)
        before.encode(&out)
        after.encode(&out)
        out.int(contributions.count)
        for contribution in contributions {
            out.byte(contribution.kind.rawValue)
            out.string(contribution.id)
            out.double(contribution.before)
            out.double(contribution.after)
            out.byte(contribution.outcomeBefore.rawValue)
            out.byte(contribution.outcomeAfter.rawValue)
        }
        return out.bytes
    }

    init(decoding bytes: [UInt8]) {
        var input = BinaryReader(bytes)
        let id = input.string()
        let title = input.string()
        let file = input.string()
        let before = VerdictSide(&input)
        let after = VerdictSide(&input)
        let count = input.int()
        var contributions: [Contribution] = []
        contributions.reserveCapacity(count)
        for _ in 0..<count {
            let kind = Contribution.Kind(rawValue: input.byte()) ?? .rule
            let id = input.string()
            let (x, y) = (input.double(), input.double())
            let outcomes = (RuleOutcome(rawValue: input.byte()) ?? .absent, RuleOutcome(rawValue: input.byte()) ?? .absent)
            contributions.append(Contribution(kind: kind, id: id, before: x, after: y, outcomeBefore: outcomes.0, outcomeAfter: outcomes.1))
        }
        self.init(id: id, title: title, file: file, before: before, after: after, contributions: contributions)
    }
}

extension VerdictSide {
    fileprivate func encode(_ out: inout BinaryWriter) {
        out.double(score)
        for band in [band, scoredBand] {
            out.string(band.id)
            out.string(band.label)
            out.double(band.from)
        }
        out.int(place)
        out.bool(undetermined)
        out.int(bandReach)
        out.double(decidedShare)
        out.double(range.lowerBound)
        out.double(range.upperBound)
        out.int(floors.count)
        for floor in floors { out.string(floor) }
    }

    fileprivate init(_ input: inout BinaryReader) {
        let score = input.double()
        var bands: [Band] = []
        for _ in 0..<2 { bands.append(Band(id: input.string(), label: input.string(), from: input.double())) }
        let place = input.int()
        let undetermined = input.bool()
        let reach = input.int()
        let share = input.double()
        let (low, high) = (input.double(), input.double())
        let floors = (0..<input.int()).map { _ in input.string() }
        self.init(
            score: score, band: bands[0], scoredBand: bands[1], place: place, undetermined: undetermined, bandReach: reach, decidedShare: share,
            range: low...high, floors: floors)
    }
}
