import AtalayaDomain
import AtalayaStore

// MARK: - Texts gathered back to back, for SQLite to read in place

/// The UTF-8 of texts gathered back to back in one growing buffer, for SQLite to read in place (`SQLITE_STATIC`)
/// rather than copy each; its owner empties it once SQLite is done with them. Freed with its owner.
struct GatheredTexts: ~Copyable {
    private var buffer: GrowingBytes
    /// Where a JSON text is written before it is gathered, kept between texts.
    private var scratch: [UInt8] = []

    /// An empty buffer with room for `capacity` bytes before it first grows.
    init(capacity: Int) {
        buffer = GrowingBytes(capacity: capacity)
    }

    /// The first byte (never nil, so that an empty text is read as '', not NULL); moves when the buffer grows.
    var base: UnsafeMutablePointer<UInt8> { buffer.base }

    /// The bytes gathered since the last `removeAll`.
    var count: Int { buffer.count }

    /// Gathers a string's UTF-8; returns where it starts and how long it is.
    mutating func append(_ text: String) -> (start: Int, count: Int) {
        // A native string's own bytes, read without copying the string; any other kind made contiguous first.
        if let placed = text.utf8.withContiguousStorageIfAvailable({ append($0) }) { return placed }
        var copy = text
        return copy.withUTF8 { append($0) }
    }

    /// Gathers a narrative list as the JSON text `JSONText.narratives` makes, without making a String.
    mutating func append(narratives: [Narrative]) -> (start: Int, count: Int) {
        scratch.removeAll(keepingCapacity: true)
        JSONText.appendNarratives(narratives, to: &scratch)
        return appendScratch()
    }

    /// Gathers a text-to-text object as the JSON text `JSONText.object` makes, without making a String.
    mutating func append(object: [String: String]) -> (start: Int, count: Int) {
        scratch.removeAll(keepingCapacity: true)
        JSONText.appendObject(object, to: &scratch)
        return appendScratch()
    }

    /// Empties the buffer, keeping its room; nothing may still point into it.
    mutating func removeAll() {
        buffer.removeAll()
    }

    private mutating func appendScratch() -> (start: Int, count: Int) {
        // Moved out for the call, so that `append` may mutate `self` while reading it.
        let json = scratch
        scratch = []
        defer { scratch = json }
        return json.withUnsafeBufferPointer { append($0) }
    }

    /// Copies `bytes` to the end, growing the buffer when full.
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) -> (start: Int, count: Int) {
        (buffer.append(bytes), bytes.count)
    }
}
