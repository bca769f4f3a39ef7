import CLibFuzzer

#if canImport(Glibc)
    import Glibc
#endif

/// Starts libFuzzer with this process's arguments and `body` as the function under test, and
/// exits with libFuzzer's status.
///
/// SwiftPM renames an executable's `main` on Linux (so that tests can link executables) and then
/// points the linker's `main` at the renamed one (`--defsym`), so a harness cannot leave `main`
/// to libFuzzer as a C harness does: each harness has its own `@main`, which calls libFuzzer's
/// driver. Each also exports `LLVMFuzzerTestOneInput`, because the runtime's own `main`, which
/// calls it, is still linked in (the `--defsym` then makes the harness's `main` the entry).
public enum FuzzerDriver {
    public typealias Body = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    public static func run(_ body: Body) -> Never {
        var count = CommandLine.argc
        var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&count, &arguments, body))
    }

    /// Stops the run the way libFuzzer records a crash (the input is saved), with the reason on
    /// standard error. For broken promises that are not crashes by themselves.
    public static func fail(_ harness: String, _ reason: String) -> Never {
        fatalError("\(harness): \(reason)")
    }
}
