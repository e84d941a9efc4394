import AtalayaBundledData
import AtalayaDomain
import AtalayaImport
import AtalayaInsights
import AtalayaPostgres
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaSQLite

@Suite(
    "PostgreSQL: the same ledger as SQLite",
    .enabled(if: testPostgresURL != nil, "needs ATALAYA_TEST_DATABASE_URL (.ci/run starts a cluster)"))
struct PostgresLedgerTests {
    static let files = BundledData.demoIATIFiles.map(\.path)

    /// Imports the bundled IATI files, ForeignAssistance.gov exports and totals, Greenbook rows, outcome series and
    /// engagements, as `atalaya demo` does.
    static func importBundled(_ store: any LedgerStore, _ allocator: Allocator) async throws {
        let importer = IATIImporter(store: store, allocator: allocator)
        for file in files { _ = try await importer.importFile(path: file) }
        let official = OfficialImporter(store: store, classifier: OfficialClassifier(crosswalk: allocator.crosswalk))
        for file in BundledData.demoForeignAssistance {
            _ = try await official.importFile(
                path: file.path, source: .fa, vintage: BundledData.demoForeignAssistanceVintage)
        }
        _ = try await official.importFile(
            path: BundledData.demoForeignAssistanceTotals.path, source: .fa,
            vintage: BundledData.demoForeignAssistanceTotalsVintage)
        _ = try await official.importFile(
            path: BundledData.demoGreenbook.path, source: .greenbook, vintage: BundledData.demoGreenbookVintage)
        let series = SeriesImporter(store: store)
        _ = try await series.importFile(
            path: BundledData.demoWGI.path, source: .wgi, edition: BundledData.demoWGIEdition)
        _ = try await series.importFile(path: BundledData.demoHomicide.path, source: .homicide, edition: nil)
        _ = try await EngagementImporter(store: store).importFile(path: BundledData.demoEngagements.path)
    }

