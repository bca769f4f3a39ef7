extension ReportWriteError {
    /// A write that failed, with the system's reason: for writers outside this module that
    /// stream to a report destination too (the workbench's diff and statistics).
    public init(_ message: String) {
        self.message = message
    }
}
