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
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
        } catch {
            throw IngestError(file: path, message: "cannot read: \(reason(error))")  // a folder, say
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

    /// The system's reason for a Foundation file error ("Is a directory"): Foundation's own message is generic
    /// ("The operation could not be completed").
    public static func reason(_ error: any Error) -> String {
        let underlying = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        let code = underlying?.domain == NSPOSIXErrorDomain ? underlying?.code : nil
        return code.map { String(cString: strerror(Int32($0))) } ?? error.localizedDescription
    }
}
