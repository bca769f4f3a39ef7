import Dispatch
import Foundation
import Synchronization

/// Per-file work on every core, a chunk of files at a time, the results handed to the caller in
/// input order, so nothing depends on timing; while the caller consumes one chunk, the next is
/// already being worked on, and at most two chunks are held at once. The one pipeline of the
/// package: `BatchScorer` scores through it, `validate` checks dossiers with it, and
/// `silkrisk diff` reads each dossier once and assesses it with two rule sets.
///
/// The work runs on threads of its own, one per core, not on libdispatch's pool: the caller is
/// usually a thread of that pool itself (the commands run in Swift concurrency's cooperative
/// pool), and while it waits for a chunk the pool counts it as busy, so on two cores
/// `concurrentPerform` got one worker, and a second only when the pool's monitor noticed, about
/// a second later: a portfolio that takes a second was scored on one core.
public enum OrderedBatch {
    /// How many threads work on a chunk.
    static let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Runs `work` on every file in parallel and hands each result to `consume` in input order,
    /// with its position (from 0). `work` runs on worker threads; `consume` on the caller's.
    public static func run<Files: RandomAccessCollection<String>, Output: Sendable>(
        files: Files, chunkSize: Int = 256, work: @escaping @Sendable (String) -> Output, consume: (Int, Output) throws -> Void
    ) rethrows where Files.Index == Int {
        let chunkSize = max(1, chunkSize)
        func launch(_ start: Int) -> (start: Int, slots: ResultSlots<Output>, done: DispatchGroup) {
            let first = files.startIndex + start
            let chunk = Array(files[first..<min(first + chunkSize, files.endIndex)])
            let slots = ResultSlots<Output>(count: chunk.count)
            let done = perform(iterations: chunk.count) { offset in slots[offset] = work(chunk[offset]) }
            return (start, slots, done)
        }
        guard !files.isEmpty else { return }
        var current = launch(0)
        while true {
            current.done.wait()
            let next = current.start + chunkSize < files.count ? launch(current.start + chunkSize) : nil
            // Should `consume` throw, the chunk in flight is finished before returning.
            defer { next?.done.wait() }
            for (offset, output) in current.slots.values.enumerated() {
                if let output { try consume(current.start + offset, output) }
            }
            guard let next else { return }
            current = next
        }
    }

    /// Runs `body` for every index below `iterations` on `workers` threads started for it, each
    /// taking the next index not taken yet; the group is left when every index is done.
    private static func perform(iterations: Int, _ body: @escaping @Sendable (Int) -> Void) -> DispatchGroup {
        let done = DispatchGroup()
        let next = Counter()
        for _ in 0..<min(workers, iterations) {
            done.enter()
            let thread = Thread {
                while true {
                    let index = next.value.add(1, ordering: .relaxed).oldValue
                    guard index < iterations else { break }
                    body(index)
                }
                done.leave()
            }
            // As deep as a libdispatch worker's: the parser and the evaluator recurse.
            thread.stackSize = 8 << 20
            thread.start()
        }
        return done
    }

    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }
}