    @Test("the bundled data gives the same portfolio, row for row, and the same briefs on both engines")
    func samePortfolio() async throws {
        let sqlite = try SQLiteStore.inMemory()
        let allocator = try bundledAllocator()
        try await Self.importBundled(sqlite, allocator)
        try await ScratchDatabase.with { location in
            try await PostgresStore.withStore(location, logger: quietLogger) { postgres in
                try await postgres.migrate()
                try await Self.importBundled(postgres, allocator)
                let importer = IATIImporter(store: postgres, allocator: allocator)
                let queries = [
                    PortfolioQuery(),
                    PortfolioQuery(measure: .commitment, scope: .all, groupBy: .sector),
                    PortfolioQuery(basis: .calendar, countries: ["MX", "SV"], fromYear: 2015, toYear: 2022),
                    PortfolioQuery(groupBy: .publisher, publishers: ["US-GOV-1"]),
                    PortfolioQuery(measure: .expenditure, groupBy: .account),
                    PortfolioQuery(measure: .obligation, scope: .all, source: .greenbook),
                    PortfolioQuery(measure: .obligation, source: .fa),
                    PortfolioQuery(measure: .obligation, countries: ["SV"], groupBy: .account, source: .fa),
                    PortfolioQuery(
                        measure: .obligation, countries: ["CO", "MX"], groupBy: .account, source: .greenbook),
                ]
                for query in queries {
                    let a = try await sqlite.portfolio(query)
                    let b = try await postgres.portfolio(query)
                    #expect(a.cells == b.cells, "\(query)")
                    #expect(a.unconverted == b.unconverted, "\(query)")
                    #expect(a.crosswalk == b.crosswalk && a.coverage == b.coverage)
                    #expect(a.sources.map(\.sha256) == b.sources.map(\.sha256))
                    // The JSON users get: identical rows.
                    let rows = { (figures: PortfolioFigures) throws -> [JSONRow] in
                        let json = try PortfolioReport(query: query, figures: figures, ratesSource: "").json()
                        return try JSONDecoder().decode(JSONRows.self, from: Data(json.utf8)).rows
                    }
                    #expect(try rows(a) == rows(b), "\(query)")
                    #expect(!a.cells.isEmpty || query.measure == .expenditure, "\(query)")
                }
                // Runs and their counts match too (ids and times aside).
                let runsA = try await sqlite.runs().map {
                    [$0.fileName, $0.sha256, "\($0.activitiesNew)", "\($0.transactions)", "\($0.warnings)"]
                }
                let runsB = try await postgres.runs().map {
                    [$0.fileName, $0.sha256, "\($0.activitiesNew)", "\($0.transactions)", "\($0.warnings)"]
                }
                #expect(runsA == runsB)
                // The ForeignAssistance.gov totals beside its detail, as the country page on `source=fa` shows them.
                for country in ["EC", "SV"] {
                    let coverage = try await sqlite.detailCoverage(country: country, measure: .obligation)
                    let other = try await postgres.detailCoverage(country: country, measure: .obligation)
                    // Their runs were imported a second apart: compare the figures, the notes and the files.
                    #expect(coverage.years == other.years && coverage.notes == other.notes)
                    #expect(coverage.sources.map(\.sha256) == other.sources.map(\.sha256))
                    #expect(coverage.years.contains { $0.totalCents != nil && $0.detailCents != nil })
                }
                let firstRun = try #require(try await postgres.runs().first { $0.warnings > 0 })
                let sqliteRun = try #require(try await sqlite.runs().first { $0.sha256 == firstRun.sha256 })
                #expect(try await postgres.warnings(run: firstRun.id) == (try await sqlite.warnings(run: sqliteRun.id)))
                // Lists, search and explain agree too (search order may differ: bm25 against ts_rank).
                for query in [
                    ActivityQuery(country: "MX", limit: 500), ActivityQuery(pillar: .justice, limit: 30, offset: 10),
                    ActivityQuery(country: "SV", limit: 500, titleLanguage: "es"),
                ] {
                    #expect(try await sqlite.activities(query) == (try await postgres.activities(query)), "\(query)")
                }
                for words in ["justice", "corrupcion", "rule of law", "!!!"] {
                    let a = try await sqlite.activities(ActivityQuery(text: words, limit: 500))
                    let b = try await postgres.activities(ActivityQuery(text: words, limit: 500))
                    #expect(a.total == b.total, "\(words)")
                    #expect(Set(a.items.map(\.identifier)) == Set(b.items.map(\.identifier)), "\(words)")
                }
                for item in try await sqlite.activities(ActivityQuery(country: "SV", limit: 5)).items {
                    let a = try #require(try await sqlite.explain(identifier: item.identifier))
                    let b = try #require(try await postgres.explain(identifier: item.identifier))
                    #expect(a.activity == b.activity && a.transactions == b.transactions && a.crosswalk == b.crosswalk)
                    #expect(a.run.sha256 == b.run.sha256)
                }
                #expect(try await postgres.explain(identifier: "no-such-activity") == nil)
                // The brief and the signals, built from every store method, read the same.
                for country in ["MX", "SV", "CO"] {
                    for source in [PortfolioQuery.Source.iati, .fa, .greenbook] {
                        let measure: Measure = source == .iati ? .disbursement : .obligation
                        let brief = { (store: any LedgerStore, language: ReportLanguage) async throws -> String in
                            CountryBriefRenderer(
                                brief: try await BriefBuilder(store: store).brief(
                                    country: country, asOf: "2025-11-29", source: source, measure: measure,
                                    language: language),
                                language: language
                            ).markdown()
                        }
                        for language in [ReportLanguage.en, .es] {
                            #expect(
                                try await brief(sqlite, language) == brief(postgres, language),
                                "\(country) \(source) \(language)")
                        }
                    }
                }
                let signals = { (store: any LedgerStore) async throws in
                    try await SignalsBuilder(store: store).signals(
                        countries: ["MX", "CO", "EC"], asOf: "2025-11-29", source: .iati, measure: .disbursement)
                }
                #expect(try await signals(sqlite) == signals(postgres))
                // Reclassifying gives the same allocations and rollups again.
                #expect(
                    try await sqlite.reclassify(allocator: allocator)
                        == postgres.reclassify(allocator: allocator))
                for query in queries {
                    #expect(try await sqlite.portfolio(query).cells == postgres.portfolio(query).cells, "\(query)")
                }
                // The same file again changes nothing.
                let again = try await importer.importFile(path: Self.files[0])
                #expect(again.alreadyImported)
            }
        }
    }

    @Test("two imports at once are serialised and both land; a bad file writes nothing")
    func concurrentAndAtomic() async throws {
        let allocator = try bundledAllocator()
        try await ScratchDatabase.with { location in
            try await PostgresStore.withStore(location, logger: quietLogger) { postgres in
                try await postgres.migrate()
                let importer = IATIImporter(store: postgres, allocator: allocator)
                async let mexico = importer.importFile(path: usaid("mx"))
                async let salvador = importer.importFile(path: usaid("sv"))
                _ = try await (mexico, salvador)
                let sqlite = try SQLiteStore.inMemory()
                for country in ["mx", "sv"] {
                    _ = try await IATIImporter(store: sqlite, allocator: allocator).importFile(path: usaid(country))
                }
                // The same cells; the runs, numbered in whichever order the two imports landed, by their files.
                let byFile = { (figures: PortfolioFigures) -> [String] in
                    let files = Dictionary(uniqueKeysWithValues: figures.sources.map { ($0.id, $0.fileName) })
                    return figures.cells.map { cell in
                        "\(cell.country) \(cell.year ?? 0) \(cell.group) \(cell.usdCents) \(cell.allocations) "
                            + cell.runs.compactMap { files[$0] }.joined(separator: " ")
                    }
                }
                let pair = (
                    try await postgres.portfolio(PortfolioQuery()), try await sqlite.portfolio(PortfolioQuery())
                )
                #expect(!pair.0.cells.isEmpty && byFile(pair.0) == byFile(pair.1))

                let before = try await postgres.generation()
                let bad = try Scratch.file(
                    "synthetic-truncated.xml",
                    """
                    <iati-activities version="2.03"><iati-activity last-updated-datetime="2021-01-01T00:00:00">
                    <iati-identifier>XX-SYNTHETIC-2</iati-identifier><reporting-org ref="XX"><narrative>X</narrative>
                    </reporting-org><title><narrative>Half</narrative></title></iati-activity><iati-activity>
                    """)
                await #expect(throws: (any Error).self) { try await importer.importFile(path: bad) }
                #expect(try await postgres.generation() == before)
                #expect(try await postgres.runs().count == 2)
            }
        }
    }
}

/// The rows of the portfolio JSON, as users read them.
struct JSONRows: Decodable {
    var rows: [JSONRow]
}

/// One row of the portfolio JSON.
struct JSONRow: Decodable, Equatable {
    var country: String
    var fiscalYear: Int?
    var pillar: String
    var group: String?
    var amountUSD: Decimal
    var allocations: Int
}
