import DossierXML
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

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
