import AtalayaDomain
import AtalayaStore
public import Logging
public import PostgresNIO

// MARK: - The shared ledger on PostgreSQL: a connection pool and the migrations

/// A ledger in a PostgreSQL database, through a PostgresNIO connection pool. Web processes keep no state of their
/// own, so any number of them can share one database.
/// Every `LedgerStore` method gives the same answers as the SQLite ledger for the same files (the tests compare
/// them); imports are serialised by an advisory lock and each runs in one transaction.
public struct PostgresStore: Sendable {
    /// The pool; it must be running (see `withStore`, or add it to a service group).
    public let client: PostgresClient
    let logger: Logger
    /// Where the database is, for `checkReachable`; nil for a store made over a client.
    let location: PostgresLocation?

    /// A store over a client that the caller runs.
    public init(client: PostgresClient, logger: Logger) {
        self.init(client: client, logger: logger, location: nil)
    }

    private init(client: PostgresClient, logger: Logger, location: PostgresLocation?) {
        self.client = client
        self.logger = logger
        self.location = location
    }

    /// A store with its own pool, which the caller runs: `client` is a ServiceLifecycle service.
    public init(location: PostgresLocation, logger: Logger) {
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        self.init(
            client: PostgresClient(configuration: location.configuration(), backgroundLogger: background),
            logger: logger, location: location)
    }

    /// See `LedgerStore.checkReachable`: one direct connection, within 3 s (the pool would retry for as long as a
    /// query waits, vapor/postgres-nio#489).
    public func checkReachable() async throws {
        try await location?.checkReachable(logger: logger, deadline: .seconds(3))
    }

    /// Runs `body` with a store whose pool runs for exactly as long as the body (structured: no task outlives it),
    /// once the server has answered within `deadline`.
    @discardableResult
    public static func withStore<Result: Sendable>(
        _ location: PostgresLocation, logger: Logger, reachableWithin deadline: Duration = .seconds(30),
        _ body: @Sendable (PostgresStore) async throws -> Result
    ) async throws -> Result {
        try await location.checkReachable(logger: logger, deadline: deadline)
        // The pool's own background messages are kept at error level: it warns when the first lease comes before
        // its run loop has started, which is harmless here.
        let client = PostgresStore(location: location, logger: logger).client
        return try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(PostgresStore(client: client, logger: logger))
        }
    }

    /// Runs `body` on a pooled connection. A sum PostgreSQL cannot bring back into 64 bits (SQLSTATE 22003, `bigint
    /// out of range`, which only amounts beyond any real budget in several files can reach) is
    /// `AmountsTooLarge.databaseSum`, as SQLite's overflow is, rather than a bare SQL error.
    func withConnection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection(body)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "22003" {
            throw AmountsTooLarge.databaseSum
        }
    }

    /// The names of the migrations, in order: the same as the SQLite ledger's.
    public static var migrationNames: [String] { PostgresMigrations.all.map(\.name) }

    /// A key for the advisory lock that serialises `migrate` across processes ("atalaya" in ASCII).
    static let migrationLock: Int64 = 0x6174_616c_6179_61

    /// Applies the pending migrations, each in its own transaction, under an advisory lock so that two processes
    /// migrating at once apply each migration once. Returns the names applied now. A database migrated by a newer
    /// Atalaya (a name this one does not know) is refused.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.migrationLock))", logger: logger)
            do {
                let applied = try await Self.migrate(connection, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.migrationLock))", logger: logger)
                throw error
            }
        }
    }

    private static func migrate(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS atalaya_migration (
                identifier TEXT PRIMARY KEY, position INTEGER NOT NULL UNIQUE,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """, logger: logger)
        let done = try await appliedMigrations(connection, logger: logger)
        let known = migrationNames
        if let unknown = done.first(where: { !known.contains($0) }) {
            throw MigrationError(
                "the database has migration \(unknown), which this Atalaya does not know; it was migrated by a newer "
                    + "version")
        }
        var applied: [String] = []
        for (position, migration) in PostgresMigrations.all.enumerated() where !done.contains(migration.name) {
            let name = migration.name
            try await connection.withTransaction(logger: logger) { transaction in
                for statement in migration.statements {
                    try await transaction.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await transaction.query(
                    "INSERT INTO atalaya_migration (identifier, position) VALUES (\(name), \(position))",
                    logger: logger)
            }
            applied.append(name)
        }
        return applied
    }

    /// The migrations applied to the database, in order.
    public func appliedMigrations() async throws -> [String] {
        try await withConnection { connection in
            try await Self.appliedMigrations(connection, logger: logger)
        }
    }

    private static func appliedMigrations(_ connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let exists =
            try await connection.query("SELECT to_regclass('atalaya_migration') IS NOT NULL", logger: logger)
            .collect().first.map { try $0.decode(Bool.self) } ?? false
        guard exists else { return [] }
        var names: [String] = []
        for try await name in try await connection.query(
            "SELECT identifier FROM atalaya_migration ORDER BY position", logger: logger
        ).decode(String.self) {
            names.append(name)
        }
        return names
    }

    /// A migration that cannot be applied, and why.
    public struct MigrationError: Error, CustomStringConvertible {
        /// What is wrong.
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
