import Dispatch

/// Per-file work on every core, a chunk of files at a time, the results handed to the caller in
/// input order, so nothing depends on timing; while the caller consumes one chunk, the next is
/// already being worked on, and at most two chunks are held at once. The one pipeline of the
/// package: `BatchScorer` scores through it, `validate` checks dossiers with it, and
/// `silkrisk diff` reads each dossier once and assesses it with two rule sets.
public enum OrderedBatch {
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
            let done = DispatchGroup()
            DispatchQueue.global().async(group: done) {
                DispatchQueue.concurrentPerform(iterations: chunk.count) { offset in slots[offset] = work(chunk[offset]) }
            }
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
}
