import Foundation

// MARK: - A port held by a socket that never answers

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
