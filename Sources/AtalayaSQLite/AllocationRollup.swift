import AtalayaDomain
import AtalayaStore
import GRDB
import GRDBSQLite

// MARK: - The IATI rollup: allocations summed once per import, read by every figure

/// Builds `allocation_rollup`, the sums the IATI figures read instead of grouping `allocation` per request.
enum AllocationRollup {
    /// Replaces the rollup with sums over every allocation, inside the caller's write transaction.
    ///
    /// A row is one run's money for one measure, recipient, fiscal and calendar year, pillar, sector, account,
    /// publisher and currency, converted and unconverted kept apart (`usd_cents` is NULL for the latter). The
    /// rebuild is one pass over `allocation`; it runs at reclassification, and at import only when the run's sums
    /// could not be kept or taken back (see `RollupTakeBack`).
    static func rebuild(_ db: Database) throws {
        try db.execute(
            sql: """
                DELETE FROM allocation_rollup;
                INSERT INTO allocation_rollup (run_id, measure, recipient, fiscal_year, calendar_year, pillar,
                  sector_group, account_group, publisher_group, currency, usd_cents, amount_cents, allocations)
                SELECT a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
                  COALESCE(al.sector_code, 'none'), COALESCE(al.funding_account, 'none'),
                  COALESCE(al.publisher, 'none'), al.currency, SUM(al.usd_cents), SUM(al.amount_cents), COUNT(*)
                FROM allocation al JOIN activity a ON a.id = al.activity_id
                GROUP BY a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
                  al.sector_code, al.funding_account, al.publisher, al.currency, al.usd_cents IS NULL;
                """)
    }
}

/// The money of the activities an import replaces, taken out of their runs' rollup rows: so that a newer file
/// costs the rollup what it changes, not a pass over every allocation in the ledger (0.4 s per 167,000 here).
///
/// Each replaced activity's allocations are read just before it is deleted and summed here by run and group, as
/// the rollup groups them; `apply` then takes each group's sums out of its row, and deletes a row left with none.
/// The sums hold at most `maxGroups` groups (about 200 bytes each); past that, or should a group not be exactly one
/// row holding at least as many allocations (a rollup out of step with its allocations), the import rebuilds the
/// rollup instead. Not Sendable: one import's writer uses it.
final class RollupTakeBack {
    /// A rollup row's identity: its run and its group.
    struct Group: Hashable {
        var run: Int64
        var key: RunRollupSums.Key
    }

    private let connection: OpaquePointer?
    private let read: Statement
    private let find: Statement
    private let update: Statement
    private let delete: Statement
    /// The groups taken, with their sums.
    private var groups: [Group: RunRollupSums.Sums] = [:]
    /// Groups held at most before the import gives up and rebuilds.
    let maxGroups: Int
    /// False once the sums cannot be applied: too many groups, or a sum past `Int64`.
    private(set) var usable = true

    /// Prepares the statements on `db`, inside the import's transaction.
    init(_ db: Database, maxGroups: Int = 20_000) throws {
        connection = db.sqliteConnection
        self.maxGroups = maxGroups
        read = try db.makeStatement(
            sql: """
                SELECT a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar, al.sector_code,
                  al.funding_account, al.publisher, al.currency, al.usd_cents, al.amount_cents
                FROM allocation al JOIN activity a ON a.id = al.activity_id WHERE al.activity_id = ?1
                """)
        find = try db.makeStatement(
            sql: """
                SELECT id, allocations FROM allocation_rollup
                WHERE measure = ?1 AND recipient = ?2 AND fiscal_year IS ?3 AND calendar_year IS ?4 AND pillar = ?5
                  AND sector_group = ?6 AND account_group = ?7 AND publisher_group = ?8 AND currency IS ?9
                  AND run_id = ?10 AND (usd_cents IS NULL) = ?11
                LIMIT 2
                """)
        update = try db.makeStatement(
            sql: """
                UPDATE allocation_rollup SET usd_cents = usd_cents - ?2, amount_cents = amount_cents - ?3,
                  allocations = allocations - ?4
                WHERE id = ?1
                """)
        delete = try db.makeStatement(sql: "DELETE FROM allocation_rollup WHERE id = ?1")
    }

