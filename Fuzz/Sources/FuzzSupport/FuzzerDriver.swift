import CLibFuzzer
public import SilkDiagnostics

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

    /// A refusal's problems: at least one, each placed in the input file (`path`) at a line and
    /// column of 1 or more, each rendered; otherwise `harness` fails.
    public static func expectPlaced(_ problems: [Diagnostic], in path: String, harness: String, renderer: DiagnosticRenderer) {
        guard !problems.isEmpty else { fail(harness, "a refusal without a problem") }
        for problem in problems {
            guard let (line, column) = problem.lineAndColumn, line >= 1, column >= 1, problem.path == path else {
                fail(harness, "a problem not placed in the input: \(problem.position): \(problem.message)")
            }
            _ = renderer.render(problem)
        }
    }
}
