import ArgumentParser
import DossierXML
import Logging
import Reports
import ScoringService
import SilkDiagnostics

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve scoring over HTTP: a JSON API and a browser view; edited rules are reloaded while it runs.",
        discussion: """
            POST /v1/assessments scores one dossier (the body), POST /v1/assessments/batch several \
            (multipart/form-data); GET /v1/rules, /v1/rules/status, /healthz, /metrics; the browser view \
            is at /. docs/service.md and docs/openapi.yaml describe it all. A rule edit with errors is \
            refused (see /v1/rules/status and the log) and the last good rules keep serving. Stops \
            gracefully on SIGTERM or SIGINT. Exit status 2 when the rules have errors at start-up, 1 when \
            the service cannot run (the port is taken, say).
            """)

    @Option(name: .long, help: "The rules folder, watched for edits.")
    var rules: String = "Rules"

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0: any free port; the log says which).")
    var port: Int = 8080

    @Option(name: .long, help: "Largest dossier accepted, in bytes (a larger request body gets 413).")
    var maxBytes: Int = XMLLimits.default.maxBytes

    @Option(name: .long, help: "Largest batch request body, in bytes.")
    var maxBatchBytes: Int = 16 << 20

    @Option(name: .long, help: "Most dossiers in one batch request.")
    var maxBatchDossiers: Int = 200

    @Option(name: .long, help: "Seconds a request may take, body upload included, before it gets 408.")
    var requestTimeout: Double = 10

    @Option(name: .long, help: "Requests read and scored at once; more wait in a queue.")
    var maxConcurrent: Int = 16

    @Option(name: .long, help: "Requests that may wait for a turn; beyond that they get 503 at once.")
    var maxQueued: Int = 256

    @Option(name: .long, help: "Seconds between looks at the rules folder for edits.")
    var watchInterval: Double = 0.5

    @Option(name: .long, help: "Dossiers the browser view keeps for the run's portfolio (0: none).")
    var portfolioSize: Int = 500

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxBytes > 0, maxBatchBytes > 0, maxBatchDossiers > 0 else {
            throw ValidationError("--max-bytes, --max-batch-bytes and --max-batch-dossiers must be positive")
        }
        guard requestTimeout > 0, watchInterval > 0 else { throw ValidationError("--request-timeout and --watch-interval must be positive") }
        guard maxConcurrent > 0, maxQueued >= 0, portfolioSize >= 0 else {
            throw ValidationError("--max-concurrent must be positive; --max-queued and --portfolio-size may not be negative")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "silkrisk.serve")
        var configuration = ServiceConfiguration(rulesDirectory: rules)
        configuration.host = host
        configuration.port = port
        configuration.limits = XMLLimits(maxBytes: maxBytes)
        configuration.maxBatchBytes = maxBatchBytes
        configuration.maxBatchDossiers = maxBatchDossiers
        configuration.requestTimeout = .milliseconds(Int64(requestTimeout * 1000))
        configuration.maxConcurrentRequests = maxConcurrent
        configuration.maxQueuedRequests = maxQueued
        configuration.watchInterval = .milliseconds(Int64(watchInterval * 1000))
        configuration.portfolioCapacity = portfolioSize
        let server: SilkRiskServer
        do {
            server = try SilkRiskServer(configuration: configuration, logger: logger)
        } catch {
            let errors = error.diagnostics.filter { $0.severity == .error }
            printDiagnostics(errors)
            if errors.allSatisfy({ $0.id == .recordFormatUnsupported }) {
                // `check` finds nothing wrong with them: they are good rules for `score`.
                printError("silkrisk: the rules in '\(rules)' are for files of a record format, which the service does not score")
            } else {
                printError(
                    "silkrisk: the rules in '\(rules)' have \(Wording.count(error.diagnostics.errorCount, "error")); run 'silkrisk check --rules \(rules)'"
                )
            }
            throw ExitStatus.rulesUnusable
        }
        do {
            try await server.run()
        } catch {
            printError("silkrisk serve: \(error)")
            throw ExitStatus.inputProblems
        }
    }
}
