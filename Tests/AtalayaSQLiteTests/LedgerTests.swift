import AtalayaBundledData
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import GRDB
import Synchronization
import Testing

@testable import AtalayaSQLite

/// The allocator with the bundled crosswalk and rates.
func bundledAllocator() throws -> Allocator {
    Allocator(
        crosswalk: try ReferenceData.crosswalk(path: BundledData.crosswalk.path),
        rates: try ReferenceData.exchangeRates(path: BundledData.exchangeRates.path))
}

func usaid(_ name: String) -> String { SharedData.path("iati-activities/usaid-us-gov-1/usaid-\(name).xml") }

/// An independent reading of transaction values: a plain scan of the XML text, no XML parser, no ledger.
enum IndependentScan {
    /// Sum of `<value>` cents by transaction-type code, straight from the file's text.
    static func transactionTotals(_ path: String) throws -> [String: Int64] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var totals: [String: Int64] = [:]
        // Each chunk ends with one transaction's body: its last type code and last <value> are that transaction's.
        for body in text.components(separatedBy: "</transaction>").dropLast() {
            guard let typeStart = body.range(of: "<transaction-type code=\"", options: .backwards),
                let valueTag = body.range(of: "<value", options: .backwards),
                let close = body[valueTag.upperBound...].range(of: ">"),
                let valueEnd = body[close.upperBound...].range(of: "</value>")
            else { continue }
            let type = body[typeStart.upperBound...].prefix { $0 != "\"" }
            let number = body[close.upperBound..<valueEnd.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
            let decimal = Decimal(string: number)! * 100
            totals[String(type), default: 0] += Int64(truncating: NSDecimalNumber(decimal: decimal))
        }
        return totals
    }
}

@Suite("SQLite ledger")
struct LedgerTests {
    /// Runs `body` with a new ledger on `engine` and an importer into it.
    func ledger(_ engine: Engine, _ body: (any TestLedger, IATIImporter) async throws -> Void) async throws {
        try await engine.withLedger { store in
            try await body(store, IATIImporter(store: store, allocator: try bundledAllocator()))
        }
    }

