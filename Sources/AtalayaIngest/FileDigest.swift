public import Crypto
import Foundation

// MARK: - File identity

/// The SHA-256 of a file, read in chunks (bounded memory), and its size.
public enum FileDigest {
    /// The hex SHA-256 of the file at `path`.
    public static func sha256(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw IngestError(file: path, message: "cannot open the file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return hex(hasher.finalize())
    }

    /// The digest as lowercase hex.
    public static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    /// The size in bytes of the file at `path`.
    public static func byteCount(path: String) throws -> Int64 {
        guard let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber else {
            throw IngestError(file: path, message: "cannot read the file's size")
        }
        return size.int64Value
    }
}
