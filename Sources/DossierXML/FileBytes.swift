#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file's bytes with a cap, so that a huge file, a FIFO or a device is never read whole.
enum FileBytes {
    enum Failure: Error {
        case cannotOpen(String)
        case notARegularFile
        case tooLarge
        case readFailed(String)
    }

    static func read(path: String, limit: Int) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw .cannotOpen(String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .readFailed(String(cString: strerror(errno))) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw .notARegularFile }
        if Int(status.st_size) > limit { throw .tooLarge }
        // Read into a buffer of the size fstat gives, plus one byte to notice a file that grew;
        // keep reading in chunks if it did, up to the limit. The buffer is not zeroed first.
        var failure: Failure? = nil
        var bytes = [UInt8](unsafeUninitializedCapacity: Int(status.st_size) + 1) { buffer, initialized in
            while initialized < buffer.count {
                let count = Glibc.read(descriptor, buffer.baseAddress! + initialized, buffer.count - initialized)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = .readFailed(String(cString: strerror(errno)))
                    return
                }
                if count == 0 { return }
                initialized += count
            }
        }
        if let failure { throw failure }
        var filled = bytes.count
        if filled == Int(status.st_size) + 1 {
            // The file grew since fstat: read the rest in chunks.
            while true {
                if filled == bytes.count {
                    if bytes.count > limit { throw .tooLarge }
                    bytes += [UInt8](repeating: 0, count: min(64 * 1024, limit + 1 - bytes.count + 1))
                }
                let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw .readFailed(String(cString: strerror(errno)))
                }
                if count == 0 { break }
                filled += count
                if filled > limit { throw .tooLarge }
            }
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
