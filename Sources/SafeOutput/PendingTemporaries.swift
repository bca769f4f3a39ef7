import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The temporary files not yet renamed into place, so that a run stopped by SIGINT, SIGTERM or
/// SIGHUP removes them before it dies (SIGKILL cannot be caught: its temporary stays, named
/// `.NAME.silkrisk-tmp-PID-N`).
///
/// A signal handler may not allocate or take a lock, so the paths are kept as C strings in a fixed
/// table of atomic slots; the handler only reads the slots, calls `unlink`, restores the default
/// action and raises the signal again, so the process still ends the way the signal says.
/// The handlers are installed once, the first time a temporary is registered, and only for
/// signals whose action is still the default (a signal the parent ignored, as `nohup` ignores
/// SIGHUP, stays ignored).
enum PendingTemporaries {
    static let capacity = 32
    /// Each slot holds a `strdup`ed path as an address, or 0.
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<Atomic<Int>> = {
        let slots = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: capacity)
        for index in 0..<capacity { (slots + index).initialize(to: Atomic(0)) }
        return slots
    }()
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    static let installed = Atomic<Bool>(false)

    /// Registers `path`; returns its slot, or nil when the table is full (the file is then only
    /// removed on failure or discard, not on a signal).
    static func register(_ path: String) -> Int? {
        installHandlers()
        guard let copy = strdup(path) else { return nil }
        let address = Int(bitPattern: copy)
        for index in 0..<capacity where slots[index].compareExchange(expected: 0, desired: address, ordering: .acquiringAndReleasing).exchanged {
            return index
        }
        free(copy)
        return nil
    }

    /// Forgets the path in `slot` (after it was renamed into place or removed).
    static func unregister(_ slot: Int) {
        let address = slots[slot].exchange(0, ordering: .acquiringAndReleasing)
        if address != 0 { free(UnsafeMutableRawPointer(bitPattern: address)) }
    }

    private static func installHandlers() {
        guard installed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        _ = slots
        for signal in signals {
            var previous = sigaction()
            guard sigaction(signal, nil, &previous) == 0, previous.__sigaction_handler.sa_handler == nil else { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = removeTemporariesAndDie
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
        }
    }
}

/// The signal handler: async-signal-safe calls only (`unlink`, `signal`, `raise`).
private func removeTemporariesAndDie(_ signal: Int32) {
    for index in 0..<PendingTemporaries.capacity {
        let address = PendingTemporaries.slots[index].load(ordering: .acquiring)
        if address != 0, let path = UnsafePointer<CChar>(bitPattern: address) { unlink(path) }
    }
    Glibc.signal(signal, SIG_DFL)
    raise(signal)
}