    @Test("upgrading a v12 ledger keeps its runs, and the tables that name them still do (v13 rebuilds import_run)")
    func upgradeFromV12() async throws {
        let old = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(old, upTo: "v12-cosignatures")
        try await old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO import_run (id, source, file_name, sha256, vintage, imported_at, transactions, warnings)
                    VALUES (7, 'monitoring', 'SYNTHETIC-monitoring.csv', ?, '2025-01-01', '2025-01-02T00:00:00Z', 1, 1);
                    INSERT INTO import_warning (run_id, kind, line, message) VALUES (7, 'missing_value', 2, 'SYNTHETIC');
                    """, arguments: [String(repeating: "a", count: 64)])
        }
        let before = try old.read { db in try Row.fetchAll(db, sql: "SELECT * FROM import_run") }
        try SQLiteStore.migrator.migrate(old)
        // The columns v12 had, as they were (v14 adds the sheet, none for a file imported before it).
        let columns = try #require(before.first).columnNames.joined(separator: ", ")
        let after = try old.read { db in try Row.fetchAll(db, sql: "SELECT \(columns) FROM import_run") }
        #expect(after == before)
        let sheets = try await old.read { db in try String?.fetchAll(db, sql: "SELECT sheet FROM import_run") }
        #expect(sheets == [nil])
        try await old.write { db in
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            // The warning's key still names the run: deleting the run takes it (ON DELETE CASCADE).
            try db.execute(sql: "DELETE FROM import_run WHERE id = 7")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_warning") == 0)
            try db.execute(
                sql: """
                    INSERT INTO import_run (id, source, file_name, sha256, imported_at)
                    VALUES (8, 'state-budget', 'STATE budget by country.17.csv', ?, '2026-01-01T00:00:00Z')
                    """, arguments: [String(repeating: "b", count: 64)])
        }
    }

    @Test("a workbook imported before runs named their sheet answers for each of its sheets after v14")
    func workbookRunWithoutSheet() async throws {
        let book = SharedData.path("country-indicators/gitoc-organized-crime-index/global_oc_index.xlsx")
        let path = try Scratch.file("v13.sqlite", contents: Data())
        try FileManager.default.removeItem(atPath: path)
        let old = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(old, upTo: "v13-state-budget")
        try await old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO import_run (id, source, file_name, sha256, vintage, imported_at, transactions)
                    VALUES (3, 'indicators', 'global_oc_index.xlsx', ?, '2023', '2026-11-30T00:00:00Z', 6948)
                    """, arguments: [try FileDigest.sha256(path: book)])
        }
        try old.close()
        let store = try SQLiteStore(path: path)
        // Which sheet run 3 read is not known, so no sheet of the file is imported again.
        for sheet in ["2021_dataset", "2023_dataset"] {
            let outcome = try await SeriesImporter(store: store).importFile(
                path: book, source: .gitoc, edition: nil, sheet: sheet)
            guard case .alreadyImported(let run) = outcome else {
                Issue.record("sheet \(sheet) of a file imported before v14 was imported again")
                continue
            }
            #expect(run.id == 3 && run.sheet == nil)
        }
        #expect(try await store.runs().count == 1)
    }

    @Test("upgrading a v7 ledger keeps every transaction's sectors, recipients and allocations")
    func upgradeFromV7() async throws {
        // A current ledger with USAID's Mexico file, its rows then copied into a ledger migrated only to v7.
        let current = try Scratch.file("current.sqlite", contents: Data())
        try FileManager.default.removeItem(atPath: current)
        let store = try SQLiteStore(path: current)
        _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(path: usaid("mx"))
        let old = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(old, upTo: "v7-leaner-writes")
        let tables = [
            "import_run", "classification", "activity", "txn", "txn_sector", "txn_recipient", "allocation",
        ]
        try await old.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS current", arguments: [current])
            defer { try? db.execute(sql: "DETACH DATABASE current") }
            try db.inTransaction {
                for table in tables {
                    // The columns both have: a later migration adds some (v14, import_run's sheet).
                    let columns = try String.fetchAll(
                        db,
                        sql: """
                            SELECT name FROM pragma_table_info(?1, 'current')
                            WHERE name IN (SELECT name FROM pragma_table_info(?1, 'main'))
                            """, arguments: [table]
                    ).joined(separator: ", ")
                    try db.execute(
                        sql: "INSERT INTO main.\(table) (\(columns)) SELECT \(columns) FROM current.\(table)")
                }
                return .commit
            }
        }
        let hasID = try await old.read { db in
            try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM pragma_table_info('txn_sector') WHERE name = 'id'")
        }
        #expect(hasID == true)
        try SQLiteStore.migrator.migrate(old)

        // The same rows, key for key, and no index or constraint left behind that v8 dropped or rebuilt.
        let contents = [
            "SELECT txn_id, seq, vocabulary, code, percentage_milli, name FROM txn_sector ORDER BY txn_id, seq",
            "SELECT txn_id, seq, kind, code, vocabulary, percentage_milli FROM txn_recipient ORDER BY txn_id, seq",
            "SELECT * FROM allocation ORDER BY id",
        ]
        for sql in contents {
            let (before, after) = try old.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS current", arguments: [current])
                defer { try? db.execute(sql: "DETACH DATABASE current") }
                return (
                    try Row.fetchAll(db, sql: sql.replacingOccurrences(of: "FROM ", with: "FROM current.")),
                    try Row.fetchAll(db, sql: sql)
                )
            }
            #expect(!before.isEmpty)
            #expect(after == before, "\(sql)")
        }
        let schema = try old.read { db in
            (
                try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"),
                try String.fetchOne(db, sql: "PRAGMA integrity_check"),
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT name FROM sqlite_master WHERE tbl_name IN ('allocation', 'txn_sector', 'txn_recipient')
                        ORDER BY name
                        """)
            )
        }
        #expect(schema.0.isEmpty)
        #expect(schema.1 == "ok")
        #expect(
            schema.2 == [
                "allocation", "allocation_activity", "sqlite_autoindex_allocation_1", "txn_recipient", "txn_sector",
            ])
    }

    @Test("replaced activities leave no row behind: the ledger is the one their newer versions alone would make")
    func replacedLeaveNothing() async throws {
        // BCIE's file has results, indicators and periods; USAID's Mexico file, transaction sectors and recipients.
        let originals = [SharedData.path("iati-activities/bcie-xm-dac-46007/bcie.xml"), usaid("mx")]
        let newer = try originals.map { path in
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let dated = text.replacingOccurrences(
                of: #"last-updated-datetime="[^"]*""#, with: #"last-updated-datetime="2099-01-01T00:00:00Z""#,
                options: .regularExpression)
            #expect(dated != text)
            return try Scratch.file("synthetic-newer-" + URL(fileURLWithPath: path).lastPathComponent, dated)
        }
        func ledger(_ files: [String]) async throws -> String {
            let path = try Scratch.file("ledger.sqlite", contents: Data())
            try FileManager.default.removeItem(atPath: path)
            let importer = IATIImporter(store: try SQLiteStore(path: path), allocator: try bundledAllocator())
            for file in files { _ = try await importer.importFile(path: file) }
            return path
        }
        let replaced = try await ledger(originals + newer)
        let fresh = try await ledger(newer)

        let counts = try await DatabaseQueue(path: replaced).writeWithoutTransaction { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                      AND name NOT LIKE 'narrative_search%' AND name NOT IN ('import_run', 'grdb_migrations')
                    ORDER BY name
                    """)
            try db.execute(sql: "ATTACH DATABASE ? AS fresh", arguments: [fresh])
            return try tables.map { table in
                (
                    table, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM main.\(table)")!,
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM fresh.\(table)")!
                )
            }
        }
        #expect(counts.count > 20)
        for (table, left, right) in counts {
            #expect(left == right, "\(table): \(left) rows against \(right)")
        }
        for table in ["txn_sector", "txn_recipient", "indicator_period", "allocation"] {
            #expect(counts.first { $0.0 == table }!.2 > 0, "\(table) is empty: the test would prove nothing")
        }
        let checks = try await DatabaseQueue(path: replaced).write { db in
            try db.execute(sql: "INSERT INTO narrative_search (narrative_search) VALUES ('integrity-check')")
            return (
                try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
                try String.fetchOne(db, sql: "PRAGMA integrity_check")
            )
        }
        #expect(checks.0 == 0)
        #expect(checks.1 == "ok")
    }

    @Test(
        "a new ledger filled without the write-ahead log holds, row for row, what one in WAL mode does, and ends in it")
    func newLedgerWithoutLog() async throws {
        // BCIE's file has results, indicators and periods; USAID's Mexico file, transaction sectors and recipients.
        let files = [SharedData.path("iati-activities/bcie-xm-dac-46007/bcie.xml"), usaid("mx"), usaid("pa")]
        func newPath(_ name: String) throws -> String {
            let path = try Scratch.file(name, contents: Data())
            try FileManager.default.removeItem(atPath: path)
            return path
        }
        func journalMode(_ store: SQLiteStore) async throws -> String? {
            try await store.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        }
        let alone = try newPath("alone.sqlite")
        let logged = try newPath("logged.sqlite")
        let store = try SQLiteStore.creatingNew(path: alone)
        #expect(try await journalMode(store) == "delete")
        for (path, ledger) in [(alone, store), (logged, try SQLiteStore(path: logged))] {
            let importer = IATIImporter(store: ledger, allocator: try bundledAllocator())
            for file in files { _ = try await importer.importFile(path: file) }
            #expect(!FileManager.default.fileExists(atPath: path + "-journal"), "a journal outlived its import")
        }
        try await store.useWriteAheadLog()
        #expect(try await journalMode(store) == "wal")

        // Every table, row for row both ways, but for the times things were done (`imported_at`, `applied_at`).
        let differences = try await DatabaseQueue(path: alone).writeWithoutTransaction { db in
            let tables = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
                      AND name NOT LIKE 'narrative_search_%'
                    ORDER BY name
                    """)
            try db.execute(sql: "ATTACH DATABASE ? AS logged", arguments: [logged])
            return try tables.map { table in
                let columns = try String.fetchAll(
                    db, sql: "SELECT name FROM pragma_table_info(?) WHERE name NOT LIKE '%\\_at' ESCAPE '\\'",
                    arguments: [table]
                ).map { "\"\($0)\"" }.joined(separator: ", ")
                let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM main.\(table)")!
                let apart = try Int.fetchOne(
                    db,
                    sql: """
                        SELECT (SELECT COUNT(*) FROM (SELECT \(columns) FROM main.\(table)
                                EXCEPT SELECT \(columns) FROM logged.\(table)))
                             + (SELECT COUNT(*) FROM (SELECT \(columns) FROM logged.\(table)
                                EXCEPT SELECT \(columns) FROM main.\(table)))
                        """)!
                return (table, rows, apart)
            }
        }
        for table in [
            "import_run", "activity", "narrative", "txn", "txn_sector", "allocation", "indicator_period",
            "allocation_rollup",
        ] {
            let rows = differences.first { $0.0 == table }?.1 ?? 0
            #expect(rows > 0, "\(table) is empty: the test would prove nothing")
        }
        for (table, _, apart) in differences {
            #expect(apart == 0, "\(table): \(apart) rows in one ledger and not the other")
        }
        // Opened again as every ledger is, it reads and searches as the other.
        let reopened = try SQLiteStore(path: alone)
        #expect(try await journalMode(reopened) == "wal")
        let query = PortfolioQuery(measure: .disbursement, scope: .all)
        let figures = try await reopened.portfolio(query)
        let loggedFigures = try await SQLiteStore(path: logged).portfolio(query)
        #expect(!figures.cells.isEmpty)
        #expect(figures.cells == loggedFigures.cells)
        #expect(figures.unconverted == loggedFigures.unconverted)
        let search = try await DatabaseQueue(path: alone).write { db in
            try db.execute(sql: "INSERT INTO narrative_search (narrative_search) VALUES ('integrity-check')")
            return try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM narrative_search WHERE narrative_search MATCH 'justice'")
        }
        #expect((search ?? 0) > 0)
    }

    @Test("preparing SQLite once it is running changes nothing, and says so")
    func prepareLate() throws {
        // Opening a database initialises SQLite; its settings are fixed from then on (the executable prepares first).
        _ = try DatabaseQueue()
        #expect(SQLiteStore.prepareProcess() == false)
        #expect(try DatabaseQueue().read { try Int.fetchOne($0, sql: "SELECT 1") } == 1)
    }

    @Test(
        "a file that is not an Atalaya ledger this version knows is refused and left byte for byte as it was",
        arguments: ["another application's", "not SQLite", "from a newer Atalaya"])
    func foreignFilesRefused(_ kind: String) throws {
        // setup: each kind of file, made as its owner would have left it
        let path = try Scratch.file("synthetic-\(kind.filter(\.isLetter)).sqlite", contents: Data())
        switch kind {
        case "not SQLite":
            try Data("name,amount\nsome spreadsheet,1\n".utf8).write(to: URL(fileURLWithPath: path))
        case "another application's":
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
            }
        default:
            _ = try SQLiteStore(path: path)
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
            }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        // MUT
        let error = #expect(throws: SQLiteStore.OpenError.self) { _ = try SQLiteStore(path: path) }
        // validate: named, said why, and not touched (no tables added, not put in WAL mode)
        let expected = [
            "another application's": "not an Atalaya ledger (it holds notes)", "not SQLite": "not a SQLite database",
            "from a newer Atalaya": "upgraded by a newer Atalaya (migration v99-from-the-future)",
        ]
        #expect(error?.description.contains(try #require(expected[kind])) == true, "\(error?.description ?? "")")
        #expect(error?.description.hasPrefix(path) == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a ledger path that is a folder, or in a folder that is not there, says which")
    func unopenablePaths() throws {
        let folder = (try Scratch.file("synthetic-placeholder", contents: Data()) as NSString).deletingLastPathComponent
        for (path, reason) in [(folder, "it is a folder"), (folder + "/absent/ledger.sqlite", "there is no folder")] {
            let error = #expect(throws: SQLiteStore.OpenError.self) { _ = try SQLiteStore(path: path) }
            #expect(error?.description.contains(reason) == true, "\(error?.description ?? "")")
        }
    }

    @Test("a reference into the deleted tree that does not cascade is refused when the delete is planned")
    func cascadeRefusesOtherActions() throws {
        let db = try DatabaseQueue()
        try db.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE parent (id INTEGER PRIMARY KEY);
                    CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE);
                    CREATE TABLE grandchild (id INTEGER PRIMARY KEY, child_id INTEGER REFERENCES child(id));
                    """)
            #expect(throws: CascadeDelete.Unsupported.self) { try CascadeDelete(db, table: "parent", key: "id") }
            try db.execute(
                sql: """
                    DROP TABLE grandchild;
                    CREATE TABLE grandchild (id INTEGER PRIMARY KEY, child_id INTEGER REFERENCES child(id) ON DELETE CASCADE);
                    INSERT INTO parent VALUES (1), (2);
                    INSERT INTO child VALUES (10, 1), (20, 2);
                    INSERT INTO grandchild VALUES (100, 10), (200, 20);
                    """)
            try CascadeDelete(db, table: "parent", key: "id").run(1)
            #expect(try Int.fetchAll(db, sql: "SELECT id FROM grandchild") == [200])
            #expect(try Int.fetchAll(db, sql: "SELECT id FROM child") == [20])
            #expect(try Int.fetchAll(db, sql: "SELECT id FROM parent") == [2])
        }
    }

    @Test("the schema is built by named, append-only migrations")
    func migrations() async throws {
        try await ledger(.sqlite) { ledger, importer in
            let store = try #require(ledger as? SQLiteStore)
            #expect(
                try await store.appliedMigrations() == [
                    "v1-ledger", "v2-official-figures", "v3-outcome-series", "v4-engagements", "v5-web-rollup-search",
                    "v6-import-run-size", "v7-leaner-writes", "v8-lighter-transactions", "v9-run-removal",
                    "v10-monitoring", "v11-freedom-house", "v12-cosignatures", "v13-state-budget", "v14-run-sheets",
                ])
            #expect(
                SQLiteStore.migrationNames == [
                    "v1-ledger", "v2-official-figures", "v3-outcome-series", "v4-engagements", "v5-web-rollup-search",
                    "v6-import-run-size", "v7-leaner-writes", "v8-lighter-transactions", "v9-run-removal",
                    "v10-monitoring", "v11-freedom-house", "v12-cosignatures", "v13-state-budget", "v14-run-sheets",
                ])
        }
    }

    @Test(
        "Mexico: totals agree three ways — raw XML scan, ledger transactions, and the report with --scope all",
        arguments: Engine.available)
    func crossCheckMexico(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            // setup
            let path = usaid("mx")
            let expected = try IndependentScan.transactionTotals(path)
            // MUT
            let report = try await importer.importFile(path: path)
            // validate
            #expect(report.run.activitiesNew == 289)
            #expect(try await store.scalar("SELECT SUM(value_cents) FROM txn WHERE type = '3'") == expected["3"])
            #expect(try await store.scalar("SELECT SUM(value_cents) FROM txn WHERE type = '2'") == expected["2"])
            for (measure, type) in [(Measure.disbursement, "3"), (.commitment, "2")] {
                let figures = try await store.portfolio(PortfolioQuery(measure: measure, scope: .all))
                let converted = figures.cells.reduce(0) { $0 + $1.usdCents }
                let unconverted = figures.unconverted.reduce(0) { $0 + $1.cents }
                #expect(converted + unconverted == expected[type], "\(measure)")
                // Security cooperation is part of the whole, never more.
                let security = try await store.portfolio(PortfolioQuery(measure: measure, scope: .security))
                #expect(security.cells.reduce(0) { $0 + $1.usdCents } <= converted)
            }
            // Every allocation row keeps its rule id; splits conserve each transaction to the cent.
            #expect(try await store.scalar("SELECT COUNT(*) FROM allocation WHERE rule_id = ''") == 0)
            #expect(
                try await store.scalar(
                    """
                    SELECT COUNT(*) FROM txn t WHERE t.type IN ('2','3','4')
                    AND t.value_cents <> (SELECT SUM(amount_cents) FROM allocation a WHERE a.txn_id = t.id)
                    """) == 0)
        }
    }

    @Test("the same file twice changes nothing", arguments: Engine.available)
    func idempotent(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let first = try await importer.importFile(path: usaid("pa"))
            let count = try await store.scalar("SELECT COUNT(*) FROM allocation")
            let second = try await importer.importFile(path: usaid("pa"))
            #expect(!first.alreadyImported && second.alreadyImported)
            #expect(second.run.id == first.run.id)
            #expect(try await store.runs().count == 1)
            #expect(try await store.scalar("SELECT COUNT(*) FROM allocation") == count)
        }
    }

    @Test(
        "a file of a size no run has is hashed while read; the same bytes found that way are rolled back",
        arguments: Engine.available)
    func hashedWhileReading(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let path = usaid("pa")
            let size = try FileDigest.byteCount(path: path)
            #expect(try await !store.mayHoldFile(byteCount: size))
            let first = try await importer.importFile(path: path)
            #expect(first.run.sha256 == (try FileDigest.sha256(path: path)))
            #expect(try await store.scalar("SELECT byte_count FROM import_run") == size)
            let allocations = try await store.scalar("SELECT COUNT(*) FROM allocation")

            // Were the stored size another, the same bytes are still found, by the hash computed while reading:
            // the import rolls back and answers with the stored run.
            try await store.execute("UPDATE import_run SET byte_count = 1")
            #expect(try await !store.mayHoldFile(byteCount: size))
            let again = try await importer.importFile(path: path)
            #expect(again.alreadyImported)
            #expect(again.run.id == first.run.id)
            #expect(try await store.runs().count == 1)
            #expect(try await store.scalar("SELECT COUNT(*) FROM allocation") == allocations)
            #expect(try await store.scalar("SELECT COUNT(*) FROM import_run WHERE sha256 LIKE '-%'") == 0)
        }
    }

    @Test("a newer version of an activity replaces the older; an older one is kept out", arguments: Engine.available)
    func newerReplaces(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let original = try String(contentsOfFile: usaid("uy"), encoding: .utf8)
            let newer = original.replacingOccurrences(
                of: "last-updated-datetime=\"2025-04-03T20:52:13.509Z\"",
                with: "last-updated-datetime=\"2026-01-01T00:00:00Z\""
            )
            .replacingOccurrences(of: "<iati-activity ", with: "<iati-activity data-note=\"synthetic newer copy\" ")
            #expect(newer != original)
            let older = original.replacingOccurrences(
                of: "last-updated-datetime=\"2025-04-03T20:52:13.509Z\"",
                with: "last-updated-datetime=\"2020-01-01T00:00:00Z\"")
            _ = try await importer.importFile(path: usaid("uy"))
            let updated = try await importer.importFile(path: try Scratch.file("synthetic-usaid-uy-newer.xml", newer))
            #expect(updated.run.activitiesUpdated == 1 && updated.run.activitiesNew == 0)
            let stale = try await importer.importFile(path: try Scratch.file("synthetic-usaid-uy-older.xml", older))
            #expect(stale.run.activitiesUnchanged == 1)
            #expect(stale.warningsByKind["stale_activity"] == 1)
            #expect(try await store.scalar("SELECT COUNT(*) FROM activity") == 1)
            #expect(try await store.scalar("SELECT run_id FROM activity") == updated.run.id)
        }
    }

    @Test(
        "an identifier twice in one file: the later copy replaces the earlier only when newer, as the warning says",
        arguments: Engine.available)
    func duplicateInFile(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            func copy(_ title: String, updated: String, value: String) -> String {
                """
                <iati-activity last-updated-datetime="\(updated)" default-currency="USD">
                <iati-identifier>TEST-SYNTHETIC-TWICE</iati-identifier>
                <reporting-org ref="US-GOV-1"><narrative>X</narrative></reporting-org>
                <title><narrative>\(title)</narrative></title><recipient-country code="MX"/><sector code="15130"/>
                <transaction><transaction-type code="3"/><transaction-date iso-date="2024-01-15"/>
                <value value-date="2024-01-15">\(value)</value></transaction></iati-activity>
                """
            }
            func file(_ name: String, _ copies: String...) throws -> String {
                try Scratch.file(name, "<iati-activities version=\"2.03\">" + copies.joined() + "</iati-activities>")
            }
            let same = try await importer.importFile(
                path: try file(
                    "synthetic-twice-same-date.xml", copy("First", updated: "2024-01-01T00:00:00", value: "100.00"),
                    copy("Second", updated: "2024-01-01T00:00:00", value: "999.00")))
            #expect(same.warningsByKind["duplicate_identifier"] == 1)
            #expect(same.run.activitiesNew == 1 && same.run.activitiesUnchanged == 1)
            #expect(try await store.scalar("SELECT value_cents FROM txn") == 10_000)
            let warning = try #require(try await store.warnings(run: same.run.id).first)
            #expect(warning.message.contains("only if its last-updated-datetime is later or missing"))
            let newer = try await importer.importFile(
                path: try file(
                    "synthetic-twice-newer.xml", copy("Third", updated: "2024-02-01T00:00:00", value: "5.00"),
                    copy("Fourth", updated: "2024-03-01T00:00:00", value: "7.00")))
            #expect(newer.run.activitiesUpdated == 2)
            #expect(try await store.scalar("SELECT value_cents FROM txn") == 700)
            #expect(
                try await store.scalar("SELECT SUM(allocations) FROM allocation_rollup")
                    == (try await store.scalar("SELECT COUNT(*) FROM allocation")))
            #expect(try await Self.rollupRowsOutOfStep(store) == 0)
        }
    }

    /// How many rollup rows differ from those a GROUP BY over the stored allocations gives (either way), written
    /// here apart from the ledgers' own code.
    static func rollupRowsOutOfStep(_ store: any TestLedger) async throws -> Int64? {
        let stored = """
            SELECT run_id, measure, recipient, fiscal_year, calendar_year, pillar, sector_group, account_group,
              publisher_group, currency, usd_cents, amount_cents, allocations FROM allocation_rollup
            """
        let summed = """
            SELECT a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
              COALESCE(al.sector_code, 'none'), COALESCE(al.funding_account, 'none'), COALESCE(al.publisher, 'none'),
              al.currency, SUM(al.usd_cents), SUM(al.amount_cents), COUNT(*)
            FROM allocation al JOIN activity a ON a.id = al.activity_id
            GROUP BY a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar, al.sector_code,
              al.funding_account, al.publisher, al.currency, al.usd_cents IS NULL
            """
        return try await store.scalar(
            """
            SELECT (SELECT COUNT(*) FROM (\(stored) EXCEPT \(summed)) AS d)
              + (SELECT COUNT(*) FROM (\(summed) EXCEPT \(stored)) AS d)
              + ABS((SELECT COUNT(*) FROM allocation_rollup) - (SELECT COUNT(*) FROM (\(summed)) AS d))
            """)
    }

    @Test(
        "newer files take their replaced activities' money out of the older runs' rollup rows, as a rebuild would",
        arguments: Engine.available)
    func rollupAfterNewerFiles(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let mexicoRun = try await importer.importFile(path: usaid("mx")).run.id
            let salvadorRun = try await importer.importFile(path: usaid("sv")).run.id
            #expect(try await Self.rollupRowsOutOfStep(store) == 0)
            let before = try await Self.total(store)
            // Rows no newer file touches keep their ids: the rollup was brought up to date, not rebuilt.
            let salvadorRows = "SELECT SUM(id) FROM allocation_rollup WHERE run_id = \(salvadorRun)"
            let salvadorIDs = try await store.scalar(salvadorRows)
            // Every Mexico activity again, newer: each Mexico group leaves its run for the new one.
            let mexico = try String(contentsOfFile: usaid("mx"), encoding: .utf8)
            let newer = mexico.replacingOccurrences(
                of: "last-updated-datetime=\"2025-04-03T20:52:13.509Z\"",
                with: "last-updated-datetime=\"2026-01-01T00:00:00Z\"")
            let replaced = try await importer.importFile(path: try Scratch.file("synthetic-usaid-mx-newer.xml", newer))
            #expect(replaced.run.activitiesUpdated == 289 && replaced.run.activitiesNew == 0)
            #expect(try await Self.rollupRowsOutOfStep(store) == 0)
            #expect(try await Self.total(store) == before)
            #expect(try await store.scalar("SELECT COUNT(*) FROM allocation_rollup WHERE run_id = \(mexicoRun)") == 0)
            #expect(try await store.scalar(salvadorRows) == salvadorIDs)
            // One El Salvador activity newer, with other money: one that shares a rollup row with another activity,
            // so that the row keeps the other's money (an update, where a row whose money all goes is a delete).
            let shared = try #require(
                try await store.scalar(
                    """
                    SELECT MIN(al.activity_id) FROM allocation al JOIN activity a ON a.id = al.activity_id
                    WHERE a.run_id = \(salvadorRun) AND EXISTS (
                      SELECT 1 FROM allocation o JOIN activity b ON b.id = o.activity_id
                      WHERE b.run_id = a.run_id AND o.activity_id <> al.activity_id AND o.measure = al.measure
                        AND o.recipient = al.recipient AND o.pillar = al.pillar
                        AND COALESCE(o.fiscal_year, 0) = COALESCE(al.fiscal_year, 0)
                        AND COALESCE(o.calendar_year, 0) = COALESCE(al.calendar_year, 0)
                        AND COALESCE(o.sector_code, '') = COALESCE(al.sector_code, '')
                        AND COALESCE(o.funding_account, '') = COALESCE(al.funding_account, '')
                        AND COALESCE(o.currency, '') = COALESCE(al.currency, '')
                        AND (o.usd_cents IS NULL) = (al.usd_cents IS NULL))
                    """))
            // Activities are stored in file order, so the one chosen is the file's n-th.
            let position = try #require(
                try await store.scalar(
                    "SELECT COUNT(*) FROM activity WHERE run_id = \(salvadorRun) AND id < \(shared)"))
            let salvador = try String(contentsOfFile: usaid("sv"), encoding: .utf8)
            let identifier = try #require(
                salvador.ranges(of: "<iati-identifier>").dropFirst(Int(position)).first.map { start in
                    salvador[start.upperBound...].prefix { $0 != "<" }
                })
            let sharedRows = "SELECT COUNT(*) FROM allocation_rollup WHERE run_id = \(salvadorRun)"
            let single = try await importer.importFile(
                path: try Scratch.file(
                    "synthetic-usaid-sv-one-newer.xml",
                    syntheticNewerActivityFile(identifier: identifier, country: "SV")))
            #expect(single.run.activitiesUpdated == 1)
            #expect(try await Self.rollupRowsOutOfStep(store) == 0)
            #expect(
                try await store.scalar(
                    "SELECT COUNT(*) FROM activity WHERE iati_identifier = '\(identifier)' AND id <> \(shared)") == 1)
            #expect(try await store.scalar(sharedRows) ?? 0 > 0)
            #expect(try await Self.total(store) != before)
        }
    }

    /// Every imported disbursement, in scope or not.
    static func total(_ store: any TestLedger) async throws -> Cents {
        try await store.portfolio(PortfolioQuery(scope: .all)).cells.reduce(0) { $0 + $1.usdCents }
    }

    @Test("a reader during an import sees the ledger before it or after it, never half", arguments: Engine.available)
    func readerDuringImport(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: usaid("mx"))
            let before = try await Self.total(store)
            let done = DoneFlag()
            let seen = try await withThrowingTaskGroup(of: [Cents].self) { group in
                group.addTask {
                    _ = try await importer.importFile(path: usaid("sv"))
                    done.value.withLock { $0 = true }
                    return []
                }
                group.addTask {
                    var seen: [Cents] = []
                    repeat {
                        seen.append(try await Self.total(store))
                    } while !done.value.withLock { $0 }
                    return seen
                }
                return try await group.reduce([], +)
            }
            let after = try await Self.total(store)
            #expect(after > before)
            #expect(!seen.isEmpty)
            #expect(seen.allSatisfy { $0 == before || $0 == after }, "\(Set(seen))")
        }
    }

    @Test("a bad file writes nothing, even after good activities were read", arguments: Engine.available)
    func atomic(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            // setup: a real file cut off in the middle of its last activity
            let original = try Data(contentsOf: URL(fileURLWithPath: usaid("cl")))
            let cut = try Scratch.file(
                "synthetic-usaid-cl-truncated.xml", contents: original.prefix(original.count - 500))
            // MUT
            await #expect(throws: IngestError.self) { _ = try await importer.importFile(path: cut) }
            // validate
            #expect(try await store.runs().isEmpty)
            #expect(try await store.scalar("SELECT COUNT(*) FROM activity") == 0)
            #expect(try await store.scalar("SELECT COUNT(*) FROM allocation") == 0)
        }
    }

    @Test("a file that is not there, or a folder, is named with the system's reason, and writes nothing")
    func missingFile() async throws {
        try await ledger(.sqlite) { store, importer in
            // setup: a path in a scratch folder that holds no such file
            let path = try Scratch.file("synthetic-present.xml", contents: Data()) + ".absent"
            // MUT
            let error = await #expect(throws: IngestError.self) { _ = try await importer.importFile(path: path) }
            // validate: the path and the reason, not a guess at what failed
            #expect(error?.description.contains(path) == true)
            #expect(error?.description.contains("No such file or directory") == true)
            #expect(throws: IngestError.self) { _ = try FileDigest.sha256(path: path) }
            let folder = #expect(throws: IngestError.self) { _ = try FileDigest.sha256(path: NSTemporaryDirectory()) }
            #expect(folder?.message == "cannot read: Is a directory")
            #expect(try await store.runs().isEmpty)
            // The reference files a user may pass (--crosswalk, --exchange-rates): missing, and a folder.
            for (file, reason) in [(path, "No such file or directory"), (NSTemporaryDirectory(), "Is a directory")] {
                for read in [
                    { _ = try ReferenceData.crosswalk(path: $0) }, { _ = try ReferenceData.exchangeRates(path: $0) },
                ] as [(String) throws -> Void] {
                    let refused = #expect(throws: IngestError.self) { try read(file) }
                    #expect(refused?.message.hasSuffix(reason) == true, "\(refused?.description ?? "")")
                }
            }
        }
    }

    @Test("results, indicators and periods are kept (World Bank El Salvador)", arguments: Engine.available)
    func results(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let report = try await importer.importFile(
                path: SharedData.path("iati-activities/worldbank-44000/worldbank-sv.xml"))
            #expect(report.run.activitiesNew == 13 && report.run.publisher == "44000")
            #expect(try await store.scalar("SELECT COUNT(*) FROM indicator") == 251)
            #expect(try await store.scalar("SELECT COUNT(*) FROM indicator_period WHERE target IS NOT NULL") ?? 0 > 0)
            #expect(try await store.scalar("SELECT COUNT(*) FROM budget") == 2110)
        }
    }

    @Test("non-ISO recipient codes are kept under code:CODE and flagged", arguments: Engine.available)
    func nonISO(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: usaid("caribbean"))
            let figures = try await store.portfolio(PortfolioQuery(scope: .all))
            #expect(figures.cells.contains { $0.country.hasPrefix("code:") })
            #expect(
                try await store.scalar(
                    "SELECT COUNT(*) FROM allocation WHERE recipient_kind = 'non_iso_country' AND flags & 4 = 0") == 0)
        }
    }

    @Test(
        "classify re-applies a changed crosswalk without re-import; explain names the rule", arguments: Engine.available
    )
    func reclassify(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: usaid("pa"))
            let before = try await store.portfolio(PortfolioQuery(measure: .commitment))
            #expect(before.cells.contains { $0.pillar == .governance })
            // A user's crosswalk that moves DAC 15110 to justice.
            var crosswalk = try bundledAllocator().crosswalk
            crosswalk.version = "test-synthetic"
            crosswalk.rules.insert(Crosswalk.Rule(id: "user-15110-justice", pillar: .justice, dac: ["15110"]), at: 0)
            let totalsBefore = try await ClassificationShift.gather(store)
            let written = try await store.reclassify(
                allocator: Allocator(crosswalk: crosswalk, rates: try bundledAllocator().rates))
            #expect(written > 0)
            // What moved: governance's DAC 15110 money to justice, measure by measure, as the moved parts add up.
            let after = try await ClassificationShift.gather(store)
            let shift = ClassificationShift(
                before: totalsBefore.totals, after: after.totals, crosswalkBefore: totalsBefore.crosswalk,
                crosswalkAfter: after.crosswalk)
            #expect(shift.crosswalkBefore == "atalaya-pillars 1.3.0")
            #expect(shift.crosswalkAfter == "atalaya-pillars test-synthetic")
            #expect(!shift.lines.isEmpty && shift.lines.allSatisfy { $0.key.source == "iati" })
            for measure in Set(shift.lines.map(\.key.measure)) {
                let lines = shift.lines.filter { $0.key.measure == measure }
                let moved =
                    try await store.scalar(
                        "SELECT SUM(usd_cents) FROM allocation WHERE rule_id = 'user-15110-justice' "
                            + "AND measure = '\(measure)'") ?? 0
                #expect(moved != 0)
                #expect(lines.map(\.key.pillar) == ["justice", "governance"], "\(measure)")
                #expect(lines.map { $0.after - $0.before } == [moved, -moved], "\(measure)")
                let printed = shift.table().split(separator: "\n").filter { $0.hasPrefix("iati ") }
                let justice = printed.filter { $0.contains(" \(measure) ") && $0.contains(" justice ") }
                // The change is signed: a de-obligation moves a negative amount.
                let change = (moved > 0 ? "+" : "") + DecimalText.formatWhole(moved)
                #expect(justice.count == 1 && justice.first?.hasSuffix("  " + change) == true, "\(justice)")
            }
            #expect(
                shift.table().hasPrefix(
                    "Crosswalk: atalaya-pillars 1.3.0 → atalaya-pillars test-synthetic. What moved, every fiscal year "
                        + "and recipient, current dollars"))
            #expect(
                try await store.scalar("SELECT COUNT(*) FROM allocation WHERE rule_id = 'user-15110-justice'") ?? 0 > 0)
            let explained = try #require(try await store.explain(identifier: "US-GOV-1-525-DFD-I-03-03-00139-00"))
            let part = try #require(explained.transactions.first?.parts.first)
            #expect(part.ruleID == "user-15110-justice" && part.pillar == .justice && part.recipient.code == "PA")
            #expect(explained.crosswalk == "atalaya-pillars test-synthetic")
            #expect(try await store.classificationLabel() == "atalaya-pillars test-synthetic")
            #expect(explained.run.fileName == "usaid-pa.xml")
        }
    }

    @Test(
        "an import with another crosswalk than the stored money's is refused, changing nothing, until classify applies it",
        arguments: Engine.available)
    func crosswalkMismatch(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: usaid("pa"))
            var other = try bundledAllocator().crosswalk
            other.version = "1.3.0-test-synthetic"
            let otherImporter = IATIImporter(
                store: store, allocator: Allocator(crosswalk: other, rates: try bundledAllocator().rates))
            let official = OfficialImporter(store: store, classifier: OfficialClassifier(crosswalk: other))
            let fa = try #require(BundledData.demoForeignAssistance.first).path
            let counts = "SELECT (SELECT COUNT(*) FROM import_run) * 1000000 + (SELECT COUNT(*) FROM allocation)"
            let before = try await store.scalar(counts)
            let refused = await #expect(throws: CrosswalkMismatch.self) {
                _ = try await otherImporter.importFile(path: usaid("cr"))
            }
            #expect(
                refused?.ledger == "atalaya-pillars 1.3.0"
                    && refused?.importing == "atalaya-pillars 1.3.0-test-synthetic")
            #expect(refused?.description.contains("Run `atalaya classify` with the crosswalk to use") == true)
            await #expect(throws: CrosswalkMismatch.self) {
                _ = try await official.importFile(
                    path: fa, source: .fa, vintage: BundledData.demoForeignAssistanceVintage)
            }
            #expect(try await store.scalar(counts) == before)
            #expect(try await store.classificationLabel() == "atalaya-pillars 1.3.0")
            // A file imported before is still answered as such: it classifies nothing.
            #expect(try await otherImporter.importFile(path: usaid("pa")).alreadyImported)
            // Once classify has applied the other crosswalk to what is stored, its imports go in.
            _ = try await store.reclassify(allocator: Allocator(crosswalk: other, rates: try bundledAllocator().rates))
            _ = try await otherImporter.importFile(path: usaid("cr"))
            _ = try await official.importFile(path: fa, source: .fa, vintage: BundledData.demoForeignAssistanceVintage)
            #expect(try await store.classificationLabel() == "atalaya-pillars 1.3.0-test-synthetic")
            // And the bundled one is refused in turn.
            await #expect(throws: CrosswalkMismatch.self) { _ = try await importer.importFile(path: usaid("cl")) }
        }
    }

    /// What moves when the bundled crosswalk without `rule` is applied to `store`: `classify`'s table, as lines.
    func shiftWithout(_ rule: String, in store: any TestLedger) async throws -> ClassificationShift {
        var without = try bundledAllocator().crosswalk
        without.version += "-without-\(rule)"
        without.rules.removeAll { $0.id == rule }
        let before = try await ClassificationShift.gather(store)
        _ = try await store.reclassify(allocator: Allocator(crosswalk: without, rates: try bundledAllocator().rates))
        let after = try await ClassificationShift.gather(store)
        return ClassificationShift(
            before: before.totals, after: after.totals, crosswalkBefore: before.crosswalk,
            crosswalkAfter: after.crosswalk)
    }

    @Test(
        "the title rule moves Mexico's four violence-prevention programs from governance to prevention, and only them",
        arguments: Engine.available)
    func violencePreventionTitles(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: usaid("mx"))
            let rule = "kw-prevention-in-governance"
            // The known answer, computed apart: a Python script folded every title of usaid-mx.xml (unicodedata,
            // lower case, no accents) and summed, in a ledger classified with crosswalk 1.1.0, the governance parts
            // of the activities whose titles hold one of the rule's phrases.
            let moved = [
                "US-GOV-1-72052320C00003", "US-GOV-1-AID-523-C-15-00001", "US-GOV-1-AID-523-C-15-00002",
                "US-GOV-1-AID-523-TO-12-00001",
            ]
            #expect(
                try await store.scalar("SELECT COUNT(DISTINCT activity_id) FROM allocation WHERE rule_id = '\(rule)'")
                    == 4)
            for identifier in moved {
                let parts = try await store.scalar(
                    "SELECT COUNT(*) FROM allocation l JOIN activity a ON a.id = l.activity_id "
                        + "WHERE l.rule_id = '\(rule)' AND a.iati_identifier = '\(identifier)'")
                #expect(parts ?? 0 > 0, "\(identifier)")
            }
            for (measure, parts, cents): (String, Int64, Int64) in [
                ("commitment", 21, 5_436_689_500), ("disbursement", 85, 6_251_878_500),
            ] {
                let sql =
                    "FROM allocation WHERE rule_id = '\(rule)' AND measure = '\(measure)' AND pillar = 'prevention'"
                #expect(try await store.scalar("SELECT COUNT(*) " + sql) == parts, "\(measure)")
                #expect(try await store.scalar("SELECT SUM(usd_cents) " + sql) == cents, "\(measure)")
            }
            // A program that mentions violence prevention in its description only stays on governance.
            let defenders = try #require(try await store.explain(identifier: "US-GOV-1-72052321C00002"))
            #expect(defenders.transactions.flatMap(\.parts).allSatisfy { $0.ruleID == "dac-governance" })
            // Without the rule (crosswalk 1.1's rules), the same parts go back to governance, and nothing else moves.
            let shift = try await shiftWithout(rule, in: store)
            #expect(shift.crosswalkBefore == "atalaya-pillars 1.3.0")
            let lines = shift.lines.map { "\($0.key.measure) \($0.key.pillar) \($0.after - $0.before)" }.sorted()
            #expect(
                lines == [
                    "commitment governance 5436689500", "commitment prevention -5436689500",
                    "disbursement governance 6251878500", "disbursement prevention -6251878500",
                ])
        }
    }

    @Test(
        "the title rule moves the CVPP and a regional crime-prevention program from security system reform to prevention",
        arguments: Engine.available)
    func violencePreventionTitlesUnderSecuritySystemReform(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: usaid("sv"))
            _ = try await importer.importFile(path: usaid("498"))
            let official = OfficialImporter(
                store: store, classifier: OfficialClassifier(crosswalk: try bundledAllocator().crosswalk))
            let fa = try #require(BundledData.demoForeignAssistance.first { $0.path.contains("El_Salvador") }).path
            _ = try await official.importFile(path: fa, source: .fa, vintage: BundledData.demoForeignAssistanceVintage)
            let rule = "kw-prevention-in-ssr"
            // The known answer, computed apart: a Python script folded every title (unicodedata, lower case, no
            // accents, words) of the demo ledger classified with crosswalk 1.2.0 and summed the `dac-police-ssr`
            // parts coded 15210 whose activity's titles, or ForeignAssistance.gov activity name, hold one of the
            // rule's phrases: two IATI programs and one ForeignAssistance.gov activity, the CVPP in both.
            for (identifier, measure, parts, cents): (String, String, Int64, Int64) in [
                ("US-GOV-1-AID-519-C-13-00002", "commitment", 14, 3_304_140_900),
                ("US-GOV-1-AID-519-C-13-00002", "disbursement", 54, 3_281_371_200),
                ("US-GOV-1-AID-RLA-A-00-09-00050", "commitment", 10, 338_673_800),
                ("US-GOV-1-AID-RLA-A-00-09-00050", "disbursement", 30, 353_651_900),
            ] {
                let sql =
                    "FROM allocation l JOIN activity a ON a.id = l.activity_id WHERE l.rule_id = '\(rule)' "
                    + "AND l.measure = '\(measure)' AND l.pillar = 'prevention' AND l.sector_code = '15210' "
                    + "AND a.iati_identifier = '\(identifier)'"
                #expect(try await store.scalar("SELECT COUNT(*) " + sql) == parts, "\(identifier) \(measure)")
                #expect(try await store.scalar("SELECT SUM(l.usd_cents) " + sql) == cents, "\(identifier) \(measure)")
            }
            #expect(
                try await store.scalar("SELECT COUNT(DISTINCT activity_id) FROM allocation WHERE rule_id = '\(rule)'")
                    == 2)
            let faSQL =
                "FROM official_amount WHERE rule_id = '\(rule)' AND measure = 'obligation' AND pillar = 'prevention'"
            #expect(try await store.scalar("SELECT COUNT(*) " + faSQL) == 9)
            #expect(try await store.scalar("SELECT SUM(current_cents) " + faSQL) == 3_304_141_100)
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_amount WHERE rule_id = '\(rule)'") == 9)
            // The CVPP's governance-coded parts were on prevention already (1.2.0's rule): one program, one pillar.
            let cvpp = try #require(try await store.explain(identifier: "US-GOV-1-AID-519-C-13-00002"))
            #expect(cvpp.transactions.flatMap(\.parts).allSatisfy { $0.pillar == .prevention })
            // Without the rule (crosswalk 1.2's rules), the same amounts go back to law enforcement, and nothing else
            // moves.
            let shift = try await shiftWithout(rule, in: store)
            #expect(shift.crosswalkBefore == "atalaya-pillars 1.3.0")
            let lines = shift.lines.map {
                "\($0.key.source) \($0.key.measure) \($0.key.pillar) \($0.after - $0.before)"
            }.sorted()
            #expect(
                lines == [
                    "fa obligation law_enforcement 3304141100", "fa obligation prevention -3304141100",
                    "iati commitment law_enforcement 3642814700", "iati commitment prevention -3642814700",
                    "iati disbursement law_enforcement 3635023100", "iati disbursement prevention -3635023100",
                ])
        }
    }

    @Test(
        "lists and the largest programs show each title in the language asked for when the file gives one, else English",
        arguments: Engine.available)
    func titleLanguages(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: usaid("mx"))
            func titles(_ language: String) async throws -> [String: String] {
                let query = ActivityQuery(country: "MX", limit: 500, titleLanguage: language)
                return Dictionary(
                    uniqueKeysWithValues: try await store.activities(query).items.map { ($0.identifier, $0.title) })
            }
            let english = try await titles("en")
            let spanish = try await titles("es")
            let projust = "US-GOV-1-AID-523-C-14-00003"
            #expect(english[projust] == "(PROJUST) Mexico Promoting Justice Reform / Promoviendo la Justicia")
            #expect(
                spanish[projust] == "(PROJUST) México Promoviendo la Reforma de la Justicia / Promoviendo la Justicia")
            // The one activity of the file whose title is in English only keeps it in a Spanish list.
            #expect(english["US-GOV-1-72052325CA00002"] == "Good Governance")
            #expect(spanish["US-GOV-1-72052325CA00002"] == "Good Governance")
            let translated = english.keys.filter { english[$0] != spanish[$0] }.count
            #expect(english.count > 200 && translated > english.count * 9 / 10, "\(translated) of \(english.count)")
            // What is not a language code is English: never written into the SQL as given.
            #expect(try await titles("es' OR 1 --") == english)
            #expect(try await titles("ES") == english)
            // The largest programs (the brief's and the country page's), in Spanish.
            let query = PortfolioQuery(measure: .disbursement, countries: ["MX"], source: .iati)
            let largest = try await store.largestPrograms(query, limit: 5, titleLanguage: "es")
            let inEnglish = try await store.largestPrograms(query, limit: 5)
            let expectedSpanish = largest.map { spanish[$0.identifier] ?? "?" }
            let expectedEnglish = largest.map { english[$0.identifier] ?? "?" }
            #expect(largest.count == 5 && largest.map(\.title) == expectedSpanish)
            #expect(inEnglish.map(\.identifier) == largest.map(\.identifier))
            #expect(inEnglish.map(\.title) == expectedEnglish && expectedEnglish != expectedSpanish)
            // The program page reads the stored activity (`Activity.title(preferring:)`) and picks the same title.
            for identifier in english.keys.sorted().prefix(25) {
                let activity = try #require(try await store.explain(identifier: identifier)).activity
                #expect(activity.title(preferring: "es") == spanish[identifier], "\(identifier)")
                #expect(activity.title(preferring: "en") == english[identifier], "\(identifier)")
            }
            // A title that names no language is in the activity's default one (a SYNTHETIC activity in Spanish by
            // default, with an English title beside it).
            let file = """
                <iati-activities version="2.03"><iati-activity xml:lang="es" last-updated-datetime="2025-07-01T00:00:00"
                  default-currency="USD"><iati-identifier>SYNTHETIC-LANG-1</iati-identifier>
                <reporting-org ref="US-GOV-1"><narrative>X</narrative></reporting-org>
                <title><narrative xml:lang="en">Local justice</narrative><narrative>Justicia local</narrative></title>
                <recipient-country code="MX"/><sector code="15130"/><transaction><transaction-type code="3"/>
                <transaction-date iso-date="2024-01-15"/><value value-date="2024-01-15">1000.00</value></transaction>
                </iati-activity></iati-activities>
                """
            _ = try await importer.importFile(path: try Scratch.file("SYNTHETIC-default-language.xml", file))
            #expect(try await titles("es")["SYNTHETIC-LANG-1"] == "Justicia local")
            #expect(try await titles("en")["SYNTHETIC-LANG-1"] == "Local justice")
            let stored = try #require(try await store.explain(identifier: "SYNTHETIC-LANG-1")).activity
            #expect(stored.title(preferring: "es") == "Justicia local" && stored.title() == "Local justice")
        }
    }

    @Test(
        "explain adds its parts up by measure and pillar, as the activity list does by its own query",
        arguments: Engine.available)
    func explainSummary(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: usaid("mx"))
            let rules = Dictionary(uniqueKeysWithValues: try bundledAllocator().crosswalk.rules.map { ($0.id, $0) })
            // A forest-management program in Mexico: a quarter of it anti-corruption, the rest out of scope.
            let listed = try await store.activities(ActivityQuery(country: "MX", limit: 500)).items
            let item = try #require(listed.first { $0.identifier == "US-GOV-1-72052320T00001" })
            let explained = try #require(try await store.explain(identifier: item.identifier))
            let text = ExplainReport.render(explained, rules: rules)
            let committed = DecimalText.formatGrouped(item.committedCents)
            let disbursed = DecimalText.formatGrouped(item.disbursedCents)
            #expect(committed == "1,000,000.00" && disbursed == "999,998.00")
            #expect(
                text.contains(
                    "\n  commitment: USD 4,000,000.00, in scope USD \(committed) — anti_corruption \(committed), "
                        + "out_of_scope 3,000,000.00\n"))
            #expect(text.contains("\n  disbursement: USD 3,967,930.00, in scope USD \(disbursed) — anti_corruption "))
            #expect(text.contains("USD, no conversion") && !text.contains("not converted"))
        }
    }

    @Test("portfolio JSON has the documented shape, exact amounts and its sources", arguments: Engine.available)
    func json(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: usaid("pa"))
            let query = PortfolioQuery(measure: .commitment, countries: ["PA"], fromYear: 2005)
            let report = PortfolioReport(query: query, figures: try await store.portfolio(query), ratesSource: "IMF")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
            #expect(object["measure"] as? String == "commitment")
            #expect(object["scope"] as? String == "security")
            #expect(object["fiscalYearBasis"] as? String == "us_federal")
            // The filters travel with the figures: a saved document says it holds Panama from FY2005 on.
            let filters = try #require(object["filters"] as? [String: Any])
            #expect(filters["countries"] as? [String] == ["PA"] && filters["publishers"] as? [String] == [])
            #expect(filters["fromYear"] as? Int == 2005 && filters["toYear"] is NSNull)
            let rows = try #require(object["rows"] as? [[String: Any]])
            #expect(
                !rows.isEmpty
                    && rows.allSatisfy {
                        $0["country"] as? String == "PA" && $0["pillar"] is String && $0["amountUSD"] is NSNumber
                    })
            let sources = try #require(object["sources"] as? [[String: Any]])
            #expect(sources.first?["file"] as? String == "usaid-pa.xml")
            #expect((sources.first?["sha256"] as? String)?.count == 64)
            #expect(sources.first?["vintage"] as? String == "2025-04-03T20:52:13.509Z")
            #expect(object["unconverted"] is [Any])
            // Amounts are exact decimals: the JSON total equals the ledger's cents.
            let cents = report.figures.cells.reduce(0) { $0 + $1.usdCents }
            let json = rows.reduce(Decimal(0)) { $0 + (($1["amountUSD"] as? NSNumber)?.decimalValue ?? 0) }
            #expect(json * 100 == Decimal(cents))
        }
    }

    @Test(
        "each portfolio row names the runs it sums, and each run's figures apart add up to it",
        arguments: Engine.available)
    func rowRuns(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            // Two publishers' files for El Salvador: USAID's and the World Bank's, two runs.
            _ = try await importer.importFile(path: usaid("sv"))
            _ = try await importer.importFile(path: SharedData.path("iati-activities/worldbank-44000/worldbank-sv.xml"))
            let query = PortfolioQuery(measure: .disbursement, scope: .all, countries: ["SV"])
            let figures = try await store.portfolio(query)
            let runs = figures.sources.map(\.id)
            #expect(runs.count == 2)
            #expect(figures.cells.allSatisfy { !$0.runs.isEmpty && $0.runs == $0.runs.sorted() })
            #expect(Set(figures.cells.flatMap(\.runs)) == Set(runs))
            // Each publisher's figures apart, by its `--publisher` filter: each names its own run alone, and where a
            // row holds both runs' money, the two add up to it.
            typealias Key = String
            let key = { (cell: PortfolioCell) -> Key in "\(cell.year.map(String.init) ?? "-") \(cell.group)" }
            var apart: [Key: (cents: Cents, runs: [Int64])] = [:]
            for source in figures.sources {
                var one = query
                one.publishers = [try #require(source.publisher)]
                let cells = try await store.portfolio(one).cells
                #expect(!cells.isEmpty && cells.allSatisfy { $0.runs == [source.id] }, "\(source.fileName)")
                for cell in cells {
                    apart[key(cell), default: (0, [])].cents += cell.usdCents
                    apart[key(cell), default: (0, [])].runs.append(source.id)
                }
            }
            #expect(apart.count == figures.cells.count)
            for cell in figures.cells {
                #expect(apart[key(cell)]?.cents == cell.usdCents, "\(key(cell))")
                #expect(apart[key(cell)]?.runs.sorted() == cell.runs, "\(key(cell))")
            }
            #expect(figures.cells.contains { $0.runs == runs.sorted() })  // a year and pillar both files fund
            // The CSV's last column and the JSON's rows carry them.
            let report = PortfolioReport(query: query, figures: figures, ratesSource: "IMF")
            let csv = report.csv().split(separator: "\n")
            #expect(csv[0].hasSuffix(",amount_usd,allocations,runs"))
            let lastColumn: [String] = csv.dropFirst().map { line in String(line.split(separator: ",").last ?? "") }
            let named: [String] = figures.cells.map { cell in cell.runs.map(String.init).joined(separator: " ") }
            #expect(lastColumn == named)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
            let rows = try #require(object["rows"] as? [[String: Any]])
            let jsonRuns: [[Int64]] = rows.map { row in (row["runs"] as? [NSNumber] ?? []).map(\.int64Value) }
            #expect(jsonRuns == figures.cells.map(\.runs))
        }
    }

    @Test("a check reads and classifies a file as its import does, and writes nothing")
    func check() async throws {
        let check = IATICheck(allocator: try bundledAllocator())
        for file in [usaid("caribbean"), SharedData.path("iati-activities/bcie-xm-dac-46007/bcie.xml")] {
            let checked = try check.check(path: file)
            try await ledger(.sqlite) { store, importer in
                let report = try await importer.importFile(path: file)
                #expect(report.run.activitiesNew == checked.facts.activities && checked.facts.activities > 10)
                #expect(report.run.transactions == checked.facts.transactions)
                #expect(
                    try await store.scalar("SELECT COUNT(*) FROM txn WHERE type IN ('2', '3', '4', 'C', 'D', 'E')")
                        == Int64(checked.measuredTransactions))
                #expect(report.warningsByKind == checked.warningsByKind)
                for pillar in Pillar.allCases {
                    let stored = try await store.scalar(
                        "SELECT COUNT(*) FROM allocation WHERE pillar = '\(pillar.rawValue)'")
                    #expect(stored == Int64(checked.partsByPillar[pillar] ?? 0), "\(file) \(pillar)")
                }
            }
        }
        let cut = try Scratch.file(
            "synthetic-cut-check.xml", contents: Data(contentsOf: URL(fileURLWithPath: usaid("pa"))).prefix(100_000))
        #expect(throws: IngestError.self) { try check.check(path: cut) }
    }

    @Test("purpose codes carry their DAC names in the sector table and in explain; codes without one stay bare")
    func sectorNames() async throws {
        let names = try CodelistReader.names(path: BundledData.sectorCodelist.path)
        // An independent count: every item of the file has a code and an English name.
        let xml = try String(contentsOf: BundledData.sectorCodelist, encoding: .utf8)
        #expect(names.count == xml.components(separatedBy: "<codelist-item ").count - 1 && names.count > 300)
        #expect(names["15130"] == "Legal and judicial development")
        #expect(names["15210"] == "Security system management and reform")
        #expect(names.values.allSatisfy { !$0.contains("Politique") && !$0.isEmpty })
        try await ledger(.sqlite) { store, importer in
            _ = try await importer.importFile(path: usaid("pa"))
            let query = PortfolioQuery(measure: .disbursement, scope: .all, groupBy: .sector)
            let figures = try await store.portfolio(query)
            let table = PortfolioReport(query: query, figures: figures, ratesSource: "IMF", groupNames: names).table()
            let codes = Set(figures.cells.map(\.group))
            #expect(codes.contains("15130"))
            for code in codes {
                let label = names[code].map { "\(code) \($0)" } ?? code
                #expect(table.contains("\n" + label + "  "), "\(label)")
            }
            let explained = try #require(try await store.explain(identifier: "US-GOV-1-525-DFD-I-03-03-00139-00"))
            let text = ExplainReport.render(explained, rules: [:], sectorNames: names)
            let code = try #require(explained.transactions.first?.parts.first?.sectorCode)
            #expect(text.contains("sector \(code) \(try #require(names[code])) (vocabulary 1)"))
            // Recipients are named where ISO or IATI name them.
            let recipient = try #require(explained.transactions.first?.parts.first?.recipient.reportKey)
            #expect(recipient == "PA" && text.contains("→ PA (Panama), sector"))
            // In Spanish, for a partner's office: the same parts and amounts, in Spanish words, the rules' notes
            // translated, the pillar's key kept beside its name.
            let rules = Dictionary(
                try bundledAllocator().crosswalk.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let spanish = ExplainReport.render(explained, rules: rules, sectorNames: names, language: .es)
            let part = try #require(explained.transactions.first?.parts.first)
            #expect(spanish.contains("\n  parte 1: "))
            #expect(spanish.contains("→ PA (Panamá), sector \(code) "))
            #expect(spanish.contains("(vocabulario 1), AF\(try #require(part.fiscalYear))"))
            let note = try #require(rules[part.ruleID]?.note)
            #expect(
                spanish.contains(
                    "    pilar \(part.pillar.rawValue) (\(part.pillar.labelES)) según la regla \(part.ruleID): "
                        + ReportLanguage.es.crosswalkNote(note) + "\n"))
            #expect(ReportLanguage.es.crosswalkNote(note) != note)
            #expect(spanish.contains("\nEn total, por medida (USD; cada medida por separado, nunca sumada a otra):\n"))
            #expect(!spanish.contains("transaction ") && !spanish.contains(" by rule "))
            // Every amount is the same in both languages, in order.
            let amounts = { (text: String) in text.matches(of: /-?[0-9][0-9,]*\.[0-9]{2}\b/).map { String($0.output) } }
            #expect(amounts(spanish) == amounts(ExplainReport.render(explained, rules: rules, sectorNames: names)))
            #expect(amounts(spanish).count > 3)
        }
    }

    @Test("Spanish names of purpose codes and organisation types, English for a code the Spanish list lacks")
    func spanishCodeNames() throws {
        let english = try CodelistReader.names(path: BundledData.sectorCodelist.path)
        let spanish = try CodelistReader.names(json: BundledData.spanishSectorCodelist.path)
        // An independent count: every item of the JSON has a code and a name.
        let json = try String(contentsOf: BundledData.spanishSectorCodelist, encoding: .utf8)
        #expect(spanish.count == json.components(separatedBy: "\"code\":").count - 1 && spanish.count == 325)
        #expect(spanish["15130"] == "Desarrollo legal y judicial")
        let sectors = CodeNames(english: english, spanish: spanish)
        #expect(sectors.name("15210", in: .es) == "Gestión y reforma de los sistemas de seguridad")
        #expect(sectors.name("15210", in: .en) == "Security system management and reform")
        // A code only the newer English list has is named in English on a Spanish page; one neither has, not at all.
        let englishOnly = english.keys.filter { spanish[$0] == nil }.sorted()
        if let code = englishOnly.first { #expect(sectors.name(code, in: .es) == english[code]) }
        #expect(sectors.name("99999", in: .es) == nil)
        // The whole list at once (for the command line's tables) names each code as `name(_:in:)` does.
        for language in ReportLanguage.allCases {
            let all = sectors.names(in: language)
            #expect(all.count == english.count && all.keys.allSatisfy { all[$0] == sectors.name($0, in: language) })
        }
        let types = CodeNames(
            english: try CodelistReader.names(path: BundledData.organisationTypeCodelist.path),
            spanish: try CodelistReader.names(json: BundledData.spanishOrganisationTypeCodelist.path))
        #expect(types.spanish.count == 16 && types.name("70", in: .es) == "Sector privado")
        #expect(types.name("10", in: .es) == "Gobierno" && types.name("10", in: .en) == "Government")
        // A file that is not such a list is an error naming it.
        #expect {
            _ = try CodelistReader.names(json: BundledData.crosswalk.path)
        } throws: { error in
            (error as? IngestError)?.message.hasPrefix("not a codelist in Code for IATI's JSON") == true
        }
    }

    @Test("runs and their warnings as CSV and JSON: every run and warning, fields quoted, JSON reads back")
    func runsForOtherTools() async throws {
        try await ledger(.sqlite) { store, importer in
            #expect(try RunsReport.json(try await store.runs()) == "[]")
            _ = try await importer.importFile(path: usaid("pa"), displayName: "usaid-pa, copy.xml")
            let caribbean = try await importer.importFile(path: usaid("caribbean"))
            let runs = try await store.runs()
            let decoder = JSONDecoder()
            #expect(try decoder.decode([ImportRun].self, from: Data(try RunsReport.json(runs).utf8)) == runs)
            let lines = RunsReport.csv(runs).split(separator: "\n")
            #expect(lines.count == 3 && lines[0].hasPrefix("run,source,file,sha256,"))
            #expect(lines[1].hasPrefix("1,iati,\"usaid-pa, copy.xml\",\(runs[0].sha256),US-GOV-1,"))
            let warnings = try await store.warnings(run: caribbean.run.id)
            #expect(warnings.count == 43)
            #expect(
                try decoder.decode([StoredWarning].self, from: Data(try RunsReport.json(warnings).utf8)) == warnings)
            let warningLines = RunsReport.csv(warnings).split(separator: "\n")
            #expect(warningLines.count == 44 && warningLines[0] == "line,kind,activity,message")
            // Messages quote codes: the quotes are doubled inside a quoted field.
            let first = try #require(warnings.first)
            #expect(
                warningLines[1].hasSuffix(",\"" + first.message.replacingOccurrences(of: "\"", with: "\"\"") + "\""))
        }
    }

    @Test("runs --lang es: the history, a run's warnings and a removal in Spanish, with the same figures")
    func runsInSpanish() async throws {
        try await ledger(.sqlite) { store, importer in
            #expect(RunsReport.table([], removed: [], in: .es).hasPrefix("Estos datos aún no tienen importaciones: "))
            let panama = try await importer.importFile(path: usaid("pa"), displayName: "usaid-pa, copy.xml")
            let caribbean = try await importer.importFile(path: usaid("caribbean"))
            let runs = try await store.runs()
            let (english, spanish) = (
                RunsReport.table(runs, removed: [], in: .en), RunsReport.table(runs, removed: [], in: .es)
            )
            #expect(english.hasPrefix("run  source  file ") && spanish.hasPrefix("n.º  fuente  archivo "))
            // Below the heading and its rule, the same cells in the same order: only the column widths may differ.
            let cells = { (text: String) in
                text.split(separator: "\n").dropFirst(2).flatMap { $0.split(separator: " ") }
            }
            #expect(cells(english) == cells(spanish) && cells(spanish).contains("usaid-pa,"))
            // Every warning of the Caribbean file, its kind in words and its message from the Spanish template.
            let warnings = try await store.warnings(run: caribbean.run.id)
            let run = try #require(runs.last)
            let lines = RunsReport.warningsTable(warnings, of: run, in: .es).split(separator: "\n")
            #expect(lines.count == 1 + 43 && lines[0].hasPrefix("Los mensajes se guardaron en inglés"))
            for (line, warning) in zip(lines.dropFirst(), warnings) {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                #expect(fields.count == 4 && fields[0] == "línea \(warning.line)")
                #expect(fields[1] == "código de receptor no ISO 3166-1 (se conserva)")
                #expect(fields[3].hasPrefix("el código de país receptor \"") && !fields[3].contains("(en inglés)"))
            }
            // A message no template knows is given in English and marked so; the English table is as stored.
            var unknown = try #require(warnings.first)
            unknown.message = "a message from another version"
            var one = run
            one.warnings = 1
            #expect(
                RunsReport.warningsTable([unknown], of: one, in: .es).hasSuffix(
                    "\t(en inglés) a message from another version\n"))
            #expect(
                RunsReport.warningsTable([unknown], of: one, in: .en)
                    == "line \(unknown.line)\tnon_iso_country\t\(unknown.activity ?? "-")\ta message from another version\n"
            )
            let quiet = try #require(runs.first)
            #expect(
                RunsReport.warningsTable([], of: quiet, in: .es) == "importación 1 (usaid-pa, copy.xml): sin avisos\n")
            // A removal, under the table and on its own.
            let removed = try await store.removeRun(panama.run.id)
            let line = RunsReport.removalLine(removed, in: .es)
            #expect(line.hasPrefix("importación 1 (usaid-pa, copy.xml, iati ") && line.contains(" retirada el "))
            #expect(line.hasSuffix(": \(DecimalText.formatCount(removed.records)) actividades"))
            let after = RunsReport.table(try await store.runs(), removed: try await store.removedRuns(), in: .es)
            #expect(after.hasSuffix("\n\nRetiradas:\n  " + line + "\n"))
        }
    }

    @Test("tables align numbers right and words left, name recipients with nothing, and count their sources")
    func table() async throws {
        let table = TextTable.render(
            header: ["run", "file", "vintage", "rows", "share"],
            rows: [["1", "usaid-pa.xml", "2025-04-03", "1,259", "10.1%"], ["17", "usaid-mx.xml", "", "–", "-0.0"]])
        #expect(
            table.split(separator: "\n") == [
                "run  file          vintage      rows  share",
                "---  ------------  ----------  -----  -----",
                "  1  usaid-pa.xml  2025-04-03  1,259  10.1%",
                " 17  usaid-mx.xml                  –   -0.0",
            ])
        try await ledger(.sqlite) { store, importer in
            _ = try await importer.importFile(path: usaid("pa"))
            let query = PortfolioQuery(measure: .commitment, countries: ["PA", "XX", "region:489", "code:1000"])
            let text = PortfolioReport(query: query, figures: try await store.portfolio(query), ratesSource: "IMF")
                .table()
            #expect(text.contains("\nSources (1 import run):\n"))
            #expect(text.contains("\ngovernance    -0.0"))
            #expect(
                text.contains(
                    ", recipients PA (Panama), XX, region:489 (South America, regional), code:1000 (Non-ISO code 1000)\n"
                ))
            // A recipient with nothing is named, never shown as zero; a code nobody names is not guessed at.
            #expect(
                text.contains(
                    "\nNo commitments for XX, region:489 (South America, regional), code:1000 (Non-ISO code 1000) in this ledger with these options"
                ))
            #expect(!text.contains("for PA"))
            // Nothing at all: the reason, and no table of dashes or shares of nothing; the years asked for are named.
            let none = PortfolioQuery(measure: .commitment, countries: ["CO"], fromYear: 2019, toYear: 2021)
            let empty = PortfolioReport(query: none, figures: try await store.portfolio(none), ratesSource: "IMF")
                .table()
            #expect(empty.contains(", recipients CO (Colombia), FY2019–FY2021\n\nNo commitments for CO (Colombia) "))
            #expect(!empty.contains("Total") && !empty.contains("Beyond-interdiction share"))
            let later = PortfolioQuery(measure: .commitment, fromYear: 2031)
            let nothing = PortfolioReport(query: later, figures: try await store.portfolio(later), ratesSource: "IMF")
                .table()
            #expect(nothing.contains(", FY2031 onward\n\nNo commitments in this ledger with these options"))
        }
    }

    @Test("a year with no money between two with some keeps its column: dashes, and n/a for its shares")
    func yearWithoutMoney() async throws {
        try await ledger(.sqlite) { store, importer in
            // USAID's Ecuador file has no in-scope disbursements in FY2020, and some in FY2019 and FY2021.
            _ = try await importer.importFile(path: usaid("ec"))
            let query = PortfolioQuery(measure: .disbursement, countries: ["EC"], fromYear: 2019, toYear: 2021)
            let lines = PortfolioReport(query: query, figures: try await store.portfolio(query), ratesSource: "IMF")
                .table().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.contains("pillar           FY2019  FY2020  FY2021  Total  Share"))
            #expect(lines.contains("governance          0.3       –     1.1    1.3  78.2%"))
            #expect(lines.contains("Total               0.3       –     1.4    1.7   100%"))
            #expect(lines.contains("beyond interdiction   100.0%     n/a  100.0%"))
            #expect(!lines.contains { $0.contains("Partial year") })
            // The file's vintage, 2025-04-03, falls inside FY2025: from FY2024 on, that year's columns are starred
            // in both tables and a note says why; the complete years are not.
            let recent = PortfolioQuery(measure: .disbursement, countries: ["EC"], fromYear: 2024)
            let figures = try await store.portfolio(recent)
            let table = PortfolioReport(query: recent, figures: figures, ratesSource: "IMF").table()
            #expect(table.contains("\npillar           FY2024  FY2025*  Total  Share\n"))
            #expect(table.contains("\nshare                 FY2024  FY2025*\n"))
            #expect(
                table.contains(
                    "\n* Partial year: the data's vintage is 2025-04-03, inside FY2025; later money is not in the file "
                        + "yet. Compare complete years only.\n"))
            // The JSON says it for other tools; the FY2019–FY2021 view, all whole, says null.
            let json = try PortfolioReport(query: recent, figures: figures, ratesSource: "IMF").json(pretty: false)
            #expect(json.contains("\"partialFrom\":{\"fiscalYear\":2025,\"vintage\":\"2025-04-03\"}"))
            #expect(
                try PortfolioReport(query: query, figures: try await store.portfolio(query), ratesSource: "IMF").json(
                    pretty: false
                )
                .contains("\"partialFrom\":null"))
            // By calendar year the same vintage cuts 2025 short; a vintage on a year's last day leaves it whole.
            #expect(PortfolioReport.partialYear(figures.sources, basis: .calendar)?.year == 2025)
            var closing = try #require(figures.sources.first)
            closing.vintage = "2024-09-30T23:00:00Z"
            #expect(PortfolioReport.partialYear([closing], basis: .usFederal)?.year == 2025)
            closing.vintage = "2024-10-01"
            #expect(PortfolioReport.partialYear([closing], basis: .usFederal)?.year == 2025)
            closing.vintage = "2024-12-31"
            #expect(PortfolioReport.partialYear([closing], basis: .calendar)?.year == 2025)
            #expect(
                PortfolioReport.partialYear([closing, figures.sources[0]], basis: .calendar)?.vintage == "2024-12-31")
            // A stray year decades away stays a jump, not thirty columns of dashes.
            let stray = PortfolioFigures(
                cells: [1990, 2019, 2021].map {
                    PortfolioCell(
                        country: "EC", year: $0, group: "governance", pillar: .governance, usdCents: 100_000_000,
                        allocations: 1)
                }, unconverted: [], sources: [], crosswalk: nil)
            #expect(
                PortfolioReport(query: PortfolioQuery(measure: .disbursement), figures: stray, ratesSource: "IMF")
                    .table().contains("\npillar      FY1990  FY2019  FY2020  FY2021  Total   Share\n"))
            // The brief shows the year too, with no pillar.
            let brief = try await BriefBuilder(store: store).brief(
                country: "EC", asOf: "2025-11-29", source: .iati, measure: .disbursement, language: .en)
            #expect(brief.mix.map(\.year) == Array(2018...2025) && brief.years == 2018...2025)
            #expect(brief.mix.first { $0.year == 2020 }?.byPillar.isEmpty == true)
            // The window's years before the first with money are shown too: the Caribbean's non-ISO code 1000 has
            // money from FY2021 to FY2023, and the brief's heading names FY2016–FY2023.
            _ = try await importer.importFile(path: usaid("380"))
            let caribbean = try await BriefBuilder(store: store).brief(
                country: "code:1000", asOf: "2025-11-29", source: .iati, measure: .disbursement, language: .en)
            #expect(caribbean.mix.map(\.year) == Array(2016...2023))
            #expect(caribbean.mix.map { $0.byPillar.isEmpty } == [true, true, true, true, true, false, false, false])
        }
    }

    @Test("in Spanish: the same figures, cell for cell, under Spanish headers, pillar names and notes")
    func spanishTable() async throws {
        try await ledger(.sqlite) { store, importer in
            _ = try await importer.importFile(path: usaid("ec"))
            let query = PortfolioQuery(measure: .disbursement, countries: ["EC", "XX"], fromYear: 2019)
            let report = PortfolioReport(query: query, figures: try await store.portfolio(query), ratesSource: "IMF")
            let (english, spanish) = (report.table(), report.table(in: .es))
            let lines = spanish.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(
                lines.first
                    == "Cartera de IATI (--source iati) — desembolsos, cooperación en seguridad, millones de USD, años "
                    + "fiscales de EE. UU. (oct.–sep.), receptores EC (Ecuador), XX, desde AF2019")
            #expect(lines.contains { $0.hasPrefix("No hay desembolsos para XX en este registro") })
            #expect(lines.contains { $0.hasPrefix("pilar  ") && $0.hasSuffix("AF2025*  Total  Proporción") })
            #expect(lines.contains { $0.hasPrefix("Gobernanza y resiliencia democrática  ") })
            #expect(
                lines.contains {
                    $0.hasPrefix("* Año parcial: la versión de los datos es 2025-04-03, dentro del AF2025")
                })
            #expect(lines.contains { $0.hasPrefix("más allá de la interdicción  ") && $0.contains("n/a") })
            #expect(lines.contains("Fuentes (1 importación):"))
            #expect(
                lines.contains(
                    "  - Los montos se convierten a dólares de EE. UU. con el tipo de cambio promedio anual del FMI del "
                        + "año de cada fecha de valor."))
            #expect(!spanish.contains("Share") && !spanish.contains("FY20") && !spanish.contains("governance"))
            // Every figure is the same in both languages: the tables' numbers, in order, once the words are set aside.
            let numbers = { (table: String) in
                table.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { word in
                    word.contains(where: \.isNumber) && word.allSatisfy { "0123456789.,%–-*".contains($0) }
                }
            }
            #expect(numbers(english) == numbers(spanish) && numbers(english).count > 30)
        }
    }

    @Test("a row per recipient: the same money as the rows per pillar, largest first, named")
    func rowsByRecipient() async throws {
        try await ledger(.sqlite) { store, importer in
            for name in ["pa", "mx", "489"] { _ = try await importer.importFile(path: usaid(name)) }
            let query = PortfolioQuery(measure: .disbursement)
            let figures = try await store.portfolio(query)
            let byPillar = PortfolioReport(query: query, figures: figures, ratesSource: "IMF")
            var byRecipient = byPillar
            byRecipient.rowsByRecipient = true
            let lines = byRecipient.table().split(separator: "\n", omittingEmptySubsequences: false)
            // The Total row's figures, without the padding that the first column's width sets.
            let totalLine = { (table: String) in
                table.split(separator: "\n").first { $0.hasPrefix("Total ") }?.split(separator: " ")
            }
            #expect(
                totalLine(byRecipient.table()) != nil && totalLine(byRecipient.table()) == totalLine(byPillar.table()))
            let rows = lines.drop { !$0.hasPrefix("---") }.dropFirst().prefix { !$0.hasPrefix("Total ") }
            #expect(rows.map { String($0.prefix(4)) } == ["MX (", "regi", "PA ("])
            #expect(rows.dropFirst().first?.hasPrefix("region:489 (South America, regional)") == true)
            // Largest first, as an independent sum of each recipient's converted in-scope money says.
            var sums: [String: Cents] = [:]
            for cell in figures.cells { sums[cell.country, default: 0] += cell.usdCents }
            let largestFirst = sums.sorted { $0.value > $1.value }.map { entry in entry.key }
            #expect(largestFirst == ["MX", "region:489", "PA"])
            #expect(lines[2].hasPrefix("recipient "))
            // CSV and JSON do not change: their rows already name the recipient.
            #expect(byRecipient.csv() == byPillar.csv())
        }
    }

    @Test("activity lists page through every match, as a table, CSV and the API's JSON")
    func activityLists() async throws {
        try await ledger(.sqlite) { store, importer in
            _ = try await importer.importFile(path: usaid("mx"))
            let all = ActivityQuery(country: "MX", pillar: .antiCorruption, limit: 1000)
            let everything = try await store.activities(all)
            #expect(everything.total == everything.items.count && everything.total > 10)
            // Counted another way: activities with money to Mexico, intersected with those with anti-corruption money.
            let counted = try await store.scalar(
                """
                SELECT COUNT(*) FROM (SELECT activity_id FROM allocation WHERE recipient = 'MX'
                  INTERSECT SELECT activity_id FROM allocation WHERE pillar = 'anti_corruption')
                """)
            #expect(Int(counted ?? 0) == everything.total)
            // The money on the pillar, added over the programs, is the pillar's money to Mexico summed directly.
            for (measure, listed) in [
                ("commitment", everything.items.compactMap { $0.onPillar?.committedCents }),
                ("disbursement", everything.items.compactMap { $0.onPillar?.disbursedCents }),
            ] {
                let direct = try await store.scalar(
                    """
                    SELECT SUM(usd_cents) FROM allocation WHERE recipient = 'MX' AND pillar = 'anti_corruption'
                      AND measure = '\(measure)' AND usd_cents IS NOT NULL
                    """)
                #expect(listed.count == everything.total && listed.reduce(0, +) == direct && (direct ?? 0) > 0)
            }
            // Pages of 5 cover every match once, in order.
            var paged: [String] = []
            for offset in stride(from: 0, to: everything.total, by: 5) {
                let query = ActivityQuery(country: "MX", pillar: .antiCorruption, limit: 5, offset: offset)
                let report = ActivityListReport(query: query, page: try await store.activities(query))
                paged += report.page.items.map(\.identifier)
                let table = report.table()
                let last = min(offset + 5, everything.total)
                #expect(table.contains("\n\(offset + 1)–\(last) of \(everything.total) matching activities"))
                #expect(table.contains("--offset \(last) for the next") == (last < everything.total))
                // The columns' measure, years, scope (the pillar's money alone) and currency are named.
                #expect(
                    table.contains(
                        "Money: IATI commitments and disbursements over all years, on the anti_corruption pillar alone "
                            + "(the main pillar is where most of a program's in-scope money is) to MX (Mexico), converted to USD"
                    ))
                #expect(table.contains("anti_corruption committed USD  anti_corruption disbursed USD"))
                // In Spanish the words and the pillars' names change; the rows' identifiers and amounts do not.
                let spanish = report.table(in: .es)
                #expect(spanish.contains("\n\(offset + 1)–\(last) de \(everything.total) actividades que coinciden"))
                #expect(spanish.contains("--offset \(last) para las siguientes") == (last < everything.total))
                #expect(
                    spanish.contains("solo en el pilar anticorrupción (")
                        && spanish.contains(" para MX (México), convertidos a USD al tipo de cambio "))
                #expect(spanish.contains("anticorrupción comprometido USD  anticorrupción desembolsado USD"))
                #expect(!spanish.contains("anti_corruption"))
                // Each row's identifier and its two amounts (a Spanish pillar's name may be several words).
                let cells = { (text: String) in
                    text.split(separator: "\n").dropFirst(2).prefix(report.page.items.count).map { row in
                        let words = row.split(separator: " ")
                        return [words[0]] + words.dropFirst(2).prefix(5).filter { $0.first?.isNumber == true }
                    }
                }
                #expect(cells(table) == cells(spanish) && cells(spanish).count == report.page.items.count)
                #expect(cells(spanish).allSatisfy { $0.count == 3 })
                let rows = spanish.split(separator: "\n").dropFirst(2)
                for (row, item) in zip(rows, report.page.items) {
                    #expect(row.contains("  \(item.mainPillar.map(\.shortLabelES) ?? "–")  "))
                }
            }
            #expect(paged == everything.items.map(\.identifier))
            let report = ActivityListReport(query: all, page: everything)
            let csv = report.csv().split(separator: "\n")
            #expect(csv.count == everything.total + 1)
            #expect(csv[0].hasSuffix(",run,pillar,pillar_committed_usd,pillar_disbursed_usd"))
            #expect(
                csv.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count >= 14 })
            struct Page: Decodable {
                struct Item: Decodable {
                    struct OnPillar: Decodable {
                        var pillar: String
                        var disbursedUSD: Decimal
                    }
                    var identifier: String
                    var disbursedUSD: Decimal
                    var mainPillar: String?
                    var onPillar: OnPillar?
                }
                var items: [Item]
                var total: Int
                var limit: Int
            }
            let decoded = try JSONDecoder().decode(Page.self, from: Data(try report.json().utf8))
            #expect(decoded.total == everything.total && decoded.limit == 1000)
            #expect(decoded.items.allSatisfy { $0.mainPillar != nil && $0.onPillar?.pillar == "anti_corruption" })
            #expect(
                decoded.items.map { $0.onPillar?.disbursedUSD }
                    == everything.items.map { $0.onPillar.map { PortfolioReport.decimal($0.disbursedCents) } })
            #expect(
                decoded.items.map(\.disbursedUSD)
                    == everything.items.map { PortfolioReport.decimal($0.disbursedCents) })
            // A title on several lines stays on its row.
            var multiline = everything
            multiline.items[0].title = "Rule of law:\n\tcourts  and\r\nprosecutors"
            let firstRow = ActivityListReport(query: all, page: multiline).table().split(separator: "\n")[2]
            #expect(firstRow.hasSuffix("  Rule of law: courts and prosecutors"))
            let none = ActivityQuery(text: "zzzzqqq")
            #expect(
                ActivityListReport(query: none, page: try await store.activities(none)).table()
                    == "No activities match.\n")
            #expect(
                ActivityListReport(query: none, page: try await store.activities(none)).table(in: .es)
                    == "Ninguna actividad coincide.\n")
        }
    }

    @Test(
        "a search for (part of) an identifier lists the activities it names first, the exact one before the rest",
        arguments: Engine.available)
    func identifierSearch(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            for name in ["ec", "pa"] { _ = try await importer.importFile(path: usaid(name)) }
            let everything = try await store.activities(ActivityQuery(limit: 1000)).items.map(\.identifier)
            #expect(everything.count == 250 + 29)
            // Ecuador's USAID small grants, as the identifiers say them; the expected set is found apart from SQL.
            for typed in ["518-G-00-13-00001", "us-gov-1-518-g-00-13-00001", "G-00-13-0000", "518-SDAA"] {
                let holding = everything.filter { $0.lowercased().contains(typed.lowercased()) }
                #expect(!holding.isEmpty, "\(typed)")
                let page = try await store.activities(ActivityQuery(text: typed, limit: 1000))
                #expect(page.total >= holding.count && page.items.count == page.total)
                #expect(Set(page.items.prefix(holding.count).map(\.identifier)) == Set(holding), "\(typed)")
                if let exact = holding.first(where: { $0.lowercased() == typed.lowercased() }) {
                    #expect(page.items.first?.identifier == exact)
                }
                // With a recipient the identifiers still count; Panama's file holds none of them.
                let panama = try await store.activities(ActivityQuery(country: "PA", text: typed))
                #expect(!panama.items.contains { holding.contains($0.identifier) })
            }
            #expect(
                try await store.activities(ActivityQuery(text: "518-G-00-13-00001")).items.map(\.identifier)
                    == ["US-GOV-1-518-G-00-13-00001"])
            // Only one token of four or more characters with a digit is taken for an identifier.
            #expect(ActivityQuery(text: " P147413 ").identifierFragment == "P147413")
            for words in ["rule of law", "justice", "518", "518 G-00"] {
                #expect(ActivityQuery(text: words).identifierFragment == nil, "\(words)")
            }
            // Punctuation alone is no word and no identifier: nothing matches.
            #expect(try await store.activities(ActivityQuery(text: "----")).total == 0)
        }
    }

    @Test(
        "largest first: the same activities, ordered by their in-scope money, paged alike", arguments: Engine.available)
    func largestFirst(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            for name in ["mx", "pa"] { _ = try await importer.importFile(path: usaid(name)) }
            for country in ["MX", nil] {
                let plain = try await store.activities(ActivityQuery(country: country, limit: 1000))
                let largest = try await store.activities(
                    ActivityQuery(country: country, largestFirst: true, limit: 1000))
                #expect(largest.total == plain.total && largest.items.count == plain.items.count)
                #expect(Set(largest.items.map(\.identifier)) == Set(plain.items.map(\.identifier)))
                // Disbursements, then commitments, largest first; then identifiers, in byte order.
                let keys = largest.items.map { ($0.disbursedCents, $0.committedCents) }
                for (a, b) in zip(largest.items, largest.items.dropFirst()) {
                    #expect(
                        (a.disbursedCents, a.committedCents) > (b.disbursedCents, b.committedCents)
                            || ((a.disbursedCents, a.committedCents) == (b.disbursedCents, b.committedCents)
                                && Array(a.identifier.utf8).lexicographicallyPrecedes(Array(b.identifier.utf8))),
                        "\(a.identifier) before \(b.identifier)")
                }
                #expect(keys.first.map { $0.0 > 0 } == true)
                var paged: [String] = []
                for offset in stride(from: 0, to: largest.total, by: 40) {
                    paged += try await store.activities(
                        ActivityQuery(country: country, largestFirst: true, limit: 40, offset: offset)
                    ).items.map(\.identifier)
                }
                #expect(paged == largest.items.map(\.identifier))
            }
            // On one pillar, largest first by that pillar's money alone, which each summary carries beside the whole.
            let justice = try await store.activities(ActivityQuery(pillar: .justice, largestFirst: true, limit: 1000))
            #expect(justice.items.count == justice.total && justice.total > 5)
            #expect(justice.items.allSatisfy { $0.onPillar?.pillar == .justice })
            // Added over the programs, the justice money is the pillar's money summed directly.
            let direct = try await store.scalar(
                """
                SELECT SUM(usd_cents) FROM allocation
                WHERE pillar = 'justice' AND measure = 'disbursement' AND usd_cents IS NOT NULL
                """)
            #expect(justice.items.compactMap { $0.onPillar?.disbursedCents }.reduce(0, +) == direct)
            for (a, b) in zip(justice.items, justice.items.dropFirst()) {
                let (x, y) = (try #require(a.onPillar), try #require(b.onPillar))
                #expect(
                    (x.disbursedCents, x.committedCents) >= (y.disbursedCents, y.committedCents),
                    "\(a.identifier) before \(b.identifier)")
            }
            // Known answers from the Mexico file (sqlite3 over the demo's ledger): 523-TO-16-00003 disburses
            // USD 6,592,576 in scope, USD 3,732,303 of it on justice; 72052319C00001 USD 5,699,999, USD 5,249,999 on
            // justice. By the whole the first comes first; by justice, the second.
            let pair = ["US-GOV-1-72052319C00001", "US-GOV-1-AID-523-TO-16-00003"]
            let onJustice = justice.items.filter { pair.contains($0.identifier) }
            #expect(onJustice.map(\.identifier) == pair)
            #expect(onJustice.map { $0.onPillar?.disbursedCents } == [524_999_900, 373_230_300])
            let whole = try await store.activities(ActivityQuery(largestFirst: true, limit: 1000))
            #expect(whole.items.filter { pair.contains($0.identifier) }.map(\.identifier) == pair.reversed())
            #expect(whole.items.allSatisfy { $0.onPillar == nil })
            // Out of scope is a pillar to list by as well: its money shown and ordered by, the in-scope totals and the
            // main pillar still leaving it aside, as in the list on no pillar.
            let outside = try await store.activities(
                ActivityQuery(pillar: .outOfScope, largestFirst: true, limit: 1000))
            #expect(outside.items.first.map { ($0.onPillar?.disbursedCents ?? 0) > 0 } == true)
            let outsideDirect = try await store.scalar(
                """
                SELECT SUM(usd_cents) FROM allocation
                WHERE pillar = 'out_of_scope' AND measure = 'disbursement' AND usd_cents IS NOT NULL
                """)
            #expect(outside.items.compactMap { $0.onPillar?.disbursedCents }.reduce(0, +) == outsideDirect)
            let wholeByIdentifier = Dictionary(uniqueKeysWithValues: whole.items.map { ($0.identifier, $0) })
            for item in outside.items {
                let plain = try #require(wholeByIdentifier[item.identifier])
                #expect(
                    (item.committedCents, item.disbursedCents, item.mainPillar)
                        == (plain.committedCents, plain.disbursedCents, plain.mainPillar), "\(item.identifier)")
            }
        }
    }

    @Test(
        "a listed activity names every recipient and the fiscal years of its transactions, as its splits say",
        arguments: Engine.available)
    func activityReach(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            var runs: [Int64] = []
            for name in ["caribbean", "pa"] { runs.append(try await importer.importFile(path: usaid(name)).run.id) }
            let all = try await store.activities(ActivityQuery(limit: 1000))
            #expect(all.items.count == all.total && all.total > 14)
            // Each names the run of its own file: the Caribbean's 14 activities the first, Panama's 29 the second.
            #expect(all.items.filter { $0.run == runs[0] }.count == 14)
            #expect(all.items.filter { $0.run == runs[1] }.count == 29)
            // Known answers from the Caribbean file: a grant to two non-ISO codes over two years, one to one in one.
            let byIdentifier = Dictionary(uniqueKeysWithValues: all.items.map { ($0.identifier, $0) })
            #expect(byIdentifier["US-GOV-1-72053824GR00005"]?.recipients == ["code:1000", "code:1031"])
            #expect(byIdentifier["US-GOV-1-72053824GR00005"]?.fiscalYears == 2024...2025)
            #expect(byIdentifier["US-GOV-1-72053825IO00001"]?.recipients == ["code:1031"])
            #expect(byIdentifier["US-GOV-1-72053825IO00001"]?.fiscalYears == 2025...2025)
            // Every activity, computed another way: its transactions' dates on the U.S. fiscal year, and the
            // recipients of its parts, as `explain` gives them.
            for item in all.items {
                let explained = try #require(try await store.explain(identifier: item.identifier))
                let dated = explained.transactions.filter { !$0.parts.isEmpty }.compactMap {
                    $0.date.flatMap(FiscalYearBasis.usFederal.year)
                }
                #expect(!dated.isEmpty)
                #expect(item.fiscalYears == dated.min().flatMap { first in dated.max().map { first...$0 } })
                let recipients = Set(explained.transactions.flatMap { $0.parts.map(\.recipient.reportKey) })
                #expect(item.recipients == recipients.sorted(), "\(item.identifier)")
            }
            // A list filtered to one recipient speaks of that recipient alone, as a partner's server must: the grant
            // to codes 1000 and 1031 is, under code 1031, a FY2025 reversal to 1031.
            let reversal = try await store.activities(ActivityQuery(country: "code:1031", limit: 1000))
            let grant = try #require(reversal.items.first { $0.identifier == "US-GOV-1-72053824GR00005" })
            #expect(grant.recipients == ["code:1031"] && grant.fiscalYears == 2025...2025)
            let panama = try await store.activities(ActivityQuery(country: "PA", limit: 1000))
            #expect(panama.total > 0)
            for (country, page) in [("PA", panama), ("code:1031", reversal)] {
                for item in page.items {
                    #expect(item.recipients == [country])
                    let explained = try #require(try await store.explain(identifier: item.identifier))
                    let years = explained.transactions.filter {
                        $0.parts.contains { $0.recipient.reportKey == country }
                    }
                    .compactMap { $0.date.flatMap(FiscalYearBasis.usFederal.year) }
                    #expect(item.fiscalYears == years.min().flatMap { first in years.max().map { first...$0 } })
                }
            }
            // The table names recipients only when the list is not one recipient's; the CSV and JSON always do.
            let mixed = ActivityListReport(query: ActivityQuery(limit: 1000), page: all)
            let table = mixed.table(titleWidth: 20)
            #expect(table.hasPrefix("activity ") && table.split(separator: "\n")[0].contains("  recipients  "))
            let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("US-GOV-1-72053824GR00005 ") })
            #expect(row.contains("  code:1000 code:1031  FY2024–FY2025  "))
            let onePlace = ActivityListReport(query: ActivityQuery(country: "PA", limit: 1000), page: panama).table()
            #expect(!onePlace.split(separator: "\n")[0].contains("recipients"))
            #expect(
                onePlace.contains(
                    "\nFiscal years: the U.S. fiscal years of its first and last dated transaction to PA (Panama)"))
            let csv = mixed.csv().split(separator: "\n")
            #expect(csv[0].hasSuffix(",recipients,first_fiscal_year,last_fiscal_year,run"))
            #expect(
                csv.contains {
                    $0.hasPrefix("US-GOV-1-72053824GR00005,")
                        && $0.hasSuffix(",code:1000 code:1031,2024,2025,\(runs[0])")
                })
            struct Page: Decodable {
                struct Item: Decodable {
                    var identifier: String
                    var recipients: [String]
                    var firstFiscalYear: Int?
                    var lastFiscalYear: Int?
                    var run: Int64?
                }
                var items: [Item]
            }
            let decoded = try JSONDecoder().decode(Page.self, from: Data(try mixed.json().utf8))
            #expect(decoded.items.map(\.recipients) == all.items.map(\.recipients))
            #expect(decoded.items.map(\.firstFiscalYear) == all.items.map { $0.fiscalYears?.lowerBound })
            #expect(decoded.items.map(\.lastFiscalYear) == all.items.map { $0.fiscalYears?.upperBound })
            #expect(decoded.items.map(\.run) == all.items.map(\.run) && decoded.items.allSatisfy { $0.run != nil })
        }
    }

    @Test("publishers are named as their own activities name them", arguments: Engine.available)
    func publisherNames(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            #expect(try await store.publisherNames().isEmpty)
            _ = try await importer.importFile(path: SharedData.path("iati-activities/bcie-xm-dac-46007/bcie.xml"))
            _ = try await importer.importFile(path: SharedData.path("iati-activities/worldbank-44000/worldbank-sv.xml"))
            _ = try await importer.importFile(path: usaid("pa"))
            #expect(
                try await store.publisherNames() == [
                    "XM-DAC-46007": "Banco Centroamericano de Integración Económica", "44000": "World Bank",
                    "US-GOV-1": "U.S. Agency for International Development",
                ])
            let query = PortfolioQuery(measure: .disbursement, scope: .all, groupBy: .publisher)
            let table = PortfolioReport(
                query: query, figures: try await store.portfolio(query), ratesSource: "IMF",
                groupNames: try await store.publisherNames()
            ).table()
            #expect(table.contains("\n44000 World Bank  "))
        }
    }

    @Test(
        "BCIE's dollars are all converted; euros of a year with no rate and an amount with no currency are reported apart, with their run",
        arguments: Engine.available)
    func currencies(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            // BCIE's file gives every amount in U.S. dollars (its 1,133 currency attributes all say USD).
            let bcie = try await importer.importFile(
                path: SharedData.path("iati-activities/bcie-xm-dac-46007/bcie.xml"))
            let dollars = try await store.portfolio(PortfolioQuery(measure: .disbursement, scope: .all))
            #expect(dollars.unconverted.isEmpty && dollars.cells.allSatisfy { $0.runs == [bcie.run.id] })
            #expect(
                try await store.scalar("SELECT SUM(usd_cents) FROM allocation WHERE measure = 'disbursement'")
                    == dollars.cells.reduce(0) { $0 + $1.usdCents })
            // SYNTHETIC: 1,000.00 EUR disbursed to El Salvador in March 2025 (the IMF table's euro rates end with
            // 2024) and 250.00 disbursed in 2024 with no currency at all.
            let unrated = """
                <iati-activities version="2.03"><iati-activity last-updated-datetime="2099-01-01T00:00:00">
                <iati-identifier>SYNTHETIC-UNRATED-1</iati-identifier>
                <reporting-org ref="XM-SYNTHETIC"><narrative>X</narrative></reporting-org>
                <title><narrative>Synthetic justice program without rates</narrative></title>
                <recipient-country code="SV"/><sector code="15130"/>
                <transaction><transaction-type code="3"/><transaction-date iso-date="2025-03-15"/>
                <value currency="EUR" value-date="2025-03-15">1000.00</value></transaction>
                <transaction><transaction-type code="3"/><transaction-date iso-date="2024-06-01"/>
                <value value-date="2024-06-01">250.00</value></transaction>
                </iati-activity></iati-activities>
                """
            let synthetic = try await importer.importFile(path: try Scratch.file("SYNTHETIC-unrated.xml", unrated))
            let all = try await store.portfolio(PortfolioQuery(measure: .disbursement, scope: .all))
            #expect(
                all.unconverted.map { "\($0.country) \($0.year ?? 0) \($0.currency ?? "-") \($0.cents) \($0.reason)" }
                    == ["SV 2024 - 25000 no currency", "SV 2025 EUR 100000 no exchange rate for the year"])
            #expect(all.unconverted.allSatisfy { $0.runs == [synthetic.run.id] })
            // Never dropped, never summed into the converted rows: those are BCIE's alone, as before.
            #expect(all.cells == dollars.cells)
            let total =
                try await store.scalar(
                    "SELECT SUM(amount_cents) FROM allocation WHERE measure = 'disbursement' AND usd_cents IS NULL")
            #expect(all.unconverted.reduce(0) { $0 + $1.cents } == total)
            // The JSON's unconverted entries name the run too.
            let report = PortfolioReport(
                query: PortfolioQuery(measure: .disbursement, scope: .all), figures: all, ratesSource: "IMF")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
            let entries = try #require(object["unconverted"] as? [[String: Any]])
            let runs: [[Int64]] = entries.map { entry in (entry["runs"] as? [NSNumber] ?? []).map(\.int64Value) }
            #expect(runs == [[synthetic.run.id], [synthetic.run.id]])
        }
    }

    @Test(
        "past 1,000 warnings of a kind a run counts them and keeps the first 1,000; the summary and the run count all",
        arguments: Engine.available)
    func warningsBeyondTheKept(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            // SYNTHETIC: 1,500 recipient codes that are not ISO 3166-1, one a line, in an activity whose title and
            // sector are fine, and two transactions with no currency. A file of a million such codes took the import
            // to 716 MB when every warning was kept.
            let codes = (0..<1_500).map { _ in #"<recipient-country code="1000"/>"# }.joined(separator: "\n")
            let file = """
                <iati-activities version="2.03"><iati-activity last-updated-datetime="2099-01-01T00:00:00">
                <iati-identifier>SYNTHETIC-WARNINGS-1</iati-identifier>
                <title><narrative>Synthetic police training with many recipient codes</narrative></title>
                \(codes)
                <sector code="15130"/>
                <transaction><transaction-type code="3"/><value value-date="2024-06-01">1.00</value></transaction>
                <transaction><transaction-type code="3"/><value value-date="2024-06-01">2.00</value></transaction>
                </iati-activity></iati-activities>
                """
            let imported = try await importer.importFile(path: try Scratch.file("SYNTHETIC-many-warnings.xml", file))
            #expect(imported.warningsByKind == ["non_iso_country": 1_500, "missing_currency": 2])
            #expect(imported.run.warnings == 1_502)
            let kept = try await store.warnings(run: imported.run.id)
            #expect(kept.count == 1_002)
            let codeLines = kept.filter { $0.kind == "non_iso_country" }.map(\.line)
            #expect(codeLines == Array(4..<1_004))
            #expect(kept.filter { $0.kind == "missing_currency" }.map(\.line) == [1_505, 1_506])
            let table = RunsReport.warningsTable(kept, of: imported.run)
            #expect(
                table.hasSuffix(
                    "500 more were counted and not kept: a run keeps the first 1,000 warnings of each kind.\n"))
        }
    }

    @Test("an activity's parts are counted before it is split as they are when it is split, in every real file")
    func partCounts() throws {
        let allocator = try bundledAllocator()
        let files = try FileManager.default.subpathsOfDirectory(atPath: SharedData.path("iati-activities"))
            .filter { $0.hasSuffix(".xml") && !$0.contains("organisation") }
        var activities = 0
        var parts = 0
        for file in files {
            _ = try IATIReader().read(
                path: SharedData.path("iati-activities/" + file), warning: { _ in },
                activity: { activity in
                    let counted = Allocator.partCount(of: activity)
                    #expect(counted == allocator.allocations(for: activity).count, "\(activity.identifier)")
                    activities += 1
                    parts += counted
                })
        }
        #expect(activities == 2_543 && parts > activities)
    }

    @Test(
        "a currency that is not a code, or a sector or recipient with none, is a warning where it is written; the amounts are kept, unconverted",
        arguments: Engine.available)
    func unreadableCodes(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            // SYNTHETIC: before these were read, each of them stopped the whole import at a CHECK of the ledger's,
            // with SQLite's message and no line.
            let file = """
                <iati-activities version="2.03"><iati-activity last-updated-datetime="2099-01-01T00:00:00" default-currency="US Dollars">
                <iati-identifier>SYNTHETIC-CODES-1</iati-identifier>
                <reporting-org ref="XM-SYNTHETIC"><narrative>X</narrative></reporting-org>
                <title><narrative>Synthetic justice program with unreadable codes</narrative></title>
                <recipient-country code="SV"/><recipient-region code=""/>
                <sector code="15130"/><sector vocabulary="1"/>
                <transaction><transaction-type code="3"/><transaction-date iso-date="2024-06-01"/><sector code=" "/>
                <value currency="usd" value-date="2024-06-01">100.00</value></transaction>
                <transaction><transaction-type code="3"/><transaction-date iso-date="2024-06-01"/>
                <value currency="" value-date="2024-06-01">200.00</value></transaction>
                <transaction><transaction-type code="3"/><transaction-date iso-date="2024-06-01"/>
                <value value-date="2024-06-01">300.00</value></transaction>
                <transaction><transaction-type code="3"/><transaction-date iso-date="2024-06-01"/>
                <value currency="EUROS" value-date="2024-06-01">400.00</value></transaction>
                <budget><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
                <value currency="$" value-date="2024-01-01">500.00</value></budget>
                </iati-activity></iati-activities>
                """
            let imported = try await importer.importFile(path: try Scratch.file("SYNTHETIC-unreadable-codes.xml", file))
            let warnings = try await store.warnings(run: imported.run.id).map {
                "\($0.kind) \($0.line) \($0.message)"
            }
            #expect(
                warnings == [
                    "missing_code 5 recipient-region without a code; ignored",
                    "missing_code 6 sector without a code; ignored",
                    "missing_code 7 sector without a code; ignored",
                    #"invalid_currency 10 transaction value currency "" is not a three-letter code; reported unconverted"#,
                    #"invalid_currency 12 transaction value has no currency and the activity's default-currency "US Dollars" is not a three-letter code; reported unconverted"#,
                    #"invalid_currency 14 transaction value currency "EUROS" is not a three-letter code; reported unconverted"#,
                    #"invalid_currency 16 budget value currency "$" is not a three-letter code; kept without a currency"#,
                ])
            // The dollars written in small letters are converted; the other three amounts are kept, with no currency.
            let figures = try await store.portfolio(PortfolioQuery(measure: .disbursement, scope: .all))
            #expect(figures.cells.map { "\($0.country) \($0.year ?? 0) \($0.usdCents)" } == ["SV 2024 10000"])
            #expect(
                figures.unconverted.map {
                    "\($0.country) \($0.year ?? 0) \($0.currency ?? "-") \($0.cents) \($0.reason)"
                }
                    == ["SV 2024 - 90000 no currency"])
            #expect(try await store.scalar("SELECT COUNT(*) FROM txn WHERE currency IS NULL") == 3)
            #expect(
                try await store.scalar("SELECT COUNT(*) FROM budget WHERE currency IS NULL AND value_cents = 50000")
                    == 1)
            #expect(try await store.scalar("SELECT COUNT(*) FROM activity WHERE default_currency IS NULL") == 1)
        }
    }
}

