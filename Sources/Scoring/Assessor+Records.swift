public import DossierXML
import FoundationEssentials
public import RuleLanguage
import SilkDiagnostics

extension Assessor {
    /// Reads the file at `file` in the rule set's declared format and assesses each record on its
    /// own. A file that cannot be read is one failure; a record that is not valid is a failure of
    /// its own (`file#n`), and the file's other records are still assessed. A record gets its id
    /// from the format's `id` path, or `name#n` (the file's name and its place) without one.
    public func assessRecords(file: String, loader: RecordLoader) -> [Result<Assessment, FailedDossier>] {
        switch loader.read(path: file, query: extractor.query) {
        case .failure(let failure):
            return [.failure(FailedDossier(file: file, diagnostics: failure.diagnostics))]
        case .success(let read):
            let fileHash = dossierHash(read.bytes)
            let name = file.split(separator: "/").last.map(String.init) ?? file
            let validatesAny = loader.format.schema != nil
            // The source indexes the file's lines: made once, and only for a record with a problem.
            var source: XMLSource? = nil
            func placed() -> XMLSource {
                if let source { return source }
                let made = read.source
                source = made
                return made
            }
            var results: [Result<Assessment, FailedDossier>] = []
            results.reserveCapacity(read.records.count)
            for record in read.records {
                switch record.outcome {
                case .failure(let problems):
                    results.append(.failure(FailedDossier(file: "\(file)#\(record.index)", diagnostics: problems.diagnostics)))
                case .success(let result):
                    let identity = extractor.identity(of: result)
                    var facts = extractor.extract(result, source: placed)
                    if validatesAny && !record.validated {
                        let version = record.version.map { "version \($0)" } ?? "no version"
                        facts.problems.insert(
                            placed().diagnostic(
                                .warning, .recordNotValidated,
                                "this record (\(version)) is of a version the format's schema does not cover: it was read without "
                                    + "schema validation, with every other check", element: loader.format.record, line: record.line),
                            at: 0)
                    }
                    let id = identity.id ?? "\(name)#\(record.index)"
                    var assessment = assess(
                        facts, id: id, title: identity.title ?? id, status: identity.status, file: file,
                        dossierHash: dossierHash(Array((fileHash + "#\(record.index)").utf8)))
                    assessment.record = RecordPlace(index: record.index, line: record.line)
                    results.append(.success(assessment))
                }
            }
            return results
        }
    }
}

extension InputFormat {
    /// The largest schema file read.
    static let largestSchema = 16 << 20

    /// A loader for this format: its schema (and the `.xsd` files beside it, which it may include
    /// or import) read by us and compiled. `maxBytes` overrides the format's own size cap.
    public func recordLoader(maxBytes: Int? = nil) -> Result<RecordLoader, SafeXMLParser.Problems> {
        var schema: XMLSchemaValidator? = nil
        if let schemaPath {
            let folder = schemaPath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
            var includes: [String: [UInt8]] = [:]
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
            for name in names.sorted() where name.hasSuffix(".xsd") {
                let path = folder.isEmpty ? name : folder + "/" + name
                if let data = FileManager.default.contents(atPath: path), data.count <= Self.largestSchema { includes[name] = Array(data) }
            }
            let main = schemaPath.split(separator: "/").last.map(String.init) ?? schemaPath
            guard let xsd = includes[main] else {
                return .failure(
                    SafeXMLParser.Problems([
                        Diagnostic(.error, .formatSchemaUnreadable, "cannot read the format's schema '\(schemaPath)'", file: schemaPath)
                    ]))
            }
            do {
                schema = try XMLSchemaValidator(xsd: xsd, path: schemaPath, includes: includes)
            } catch {
                return .failure(
                    SafeXMLParser.Problems(
                        [Diagnostic(.error, .formatSchemaInvalid, "the schema of format '\(id)' does not compile", file: schemaPath)]
                            + error.diagnostics))
            }
        }
        return .success(
            RecordLoader(
                format: RecordFormat(
                    root: root, namespace: namespace, record: record, schema: schema, schemaVersions: schemaVersions,
                    versionAttribute: versionAttribute, ignoredAttributes: ignoredAttributes,
                    limits: XMLLimits(maxBytes: maxBytes ?? self.maxBytes))))
    }
}
