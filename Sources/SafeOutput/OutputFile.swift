import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A file that every command writes through — a report, a generated rule set, anything — so that
/// a reader never finds half of it, and every failure is an error naming the path and the cause.
///
/// A regular file, or a path that does not exist yet, is replaced atomically. The bytes go to a
/// temporary file beside it — same folder, the name `.NAME.silkrisk-tmp-PID-N`, created with
/// `O_EXCL` and the mode of any new file (0666 less the umask) — which `commit()` flushes to the
/// disk (`fsync`), closes and renames onto the path; the folder is flushed too. Until then the
/// path keeps what it had. A writer that fails, is discarded, or is dropped without `commit()`
/// removes its temporary file, and so does a run stopped by SIGINT, SIGTERM or SIGHUP; only
/// SIGKILL or a power cut can leave one behind. Missing parent folders are created first. A
/// symbolic link is followed: the file it points to is replaced, and the link stays a link.
///
/// Anything else cannot be replaced by a rename, and is written in place, every write and the
/// close checked: a path that names an open descriptor (`/dev/stdout`, `/dev/stderr`,
/// `/dev/fd/N`, `/proc/self/fd/N`) is written through that descriptor, which keeps its offset and
/// append mode and is left open; an existing device (`/dev/null`, `/dev/full`), FIFO, socket or
/// terminal is opened for writing (a FIFO waits for its reader) and closed by `commit()`.
public final class OutputFile {
    /// How `standardOutput()` is named in messages.
    public static let standardOutputName = "standard output"

    /// The path as given, for messages.
    public let path: String
    /// Where the bytes go until `commit()`: the temporary file, or the special file itself.
    /// For writers that take a descriptor; everything written through it counts as written here.
    public let descriptor: Int32
    /// How the bytes reach `path`.
    public let kind: Kind

    public enum Kind: Sendable, Equatable {
        /// A temporary file beside `target` (the path with links followed), renamed onto it by
        /// `commit()`.
        case replacing(target: String, temporary: String)
        /// A special file, opened by path and written in place.
        case inPlace
        /// A descriptor this process already has open (standard output, say): written in place
        /// and never closed here.
        case inherited
    }

    private let flushesToDisk: Bool
    private var state = State.open
    private var failure: OutputError?
    private var slot: Int?

    private enum State { case open, committed, discarded }

