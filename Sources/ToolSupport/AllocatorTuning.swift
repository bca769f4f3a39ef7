#if canImport(Glibc)
    import Glibc
#endif

/// Scoring allocates and frees a few hundred small blocks per dossier — libxml2's tree and
/// SilkRisk's values — in bursts. glibc's malloc keeps only 7 freed blocks of each size in a
/// thread's cache; the rest go back through the arena's bins, and every larger request then
/// consolidates them again. A cache of `cachedBlocks` blocks per size removes most of that churn
/// (what it saves is measured in docs/performance.md, "Allocator tuning"). glibc reads its
/// tunables only when a process starts, so `silkrisk score` re-executes itself once with
/// `GLIBC_TUNABLES` set. Nothing else changes: the output is the same bytes either way.
///
/// Left alone when `GLIBC_TUNABLES` is already set (the user's own tuning wins) or when
/// `SILKRISK_MALLOC_TUNING=off`; when re-executing fails the process simply runs untuned.
public enum AllocatorTuning {
    public static let cachedBlocks = 1000
    public static let tunables = "glibc.malloc.tcache_count=\(cachedBlocks)"
    /// Set in the re-executed process, so that it never re-executes again.
    static let marker = "SILKRISK_MALLOC_TUNED"

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
            guard getenv("GLIBC_TUNABLES") == nil, getenv(marker) == nil else { return }
            if let setting = getenv("SILKRISK_MALLOC_TUNING"), String(cString: setting) == "off" { return }
            // glibc removes the tunables of a set-user or set-group id program: leave it be.
            guard getuid() == geteuid(), getgid() == getegid() else { return }
            // Started through the dynamic loader (`ld-linux… silkrisk score`), /proc/self/exe is
            // the loader, not silkrisk.
            var target = [CChar](repeating: 0, count: 4096)
            let length = readlink("/proc/self/exe", &target, target.count - 1)
            guard length > 0 else { return }
            let path = String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if let name = path.split(separator: "/").last, name.hasPrefix("ld-") || name.hasPrefix("ld.so") { return }
            // Once only, whatever glibc makes of the tunables.
            setenv(marker, "1", 1)
            setenv("GLIBC_TUNABLES", tunables, 1)
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            execv("/proc/self/exe", &argv)
            // Still here: exec failed (no /proc, say). Run as we are.
            for pointer in argv { free(pointer) }
            unsetenv("GLIBC_TUNABLES")
            unsetenv(marker)
        #endif
    }
}
