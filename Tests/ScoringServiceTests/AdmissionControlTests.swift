import Testing

@testable import ScoringService

@Suite("Admission control: a bounded number at work, a bounded queue, first come first served")
struct AdmissionControlTests {
    @Test("beyond the places and the queue a request is turned away; a cancelled waiter leaves the queue")
    func placesQueueAndCancellation() async throws {
        let metrics = ServiceMetrics()
        let control = AdmissionControl(capacity: 1, queueLimit: 1, metrics: metrics)
        #expect(await control.acquire() == .admitted)
        let waiter = Task { await control.acquire() }
        try await Self.waitUntil { String(decoding: metrics.exposition(), as: UTF8.self).contains("silkrisk_requests_queued 1") }
        #expect(await control.acquire() == .overloaded)
        waiter.cancel()
        #expect(await waiter.value == .cancelled)
        #expect(String(decoding: metrics.exposition(), as: UTF8.self).contains("silkrisk_requests_queued 0"))
        // The place is still held; the queue has room again.
        let next = Task { await control.acquire() }
        try await Self.waitUntil { String(decoding: metrics.exposition(), as: UTF8.self).contains("silkrisk_requests_queued 1") }
        control.release()
        #expect(await next.value == .admitted)
        control.release()
        #expect(await control.acquire() == .admitted)
        control.release()
    }

    @Test("waiters are let in in the order they came")
    func firstComeFirstServed() async throws {
        let metrics = ServiceMetrics()
        let control = AdmissionControl(capacity: 1, queueLimit: 8, metrics: metrics)
        #expect(await control.acquire() == .admitted)
        let order = Order()
        var waiters: [Task<Void, Never>] = []
        for index in 0..<4 {
            waiters.append(
                Task {
                    _ = await control.acquire()
                    await order.append(index)
                    control.release()
                })
            try await Self.waitUntil {
                String(decoding: metrics.exposition(), as: UTF8.self).contains("silkrisk_requests_queued \(index + 1)")
            }
        }
        control.release()
        for waiter in waiters { await waiter.value }
        #expect(await order.indices == [0, 1, 2, 3])
    }

    actor Order {
        var indices: [Int] = []
        func append(_ index: Int) { indices.append(index) }
    }

    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition())
    }
}
