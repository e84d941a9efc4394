import AtalayaDomain
import Foundation
import GRDB
import Testing

@testable import AtalayaSQLite

@Suite("Rows staged in memory and stored a table at a time")
struct StagedRowsTests {
    /// An in-memory database with `atalaya_rows` registered and two identical STRICT tables.
    static func database() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try RowsModule.register(on: db) }
        let queue = try DatabaseQueue(configuration: configuration)
        try queue.write { db in
            for table in ["staged", "direct"] {
                try db.execute(
                    sql: """
                        CREATE TABLE \(table) (id INTEGER PRIMARY KEY, n INTEGER, t TEXT, j TEXT,
                          CHECK (t IS NULL OR t <> 'refused')) STRICT
                        """)
            }
        }
        return queue
    }

    /// Rows that reach every kind of value and its edges: NULLs, the extreme integers, an empty text (which must
    /// stay '' and not become NULL), a NUL byte inside a text, text beyond ASCII, and JSON narratives.
    static let rows: [(Int64?, String?, [Narrative]?)] = [
        (0, "", []),
        (nil, nil, nil),
        (Int64.max, "Ñandú — seguridad ciudadana", [Narrative(language: "es", text: "título")]),
        (Int64.min, "a\u{0}b", [Narrative(language: nil, text: "Say \"no\"\n")]),
        (42, String(repeating: "x", count: 70_000), nil),
        (7, "last", [Narrative(language: "en", text: ""), Narrative(language: "fr", text: "two")]),
    ]

    @Test("staged rows store every kind of value exactly as a statement per row does, over several flushes")
    func sameAsStatementPerRow() throws {
        let queue = try Self.database()
        try queue.write { db in
            // Three rows a flush, so that six rows take two flushes and the 70,000-byte text grows the buffer.
            let staged = try StagedRows(db, table: "staged", columns: ["id", "n", "t", "j"], rowsPerFlush: 3)
            let direct = try PreparedInsert(db, "INSERT INTO direct (id, n, t, j) VALUES (?1, ?2, ?3, ?4)")
            var flushes = 0
            for (index, row) in Self.rows.enumerated() {
                staged.add(Int64(index + 1))
                staged.add(row.0)
                staged.add(row.1)
                staged.add(narratives: row.2)
                if staged.isFull {
                    try staged.flush()
                    flushes += 1
                }
                direct.bind(1, Int64(index + 1))
                direct.bind(2, row.0)
                direct.bind(3, row.1)
                direct.bind(4, narratives: row.2)
                try direct.run()
            }
            #expect(flushes == 2)
            #expect(staged.rowCount == 0)
            try staged.flush()  // nothing left: a no-op
            let differing = try Int.fetchOne(
                db,
                sql: """
                    SELECT count(*) FROM (SELECT * FROM staged EXCEPT SELECT * FROM direct
                      UNION ALL SELECT * FROM direct EXCEPT SELECT * FROM staged)
                    """)
            #expect(differing == 0)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM staged") == Self.rows.count)
            // Read back apart from the per-row statement, against the Swift values themselves.
            // The text as hex, since a C string would end at the NUL.
            let stored = try Row.fetchAll(db, sql: "SELECT n, hex(t), typeof(t) FROM staged ORDER BY id")
            for (row, expected) in zip(stored, Self.rows) {
                #expect(row[0] as Int64? == expected.0)
                #expect(row[1] as String == (expected.1 ?? "").utf8.map { String(format: "%02X", $0) }.joined())
                #expect(row[2] as String == (expected.1 == nil ? "null" : "text"))
            }
        }
    }

    @Test("a flush that breaks a constraint says so, is emptied, and its transaction changes nothing")
    func failedFlush() throws {
        let queue = try Self.database()
        var caught: DatabaseError?
        do {
            try queue.write { db in
                let staged = try StagedRows(db, table: "staged", columns: ["n", "t"])
                for text in ["kept", "refused"] {
                    staged.add(Int64(1))
                    staged.add(text)
                }
                defer { #expect(staged.rowCount == 0) }
                try staged.flush()
            }
        } catch let error as DatabaseError {
            caught = error
        }
        #expect(caught?.resultCode == .SQLITE_CONSTRAINT)
        #expect(caught?.message?.contains("CHECK constraint failed") == true)
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM staged") } == 0)
    }

    @Test("atalaya_rows yields rows only for a StagedRows bound as its pointer, never for a value from SQL")
    func onlyBoundPointers() throws {
        let queue = try Self.database()
        let counts = try queue.read { db -> [Int?] in
            [
                try Int.fetchOne(db, sql: "SELECT count(*) FROM atalaya_rows(NULL)"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM atalaya_rows(140737488355328)"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM atalaya_rows(?)", arguments: [12345]),
            ]
        }
        #expect(counts == [0, 0, 0])
        // Without its argument the function has no plan at all.
        #expect(throws: DatabaseError.self) {
            try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM atalaya_rows") }
        }
    }
}
