import Crypto
import Dispatch
import Foundation
import Synchronization

// MARK: - A file's SHA-256 on a thread of its own

/// A SHA-256 computed on a thread of its own from chunks handed over in order: the reading thread only copies each
/// chunk. At most `capacity` chunks wait, so memory stays bounded.
final class BackgroundDigest: Sendable {
    private struct Queue {
        var chunks: [[UInt8]] = []
        /// Buffers already hashed, for the next chunks: copying into one costs a `memcpy`, where a new 1 MB array
        /// also costs its pages' first-touch faults.
        var spare: [[UInt8]] = []
        var stopped = false
    }

    private let queue = Mutex(Queue())
    private let digest = Mutex<String?>(nil)
    private let slots: DispatchSemaphore
    /// Signalled once per chunk handed over and once when the stream ends.
    private let ready = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)

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
        queue.withLock { $0.chunks.append(chunk) }
        ready.signal()
    }

    /// Ends the stream and waits for the hex SHA-256 of everything handed over.
    func finish() -> String {
        stop()
        done.wait()
        done.signal()  // so that a second `finish` does not wait forever
        return digest.withLock { $0 } ?? ""
    }

    /// Ends the stream without waiting (the reader gave up early); the thread ends once it has hashed what it has.
    func stop() {
        let first = queue.withLock { queue -> Bool in
            defer { queue.stopped = true }
            return !queue.stopped
        }
        if first { ready.signal() }
    }

    private func hashChunks() {
        var hasher = SHA256()
        while true {
            ready.wait()
            // Each wake-up is one chunk or the end, signalled after the last chunk: an empty queue means the end.
            guard let chunk = queue.withLock({ $0.chunks.isEmpty ? nil : $0.chunks.removeFirst() }) else { break }
            chunk.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            // Handed back before the slot is freed, so there are never more buffers than slots.
            queue.withLock { $0.spare.append(chunk) }
            slots.signal()
        }
        let hex = FileDigest.hex(hasher.finalize())
        digest.withLock { $0 = hex }
        done.signal()
    }
}
