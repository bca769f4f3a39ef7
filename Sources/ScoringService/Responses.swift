import FoundationEssentials
import HTTPTypes
import Hummingbird
import NIOCore
import SilkDiagnostics

extension HTTPField.Name {
    /// Every response names the rule set it was made with (or, for one that scored nothing, the
    /// rule set serving when it was made).
    static let ruleSetHash = HTTPField.Name("SilkRisk-Rules-SHA256")!
    /// A batch response: how many of its dossiers could not be scored.
    static let dossiersFailed = HTTPField.Name("SilkRisk-Dossiers-Failed")!
}

/// Response bodies the service writes: bytes with a media type, JSON from `Encodable` values
/// (keys sorted, so the same state gives the same bytes), and problem documents.
enum Responses {
    static let json = "application/json; charset=utf-8"
    static let problemJSON = "application/problem+json; charset=utf-8"
    static let html = "text/html; charset=utf-8"

    static func bytes(_ bytes: [UInt8], type: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = type
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        // The pages need no script at all: say so, and no injected one can run either.
        fields[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'"
        return bytes(Array(page.utf8), type: html, status: status, headers: fields)
    }

    static func json<Value: Encodable>(_ value: Value, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        bytes(encode(value), type: json, status: status, headers: headers)
    }

    static func encode<Value: Encodable>(_ value: Value) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding these plain value types cannot fail; if it ever did, say so in the body.
        guard let data = try? encoder.encode(value) else { return Array("{\"error\": \"encoding failed\"}\n".utf8) }
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// An RFC 9457 problem document for an error.
    static func problem(_ error: ServiceError) -> Response {
        var headers = error.headers
        if let hash = error.ruleSetHash { headers[.ruleSetHash] = hash }
        return bytes(encode(ProblemDocument(error)), type: problemJSON, status: error.status, headers: headers)
    }
}

/// The body of an error response (RFC 9457, with the located problems as `errors`).
struct ProblemDocument: Encodable {
    struct Item: Encodable {
        var id: String
        var severity: String
        var message: String
        /// `name:line:column`, or `line:column` for an input given no name.
        var position: String
        var line: Int?
        var column: Int?
        /// The line the command line prints for the same problem.
        var rendered: String
    }

    var type = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var errors: [Item]
    var ruleSetSha256: String?

    init(_ error: ServiceError) {
        title = error.title
        status = error.status.code
        detail = error.detail
        ruleSetSha256 = error.ruleSetHash
        errors = error.diagnostics.map { diagnostic in
            let location = ServiceError.lineAndColumn(of: diagnostic)
            let position = location.map { error.inputName.isEmpty ? "\($0.line):\($0.column)" : diagnostic.position } ?? diagnostic.position
            return Item(
                id: diagnostic.id.rawValue, severity: diagnostic.severity.rawValue, message: diagnostic.message, position: position,
                line: location?.line, column: location?.column, rendered: ServiceError.rendered(diagnostic, name: error.inputName))
        }
    }
}
