import MultipartKit
import NIOCore

/// A `multipart/form-data` body, split into its parts by MultipartKit's parser: what a browser
/// sends for a form with a file field, and what `curl -F` sends for a batch.
struct MultipartForm {
    struct Part {
        /// The form field's name (`Content-Disposition: form-data; name=...`).
        var name: String?
        /// The uploaded file's name, when the part is a file; nil when the part gives none or an
        /// empty one (a file field left empty).
        var filename: String?
        var body: [UInt8]
    }

    var parts: [Part]

    /// The boundary of a `multipart/form-data` content type; nil for any other content type.
    static func boundary(contentType: String?) -> String? {
        guard let contentType else { return nil }
        let fields = contentType.split(separator: ";").map { $0.trimmingWhitespace() }
        guard let type = fields.first, type.lowercased() == "multipart/form-data" else { return nil }
        for field in fields.dropFirst() {
            let pair = field.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].unquoted
            return value.isEmpty || value.utf8.count > 200 ? nil : value
        }
        return nil
    }

    /// Splits `bytes` into parts; throws a 400 when the body is not multipart as announced or
    /// ends inside a part (a part cut short would otherwise be lost without a word).
    init(bytes: [UInt8], boundary: String) throws(ServiceError) {
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        var inPart = false
        parser.onHeader = { name, value in
            inPart = true
            headers.append((name, value))
        }
        parser.onBody = { buffer in
            inPart = true
            body.append(contentsOf: buffer.readableBytesView)
        }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1
            let filename = disposition.flatMap { Self.parameter("filename", in: $0) }
            parts.append(
                Part(name: disposition.flatMap { Self.parameter("name", in: $0) }, filename: filename?.isEmpty == true ? nil : filename, body: body))
            headers = []
            body = []
            inPart = false
        }
        do {
            try parser.execute(bytes)
        } catch {
            throw .badRequest("the body is not multipart/form-data with the boundary its Content-Type gives")
        }
        if inPart { throw .badRequest("the multipart body ends inside a part (no closing boundary)") }
        if parts.isEmpty { throw .badRequest("the multipart body has no parts (is the boundary right?)") }
        self.parts = parts
    }

    /// A parameter of a `Content-Disposition` value, quoted or not; quotes inside a quoted value
    /// may be escaped with a backslash.
    static func parameter(_ key: String, in header: String) -> String? {
        var rest = Substring(header)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop { $0 == " " || $0 == "\t" }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let name = rest[..<equals].trimmingWhitespace().lowercased()
            var value = rest[rest.index(after: equals)...]
            var text = ""
            if value.first == "\"" {
                value = value.dropFirst()
                var escaped = false
                var end = value.endIndex
                for index in value.indices {
                    let character = value[index]
                    if escaped {
                        text.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        end = index
                        break
                    } else {
                        text.append(character)
                    }
                }
                rest = end < value.endIndex ? value[value.index(after: end)...] : value[value.endIndex...]
            } else {
                let end = value.firstIndex(of: ";") ?? value.endIndex
                text = value[..<end].trimmingWhitespace()
                rest = value[end...]
            }
            if name == key { return text }
        }
        return nil
    }
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    fileprivate var unquoted: String {
        hasPrefix("\"") && hasSuffix("\"") && count >= 2 ? String(dropFirst().dropLast()) : String(self)
    }
}
