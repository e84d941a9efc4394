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
