import GRDB

// MARK: - Deleting a row and what hangs from it, with foreign keys not enforced

/// The statements that delete one row of a table and every row under it, as the schema's `ON DELETE CASCADE`
/// foreign keys would, for a connection that runs with foreign keys off (where SQLite runs no cascade).
///
/// The plan is read from the schema itself (`pragma_foreign_key_list`), so a table added under the root later is
/// deleted too without a change here. A schema this cannot carry out the way SQLite would (a reference into the
/// tree that does not cascade, a composite or implicit key, a cycle) is refused when the plan is made.
struct CascadeDelete {
    /// One DELETE per table reached, children before their parents; each takes the root row's key as `?1`.
    let statements: [Statement]

    /// A plan for deleting a row of `table` by `key` (an equality on that column), on `db`'s schema.
    init(_ db: Database, table: String, key: String) throws {
        let references = try Row.fetchAll(
            db,
            sql: """
                SELECT m.name AS child, f."from" AS "column", f."table" AS parent, f."to" AS target,
                  f.on_delete AS action, f.seq AS part
                FROM sqlite_schema m, pragma_foreign_key_list(m.name) f
                WHERE m.type = 'table'
                ORDER BY m.name, f.id, f.seq
                """
        ).map {
            Reference(
                child: $0["child"], column: $0["column"], parent: $0["parent"], target: $0["target"],
                action: $0["action"], part: $0["part"])
        }
        let children = Dictionary(grouping: references, by: \.parent)
        var sql: [String] = []
        /// Adds the deletes for the rows of `table` that `condition` selects; `keyColumn` is the column the
        /// condition tests for equality with `?1`, when it is that simple.
        func plan(_ table: String, where condition: String, keyColumn: String?, depth: Int) throws {
            guard depth < 8 else { throw Unsupported(reason: "the references under \(table) form a cycle") }
            for reference in children[table] ?? [] {
                guard reference.action == "CASCADE" else {
                    throw Unsupported(
                        reason: "\(reference.child).\(reference.column) refers to \(table) with ON DELETE "
                            + "\(reference.action), not CASCADE")
                }
                guard reference.part == 0, let target = reference.target else {
                    throw Unsupported(reason: "\(reference.child) refers to \(table) by a composite or implicit key")
                }
                let column = Self.quoted(reference.column)
                if keyColumn == target {
                    try plan(reference.child, where: "\(column) = ?1", keyColumn: reference.column, depth: depth + 1)
                } else {
                    let selected = "SELECT \(Self.quoted(target)) FROM \(Self.quoted(table)) WHERE \(condition)"
                    try plan(reference.child, where: "\(column) IN (\(selected))", keyColumn: nil, depth: depth + 1)
                }
            }
            sql.append("DELETE FROM \(Self.quoted(table)) WHERE \(condition)")
        }
        try plan(table, where: "\(Self.quoted(key)) = ?1", keyColumn: key, depth: 0)
        statements = try sql.map { try db.makeStatement(sql: $0) }
    }

    /// Deletes the root row keyed `id` and everything under it.
    func run(_ id: Int64) throws {
        for statement in statements {
            try statement.execute(arguments: [id])
        }
    }

    /// One column of a foreign key, as `pragma_foreign_key_list` lists it.
    private struct Reference {
        var child: String
        var column: String
        var parent: String
        var target: String?
        var action: String
        var part: Int
    }

    /// Why a schema's deletes cannot be planned; a fault in the schema, never in the user's data.
    struct Unsupported: Error, CustomStringConvertible {
        var reason: String
        var description: String { "cannot delete by hand: \(reason)" }
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
