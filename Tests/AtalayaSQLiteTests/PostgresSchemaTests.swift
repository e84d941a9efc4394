import AtalayaTestSupport
import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing

@testable import AtalayaPostgres
@testable import AtalayaSQLite

/// The PostgreSQL server the tests may use (`.ci/run` starts a throwaway cluster and sets it).
let testPostgresURL = ProcessInfo.processInfo.environment["ATALAYA_TEST_DATABASE_URL"]

/// A logger for the PostgreSQL tests that reports errors only.
let quietLogger: Logger = {
    var logger = Logger(label: "atalaya.tests")
    logger.logLevel = .error
    return logger
}()

@Suite("PostgreSQL: the schema")
struct PostgresSchemaTests {
    @Test("a server that cannot be reached is an error that says why, not an endless wait")
    func unreachable() async throws {
        // A loopback port that listens and never answers: the handshake gets no reply within the deadline.
        var silent = SilentListener()
        let port = try #require(silent?.port)
        let location = try PostgresLocation(
            url: "postgres://atalaya@127.0.0.1:\(port)/ledger?sslmode=disable", environment: [:])
        let place = "cannot reach the PostgreSQL ledger ledger at 127.0.0.1:\(port) as atalaya"
        let quiet = await #expect(throws: PostgresLocation.LocationError.self) {
            try await location.checkReachable(logger: quietLogger, deadline: .milliseconds(300))
        }
        #expect(quiet?.description == "\(place): no answer within 0.3 seconds")
        // The same words when the connection attempt's own timeout (set to the deadline) is noticed first, as on a
        // loaded machine where the deadline's task runs late.
        #expect(PostgresLocation.isConnectTimeout(ChannelError.connectTimeout(.milliseconds(300))))
        #expect(!PostgresLocation.isConnectTimeout(ChannelError.ioOnClosedChannel))
        // Closed, the same port refuses at once (PostgresNIO's pool would retry it for as long as a query waits).
        silent = nil
        let refused = await #expect(throws: PostgresLocation.LocationError.self) {
            try await location.checkReachable(logger: quietLogger)
        }
        #expect(refused?.description == "\(place): Connection refused")
        // A server that answers gives its own reason: here, a database that is not there.
        guard let url = testPostgresURL else { return }
        var other = try PostgresLocation(url: url)
        other.database = "atalaya_no_such_database"
        let missing = await #expect(throws: PostgresLocation.LocationError.self) {
            try await other.checkReachable(logger: quietLogger)
        }
        #expect(missing?.description.hasSuffix(": database \"atalaya_no_such_database\" does not exist") == true)
    }

    @Test("the migrations have the same names, in the same order, on both engines")
    func sameMigrationNames() {
        #expect(PostgresStore.migrationNames == SQLiteStore.migrationNames)
    }

    @Test("database URLs: host, port, user, database, TLS and pool are read; a bad one says what is wrong")
    func locations() throws {
        let location = try PostgresLocation(
            url: "postgres://ana:s%40cret@db.example:6543/ledger?sslmode=require&pool=4", environment: [:])
        #expect(location.host == "db.example" && location.port == 6543 && location.user == "ana")
        #expect(location.password == "s@cret" && location.database == "ledger")
        #expect(location.tls == .require && location.poolSize == 4)
        let defaults = try PostgresLocation(url: "postgresql://ana@db/ledger", environment: ["PGPASSWORD": "p"])
        #expect(defaults.port == 5432 && defaults.tls == .prefer && defaults.poolSize == 10 && defaults.password == "p")
        for bad in [
            "mysql://ana@db/ledger", "postgres://db/ledger", "postgres://ana@db", "postgres://ana@db/x?sslmode=maybe",
            "postgres://ana@db/x?pool=0", "postgres://ana@db/x?timeout=3",
        ] {
            #expect(throws: PostgresLocation.LocationError.self, "\(bad)") {
                try PostgresLocation(url: bad, environment: [:])
            }
        }
        #expect(PostgresLocation.redacted("postgres://ana:secret@db/x") == "postgres://ana:***@db/x")
    }

    @Test(
        "migrate makes the same tables and columns as SQLite, once, even when two processes migrate at once",
        .enabled(if: testPostgresURL != nil, "needs ATALAYA_TEST_DATABASE_URL (.ci/run starts a cluster)"))
    func migrateOnServer() async throws {
        try await ScratchDatabase.with { location in
            let logger = quietLogger
            // Two migrators at once: the advisory lock lets each migration through once.
            async let first = PostgresStore.withStore(location, logger: logger) { try await $0.migrate() }
            async let second = PostgresStore.withStore(location, logger: logger) { try await $0.migrate() }
            let (a, b) = try await (first, second)
            #expect((a + b).sorted() == SQLiteStore.migrationNames.sorted())
            let again = try await PostgresStore.withStore(location, logger: logger) { try await $0.migrate() }
            #expect(again.isEmpty)
            let applied = try await PostgresStore.withStore(location, logger: logger) {
                try await $0.appliedMigrations()
            }
            #expect(applied == SQLiteStore.migrationNames)

            // Same tables, same columns (PostgreSQL's search column stands for SQLite's FTS5 table).
            let postgresColumns = try await PostgresStore.withStore(location, logger: logger) { store in
                try await store.client.withConnection { connection in
                    var columns: [String: Set<String>] = [:]
                    for try await (table, column) in try await connection.query(
                        """
                        SELECT table_name, column_name FROM information_schema.columns
                        WHERE table_schema = 'public' AND table_name <> 'atalaya_migration'
                        """, logger: logger
                    ).decode((String, String).self) {
                        columns[table, default: []].insert(column)
                    }
                    return columns
                }
            }
            let sqlite = try SQLiteStore.inMemory()
            let sqliteColumns = try await sqlite.writer.read { db in
                var columns: [String: Set<String>] = [:]
                for table in try String.fetchAll(
                    db,
                    sql: """
                        SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'
                          AND name NOT LIKE 'narrative_search%' AND name <> 'grdb_migrations'
                        """)
                {
                    columns[table] = Set(
                        try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]))
                }
                return columns
            }
            var expected = sqliteColumns
            expected["narrative", default: []].insert("search")
            #expect(postgresColumns == expected)
        }
    }
}

/// A database of its own for one test on the test server, dropped afterwards.
enum ScratchDatabase {
    /// How long the test server may take to answer a new connection: the commands' 30 s passed once with the suite's
    /// tests side by side saturating both cores (23 PostgreSQL cases failed so, none for a wrong answer). A limit
    /// here tests nothing (`PostgresSchemaTests` test the refusal); it only keeps a dead server from hanging the run.
    static let reachable: Duration = .seconds(300)

    static func with(_ body: (PostgresLocation) async throws -> Void) async throws {
        let base = try PostgresLocation(url: try #require(testPostgresURL))
        let logger = quietLogger
        let name =
            "atalaya_t_" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))
        try await PostgresStore.withStore(base, logger: logger, reachableWithin: reachable) { store in
            try await store.client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        var location = base
        location.database = name
        // Tests run side by side, each with its own database: a small pool each keeps them all under the server's
        // connection limit (a test never needs more than a few at once).
        location.poolSize = 4
        do {
            try await body(location)
        } catch {
            try? await drop(name, base, logger)
            throw error
        }
        try await drop(name, base, logger)
    }

    private static func drop(_ name: String, _ base: PostgresLocation, _ logger: Logger) async throws {
        try await PostgresStore.withStore(base, logger: logger, reachableWithin: reachable) { store in
            try await store.client.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }
}
