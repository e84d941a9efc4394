public import Crypto
import Foundation

// MARK: - A counterpart's Ed25519 key pair, kept in a file of their own

/// Makes, writes and reads a partner counterpart's signing key: a file holding the base64 of the 32-byte Ed25519
/// private key, readable by its owner only. The public key is what the office registers.
public enum CosignKeys {
    /// A key file's largest size: a key is 44 characters and a newline.
    static let maximumFileSize = 1024

    /// Makes a key pair, writes the private key to `path` (mode 0600; an existing file is refused, never
    /// overwritten) and returns the public key, base64.
    public static func generate(writingTo path: String) throws -> String {
        let key = Curve25519.Signing.PrivateKey()
        let text = key.rawRepresentation.base64EncodedString() + "\n"
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw CosignError(
                path,
                errno == EEXIST
                    ? "exists; a key is never overwritten (choose another name, or remove it yourself)"
                    : "cannot be created: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let written = text.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, text.utf8.count) }
        guard written == text.utf8.count else {
            throw CosignError(path, "could not be written: \(String(cString: strerror(errno)))")
        }
        return publicKey(of: key)
    }

    /// The private key in `path`.
    public static func read(path: String) throws -> Curve25519.Signing.PrivateKey {
        let data = try readBounded(path: path, limit: maximumFileSize, name: path)
        guard data.count <= maximumFileSize, let text = String(data: data, encoding: .utf8),
            let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else {
            throw CosignError(path, "is not an Atalaya signing key (the base64 of 32 bytes, as `cosign keygen` writes)")
        }
        return key
    }

    /// The public key of `key`, base64.
    public static func publicKey(of key: Curve25519.Signing.PrivateKey) -> String {
        key.publicKey.rawRepresentation.base64EncodedString()
    }

    /// `text` as a public key, base64 of 32 bytes; nil when it is not one.
    public static func publicKey(_ text: String) -> Curve25519.Signing.PublicKey? {
        guard text.utf8.count == 44, let raw = Data(base64Encoded: text) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
    }
}

/// At most `limit + 1` bytes of the file at `path`: enough to tell a file over the limit without reading it all
/// (a co-signature or key file is small; a huge or endless one must not exhaust memory).
func readBounded(path: String, limit: Int, name: String) throws -> Data {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        throw CosignError(name, "is a folder, not a file")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw CosignError(name, "cannot be read: \(String(cString: strerror(errno)))")
    }
    defer { try? handle.close() }
    do {
        return try handle.read(upToCount: limit + 1) ?? Data()
    } catch {
        throw CosignError(name, "cannot be read: \(error.localizedDescription)")
    }
}

/// A key or co-signature file that cannot be used, said with the file's name.
public struct CosignError: Error, CustomStringConvertible, Equatable {
    /// The file, as the user named it.
    public let file: String
    /// What is wrong with it, in plain words.
    public let problem: String

    /// Creates the error for `file`.
    public init(_ file: String, _ problem: String) {
        self.file = file
        self.problem = problem
    }

    /// `file: problem`.
    public var description: String { "\(file): \(problem)" }
}
