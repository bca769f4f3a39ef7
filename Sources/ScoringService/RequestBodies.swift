import HTTPTypes
import Hummingbird
import NIOCore

extension Request {
    /// The body's bytes, read up to `limit`: a body announced (Content-Length) or found longer
    /// is refused as soon as that is known, without holding more than `limit` bytes of it.
    func bodyBytes(limit: Int, name: String, what: String) async throws -> [UInt8] {
        if let announced = headers[.contentLength].flatMap({ Int($0) }), announced > limit {
            throw ServiceError.bodyTooLarge(limit: limit, name: name, what: what)
        }
        var bytes: [UInt8] = []
        for try await buffer in body {
            guard bytes.count + buffer.readableBytes <= limit else { throw ServiceError.bodyTooLarge(limit: limit, name: name, what: what) }
            bytes.append(contentsOf: buffer.readableBytesView)
        }
        return bytes
    }

    /// The `name` query parameter: what the dossier is called in the assessment and its problems.
    var inputName: String {
        uri.queryParameters["name"].map(String.init) ?? ""
    }

    /// Whether the client prefers a page to a JSON document (a browser's navigation does).
    var wantsHTML: Bool {
        headers[.accept]?.contains("text/html") ?? false
    }
}
