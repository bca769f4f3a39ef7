import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Counts and times every request, by route pattern and status (outermost, so that it sees
/// the response every other layer made).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            metrics.recordRequest(
                method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: status, duration: ContinuousClock.now - start)
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}

/// Turns every error into a response — a problem document, or a page for a browser — and
/// names the rule set on every response that does not name one yet. A handler's own error is
/// a `ServiceError` with a 4xx status (or 503 when the service is busy); Hummingbird's errors
/// keep their status; anything else would be a bug, and is logged and answered with 500.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: RuleSetStore
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as ServiceError {
            response = respond(error, to: request)
        } catch let error as HTTPError {
            let title = error.status.code == 404 ? "Not found" : error.status.reasonPhrase
            let detail = error.status.code == 404 ? "nothing is served at \(request.method.rawValue) \(request.uri.path)" : (error.body ?? title)
            response = respond(ServiceError(status: error.status, title: title, detail: detail, headers: error.headers), to: request)
        } catch let error as any HTTPResponseError {
            response = respond(ServiceError(status: error.status, title: error.status.reasonPhrase, detail: error.status.reasonPhrase), to: request)
        } catch let error as HTTPParserError {
            // A request that is not HTTP: Hummingbird answers 400 and closes the connection.
            throw error
        } catch let error as ChannelError {
            // The connection failed while the request was read: nobody reads this answer.
            logger.debug("connection failed reading \(request.method) \(request.uri.path): \(error)")
            response = respond(ServiceError.badRequest("the connection failed while the request was read"), to: request)
        } catch is CancellationError {
            // The client went away, or the service is stopping: nobody reads this.
            response = respond(ServiceError(status: .serviceUnavailable, title: "Cancelled", detail: "the request was cancelled"), to: request)
        } catch {
            logger.error("unexpected error answering \(request.method) \(request.uri.path): \(error)")
            response = respond(
                ServiceError(status: .internalServerError, title: "Internal error", detail: "the service failed; see its log"), to: request)
        }
        if response.headers[.ruleSetHash] == nil { response.headers[.ruleSetHash] = store.current.hash }
        return response
    }

    private func respond(_ error: ServiceError, to request: Request) -> Response {
        var error = error
        let snapshot = store.current
        if error.ruleSetHash == nil { error.ruleSetHash = snapshot.hash }
        if request.wantsHTML && !request.uri.path.hasPrefix("/v1/") {
            var headers = error.headers
            headers[.ruleSetHash] = error.ruleSetHash
            return Responses.html(BrowserPages.error(error, snapshot: snapshot), status: error.status, headers: headers)
        }
        return Responses.problem(error)
    }
}
