import AtalayaDomain
import AtalayaStore
import GRDB

// MARK: - The rollup figures read, summed while an official file streams

/// The rollup of one import, stored as the reader's sums arrive; the same figures `SQLiteStore.buildRollup`
/// computes in SQL. Sums are merged in memory up to `maxMergedGroups` groups; past that they are flushed to a
/// temporary table and merged in SQL at the end, so memory stays bounded however many groups a file has.
struct RollupAccumulator {
    var sums = OfficialRollupSums()
    var flushed = false
    /// Groups this ledger sums itself (rows the reader did not classify) before they are flushed.
    let maxGroups = 50_000
    /// Groups held merged in memory (`SQLiteStore.rollupGroupsInMemory`): the complete dataset's scale (4M rows)
    /// has about 120,000, which then go in with one insert at the end instead of through the temporary table and a
    /// `GROUP BY`.
    let maxMergedGroups: Int

    /// Adds a row this ledger classified itself.
    mutating func add(_ row: OfficialAmount, pillar: Pillar?) {
        sums.add(row, pillar: pillar)
    }

    /// Takes sums the reader computed: merged into those held while the two together stay within
    /// `maxMergedGroups`, else what was held goes to the temporary table first (merged in SQL at the end).
    mutating func take(_ other: OfficialRollupSums, _ db: Database) throws {
        if sums.count == 0 {
            sums = other
        } else if sums.count + other.count <= maxMergedGroups {
            sums.add(other)
        } else {
            try flush(db)
            sums = other
        }
    }

    mutating func flushIfLarge(_ db: Database) throws {
        guard sums.count >= maxGroups else { return }
        try flush(db)
    }

    private mutating func flush(_ db: Database) throws {
        if !flushed {
            try db.execute(
                sql: """
                    CREATE TEMP TABLE rollup_partial (measure TEXT, recipient TEXT, fiscal_year INTEGER,
                      fiscal_period TEXT, objective TEXT, pillar TEXT, sector_group TEXT, account_group TEXT,
                      publisher_group TEXT, current_cents INTEGER, constant_cents INTEGER, current_rows INTEGER,
                      constant_rows INTEGER, rows INTEGER)
                    """)
            flushed = true
        }
        try insert(
            db,
            into: """
                temp.rollup_partial (measure, recipient, fiscal_year, fiscal_period, objective, pillar, sector_group,
                  account_group, publisher_group, current_cents, constant_cents, current_rows, constant_rows, rows)
                """, prefix: "")
        sums.removeAll()
    }

    mutating func write(_ db: Database, run: Int64, dataset: OfficialDataset) throws {
        let columns = """
            official_rollup (run_id, dataset, measure, recipient, fiscal_year, fiscal_period, objective, pillar,
              sector_group, account_group, publisher_group, current_cents, constant_cents, current_rows,
              constant_rows, rows)
            """
        guard flushed else {
            // The run and dataset are fixed for the whole insert: written into the statement (an integer and a
            // closed set of names), not bound again for every row.
            try insert(db, into: columns, prefix: "\(run), '\(dataset.rawValue)', ")
            return
        }
        try flush(db)
        let keys = """
            measure, recipient, fiscal_year, fiscal_period, objective, pillar, sector_group, account_group,
            publisher_group
            """
        try db.execute(
            sql: """
                INSERT INTO \(columns)
                SELECT ?, ?, \(keys), SUM(current_cents), SUM(constant_cents), SUM(current_rows), SUM(constant_rows),
                  SUM(rows)
                FROM temp.rollup_partial GROUP BY \(keys);
                DROP TABLE temp.rollup_partial;
                """, arguments: [run, dataset.rawValue])
    }

    /// Inserts the sums in memory, each row's values starting with the SQL `prefix` (run and dataset, or nothing).
    private func insert(_ db: Database, into table: String, prefix: String) throws {
        let insert = try PreparedInsert(
            db, "INSERT INTO \(table) VALUES (" + prefix + (1...14).map { "?\($0)" }.joined(separator: ", ") + ")")
        for (key, sum) in sums.groups {
            insert.bind(1, key.measure)
            insert.bind(2, key.recipient)
            insert.bind(3, key.fiscalYear)
            insert.bind(4, key.period)
            insert.bind(5, key.objective)
            insert.bind(6, key.pillar)
            insert.bind(7, key.sector)
            insert.bind(8, key.account)
            insert.bind(9, key.publisher)
            insert.bind(10, sum.current)
            insert.bind(11, sum.constant)
            insert.bind(12, sum.currentRows)
            insert.bind(13, sum.constantRows)
            insert.bind(14, sum.rows)
            try insert.run()
        }
    }
}
