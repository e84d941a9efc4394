import Crypto
import Foundation
import Hummingbird
import Synchronization

// MARK: - Answers computed once per ledger generation: an in-memory cache with ETags

/// Successful GET responses keyed by request target and ledger generation, bounded in bytes (oldest out first).
/// A new import changes the generation, so a stale answer is never served; clients revalidate with `ETag`.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        var generation: String
        var etag: String
        var headers: HTTPFields
        var body: ByteBuffer
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var bytes = 0
    }

    private let capacity: Int
    private let state = Mutex(State())

    /// A cache holding at most `capacity` bytes of bodies; zero disables it.
    init(capacity: Int) { self.capacity = capacity }

    /// The entry for `key` when it was stored under `generation`.
    func lookup(_ key: String, generation: String) -> Entry? {
        guard capacity > 0 else { return nil }
        return state.withLock { state in
            guard let entry = state.entries[key], entry.generation == generation else { return nil }
            return entry
        }
    }

    /// Stores an entry; drops the oldest entries (and any stale generation of the same key) to stay in bounds.
    func store(_ key: String, _ entry: Entry) {
        let size = entry.body.readableBytes
        guard capacity > 0, size <= capacity / 4 else { return }
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: key) {
                state.bytes -= old.body.readableBytes
                state.order.removeAll { $0 == key }
            }
            while state.bytes + size > capacity, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                if let dropped = state.entries.removeValue(forKey: oldest) { state.bytes -= dropped.body.readableBytes }
            }
            state.entries[key] = entry
            state.order.append(key)
            state.bytes += size
        }
    }

    /// A strong validator for a body under a generation.
    static func etag(generation: String, body: ByteBuffer) -> String {
        var hash = SHA256()
        hash.update(data: Array(generation.utf8))
        hash.update(data: Array(body.readableBytesView))
        return "\"" + hash.finalize().prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }
}
