import Dispatch
import Foundation
import Synchronization

// MARK: - From a blocking producer thread to an async consumer, bounded

/// Batches handed from one producer thread to one async consumer; at most `capacity` batches wait in memory.
final class ThreadToAsyncPipe<Element: Sendable, Outcome: Sendable>: Sendable {
    /// What the consumer receives next.
    enum Next: Sendable {
        case batch([Element])
        case done(Result<Outcome, any Error>)
    }

    private struct State {
        var batches: [[Element]] = []
        var outcome: Result<Outcome, any Error>?
        var waiting: CheckedContinuation<Next, Never>?
        var cancelled = false
    }

    private let state = Mutex(State())
    private let slots: DispatchSemaphore

    init(capacity: Int) { slots = DispatchSemaphore(value: capacity) }

    /// Producer: hands over a batch, blocking while the pipe is full; false once the consumer has cancelled.
    func send(_ batch: [Element]) -> Bool {
        slots.wait()
        let (accepted, resume) = state.withLock { state -> (Bool, CheckedContinuation<Next, Never>?) in
            guard !state.cancelled else { return (false, nil) }
            if let waiting = state.waiting {
                state.waiting = nil
                return (true, waiting)
            }
            state.batches.append(batch)
            return (true, nil)
        }
        if let resume {
            slots.signal()
            resume.resume(returning: .batch(batch))
        } else if !accepted {
            slots.signal()
        }
        return accepted
    }

    /// Producer: ends the stream with its result.
    func finish(_ outcome: Result<Outcome, any Error>) {
        let resume = state.withLock { state -> CheckedContinuation<Next, Never>? in
            state.outcome = outcome
            defer { state.waiting = nil }
            return state.batches.isEmpty ? state.waiting : nil
        }
        resume?.resume(returning: .done(outcome))
    }

    /// Consumer: the next batch, or the producer's result once every batch has been received.
    func next() async -> Next {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Next? in
                if !state.batches.isEmpty { return .batch(state.batches.removeFirst()) }
                if let outcome = state.outcome { return .done(outcome) }
                state.waiting = continuation
                return nil
            }
            if let ready {
                if case .batch = ready { slots.signal() }
                continuation.resume(returning: ready)
            }
        }
    }

    /// Consumer: stops the producer; its next `send` returns false and it is never blocked again.
    func cancel() {
        state.withLock { $0.cancelled = true }
        slots.signal()
    }
}

extension ThreadToAsyncPipe {
    /// Runs `produce` on a thread of its own and hands each batch it sends to `consume`, in order; returns what
    /// `produce` returns. When `consume` throws, the producer is stopped and drained before the error leaves, so no
    /// thread outlives the call.
    static func run(
        thread name: String, capacity: Int = 4,
        produce: @escaping @Sendable (ThreadToAsyncPipe) throws -> Outcome,
        consume: ([Element]) async throws -> Void
    ) async throws -> Outcome {
        let pipe = ThreadToAsyncPipe(capacity: capacity)
        let thread = Thread { pipe.finish(Result { try produce(pipe) }) }
        thread.name = name
        thread.start()
        while true {
            switch await pipe.next() {
            case .batch(let batch):
                do {
                    try await consume(batch)
                } catch {
                    pipe.cancel()
                    while case .batch = await pipe.next() {}
                    throw error
                }
            case .done(let outcome):
                return try outcome.get()
            }
        }
    }

    /// Producer: sends `batch` and empties it once it holds at least `minimum` elements (any, by default); throws
    /// `CancellationError` when the consumer has stopped.
    func flush(_ batch: inout [Element], atLeast minimum: Int = 1) throws {
        guard batch.count >= minimum else { return }
        guard send(batch) else { throw CancellationError() }
        batch.removeAll(keepingCapacity: true)
    }
}
