public import Crypto
import Foundation

// MARK: - File identity

/// The SHA-256 of a file, read in chunks (bounded memory), and its size.
public enum FileDigest {
    /// The hex SHA-256 of the file at `path`.
    public static func sha256(path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.cannotOpen(path) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
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
        var info = stat()
        guard stat(path, &info) == 0 else { throw Self.cannotOpen(path) }
        return Int64(info.st_size)
    }

    /// The error for a file that cannot be opened, with the system's reason ("No such file or directory").
    private static func cannotOpen(_ path: String) -> IngestError {
        IngestError(file: path, message: "cannot open: \(String(cString: strerror(errno)))")
    }
}
