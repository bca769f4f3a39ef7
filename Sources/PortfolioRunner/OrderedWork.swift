import Dispatch

/// Runs a piece of work per file on every core, a chunk of files at a time, and hands the results
/// to the caller in input order, so nothing depends on timing: what `BatchScorer` does for
/// scoring, for any work (`validate` checks dossiers with it). While the caller consumes one
/// chunk, the next is already being worked on; at most two chunks are held at once.
public enum OrderedWork {
    /// Runs `work` on each file in parallel and `consume` on each result, in the order of `files`.
    /// Should `consume` throw, the chunk in flight is finished before the error is passed on.
    public static func run<Files: RandomAccessCollection<String>, Output: Sendable>(
        files: Files, chunkSize: Int = 256, work: @escaping @Sendable (String) -> Output, consume: (Int, Output) throws -> Void
    ) rethrows where Files.Index == Int {
        let chunkSize = max(1, chunkSize)
        func launch(_ start: Int) -> (start: Int, slots: ResultSlots<Output>, done: DispatchGroup) {
            let first = files.startIndex + start
            let chunk = Array(files[first..<min(first + chunkSize, files.endIndex)])
            let slots = ResultSlots<Output>(count: chunk.count)
            let done = DispatchGroup()
            DispatchQueue.global().async(group: done) {
                DispatchQueue.concurrentPerform(iterations: chunk.count) { slots[$0] = work(chunk[$0]) }
            }
            return (start, slots, done)
        }
        guard !files.isEmpty else { return }
        var current = launch(0)
        while true {
            current.done.wait()
            let next = current.start + chunkSize < files.count ? launch(current.start + chunkSize) : nil
            defer { next?.done.wait() }
            for (offset, output) in current.slots.values.enumerated() {
                if let output { try consume(current.start + offset, output) }
            }
            guard let next else { return }
            current = next
        }
    }
}
