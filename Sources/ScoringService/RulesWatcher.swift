import Logging
import ServiceLifecycle
import SilkDiagnostics

/// Watches the rules folder by polling its fingerprint (portable, and cheap: one `stat` per
/// file) and reloads the rule set when it changes. An edit is taken once the folder has been
/// still for a moment, and a reload during which the folder changed again is looked at again,
/// so a save of several files is not half-taken. Every reload is logged: the new hash when
/// accepted, every diagnostic when refused.
struct RulesWatcher: Service {
    let store: RuleSetStore
    let interval: Duration
    let metrics: ServiceMetrics
    let logger: Logger
    /// The folder as it was just before the rule set serving at start-up was compiled.
    let baseline: FolderFingerprint

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await watch()
        }
    }

    private func watch() async {
        var seen = baseline
        let settle = min(interval / 2, .milliseconds(100))
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let now = FolderFingerprint.take(of: store.directory)
            guard now != seen else { continue }
            // Let a save in progress finish; look again on the next round if it has not.
            do { try await Task.sleep(for: settle) } catch { return }
            guard FolderFingerprint.take(of: store.directory) == now else { continue }
            let reload = store.reload()
            guard FolderFingerprint.take(of: store.directory) == now else { continue }
            seen = now
            report(reload)
        }
    }

    private func report(_ reload: RuleSetStore.Reload) {
        let renderer = DiagnosticRenderer()
        switch reload.outcome {
        case .accepted:
            metrics.reloadsAccepted.increment()
            metrics.rulesServing(store.current)
            logger.info("rules reloaded from \(store.directory): now serving sha256 \(reload.hash ?? "?") (\(reload.files.count) files)")
        case .unchanged:
            logger.debug("rules folder touched, rule set unchanged (sha256 \(reload.hash ?? "?"))")
        case .refused:
            metrics.reloadsRefused.increment()
            logger.error(
                "rule edit refused (\(reload.diagnostics.errorCount) errors); still serving sha256 \(store.current.hash)\n\(renderer.render(reload.diagnostics.filter { $0.severity == .error }))"
            )
        case .initial:
            break
        }
        for warning in reload.diagnostics where warning.severity == .warning && reload.outcome != .refused {
            logger.warning("\(renderer.render(warning))")
        }
    }
}

extension RulesWatcher: CustomStringConvertible {
    /// How the service group's log names it.
    var description: String { "RulesWatcher(\(store.directory))" }
}
