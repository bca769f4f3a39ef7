import Foundation
import Synchronization
import Testing

@testable import PortfolioRunner

/// The pipeline every batch command runs through: results in input order whatever the timing,
/// each file worked on once, and a chunk's files on every core at once.
@Suite("Ordered batch")
struct OrderedBatchTests {
    @Test("every file is worked on once and consumed once, in input order", arguments: [1, 3, 256])
    func inputOrder(chunkSize: Int) {
        for count in [0, 1, 5, 1000] {
            let files = (0..<count).map { "file-\($0)" }
            let calls = Mutex([String: Int]())
            var consumed: [(Int, String)] = []
            OrderedBatch.run(files: files, chunkSize: chunkSize) { file in
                calls.withLock { $0[file, default: 0] += 1 }
                // Later files finish first, when timing decides anything.
                if file.hasSuffix("0") { usleep(200) }
                return file.uppercased()
            } consume: { position, output in
                consumed.append((position, output))
            }
            #expect(consumed.map(\.0) == Array(0..<count))
            #expect(consumed.map(\.1) == files.map { $0.uppercased() })
            #expect(calls.withLock { $0 } == Dictionary(uniqueKeysWithValues: files.map { ($0, 1) }))
        }
    }

    @Test("a consumer that throws stops the run; the error reaches the caller")
    func consumerThrows() {
        struct Stop: Error {}
        let files = (0..<600).map { "f\($0)" }
        var consumed = 0
        #expect(throws: Stop.self) {
            try OrderedBatch.run(files: files, chunkSize: 100) {
                $0
            } consume: { position, _ in
                if position == 150 { throw Stop() }
                consumed += 1
            }
        }
        #expect(consumed == 150)
    }

    /// A slow first file does not hold the other workers at its chunk's end: they go on into the
    /// next chunks (as far as `chunksAhead` lets them) while it is worked on.
    @Test("the other workers go on past a chunk's end while one of its files is still worked on")
    func noBarrierAtChunkEnd() {
        guard OrderedBatch.workers >= 2 else { return }
        let chunkSize = 8
        let started = Atomic<Int>(0)
        let startedBeforeFirstDone = Atomic<Int>(-1)
        let files = (0..<(chunkSize * 6)).map { "f\($0)" }
        OrderedBatch.run(files: files, chunkSize: chunkSize) { file in
            started.add(1, ordering: .sequentiallyConsistent)
            if file == "f0" {
                // Long enough for the others to run through every open chunk.
                let deadline = Date().addingTimeInterval(5)
                while started.load(ordering: .sequentiallyConsistent) < chunkSize * (OrderedBatch.chunksAhead + 1) && Date() < deadline {
                    usleep(100)
                }
                startedBeforeFirstDone.store(started.load(ordering: .sequentiallyConsistent), ordering: .sequentiallyConsistent)
            }
            return file
        } consume: { _, _ in
        }
        #expect(startedBeforeFirstDone.load(ordering: .sequentiallyConsistent) == chunkSize * (OrderedBatch.chunksAhead + 1))
    }

    /// A slow consumer: the workers run ahead of it by `chunksAhead` chunks, and no further.
    @Test("the workers run as far ahead of the consumer as chunksAhead allows, and no further")
    func boundedAhead() {
        let chunkSize = 4
        let highest = Atomic<Int>(-1)
        let files = (0..<(chunkSize * 10)).map { "\($0)" }
        var furthest: [Int] = []
        OrderedBatch.run(files: files, chunkSize: chunkSize) { file in
            let index = Int(file)!
            var seen = highest.load(ordering: .sequentiallyConsistent)
            while index > seen {
                let (exchanged, original) = highest.compareExchange(expected: seen, desired: index, ordering: .sequentiallyConsistent)
                if exchanged { break }
                seen = original
            }
            return index
        } consume: { position, _ in
            if position % chunkSize == 0 {
                // Time for the workers to go as far as they may (however busy the machine), then
                // a little more, for any that would go further.
                let limit = min(files.count, (position / chunkSize + OrderedBatch.chunksAhead + 1) * chunkSize) - 1
                let deadline = Date().addingTimeInterval(5)
                while highest.load(ordering: .sequentiallyConsistent) < limit && Date() < deadline { usleep(200) }
                usleep(10_000)
                furthest.append(highest.load(ordering: .sequentiallyConsistent))
            }
        }
        for (number, seen) in furthest.enumerated() {
            let limit = min(files.count, (number + OrderedBatch.chunksAhead + 1) * chunkSize) - 1
            #expect(seen == limit, "consuming chunk \(number), the furthest file worked on is \(seen), not \(limit)")
        }
    }

    /// Each of a chunk's first files waits until as many files as there are workers have started
    /// (or ten seconds pass): only when they all run at once does every one of them get there.
    @Test("a chunk's files are worked on by one thread per core at once")
    func everyCore() {
        let workers = OrderedBatch.workers
        let started = Atomic<Int>(0)
        let threads = Mutex(Set<UInt>())
        let metBarrier = Atomic<Int>(0)
        let files = (0..<(workers * 4)).map { "f\($0)" }
        OrderedBatch.run(files: files, chunkSize: files.count) { _ in
            threads.withLock { _ = $0.insert(UInt(pthread_self())) }
            started.add(1, ordering: .sequentiallyConsistent)
            let deadline = Date().addingTimeInterval(10)
            while started.load(ordering: .sequentiallyConsistent) < workers && Date() < deadline { usleep(100) }
            if started.load(ordering: .sequentiallyConsistent) >= workers { metBarrier.add(1, ordering: .sequentiallyConsistent) }
            return 0
        } consume: { _, _ in
        }
        #expect(metBarrier.load(ordering: .sequentiallyConsistent) == files.count)
        #expect(threads.withLock { $0.count } == workers)
    }
}
