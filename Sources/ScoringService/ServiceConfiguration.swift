public import DossierXML

/// Everything `silkrisk serve` can be told: where the rules are, where to listen, and the limits
/// that keep one client from taking the service down for the others.
public struct ServiceConfiguration: Sendable {
    /// The rules folder, watched for edits while the service runs.
    public var rulesDirectory: String
    /// Address to listen on; loopback unless told otherwise.
    public var host: String = "127.0.0.1"
    /// Port to listen on; 0 picks a free one (the log and `onListening` say which).
    public var port: Int = 8080
    /// The caps on one dossier, as on the command line (`--max-bytes`): a single-dossier request
    /// body larger than `limits.maxBytes` is refused with the same `file-too-large` problem.
    public var limits: XMLLimits = .default
    /// Largest batch request body, in bytes.
    public var maxBatchBytes: Int = 16 << 20
    /// Most dossiers in one batch request.
    public var maxBatchDossiers: Int = 200
    /// A request that has not been answered after this long (a client sending its body too
    /// slowly, typically) gets 408 and its connection is closed.
    public var requestTimeout: Duration = .seconds(10)
    /// Requests that may read their bodies and score at the same time; more wait in a queue.
    public var maxConcurrentRequests: Int = 16
    /// Requests that may wait for a turn; beyond that a request gets 503 at once.
    public var maxQueuedRequests: Int = 256
    /// Connections the server keeps open at once; more wait in the listen backlog.
    public var maxConnections: Int = 1024
    /// How often the rules folder is looked at for edits.
    public var watchInterval: Duration = .milliseconds(500)
    /// Dossiers the browser view keeps for the run's portfolio (the latest submission of each
    /// dossier id), and the bytes they may take at most; the oldest go first. 0 keeps none.
    public var portfolioCapacity: Int = 500
    public var portfolioMaxBytes: Int = 64 << 20

    public init(rulesDirectory: String) {
        self.rulesDirectory = rulesDirectory
    }

    /// The loader every request uses: the command line's, with the same caps.
    var loader: DossierLoader { DossierLoader(limits: limits) }
}
