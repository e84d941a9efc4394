public import Foundation

// MARK: - What every test target shares: the staged real data, and scratch files for synthetic inputs

/// The real public data staged beside the repository (`../shared/data`), or `ATALAYA_SHARED_DATA`.
public enum SharedData {
    /// The folder of staged data.
    public static var root: URL {
        if let path = ProcessInfo.processInfo.environment["ATALAYA_SHARED_DATA"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// The path of a staged file.
    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }
}

/// A temporary folder for files a test writes (named as synthetic).
public enum Scratch {
    /// Writes `contents` to a new file named `name` in a fresh folder; returns its path.
    public static func file(_ name: String, contents: Data) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atalaya-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try contents.write(to: url)
        return url.path
    }

    /// Writes `text` as UTF-8 to a new file named `name`; returns its path.
    public static func file(_ name: String, _ text: String) throws -> String {
        try file(name, contents: Data(text.utf8))
    }
}

/// A socket listening on a free loopback port that never accepts: another program holding the port, or a server that
/// never answers. Closed when released.
public final class SilentListener: Sendable {
    /// The socket's descriptor.
    public let descriptor: Int32
    /// The port it listens on.
    public let port: Int

    /// Binds and listens on 127.0.0.1 on a port the system chooses; nil when the system refuses.
    public init?() {
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard holder >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(holder, $0, length) == 0 && listen(holder, 1) == 0 && getsockname(holder, $0, &length) == 0
            }
        }
        guard bound else {
            close(holder)
            return nil
        }
        descriptor = holder
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
