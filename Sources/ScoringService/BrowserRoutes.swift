import HTTPTypes
import Hummingbird
import Reports
import Scoring

/// The browser view: `/` (submit a dossier, see the run's portfolio), `/dossiers/{id}` (one
/// dossier explained), `/portfolio` and `/portfolio.json` (the run's portfolio as the HTML and
/// JSON reports), `/rules` (the rules in force and the last reload).
extension ServerState {
    /// A pasted dossier is reported under this name.
    static let pastedName = "pasted.xml"

    func addBrowserRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in
            try await self.limited { self.home() }
        }
        router.post("/") { request, _ in
            try await self.limited { try await self.submit(request) }
        }
        router.get("/dossiers/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            return try await self.limited { try self.explain(id: id) }
        }
        router.get("/portfolio") { _, _ in
            try await self.limited {
                let snapshot = self.store.current
                let portfolio = self.submitted.portfolio(with: snapshot, loader: self.loader)
                return Responses.html(HTMLReport.render(portfolio), headers: [.ruleSetHash: snapshot.hash])
            }
        }
        router.get("/portfolio.json") { _, _ in
            try await self.limited {
                let snapshot = self.store.current
                let portfolio = self.submitted.portfolio(with: snapshot, loader: self.loader)
                return Responses.bytes(Array(JSONReport.render(portfolio).utf8), type: Responses.json, headers: [.ruleSetHash: snapshot.hash])
            }
        }
        router.get("/rules") { _, _ in
            let status = self.store.status
            return Responses.html(BrowserPages.rules(snapshot: status.current, status: status), headers: [.ruleSetHash: status.current.hash])
        }
    }

    func home(pasted: String = "", refusal: ServiceError? = nil) -> Response {
        let status = store.status
        let snapshot = status.current
        let portfolio = submitted.portfolio(with: snapshot, loader: loader)
        let page = BrowserPages.home(
            snapshot: snapshot, status: status, portfolio: portfolio, dropped: submitted.dropped, pasted: pasted, refusal: refusal)
        return Responses.html(page, status: refusal?.status ?? .ok, headers: [.ruleSetHash: snapshot.hash])
    }

    /// The form's submission: an uploaded file if one was chosen, the pasted text otherwise.
    /// A scored dossier is shown at its own address (303, so that reloading the page does not
    /// submit again); a refused one brings the form back with the problems and the text.
    func submit(_ request: Request) async throws -> Response {
        guard let boundary = MultipartForm.boundary(contentType: request.headers[.contentType]) else {
            return home(
                refusal: ServiceError(status: .unsupportedMediaType, title: "Nothing to score", detail: "the form is sent as multipart/form-data"))
        }
        // Room for a file and a pasted text each as large as a dossier may be.
        let limit = 2 * configuration.limits.maxBytes + 64 * 1024
        let form = try MultipartForm(bytes: try await request.bodyBytes(limit: limit, name: "", what: "form"), boundary: boundary)
        let file = form.parts.first { $0.name == "file" && $0.filename != nil && !$0.body.isEmpty }
        let pasted = form.parts.first { $0.name == "dossier" }
        let pastedText = pasted.map { String(decoding: $0.body, as: UTF8.self) } ?? ""
        guard let part = file ?? pasted, !(file == nil && pastedText.allSatisfy(\.isWhitespace)) else {
            return home(
                refusal: ServiceError(status: .badRequest, title: "Nothing to score", detail: "choose a dossier file or paste a dossier's XML"))
        }
        let name = file?.filename ?? Self.pastedName
        let snapshot = store.current
        switch assess(bytes: part.body, name: name, with: snapshot) {
        case .success(let assessment):
            if submitted.entry(id: assessment.id)?.bytes == part.body {
                return Response(status: .seeOther, headers: [.location: "/dossiers/\(assessment.id)", .ruleSetHash: snapshot.hash])
            }
            // Not kept (the portfolio is off or the dossier is too large for it): show it here.
            return Responses.html(ExplanationPage.render(assessment, snapshot: snapshot), headers: [.ruleSetHash: snapshot.hash])
        case .failure(let failure):
            return home(pasted: file == nil ? pastedText : "", refusal: .refused(failure.diagnostics, name: name, ruleSetHash: snapshot.hash))
        }
    }

    /// A dossier of the run's portfolio, scored with the rules serving now.
    func explain(id: String) throws -> Response {
        guard let entry = submitted.entry(id: id) else {
            throw ServiceError(
                status: .notFound, title: "No such dossier in this run",
                detail: "no dossier with id '\(id)' has been submitted since the service started (or it was let go to keep the portfolio bounded)")
        }
        let snapshot = store.current
        switch snapshot.assessor.assess(bytes: entry.bytes, file: entry.name, loader: loader) {
        case .success(let assessment):
            return Responses.html(ExplanationPage.render(assessment, snapshot: snapshot), headers: [.ruleSetHash: snapshot.hash])
        case .failure(let failure):
            throw ServiceError.refused(failure.diagnostics, name: entry.name, ruleSetHash: snapshot.hash)
        }
    }
}
