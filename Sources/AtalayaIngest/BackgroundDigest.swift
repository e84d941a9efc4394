import Crypto
import Dispatch
import Foundation
import Synchronization

// MARK: - A file's SHA-256 on a thread of its own

/// A SHA-256 computed on a thread of its own from chunks handed over in order: the reading thread copies each chunk,
/// or hands it over in place and waits, before changing those bytes, until they are hashed. At most `capacity`
/// chunks wait, so memory stays bounded.
final class BackgroundDigest: Sendable {
    /// Bytes handed over: a copy, or the address of bytes left where they are until hashed.
    private enum Chunk {
        case copy([UInt8])
        case inPlace(address: UInt, count: Int)
    }

    private struct Queue {
        var chunks: [Chunk] = []
        /// Buffers already hashed, for the next chunks: copying into one costs a `memcpy`, where a new 1 MB array
        /// also costs its pages' first-touch faults.
        var spare: [[UInt8]] = []
        var stopped = false
        /// Bytes handed over in place and not yet waited for (`awaitInPlace`).
        var inPlacePending = false
    }

    private let queue = Mutex(Queue())
    private let digest = Mutex<String?>(nil)
    private let slots: DispatchSemaphore
    /// Signalled once per chunk handed over and once when the stream ends.
    private let ready = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    /// Signalled when bytes handed over in place have been hashed.
    private let hashedInPlace = DispatchSemaphore(value: 0)

    /// Starts the hashing thread.
    init(capacity: Int = 4) {
        slots = DispatchSemaphore(value: capacity)
        let thread = Thread { [self] in hashChunks() }
        thread.name = "atalaya-sha256"
        thread.start()
    }

    /// Hands over the next bytes of the file (copied), waiting while `capacity` chunks are still to be hashed.
    func update(_ bytes: UnsafeRawBufferPointer) {
        slots.wait()
        var chunk = queue.withLock { $0.spare.popLast() } ?? []
        chunk.removeAll(keepingCapacity: true)
        chunk.append(contentsOf: bytes)
        queue.withLock { $0.chunks.append(.copy(chunk)) }
        ready.signal()
    }

    /// Hands over the next bytes of the file where they lie, without copying them. The caller must leave them
    /// unchanged and allocated until `awaitInPlace()` (or `stop`, or `finish`) returns; one such hand-over at a time.
    func update(inPlace bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        slots.wait()
        queue.withLock {
            precondition(!$0.inPlacePending, "bytes handed over in place are still to be waited for")
            $0.inPlacePending = true
            $0.chunks.append(.inPlace(address: UInt(bitPattern: base), count: bytes.count))
        }
        ready.signal()
    }

    /// Waits until the bytes last handed over in place are hashed, after which their owner may change or free them.
    func awaitInPlace() {
        guard queue.withLock({ $0.inPlacePending }) else { return }
        hashedInPlace.wait()
        queue.withLock { $0.inPlacePending = false }
    }

    /// Ends the stream and waits for the hex SHA-256 of everything handed over.
    func finish() -> String {
        stop()
        done.wait()
        done.signal()  // so that a second `finish` does not wait forever
        return digest.withLock { $0 } ?? ""
    }

    /// Ends the stream (the reader gave up early); the thread ends once it has hashed what it has. Waits only for
    /// bytes handed over in place, so that their owner may free them.
    func stop() {
        let first = queue.withLock { queue -> Bool in
            defer { queue.stopped = true }
            return !queue.stopped
        }
        if first { ready.signal() }
        awaitInPlace()
    }

    private func hashChunks() {
        var hasher = SHA256()
        while true {
            ready.wait()
            // Each wake-up is one chunk or the end, signalled after the last chunk: an empty queue means the end.
            guard let chunk = queue.withLock({ $0.chunks.isEmpty ? nil : $0.chunks.removeFirst() }) else { break }
            switch chunk {
            case .copy(let bytes):
                bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
                // Handed back before the slot is freed, so there are never more buffers than slots.
                queue.withLock { $0.spare.append(bytes) }
            case .inPlace(let address, let count):
                // Sound: the owner leaves these bytes as they are until `hashedInPlace` is signalled, below; the
                // queue's lock orders its writes to them before these reads.
                hasher.update(
                    bufferPointer: UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: address), count: count))
                hashedInPlace.signal()
            }
            slots.signal()
        }
        let hex = FileDigest.hex(hasher.finalize())
        digest.withLock { $0 = hex }
        done.signal()
    }
}
