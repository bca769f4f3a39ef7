public import DossierXML
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A dossier that could not be scored, with every problem found in it.
public struct FailedDossier: Sendable {
    public var file: String
    public var diagnostics: [Diagnostic]

    public init(file: String, diagnostics: [Diagnostic]) {
        self.file = file
        self.diagnostics = diagnostics
    }
}

/// The result of scoring a batch: assessments ranked (highest score first, then by id), and the
/// dossiers that failed, in file order. Nothing is dropped: every input is in one list or the other.
public struct Portfolio: Sendable {
    public var ruleSet: CompiledRuleSet
    /// Ranked: highest score first, then higher band, then id and file.
    public var assessments: [Assessment]
    /// The same assessments in the order the files were given.
    public var inputOrder: [Assessment]
    public var failures: [FailedDossier]

    /// `assessments` in the order the files were given.
    public init(ruleSet: CompiledRuleSet, assessments: [Assessment], failures: [FailedDossier]) {
        self.ruleSet = ruleSet
        self.inputOrder = assessments
        self.assessments = assessments.sorted { Ranking.precedes(RankKey($0), RankKey($1)) }
        self.failures = failures
    }
}

/// What ranks a dossier in a portfolio, for the in-memory reports. The streamed report keeps a
/// smaller entry per dossier instead (`RankIndex`), ordered the same way.
public struct RankKey: Sendable {
    public var score: Double
    public var band: Band
    public var id: String
    public var file: String

    public init(_ assessment: Assessment) {
        self.init(score: assessment.score, band: assessment.band, id: assessment.id, file: assessment.file)
    }

    init(score: Double, band: Band, id: String, file: String) {
        self.score = score
        self.band = band
        self.id = id
        self.file = file
    }
}

public enum Ranking {
    /// Highest score first, then higher band (a floor can raise it), then id and file: a total
    /// order, so the ranking never depends on input order or timing.
    public static func precedes(_ a: RankKey, _ b: RankKey) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.band.from != b.band.from { return a.band.from > b.band.from }
        return a.id != b.id ? a.id < b.id : a.file < b.file
    }
}

/// Expands paths into dossier files: a folder gives every `*.xml` below it, sorted by path.
/// Nothing is dropped silently: paths that do not exist are `missing`, and other files found in
/// folders (hidden ones aside) are `skipped`, for the caller to report. The files come as a
/// compact `PathList`: a portfolio's list is kept for the whole run.
public enum DossierPaths {
    public static func expand(_ paths: [String]) -> (files: PathList, missing: [String], skipped: [String]) {
        var files = PathList()
        var missing: [String] = []
        var skipped: [String] = []
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else {
                missing.append(path)
                continue
            }
            let first = files.count
            let folder = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            if (status.st_mode & S_IFMT) == S_IFDIR, walk(folder, hidden: false, found: &files, skipped: &skipped) {
                // What this folder gave, sorted by path; the files of earlier paths stay first.
                files.sort(from: first)
            } else {
                // A file, or a folder that cannot be listed: reading it says what is wrong.
                files.append(path)
            }
        }
        return (files, missing, skipped.sorted())
    }

    /// Every `*.xml` below `folder` (hidden folders too); other entries, outside hidden folders
    /// and not themselves hidden, are skipped. Symbolic links to folders are not followed (a link
    /// could make a cycle) and are reported as skipped.
    /// Returns false when `folder` cannot be listed (a sub-folder that cannot is skipped).
    @discardableResult
    private static func walk(_ folder: String, hidden: Bool, found: inout PathList, skipped: inout [String]) -> Bool {
        guard let directory = opendir(folder) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let full = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            let isHidden = hidden || name.hasPrefix(".")
            var kind = entry.pointee.d_type
            if kind == UInt8(DT_UNKNOWN) {
                var status = stat()
                if lstat(full, &status) == 0 {
                    kind = (status.st_mode & S_IFMT) == S_IFDIR ? UInt8(DT_DIR) : (status.st_mode & S_IFMT) == S_IFLNK ? UInt8(DT_LNK) : UInt8(DT_REG)
                }
            }
            if kind == UInt8(DT_DIR) {
                if !walk(full, hidden: isHidden, found: &found, skipped: &skipped), !isHidden { skipped.append(full) }
            } else if name.hasSuffix(".xml") {
                found.append(full)
            } else if !isHidden {
                skipped.append(full)
            }
        }
        return true
    }
}

extension Assessor {
    /// Loads and scores every file with the same pipeline as the streamed report, keeping every
    /// assessment (for the formats that need the whole portfolio at once).
    public func assess<Files: RandomAccessCollection<String>>(files: Files, loader: DossierLoader = DossierLoader()) -> Portfolio
    where Files.Index == Int {
        var assessments: [Assessment] = []
        var failures: [FailedDossier] = []
        BatchScorer(assessor: self, loader: loader).run(files: files, prepare: { $0 }) { _, item in
            switch item {
            case .scored(let assessment): assessments.append(assessment)
            case .failed(let failure): failures.append(failure)
            }
        }
        return Portfolio(ruleSet: ruleSet, assessments: assessments, failures: failures)
    }
}

extension FailedDossier: Error {}

/// Fixed slots that concurrent workers fill, one slot each, so no ordering depends on timing.
final class ResultSlots<Value: Sendable>: Sendable {
    private let storage: Mutex<[Value?]>

    init(count: Int) {
        storage = Mutex(Array(repeating: nil, count: count))
    }

    subscript(index: Int) -> Value? {
        get { storage.withLock { $0[index] } }
        set { storage.withLock { $0[index] = newValue } }
    }

    var values: [Value?] { storage.withLock { $0 } }
}

extension Diagnostic {
    /// A dossier problem as a diagnostic.
    public init(problem: XMLProblem, file: String) {
        self.init(.error, problem.kind.rawValue, problem.message, path: file, line: max(problem.line, 1), column: max(problem.column, 1))
    }
}
