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
    // These two skip the runtime exclusivity check (it cost more than the copy they save): only this object's own
    // methods touch them, on one thread, and no closure they run can call back into it.
    /// The UTF-8 of the texts bound since the last run; its first byte is a placeholder so that the buffer's
    /// address is never nil (an empty text must bind as '', not NULL).
    @exclusivity(unchecked) private var texts: [UInt8] = [0]
    /// Which parameter each gathered text goes to, and where its bytes are in `texts`.
    @exclusivity(unchecked) private var pending: [(index: Int32, start: Int, count: Int)] = []

    /// Prepares `sql` on `db`.
    init(_ db: Database, _ sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection
        texts.reserveCapacity(4096)
        pending.reserveCapacity(32)
    }

    private var handle: OpaquePointer { statement.sqliteStatement }

    /// SQLITE_STATIC: SQLite reads the bytes in place; they must not change until the bindings are cleared.
    private static let inPlace = unsafeBitCast(0, to: sqlite3_destructor_type.self)

    /// Binds a text or NULL (the text is bound at `run`).
    func bind(_ index: Int32, _ value: String?) {
        guard var text = value else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { bytes in
            pending.append((index, texts.count, bytes.count))
            texts.append(contentsOf: bytes)
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
            texts.removeSubrange(1...)
            pending.removeAll(keepingCapacity: true)
        }
        let failure = texts.withUnsafeBufferPointer { buffer -> (code: Int32, message: String)? in
            let base = buffer.baseAddress!
            for text in pending {
                sqlite3_bind_text(handle, text.index, base + text.start, Int32(text.count), Self.inPlace)
            }
            let code = sqlite3_step(handle)
            let failure =
                code == SQLITE_DONE || code == SQLITE_ROW
                ? nil : (code, connection.map { String(cString: sqlite3_errmsg($0)) } ?? "SQLite error \(code)")
            // Nothing may point into the buffer once it is released.
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            return failure
        }
        if let failure {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: failure.code), message: failure.message, sql: statement.sql)
        }
        return connection.map { sqlite3_last_insert_rowid($0) } ?? 0
    }
}
