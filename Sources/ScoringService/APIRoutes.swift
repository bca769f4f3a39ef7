import HTTPTypes
import Hummingbird
import Reports
import Scoring

/// The JSON API: `/v1/assessments` (one dossier, or a batch), `/v1/rules`, `/v1/rules/status`,
/// and the operational endpoints `/healthz` and `/metrics`. docs/openapi.yaml describes them.
extension ServerState {
    func addAPIRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/assessments") { request, _ in
            try await self.limited { try await self.assessOne(request) }
        }
        router.post("/v1/assessments/batch") { request, _ in
            try await self.limited { try await self.assessBatch(request) }
        }
        router.get("/v1/rules") { _, _ in
            let snapshot = self.store.current
            return Responses.json(RuleListing(snapshot), headers: [.ruleSetHash: snapshot.hash])
        }
        router.get("/v1/rules/status") { _, _ in
            let status = self.store.status
            return Responses.json(
                RuleStatusDocument(status, directory: self.store.directory, interval: self.configuration.watchInterval),
                headers: [.ruleSetHash: status.current.hash])
        }
        router.get("/healthz") { _, _ in
            let snapshot = self.store.current
            return Responses.json(Health(status: "ok", ruleSetSha256: snapshot.hash), headers: [.ruleSetHash: snapshot.hash])
        }
        router.get("/metrics") { _, _ in
            Responses.bytes(self.metrics.exposition(), type: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    struct Health: Encodable {
        var status: String
        var ruleSetSha256: String
    }

    /// `POST /v1/assessments`: the body is one dossier; `?name=` names it.
    func assessOne(_ request: Request) async throws -> Response {
        let name = request.inputName
        let bytes = try await request.bodyBytes(limit: configuration.limits.maxBytes, name: name, what: "file")
        let snapshot = store.current
        switch assess(bytes: bytes, name: name, with: snapshot) {
        case .success(let assessment):
            return Responses.bytes(
                AssessmentDocument.render(assessment, snapshot: snapshot), type: Responses.json, headers: [.ruleSetHash: snapshot.hash])
        case .failure(let failure):
            throw ServiceError.refused(failure.diagnostics, name: name, ruleSetHash: snapshot.hash)
        }
    }

    /// `POST /v1/assessments/batch`: a `multipart/form-data` body, one dossier per part, named
    /// by the part's file name (or field name). Answers with the JSON report of the batch: every
    /// part is either in `dossiers` or in `failures`, as with `silkrisk score --format json`.
    func assessBatch(_ request: Request) async throws -> Response {
        guard let boundary = MultipartForm.boundary(contentType: request.headers[.contentType]) else {
            throw ServiceError(
                status: .unsupportedMediaType, title: "A batch is multipart/form-data",
                detail:
                    "send the dossiers as the parts of a multipart/form-data body, one dossier per part (curl -F dossier=@a.xml -F dossier=@b.xml)")
        }
        let bytes = try await request.bodyBytes(limit: configuration.maxBatchBytes, name: "", what: "request body")
        let form = try MultipartForm(bytes: bytes, boundary: boundary)
        guard form.parts.count <= configuration.maxBatchDossiers else {
            throw ServiceError(
                status: .contentTooLarge, title: "Too many dossiers in one batch",
                detail: "the batch holds \(form.parts.count) dossiers; at most \(configuration.maxBatchDossiers) are taken at once")
        }
        let snapshot = store.current
        var assessments: [Assessment] = []
        var failures: [FailedDossier] = []
        for (index, part) in form.parts.enumerated() {
            let name = part.filename ?? part.name.flatMap { $0.isEmpty ? nil : $0 } ?? "part-\(index + 1)"
            switch assess(bytes: part.body, name: name, with: snapshot) {
            case .success(let assessment): assessments.append(assessment)
            case .failure(let failure): failures.append(failure)
            }
        }
        let report = JSONReport.render(Portfolio(ruleSet: snapshot.ruleSet, assessments: assessments, failures: failures))
        return Responses.bytes(
            Array(report.utf8), type: Responses.json, headers: [.ruleSetHash: snapshot.hash, .dossiersFailed: String(failures.count)])
    }
}
