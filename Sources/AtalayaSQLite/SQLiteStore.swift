public import AtalayaDomain
public import AtalayaStore
import CSQLiteSettings
import Foundation
import GRDB

// MARK: - The embedded ledger: one SQLite file in WAL mode

/// The ledger in a SQLite file (WAL) through GRDB; the embedded default.
public struct SQLiteStore: LedgerStore {
    let writer: any DatabaseWriter
    /// The official rollup's groups an import holds merged in memory before it spills them to a temporary table
    /// (see `RollupAccumulator`); tests lower it to reach the spill.
    var rollupGroupsInMemory = 200_000

    /// The migrations that opening this ledger applied, in order (none when its schema was already current).
    public let migratedOnOpen: [String]

    /// Each connection's page cache, as `PRAGMA cache_size` takes it (negative: KiB): 12 MB.
    static let pageCacheSize = -12288

    /// Opens (creating if needed) the ledger at `path` and runs pending migrations.
    public init(path: String) throws {
        try self.init(path: path, newAndAlone: false)
    }

    /// Creates the ledger at `path`, where no file is yet, for this process to fill before anyone reads it: written
    /// with SQLite's rollback journal rather than the write-ahead log, until `useWriteAheadLog()` (which the commands
    /// that create a ledger call as they end) or the next opening of the ledger sets it to WAL. Every transaction is
    /// as atomic and as durable as in WAL mode; what differs is that nobody else may read the ledger meanwhile. A bulk
    /// import into a new ledger then writes its pages once, into the ledger, where WAL mode writes them into the log,
    /// syncs it, copies them into the ledger, syncs that and deletes the log: a 61 MB file imported in 1.19 s rather
    /// than 1.34 s (medians of 9, alternating).
    public static func creatingNew(path: String) throws -> SQLiteStore {
        try SQLiteStore(path: path, newAndAlone: true)
    }

