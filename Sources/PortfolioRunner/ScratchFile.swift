#if canImport(Glibc)
    import Glibc
#endif

/// A scratch file for what a streamed report or a diff sets aside until it is written: made in
/// `$TMPDIR` (or `/tmp`, where TMPDIR is unset or empty) and unlinked at once, so that only its
/// descriptor names it and it goes with the process, however the process ends.
package enum ScratchFile {
    package struct Failure: Error {
        package var message: String
    }

    /// The new file's descriptor, open for reading and writing; the caller closes it.
    package static func make() throws(Failure) -> Int32 {
        let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((folder + "/silkrisk-scratch-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw Failure(message: "cannot make a temporary file in \(folder): \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return descriptor
    }
}
