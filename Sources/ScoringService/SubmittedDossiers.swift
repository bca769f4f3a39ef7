import DossierXML
import Scoring
import Synchronization

/// The portfolio of this run: the latest submission of each dossier id that scored, through any
/// door (browser, API, batch), kept as bytes and scored again with the rule set serving when
/// it is shown, so a page never mixes assessments made under two rule sets. Bounded in count
/// and bytes; the least recently submitted go first, and the page says how many went.
final class SubmittedDossiers: Sendable {
    struct Entry: Sendable {
        var id: String
        var name: String
        var bytes: [UInt8]
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Ids, least recently submitted first.
        var order: [String] = []
        var byteCount = 0
        /// Bumped by every change, so a cached portfolio knows when it is stale.
        var generation = 0
        var dropped = 0
        var cached: (hash: String, generation: Int, portfolio: Portfolio)?
    }

    let capacity: Int
    let maxBytes: Int
    private let state = Mutex(State())

    init(capacity: Int, maxBytes: Int) {
        self.capacity = capacity
        self.maxBytes = maxBytes
    }

    /// Keeps (or replaces) the dossier `id`.
    func keep(id: String, name: String, bytes: [UInt8]) {
        guard capacity > 0, bytes.count <= maxBytes else { return }
        state.withLock { state in
            if let old = state.entries[id] {
                if old.bytes == bytes && old.name == name { return }
                state.byteCount -= old.bytes.count
                state.order.removeAll { $0 == id }
            }
            state.entries[id] = Entry(id: id, name: name, bytes: bytes)
            state.order.append(id)
            state.byteCount += bytes.count
            while state.order.count > capacity || state.byteCount > maxBytes {
                let oldest = state.order.removeFirst()
                state.byteCount -= state.entries.removeValue(forKey: oldest)?.bytes.count ?? 0
                state.dropped += 1
            }
            state.generation += 1
        }
    }

    func entry(id: String) -> Entry? {
        state.withLock { $0.entries[id] }
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// Dossiers let go to stay within the bounds, since start-up.
    var dropped: Int { state.withLock { $0.dropped } }

    /// Every kept dossier scored with `snapshot`'s rules, ranked; worked out once per rule set
    /// and state of the portfolio.
    func portfolio(with snapshot: RuleSetSnapshot, loader: DossierLoader) -> Portfolio {
        let (entries, generation, cached) = state.withLock { state in
            (state.order.compactMap { state.entries[$0] }, state.generation, state.cached)
        }
        if let cached, cached.hash == snapshot.hash, cached.generation == generation { return cached.portfolio }
        var assessments: [Assessment] = []
        var failures: [FailedDossier] = []
        for entry in entries {
            switch snapshot.assessor.assess(bytes: entry.bytes, file: entry.name, loader: loader) {
            case .success(let assessment): assessments.append(assessment)
            case .failure(let failure): failures.append(failure)
            }
        }
        let portfolio = Portfolio(ruleSet: snapshot.ruleSet, assessments: assessments, failures: failures)
        state.withLock { state in
            if state.generation == generation { state.cached = (snapshot.hash, generation, portfolio) }
        }
        return portfolio
    }
}
