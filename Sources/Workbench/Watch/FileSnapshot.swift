import PortfolioRunner

#if canImport(Glibc)
    import Glibc
#endif

/// What a set of files looks like at one moment, so that `score --watch` can tell when one was
/// edited, added or removed: each file's size, modification time and inode, and for the rule
/// files (small, and where an edit matters most) a digest of their bytes, so that an edit that
/// keeps the size and lands in the same clock tick is still seen.
package struct FileSnapshot: Equatable, Sendable {
    package struct Stamp: Equatable, Sendable {
        var size: Int
        var seconds: Int
        var nanoseconds: Int
        var inode: UInt64
        var digest: UInt64
    }

    package private(set) var stamps: [String: Stamp] = [:]

    package init() {}

    /// Every file below `folder` (hidden ones too: an editor's swap file is not a rule file,
    /// but the rules loader decides that), with the digest of its bytes.
    package static func folder(_ folder: String) -> FileSnapshot {
        var snapshot = FileSnapshot()
        snapshot.walk(folder, digests: true)
        return snapshot
    }

    /// The dossier files the paths give, as `score` lists them, and the folders' entries.
    package static func dossiers(_ paths: [String]) -> FileSnapshot {
        var snapshot = FileSnapshot()
        for file in DossierPaths.expand(paths).files { snapshot.add(file, digest: false) }
        return snapshot
    }

    /// The paths added, removed or changed since `earlier`, sorted.
    package func changes(since earlier: FileSnapshot) -> [String] {
        Set(stamps.keys).union(earlier.stamps.keys).filter { stamps[$0] != earlier.stamps[$0] }.sorted()
    }

    private mutating func walk(_ folder: String, digests: Bool) {
        guard let directory = opendir(folder) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            if (status.st_mode & S_IFMT) == S_IFDIR {
                walk(path, digests: digests)
            } else {
                add(path, digest: digests)
            }
        }
    }

    private mutating func add(_ path: String, digest: Bool) {
        var status = stat()
        guard stat(path, &status) == 0 else {
            // Gone between listing and looking: seen as removed.
            return
        }
        stamps[path] = Stamp(
            size: Int(status.st_size), seconds: Int(status.st_mtim.tv_sec), nanoseconds: Int(status.st_mtim.tv_nsec), inode: UInt64(status.st_ino),
            digest: digest ? Self.digest(path) : 0)
    }

    /// FNV-1a over the file's bytes; 0 when it cannot be read.
    private static func digest(_ path: String) -> UInt64 {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            for byte in buffer[0..<count] { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        return hash
    }
}
