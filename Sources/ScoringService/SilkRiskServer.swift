import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
public import ServiceLifecycle
public import UnixSignals

/// The scoring service: the rule set store, the HTTP application (Hummingbird 2) and the rules
/// watcher, run together in a ServiceGroup (swift-service-lifecycle) that stops them in order
/// on SIGTERM or SIGINT: the server stops taking connections and finishes the requests in
/// progress, then the watcher stops.
public struct SilkRiskServer: Sendable {
    public let configuration: ServiceConfiguration
    public let store: RuleSetStore
    public let metrics: ServiceMetrics
    let logger: Logger
    let baseline: FolderFingerprint

    /// Compiles the rules; a rule set with errors fails with every diagnostic (the service
    /// never starts without a good rule set).
    public init(configuration: ServiceConfiguration, logger: Logger) throws(RuleSetStore.LoadFailure) {
        // Taken before compiling: an edit made while the first load runs is seen as an edit.
        baseline = FolderFingerprint.take(of: configuration.rulesDirectory)
        switch RuleSetStore.load(directory: configuration.rulesDirectory) {
        case .success(let store): self.store = store
        case .failure(let failure): throw failure
        }
        self.configuration = configuration
        self.logger = logger
        metrics = ServiceMetrics()
        metrics.rulesServing(store.current)
    }

    /// Runs until SIGTERM or SIGINT. `onListening` is told the address and the port bound
    /// (the one picked, when the configuration asks for port 0).
    public func run(onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }) async throws {
        try await serviceGroup(gracefulShutdownSignals: [.sigterm, .sigint], onListening: onListening).run()
    }

    /// The service group, for a caller that runs it and triggers its shutdown itself (tests).
    public func serviceGroup(
        gracefulShutdownSignals: [UnixSignal] = [], onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) -> ServiceGroup {
        let state = ServerState(configuration: configuration, store: store, metrics: metrics, logger: logger)
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: ProblemMiddleware(store: store, logger: logger))
        state.addAPIRoutes(to: router)
        state.addBrowserRoutes(to: router)
        let host = configuration.host
        let logger = logger
        let store = store
        let application = Application(
            router: router,
            // Connections idle for a minute are closed; a request's own time is capped apart.
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: configuration.port), serverName: "silkrisk",
                availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("silkrisk serve: listening on http://\(host):\(port)/ with rules sha256 \(store.current.hash) from \(store.directory)")
                await onListening(host, port)
            },
            logger: logger)
        let watcher = RulesWatcher(store: store, interval: configuration.watchInterval, metrics: metrics, logger: logger, baseline: baseline)
        // Shut down in reverse order: the application first (it drains), then the watcher.
        return ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: watcher), .init(service: application)], gracefulShutdownSignals: gracefulShutdownSignals, logger: logger))
    }
}
