#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - Searching bytes for a fixed pattern

/// Bytes to search for, with the byte the search anchors on: `memchr` finds the pattern's rarest byte in English
/// text, then the whole pattern is compared around each hit. Many times faster than testing every position when the
/// pattern starts with a common byte (a space, an "e").
public struct BytePattern: Sendable, Equatable {
    /// The bytes searched for.
    public let bytes: [UInt8]
    /// The position in `bytes` that `memchr` looks for first.
    let anchor: Int

    /// The pattern of `text`'s UTF-8 bytes (not empty).
    public init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// The pattern of `bytes` (not empty).
    public init(bytes: [UInt8]) {
        precondition(!bytes.isEmpty, "an empty pattern")
        // Letters from most to least common; a space is commoner than all of them, any other byte rarer.
        let common = Array("etaoinshrdlcumwfgypbvkjxqz".utf8)
        let rank = { (byte: UInt8) -> Int in
            byte == 0x20 ? -1 : common.firstIndex(of: byte | 0x20).map { $0 } ?? common.count
        }
        self.bytes = bytes
        anchor = bytes.indices.max { rank(bytes[$0]) < rank(bytes[$1]) }!
    }

    /// True when the pattern occurs in `haystack`.
    public func occurs(in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = haystack.baseAddress, haystack.count >= bytes.count else { return false }
        let anchor = self.anchor
        return bytes.withUnsafeBufferPointer { pattern in
            // Hits of the anchor byte only count where the whole pattern fits around them.
            var from = anchor
            let last = haystack.count - pattern.count + anchor
            while from <= last {
                guard let hit = memchr(base + from, Int32(pattern[anchor]), last - from + 1) else { return false }
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at - anchor, pattern.baseAddress!, pattern.count) == 0 { return true }
                from = at + 1
            }
            return false
        }
    }
}
