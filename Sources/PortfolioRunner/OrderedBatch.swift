import Dispatch
import Foundation
import Synchronization

/// Per-file work on every core, the results handed to the caller in input order, a chunk of
/// files at a time, so nothing depends on timing. The workers take files one after another from
/// the whole list, up to `chunksAhead` chunks beyond the one the caller consumes: they go on
/// into the next chunk while the last files of one are still being worked on and while the
/// caller writes the last, instead of stopping at each chunk's end (threads started a chunk at a
/// time left the cores a tenth idle: a chunk's last file on one core, the other waiting, then
/// two threads started again). The one pipeline of the package: `BatchScorer` scores through
/// it, `validate` checks dossiers with it, and `silkrisk diff` reads each dossier once and
/// assesses it with two rule sets.
///
/// The work runs on threads of its own, one per core, not on libdispatch's pool: the caller is
/// usually a thread of that pool itself (the commands run in Swift concurrency's cooperative
/// pool), and while it waits for a chunk the pool counts it as busy, so on two cores
/// `concurrentPerform` got one worker, and a second only when the pool's monitor noticed, about
/// a second later: a portfolio that takes a second was scored on one core.
public enum OrderedBatch {
    /// How many threads do the work.
    static let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// How many chunks may be worked on, or done and waiting, beyond the one being consumed.
    static let chunksAhead = 2

    /// Runs `work` on every file in parallel and hands each result to `consume` in input order,
    /// with its position (from 0). `work` runs on worker threads; `consume` on the caller's.
    /// Should `consume` throw, the files being worked on are finished before the error reaches
    /// the caller, and no other is started.
    public static func run<Files: RandomAccessCollection<String>, Output: Sendable>(
        files: Files, chunkSize: Int = 256, work: @escaping @Sendable (String) -> Output, consume: (Int, Output) throws -> Void
    ) rethrows where Files.Index == Int {
        try run(files: files, chunkSize: chunkSize, workers: { _ in work }, consume: consume)
    }

    /// As `run(files:chunkSize:work:consume:)`, with each worker's own work: `workers` is called
    /// once on each worker thread, with its number (from 0), before it takes a file, and what it
    /// returns does that thread's files. (What a worker builds there for itself, no other
    /// thread touches.)
    public static func run<Files: RandomAccessCollection<String>, Output: Sendable>(
        files: Files, chunkSize: Int = 256, workers makeWork: @escaping @Sendable (Int) -> (String) -> Output,
        consume: (Int, Output) throws -> Void
    ) rethrows where Files.Index == Int {
        let chunkSize = max(1, chunkSize)
        guard !files.isEmpty else { return }
        let paths = Array(files)
        let chunks = stride(from: 0, to: paths.count, by: chunkSize).map { Chunk<Output>(start: $0, count: min(chunkSize, paths.count - $0)) }
        let gate = Gate()
        let opened = min(chunks.count, chunksAhead + 1)
        for chunk in chunks[..<opened] { chunk.open() }
        gate.open.store(opened, ordering: .releasing)
        let finished = DispatchGroup()
        for worker in 0..<min(workers, paths.count) {
            finished.enter()
            let thread = Thread {
                let work = makeWork(worker)
                while let index = gate.next(below: paths.count, chunkSize: chunkSize) {
                    let chunk = chunks[index / chunkSize]
                    chunk.store(work(paths[index]), at: index - chunk.start)
                }
                finished.leave()
            }
            // As deep as a libdispatch worker's: the parser and the evaluator recurse.
            thread.stackSize = 8 << 20
            thread.start()
        }
        defer {
            gate.stop()
            finished.wait()
        }
        for (number, chunk) in chunks.enumerated() {
            chunk.ready.wait()
            for (offset, output) in chunk.take().enumerated() {
                if let output { try consume(chunk.start + offset, output) }
            }
            let next = number + chunksAhead + 1
            if next < chunks.count {
                chunks[next].open()
                gate.openChunks(below: next + 1)
            }
        }
    }

    /// Which files the workers may take: the next one, as long as its chunk is open.
    private final class Gate: Sendable {
        private let counter = Atomic<Int>(0)
        /// Chunks below this number are open.
        let open = Atomic<Int>(0)
        private let stopped = Atomic<Bool>(false)
        /// Guards waiting for a chunk to open; `open` and `stopped` change under it.
        private let condition = NSCondition()

        /// The next file to work on, waiting until its chunk is open; nil once every file is
        /// taken or the run is stopped.
        func next(below count: Int, chunkSize: Int) -> Int? {
            let index = counter.add(1, ordering: .relaxed).oldValue
            guard index < count, !stopped.load(ordering: .acquiring) else { return nil }
            let chunk = index / chunkSize
            if chunk >= open.load(ordering: .acquiring) {
                condition.lock()
                while chunk >= open.load(ordering: .acquiring) && !stopped.load(ordering: .acquiring) { condition.wait() }
                condition.unlock()
                if stopped.load(ordering: .acquiring) { return nil }
            }
            return index
        }

        func openChunks(below number: Int) {
            condition.lock()
            open.store(number, ordering: .releasing)
            condition.broadcast()
            condition.unlock()
        }

        func stop() {
            condition.lock()
            stopped.store(true, ordering: .releasing)
            condition.broadcast()
            condition.unlock()
        }
    }

    /// One chunk's results: room made when the chunk opens, filled by the workers, taken by the
    /// caller, which `ready` lets know once every file of it is done.
    private final class Chunk<Output: Sendable>: Sendable {
        let start: Int
        let count: Int
        private let results = Mutex<[Output?]>([])
        private let remaining: Atomic<Int>
        let ready = DispatchSemaphore(value: 0)

        init(start: Int, count: Int) {
            self.start = start
            self.count = count
            remaining = Atomic(count)
        }

        func open() {
            results.withLock { $0 = Array(repeating: nil, count: count) }
        }

        func store(_ output: Output, at offset: Int) {
            results.withLock { $0[offset] = output }
            if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { ready.signal() }
        }

        func take() -> [Output?] {
            results.withLock { results in
                defer { results = [] }
                return results
            }
        }
    }
}
