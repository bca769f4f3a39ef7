#if canImport(Glibc)
    import Glibc
#endif

/// An unnamed file in shared memory (/dev/shm, a tmpfs), reached by the path `/proc/self/fd/N`,
/// so that each input is read through the same open/fstat/read path as a dossier on disk,
/// without touching the disk.
public final class MemoryFile {
    public let descriptor: Int32
    public let path: String

    /// `name` tells the harnesses' files apart in /dev/shm while they are being made.
    public init(name: String) {
        let name = "/dev/shm/silkrisk-fuzz-\(name)-\(getpid()).xml"
        descriptor = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { fatalError("\(name): \(String(cString: strerror(errno)))") }
        unlink(name)
        path = "/proc/self/fd/\(descriptor)"
    }

    public func replaceContents(with bytes: UnsafeBufferPointer<UInt8>) {
        guard ftruncate(descriptor, 0) == 0 else { fatalError("ftruncate: \(String(cString: strerror(errno)))") }
        var written = 0
        while written < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(written))
            guard count > 0 else { fatalError("pwrite: \(String(cString: strerror(errno)))") }
            written += count
        }
    }

    /// Empties the file, for a writer that writes from its start (a report).
    public func empty() {
        guard ftruncate(descriptor, 0) == 0, lseek(descriptor, 0, SEEK_SET) == 0 else { fatalError("ftruncate: \(String(cString: strerror(errno)))") }
    }

    /// What the file holds now.
    public func contents() -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(bytes.count)) }
            guard count >= 0 else { fatalError("pread: \(String(cString: strerror(errno)))") }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
        }
    }
}
