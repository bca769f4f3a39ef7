import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

@Suite("Limits: request timeout, bounded concurrency, health and metrics")
struct LimitsTests {
    /// A POST of `bytes` whose body stops after `sent` bytes until `continuation` gets the rest.
    static func stalledUpload(to url: String, bytes: [UInt8], sent: Int) -> (HTTPClientRequest, AsyncStream<ByteBuffer>.Continuation) {
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        continuation.yield(ByteBuffer(bytes: bytes.prefix(sent)))
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .stream(stream, length: .known(Int64(bytes.count)))
        return (request, continuation)
    }

    @Test("a request whose body stalls gets 408 once the request timeout has passed")
    func stalledBodyTimesOut() async throws {
        try await RunningServer.with(RunningServer.configuration { $0.requestTimeout = .milliseconds(500) }) { server in
            let bytes = try Fixture.input("cr929-widebody.xml")
            let (request, continuation) = Self.stalledUpload(to: server.base + "/v1/assessments", bytes: bytes, sent: 100)
            defer { continuation.finish() }
            let started = ContinuousClock.now
            let response = try await RunningServer.client.execute(request, timeout: .seconds(20))
            let elapsed = ContinuousClock.now - started
            #expect(response.status.code == 408)
            #expect(elapsed >= .milliseconds(450) && elapsed < .seconds(10), "\(elapsed)")
            let metrics = try await server.get("/metrics").text
            #expect(metrics.contains("silkrisk_requests_rejected_total{reason=\"timeout\"} 1"), "\(metrics)")
        }
    }

    @Test("with every place taken and no room to wait, a request gets 503 at once; once a place frees, requests pass again")
    func overloadGets503() async throws {
        let configuration = RunningServer.configuration {
            $0.maxConcurrentRequests = 1
            $0.maxQueuedRequests = 0
        }
        try await RunningServer.with(configuration) { server in
            let bytes = try Fixture.input("cr929-widebody.xml")
            let (request, continuation) = Self.stalledUpload(to: server.base + "/v1/assessments", bytes: bytes, sent: 100)
            let slow = Task { try await RunningServer.client.execute(request, timeout: .seconds(20)) }
            // Wait until the slow request holds the one place.
            var inFlight = false
            for _ in 0..<200 where !inFlight {
                inFlight = try await server.get("/metrics").text.contains("silkrisk_requests_in_flight 1")
                if !inFlight { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(inFlight)
            let refused = try await server.post("/v1/assessments", body: bytes)
            #expect(refused.status == 503)
            #expect(refused.headers.first(name: "Retry-After") == "1")
            continuation.yield(ByteBuffer(bytes: bytes.dropFirst(100)))
            continuation.finish()
            let slowResponse = try await slow.value
            #expect(slowResponse.status.code == 200)
            _ = try await slowResponse.body.collect(upTo: 1 << 20)
            let after = try await server.post("/v1/assessments", body: bytes)
            #expect(after.status == 200)
        }
    }

    @Test("requests wait in the queue for a place rather than fail, up to its length")
    func queuedRequestsAllPass() async throws {
        let configuration = RunningServer.configuration {
            $0.maxConcurrentRequests = 1
            $0.maxQueuedRequests = 64
        }
        try await RunningServer.with(configuration) { server in
            let bytes = try Fixture.input("mts-huawei-5g.xml")
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<24 { group.addTask { try await server.post("/v1/assessments", body: bytes).status } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 24))
        }
    }

    @Test("/healthz answers with the rule set's hash, and /metrics counts dossiers, requests and the rules in force")
    func healthAndMetrics() async throws {
        try await RunningServer.with { server in
            let health = try await server.get("/healthz")
            #expect(health.status == 200)
            #expect(try health.json()["status"] as? String == "ok")
            #expect(try health.json()["ruleSetSha256"] as? String == server.server.store.current.hash)

            _ = try await server.post("/v1/assessments", body: try Fixture.input("mts-huawei-5g.xml"))
            _ = try await server.post("/v1/assessments", body: Array("<dossier/>".utf8))
            let metrics = try await server.get("/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.headers.first(name: "Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = metrics.text
            #expect(text.contains("silkrisk_dossiers_total{outcome=\"scored\"} 1"), "\(text)")
            #expect(text.contains("silkrisk_dossiers_total{outcome=\"refused\"} 1"))
            #expect(text.contains("silkrisk_http_requests_total{method=\"POST\",route=\"/v1/assessments\",status=\"200\"} 1"))
            #expect(text.contains("silkrisk_http_requests_total{method=\"POST\",route=\"/v1/assessments\",status=\"422\"} 1"))
            #expect(text.contains("silkrisk_rules_in_force \(server.server.store.current.ruleSet.rules.count)"))
            #expect(text.contains("silkrisk_dossier_scoring_duration_seconds_count 2"))
        }
    }
}
