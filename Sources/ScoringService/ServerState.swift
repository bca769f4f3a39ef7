import DossierXML
import Logging
import Scoring

/// What every request handler shares: the configuration, the rule set store, the limits, the
/// metrics and the run's portfolio.
final class ServerState: Sendable {
    let configuration: ServiceConfiguration
    let store: RuleSetStore
    let metrics: ServiceMetrics
    let admission: AdmissionControl
    let submitted: SubmittedDossiers
    let loader: DossierLoader
    let logger: Logger

    init(configuration: ServiceConfiguration, store: RuleSetStore, metrics: ServiceMetrics, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.metrics = metrics
        self.admission = AdmissionControl(
            capacity: configuration.maxConcurrentRequests, queueLimit: configuration.maxQueuedRequests, metrics: metrics)
        self.submitted = SubmittedDossiers(capacity: configuration.portfolioCapacity, maxBytes: configuration.portfolioMaxBytes)
        self.loader = configuration.loader
        self.logger = logger
    }

    /// Scores one dossier held as bytes with `snapshot`, exactly as the command line scores a
    /// file; counts and times it, and keeps a scored one for the run's portfolio.
    func assess(bytes: [UInt8], name: String, with snapshot: RuleSetSnapshot) -> Result<Assessment, FailedDossier> {
        let start = ContinuousClock.now
        let result = snapshot.assessor.assess(bytes: bytes, file: name, loader: loader)
        metrics.scoringDuration.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
        switch result {
        case .success(let assessment):
            metrics.dossiersScored.increment()
            submitted.keep(id: assessment.id, name: name, bytes: bytes)
        case .failure:
            metrics.dossiersRefused.increment()
        }
        return result
    }

    /// Runs `work` once the admission control gives it a place, all within the request timeout:
    /// 503 when the queue is full, 408 when the time runs out (the work is then cancelled).
    func limited<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let timeout = configuration.requestTimeout
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                guard let value = try await self.admission.withPlace(work) else { throw ServiceError.overloaded }
                return value
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                metrics.timeouts.increment()
                throw ServiceError.timedOut(after: timeout)
            }
            return value
        }
    }
}
