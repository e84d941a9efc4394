#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Texts seen recently, found again by their bytes without hashing them

/// A small direct-mapped cache keyed by a text's UTF-8 bytes, each key with a value (an id, or nothing when the
/// cache only shares `String`s).
///
/// A key's slot is chosen from its length and its first, middle and last eight bytes, and a hit is confirmed by
/// comparing every byte, so a lookup reads each byte at most once (`memcmp`) where a `Dictionary` hashes them all
/// first. A new key replaces whatever its slot held. Nothing an input does can make a lookup cost more than a miss
/// or the cache hold more than `slotCount` texts of at most `maxKeyBytes` each: slots that collide only miss.
public struct RecentTexts<Value> {
    @usableFromInline var texts: [String?]
    @usableFromInline var values: [Value?]
    @usableFromInline let shift: UInt64
    /// Longer texts are neither looked up nor kept (they bound the memory the cache can hold).
    public let maxKeyBytes: Int

    /// A cache of `slotCount` slots (rounded up to a power of two) for texts of at most `maxKeyBytes` bytes.
    public init(slotCount: Int = 4096, maxKeyBytes: Int = 2048) {
        let bits = slotCount <= 1 ? 0 : Int.bitWidth - (slotCount - 1).leadingZeroBitCount
        texts = Array(repeating: nil, count: 1 << bits)
        values = Array(repeating: nil, count: 1 << bits)
        shift = UInt64(64 - bits)
        self.maxKeyBytes = maxKeyBytes
    }

    /// The slot for `bytes`, from the length and the first, middle and last 8 bytes (texts that differ only elsewhere
    /// share a slot, and miss); `salt` (a column, say) spreads keys that repeat across columns over other slots. A
    /// hit needs the same bytes whatever salt kept the text.
    @inlinable func slot(_ bytes: UnsafeBufferPointer<UInt8>, salt: Int) -> Int {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var mixed = (UInt64(truncatingIfNeeded: bytes.count) &* multiplier) ^ UInt64(truncatingIfNeeded: salt)
        if let base = bytes.baseAddress, bytes.count >= 8 {
            let raw = UnsafeRawPointer(base)
            mixed = (mixed ^ raw.loadUnaligned(as: UInt64.self)) &* multiplier
            mixed = (mixed ^ raw.loadUnaligned(fromByteOffset: bytes.count / 2 - 4, as: UInt64.self)) &* multiplier
            mixed = (mixed ^ raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) &* multiplier
        } else {
            for byte in bytes { mixed = (mixed ^ UInt64(byte)) &* multiplier }
        }
        return Int(truncatingIfNeeded: (mixed &* multiplier) >> shift)  // a shift by 64 (one slot) gives 0
    }

    /// The text with exactly these bytes and its value, when its slot holds it.
    @inlinable public func find(_ bytes: UnsafeBufferPointer<UInt8>, salt: Int = 0) -> (text: String, value: Value)? {
        guard bytes.count <= maxKeyBytes else { return nil }
        let index = slot(bytes, salt: salt)
        guard let text = texts[index], let value = values[index], Self.same(text, bytes) else { return nil }
        return (text, value)
    }

    /// Keeps `text` (whose UTF-8 is `bytes`) with `value` in its slot, replacing what the slot held.
    @inlinable public mutating func keep(_ text: String, bytes: UnsafeBufferPointer<UInt8>, value: Value, salt: Int = 0)
    {
        guard bytes.count <= maxKeyBytes else { return }
        let index = slot(bytes, salt: salt)
        texts[index] = text
        values[index] = value
    }

    /// Empties every slot.
    public mutating func removeAll() {
        for index in texts.indices {
            texts[index] = nil
            values[index] = nil
        }
    }

    /// True when `text`'s UTF-8 is `bytes`.
    @usableFromInline static func same(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let compare = { (own: UnsafeBufferPointer<UInt8>) -> Bool in
            own.count == bytes.count
                && (own.isEmpty || memcmp(own.baseAddress!, bytes.baseAddress!, own.count) == 0)
        }
        if let result = text.utf8.withContiguousStorageIfAvailable(compare) { return result }
        var copy = text
        return copy.withUTF8(compare)
    }
}

extension RecentTexts: Sendable where Value: Sendable {}
