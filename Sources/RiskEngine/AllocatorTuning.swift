#if canImport(Glibc)
    import Glibc
#endif

/// Scoring allocates and frees a few hundred small blocks per dossier — libxml2's tree and
/// SilkRisk's values — in bursts. glibc's malloc keeps only 7 freed blocks of each size in a
/// thread's cache; the rest go back through the arena's bins, and every larger request then
/// consolidates them again. A cache of `cachedBlocks` blocks per size removes that churn: on a
/// 100,000-dossier portfolio it cut CPU time by a quarter (docs/performance.md). glibc reads its
/// tunables only when a process starts, so `silkrisk score` re-executes itself once with
/// `GLIBC_TUNABLES` set. Nothing else changes: the output is the same bytes either way.
///
/// Left alone when `GLIBC_TUNABLES` is already set (the user's own tuning wins) or when
/// `SILKRISK_MALLOC_TUNING=off`; when re-executing fails the process simply runs untuned.
public enum AllocatorTuning {
    public static let cachedBlocks = 1000
    public static let tunables = "glibc.malloc.tcache_count=\(cachedBlocks)"

    /// What the current process runs with, for reports of measurements.
    public static var current: String {
        #if canImport(Glibc)
            if let value = getenv("GLIBC_TUNABLES") { return String(cString: value) }
        #endif
        return "glibc defaults"
    }

    /// Re-executes this program with the tunables set, unless they are set already or tuning is
    /// switched off. Returns (untuned) only when there is nothing to do or exec fails.
    public static func reexecuteTuned(arguments: [String]) {
        #if os(Linux) && canImport(Glibc)
            guard getenv("GLIBC_TUNABLES") == nil else { return }
            if let setting = getenv("SILKRISK_MALLOC_TUNING"), String(cString: setting) == "off" { return }
            setenv("GLIBC_TUNABLES", tunables, 1)
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            execv("/proc/self/exe", &argv)
            // Still here: exec failed (no /proc, say). Run as we are.
            for pointer in argv { free(pointer) }
            unsetenv("GLIBC_TUNABLES")
        #endif
    }
}
