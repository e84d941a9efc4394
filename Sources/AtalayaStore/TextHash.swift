#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - A stable hash for texts stored once

/// The hash the ledgers store beside each long official text, to find it again by index.
public enum TextHash {
    /// FNV-1a 64 of the UTF-8, as a signed integer: stable across processes and engines, unlike `Hasher`.
    public static func fnv1a(_ text: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}

/// A text as a dictionary key by its UTF-8 bytes. `String` compares and hashes by Unicode canonical equivalence, so
/// a cache keyed by it would hand a decomposed "é" the id of a stored precomposed one: a silently changed text.
public struct TextKey: Hashable, Sendable {
    /// The text.
    public let text: String

    /// Wraps `text`.
    public init(_ text: String) { self.text = text }

    /// True when both have the same bytes.
    public static func == (lhs: TextKey, rhs: TextKey) -> Bool {
        lhs.withBytes { a in
            rhs.withBytes { b in
                a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
            }
        }
    }

    /// Hashes the bytes.
    public func hash(into hasher: inout Hasher) {
        withBytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// Calls `body` with the text's UTF-8: a native string's own bytes without copying the string.
    private func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }
}
