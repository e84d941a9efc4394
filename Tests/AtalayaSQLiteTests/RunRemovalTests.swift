import AtalayaDomain
import AtalayaImport
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaSQLite

@Suite("Removing an import run")
struct RunRemovalTests {
    /// The IATI tables an activity's rows are spread over.
    static let activityTables = [
        "activity", "narrative", "participating_org", "activity_recipient", "activity_sector", "txn", "txn_sector",
        "txn_recipient", "budget", "result", "indicator", "indicator_period", "allocation", "allocation_rollup",
    ]

    /// Each table's row count, every recipient's figures, and what two searches find: what a ledger answers.
    static func answers(_ store: any TestLedger) async throws -> [String] {
        var answers: [String] = []
        for table in activityTables {
            answers.append("\(table) \(try await store.scalar("SELECT COUNT(*) FROM \(table)") ?? -1)")
        }
        for measure in [Measure.commitment, .disbursement] {
            let figures = try await store.portfolio(PortfolioQuery(measure: measure, scope: .all))
            answers += figures.cells.map { "\($0)" }.sorted()
            answers += figures.unconverted.map { "\($0)" }.sorted()
        }
        for words in ["justice", "Mexico", "violencia"] {
            answers.append("\(words): \(try await store.activities(ActivityQuery(text: words)).total)")
        }
        return answers
    }

    @Test(
        "an IATI run removed leaves the ledger as if its file had never been imported; its id is never reused",
        arguments: Engine.available)
    func iati(_ engine: Engine) async throws {
        var expected: [String] = []
        try await engine.withLedger { store in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(path: usaid("sv"))
            expected = try await Self.answers(store)
        }
        try await engine.withLedger { store in
            let importer = IATIImporter(store: store, allocator: try bundledAllocator())
            let salvador = try await importer.importFile(path: usaid("sv")).run
            let mexico = try await importer.importFile(path: usaid("mx")).run
            let before = try await store.generation()
            #expect(try await Self.answers(store) != expected)

            let removed = try await store.removeRun(mexico.id)
            #expect(removed.run == mexico && removed.records == 289)
            #expect(try await Self.answers(store) == expected)
            #expect(try await LedgerTests.rollupRowsOutOfStep(store) == 0)
            #expect(try await store.runs() == [salvador])
            #expect(try await store.removedRuns() == [removed])
            #expect(try await store.generation() != before)
            #expect(try await store.scalar("SELECT COUNT(*) FROM import_warning WHERE run_id = \(mexico.id)") == 0)

            // Twice, or a run that never was: a plain error that says which.
            let again = await #expect(throws: LedgerQueryError.self) { _ = try await store.removeRun(mexico.id) }
            #expect(again?.description == "run \(mexico.id) (usaid-mx.xml) was removed on \(removed.removedAt)")
            let unknown = await #expect(throws: LedgerQueryError.self) { _ = try await store.removeRun(99) }
            #expect(unknown?.description == "no run 99 in this ledger; `atalaya runs` lists them")

            // The file can come back, under a new id: the removed run's id stays its own (SQLite would hand the
            // highest id out again).
            let back = try await importer.importFile(path: usaid("mx")).run
            #expect(back.id > mexico.id && back.activitiesNew == 289)
        }
    }

    @Test("a run whose records another run depends on is refused, and nothing changes", arguments: Engine.available)
    func refused(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = IATIImporter(store: store, allocator: try bundledAllocator())
            let older = try await importer.importFile(path: usaid("mx")).run
            let mexico = try String(contentsOfFile: usaid("mx"), encoding: .utf8)
            let newer = try await importer.importFile(
                path: try Scratch.file(
                    "synthetic-usaid-mx-newer.xml",
                    mexico.replacingOccurrences(
                        of: "last-updated-datetime=\"2025-04-03T20:52:13.509Z\"",
                        with: "last-updated-datetime=\"2026-01-01T00:00:00Z\""))
            ).run
            let answers = try await Self.answers(store)
            let replacing = await #expect(throws: LedgerQueryError.self) { _ = try await store.removeRun(newer.id) }
            #expect(
                replacing?.description
                    == "cannot remove run \(newer.id) (synthetic-usaid-mx-newer.xml): run \(newer.id) replaced 289 "
                    + "activities that earlier runs had stored; removing it would lose them, as the older versions "
                    + "were replaced, not kept")
            #expect(try await Self.answers(store) == answers)
            #expect(try await store.removedRuns().isEmpty)
            // The older run, all of whose activities were replaced, holds nothing and may go.
            #expect(try await store.removeRun(older.id).records == 0)
            #expect(try await Self.answers(store) == answers)

            // Indicator values: a second file of the same source and edition replaced the first one's.
            let series = SeriesImporter(store: store)
            func long(_ name: String, _ value: String) async throws -> ImportRun {
                let path = try Scratch.file(
                    name, "country,indicator,year,value\nCO,survey.trust_in_courts,2019,\(value)\n")
                guard case .imported(let run) = try await series.importFile(path: path, source: .long, edition: "e1")
                else { throw LedgerQueryError("\(name) was not imported") }
                return run
            }
            let first = try await long("synthetic-series-first.csv", "0.41")
            let second = try await long("synthetic-series-second.csv", "0.45")
            let overwriting = await #expect(throws: LedgerQueryError.self) { _ = try await store.removeRun(second.id) }
            #expect(overwriting?.description.contains("replaced those of run \(first.id)") == true)
            #expect(try await store.series(country: "CO", indicatorPrefix: "survey.").map(\.value) == ["0.45"])

