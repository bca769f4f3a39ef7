import DossierXML
import Reports
import RuleLanguage
import Scoring
import SilkDiagnostics

#if canImport(Glibc)
    import Glibc
#endif

/// Expands paths into dossier files: a folder gives every `*.xml` below it, sorted by path.
/// Nothing is dropped silently: paths that do not exist are `missing`, folders that give no
/// dossier are `empty`, other files found in folders (hidden ones aside) are `skipped`, and a
/// file given twice (by a folder and by name, or two spellings of one path) is listed once, the
/// later mentions `duplicates`, for the caller to report. The files come as a compact
/// `PathList`: a portfolio's list is kept for the whole run.
public enum DossierPaths {
    public struct Listing: Sendable {
        public var files = PathList()
        public var missing: [String] = []
        public var skipped: [String] = []
        /// Folders given that hold no `*.xml` file, at any depth.
        public var empty: [String] = []
        /// Files met again after the first time, each with the path it was first listed under.
        public var duplicates: [(path: String, first: String)] = []
    }

    public static func expand(_ paths: [String]) -> Listing {
        var listing = Listing()
        var sawLink = false
        for path in paths {
            var status = stat()
            guard stat(path, &status) == 0 else {
                listing.missing.append(path)
                continue
            }
            let first = listing.files.count
            let folder = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            if (status.st_mode & S_IFMT) == S_IFDIR, walk(folder, hidden: false, found: &listing.files, skipped: &listing.skipped, sawLink: &sawLink)
            {
                // What this folder gave, sorted by path; the files of earlier paths stay first.
                listing.files.sort(from: first)
                if listing.files.count == first { listing.empty.append(path) }
            } else {
                // A file, or a folder that cannot be listed: reading it says what is wrong.
                listing.files.append(path)
            }
        }
        listing.skipped.sort()
        // One folder without links lists each file once: only then is there nothing to compare.
        if paths.count > 1 || sawLink { removeDuplicates(&listing) }
        return listing
    }

    /// Keeps the first mention of each file, comparing resolved real paths (links, `.` and `..`
    /// and repeated slashes resolved); a path that cannot be resolved stands for itself.
    private static func removeDuplicates(_ listing: inout Listing) {
        var firstByRealPath: [String: String] = [:]
        var kept = PathList()
        for path in listing.files {
            var real = path
            if let resolved = realpath(path, nil) {
                real = String(cString: resolved)
                free(resolved)
            }
            if let first = firstByRealPath[real] {
                listing.duplicates.append((path, first))
            } else {
                firstByRealPath[real] = path
                kept.append(path)
            }
        }
        listing.files = kept
    }

    /// Every `*.xml` below `folder` (hidden folders too); other entries, outside hidden folders
    /// and not themselves hidden, are skipped. Symbolic links to folders are not followed (a link
    /// could make a cycle) and are reported as skipped.
    /// Returns false when `folder` cannot be listed (a sub-folder that cannot is skipped).
    /// `sawLink` is set when a listed file is a symbolic link (it may be a file listed elsewhere).
    @discardableResult
    private static func walk(_ folder: String, hidden: Bool, found: inout PathList, skipped: inout [String], sawLink: inout Bool) -> Bool {
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
                if !walk(full, hidden: isHidden, found: &found, skipped: &skipped, sawLink: &sawLink), !isHidden { skipped.append(full) }
            } else if name.hasSuffix(".xml") {
                if kind == UInt8(DT_LNK) { sawLink = true }
                found.append(full)
            } else if !isHidden {
                skipped.append(full)
            }
        }
        return true
    }
}
