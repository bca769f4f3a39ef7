import CoreMetrics
import FoundationEssentials
public import Prometheus

/// The service's metrics, through swift-metrics into a Prometheus registry of the service's own
/// (not the process-wide `MetricsSystem`, so that two services in one process — tests start
/// several — count apart). `GET /metrics` writes the registry in Prometheus's text format.
public final class ServiceMetrics: Sendable {
    // swift-metrics' types, not the Prometheus library's of the same names.
    typealias Counter = CoreMetrics.Counter
    typealias Gauge = CoreMetrics.Gauge
    typealias Timer = CoreMetrics.Timer

    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    let dossiersScored: Counter
    let dossiersRefused: Counter
    let scoringDuration: Timer
    let reloadsAccepted: Counter
    let reloadsRefused: Counter
    let rulesInForce: Gauge
    let rulesLoadedAt: Gauge
    let requestsInFlight: Gauge
    let requestsQueued: Gauge
    let overloadRejections: Counter
    let timeouts: Counter

    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Scoring one dossier takes about a millisecond: buckets from 0.25 ms to 10 s.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
            .seconds(10),
        ]
        self.factory = factory
        dossiersScored = Counter(label: "silkrisk_dossiers_total", dimensions: [("outcome", "scored")], factory: factory)
        dossiersRefused = Counter(label: "silkrisk_dossiers_total", dimensions: [("outcome", "refused")], factory: factory)
        scoringDuration = Timer(label: "silkrisk_dossier_scoring_duration_seconds", factory: factory)
        reloadsAccepted = Counter(label: "silkrisk_rules_reloads_total", dimensions: [("outcome", "accepted")], factory: factory)
        reloadsRefused = Counter(label: "silkrisk_rules_reloads_total", dimensions: [("outcome", "refused")], factory: factory)
        rulesInForce = Gauge(label: "silkrisk_rules_in_force", factory: factory)
        rulesLoadedAt = Gauge(label: "silkrisk_rules_loaded_timestamp_seconds", factory: factory)
        requestsInFlight = Gauge(label: "silkrisk_requests_in_flight", factory: factory)
        requestsQueued = Gauge(label: "silkrisk_requests_queued", factory: factory)
        overloadRejections = Counter(label: "silkrisk_requests_rejected_total", dimensions: [("reason", "overload")], factory: factory)
        timeouts = Counter(label: "silkrisk_requests_rejected_total", dimensions: [("reason", "timeout")], factory: factory)
    }

    /// Counts one answered request by method, route (the route pattern, not the path, so that
    /// the number of series stays bounded) and status, and times it by route.
    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        Counter(
            label: "silkrisk_http_requests_total", dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory
        )
        .increment()
        Timer(label: "silkrisk_http_request_duration_seconds", dimensions: [("route", route)], factory: factory).recordNanoseconds(
            duration.nanoseconds)
    }

    /// Records the rule set now serving.
    func rulesServing(_ snapshot: RuleSetSnapshot) {
        rulesInForce.record(snapshot.ruleSet.rules.count)
        rulesLoadedAt.record(snapshot.loadedAt.timeIntervalSince1970)
    }

    /// The registry in Prometheus's text exposition format.
    func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
