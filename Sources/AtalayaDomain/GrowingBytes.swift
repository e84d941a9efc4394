// MARK: - Bytes gathered in one buffer that keeps its room

/// Bytes appended back to back in one buffer that grows when full and keeps its room when emptied, read in place
/// through `base`. Freed with its owner.
///
/// For the hot paths that gather bytes and hand them on many times a second (an element's text as it is read, the
/// texts SQLite reads in place): an `[UInt8]` emptied with `removeAll(keepingCapacity:)` allocated a new array
/// wherever the optimiser could not prove it unshared, and went through `replaceSubrange` where it could.
public struct GrowingBytes: ~Copyable {
    /// The first byte (never nil, so that an empty text is read as '', not as no text); moves when the buffer grows.
    @usableFromInline var start: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var used = 0

    /// An empty buffer with room for `capacity` bytes (at least one) before it first grows.
    public init(capacity: Int) {
        self.capacity = max(capacity, 1)
        start = .allocate(capacity: self.capacity)
    }

    deinit {
        start.deallocate()
    }

    /// The first byte; valid until the next `append`.
    @inlinable public var base: UnsafeMutablePointer<UInt8> { start }

    /// The bytes appended since the last `removeAll`.
    @inlinable public var count: Int { used }

    /// The bytes appended since the last `removeAll`; valid until the next `append`.
    @inlinable public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: used) }

    /// Copies `bytes` to the end, growing the buffer when full; returns the offset where they start.
    @inlinable @discardableResult
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let offset = used
        if used + bytes.count > capacity { grow(toHold: used + bytes.count) }
        if let source = bytes.baseAddress { (start + used).update(from: source, count: bytes.count) }
        used += bytes.count
        return offset
    }

    /// Drops the last `count` bytes, keeping the room they took.
    @inlinable public mutating func removeLast(_ count: Int) {
        precondition(count >= 0 && count <= used, "removing more bytes than there are")
        used -= count
    }

    /// Empties the buffer, keeping its room; nothing may still point into it.
    @inlinable public mutating func removeAll() {
        used = 0
    }

    @usableFromInline mutating func grow(toHold needed: Int) {
        capacity = max(capacity * 2, needed)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: start, count: used)
        start.deallocate()
        start = grown
    }
}