@Suite("Migrations are frozen")
struct FrozenMigrationTests {
    @Test("the value lists written into migrations cover the Swift enums (a new case needs a new migration)")
    func lists() {
        #expect(SQLiteStore.pillars == Pillar.allCases.map(\.rawValue))
        // The series sources' CHECK, as v11 rebuilt it.
        for source in SeriesSource.allCases {
            #expect(SQLiteStore.v11FreedomHouse.contains("'\(source.rawValue)'"))
        }
        // The run sources' CHECK, as v13 rebuilt it; the budget tables' bases and row kinds.
        for source in ImportRun.sources {
            #expect(SQLiteStore.v13StateBudget.contains("'\(source)'"))
        }
        for basis in BudgetBasis.allCases { #expect(SQLiteStore.v13StateBudget.contains("'\(basis.rawValue)'")) }
        for kind in BudgetRowKind.allCases { #expect(SQLiteStore.v13StateBudget.contains("'\(kind.rawValue)'")) }
        for measure in OfficialMeasure.allCases {
            #expect(SQLiteStore.v2OfficialFigures.contains("'\(measure.rawValue)'"))
        }
        for kind in Engagement.Kind.allCases { #expect(SQLiteStore.v4Engagements.contains("'\(kind.rawValue)'")) }
        for level in Engagement.Level.allCases { #expect(SQLiteStore.v4Engagements.contains("'\(level.rawValue)'")) }
    }
}

/// A flag one task sets and another reads.
final class DoneFlag: Sendable {
    let value = Mutex(false)
}

@Suite("JSON texts the ledgers store")
struct JSONTextTests {
    @Test("a JSON string escapes quotes, backslashes and control characters and keeps every other character")
    func quoted() throws {
        #expect(JSONText.quoted("plain") == "\"plain\"")
        #expect(JSONText.quoted("a\"b\\c\nd\re\tf\u{1}g\u{1F}") == #""a\"b\\c\nd\re\tf\u0001g\u001f""#)
        #expect(JSONText.quoted("Justicia — reforma, 司法") == "\"Justicia — reforma, 司法\"")
        // Every text of one or two characters from an alphabet with each kind: JSON reads back the same text.
        let alphabet = ["a", "\"", "\\", "\n", "\u{0}", "\u{7F}", "é", "e\u{301}", "€", "😀", "/"]
        for first in alphabet {
            for second in alphabet {
                let text = first + second
                let narratives = [Narrative(language: "es", text: text), Narrative(language: nil, text: text)]
                let read = JSONText.readNarratives(JSONText.narratives(narratives))
                #expect(read.map { Array($0.text.utf8) } == narratives.map { Array($0.text.utf8) })
                #expect(read.map(\.language) == ["es", nil])
            }
        }
    }

    @Test("an object is written with its keys sorted and its texts escaped, and reads back the same")
    func object() throws {
        #expect(JSONText.object([:]) == "{}")
        #expect(
            JSONText.object(["3": "2024-09-30", "1": "2020-10-01", "2": "a\"b\\c\n"])
                == #"{"1":"2020-10-01","2":"a\"b\\c\n","3":"2024-09-30"}"#)
        let dictionary = ["start-planned": "2021-01-01", "é": "e\u{301}", "\u{1}": "😀/€"]
        #expect(JSONText.readObject(JSONText.object(dictionary)) == dictionary)
    }
}
