import AtalayaDomain
import GRDB
import GRDBSQLite

// MARK: - Rows gathered in memory and stored by one INSERT … SELECT

/// One table's rows gathered in memory, stored together by one `INSERT OR FAIL INTO table (…) SELECT … FROM
/// atalaya_rows(?1)`.
///
/// A statement per row pays for starting a statement (opening the table's and its indexes' cursors, finding their
/// last entries) on every row; a statement per flush pays it once. SQLite reads the rows through `RowsModule`, a
/// table-valued function over this object's cells. `OR FAIL` because a multi-row `INSERT` that may abort halfway
/// keeps a statement journal to undo itself alone, and nothing needs that: a failed flush fails its import, whose
/// whole transaction is rolled back. (A CHECK that calls a function, as `txn`'s `length(currency)` does, keeps one
/// anyway; `SQLiteStore.statementJournalInMemory` holds it in memory.)
///
/// Not Sendable: one connection's writer uses it, on one thread.
final class StagedRows {
    /// One value: NULL, an integer, or a text (`length` bytes at offset `payload` in `texts`). No table an import
    /// writes has a floating-point column, and money is never one.
    struct Cell {
        enum Kind: UInt8 { case null, integer, text }
        var kind: Kind
        var length: Int32
        var payload: Int64

        static let null = Cell(kind: .null, length: 0, payload: 0)
    }

    /// The values each row has.
    let columns: Int
    private let rowsPerFlush: Int
    private let insert: Statement
    private let connection: OpaquePointer?
    // These skip the runtime exclusivity check: only this object's methods, and `RowsModule`'s callbacks while
    // `flush` steps its statement on the same thread, touch them, and none of them calls back into another.
    /// The values added since the last flush, row after row.
    @exclusivity(unchecked) private(set) var cells: UnsafeMutablePointer<Cell>
    @exclusivity(unchecked) private var cellCapacity: Int
    @exclusivity(unchecked) private var cellCount = 0
    /// The UTF-8 of the texts added since the last flush, back to back.
    @exclusivity(unchecked) private(set) var texts = GatheredTexts(capacity: 1 << 16)

    /// Prepares the insert of `names` into `table` on `db` (whose connection has `RowsModule` registered); a flush
    /// is due once `rowsPerFlush` rows or 4 MB of text have gathered.
    init(_ db: Database, table: String, columns names: [String], rowsPerFlush: Int = 2048) throws {
        precondition(!names.isEmpty && names.count <= RowsModule.columnCount)
        columns = names.count
        self.rowsPerFlush = rowsPerFlush
        let values = names.indices.map { "c\($0)" }.joined(separator: ", ")
        insert = try db.makeStatement(
            sql:
                "INSERT OR FAIL INTO \(table) (\(names.joined(separator: ", "))) SELECT \(values) FROM atalaya_rows(?1)"
        )
        connection = db.sqliteConnection
        cellCapacity = columns * 64
        cells = .allocate(capacity: cellCapacity)
    }

    deinit {
        cells.deallocate()
    }

    /// The complete rows gathered and not yet stored.
    var rowCount: Int { cellCount / columns }

    /// Whether a flush is due: enough rows that the statement's own cost is small beside theirs, and few enough
    /// (or little enough text) that the buffers stay a few megabytes.
    var isFull: Bool { cellCount >= columns * rowsPerFlush || texts.count >= 4 << 20 }

    /// Adds an integer or NULL as the row's next value.
    func add(_ value: Int64?) {
        append(value.map { Cell(kind: .integer, length: 0, payload: $0) } ?? .null)
    }

    /// Adds an integer or NULL as the row's next value.
    func add(_ value: Int?) {
        add(value.map(Int64.init))
    }

    /// Adds a text or NULL as the row's next value.
    func add(_ value: String?) {
        guard let value else { return append(.null) }
        append(text: texts.append(value))
    }

