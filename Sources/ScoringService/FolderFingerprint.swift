import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the rules folder looks like from outside: every regular file under it (symbolic links
/// followed, as a mounted configuration often is), with its size, modification time to the
/// nanosecond and inode. Two fingerprints differ when any file was added, removed, replaced
/// (an editor's save-by-rename gives a new inode) or written.
struct FolderFingerprint: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        var path: String
        var size: Int
        var seconds: Int
        var nanoseconds: Int
        var inode: UInt64
    }

    var entries: [Entry]
    /// False when the folder itself could not be listed.
    var exists: Bool

    static func take(of directory: String) -> FolderFingerprint {
        let manager = FileManager.default
        guard (try? manager.contentsOfDirectory(atPath: directory)) != nil else { return FolderFingerprint(entries: [], exists: false) }
        var entries: [Entry] = []
        if let enumerator = manager.enumerator(atPath: directory) {
            for case let relative as String in enumerator {
                let path = directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
                var status = stat()
                guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
                entries.append(
                    Entry(
                        path: relative, size: Int(status.st_size), seconds: Int(status.st_mtim.tv_sec), nanoseconds: Int(status.st_mtim.tv_nsec),
                        inode: UInt64(status.st_ino)))
            }
        }
        entries.sort { $0.path < $1.path }
        return FolderFingerprint(entries: entries, exists: true)
    }
}
