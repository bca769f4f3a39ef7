/// Finds the dossiers of a batch that have an id an earlier one has, in input order, keeping an
/// 8-byte hash and a position per id rather than the id itself: the caller already keeps the
/// ids (the streamed report's rank index, the in-memory portfolio's assessments) and lends them
/// to compare two that hash alike. Ids compare as strings do (canonically equivalent ids, which
/// read the same, are the same id).
public struct DossierIDs: Sendable {
    private var firstByHash: [Int: Int32] = [:]
    /// Positions whose id hashes like an earlier, different id's (almost never any).
    private var collided: [Int32] = []

    public init() {}

    /// Records `id` at `position` (positions are the caller's, increasing); returns the
    /// position of an earlier dossier with the same id, if there is one, and then records
    /// nothing. `idAt` gives the id at an earlier position.
    public mutating func claim(_ id: String, at position: Int, idAt: (Int) -> String) -> Int? {
        precondition(position <= Int(Int32.max), "positions fit in 32 bits")
        let hash = id.hashValue
        guard let first = firstByHash[hash] else {
            firstByHash[hash] = Int32(position)
            return nil
        }
        if idAt(Int(first)) == id { return Int(first) }
        if let earlier = collided.first(where: { idAt(Int($0)) == id }) { return Int(earlier) }
        collided.append(Int32(position))
        return nil
    }
}