    /// Sums the allocations of a stored activity about to be deleted.
    func record(activity id: Int64) throws {
        guard usable else { return }
        let handle = read.sqliteStatement
        defer { sqlite3_reset(handle) }
        sqlite3_bind_int64(handle, 1, id)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw read.failure(code, on: connection) }
            let usd = Self.integer(handle, 10)
            let group = Group(
                run: sqlite3_column_int64(handle, 0),
                key: RunRollupSums.Key(
                    measure: Self.text(handle, 1) ?? "", recipient: Self.text(handle, 2) ?? "",
                    fiscalYear: Self.integer(handle, 3).map(Int.init),
                    calendarYear: Self.integer(handle, 4).map(Int.init), pillar: Self.text(handle, 5) ?? "",
                    sector: Self.text(handle, 6), account: Self.text(handle, 7), publisher: Self.text(handle, 8),
                    currency: Self.text(handle, 9), converted: usd != nil))
            var sums = groups[group] ?? RunRollupSums.Sums()
            guard sums.allocations > 0 || groups.count < maxGroups,
                sums.add(amount: sqlite3_column_int64(handle, 11), usd: usd)
            else { return giveUp() }
            groups[group] = sums
        }
    }

    /// Takes the sums out of the rollup, a row at a time. Returns false when the sums gave up or a group is not
    /// exactly one rollup row holding at least its allocations; the caller then rebuilds the rollup, which replaces
    /// whatever this changed.
    func apply() throws -> Bool {
        guard usable else { return false }
        for (group, sums) in groups {
            guard let (row, allocations) = try self.row(group) else { return false }
            if allocations == sums.allocations {
                try step(delete) { sqlite3_bind_int64($0, 1, row) }
            } else if allocations > sums.allocations {
                try step(update) { handle in
                    sqlite3_bind_int64(handle, 1, row)
                    Self.bind(handle, 2, sums.usd)
                    sqlite3_bind_int64(handle, 3, sums.amount)
                    sqlite3_bind_int64(handle, 4, Int64(sums.allocations))
                }
            } else {
                return false
            }
        }
        return true
    }

    /// The id and allocation count of the one rollup row of `group`; nil when there is none, or more than one.
    private func row(_ group: Group) throws -> (id: Int64, allocations: Int)? {
        let handle = find.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        let key = group.key
        let texts: [(Int32, String?)] = [
            (1, key.measure), (2, key.recipient), (5, key.pillar), (6, key.sector ?? "none"),
            (7, key.account ?? "none"), (8, key.publisher ?? "none"), (9, key.currency),
        ]
        for (index, text) in texts { Statement.bindCopy(handle, index, text) }
        Self.bind(handle, 3, key.fiscalYear.map(Int64.init))
        Self.bind(handle, 4, key.calendarYear.map(Int64.init))
        sqlite3_bind_int64(handle, 10, group.run)
        sqlite3_bind_int64(handle, 11, key.converted ? 0 : 1)
        var found: (id: Int64, allocations: Int)?
        var count = 0
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw find.failure(code, on: connection) }
            found = (sqlite3_column_int64(handle, 0), Int(sqlite3_column_int64(handle, 1)))
            count += 1
        }
        return count == 1 ? found : nil
    }

    private func giveUp() {
        usable = false
        groups = [:]
    }

    private func step(_ statement: Statement, _ bind: (OpaquePointer) -> Void) throws {
        let handle = statement.sqliteStatement
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        bind(handle)
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw statement.failure(code, on: connection) }
    }

    private static func text(_ handle: OpaquePointer, _ column: Int32) -> String? {
        sqlite3_column_text(handle, column).map { String(cString: $0) }
    }

    private static func integer(_ handle: OpaquePointer, _ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }

    private static func bind(_ handle: OpaquePointer, _ index: Int32, _ value: Int64?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        sqlite3_bind_int64(handle, index, value)
    }
}

extension RunRollupSums {
    /// Inserts the run's rows.
    func write(_ db: Database, run: Int64) throws {
        let insert = try PreparedInsert(
            db,
            """
            INSERT INTO allocation_rollup (run_id, measure, recipient, fiscal_year, calendar_year, pillar, sector_group,
              account_group, publisher_group, currency, usd_cents, amount_cents, allocations)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """)
        for (key, sums) in groups {
            insert.bind(1, run)
            insert.bind(2, key.measure)
            insert.bind(3, key.recipient)
            insert.bind(4, key.fiscalYear)
            insert.bind(5, key.calendarYear)
            insert.bind(6, key.pillar)
            insert.bind(7, key.sector ?? "none")
            insert.bind(8, key.account ?? "none")
            insert.bind(9, key.publisher ?? "none")
            insert.bind(10, key.currency)
            insert.bind(11, sums.usd)
            insert.bind(12, sums.amount)
            insert.bind(13, sums.allocations)
            try insert.run()
        }
    }
}
