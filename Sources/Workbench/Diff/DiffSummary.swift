/// What a diff adds up over the whole portfolio: how many dossiers moved and which way, and
/// the score change each rule, cap and the clamp accounts for. Kept per contributor (a few
/// hundred at most), never per dossier.
package struct DiffSummary: Sendable {
    /// One rule's, cap's or the clamp's share of the portfolio's changes.
    package struct Total: Sendable {
        package var key: Contribution.Key
        /// The score change it accounts for, summed over the dossiers (signed).
        package var change = 0.0
        /// The same, each dossier's part counted without its sign.
        package var absolute = 0.0
        /// Dossiers where its contribution or (a rule's) outcome changed.
        package var dossiers = 0
        /// Of those, the dossiers whose verdict changed.
        package var verdictMoves = 0
        /// A rule's dossiers where it fires now and did not, and where it fired and no longer does.
        package var nowFires = 0
        package var noLongerFires = 0
    }

    /// Dossiers assessed with both rule sets.
    package var compared = 0
    /// Of those, dossiers whose score, verdict or band by points and floors moved.
    package var moved = 0
    /// Dossiers whose verdict (a band, or undetermined) changed.
    package var verdictChanged = 0
    /// Dossiers whose band by points and floors rose, and fell.
    package var up = 0
    package var down = 0
    package var becameUndetermined = 0
    package var becameBanded = 0
    /// The score change summed over every dossier compared.
    package var scoreChange = 0.0
    private var totals: [Contribution.Key: Total] = [:]

    mutating func add(_ diff: DossierDiff) {
        compared += 1
        scoreChange += diff.scoreChange
        if diff.moved { moved += 1 }
        if diff.verdictChanged { verdictChanged += 1 }
        if diff.placeChange > 0 { up += 1 }
        if diff.placeChange < 0 { down += 1 }
        if !diff.before.undetermined && diff.after.undetermined { becameUndetermined += 1 }
        if diff.before.undetermined && !diff.after.undetermined { becameBanded += 1 }
        for contribution in diff.contributions {
            var total = totals[contribution.key] ?? Total(key: contribution.key)
            total.change += contribution.change
            total.absolute += abs(contribution.change)
            total.dossiers += 1
            if diff.verdictChanged { total.verdictMoves += 1 }
            if contribution.outcomeAfter == .fired && contribution.outcomeBefore != .fired { total.nowFires += 1 }
            if contribution.outcomeBefore == .fired && contribution.outcomeAfter != .fired { total.noLongerFires += 1 }
            totals[contribution.key] = total
        }
    }

    /// Every contributor, by the score change it accounts for: largest first (without its
    /// sign), then the largest sum of its parts, then rules, caps and the clamp, then id.
    package var ranked: [Total] {
        totals.values.sorted { a, b in
            let (p, q) = (abs(a.change), abs(b.change))
            if p != q { return p > q }
            if a.absolute != b.absolute { return a.absolute > b.absolute }
            return a.key.kind != b.key.kind ? a.key.kind < b.key.kind : a.key.id < b.key.id
        }
    }
}
