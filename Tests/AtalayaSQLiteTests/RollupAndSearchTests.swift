import AtalayaDomain
import AtalayaImport
import AtalayaStore
import AtalayaTestSupport
import Foundation
import GRDB
import Testing

@testable import AtalayaSQLite

@Suite("IATI rollup and full-text search")
struct RollupAndSearchTests {
    /// Three countries' USAID files.
    static func ledger() async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        let importer = IATIImporter(store: store, allocator: try bundledAllocator())
        for country in ["mx", "sv", "ec"] { _ = try await importer.importFile(path: usaid(country)) }
        return store
    }

    @Test("figures read from the rollup equal a GROUP BY over the allocations, for every grouping and basis")
    func rollupEqualsAllocations() async throws {
        let store = try await Self.ledger()
        for grouping in PortfolioQuery.Grouping.allCases {
            for basis in FiscalYearBasis.allCases {
                for measure in [Measure.commitment, .disbursement] {
                    let query = PortfolioQuery(measure: measure, scope: .all, basis: basis, groupBy: grouping)
                    let figures = try await store.portfolio(query)
                    let year = basis == .usFederal ? "fiscal_year" : "calendar_year"
                    let group =
                        switch grouping {
                        case .pillar: "pillar"
                        case .sector: "COALESCE(sector_code, 'none')"
                        case .account: "COALESCE(funding_account, 'none')"
                        case .publisher: "COALESCE(publisher, 'none')"
                        }
                    let direct = try await store.writer.read { db in
                        try Row.fetchAll(
                            db,
                            sql: """
                                SELECT recipient, \(year), \(group), pillar, SUM(usd_cents), COUNT(*),
                                  group_concat(DISTINCT (SELECT run_id FROM activity WHERE id = activity_id))
                                FROM allocation WHERE measure = ? AND usd_cents IS NOT NULL
                                GROUP BY recipient, \(year), pillar, \(group) ORDER BY recipient, \(year), pillar, \(group)
                                """, arguments: [measure.rawValue]
                        ).map {
                            PortfolioCell(
                                country: $0[0], year: $0[1], group: $0[2], pillar: Pillar(rawValue: $0[3]),
                                usdCents: $0[4], allocations: $0[5], runs: SQLiteStore.runList($0[6]))
                        }
                    }
                    #expect(figures.cells == direct, "\(grouping) \(basis) \(measure)")
                    #expect(!direct.isEmpty)
                }
            }
        }
    }

    /// The rollup's rows, without their ids, in one order.
    static func rollupRows(_ store: SQLiteStore) async throws -> [[DatabaseValue]] {
        try await store.writer.read { db in try rollupRows(db) }
    }

    /// The rollup's rows, without their ids, in one order, read on `db`.
    static func rollupRows(_ db: Database) throws -> [[DatabaseValue]] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT run_id, measure, recipient, fiscal_year, calendar_year, pillar, sector_group, account_group,
                  publisher_group, currency, usd_cents, amount_cents, allocations FROM allocation_rollup
                ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
                """
        ).map { Array($0.databaseValues) }
    }

    @Test("replaced money leaves its runs' rows as a rebuild would; too many groups or a rollup out of step refuse")
    func rollupTakeBack() async throws {
        let store = try await Self.ledger()
        try await store.writer.write { db in
            func runID(_ country: String) throws -> Int64 {
                try #require(
                    try Int64.fetchOne(
                        db, sql: "SELECT id FROM import_run WHERE file_name LIKE ?",
                        arguments: ["%usaid-\(country).xml"]))
            }
            let (ecuador, mexico) = (try runID("ec"), try runID("mx"))
            // Every Ecuador activity (its run's groups all empty) and one Mexico activity with money (its groups
            // lose some allocations and keep others).
            let taken =
                try Int64.fetchAll(db, sql: "SELECT id FROM activity WHERE run_id = ?", arguments: [ecuador])
                + [
                    try #require(
                        try Int64.fetchOne(
                            db,
                            sql: """
                                SELECT activity_id FROM allocation al JOIN activity a ON a.id = al.activity_id
                                WHERE a.run_id = ? GROUP BY activity_id ORDER BY COUNT(*) DESC LIMIT 1
                                """, arguments: [mexico]))
                ]
            let mexicoBefore = try Int.fetchOne(
                db, sql: "SELECT SUM(allocations) FROM allocation_rollup WHERE run_id = ?", arguments: [mexico])
            let takeBack = try RollupTakeBack(db)
            let delete = try CascadeDelete(db, table: "activity", key: "id")
            for id in taken {
                try takeBack.record(activity: id)
                try delete.run(id)
            }
            #expect(try takeBack.apply())
            let applied = try Self.rollupRows(db)
            #expect(
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM allocation_rollup WHERE run_id = ?", arguments: [ecuador])
                    == 0)
            let mexicoAfter = try Int.fetchOne(
                db, sql: "SELECT SUM(allocations) FROM allocation_rollup WHERE run_id = ?", arguments: [mexico])
            #expect(try #require(mexicoAfter) > 0 && mexicoAfter! < mexicoBefore!)
            try AllocationRollup.rebuild(db)
            #expect(try Self.rollupRows(db) == applied)

            // A rollup that lacks a group the taken activity had, and sums holding more groups than allowed: both
            // refuse, and the import rebuilds instead.
            let another = try #require(
                try Int64.fetchOne(
                    db,
                    sql: """
                        SELECT activity_id FROM allocation al JOIN activity a ON a.id = al.activity_id
                        WHERE a.run_id = ? GROUP BY activity_id HAVING COUNT(DISTINCT al.fiscal_year) > 1 LIMIT 1
                        """, arguments: [mexico]))
            let tooMany = try RollupTakeBack(db, maxGroups: 1)
            try tooMany.record(activity: another)
            #expect(!tooMany.usable)
            #expect(try !tooMany.apply())
            try db.execute(sql: "DELETE FROM allocation_rollup WHERE run_id = ?", arguments: [mexico])
            let outOfStep = try RollupTakeBack(db)
            try outOfStep.record(activity: another)
            #expect(outOfStep.usable)
            #expect(try !outOfStep.apply())
        }
    }

    @Test(
        "the rollup summed while an import writes equals the rebuild in SQL, and so does one after a replacing import")
    func rollupSummedWhileWriting() async throws {
        let store = try await Self.ledger()
        let summed = try await Self.rollupRows(store)
        // Rows in the order of each group's first allocation, so that the same files always give the same ids.
        let byID = try await store.writer.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM allocation_rollup ORDER BY id")
        }
        let byFirstAllocation = try await store.writer.read { db in
            try Int64.fetchAll(
                db,
                sql: """
                    SELECT r.id FROM allocation_rollup r ORDER BY (
                      SELECT MIN(al.id) FROM allocation al JOIN activity a ON a.id = al.activity_id
                      WHERE a.run_id = r.run_id AND al.measure = r.measure AND al.recipient = r.recipient
                        AND al.fiscal_year IS r.fiscal_year AND al.calendar_year IS r.calendar_year
                        AND al.pillar = r.pillar AND COALESCE(al.sector_code, 'none') = r.sector_group
                        AND COALESCE(al.funding_account, 'none') = r.account_group
                        AND COALESCE(al.publisher, 'none') = r.publisher_group AND al.currency IS r.currency
                        AND (al.usd_cents IS NULL) = (r.usd_cents IS NULL))
                    """)
        }
        #expect(byID.count == byFirstAllocation.count)
        #expect(zip(byID, byFirstAllocation).filter { $0 != $1 }.isEmpty, "rollup rows out of first-allocation order")
        try await store.writer.write { try AllocationRollup.rebuild($0) }
        #expect(try await Self.rollupRows(store) == summed)
        #expect(summed.count > 100)

        // A newer version of one Mexico activity: its old money leaves the Mexico run's rows.
        let importer = IATIImporter(store: store, allocator: try bundledAllocator())
        let identifier = try #require(
            try await store.writer.read { db in
                try String.fetchOne(
                    db,
                    sql: """
                        SELECT a.iati_identifier FROM activity a JOIN allocation al ON al.activity_id = a.id
                        JOIN import_run r ON r.id = a.run_id WHERE r.file_name LIKE '%usaid-mx.xml' LIMIT 1
                        """)
            })
        let newer = try Scratch.file(
            "synthetic-replaces-one.xml", syntheticNewerActivityFile(identifier: identifier, country: "MX"))
        _ = try await importer.importFile(path: newer)
        let replaced = try await Self.rollupRows(store)
        try await store.writer.write { try AllocationRollup.rebuild($0) }
        #expect(try await Self.rollupRows(store) == replaced)
        #expect(replaced != summed)
        #expect(
            try await store.scalar("SELECT SUM(allocations) FROM allocation_rollup")
                == (try await store.scalar("SELECT COUNT(*) FROM allocation")))
    }

    @Test("a file whose activities are mostly stored already adds only its new ones to the rollup")
    func rollupLeavesOutUnchanged() async throws {
        let store = try await Self.ledger()
        // Mexico's file again, with one activity more: a new file (another SHA-256) of 289 unchanged activities.
        let mexico = try String(contentsOfFile: usaid("mx"), encoding: .utf8)
        let extra = """
            <iati-activity last-updated-datetime="2024-02-01T00:00:00" default-currency="USD">
            <iati-identifier>TEST-SYNTHETIC-ROLLUP-1</iati-identifier>
            <reporting-org ref="US-GOV-1"><narrative>X</narrative></reporting-org>
            <title><narrative>Police training</narrative></title><recipient-country code="MX"/>
            <sector code="15130"/><transaction><transaction-type code="3"/>
            <transaction-date iso-date="2024-01-15"/><value value-date="2024-01-15">1000.00</value></transaction>
            </iati-activity></iati-activities>
            """
        let path = try Scratch.file(
            "synthetic-mexico-plus-one.xml", mexico.replacingOccurrences(of: "</iati-activities>", with: extra))
        let importer = IATIImporter(store: store, allocator: try bundledAllocator())
        let report = try await importer.importFile(path: path)
        #expect(report.run.activitiesNew == 1 && report.run.activitiesUnchanged == 289)
        let summed = try await Self.rollupRows(store)
        try await store.writer.write { try AllocationRollup.rebuild($0) }
        #expect(try await Self.rollupRows(store) == summed)
        #expect(
            try await store.scalar("SELECT SUM(allocations) FROM allocation_rollup WHERE run_id = \(report.run.id)")
                == 1)
    }

    @Test("sums taken back leave the groups no allocation is left in, and give up on a group they never had")
    func rollupSumsSubtract() {
        func allocation(_ country: String, _ cents: Int64) -> Allocation {
            Allocation(
                transactionIndex: 0, part: 0, measure: .disbursement, fiscalYear: 2024, calendarYear: 2024,
                recipient: RecipientShare(kind: .country, code: country), sectorVocabulary: "1", sectorCode: "15130",
                fundingAccount: nil, pillar: .lawEnforcement, ruleID: "r", amountCents: cents, currency: "USD",
                usdCents: cents, rateYear: 2024, flags: [])
        }
        var read = RunRollupSums()
        read.add([allocation("MX", 100), allocation("SV", 7), allocation("MX", 50)], publisher: "XX")
        var stored = RunRollupSums()
        stored.add([allocation("SV", 7), allocation("MX", 50)], publisher: "XX")
        read.subtract(stored)
        #expect(read.usable && read.groups.map { group in group.key.recipient } == ["MX"])
        #expect(read.groups.first?.sums.usd == 100 && read.groups.first?.sums.allocations == 1)
        var foreign = RunRollupSums()
        foreign.add([allocation("EC", 1)], publisher: "XX")
        read.subtract(foreign)
        #expect(!read.usable && read.groups.isEmpty)
    }

    @Test("an allocation is in the last group exactly when its key is that group's, whatever field differs")
    func rollupGroupMatch() {
        let base = Allocation(
            transactionIndex: 0, part: 0, measure: .disbursement, fiscalYear: 2024, calendarYear: 2023,
            recipient: RecipientShare(kind: .region, code: "489", vocabulary: "1"), sectorVocabulary: "1",
            sectorCode: "15130", fundingAccount: "72x1037", pillar: .justice, ruleID: "r", amountCents: 100,
            currency: "EUR", usdCents: 108, rateYear: 2023, flags: [])
        func changed(_ change: (inout Allocation) -> Void) -> Allocation {
            var item = base
            change(&item)
            return item
        }
        let recipients = [
            RecipientShare(kind: .region, code: "48"), RecipientShare(kind: .region, code: "4899"),
            RecipientShare(kind: .country, code: "489"), RecipientShare(kind: .country, code: "region:489"),
            RecipientShare(kind: .nonISOCountry, code: "489"), RecipientShare(kind: .nonISOCountry, code: "1000"),
            RecipientShare(kind: .none, code: ""), RecipientShare(kind: .country, code: "none"),
        ]
        let variants =
            [base] + recipients.map { recipient in changed { $0.recipient = recipient } } + [
                changed { $0.measure = .commitment }, changed { $0.fiscalYear = nil },
                changed { $0.calendarYear = 2024 }, changed { $0.pillar = .governance },
                changed { $0.sectorCode = nil }, changed { $0.fundingAccount = "72x1021" },
                changed { $0.currency = nil }, changed { $0.usdCents = nil },
                changed { $0.amountCents = 5 },  // not part of the group
            ]
        for publisher in ["US-GOV-1", nil] {
            let keys = variants.map { RunRollupSums.Key($0, publisher: publisher) }
            for (index, key) in keys.enumerated() {
                for (other, variant) in variants.enumerated() {
                    for asPublisher in ["US-GOV-1", "XM-DAC-46007", nil] {
                        let same = key == RunRollupSums.Key(variant, publisher: asPublisher)
                        #expect(
                            key.holds(variant, publisher: asPublisher) == same,
                            "group \(index), allocation \(other), publisher \(asPublisher ?? "none")")
                    }
                }
            }
        }
        #expect(RunRollupSums.Key(base, publisher: nil).recipient == "region:489")
    }

    @Test("sums that would hold too many groups give up, and the import rebuilds in SQL instead")
    func rollupSumsGiveUp() throws {
        let allocations = (0..<3).map { index in
            Allocation(
                transactionIndex: 0, part: index, measure: .disbursement, fiscalYear: 2024, calendarYear: 2024,
                recipient: RecipientShare(kind: .country, code: ["MX", "SV", "EC"][index]), sectorVocabulary: "1",
                sectorCode: "15130", fundingAccount: nil, pillar: .lawEnforcement, ruleID: "r", amountCents: 100,
                currency: "USD", usdCents: 100, rateYear: 2024, flags: [])
        }
        var roomy = RunRollupSums(maxGroups: 3)
        roomy.add(allocations, publisher: "XX")
        #expect(roomy.usable && roomy.groups.map { group in group.key.recipient } == ["MX", "SV", "EC"])
        var tight = RunRollupSums(maxGroups: 2)
        tight.add(allocations, publisher: "XX")
        #expect(!tight.usable && tight.groups.isEmpty)
    }

    @Test("the rollup follows a reclassification and a newer file")
    func rollupFollowsChanges() async throws {
        let store = try await Self.ledger()
        let before = try await store.scalar("SELECT SUM(allocations) FROM allocation_rollup")
        #expect(before == (try await store.scalar("SELECT COUNT(*) FROM allocation")))
        _ = try await store.reclassify(allocator: try bundledAllocator())
        #expect(try await store.scalar("SELECT SUM(allocations) FROM allocation_rollup") == before)
        #expect(
            try await store.scalar("SELECT SUM(usd_cents) FROM allocation_rollup")
                == (try await store.scalar("SELECT SUM(usd_cents) FROM allocation")))
    }

    @Test("the search index holds exactly the stored narratives after newer files and an identifier given twice")
    func searchIndexFollowsImports() async throws {
        let store = try await Self.ledger()
        /// FTS5's own check that its index matches the narratives, entry for entry; it throws when not.
        func checkIndex() async throws {
            try await store.writer.write { db in
                try db.execute(
                    sql: "INSERT INTO narrative_search (narrative_search, rank) VALUES ('integrity-check', 1)")
            }
        }
        try await checkIndex()
        let importer = IATIImporter(store: store, allocator: try bundledAllocator())
        // Every Mexico activity newer: its old entries go, the new ones come.
        let mexico = try String(contentsOfFile: usaid("mx"), encoding: .utf8)
        let newer = mexico.replacingOccurrences(
            of: "last-updated-datetime=\"2025-04-03T20:52:13.509Z\"",
            with: "last-updated-datetime=\"2026-01-01T00:00:00Z\"")
        let replaced = try await importer.importFile(path: try Scratch.file("synthetic-usaid-mx-newer.xml", newer))
        #expect(replaced.run.activitiesUpdated == 289)
        try await checkIndex()
        /// A file of these synthetic activities: an identifier, its country, its date and a title word of its own.
        func file(_ name: String, _ activities: [(String, String, String, String)]) throws -> String {
            let body = activities.map { identifier, country, date, word in
                syntheticNewerActivityFile(identifier: identifier, country: country)
                    .replacingOccurrences(of: "<iati-activities version=\"2.03\">", with: "")
                    .replacingOccurrences(of: "</iati-activities>", with: "")
                    .replacingOccurrences(of: "2099-01-01", with: date)
                    .replacingOccurrences(of: "Police training", with: "\(word) prosecutor mentoring")
            }
            return try Scratch.file(name, "<iati-activities version=\"2.03\">" + body.joined() + "</iati-activities>")
        }
        // One identifier twice in a file, the second copy newer: the first copy's entries leave with it, whether
        // written at once (nothing replaced before it) or deferred (after the file has replaced a stored activity).
        let salvador = try String(contentsOfFile: usaid("sv"), encoding: .utf8)
        let stored = try #require(
            salvador.firstRange(of: "<iati-identifier>").map { salvador[$0.upperBound...].prefix { $0 != "<" } })
        for (name, first) in [
            ("synthetic-twice-at-once.xml", [(String, String, String, String)]()),
            ("synthetic-twice-deferred.xml", [(String(stored), "SV", "2099-01-01", "Syntheticstored")]),
        ] {
            let identifier = "TEST-SYNTHETIC-TWICE-\(first.count)"
            let word = "Synthetictwice\(first.count)"
            let repeated = try await importer.importFile(
                path: try file(
                    name,
                    first + [
                        (identifier, "MX", "2099-01-01", "Syntheticfirstcopy"),
                        (identifier, "MX", "2099-02-01", word),
                    ]))
            #expect(repeated.run.activitiesNew == 1 && repeated.run.activitiesUpdated == 1 + first.count)
            try await checkIndex()
            let found = try await store.activities(ActivityQuery(text: word))
            #expect(found.items.map(\.identifier) == [identifier])
        }
        #expect(try await store.activities(ActivityQuery(text: "syntheticfirstcopy")).total == 0)
        #expect(try await store.activities(ActivityQuery(text: "syntheticstored")).total == 1)
    }

    @Test("search matches every word in one title or description, accents folded, any input safe")
    func search() async throws {
        let store = try await Self.ledger()
        let justice = try await store.activities(ActivityQuery(text: "justice"))
        #expect(justice.total > 0)
        // Each hit's own texts contain the word (checked apart from FTS, by LIKE).
        for item in justice.items {
            let count = try await store.scalar(
                """
                SELECT COUNT(*) FROM narrative n JOIN activity a ON a.id = n.activity_id
                WHERE a.iati_identifier = '\(item.identifier)' AND n.text LIKE '%justice%'
                """)
            #expect((count ?? 0) > 0, "\(item.identifier)")
        }
        // Accents are folded both ways.
        let plain = try await store.activities(ActivityQuery(text: "corrupcion", limit: 500))
        let accented = try await store.activities(ActivityQuery(text: "corrupción", limit: 500))
        #expect(plain == accented)
        // Words must all occur; a prefix of the last matches.
        let both = try await store.activities(ActivityQuery(text: "rule law", limit: 500))
        let prefix = try await store.activities(ActivityQuery(text: "rule la", limit: 500))
        #expect(Set(both.items.map(\.identifier)).isSubset(of: Set(prefix.items.map(\.identifier))))
        // FTS syntax in the input is text, never an error.
        for hostile in ["\") OR *", "NEAR(a b)", "a AND", "\"", "*", "title:x", String(repeating: "x ", count: 300)] {
            _ = try await store.activities(ActivityQuery(text: hostile))
        }
        #expect(try await store.activities(ActivityQuery(text: "!!!")).total == 0)
        // Filters combine with the search and the total counts all matches.
        let inMexico = try await store.activities(ActivityQuery(country: "MX", text: "justice", limit: 1))
        #expect(inMexico.items.count <= 1 && inMexico.total <= justice.total)
    }

    @Test("a replaced activity's old text leaves the search index (the FTS triggers follow cascading deletes)")
    func searchFollowsUpdates() async throws {
        let store = try SQLiteStore.inMemory()
        let importer = IATIImporter(store: store, allocator: try bundledAllocator())
        let older = try Scratch.file(
            "synthetic-older.xml",
            """
            <iati-activities version="2.03"><iati-activity last-updated-datetime="2020-01-01T00:00:00">
            <iati-identifier>XX-SYNTHETIC-1</iati-identifier><reporting-org ref="XX"><narrative>X</narrative></reporting-org>
            <title><narrative>Obsoleteword policing</narrative></title></iati-activity></iati-activities>
            """)
        let newer = try Scratch.file(
            "synthetic-newer.xml",
            """
            <iati-activities version="2.03"><iati-activity last-updated-datetime="2021-01-01T00:00:00">
            <iati-identifier>XX-SYNTHETIC-1</iati-identifier><reporting-org ref="XX"><narrative>X</narrative></reporting-org>
            <title><narrative>Freshword policing</narrative></title></iati-activity></iati-activities>
            """)
        _ = try await importer.importFile(path: older)
        #expect(try await store.activities(ActivityQuery(text: "obsoleteword")).total == 1)
        _ = try await importer.importFile(path: newer)
        #expect(try await store.activities(ActivityQuery(text: "obsoleteword")).total == 0)
        #expect(try await store.activities(ActivityQuery(text: "freshword")).total == 1)
        #expect(try await store.scalar("SELECT COUNT(*) FROM narrative_search") == 1)
    }
}