    /// Opens `path` for writing, as the type's description says. `flushesToDisk: false` skips the
    /// `fsync`s, for files whose durability a caller ensures otherwise (many small generated
    /// files, say, followed by one `sync`); the rename stays atomic.
    public init(path: String, flushesToDisk: Bool = true) throws(OutputError) {
        self.path = path
        self.flushesToDisk = flushesToDisk
        if let inherited = Self.inheritedDescriptor(named: path) {
            guard fcntl(inherited, F_GETFD) != -1 else { throw OutputError(path: path, code: errno) }
            (descriptor, kind) = (inherited, .inherited)
            return
        }
        var target = path
        var status = stat()
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK, let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        if stat(target, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                break
            case S_IFDIR:
                throw OutputError(path: path, code: EISDIR)
            default:
                let opened = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                guard opened >= 0 else { throw OutputError(path: path, code: errno) }
                (descriptor, kind) = (opened, .inPlace)
                return
            }
        }
        let (folder, name) = Self.split(target)
        guard !name.isEmpty else { throw OutputError(path: path, code: EISDIR) }
        try Self.makeFolder(folder, for: path)
        let (opened, temporary, slot) = try Self.createTemporary(in: folder, beside: name, for: path)
        (descriptor, kind, self.slot) = (opened, .replacing(target: target, temporary: temporary), slot)
    }

    private init(inherited descriptor: Int32, name: String) {
        (self.path, self.descriptor, self.kind, self.flushesToDisk) = (name, descriptor, .inherited, false)
    }

    /// Standard output (descriptor 1), written in place with every write checked.
    public static func standardOutput() -> OutputFile {
        OutputFile(inherited: 1, name: standardOutputName)
    }

    /// Writes `text` to `path` whole, or leaves `path` as it was and throws.
    public static func write(_ text: String, to path: String, flushesToDisk: Bool = true) throws(OutputError) {
        let file = try OutputFile(path: path, flushesToDisk: flushesToDisk)
        try file.write(text)
        try file.commit()
    }

    deinit { discard() }

    /// Appends `bytes`. After a failure the file is discarded, and the failure is thrown again by
    /// every later `write` and by `commit()`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        if let failure { throw failure }
        precondition(state == .open, "OutputFile: write after commit or discard")
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw fail(count < 0 ? errno : EIO) }
            offset += count
        }
    }

    /// Appends `text` as UTF-8.
    public func write(_ text: String) throws(OutputError) {
        var text = text
        var failure: OutputError? = nil
        text.withUTF8 { bytes in
            do throws(OutputError) { try write(UnsafeRawBufferPointer(bytes)) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Makes what was written the file at `path`: for a replaced file, flush, close and rename
    /// (then flush the folder, so the rename itself is on the disk); for a special file, close.
    /// On failure the temporary file is removed and `path` keeps what it had.
    public func commit() throws(OutputError) {
        if let failure { throw failure }
        precondition(state == .open, "OutputFile: commit after commit or discard")
        switch kind {
        case .replacing(let target, let temporary):
            if flushesToDisk && fsync(descriptor) != 0 { throw fail(errno) }
            state = .discarded
            if close(descriptor) != 0 && errno != EINTR { throw fail(errno) }
            guard rename(temporary, target) == 0 else { throw fail(errno) }
            if let slot { PendingTemporaries.unregister(slot) }
            slot = nil
            if flushesToDisk { Self.flushFolder(of: target) }
        case .inPlace:
            state = .discarded
            if close(descriptor) != 0 && errno != EINTR { throw fail(errno) }
        case .inherited:
            break
        }
        state = .committed
    }

    /// Abandons the output: `path` keeps what it had and the temporary file is removed. Does
    /// nothing after `commit()`.
    public func discard() {
        if state == .open, kind != .inherited { close(descriptor) }
        if state != .committed, case .replacing(_, let temporary) = kind { unlink(temporary) }
        if let slot { PendingTemporaries.unregister(slot) }
        slot = nil
        if state == .open { state = .discarded }
    }

    /// Records the failure, discards the output and returns the error to throw.
    private func fail(_ code: Int32) -> OutputError {
        let error = OutputError(path: path, code: code)
        failure = error
        discard()
        return error
    }
}

extension OutputFile {
    /// The descriptor that `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N` names.
    static func inheritedDescriptor(named path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                let number = path.dropFirst(prefix.count)
                if !number.isEmpty, number.allSatisfy(\.isASCII), let value = Int32(number) { return value }
            }
            return nil
        }
    }

    /// The folder part and the last component of `path` ("." for a bare name).
    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = path[..<slash]
        return (folder.isEmpty ? "/" : String(folder), String(path[path.index(after: slash)...]))
    }

    /// Creates `folder` and any missing parents, as `mkdir -p` does.
    static func makeFolder(_ folder: String, for path: String) throws(OutputError) {
        var status = stat()
        if stat(folder, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else { throw OutputError(path: path, code: ENOTDIR) }
            return
        }
        guard errno == ENOENT else { throw OutputError(path: path, code: errno) }
        let parent = split(folder).folder
        if parent != folder { try makeFolder(parent, for: path) }
        if mkdir(folder, 0o777) != 0 && errno != EEXIST {
            throw OutputError(path: path, code: errno, step: "creating the folder '\(folder)'")
        }
    }

    /// Numbers the temporary files of one process.
    static let sequence = Atomic<Int>(0)

    /// Creates a new temporary file beside `name` in `folder`, exclusively, and registers it with
    /// `PendingTemporaries` (its slot). The name is registered *before* the file is created, so
    /// that a stop signal arriving at any moment finds it: a file created and not yet registered
    /// would outlive a SIGINT. (A name whose creation fails is unregistered again; should a signal
    /// come in that moment, the handler's `unlink` removes nothing, or a stale temporary of an
    /// earlier process with this process id.)
    static func createTemporary(in folder: String, beside name: String, for path: String) throws(OutputError) -> (Int32, String, Int?) {
        // Keep the temporary's name within NAME_MAX, whatever the target's.
        let stem = name.utf8.count > 160 ? String(name.prefix(40)) : name
        let prefix = (folder.hasSuffix("/") ? folder : folder + "/") + "." + stem + ".silkrisk-tmp-\(getpid())-"
        while true {
            let temporary = prefix + String(sequence.wrappingAdd(1, ordering: .relaxed).oldValue)
            let slot = PendingTemporaries.register(temporary)
            let opened = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if opened >= 0 { return (opened, temporary, slot) }
            let code = errno
            if let slot { PendingTemporaries.unregister(slot) }
            if code != EEXIST { throw OutputError(path: path, code: code, step: "creating a temporary file in '\(folder)'") }
        }
    }

    /// Flushes the folder holding `path`, so that a rename into it survives a crash. Best effort:
    /// some file systems refuse to flush a folder, and the file itself is already on the disk.
    static func flushFolder(of path: String) {
        let folder = open(split(path).folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return }
        _ = fsync(folder)
        close(folder)
    }
}
