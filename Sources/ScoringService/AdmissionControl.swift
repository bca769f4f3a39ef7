import Synchronization

/// Bounded concurrency: at most `capacity` requests read their bodies and score at once, at
/// most `queueLimit` wait for a place (first come, first served), and any more are turned away
/// at once. A waiting request whose task is cancelled (its deadline passed, its client left)
/// leaves the queue.
final class AdmissionControl: Sendable {
    enum Admission {
        case admitted
        /// The queue is full.
        case overloaded
        /// The task was cancelled while it waited.
        case cancelled
    }

    fileprivate enum Waiter {
        /// Queued, its continuation not installed yet.
        case pending
        /// Cancelled before its continuation was installed.
        case cancelled
        case waiting(CheckedContinuation<Bool, Never>)
    }

    fileprivate struct State {
        var running = 0
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        /// Waiter ids in arrival order.
        var order: [UInt64] = []
    }

    let capacity: Int
    let queueLimit: Int
    private let state = Mutex(State())
    private let metrics: ServiceMetrics

    init(capacity: Int, queueLimit: Int, metrics: ServiceMetrics) {
        self.capacity = max(1, capacity)
        self.queueLimit = max(0, queueLimit)
        self.metrics = metrics
    }

    /// Runs `body` once a place is free; `nil` when the request was turned away or cancelled.
    func withPlace<T>(_ body: () async throws -> T) async throws -> T? {
        switch await acquire() {
        case .admitted: break
        case .overloaded, .cancelled: return nil
        }
        defer { release() }
        return try await body()
    }

    func acquire() async -> Admission {
        enum Step {
            case admitted, full
            case queued(UInt64)
        }
        let step = state.withLock { state -> Step in
            if state.running < capacity {
                state.running += 1
                return .admitted
            }
            guard state.waiters.count < queueLimit else { return .full }
            state.nextID += 1
            state.waiters[state.nextID] = .pending
            state.order.append(state.nextID)
            return .queued(state.nextID)
        }
        let id: UInt64
        switch step {
        case .admitted:
            publish()
            return .admitted
        case .full:
            metrics.overloadRejections.increment()
            return .overloaded
        case .queued(let queued): id = queued
        }
        publish()
        let admitted = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let now: Bool? = state.withLock { state in
                    if case .cancelled = state.waiters[id] {
                        state.remove(id)
                        return false
                    }
                    // A place may have come free between queueing and now.
                    if state.running < capacity {
                        state.remove(id)
                        state.running += 1
                        return true
                    }
                    state.waiters[id] = .waiting(continuation)
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Bool, Never>? = state.withLock { state in
                switch state.waiters[id] {
                case .waiting(let continuation):
                    state.remove(id)
                    return continuation
                case .pending:
                    state.waiters[id] = .cancelled
                    return nil
                case .cancelled, nil:
                    return nil
                }
            }
            continuation?.resume(returning: false)
        }
        publish()
        return admitted ? .admitted : .cancelled
    }

    func release() {
        let next: CheckedContinuation<Bool, Never>? = state.withLock { state in
            state.running -= 1
            // The first waiter whose continuation is installed takes the place; one still
            // installing it will find the place free itself.
            for id in state.order {
                if case .waiting(let continuation) = state.waiters[id] {
                    state.remove(id)
                    state.running += 1
                    return continuation
                }
            }
            return nil
        }
        next?.resume(returning: true)
        publish()
    }

    private func publish() {
        let (running, queued) = state.withLock { ($0.running, $0.waiters.count) }
        metrics.requestsInFlight.record(running)
        metrics.requestsQueued.record(queued)
    }
}

extension AdmissionControl.State {
    fileprivate mutating func remove(_ id: UInt64) {
        waiters[id] = nil
        if let index = order.firstIndex(of: id) { order.remove(at: index) }
    }
}
