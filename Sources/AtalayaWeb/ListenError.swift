import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - A server that cannot listen, in words

/// The system refusing the address a server was told to listen on, said with what to do about it.
public struct ListenError: Error, CustomStringConvertible, Equatable {
    /// The address, the system's reason and what to do.
    public let description: String

    /// The words for `error` when it is the system refusing to listen on `host`:`port`; nil for any other error.
    public init?(_ error: any Error, host: String, port: Int) {
        guard let error = error as? IOError else { return nil }
        let hint: String
        switch error.errnoCode {
        case EADDRINUSE: hint = "another program is listening there; stop it, or choose another port with --port"
        case EADDRNOTAVAIL:
            hint = "this machine has no such address; use 127.0.0.1, 0.0.0.0 or one of its own with --host"
        case EACCES: hint = "ports below 1024 need privileges; choose one above with --port"
        default: return nil
        }
        description = "cannot listen on \(host):\(port): \(String(cString: strerror(error.errnoCode))); \(hint)"
    }
}
