import AsyncHTTPClient
import Foundation
import InMemoryLogging
import Logging
import NIOCore
import NIOHTTP1
import ScoringService
import ServiceLifecycle

/// A service started in this process on a free loopback port, talked to over real HTTP with
/// AsyncHTTPClient; stopped the way SIGTERM stops it (a graceful shutdown of its group).
struct RunningServer {
    let server: SilkRiskServer
    let base: String
    let log: InMemoryLogHandler
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// A client that shows redirects instead of following them (the browser view answers a
    /// submission with 303), otherwise as `HTTPClient.shared`.
    static let client = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let shippedRules = packageRoot.appendingPathComponent("Rules").path
    static let inputs = packageRoot.appendingPathComponent("Inputs")

    /// Starts a service on `rules` (the shipped pack unless told), with `configure` applied.
    /// A configuration for a test: `rules` (the shipped pack unless told), port 0 (any free
    /// port), and whatever `configure` changes.
    static func configuration(rules: String = shippedRules, _ configure: (inout ServiceConfiguration) -> Void = { _ in }) -> ServiceConfiguration {
        var configuration = ServiceConfiguration(rulesDirectory: rules)
        configuration.port = 0
        configure(&configuration)
        return configuration
    }

    static func start(_ configuration: ServiceConfiguration) async throws -> RunningServer {
        let log = InMemoryLogHandler()
        let server = try SilkRiskServer(configuration: configuration, logger: Logger(label: "test", factory: { _ in log }))
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let group = server.serviceGroup { _, port in continuation.yield(port) }
        let task = Task { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw StartFailure() }
        return RunningServer(server: server, base: "http://127.0.0.1:\(port)", log: log, group: group, task: task)
    }

    struct StartFailure: Error {}

    /// Shuts the service down gracefully and waits until it has.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    /// Runs `body` with a started service, and stops the service afterwards whatever happens.
    static func with<T>(_ configuration: ServiceConfiguration = configuration(), _ body: (RunningServer) async throws -> T) async throws -> T {
        let running = try await start(configuration)
        do {
            let result = try await body(running)
            try await running.stop()
            return result
        } catch {
            try? await running.stop()
            throw error
        }
    }

    /// What the service answered.
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        var text: String { String(decoding: body, as: UTF8.self) }
        var ruleSetHash: String? { headers.first(name: "SilkRisk-Rules-SHA256") }

        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { throw NotAnObject(text: text) }
            return object
        }

        struct NotAnObject: Error {
            var text: String
        }
    }

    func request(
        _ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, headers: [(String, String)] = [], timeout: TimeAmount = .seconds(30)
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        let response = try await Self.client.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(bytes.readableBytesView))
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> Reply {
        try await request(.GET, path, headers: headers)
    }

    func post(_ path: String, body: [UInt8], headers: [(String, String)] = []) async throws -> Reply {
        try await request(.POST, path, body: body, headers: headers)
    }

    /// Waits (up to `seconds`) until the rules status shows a reload outcome other than `from`'s
    /// hash or `outcome`, and returns the status document.
    func waitForReload(whereLastReload matches: ([String: Any]) -> Bool, seconds: Double = 120) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let status = try await get("/v1/rules/status").json()
            if let last = status["lastReload"] as? [String: Any], matches(last) { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ReloadNotSeen()
    }

    struct ReloadNotSeen: Error {}
}

/// Multipart bodies as browsers and `curl -F` send them.
enum Multipart {
    static let boundary = "----SilkRiskTestBoundary7MA4YWxkTrZu0gW"
    static let contentType = ("Content-Type", "multipart/form-data; boundary=\(boundary)")

    struct Part {
        var name: String
        var filename: String?
        var body: [UInt8]
    }

    static func body(_ parts: [Part]) -> [UInt8] {
        var out: [UInt8] = []
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { head += "; filename=\"\(filename)\"\r\nContent-Type: application/xml" }
            head += "\r\n\r\n"
            out += Array(head.utf8) + part.body + Array("\r\n".utf8)
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return out
    }
}

/// Files of the repository the tests read.
enum Fixture {
    static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

    static func input(_ name: String) throws -> [UInt8] { try bytes(RunningServer.inputs.appendingPathComponent(name)) }

    /// The repository's hostile fixtures, and the shared third-party corpus when it is beside
    /// the clone (as CI's corpus check expects it): every `.xml` file, as `silkrisk validate`
    /// takes them from a folder.
    static var hostile: [URL] {
        let folders = [
            RunningServer.packageRoot.appendingPathComponent("Tests/DossierXMLTests/Fixtures/hostile"),
            RunningServer.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/hostile"),
        ]
        return folders.flatMap { folder in
            let names = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
            return names.filter { $0.hasSuffix(".xml") }.sorted().map { folder.appendingPathComponent($0) }
        }
    }

    /// A temporary copy of the shipped `Rules/` folder, for a test to edit.
    static func copyOfShippedRules() throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("silkrisk-service-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: RunningServer.shippedRules), to: copy)
        return copy
    }
}
