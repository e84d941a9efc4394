import GRDB
import GRDBSQLite

// MARK: - The import hot path: values bound straight to prepared statements

/// A prepared statement bound with `sqlite3_bind_*` and stepped directly; GRDB's argument arrays cost 2× here.
struct PreparedInsert {
    private let statement: Statement
    private let connection: OpaquePointer?

    /// Prepares `sql` on `db`.
    init(_ db: Database, _ sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// SQLITE_TRANSIENT: SQLite makes its own copy of the bytes before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    /// Binds a text or NULL.
    func bind(_ index: Int32, _ value: String?) {
        guard var text = value else {
            sqlite3_bind_null(handle, index)
            return
        }
        // Bound with its length from the string's own UTF-8 (no C-string copy, no strlen); SQLite copies it.
        text.withUTF8 { bytes in
            _ = sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
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
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "SQLite error \(code)"
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        return connection.map { sqlite3_last_insert_rowid($0) } ?? 0
    }
}
