import AtalayaDomain
import GRDB
import GRDBSQLite

// MARK: - The import hot path: values bound straight to prepared statements

/// A prepared statement bound with `sqlite3_bind_*` and stepped directly; GRDB's argument arrays cost 2× here.
///
/// Texts are gathered back to back in one buffer of this object's and bound in place (`SQLITE_STATIC`) just before
/// the step, so SQLite makes no allocation and copy of its own for each; the bindings are cleared before the buffer
/// changes again. Not Sendable: one connection's writer uses it.
final class PreparedInsert {
    private let statement: Statement
    private let connection: OpaquePointer?
    // These skip the runtime exclusivity check (it cost more than the copy they save): only this object's own
    // methods touch them, on one thread, and no closure they run can call back into it.
    /// The UTF-8 of the texts bound since the last run, back to back.
    @exclusivity(unchecked) private var texts = GatheredTexts(capacity: 4096)
    /// Which parameter each gathered text goes to, and where its bytes are in `texts`.
    @exclusivity(unchecked) private var pending: [(index: Int32, start: Int, count: Int)] = []

    /// Prepares `sql` on `db`.
    init(_ db: Database, _ sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection
        pending.reserveCapacity(32)
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// SQLITE_STATIC: SQLite reads the bytes in place; they must not change until the bindings are cleared.
    static let inPlace = unsafeBitCast(0, to: sqlite3_destructor_type.self)

    /// Binds a text or NULL (the text is bound at `run`).
    func bind(_ index: Int32, _ value: String?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        pend(index, texts.append(value))
    }

    /// Binds a narrative list as the JSON text `JSONText.narratives` makes, or NULL, without making a String.
    func bind(_ index: Int32, narratives: [Narrative]?) {
        guard let narratives else {
            sqlite3_bind_null(handle, index)
            return
        }
        pend(index, texts.append(narratives: narratives))
    }

    /// Binds a text-to-text object as the JSON text `JSONText.object` makes, without making a String.
    func bind(_ index: Int32, object: [String: String]) {
        pend(index, texts.append(object: object))
    }

    /// Notes that the gathered text at `placed` goes to parameter `index` at the next run.
    private func pend(_ index: Int32, _ placed: (start: Int, count: Int)) {
        pending.append((index, placed.start, placed.count))
    }

    /// Binds an integer or NULL.
    func bind(_ index: Int32, _ value: Int64?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds a floating-point number or NULL (indicator values only; money is never a Double).
    func bind(_ index: Int32, _ value: Double?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_double(handle, index, value)
    }

    /// Binds an integer or NULL.
    func bind(_ index: Int32, _ value: Int?) {
        bind(index, value.map(Int64.init))
    }

    /// Executes once and resets; returns the inserted row id.
    @discardableResult
    func run() throws -> Int64 {
        for text in pending {
            sqlite3_bind_text(handle, text.index, texts.base + text.start, Int32(text.count), Self.inPlace)
        }
        let code = sqlite3_step(handle)
        let failure = code == SQLITE_DONE || code == SQLITE_ROW ? nil : statement.failure(code, on: connection)
        // Nothing may point into the buffer once it is reused or grown.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        texts.removeAll()
        pending.removeAll(keepingCapacity: true)
        if let failure { throw failure }
        return connection.map { sqlite3_last_insert_rowid($0) } ?? 0
    }
}

/// The stored row id, `last_updated` and run of an activity by its identifier, read with `sqlite3_*` calls directly:
/// GRDB's `Row.fetchOne` built arguments, a cursor and a row for each of an import's activities.
final class StoredActivityLookup {
    private let statement: Statement
    private let connection: OpaquePointer?

    /// Prepares the lookup on `db`.
    init(_ db: Database) throws {
        statement = try db.makeStatement(
            sql: "SELECT id, last_updated, run_id FROM activity WHERE iati_identifier = ?1")
        connection = db.sqliteConnection
    }

    /// The stored activity with this identifier: its row id, its `last_updated` (nil when it has none) and its run.
    func find(_ identifier: String) throws -> (id: Int64, lastUpdated: String?, run: Int64)? {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        Statement.bindCopy(handle, 1, identifier)
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_DONE:
            return nil
        case SQLITE_ROW:
            let lastUpdated = sqlite3_column_text(handle, 1).map { String(cString: $0) }
            return (sqlite3_column_int64(handle, 0), lastUpdated, sqlite3_column_int64(handle, 2))
        default:
            throw statement.failure(code, on: connection)
        }
    }
}

extension Statement {
    /// The error for a step of this statement that returned `code`, with SQLite's message from `connection`, as
    /// GRDB reports its own; read before the statement is reset.
    func failure(_ code: Int32, on connection: OpaquePointer?) -> DatabaseError {
        let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "SQLite error \(code)"
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    /// Binds a text or NULL that SQLite copies (SQLITE_TRANSIENT), so it need not outlive the call.
    static func bindCopy(_ handle: OpaquePointer, _ index: Int32, _ text: String?) {
        guard let text else {
            sqlite3_bind_null(handle, index)
            return
        }
        _ = text.withCString { bytes in
            sqlite3_bind_text(
                handle, index, bytes, Int32(text.utf8.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }
}