    /// Adds a narrative list as the JSON text `JSONText.narratives` makes, or NULL, without making a String.
    func add(narratives: [Narrative]?) {
        guard let narratives else { return append(.null) }
        append(text: texts.append(narratives: narratives))
    }

    /// Adds a text-to-text object as the JSON text `JSONText.object` makes, without making a String.
    func add(object: [String: String]) {
        append(text: texts.append(object: object))
    }

    /// Stores the gathered rows and empties this object, also when the insert fails.
    func flush() throws {
        defer {
            cellCount = 0
            texts.removeAll()
        }
        guard cellCount > 0 else { return }
        precondition(cellCount % columns == 0, "a staged row is incomplete")
        let handle = insert.sqliteStatement
        // The pointer lives while `self` does; `RowsModule` reads it only during this step.
        sqlite3_bind_pointer(handle, 1, Unmanaged.passUnretained(self).toOpaque(), RowsModule.pointerType, nil)
        let code = sqlite3_step(handle)
        let failure = code == SQLITE_DONE ? nil : insert.failure(code, on: connection)
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        if let failure { throw failure }
    }

    /// The value in `column` of row `row`, for `RowsModule`.
    func cell(row: Int, column: Int) -> Cell {
        cells[row * columns + column]
    }

    private func append(_ cell: Cell) {
        if cellCount == cellCapacity {
            let capacity = cellCapacity * 2
            let grown = UnsafeMutablePointer<Cell>.allocate(capacity: capacity)
            grown.moveInitialize(from: cells, count: cellCount)
            cells.deallocate()
            cells = grown
            cellCapacity = capacity
        }
        (cells + cellCount).initialize(to: cell)
        cellCount += 1
    }

    /// Adds the text gathered at `placed` as the row's next value.
    private func append(text placed: (start: Int, count: Int)) {
        append(Cell(kind: .text, length: Int32(placed.count), payload: Int64(placed.start)))
    }
}

/// The table-valued function `atalaya_rows(rows)`: the rows of a `StagedRows` bound as a pointer
/// (`sqlite3_bind_pointer`, so SQL cannot forge one), as columns `c0`, `c1`, …; registered on each connection.
enum RowsModule {
    /// The most values a staged row may have.
    static let columnCount = 24