            // Engagements: a later file may give the same records, kept as the first file's.
            let engagements = EngagementImporter(store: store)
            let earlier = try #require(try await engagements.importFile(path: engagementsFile).run)
            let text = try String(contentsOfFile: engagementsFile, encoding: .utf8)
            let later = try #require(
                try await engagements.importFile(path: try Scratch.file("synthetic-engagements-again.csv", text + "\n"))
                    .run)
            let kept = await #expect(throws: LedgerQueryError.self) { _ = try await store.removeRun(earlier.id) }
            #expect(kept?.description.hasSuffix("Remove run \(later.id) first") == true)
            #expect(try await store.engagements(country: nil).count == 3)
            // The later one gave nothing new, and may go; then the first may too.
            #expect(try await store.removeRun(later.id).records == 0)
            #expect(try await store.removeRun(earlier.id).records == 3)
            #expect(try await store.engagements(country: nil).isEmpty)
            let removals = try await store.removedRuns().map(\.run.id)
            #expect(removals == [older.id, later.id, earlier.id])
        }
    }

    /// The official rows in the figures: how many, their money, and how many from each vintage.
    static func current(_ store: any TestLedger) async throws -> [Int64?] {
        var answers: [Int64?] = []
        for sql in [
            "SELECT COUNT(*) FROM official_rollup WHERE superseded_by IS NULL",
            "SELECT SUM(rows) FROM official_rollup WHERE superseded_by IS NULL",
            "SELECT SUM(current_cents) FROM official_rollup WHERE superseded_by IS NULL",
            """
            SELECT COUNT(*) FROM official_rollup o JOIN import_run r ON r.id = o.run_id
            WHERE o.superseded_by IS NULL AND r.vintage = '2022-12-15'
            """,
        ] {
            answers.append(try await store.scalar(sql))
        }
        return answers
    }

    @Test(
        "official figures: removing the newest vintage brings the one before back into the figures",
        arguments: Engine.available)
    func official(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = OfficialImporter(
                store: store, classifier: OfficialClassifier(crosswalk: try bundledAllocator().crosswalk))
            let older = try await importer.importFile(path: summary2022, source: .fa, vintage: "2022-12-15")
            let olderOnly = try await Self.current(store)
            #expect(olderOnly[1] == 21_973)
            // In order, the newer superseding the older; then the newer goes.
            let newer = try await importer.importFile(path: summary2023, source: .fa, vintage: "2023-10-21")
            #expect(newer.outcome.replaced[older.outcome.run.id] == 21_970)
            #expect(try await Self.current(store) != olderOnly)
            #expect(try await store.removeRun(newer.outcome.run.id).records == 23_166)
            #expect(try await Self.current(store) == olderOnly)
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_rollup WHERE superseded_by IS NOT NULL") == 0)
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_amount") == 21_973)

            // The newer again, then the older once more under another file (kept out by the newer); the newer goes:
            // the figures are the older vintage's, now from its later run.
            let again = try await importer.importFile(path: summary2023, source: .fa, vintage: "2023-10-21")
            let copy = try await importer.importFile(
                path: try Scratch.file(
                    "synthetic-summary-2022-copy.csv", try String(contentsOfFile: summary2022, encoding: .utf8) + "\n"),
                source: .fa, vintage: "2022-12-15")
            #expect(copy.outcome.keptOut[again.outcome.run.id] == 21_970)
            _ = try await store.removeRun(again.outcome.run.id)
            #expect(try await Self.current(store) == olderOnly)
            #expect(
                try await store.scalar(
                    "SELECT COUNT(*) FROM official_rollup WHERE superseded_by IS NULL AND run_id = \(older.outcome.run.id)"
                ) == 0)
        }
    }
    @Test(
        "official figures: a removed run's long texts go unless another run's rows name them",
        arguments: Engine.available)
    func officialTexts(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = OfficialImporter(
                store: store, classifier: OfficialClassifier(crosswalk: try bundledAllocator().crosswalk))
            let texts = { try await store.scalar("SELECT COUNT(*) FROM official_text") ?? -1 }
            let ecuador = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            let ecuadorTexts = try await texts()
            let salvador = try await importer.importFile(path: salvadorExport, source: .fa, vintage: "2022-12-15")
            let bothTexts = try await texts()
            // Ecuador goes first: El Salvador's rows keep the texts the two share (agencies, accounts, partners).
            _ = try await store.removeRun(ecuador.outcome.run.id)
            let salvadorTexts = try await texts()
            #expect(ecuadorTexts > 0 && salvadorTexts > 0 && salvadorTexts < bothTexts)
            #expect(ecuadorTexts + salvadorTexts > bothTexts, "the two files share some texts")
            // Every text left is named by a row, and every row's text is there.
            let named = RunRemoval.textColumns.map { "SELECT \($0) AS id FROM official_amount" }
                .joined(separator: " UNION ")
            #expect(try await store.scalar("SELECT COUNT(*) FROM (\(named)) n WHERE id IS NOT NULL") == salvadorTexts)
            #expect(
                try await store.scalar(
                    "SELECT COUNT(*) FROM official_row WHERE activity_name IS NULL AND activity_name_id IS NOT NULL")
                    == 0)
            _ = try await store.removeRun(salvador.outcome.run.id)
            #expect(try await texts() == 0)
            // Imported again (the removed files may be), each stores its texts as before.
            _ = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            #expect(try await texts() == ecuadorTexts)
        }
    }
}
