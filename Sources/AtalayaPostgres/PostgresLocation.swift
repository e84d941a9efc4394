public import Foundation
public import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

// MARK: - Where the shared ledger is: a postgres:// URL with TLS and pool settings

/// A PostgreSQL ledger's address, read from `postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=…&pool=N]`.
public struct PostgresLocation: Sendable, Equatable {
    /// How the connection is protected.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP (loopback or a private network only).
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection.
        case require
    }

    /// The server's host name or address.
    public var host: String
    /// The server's port.
    public var port: Int
    /// The role to connect as.
    public var user: String
    /// The password, from the URL or `PGPASSWORD`.
    public var password: String?
    /// The database name.
    public var database: String
    /// The TLS mode (`sslmode`, default `prefer`).
    public var tls: TLSMode
    /// The most connections the process opens (`pool`, default 10).
    public var poolSize: Int

    /// Reads a URL; an unusable one is an error that says which part is wrong.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
            scheme == "postgres" || scheme == "postgresql"
        else { throw LocationError("\(Self.redacted(url)) is not a postgres:// URL") }
        guard let host = components.host, !host.isEmpty else {
            throw LocationError("\(Self.redacted(url)) names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw LocationError("\(Self.redacted(url)) names no user (postgres://USER@HOST/DB)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw LocationError("\(Self.redacted(url)) names no database (postgres://USER@HOST/DB)")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = components.password?.removingPercentEncoding ?? environment["PGPASSWORD"]
        self.database = database
        self.tls = .prefer
        self.poolSize = 10
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw LocationError("sslmode must be disable, prefer or require; got \(item.value ?? "nothing")")
                }
                tls = mode
            case "pool":
                guard let size = item.value.flatMap(Int.init), (1...200).contains(size) else {
                    throw LocationError("pool must be a number of connections from 1 to 200")
                }
                poolSize = size
            default:
                throw LocationError("unknown URL parameter \(item.name) (known: sslmode, pool)")
            }
        }
    }

    /// The URL with any password replaced by `***`, for messages and logs.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "postgres://…"
    }

    /// The PostgresNIO client configuration.
    func configuration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch self.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.maximumConnections = poolSize
        return configuration
    }

    /// Connects once, directly, and closes: PostgresNIO's pool retries a server it cannot reach for as long as a
    /// query waits (vapor/postgres-nio#489), so a wrong port, host, role, password or database name would hang a
    /// command with no word. This one says why within `deadline`.
    public func checkReachable(logger: Logger, deadline: Duration = .seconds(30)) async throws {
        let tls: PostgresConnection.Configuration.TLS
        switch self.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var settings = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tls)
        // The connection attempt gives up at the same deadline (PostgresNIO's own is 10 s), so a port that never
        // answers reads the same whichever of the two is noticed first: on a loaded machine the deadline's task
        // may run after the connect has timed out.
        let (seconds, attoseconds) = deadline.components
        settings.options.connectTimeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let configuration = settings
        let place = "the PostgreSQL ledger \(database) at \(host):\(port) as \(user)"
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let connection = try await PostgresConnection.connect(
                        configuration: configuration, id: 0, logger: logger)
                    try await connection.close()
                }
                group.addTask {
                    try await Task.sleep(for: deadline)
                    throw LocationError("cannot reach \(place): no answer within \(deadline)")
                }
                defer { group.cancelAll() }
                try await group.next()
            }
        } catch let error as LocationError {
            throw error
        } catch  where Self.isConnectTimeout(error) {
            throw LocationError("cannot reach \(place): no answer within \(deadline)")
        } catch {
            throw LocationError("cannot reach \(place): \(Self.reason(error))")
        }
    }

    /// True when a connection attempt ran out of time before the TCP connection was made.
    static func isConnectTimeout(_ error: any Error) -> Bool {
        let underlying = (error as? PSQLError)?.underlying ?? error
        if case .connectTimeout = underlying as? ChannelError { return true }
        return false
    }

    /// What went wrong in a connection attempt, in the server's or the system's words (`PSQLError`'s own description
    /// is deliberately generic).
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        // The server's own words: a role, password or database it refuses.
        if let message = error.serverInfo?[.message] { return message }
        if error.code == .sslUnsupported {
            return "the server does not offer TLS (sslmode=require); enable it there, or use sslmode=disable on a "
                + "trusted network"
        }
        if error.code == .serverClosedConnection {
            return "the server closed the connection during the handshake; is that port a PostgreSQL server?"
        }
        if let failure = error.underlying as? NIOConnectionError {
            if let refused = failure.connectionErrors.lazy.compactMap({ $0.error as? IOError }).first {
                return String(cString: strerror(refused.errnoCode))
            }
            if failure.dnsAError != nil || failure.dnsAAAAError != nil { return "the host name does not resolve" }
        }
        return error.underlying.map { String(describing: $0) } ?? String(describing: error.code)
    }

    /// A URL that cannot be used, and why.
    public struct LocationError: Error, CustomStringConvertible, Equatable {
        /// What is wrong.
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