    /// The pointer type `sqlite3_bind_pointer` and `sqlite3_value_pointer` agree on: a literal's bytes, at one
    /// address for the life of the process.
    static var pointerType: UnsafePointer<CChar> {
        UnsafeRawPointer(("atalaya_rows" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// A cursor: SQLite's part first (SQLite sees only that), then the rows and the row it is on.
    struct Cursor {
        var base = sqlite3_vtab_cursor()
        var rows: UnsafeMutableRawPointer?
        var row = 0
    }

    /// Registers the function on `db`'s connection; SQLite frees the module's description when the connection
    /// closes.
    static func register(on db: Database) throws {
        precondition(MemoryLayout<Cursor>.offset(of: \Cursor.base) == 0)
        let module = UnsafeMutablePointer<sqlite3_module>.allocate(capacity: 1)
        module.initialize(to: sqlite3_module())
        // Eponymous only (no xCreate), read only, no transactions of its own.
        module.pointee.xConnect = { db, _, _, _, table, _ in
            let columns = (0..<RowsModule.columnCount).map { "c\($0)" }.joined(separator: ", ")
            let code = sqlite3_declare_vtab(db, "CREATE TABLE x(\(columns), rows HIDDEN)")
            guard code == SQLITE_OK else { return code }
            let made = UnsafeMutablePointer<sqlite3_vtab>.allocate(capacity: 1)
            made.initialize(to: sqlite3_vtab())
            table?.pointee = made
            return SQLITE_OK
        }
        module.pointee.xDisconnect = { table in
            table?.deallocate()
            return SQLITE_OK
        }
        // The only usable plan has the hidden `rows` argument; without it the function has nothing to read.
        module.pointee.xBestIndex = { _, info in
            guard let info else { return SQLITE_ERROR }
            for index in 0..<Int(info.pointee.nConstraint) {
                let constraint = info.pointee.aConstraint[index]
                guard constraint.iColumn == Int32(RowsModule.columnCount), constraint.usable != 0,
                    constraint.op == UInt8(SQLITE_INDEX_CONSTRAINT_EQ)
                else { continue }
                info.pointee.aConstraintUsage[index].argvIndex = 1
                info.pointee.aConstraintUsage[index].omit = 1
                info.pointee.estimatedCost = 1
                return SQLITE_OK
            }
            return SQLITE_CONSTRAINT
        }
        module.pointee.xOpen = { _, cursor in
            let made = UnsafeMutablePointer<Cursor>.allocate(capacity: 1)
            made.initialize(to: Cursor())
            cursor?.pointee = UnsafeMutableRawPointer(made).assumingMemoryBound(to: sqlite3_vtab_cursor.self)
            return SQLITE_OK
        }
        module.pointee.xClose = { cursor in
            cursor.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Cursor.self).deallocate() }
            return SQLITE_OK
        }
        module.pointee.xFilter = { cursor, _, _, count, values in
            let state = RowsModule.state(cursor)
            // NULL unless bound with this pointer type: then the function yields no rows.
            state.pointee.rows =
                count > 0 ? values.flatMap { sqlite3_value_pointer($0[0], RowsModule.pointerType) } : nil
            state.pointee.row = 0
            return SQLITE_OK
        }
        module.pointee.xNext = { cursor in
            RowsModule.state(cursor).pointee.row += 1
            return SQLITE_OK
        }
        module.pointee.xEof = { cursor in
            let state = RowsModule.state(cursor).pointee
            guard let rows = state.rows else { return 1 }
            return Unmanaged<StagedRows>.fromOpaque(rows)._withUnsafeGuaranteedRef { state.row < $0.rowCount } ? 0 : 1
        }
        module.pointee.xColumn = { cursor, context, column in
            let state = RowsModule.state(cursor).pointee
            guard let pointer = state.rows else { return SQLITE_MISUSE }
            // Borrowed for the call, not retained: `flush` holds the object while SQLite steps. A retain and a
            // release per value were 2-3% of an import's writing thread (perf samples, 55 MB file).
            return Unmanaged<StagedRows>.fromOpaque(pointer)._withUnsafeGuaranteedRef { rows in
                guard column >= 0, Int(column) < rows.columns else {
                    sqlite3_result_null(context)
                    return SQLITE_OK
                }
                let cell = rows.cell(row: state.row, column: Int(column))
                switch cell.kind {
                case .null: sqlite3_result_null(context)
                case .integer: sqlite3_result_int64(context, cell.payload)
                case .text:
                    // SQLITE_STATIC: the bytes stay put until the flush's step is over; SQLite copies what it keeps.
                    sqlite3_result_text(
                        context,
                        UnsafeRawPointer(rows.texts.base + Int(cell.payload)).assumingMemoryBound(to: CChar.self),
                        cell.length, PreparedInsert.inPlace)
                }
                return SQLITE_OK
            }
        }
        module.pointee.xRowid = { cursor, rowid in
            rowid?.pointee = Int64(RowsModule.state(cursor).pointee.row)
            return SQLITE_OK
        }
        // SQLite calls the destructor (freeing the description) also when registering fails.
        let code = sqlite3_create_module_v2(
            db.sqliteConnection, "atalaya_rows", module, module,
            { description in description?.assumingMemoryBound(to: sqlite3_module.self).deallocate() })
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "could not register atalaya_rows")
        }
    }

    /// The cursor SQLite hands back, as the `Cursor` that `xOpen` made.
    private static func state(_ cursor: UnsafeMutablePointer<sqlite3_vtab_cursor>?) -> UnsafeMutablePointer<Cursor> {
        UnsafeMutableRawPointer(cursor!).assumingMemoryBound(to: Cursor.self)
    }
}
