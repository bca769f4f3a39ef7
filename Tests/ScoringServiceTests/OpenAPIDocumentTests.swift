import Foundation
import Testing

@Suite("docs/openapi.yaml describes the routes the service has, no more and no fewer")
struct OpenAPIDocumentTests {
    struct Route: Hashable, CustomStringConvertible {
        var method: String
        var path: String
        var description: String { "\(method.uppercased()) \(path)" }
    }

    /// The operations under `paths:` (a path at two spaces' indent, its methods at four).
    static func documented() throws -> Set<Route> {
        let text = try String(contentsOf: RunningServer.packageRoot.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        var routes: Set<Route> = []
        var inPaths = false
        var path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") { inPaths = line == "paths:" }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, let method = ["get", "post", "put", "delete", "patch"].first(where: { line == "    \($0):" }) {
                routes.insert(Route(method: method, path: path))
            }
        }
        return routes
    }

    /// The routes the service registers (`router.get("…")`, `router.post("…")`), with
    /// Hummingbird's `:name` parameters written as OpenAPI's `{name}`.
    static func registered() throws -> Set<Route> {
        let folder = RunningServer.packageRoot.appendingPathComponent("Sources/ScoringService")
        var routes: Set<Route> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for match in text.matches(of: /router\.(get|post|put|delete|patch)\("([^"]+)"/) {
                let path = match.output.2.split(separator: "/", omittingEmptySubsequences: false).map { part in
                    part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
                }.joined(separator: "/")
                routes.insert(Route(method: String(match.output.1), path: path))
            }
        }
        return routes
    }

    @Test("every route the service registers is documented, and every documented one is registered")
    func documentMatchesTheRouter() throws {
        let documented = try Self.documented()
        let registered = try Self.registered()
        #expect(registered.count >= 12)
        #expect(
            documented == registered, "documented only: \(documented.subtracting(registered)); registered only: \(registered.subtracting(documented))"
        )
    }

    @Test("every documented GET answers, with the rule set's hash")
    func documentedRoutesAnswer() async throws {
        let routes = try Self.documented().filter { $0.method == "get" }
        try await RunningServer.with { server in
            let scored = try await server.post("/v1/assessments", body: try Fixture.input("mts-huawei-5g.xml"))
            let id = try #require((try scored.json()["dossier"] as? [String: Any])?["id"] as? String)
            for route in routes {
                let reply = try await server.get(route.path.replacingOccurrences(of: "{id}", with: id))
                #expect(reply.status == 200, "\(route)")
                #expect(reply.ruleSetHash == server.server.store.current.hash, "\(route)")
            }
        }
    }
}
