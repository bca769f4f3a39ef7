import SilkDiagnostics

extension FileBytes {
    /// The file's bytes, at most `limit`, or the problem as a diagnostic naming the file.
    static func load(path: String, limit: Int) -> Result<[UInt8], SafeXMLParser.Problems> {
        do {
            return .success(try read(path: path, limit: limit))
        } catch {
            let message: String
            let id: DiagnosticID
            switch error {
            case .cannotOpen(let reason):
                (id, message) = (.unreadableFile, "cannot open the file: \(reason)")
            case .notARegularFile:
                (id, message) = (.unreadableFile, "not a regular file")
            case .tooLarge:
                (id, message) = (.fileTooLarge, "the file is larger than the \(limit)-byte limit")
            case .readFailed(let reason):
                (id, message) = (.unreadableFile, "cannot read the file: \(reason)")
            }
            return .failure(SafeXMLParser.Problems([Diagnostic(.error, id, message, file: path)]))
        }
    }
}
