import AtalayaPostgres
import AtalayaStore
import GRDB
import PostgresNIO
import Testing

@testable import AtalayaSQLite

/// A ledger the behavioural tests can also ask a plain SQL count or sum (SQL both engines read alike).
protocol TestLedger: LedgerStore {
    /// The first column of the first row of `sql`, as a whole number.
    func scalar(_ sql: String) async throws -> Int64?
    /// Runs one statement that changes the ledger (to set up a case no import would make).
    func execute(_ sql: String) async throws
}

extension SQLiteStore: TestLedger {
    func execute(_ sql: String) async throws {
        try await writer.write { try $0.execute(sql: sql) }
    }
}

extension PostgresStore: TestLedger {
    func execute(_ sql: String) async throws {
        try await client.withConnection { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quietLogger)
        }
    }
}

/// The engines the behavioural tests run on: SQLite always, PostgreSQL when the test server is set
/// (`.ci/run` starts one). The same test, the same known answers, on each.
enum Engine: String, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static var available: [Engine] { testPostgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }

    /// Runs `body` with a new, empty, migrated ledger on this engine; a PostgreSQL one is dropped afterwards.
    func withLedger(_ body: (any TestLedger) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            try await body(try SQLiteStore.inMemory())
        case .postgres:
            try await ScratchDatabase.with { location in
                let store = PostgresStore(location: location, logger: quietLogger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await store.client.run() }
                    defer { group.cancelAll() }
                    try await store.migrate()
                    try await body(store)
                }
            }
        }
    }
}
