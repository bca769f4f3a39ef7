import FoundationEssentials
import HTTPTypes
import SilkDiagnostics

/// A request the service will not or cannot answer as asked: the status, a title, and the
/// located problems when the input was at fault. Every error a handler or middleware throws is
/// one of these by the time it reaches the client (`ProblemMiddleware`), written as an RFC 9457
/// problem document, or as a page for a browser.
struct ServiceError: Error {
    var status: HTTPResponse.Status
    var title: String
    var detail: String
    /// The problems found in the input, located (`line:column`, after the name when one was given).
    var diagnostics: [Diagnostic] = []
    /// The name the input was given (`?name=`, a part's file name); empty when none was.
    var inputName: String = ""
    /// The rule set the request was checked against, when it got that far.
    var ruleSetHash: String? = nil
    var headers: HTTPFields = [:]

    /// A dossier the loader refused: 413 when it was too large, 422 otherwise.
    static func refused(_ diagnostics: [Diagnostic], name: String, ruleSetHash: String) -> ServiceError {
        let tooLarge = diagnostics.contains { $0.id == .fileTooLarge }
        return ServiceError(
            status: tooLarge ? .contentTooLarge : .unprocessableContent,
            title: tooLarge ? "The dossier is too large" : "The dossier was refused",
            detail: diagnostics.map { Self.rendered($0, name: name) }.joined(separator: "\n"),
            diagnostics: diagnostics, inputName: name, ruleSetHash: ruleSetHash)
    }

    /// A body past its cap, found before a byte of it was parsed; located as the loader would
    /// locate it, so that the same input gets the same problem through every door.
    static func bodyTooLarge(limit: Int, name: String, what: String = "file") -> ServiceError {
        let diagnostic = Diagnostic(.error, .fileTooLarge, "the \(what) is larger than the \(limit)-byte limit", path: name, line: 1, column: 1)
        return ServiceError(
            status: .contentTooLarge, title: "The request body is too large", detail: rendered(diagnostic, name: name), diagnostics: [diagnostic],
            inputName: name)
    }

    static func badRequest(_ detail: String) -> ServiceError {
        ServiceError(status: .badRequest, title: "Bad request", detail: detail)
    }

    static let overloaded = ServiceError(
        status: .serviceUnavailable, title: "The service is busy",
        detail: "too many requests are waiting; try again shortly", headers: [.retryAfter: "1"])

    static func timedOut(after timeout: Duration) -> ServiceError {
        ServiceError(
            status: .requestTimeout, title: "The request took too long",
            detail: "the request was not complete within \(timeout.secondsText) s (the body arrived too slowly, or the service is overloaded)",
            headers: [.connection: "close"])
    }

    /// The diagnostic as the command line prints it (`name:line:column: error: message [id]`),
    /// or as `line:column: error: message [id]` when the input was given no name.
    static func rendered(_ diagnostic: Diagnostic, name: String) -> String {
        let line = DiagnosticRenderer(showsSnippets: false).render(diagnostic)
        // With an empty path the position starts with its separator: drop it.
        return name.isEmpty && line.hasPrefix(":") ? String(line.dropFirst()) : line
    }

    /// Line and column of a diagnostic about an input held as bytes, read from its position
    /// (`path:line:column`; the path may itself hold colons, the numbers are the last two parts).
    static func lineAndColumn(of diagnostic: Diagnostic) -> (line: Int, column: Int)? {
        let parts = diagnostic.position.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { return nil }
        return (line, column)
    }
}

extension Duration {
    /// Whole seconds as `10`, fractions as `0.5`.
    var secondsText: String {
        let (seconds, attoseconds) = components
        if attoseconds == 0 { return String(seconds) }
        return String(Double(seconds) + Double(attoseconds) / 1e18)
    }
}
