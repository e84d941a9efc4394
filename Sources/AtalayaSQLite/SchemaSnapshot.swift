import GRDB

// MARK: - A new ledger's schema in one step

extension SchemaSnapshot {
    /// Gives a new, empty database the snapshot's schema in one transaction (about 8 ms, where the migrations take
    /// about 50), so that `migrator.migrate` then runs only the migrations after `migration`; a database with
    /// anything in it is left to the migrations. A fresh import's start-up and every test's ledger are the faster.
    static func applyIfEmpty(_ writer: some DatabaseWriter) throws {
        // Looked at first without the write lock, which an existing ledger's opening must not wait for: a report
        // opened during an import would wait for the import to end.
        let isEmpty = { (db: Database) in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema") == 0 }
        guard try writer.read(isEmpty) else { return }
        try writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                if try isEmpty(db) { try db.execute(sql: sql) }
                return .commit
            }
        }
    }

    /// The statements that make the schema of `db`, as SQLite stores it, in an order that runs: tables (a virtual
    /// table's shadow tables left to it to make), then indexes, triggers and views, each kind in the order it was
    /// made; then every row the database holds, as SQLite quotes it: the migrations recorded as applied, and what a
    /// virtual table keeps in its shadow tables (replacing what it wrote there when it was made).
    static func statements(of db: Database) throws -> String {
        var statements = try String.fetchAll(
            db,
            sql: """
                SELECT sql FROM sqlite_schema
                WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                  AND name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'shadow')
                ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'trigger' THEN 2 ELSE 3 END, rowid
                """)
        let tables = try Row.fetchAll(
            db,
            sql: """
                SELECT name, type = 'shadow' AS shadow, wr AS withoutRowid FROM pragma_table_list
                WHERE schema = 'main' AND type IN ('table', 'shadow') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                ORDER BY name
                """)
        for table in tables {
            let name: String = table["name"]
            let columns = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [name])
            let values = columns.map { "quote(\"\($0)\")" }.joined(separator: " || ', ' || ")
            let rows = try String.fetchAll(
                db,
                sql: """
                    SELECT 'INSERT INTO "\(name)" VALUES (' || \(values) || ')' FROM "\(name)"
                    ORDER BY \(table["withoutRowid"] as Bool ? "1" : "rowid")
                    """)
            guard !rows.isEmpty else { continue }
            if table["shadow"] { statements.append("DELETE FROM \"\(name)\"") }
            statements += rows
        }
        return statements.map { $0 + ";" }.joined(separator: "\n")
    }
}