    private init(path: String, newAndAlone: Bool) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // Before anything is set or written, WAL mode included (GRDB sets it after this closure).
            try Self.checkLedger(db, path: path)
            try RowsModule.register(on: db)
            // 16 KB pages for a new ledger (a no-op on an existing one, which keeps its own; it has to come before
            // WAL mode is set): bulk imports write and checkpoint fewer, fuller pages (20% faster measured here).
            try db.execute(sql: "PRAGMA page_size = 16384")
            // A 12 MB page cache per connection (SQLite's default is 2 MB): official imports re-read fewer pages.
            try db.execute(sql: "PRAGMA cache_size = \(Self.pageCacheSize)")
        }
        let before: Set<String>
        do {
            // One connection, which keeps the journal mode the file has (a new file's: the rollback journal); a pool
            // sets WAL mode and reads beside the writer.
            writer =
                newAndAlone
                ? try DatabaseQueue(path: path, configuration: configuration)
                : try DatabasePool(path: path, configuration: configuration)
            before = try writer.read { db in try Self.migrator.appliedIdentifiers(db) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw OpenError("\(path) is not a SQLite database, so not an Atalaya ledger; nothing in it was changed")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CANTOPEN {
            throw OpenError("cannot open the ledger \(path): \(Self.cannotOpenReason(path))")
        } catch let error as DatabaseError where error.resultCode == .SQLITE_READONLY {
            throw OpenError(
                "cannot use the ledger \(path): \(Self.readOnlyReason(path)); SQLite writes a ledger's -wal and -shm "
                    + "files beside it even to read it. Copy it to a folder you can write to, or change its permissions."
            )
        }
        try SchemaSnapshot.applyIfEmpty(writer)
        try Self.migrator.migrate(writer)
        migratedOnOpen = Self.migrationNames.filter { !before.contains($0) }
    }

    /// Sets the ledger to WAL mode, in which others read it while it is written (a no-op when it is already); for a
    /// ledger opened with `creatingNew(path:)`, once it is filled. SQLite leaves the mode as it is while another
    /// connection has the file open, and the next opening of the ledger sets it then.
    public func useWriteAheadLog() async throws {
        try await writer.writeWithoutTransaction { db in
            _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
    }

    /// A file that cannot be used as a ledger, and why; nothing in it was changed.
    public struct OpenError: Error, CustomStringConvertible, Equatable {
        /// What is wrong and what to do instead.
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// Throws unless the database `db` at `path` is new and empty or an Atalaya ledger that this version knows:
    /// migrating someone else's database would add tables to it, and writing to a ledger upgraded by a newer Atalaya
    /// could break what that version keeps.
    static func checkLedger(_ db: Database, path: String) throws {
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        guard !tables.isEmpty else { return }
        let applied = tables.contains("grdb_migrations") ? try migrator.appliedIdentifiers(db) : []
        guard let first = migrationNames.first, applied.contains(first) else {
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            throw OpenError(
                "\(path) is a SQLite database but not an Atalaya ledger (it holds \(shown)); nothing in it was "
                    + "changed. Give --db a new file or an Atalaya ledger.")
        }
        let unknown = applied.subtracting(migrationNames).sorted()
        guard unknown.isEmpty else {
            throw OpenError(
                "\(path) was upgraded by a newer Atalaya (migration \(unknown.joined(separator: ", "))); this one knows "
                    + "up to \(migrationNames.last ?? first) and leaves it alone. Use the newer atalaya.")
        }
    }

    /// Why SQLite could not open `path`: a folder, a folder that is not there, or the system's reason.
    static func cannotOpenReason(_ path: String) -> String {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            return "it is a folder"
        }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) { return "there is no folder \(folder)" }
        return "SQLite could not open or create it (permissions?)"
    }

    /// Why SQLite may not write at `path`: the file, or the folder that holds it, is read-only to this user.
    static func readOnlyReason(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let manager = FileManager.default
        if manager.fileExists(atPath: path), !manager.isWritableFile(atPath: path) { return "the file is read-only" }
        if !manager.isWritableFile(atPath: folder.isEmpty ? "." : folder) {
            return "its folder \(folder.isEmpty ? "." : folder) is read-only"
        }
        return "SQLite may not write it"
    }

    /// Sets SQLite up for this process: no allocation statistics, which took a process-wide mutex on each of SQLite's
    /// allocations (a 55 MB import 0.887 → 0.844 s, medians of 11), statement journals kept in memory up to
    /// `statementJournalInMemory`, and a ledger's pages sent to disk as they are written (`writeBackEvery`). Call
    /// before any database is opened; later it changes nothing and returns false. Without it, everything works as
    /// before.
    @discardableResult
    public static func prepareProcess() -> Bool {
        let statistics = atalaya_sqlite3_memstatus_off()
        let journals = atalaya_sqlite3_statement_journal_spill(Self.statementJournalInMemory)
        // Only while SQLite is not yet running (the settings above took): no other thread is using the table of
        // system calls that this changes.
        guard statistics == SQLITE_OK && journals == SQLITE_OK else { return false }
        _ = atalaya_sqlite3_write_back_early(Self.writeBackEvery)
        return true
    }

    /// How many bytes written to a ledger (or its journal or log) start their write-back to disk, so that the sync
    /// at the end of an import does not wait for the whole file (see `atalaya_sqlite3_write_back_early`). A 52 MB
    /// import into a new ledger: its last sync 26 → 3 ms, the import 0.97× the time (paired medians of 15, against
    /// none); every 2 MB measured 0.98× the time of every 4 MB, and every 16 MB 1.02× (15 and 11 pairs).
    static let writeBackEvery: Int64 = 2 << 20

    /// How much of a statement journal SQLite keeps in memory before it spills to a temporary file (its default
    /// is 64 KiB). An import's staged `INSERT … SELECT` into `txn` keeps one, because that table's
    /// `length(currency)` CHECK calls a function (see `StagedRows`): about 300 KB a flush, 13 MB for a 55 MB file,
    /// which went to a file in /var/tmp. Held to 4 MB, so that memory stays bounded whatever a statement changes.
    /// A hazard found with it, on this machine's SQLite (3.40.1): one `DELETE` of a 52 MB file's 5,187 activities,
    /// whose narratives' search entries go by the FTS5 delete trigger, fails with SQLITE_FULL once its journal spills
    /// at a limit of 1 MB or more; with SQLite's default 64 KiB, or no limit, it does not (reproduced in C against the
    /// same library; the cause inside SQLite not found). So activities are deleted one a statement
    /// (`CascadeDelete`, `removeRun`), each with a small journal.
    static let statementJournalInMemory: Int32 = 4 << 20

    /// A private in-memory ledger, for tests.
    public static func inMemory() throws -> SQLiteStore {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try RowsModule.register(on: db) }
        return try SQLiteStore(writer: DatabaseQueue(configuration: configuration))
    }

    private init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try SchemaSnapshot.applyIfEmpty(writer)
        try Self.migrator.migrate(writer)
        migratedOnOpen = Self.migrationNames
    }

    /// Runs `body` on a read-only snapshot. A sum SQLite stops at 64 bits (its `integer overflow`, which only amounts
    /// beyond any real budget in several files can reach) is `AmountsTooLarge.databaseSum`, the error a report's own
    /// addition gives, rather than a bare SQL error.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_ERROR && error.message == "integer overflow"
        {
            throw AmountsTooLarge.databaseSum
        }
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await read { db in try Self.migrator.appliedMigrations(db) }
    }

    // MARK: - Import

    /// Runs `body` in one write transaction with foreign keys not enforced (each caller says why its references are
    /// sound); enforcement is back on when it returns or throws. SQLite runs no cascade meanwhile: a delete of a
    /// row that others refer to goes through `CascadeDelete`.
    func writeUnenforced<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await writer.writeWithoutTransaction { db in
            // A no-op inside a transaction, so this holds only because none is open here.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            let outcome = Result { () throws -> T in
                var value: T?
                try db.inTransaction(.immediate) {
                    value = try body(db)
                    return .commit
                }
                return value!
            }
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            return try outcome.get()
        }
    }

    /// Imports one file in a single write transaction; see `LedgerStore.importFile`.
    public func importFile(
        _ draft: ImportDraft, allocator: Allocator,
        produce: @escaping @Sendable (_ accept: (ClassifiedActivity) throws -> UpsertResult) throws -> ImportFacts
    ) async throws -> ImportOutcome {
        let early = draft.sha256
        if let early,
            let existing = try await read({ db in try Self.run(db, sha256: early, sheet: draft.sheet) })
        {
            return .alreadyImported(existing)
        }
        do {
            return try await importActivities(draft, allocator: allocator, produce: produce)
        } catch let known as AlreadyImported {
            // Found by the SHA-256 computed while reading: rolled back, answered as for any file imported before.
            return .alreadyImported(known.run)
        }
    }

    private func importActivities(
        _ draft: ImportDraft, allocator: Allocator,
        produce: @escaping @Sendable (_ accept: (ClassifiedActivity) throws -> UpsertResult) throws -> ImportFacts
    ) async throws -> ImportOutcome {
        // Foreign keys are not enforced: every row written refers to the run or to a row this transaction has just
        // written (by the id SQLite returned), and a replaced activity goes through `CascadeDelete`, which does what
        // the schema's cascades would. Checking each reference cost 40 ms of a 55 MB file's 0.96 s (medians of 9).
        try await writeUnenforced { db -> ImportOutcome in
            if let early = draft.sha256, let existing = try Self.run(db, sha256: early, sheet: draft.sheet) {
                return .alreadyImported(existing)
            }
            // An IATI import has 64 MB whatever the file size. The page cache, and with it the sorter of the
            // rollup's GROUP BY at the end (SQLite lets a sorter hold as much as the cache before it spills), are
            // held to 2 MB for it: 10 MB less at the peak, and no slower than 12 MB measured on a 55 MB file.
            try db.execute(sql: "PRAGMA cache_size = -2048")
            defer { try? db.execute(sql: "PRAGMA cache_size = \(Self.pageCacheSize)") }
            try Self.recordImportClassification(
                db, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source)
            try db.execute(
                sql: """
                    INSERT INTO import_run (id, source, file_name, sha256, byte_count, sheet, imported_at)
                    VALUES (\(Self.newRunID), ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    draft.source, draft.fileName, draft.sha256 ?? ImportDraft.hashedWhileReading, draft.byteCount,
                    draft.sheet, Self.now(),
                ])
            let runID = db.lastInsertedRowID
            let writer = try LedgerWriter(db)
            let existing = try StoredActivityLookup(db)
            // Planned when an activity is first replaced: reading the schema's references took 0.3 ms of every import.
            var delete: CascadeDelete?
            let search = try NarrativeSearch(db)
            var counts = (new: 0, updated: 0, unchanged: 0, transactions: 0)
            var stale = WarningLog()
            // The activities read but found already stored, whose sums come out of the reader's. Held to a fifth of
            // the reader's groups (4 MB), so that both together stay within the import's memory; past that, the
            // rollup is rebuilt in SQL.
            var unchangedSums = RunRollupSums(maxGroups: 20_000)
            // The money of the activities this file replaces, recorded as they go, to come out of their runs' rows.
            var takeBack: RollupTakeBack?

            let facts = try produce { classified in
                let activity = classified.activity
                // Only stored rows are found, read and deleted: an identifier given twice in a file has its first version
                // stored first. (Any other activity found was stored before this import, or flushed since.)
                if writer.isStaged(activity.identifier) { try writer.flush() }
                let stored = try existing.find(activity.identifier)
                let (outcome, warning) = UpsertResult.decide(activity, stored: stored.map(\.lastUpdated))
                if let warning { stale.add(warning) }
                switch outcome {
                case .unchanged:
                    counts.unchanged += 1
                    unchangedSums.add(classified.allocations, publisher: activity.reportingOrg.ref)
                    return .unchanged
                case .updated:
                    if takeBack == nil { takeBack = try RollupTakeBack(db) }
                    try takeBack?.record(activity: stored!.id)
                    try search.replacing(activity: stored!.id, storedBy: stored!.run, importing: runID)
                    if delete == nil { delete = try CascadeDelete(db, table: "activity", key: "id") }
                    try delete?.run(stored!.id)
                    counts.updated += 1
                case .new:
                    counts.new += 1
                }
                let (activityID, transactionIDs) = try writer.insert(activity, run: runID, search: search)
                search.inserted(activity: activityID)
                writer.insertAllocations(
                    classified.allocations, activity: activityID, transactions: transactionIDs,
                    publisher: activity.reportingOrg.ref)
                try writer.flushIfFull()
                counts.transactions += activity.transactions.count
                return outcome
            }
            try writer.flush()

            try Self.storeLateSHA256(db, draft, facts, run: runID)
            try search.finish(db, run: runID)
            let warnings = facts.warnings + stale.kept
            try Self.recordWarnings(db, run: runID, warnings)
            try db.execute(
                sql: """
                    UPDATE import_run SET publisher = ?, vintage = ?, format_version = ?, imported_at = ?,
                      activities_new = ?, activities_updated = ?, activities_unchanged = ?, transactions = ?, warnings = ?
                    WHERE id = ?
                    """,
                arguments: [
                    facts.publisher, facts.vintage, facts.formatVersion, Self.now(), counts.new, counts.updated,
                    counts.unchanged, counts.transactions, warnings.count + facts.warningsNotKept + stale.notKept,
                    runID,
                ])
            // This run's rows were summed on the way in; the replaced activities' money comes out of older runs'
            // rows (or of this run's, for an activity given twice in the file).
            var rollup = facts.rollup
            rollup?.subtract(unchangedSums)
            if let rollup, rollup.usable {
                try rollup.write(db, run: runID)
                if let takeBack, try !takeBack.apply() { try AllocationRollup.rebuild(db) }
            } else {
                try AllocationRollup.rebuild(db)
            }
            guard let run = try Self.run(db, id: runID) else { throw DatabaseError(message: "import run vanished") }
            return .imported(run)
        }
    }

    // MARK: - Classification

    /// Deletes every allocation and re-derives them from the stored transactions.
    public func reclassify(allocator: Allocator) async throws -> Int {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM allocation")
            try Self.recordClassification(db, allocator: allocator)
            let writer = try LedgerWriter(db)
            var written = 0
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM activity ORDER BY id")
            for id in ids {
                guard let (activity, transactionIDs) = try ActivityLoader.load(db, id: id) else { continue }
                let allocations = allocator.allocations(for: activity)
                writer.insertAllocations(
                    allocations, activity: id, transactions: transactionIDs, publisher: activity.reportingOrg.ref)
                written += allocations.count
                try writer.flushIfFull()
            }
            try writer.flush()
            try AllocationRollup.rebuild(db)
            return written
                + (try Self.reclassifyOfficial(db, classifier: OfficialClassifier(crosswalk: allocator.crosswalk)))
        }
    }

    static func recordClassification(_ db: Database, allocator: Allocator) throws {
        try recordClassification(db, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source)
    }

    /// Refuses an import whose crosswalk is not the one the ledger's stored money was classified with
    /// (`CrosswalkMismatch`), then records it as `recordClassification` does.
    static func recordImportClassification(_ db: Database, crosswalk: Crosswalk, ratesSource: String?) throws {
        if let mismatch = CrosswalkMismatch.between(ledger: try crosswalkLabel(db), crosswalk: crosswalk),
            try Bool.fetchOne(db, sql: CrosswalkMismatch.classifiedMoneySQL) == true
        {
            throw mismatch
        }
        try recordClassification(db, crosswalk: crosswalk, ratesSource: ratesSource)
    }

    /// Records the crosswalk in force (and the rate table, when the caller used one).
    static func recordClassification(_ db: Database, crosswalk: Crosswalk, ratesSource: String?) throws {
        try db.execute(
            sql: """
                INSERT INTO classification (id, crosswalk_id, crosswalk_version, rates_source, applied_at)
                VALUES (1, ?, ?, COALESCE(?, 'none yet'), ?)
                ON CONFLICT (id) DO UPDATE SET crosswalk_id = excluded.crosswalk_id,
                  crosswalk_version = excluded.crosswalk_version,
                  rates_source = COALESCE(?, classification.rates_source), applied_at = excluded.applied_at
                """,
            arguments: [crosswalk.id, crosswalk.version, ratesSource, now(), ratesSource])
    }

    static func crosswalkLabel(_ db: Database) throws -> String? {
        try Row.fetchOne(db, sql: "SELECT crosswalk_id, crosswalk_version FROM classification WHERE id = 1").map {
            "\($0[0] as String) \($0[1] as String)"
        }
    }

    // MARK: - Figures

    /// Sums allocations in SQL by recipient, year, pillar and group.
    public func portfolio(_ query: PortfolioQuery) async throws -> PortfolioFigures {
        try await read { db in
            if query.source != .iati { return try officialPortfolio(db, query) }
            try query.checkIATI()
            let year = query.basis == .usFederal ? "fiscal_year" : "calendar_year"
            let group = query.rollupGroupColumn
            var conditions = ["measure = ?"]
            var arguments: [any DatabaseValueConvertible] = [query.measure.rawValue]
            if query.scope == .security { conditions.append("pillar <> 'out_of_scope'") }
            query.appendFilters(
                to: &conditions, &arguments, recipient: "recipient", year: year, publisher: "publisher_group")
            let filter = conditions.joined(separator: " AND ")
            let cells = try Row.fetchAll(
                db,
                sql: """
                    SELECT recipient, \(year), \(group), pillar, SUM(usd_cents), SUM(allocations),
                      group_concat(DISTINCT run_id)
                    FROM allocation_rollup WHERE \(filter) AND usd_cents IS NOT NULL
                    GROUP BY recipient, \(year), pillar, \(group)
                    ORDER BY recipient, \(year), pillar, \(group)
                    """, arguments: StatementArguments(arguments)
            ).map { row in
                PortfolioCell(
                    country: row[0], year: row[1], group: row[2], pillar: Pillar(rawValue: row[3]), usdCents: row[4],
                    allocations: row[5], runs: Self.runList(row[6]))
            }
            let unconverted = try Row.fetchAll(
                db,
                sql: """
                    SELECT recipient, \(year), \(group), currency, SUM(amount_cents),
                      CASE WHEN currency IS NULL THEN 'no currency' ELSE 'no exchange rate for the year' END,
                      group_concat(DISTINCT run_id)
                    FROM allocation_rollup WHERE \(filter) AND usd_cents IS NULL
                    GROUP BY recipient, \(year), pillar, \(group), currency
                    ORDER BY recipient, \(year), \(group), currency
                    """, arguments: StatementArguments(arguments)
            ).map { row in
                UnconvertedCell(
                    country: row[0], year: row[1], group: row[2], currency: row[3], cents: row[4], reason: row[5],
                    runs: Self.runList(row[6]))
            }
            let runIDs = try Int64.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT run_id FROM allocation_rollup WHERE \(filter) ORDER BY run_id
                    """, arguments: StatementArguments(arguments))
            let sources = try runIDs.compactMap { try Self.run(db, id: $0) }
            return try PortfolioFigures(
                cells: cells, unconverted: unconverted, sources: sources, crosswalk: try Self.crosswalkLabel(db),
                coverage: SourceCoverage.iati
            ).addable()
        }
    }

    /// The run ids of a `group_concat(DISTINCT run_id)`, ascending (SQLite promises no order).
    static func runList(_ text: String?) -> [Int64] {
        (text ?? "").split(separator: ",").compactMap { Int64($0) }.sorted()
    }

    /// The activities with the most in-scope converted money for an IATI or ForeignAssistance.gov query, largest
    /// first (`OfficialPrograms` for the latter); none for the Greenbook, which has no activities.
    public func largestPrograms(_ query: PortfolioQuery, limit: Int, titleLanguage: String) async throws
        -> [ProgramTotal]
    {
        switch query.source {
        case .greenbook: return []
        case .fa: return try await largestOfficialPrograms(query, limit: limit)
        case .iati: break
        }
        return try await read { db in
            let year = query.basis == .usFederal ? "fiscal_year" : "calendar_year"
            var conditions = ["al.measure = ?", "al.pillar <> 'out_of_scope'", "al.usd_cents IS NOT NULL"]
            var arguments: [any DatabaseValueConvertible] = [query.measure.rawValue]
            query.appendFilters(
                to: &conditions, &arguments, recipient: "al.recipient", year: "al.\(year)",
                publisher: "COALESCE(al.publisher, 'none')")
            arguments.append(limit)
            return try Row.fetchAll(
                db,
                sql: """
                    WITH by_pillar AS (
                      SELECT al.activity_id, al.pillar, SUM(al.usd_cents) AS cents FROM allocation al
                      WHERE \(conditions.joined(separator: " AND "))
                      GROUP BY al.activity_id, al.pillar),
                    totals AS (
                      SELECT activity_id, SUM(cents) AS cents,
                        (SELECT b2.pillar FROM by_pillar b2 WHERE b2.activity_id = b.activity_id
                         ORDER BY b2.cents DESC, b2.pillar LIMIT 1) AS main_pillar
                      FROM by_pillar b GROUP BY activity_id)
                    SELECT a.iati_identifier, \(TitleSQL.preferred(activity: "a", language: titleLanguage)),
                      t.cents, t.main_pillar, a.reporting_org_ref
                    FROM totals t JOIN activity a ON a.id = t.activity_id
                    ORDER BY t.cents DESC, a.iati_identifier LIMIT ?
                    """, arguments: StatementArguments(arguments)
            ).map(Self.programTotal)
        }
    }

    /// A program a `largestPrograms` query selects: identifier, title, cents, main pillar and publisher.
    private static func programTotal(_ row: Row) -> ProgramTotal {
        ProgramTotal(
            identifier: row[0], title: row[1], usdCents: row[2], mainPillar: Pillar(rawValue: row[3]) ?? .unclassified,
            publisher: row[4])
    }

    /// `largestPrograms` from ForeignAssistance.gov's detailed rows.
    private func largestOfficialPrograms(_ query: PortfolioQuery, limit: Int) async throws -> [ProgramTotal] {
        try await read { db in
            var conditions = ["o.measure = ?"]
            var arguments: [any DatabaseValueConvertible] = [query.measure.rawValue]
            query.appendFilters(
                to: &conditions, &arguments, recipient: "o.recipient", year: "o.fiscal_year",
                publisher: OfficialPrograms.publisher)
            arguments.append(limit)
            let sql = OfficialPrograms.largestSQL(
                cents: query.constantDollars ? "o.constant_cents" : "o.current_cents", conditions: conditions,
                limit: "?")
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(Self.programTotal)
        }
    }

    /// Per activity with in-scope money for `country`: its committed and disbursed share, first commitment,
    /// indicators, and past indicator periods with and without an actual.
    public func accountability(country: String, asOf: String) async throws -> [ProgramAccountability] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    WITH money AS (
                      SELECT activity_id,
                        COALESCE(SUM(CASE WHEN measure = 'commitment' THEN usd_cents END), 0) AS committed,
                        COALESCE(SUM(CASE WHEN measure = 'disbursement' THEN usd_cents END), 0) AS disbursed
                      FROM allocation
                      WHERE recipient = ?1 AND pillar <> 'out_of_scope' AND usd_cents IS NOT NULL
                      GROUP BY activity_id),
                    monitored AS (\(MonitoringSQL.countsByProgram(country: "?1", asOf: "?2")))
                    SELECT a.iati_identifier, \(TitleSQL.preferred(activity: "a")),
                      m.committed, m.disbursed,
                      (SELECT MIN(COALESCE(t.date, t.value_date)) FROM txn t
                       WHERE t.activity_id = a.id AND t.type IN ('2', 'C')),
                      COALESCE(
                        mo.indicators,
                        (SELECT COUNT(*) FROM indicator i JOIN result r ON r.id = i.result_id WHERE r.activity_id = a.id)),
                      COALESCE(
                        mo.past,
                        (SELECT COUNT(*) FROM indicator_period p JOIN indicator i ON i.id = p.indicator_id
                         JOIN result r ON r.id = i.result_id WHERE r.activity_id = a.id AND p.period_end < ?2)),
                      COALESCE(
                        mo.reported,
                        (SELECT COUNT(*) FROM indicator_period p JOIN indicator i ON i.id = p.indicator_id
                         JOIN result r ON r.id = i.result_id
                         WHERE r.activity_id = a.id AND p.period_end < ?2 AND \(MonitoringSQL.iatiReported(true)))),
                      COALESCE(
                        mo.after_file,
                        (SELECT COUNT(*) FROM indicator_period p JOIN indicator i ON i.id = p.indicator_id
                         JOIN result r ON r.id = i.result_id
                         WHERE r.activity_id = a.id AND p.period_end < ?2 AND \(MonitoringSQL.iatiReported(false))
                           AND p.period_end >= \(MonitoringSQL.fileDate(run: "a.run_id")))),
                      mo.program IS NOT NULL,
                      (SELECT vintage FROM import_run WHERE id = a.run_id), a.run_id
                    FROM money m JOIN activity a ON a.id = m.activity_id
                    LEFT JOIN monitored mo ON mo.program = a.iati_identifier
                    ORDER BY m.committed DESC, a.iati_identifier
                    """, arguments: [country, asOf]
            ).map { row in
                ProgramAccountability(
                    identifier: row[0], title: row[1], committedCents: row[2], disbursedCents: row[3],
                    firstCommitment: row[4], indicators: row[5], pastPeriods: row[6], reportedPeriods: row[7],
                    unreportedAfterFile: row[8], monitored: row[9], vintage: row[10], run: row[11])
            }.addable()
        }
    }

    /// Each activity's in-scope disbursements for `country` with its implementing organisations (role 4).
    public func implementedMoney(country: String) async throws -> [ImplementedMoney] {
        try await read { db in
            let money = try Row.fetchAll(
                db,
                sql: """
                    SELECT m.activity_id, m.cents, a.run_id
                    FROM (SELECT activity_id, SUM(usd_cents) AS cents FROM allocation
                          WHERE recipient = ? AND measure = 'disbursement' AND pillar <> 'out_of_scope'
                            AND usd_cents IS NOT NULL
                          GROUP BY activity_id) m
                    JOIN activity a ON a.id = m.activity_id
                    ORDER BY m.activity_id
                    """, arguments: [country])
            let organisations = try db.makeStatement(
                sql: "SELECT ref, type, names FROM participating_org WHERE activity_id = ? AND role = '4' ORDER BY seq")
            let implemented = try money.map { row in
                let implementers = try Row.fetchAll(organisations, arguments: [row[0] as Int64]).map { org in
                    Implementer(
                        ref: org[0], type: org[1],
                        names: ActivityLoader.narratives(org[2]).map(\.text))
                }
                return ImplementedMoney(cents: row[1], implementers: implementers, run: row[2])
            }
            try checkAddableImplemented(implemented)
            return implemented
        }
    }

    /// Each indicator's latest past period with a target (the first in file order when two end on the same day), for
    /// the activities with in-scope money for `country` that no monitoring file covers there; then the monitoring
    /// files' readings for `country`.
    public func indicatorReadings(country: String, asOf: String) async throws -> [IndicatorReading] {
        try await read { db in
            let iati = try Row.fetchAll(
                db,
                sql: """
                    WITH \(MonitoringSQL.iatiPrograms(country: "?1")),
                    dated AS (
                      SELECT p.indicator_id, p.id, ROW_NUMBER() OVER (
                          PARTITION BY p.indicator_id ORDER BY p.period_end DESC, p.seq) AS newest
                      FROM indicator_period p
                      JOIN indicator i ON i.id = p.indicator_id JOIN result r ON r.id = i.result_id
                      WHERE r.activity_id IN (SELECT activity_id FROM programs) AND p.period_end < ?2
                        AND COALESCE(p.target, '') <> '')
                    SELECT a.iati_identifier, i.titles, i.ascending, i.baseline_value, p.target, p.actual, p.period_end,
                      a.run_id, \(MonitoringSQL.fileDate(run: "a.run_id")), i.measure
                    FROM dated d JOIN indicator_period p ON p.id = d.id
                    JOIN indicator i ON i.id = p.indicator_id JOIN result r ON r.id = i.result_id
                    JOIN activity a ON a.id = r.activity_id
                    WHERE d.newest = 1
                      AND \(MonitoringSQL.notMonitored(country: "?1"))
                    ORDER BY a.iati_identifier, i.id
                    """, arguments: [country, asOf]
            ).map { row in
                IndicatorReading(
                    activity: row[0], title: ActivityLoader.narratives(row[1]).first?.text ?? "",
                    ascending: (row[2] as Int) == 1, baseline: row[3], target: row[4], actual: row[5],
                    periodEnd: row[6], source: .iati, run: row[7], fileDate: row[8], measure: row[9])
            }
            let monitoring = try Row.fetchAll(
                db, sql: MonitoringSQL.readings(country: "?1", asOf: "?2"), arguments: [country, asOf]
            ).map { row in
                IndicatorReading(
                    activity: row[0], title: row[1], ascending: (row[2] as Int) == 1, baseline: row[3], target: row[4],
                    actual: row[5], periodEnd: row[6], source: .monitoring, run: row[7], fileDate: row[8])
            }
            return iati + monitoring
        }
    }

    /// See `LedgerStore.unreportedPeriods`.
    public func unreportedPeriods(country: String, asOf: String) async throws -> [UnreportedPeriod] {
        UnreportedPeriod.longestOverdueFirst(try await endedPeriods(country: country, asOf: asOf, reported: false))
    }

    /// See `LedgerStore.reportedPeriods`.
    public func reportedPeriods(country: String, asOf: String) async throws -> [ReportedPeriod] {
        try await endedPeriods(country: country, asOf: asOf, reported: true).map(ReportedPeriod.init)
    }

    /// The periods of `country`'s programs that ended before `asOf`, with no actual or, when `reported`, with one.
    private func endedPeriods(country: String, asOf: String, reported: Bool) async throws -> [UnreportedPeriod] {
        try await read { db in
            let iati = try Row.fetchAll(
                db, sql: MonitoringSQL.iatiEnded(country: "?1", asOf: "?2", reported: reported),
                arguments: [country, asOf]
            ).map { row in
                UnreportedPeriod(
                    activity: row[0], title: ActivityLoader.narratives(row[1]).first?.text ?? "", periodEnd: row[2],
                    target: row[3], source: .iati, run: row[4], fileDate: row[5])
            }
            let monitoring = try Row.fetchAll(
                db, sql: MonitoringSQL.ended(country: "?1", asOf: "?2", reported: reported),
                arguments: [country, asOf]
            ).map { row in
                UnreportedPeriod(
                    activity: row[0], title: row[1], periodEnd: row[2], target: row[3], source: .monitoring,
                    run: row[4],
                    fileDate: row[5])
            }
            return iati + monitoring
        }
    }

    /// Money by publisher on the purpose codes U.S. publishers fund in `country`, over the years given.
    public func burdenSharing(country: String, measure: Measure, from: Int, to: Int) async throws -> BurdenSharing {
        try await read { db in
            let scope = """
                recipient = ?1 AND measure = ?2 AND pillar <> 'out_of_scope' AND usd_cents IS NOT NULL
                  AND fiscal_year BETWEEN ?3 AND ?4 AND sector_code IS NOT NULL
                """
            let arguments: StatementArguments = [country, measure.rawValue, from, to]
            let us = USGovernmentPublisher.sql("publisher")
            let codes =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COUNT(DISTINCT sector_code) FROM allocation WHERE \(scope) AND \(us)",
                    arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT COALESCE(publisher, 'unknown'), SUM(usd_cents) FROM allocation
                    WHERE \(scope) AND sector_code IN (
                      SELECT DISTINCT sector_code FROM allocation WHERE \(scope) AND \(us))
                    GROUP BY publisher ORDER BY SUM(usd_cents) DESC, publisher
                    """, arguments: arguments)
            return try BurdenSharing(
                fromYear: from, toYear: to, measure: measure,
                byPublisher: rows.map { BurdenSharing.PublisherAmount(publisher: $0[0], cents: $0[1]) },
                purposeCodes: codes
            ).addable()
        }
    }

    // MARK: - Runs

    /// Every import run, oldest first.
    public func runs() async throws -> [ImportRun] {
        try await read { db in try Self.runs(db) }
    }

    /// Every stored run, oldest first.
    static func runs(_ db: Database) throws -> [ImportRun] {
        try Row.fetchAll(db, sql: "SELECT * FROM import_run ORDER BY id").map(run(from:))
    }

    /// See `LedgerStore.publisherNames`.
    public func publisherNames() async throws -> [String: String] {
        try await read { db in
            // SQLite takes the bare column from the row that holds MAX(id): the latest activity's names.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT reporting_org_ref, reporting_org_names, MAX(id) FROM activity
                    WHERE reporting_org_ref IS NOT NULL GROUP BY reporting_org_ref
                    """)
            var names: [String: String] = [:]
            for row in rows {
                if let name = JSONText.preferredName(row[1]) { names[row[0]] = name }
            }
            return names
        }
    }

    /// See `LedgerStore.classificationLabel`.
    public func classificationLabel() async throws -> String? {
        try await read { db in try Self.crosswalkLabel(db) }
    }

    /// See `LedgerStore.fundingAccountNames`.
    public func fundingAccountNames() async throws -> [String: String] {
        try await read { db in
            // The bare column comes from the row that holds MAX(a.id): the latest row's name.
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.funding_account, t.text, MAX(a.id) FROM official_amount a
                    JOIN official_text t ON t.id = a.funding_account_name_id
                    WHERE a.funding_account IS NOT NULL AND a.funding_account <> '' GROUP BY a.funding_account
                    """)
            return Dictionary(rows.map { (row: Row) -> (String, String) in (row[0], row[1]) }) { first, _ in first }
        }
    }

    /// See `LedgerStore.mayHoldFile`.
    public func mayHoldFile(byteCount: Int64) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM import_run WHERE byte_count = ? OR byte_count IS NULL)",
                arguments: [byteCount]) ?? true
        }
    }

    /// The warnings of one run, in file order.
    public func warnings(run: Int64) async throws -> [StoredWarning] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT kind, line, activity, message FROM import_warning WHERE run_id = ? ORDER BY id",
                arguments: [run]
            ).map { StoredWarning(kind: $0[0], line: $0[1], activity: $0[2], message: $0[3]) }
        }
    }

    /// The run of a file's bytes and, for a workbook, of the sheet read (nil for a CSV or XML file). A run that
    /// names no sheet answers for every sheet of its file: it is a CSV or XML file, or a workbook imported before
    /// runs named their sheet, which one is not known.
    static func run(_ db: Database, sha256: String, sheet: String?) throws -> ImportRun? {
        try Row.fetchOne(
            db, sql: "SELECT * FROM import_run WHERE sha256 = ? AND (sheet IS NULL OR sheet = ?) ORDER BY id LIMIT 1",
            arguments: [sha256, sheet]
        ).map(run(from:))
    }

    /// The first run of a file's bytes, whichever sheet it read (a co-signed file has one).
    static func run(_ db: Database, sha256: String) throws -> ImportRun? {
        try Row.fetchOne(db, sql: "SELECT * FROM import_run WHERE sha256 = ? ORDER BY id LIMIT 1", arguments: [sha256])
            .map(run(from:))
    }

    static func run(_ db: Database, id: Int64) throws -> ImportRun? {
        try Row.fetchOne(db, sql: "SELECT * FROM import_run WHERE id = ?", arguments: [id]).map(run(from:))
    }

    static func run(from row: Row) -> ImportRun {
        ImportRun(
            id: row["id"], source: row["source"], fileName: row["file_name"], sha256: row["sha256"],
            publisher: row["publisher"], vintage: row["vintage"], formatVersion: row["format_version"],
            importedAt: row["imported_at"], activitiesNew: row["activities_new"],
            activitiesUpdated: row["activities_updated"], activitiesUnchanged: row["activities_unchanged"],
            transactions: row["transactions"], warnings: row["warnings"], sheet: row["sheet"])
    }

    // MARK: - Explain

    /// An activity with each transaction's parts and rules.
    public func explain(identifier: String) async throws -> ExplainedActivity? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT id, run_id FROM activity WHERE iati_identifier = ?", arguments: [identifier]),
                case (var activity, let transactionIDs)? = try ActivityLoader.load(db, id: row[0]),
                let run = try Self.run(db, id: row[1])
            else { return nil }
            activity.results = try ActivityLoader.results(db, id: row[0])
            activity.budgets = try ActivityLoader.budgets(db, id: row[0])
            var transactions: [ExplainedTransaction] = []
            for (index, transactionID) in transactionIDs.enumerated() {
                let parts = try Row.fetchAll(
                    db, sql: "SELECT * FROM allocation WHERE txn_id = ? ORDER BY part", arguments: [transactionID]
                ).map { Self.allocation(from: $0, index: index) }
                let item = activity.transactions[index]
                transactions.append(
                    ExplainedTransaction(
                        index: index, type: item.type, date: item.date, valueCents: item.valueCents,
                        currency: item.currency, parts: parts))
            }
            return try ExplainedActivity(
                activity: activity, run: run, transactions: transactions, crosswalk: try Self.crosswalkLabel(db)
            ).addable()
        }
    }

    private static func allocation(from row: Row, index: Int) -> Allocation {
        Allocation(
            transactionIndex: index, part: row["part"], measure: Measure(rawValue: row["measure"]) ?? .disbursement,
            fiscalYear: row["fiscal_year"], calendarYear: row["calendar_year"],
            recipient: RecipientShare(
                kind: RecipientKind(rawValue: row["recipient_kind"]) ?? .none, code: row["recipient_code"],
                vocabulary: row["recipient_vocabulary"]),
            sectorVocabulary: row["sector_vocabulary"], sectorCode: row["sector_code"],
            fundingAccount: row["funding_account"], pillar: Pillar(rawValue: row["pillar"]) ?? .outOfScope,
            ruleID: row["rule_id"], amountCents: row["amount_cents"], currency: row["currency"],
            usdCents: row["usd_cents"], rateYear: row["rate_year"],
            flags: Allocation.Flags(rawValue: row["flags"]))
    }

    /// Runs read-only SQL for tests and cross-checks; returns the first column of the first row.
    public func scalar(_ sql: String) async throws -> Int64? {
        try await read { db in try Int64.fetchOne(db, sql: sql) }
    }

    static func now() -> String { Timestamp.now() }
}
