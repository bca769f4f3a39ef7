#if canImport(Glibc)
    import Glibc
#endif

/// Why an output could not be written: the path as the user gave it, what was being done, and
/// the system's reason (`strerror`), rendered as one line such as
/// `cannot write 'r.json': No space left on device`.
public struct OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path as given (or `standard output`).
    public var path: String
    /// The system error number (`errno`) behind the failure.
    public var code: Int32
    /// What was being done when it failed, when that is not plain writing: "creating the folder
    /// '/a/b'", say. Empty for a write, flush, close or rename of the file itself.
    public var step: String

    public init(path: String, code: Int32, step: String = "") {
        self.path = path
        self.code = code
        self.step = step
    }

    /// The system's description of `code`, as `strerror` gives it.
    public var reason: String { String(cString: strerror(code)) }

    public var description: String {
        let target = path == OutputFile.standardOutputName ? path : "'\(path)'"
        return "cannot write \(target): \(reason)" + (step.isEmpty ? "" : " (\(step))")
    }
}
