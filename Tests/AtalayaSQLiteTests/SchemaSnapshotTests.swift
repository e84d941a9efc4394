import AtalayaTestSupport
import Foundation
import GRDB
import Testing

@testable import AtalayaSQLite

@Suite("A new ledger's schema in one step")
struct SchemaSnapshotTests {
    /// A database given the schema by the migrations alone, one at a time.
    static func migrated() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(queue)
        return queue
    }

    @Test("the snapshot is exactly what the migrations make, through the last of them")
    func snapshotIsCurrent() throws {
        let statements = try Self.migrated().read { try SchemaSnapshot.statements(of: $0) }
        let last = SQLiteStore.migrationNames.last!
        if ProcessInfo.processInfo.environment["ATALAYA_WRITE_SCHEMA_SNAPSHOT"] == "1" {
            try Self.write(statements, migration: last)
            return
        }
        #expect(
            SchemaSnapshot.sql == statements && SchemaSnapshot.migration == last,
            """
            the schema snapshot is not what the migrations make; write it again with \
            `ATALAYA_WRITE_SCHEMA_SNAPSHOT=1 swift test --filter SchemaSnapshotTests`
            """)
    }

    @Test("a ledger made from the snapshot is the one the migrations make: every object, every row, no migration left")
    func snapshotMakesTheSameLedger() throws {
        let fromSnapshot = try DatabaseQueue()
        try SchemaSnapshot.applyIfEmpty(fromSnapshot)
        // The migrator finds nothing to do: the snapshot recorded every migration as applied.
        #expect(try fromSnapshot.read { try SQLiteStore.migrator.hasCompletedMigrations($0) })
        let fromMigrations = try Self.migrated()
        func contents(_ queue: DatabaseQueue) throws -> [String: [String]] {
            try queue.read { db in
                var found: [String: [String]] = [:]
                found["objects"] = try Row.fetchAll(
                    db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name"
                ).map(\.description)
                // Every table's rows, shadow tables and the migrations' record included.
                let tables = try String.fetchAll(
                    db,
                    sql: """
                        SELECT name FROM pragma_table_list
                        WHERE schema = 'main' AND type IN ('table', 'shadow') AND name NOT LIKE 'sqlite_%'
                        """)
                for table in tables {
                    found[table] = try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description).sorted()
                }
                found["user_version"] = [try String.fetchOne(db, sql: "PRAGMA user_version") ?? ""]
                return found
            }
        }
        let expected = try contents(fromMigrations)
        #expect(expected["objects"]!.count > 50, "the migrations made too few objects for the test to prove anything")
        #expect(expected["grdb_migrations"]!.count == SQLiteStore.migrationNames.count)
        let made = try contents(fromSnapshot)
        let differing = Set(made.keys).union(expected.keys).filter { made[$0] != expected[$0] }.sorted()
        #expect(
            differing.isEmpty, "differ: \(differing.map { "\($0): \(made[$0] ?? []) against \(expected[$0] ?? [])" })")
        let search = try fromSnapshot.write { db in
            try db.execute(sql: "INSERT INTO narrative_search (narrative_search) VALUES ('integrity-check')")
            return try String.fetchOne(db, sql: "PRAGMA integrity_check")
        }
        #expect(search == "ok")
    }

    @Test("opening an existing ledger takes no write lock: it opens while another connection holds one")
    func openingWaitsForNoWriter() throws {
        let path = try Scratch.file("ledger.sqlite", contents: Data())
        try FileManager.default.removeItem(atPath: path)
        // Kept open, as a server keeps it: its log stays, which GRDB otherwise writes to make on opening.
        let first = try SQLiteStore(path: path)
        // An import's transaction, say; an opening that needed the lock would wait the busy timeout and then throw.
        try DatabaseQueue(path: path).inDatabase { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            #expect(try SQLiteStore(path: path).migratedOnOpen.isEmpty)
        }
        #expect(first.migratedOnOpen.count == SQLiteStore.migrationNames.count)
    }

    @Test("a database with anything in it is left to the migrations")
    func onlyEmptyDatabases() throws {
        let queue = try DatabaseQueue()
        try queue.write { try $0.execute(sql: "CREATE TABLE notes (body TEXT)") }
        try SchemaSnapshot.applyIfEmpty(queue)
        #expect(try queue.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_schema") } == ["notes"])
    }

    /// Writes the snapshot's source file.
    static func write(_ statements: String, migration: String) throws {
        precondition(!statements.contains("\"\"\"#"))
        let body = statements.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "        " + $0 }.joined(separator: "\n")
        let source = """
            // Generated from the migrations; do not edit. To write it again:
            // `ATALAYA_WRITE_SCHEMA_SNAPSHOT=1 swift test --filter SchemaSnapshotTests`.

            /// The schema the migrations make, through `migration`, as SQLite stores it (see `applyIfEmpty`).
            enum SchemaSnapshot {
                /// The last migration it holds.
                static let migration = "\(migration)"
                /// Its statements (`statements(of:)`).
                static let sql = #\"\"\"
            \(body)
                    \"\"\"#
            }

            """
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/AtalayaSQLite/GeneratedSchemaSnapshot.swift")
        try source.write(to: path, atomically: true, encoding: .utf8)
    }
}
