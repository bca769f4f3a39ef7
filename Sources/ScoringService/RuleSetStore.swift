public import FoundationEssentials
import RuleLanguage
public import SilkDiagnostics
import Synchronization

/// The rule set in force, swapped whole: readers take the current snapshot under a lock held
/// only for the swap or the read of one reference; compiling happens outside it. A rule set
/// with errors is never swapped in: the last good one keeps serving and the refusal, with its
/// diagnostics, is kept for `/v1/rules/status`.
public final class RuleSetStore: Sendable {
    /// What one load of the rules folder came to.
    public enum Outcome: String, Sendable {
        /// The first load, at start-up.
        case initial
        /// A new rule set now serves.
        case accepted
        /// The folder compiled to the rule set already serving (same content hash).
        case unchanged
        /// The folder has errors; the rule set serving before goes on serving.
        case refused
    }

    /// One load of the rules folder: when, what came of it, and every diagnostic.
    public struct Reload: Sendable {
        public var at: Date
        public var outcome: Outcome
        /// The content hash of the rule set compiled; nil when it did not compile.
        public var hash: String?
        public var files: [String]
        public var diagnostics: [Diagnostic]
    }

    public struct Status: Sendable {
        public var current: RuleSetSnapshot
        public var lastReload: Reload
        /// Reloads since start-up that swapped a new rule set in, and that were refused.
        public var accepted: Int
        public var refused: Int
    }

    public let directory: String
    private let state: Mutex<Status>
    /// Held while the folder is compiled, so two reloads never race each other to the swap.
    private let reloading = Mutex<Void>(())

    private init(directory: String, first: RuleSetSnapshot, reload: Reload) {
        self.directory = directory
        self.state = Mutex(Status(current: first, lastReload: reload, accepted: 0, refused: 0))
    }

    /// Compiles the folder for the first time: a store, or every diagnostic when the rules
    /// have errors (the service does not start without a good rule set).
    public static func load(directory: String) -> Result<RuleSetStore, LoadFailure> {
        let output = compile(directory)
        guard let ruleSet = output.ruleSet else { return .failure(LoadFailure(diagnostics: output.diagnostics)) }
        let snapshot = RuleSetSnapshot(ruleSet: ruleSet, files: output.files, warnings: output.diagnostics)
        let reload = Reload(at: snapshot.loadedAt, outcome: .initial, hash: snapshot.hash, files: output.files, diagnostics: output.diagnostics)
        return .success(RuleSetStore(directory: directory, first: snapshot, reload: reload))
    }

    /// Compiles the folder as `silkrisk score` does, but refuses rules that declare a record
    /// format: the service scores SilkRisk dossiers, one a request, and such a pack's facts point
    /// into another format's records (a dossier scored with them would come out undetermined, its
    /// every fact unknown, and a file of the format would be refused as no dossier).
    static func compile(_ directory: String) -> RuleSetLoader.Output {
        var output = RuleSetLoader.load(directory: directory)
        if let format = output.ruleSet?.format {
            output.diagnostics.append(
                Diagnostic(
                    .error, .recordFormatUnsupported,
                    "these rules declare the record format '\(format.id)': the service scores SilkRisk dossiers only, and would read "
                        + "this format's facts from them", at: format.span,
                    suggestions: ["score files of this format with `silkrisk score --rules \(directory)`"]))
            output.ruleSet = nil
        }
        return output
    }

    public struct LoadFailure: Error, Sendable {
        public var diagnostics: [Diagnostic]
    }

    /// The rule set serving now. Take it once per request and use only it.
    public var current: RuleSetSnapshot { state.withLock { $0.current } }

    public var status: Status { state.withLock { $0 } }

    /// Compiles the folder again and swaps the result in when it has no errors and differs from
    /// the rule set serving.
    @discardableResult
    public func reload() -> Reload {
        reloading.withLock { _ in
            let output = Self.compile(directory)
            let now = Date()
            guard let ruleSet = output.ruleSet else {
                let reload = Reload(at: now, outcome: .refused, hash: nil, files: output.files, diagnostics: output.diagnostics)
                state.withLock {
                    $0.lastReload = reload
                    $0.refused += 1
                }
                return reload
            }
            let serving = current
            if ruleSet.contentHash == serving.hash {
                let reload = Reload(at: now, outcome: .unchanged, hash: ruleSet.contentHash, files: output.files, diagnostics: output.diagnostics)
                state.withLock { $0.lastReload = reload }
                return reload
            }
            // Built in full before the swap: a request sees the old snapshot or this one.
            let snapshot = RuleSetSnapshot(ruleSet: ruleSet, files: output.files, warnings: output.diagnostics, loadedAt: now)
            let reload = Reload(at: now, outcome: .accepted, hash: snapshot.hash, files: output.files, diagnostics: output.diagnostics)
            state.withLock {
                $0.current = snapshot
                $0.lastReload = reload
                $0.accepted += 1
            }
            return reload
        }
    }
}
