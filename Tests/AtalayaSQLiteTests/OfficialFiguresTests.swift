import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import GRDB
import Testing

@testable import AtalayaSQLite

func foreignAssistance(_ relative: String) -> String { SharedData.path("foreignassistance-gov/\(relative)") }

let ecuadorExport = foreignAssistance("complete-dataset-extracts/Ecuador_2022-2002_Econ_Other.csv")
let salvadorExport = foreignAssistance("complete-dataset-extracts/El_Salvador_2022-2002_Econ_Other.csv")
let greenbookCSV = foreignAssistance("greenbook/us_foreignaid_greenbook_1946-2020.derived.csv")
let summary2022 = foreignAssistance("country-summary/vintage-2022-12/US_foreign_aid_summary.csv")
let summary2023 = foreignAssistance("country-summary/vintage-2023-10/us_foreign_aid_country.csv")

@Suite("Official U.S. figures in the ledger")
struct OfficialFiguresTests {
    /// Runs `body` with a new ledger on `engine` and an importer into it.
    func ledger(_ engine: Engine, _ body: (any TestLedger, OfficialImporter) async throws -> Void) async throws {
        try await engine.withLedger { store in
            try await body(
                store,
                OfficialImporter(
                    store: store, classifier: OfficialClassifier(crosswalk: try bundledAllocator().crosswalk)))
        }
    }

    func total(_ figures: PortfolioFigures) -> Cents { figures.cells.reduce(0) { $0 + $1.usdCents } }

    @Test(
        "Ecuador: the country totals beside the imported detail, year by year, as Python sums the two files apart",
        arguments: Engine.available)
    func ecuadorCoverage(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let export = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            let totals = try await importer.importFile(path: summary2022, source: .fa, vintage: "2022-12-15")
            let coverage = try await store.detailCoverage(country: "EC", measure: .obligation)
            let years = Dictionary(uniqueKeysWithValues: coverage.years.map { ($0.fiscalPeriod, $0) })
            // Python's csv module over each file: obligations summed by fiscal year (the detail is economic only).
            #expect((years["2017"]?.totalCents, years["2017"]?.detailCents) == (18_030_116_00, 18_030_116_00))
            #expect(years["2017"]?.share == 1)
            #expect((years["2010"]?.totalCents, years["2010"]?.detailCents) == (56_498_132_00, 41_313_132_00))
            #expect((years["2022"]?.totalCents, years["2022"]?.detailCents) == (7_030_650_00, 36_811_992_00))
            // A year the detail does not reach is missing, not zero.
            #expect(years["2001"]?.totalCents != nil && years["2001"]?.detailCents == nil)
            // Each year names the runs its two figures come from: the totals' alone where the detail does not reach.
            let (exportRun, totalsRun) = (export.outcome.run.id, totals.outcome.run.id)
            #expect(years["2017"]?.runs == [exportRun, totalsRun] && years["2001"]?.runs == [totalsRun])
            let csv = CoverageReport(coverage).csv()
            #expect(csv.hasPrefix("fiscal_year,total_usd,detail_usd,share,runs\n"))
            #expect(csv.contains("\n2001,64512401.00,,,\(totalsRun)\n"))
            #expect(csv.contains("\n2017,18030116.00,18030116.00,1.0000,\(exportRun) \(totalsRun)\n"))
            #expect(coverage.years.first?.fiscalPeriod == "2022")
            #expect(coverage.detailObjectives == ["Economic"])
            #expect(coverage.sources.count == 2)
            #expect(coverage.notes.last?.hasPrefix("In 2 years (2022, 2021) the detail sums to more") == true)
            #expect(coverage.notes(in: .es).count == coverage.notes.count)
            // The table, in English and Spanish: the same years and figures, a year the detail does not reach said so.
            let (english, spanish) = (CoverageReport(coverage).table(), CoverageReport(coverage).table(in: .es))
            #expect(
                spanish.hasPrefix(
                    "Totales de país de ForeignAssistance.gov junto al detalle importado — Ecuador (EC), "))
            let line = { (text: String, year: String) in text.split(separator: "\n").first { $0.hasPrefix(year + " ") }
            }
            #expect(line(english, "2017")?.split(separator: " ") == ["2017", "18,030,116", "18,030,116", "100.0%"])
            #expect(line(spanish, "2001")?.split(separator: " ") == ["2001", "64,512,401", "nada", "importado", "–"])
            let rows = { (text: String) in
                text.split(separator: "\n").filter { $0.first?.isNumber == true }.map {
                    $0.split(separator: " ").filter { $0.first?.isNumber == true }
                }
            }
            #expect(rows(english).count >= coverage.years.count && rows(english) == rows(spanish))
            #expect(spanish.contains(coverage.notes(in: .es).joined(separator: "\n")))
        }
    }
    @Test(
        "a --vintage that is no date (a month past 12, a day past the month's, a missing digit) is refused, nothing written",
        arguments: Engine.available)
    func vintageNotADate(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            for vintage in ["2022-13", "2022-00", "2022-02-30", "2022-1-15", "2022--1-15", "22-12-15", "December"] {
                let error = await #expect(throws: IngestError.self) {
                    _ = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: vintage)
                }
                #expect(error?.field == "--vintage")
                #expect(error?.message == "\"\(vintage)\" is not a date (YYYY-MM-DD or YYYY-MM)")
            }
            #expect(try await store.scalar("SELECT COUNT(*) FROM import_run") == 0)
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_amount") == 0)
            let month = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12")
            #expect(month.outcome.run.vintage == "2022-12")
        }
    }

    @Test(
        "Ecuador's obligations by fiscal year agree two ways: the report (--scope all) and SQL over the rows",
        arguments: Engine.available)
    func ecuadorTwoWays(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let report = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            #expect(report.outcome.run.transactions == 2212)
            #expect(report.outcome.run.formatVersion == "fa-complete-51")
            let all = try await store.portfolio(
                PortfolioQuery(measure: .obligation, scope: .all, countries: ["EC"], source: .fa))
            var byYear: [Int: Cents] = [:]
            for cell in all.cells { byYear[cell.year!, default: 0] += cell.usdCents }
            // Python's csv module over the same file gives these (see OfficialReaderTests).
            #expect(byYear[2015] == 35_088_212_00)
            #expect(byYear[2020] == 143_759_694_00)
            #expect(total(all) == 1_025_331_334_00)
            let sql = try await store.scalar(
                "SELECT SUM(current_cents) FROM official_amount WHERE recipient = 'EC' AND fiscal_year = 2015")
            #expect(sql == 35_088_212_00)
            // Security only is a part of it, every part placed by a named rule.
            let security = try await store.portfolio(
                PortfolioQuery(measure: .obligation, countries: ["EC"], source: .fa))
            #expect(total(security) > 0 && total(security) < total(all))
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_amount WHERE rule_id IS NULL") == 0)
            // The rule of law sector of ForeignAssistance.gov (US Sector ID 7) reaches justice through the crosswalk.
            #expect(security.cells.contains { $0.pillar == .justice })
            #expect(security.coverage.contains { $0.contains("No military rows") })
            // Constant dollars are their own series.
            let constant = try await store.portfolio(
                PortfolioQuery(measure: .obligation, scope: .all, countries: ["EC"], source: .fa, constantDollars: true)
            )
            #expect(total(constant) == 1_173_680_220_00)
            // Funding accounts are named as the export names them, for `--by account` tables (USAID's IATI files
            // give only the symbol).
            let accounts = try await store.fundingAccountNames()
            #expect(accounts["72x1037"] == "Economic Support Fund")
            #expect(accounts["72x1021"] == "Agency for International Development, Development Assistance")
            #expect(accounts[""] == nil)
        }
    }

    @Test(
        "sources are never mixed: IATI figures ignore FA rows, FA refuses calendar years and IATI measures",
        arguments: Engine.available)
    func sourcesApart(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            let iati = try await store.portfolio(PortfolioQuery(measure: .disbursement, scope: .all))
            #expect(iati.cells.isEmpty)
            await #expect(throws: LedgerQueryError.self) {
                _ = try await store.portfolio(PortfolioQuery(measure: .obligation, basis: .calendar, source: .fa))
            }
            await #expect(throws: LedgerQueryError.self) {
                _ = try await store.portfolio(PortfolioQuery(measure: .commitment, source: .fa))
            }
            await #expect(throws: LedgerQueryError.self) {
                _ = try await store.portfolio(PortfolioQuery(measure: .obligation, source: .iati))
            }
            await #expect(throws: LedgerQueryError.self) {
                _ = try await store.portfolio(PortfolioQuery(measure: .disbursement, source: .greenbook))
            }
        }
    }

    @Test("the portfolio JSON has the same shape for FA as for IATI", arguments: Engine.available)
    func sameShape(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            let iati = IATIImporter(store: store, allocator: try bundledAllocator())
            _ = try await iati.importFile(path: usaid("ec"))
            func keys(_ query: PortfolioQuery) async throws -> (Set<String>, Set<String>) {
                let report = PortfolioReport(
                    query: query, figures: try await store.portfolio(query), ratesSource: "IMF")
                let object = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as! [String: Any]
                let row = (object["rows"] as! [[String: Any]]).first!
                return (Set(object.keys), Set(row.keys))
            }
            let fa = try await keys(PortfolioQuery(measure: .obligation, countries: ["EC"], source: .fa))
            let ia = try await keys(PortfolioQuery(measure: .disbursement, countries: ["EC"], source: .iati))
            #expect(fa == ia)
            #expect(
                fa.0.isSuperset(of: ["source", "measure", "rows", "unconverted", "sources", "coverage", "dollars"]))
            #expect(fa.1.isSuperset(of: ["country", "fiscalYear", "pillar", "amountUSD"]))
        }
    }

    @Test(
        "the Greenbook carries the interdiction side: Colombia FY2015 FMF, IMET and DoD counter-drug",
        arguments: Engine.available)
    func greenbookColombia(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: greenbookCSV, source: .greenbook, vintage: "2022-08-09")
            let byAccount = try await store.portfolio(
                PortfolioQuery(
                    measure: .obligation, scope: .all, countries: ["CO"], fromYear: 2015, toYear: 2015,
                    groupBy: .account,
                    source: .greenbook))
            func account(_ name: String) -> Cents {
                byAccount.cells.filter { $0.group == name }.reduce(0) { $0 + $1.usdCents }
            }
            #expect(account("International Narcotics Control and Law Enforcement") == 337_872_446_00)
            #expect(account("Foreign Military Financing Program") == 27_000_000_00)
            #expect(account("International Military Education and Training") == 1_446_000_00)
            #expect(account("Drug Interdiction and Counter-Drug Activities, Defense") == 48_413_000_00)
            #expect(total(byAccount) == 839_585_900_00)
            let pillars = try await store.portfolio(
                PortfolioQuery(
                    measure: .obligation, countries: ["CO"], fromYear: 2015, toYear: 2015, source: .greenbook))
            let interdiction = pillars.cells.filter { $0.pillar == .interdiction }.reduce(0) { $0 + $1.usdCents }
            // FMF + IMET + DoD counter-drug + the OCO transfer fund (other military assistance).
            #expect(interdiction == 27_000_000_00 + 1_446_000_00 + 48_413_000_00 + 1_294_053_00)
            #expect(pillars.cells.contains { $0.pillar == .unclassified })  // INCLE: in scope, no sector to split it
            // Shares would overstate interdiction (economic accounts cannot be placed): withheld, as null.
            let query = PortfolioQuery(measure: .obligation, countries: ["CO"], source: .greenbook)
            let json = try PortfolioReport(query: query, figures: try await store.portfolio(query), ratesSource: "-")
                .json()
            let shares = try #require(
                (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["shares"] as? [String: Any]
            )
            #expect(shares["beyondInterdiction"] is NSNull)
            #expect((shares["denominator"] as? String)?.contains("names accounts, not sectors") == true)
            let tq = try await store.portfolio(
                PortfolioQuery(measure: .obligation, scope: .all, fromYear: 1976, toYear: 1976, source: .greenbook))
            #expect(tq.cells.contains { $0.period == "1976TQ" })

            // A brief as of 2025 shows the Greenbook's last eight years for Colombia (its rows end in FY2020), not
            // the one of them that falls in the as-of date's last eight, and says that nothing later is held.
            let brief = try await BriefBuilder(store: store).brief(
                country: "CO", asOf: "2025-11-29", source: .greenbook, measure: .obligation)
            #expect(brief.years == 2013...2020)
            #expect(brief.mix.map(\.year) == Array(2013...2020))
            let window = try await store.portfolio(
                PortfolioQuery(
                    measure: .obligation, countries: ["CO"], fromYear: 2013, toYear: 2020, source: .greenbook))
            #expect(brief.mix.flatMap(\.byPillar.values).reduce(0, +) == total(window))
            let english = CountryBriefRenderer(brief: brief, language: .en).markdown()
            #expect(english.contains("\n## Where the money goes, FY2013–FY2020 (USD millions)\n"))
            #expect(english.contains("\nShares not computed: the Greenbook names accounts, not sectors, so only "))
            #expect(english.contains(" ForeignAssistance.gov and IATI name sectors and give the mix.\n"))
            #expect(
                english.contains(
                    "\nNothing later is held: FY2020 is the latest year with money from the Greenbook for Colombia up "
                        + "to 2025-11-29.\n"))
            #expect(
                CountryBriefRenderer(brief: brief, language: .es).markdown().contains(
                    "\nNo hay montos posteriores: el AF2020 es el último año con montos del Greenbook para Colombia "
                        + "hasta el 2025-11-29.\n"))
            // As of a date inside the Greenbook's years, the eight to that date's, without the note.
            let earlier = try await BriefBuilder(store: store).brief(
                country: "CO", asOf: "2016-03-01", source: .greenbook, measure: .obligation)
            #expect(earlier.years == 2009...2016)
            let before = CountryBriefRenderer(brief: earlier, language: .en).markdown()
            #expect(before.contains("\n## Where the money goes, FY2009–FY2016 (USD millions)\n"))
            #expect(!before.contains("Nothing later"))
        }
    }

    @Test(
        "a newer vintage replaces the older one's rows; runs --diff shows Mexico's FY2022 revision",
        arguments: Engine.available)
    func vintages(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let older = try await importer.importFile(path: summary2022, source: .fa, vintage: "2022-12-15")
            let newer = try await importer.importFile(path: summary2023, source: .fa, vintage: "2023-10-21")
            #expect(newer.outcome.replaced[older.outcome.run.id] == 21_970)
            #expect(newer.changes.count == 1)
            let diff = try await store.diff(older.outcome.run.id, newer.outcome.run.id, constantDollars: false)
            let mexico2022 = diff.changes.first {
                $0.country == "MX" && $0.fiscalPeriod == "2022" && $0.measure == "obligation"
            }
            #expect(mexico2022?.beforeCents == 1_777_142_00)
            #expect(mexico2022?.afterCents == 216_552_506_00)
            let mexico2015 = diff.changes.first {
                $0.country == "MX" && $0.fiscalPeriod == "2015" && $0.measure == "obligation"
            }
            #expect(mexico2015?.beforeCents == 583_575_595_00)
            #expect(mexico2015?.afterCents == 584_785_194_00)
            // In Spanish, the same rows: the words change, the figures do not.
            let (english, spanish) = (
                VintageDiffReport(diff: diff).table(limit: 40), VintageDiffReport(diff: diff).table(limit: 40, in: .es)
            )
            #expect(
                spanish.hasPrefix("Importación \(older.outcome.run.id) (") && spanish.contains(", USD corrientes\n"))
            #expect(spanish.contains(" celdas país × año fiscal × medida difieren; las 40 mayores:\n"))
            let figures = { (text: String) in
                text.split(separator: "\n").drop { !$0.hasPrefix("---") }.dropFirst().map { $0.split(separator: " ") }
            }
            let rows = (figures(english), figures(spanish))
            #expect(rows.0.count == 40 && rows.1.count == 40)
            let words: [Substring: [Substring]] = [
                "obligation": ["obligación"], "disbursement": ["desembolso"], "absent": ["ausente"],
                "appropriated_planned": ["asignado", "y", "planificado"],
                "budget_request": ["solicitud", "de", "presupuesto"],
            ]
            #expect(rows.0.map { $0.flatMap { words[$0] ?? [$0] } } == rows.1)
            #expect(
                Set(rows.0.map { $0[2] }) == ["obligation", "disbursement", "appropriated_planned", "budget_request"])
            // Every vintage is kept; only the newest is current.
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_amount") == 21_973 + 23_166)
            #expect(
                try await store.scalar("SELECT SUM(rows) FROM official_rollup WHERE superseded_by IS NULL")
                    == 23_166 + 3)
            await #expect(throws: LedgerQueryError.self) {
                _ = try await store.diff(older.outcome.run.id, 99, constantDollars: false)
            }
        }
    }

    @Test(
        "runs --diff compares one dataset's vintages in the countries both hold, and refuses the detail against totals",
        arguments: Engine.available)
    func diffScope(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let ecuador = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: nil).outcome.run.id
            let salvador = try await importer.importFile(path: salvadorExport, source: .fa, vintage: nil).outcome.run.id
            let totals = try await importer.importFile(path: summary2022, source: .fa, vintage: "2022-12-15")
            // Ecuador's export against El Salvador's: two countries, not two vintages; nothing is a change.
            let apart = try await store.diff(ecuador, salvador, constantDollars: false)
            #expect(apart.cellsCompared == 0 && apart.changes.isEmpty)
            #expect(apart.countriesOnlyBefore == ["EC"] && apart.countriesOnlyAfter == ["SV"])
            #expect(
                VintageDiffReport(diff: apart).table(limit: 10).hasSuffix(
                    "No country is in both runs (only run \(ecuador) holds EC; only run \(salvador) holds SV): "
                        + "nothing to compare.\n"))
            #expect(
                VintageDiffReport(diff: apart).table(limit: 10, in: .es).hasSuffix(
                    "Ningún país está en ambas importaciones (solo la importación \(ecuador) tiene EC; solo la "
                        + "importación \(salvador) tiene SV): nada que comparar.\n"))
            // The transaction-level export against the country totals is refused, in words.
            do {
                _ = try await store.diff(ecuador, totals.outcome.run.id, constantDollars: false)
                Issue.record("the detail was compared with the totals")
            } catch let error as LedgerQueryError {
                #expect(
                    error.description
                        == "run \(ecuador) holds ForeignAssistance.gov's complete dataset (transactions) and run "
                        + "\(totals.outcome.run.id) ForeignAssistance.gov's country totals; compare two vintages of one "
                        + "dataset (atalaya report coverage --country CODE sets the detail beside the totals)")
            }
        }
    }

    @Test("an older vintage imported second stays out of the figures, with a warning", arguments: Engine.available)
    func olderSecond(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let newer = try await importer.importFile(path: summary2023, source: .fa, vintage: "2023-10-21")
            let older = try await importer.importFile(path: summary2022, source: .fa, vintage: "2022-12-15")
            #expect(older.outcome.keptOut[newer.outcome.run.id] == 21_970)
            #expect(older.warningsByKind["older_vintage"] == 1)
            #expect(
                try await store.scalar(
                    "SELECT SUM(rows) FROM official_rollup WHERE superseded_by IS NULL AND run_id = \(newer.outcome.run.id)"
                )
                    == 23_166)
        }
    }

    @Test(
        "El Salvador's largest ForeignAssistance.gov activities: summed as SQL sums their rows, a later edition once",
        arguments: Engine.available)
    func largestActivities(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: salvadorExport, source: .fa, vintage: "2022-12-15")
            let query = PortfolioQuery(measure: .obligation, countries: ["SV"], source: .fa)
            let programs = try await store.largestPrograms(query, limit: 5)
            #expect(programs.map(\.identifier) == ["153812", "163745", "154245", "161042", "162769"])
            #expect(
                programs.map(\.usdCents) == [39_526_735_00, 35_435_164_00, 30_763_214_00, 24_791_708_00, 21_300_002_00])
            #expect(programs.first?.title == "Crime and Violence Prevention Project (CVPP)")
            #expect(programs.first?.publisher == "USAID")
            // Its 39.5 million are 33.0 coded security system reform (15210) and 6.5 governance (15150), both on
            // prevention by its title (crosswalk 1.3.0; 1.2.0 left the 33.0 on law enforcement).
            #expect(programs.first?.mainPillar == .prevention)
            // Each total, summed apart over the rows.
            for program in programs {
                let summed = try await store.scalar(
                    """
                    SELECT SUM(current_cents) FROM official_amount WHERE activity_id = '\(program.identifier)'
                      AND measure = 'obligation' AND pillar <> 'out_of_scope' AND recipient = 'SV'
                    """)
                #expect(summed == program.usdCents, "\(program.identifier)")
            }
            // An activity whose every name USAID redacted keeps its ID and an empty name.
            let all = try await store.largestPrograms(query, limit: 500)
            #expect(all.first { $0.identifier == "64559" }?.title == "")
            #expect(all.filter { $0.title.contains("edacted") }.isEmpty)
            // No ranking for the Greenbook, which names accounts, not activities.
            #expect(
                try await store.largestPrograms(PortfolioQuery(measure: .obligation, source: .greenbook), limit: 5)
                    == [])

            // The brief lists its eight fiscal years' largest by their activity ID, with no link: they have no page
            // of their own. Its years are the export's last eight (it ends in FY2022).
            let brief = try await BriefBuilder(store: store).brief(
                country: "SV", asOf: "2025-11-29", source: .fa, measure: .obligation)
            #expect(brief.years == 2015...2022)
            let recent = PortfolioQuery(
                measure: .obligation, countries: ["SV"], fromYear: 2015, toYear: 2022, source: .fa)
            #expect(brief.programs == (try await store.largestPrograms(recent, limit: 5)))
            let renderer = CountryBriefRenderer(brief: brief, language: .en)
            // All of its rows (FY2017–FY2022, USD 35,435,164 of obligations as Python's csv module sums them).
            #expect(
                renderer.markdown().contains(
                    "\n- Strengthening Local Governance for Security and Development in El Salvador (`163745`): "
                        + "USD 35.4 million, Governance and democratic resilience\n"))
            let html = renderer.htmlBody(programLink: { "/programs/" + $0 })
            #expect(html.contains("(<code>163745</code>)") && !html.contains("/programs/"))

            // A later edition of the export (without its last row) stands in for the first: each activity counted
            // once, not twice.
            let text = try String(contentsOfFile: salvadorExport, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let shorter = lines.dropLast(lines.last?.isEmpty == true ? 2 : 1).joined(separator: "\n") + "\n"
            _ = try await importer.importFile(
                path: try Scratch.file("El_Salvador_later_edition.csv", shorter), source: .fa, vintage: "2023-10-21")
            #expect(try await store.largestPrograms(query, limit: 5) == programs)
        }
    }

    @Test("long texts are stored once across vintages, and each row keeps its own", arguments: Engine.available)
    func textsOnce(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let first = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            // A later edition of the same export (without its last row: another file, the same texts).
            let text = try String(contentsOfFile: ecuadorExport, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let shorter = lines.dropLast(lines.last?.isEmpty == true ? 2 : 1).joined(separator: "\n") + "\n"
            let second = try await importer.importFile(
                path: try Scratch.file("Ecuador_later_edition.csv", shorter), source: .fa, vintage: "2023-10-21")
            let distinct = try await store.scalar("SELECT COUNT(DISTINCT text) FROM official_text")
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_text") == distinct)
            #expect(distinct ?? 0 > 100)
            // Row by row, the later edition reads the same texts as the first.
            let (a, b) = (first.outcome.run.id, second.outcome.run.id)
            #expect(
                try await store.scalar(
                    """
                    SELECT COUNT(*) FROM official_row x JOIN official_row y ON y.line = x.line
                    WHERE x.run_id = \(a) AND y.run_id = \(b)
                      AND COALESCE(x.activity_name, '') = COALESCE(y.activity_name, '')
                      AND COALESCE(x.activity_description, '') = COALESCE(y.activity_description, '')
                      AND COALESCE(x.implementing_partner, '') = COALESCE(y.implementing_partner, '')
                      AND COALESCE(x.funding_account_name, '') = COALESCE(y.funding_account_name, '')
                    """) == 2211)
        }
    }

    @Test("the same file twice changes nothing; a bad file writes nothing", arguments: Engine.available)
    func idempotentAndAtomic(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            let again = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2023-01-01")
            #expect(again.outcome.alreadyImported)
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_amount") == 2212)

            // The El Salvador export cut in the middle of its last quoted description.
            var bytes = try Data(contentsOf: URL(fileURLWithPath: salvadorExport))
            let lastQuote = bytes.lastIndex(of: UInt8(ascii: "\""))!
            bytes = bytes.prefix(upTo: bytes.index(before: lastQuote))
            let truncated = try Scratch.file("El_Salvador_truncated.csv", contents: bytes)
            await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: truncated, source: .fa, vintage: "2022-12-15")
            }
            #expect(try await store.runs().count == 1)
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_amount") == 2212)

            // A Greenbook file offered as ForeignAssistance.gov is refused, and says how to import it.
            let wrongSource = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: greenbookCSV, source: .fa, vintage: "2022-08-09")
            }
            #expect(wrongSource?.message.contains("source greenbook") == true)
            #expect(try await store.runs().count == 1)
        }
    }

    @Test(
        "a Greenbook workbook: its last-saved date is its vintage, its rows are the CSV's, a bad one writes nothing",
        arguments: Engine.available)
    func greenbookWorkbook(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let header = OfficialLayout.greenbook.columns.map { SyntheticWorkbook.Cell.text($0) }
            let colombia: [SyntheticWorkbook.Cell] = [
                .number("2015"), .text("Latin America and Caribbean"), .text("Colombia"), .text("Military"),
                .text("Foreign Military Financing"), .text("Department of State"),
                .text("Foreign Military Financing Program"), .number("27000000"), .number("28300000"),
            ]
            let rows: [[SyntheticWorkbook.Cell?]] = [[.text("Greenbook, SYNTHETIC")], header, colombia]
            let book = try SyntheticWorkbook.file(
                "greenbook-SYNTHETIC.xlsx", sheets: [("Economic and Military Aid", rows)],
                modified: "2022-08-09T17:52:02Z")
            let report = try await importer.importFile(path: book, source: .greenbook, vintage: nil)
            #expect(report.outcome.run.vintage == "2022-08-09")
            #expect(report.outcome.run.sheet == "Economic and Military Aid")  // its only sheet, named by the run
            #expect(report.vintageIsLastSaved)
            #expect(report.warningsByKind.isEmpty)  // no vintage_assumed: the workbook states its date
            #expect(try await store.scalar("SELECT MAX(current_cents) FROM official_amount") == 27_000_000_00)
            #expect(try await store.scalar("SELECT MIN(line) FROM official_amount") == 3)
            // A stated --vintage wins over the workbook's date.
            let stated = try SyntheticWorkbook.file(
                "greenbook-stated-SYNTHETIC.xlsx", sheets: [("Economic and Military Aid", rows + [colombia])])
            let second = try await importer.importFile(path: stated, source: .greenbook, vintage: "2023-01")
            #expect(second.outcome.run.vintage == "2023-01")
            #expect(!second.vintageIsLastSaved)
            // A sheet whose last row is bad writes nothing of the file.
            var bad = colombia
            bad[7] = .text("twenty-seven million")
            let badBook = try SyntheticWorkbook.file(
                "greenbook-bad-SYNTHETIC.xlsx", sheets: [("Economic and Military Aid", rows + [bad])])
            let refused = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: badBook, source: .greenbook, vintage: nil)
            }
            #expect(refused?.file == "greenbook-bad-SYNTHETIC.xlsx[Economic and Military Aid]")
            #expect(refused?.line == 4)
            #expect(refused?.field == "Obligations (Historical Dollars)")
            #expect(try await store.runs().count == 2)
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_amount") == 3)
        }
    }

    @Test(
        "texts are kept byte for byte: a decomposed é is not stored as the precomposed one", arguments: Engine.available
    )
    func textsByteForByte(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let columns = OfficialLayout.faComplete51.columns
            func row(_ name: String) -> String {
                SyntheticCSV.line(
                    columns,
                    [
                        "Country Code": "ECU", "Country Name": "Ecuador", "Fiscal Year": "2020",
                        "Transaction Type Name": "Obligations", "Current Dollar Amount": "100",
                        "Constant Dollar Amount": "100", "Activity Name": name,
                    ])
            }
            let composed = "Caf\u{E9} y justicia"  // é as one code point
            let decomposed = "Cafe\u{301} y justicia"  // e and a combining acute accent: equal as Swift Strings
            #expect(composed == decomposed && Array(composed.utf8) != Array(decomposed.utf8))
            let path = try Scratch.file(
                "fa-complete-51-synthetic-accents.csv",
                ([columns.joined(separator: ",")] + [composed, decomposed, composed].map(row)).joined(separator: "\n")
                    + "\n")
            _ = try await importer.importFile(path: path, source: .fa, vintage: "2022-12-15")
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_text") == 2)
            #expect(
                try await store.scalar("SELECT COUNT(*) FROM official_row WHERE activity_name = '\(composed)'") == 2)
            #expect(
                try await store.scalar("SELECT COUNT(*) FROM official_row WHERE activity_name = '\(decomposed)'") == 1)
        }
    }

    @Test(
        "a file of a size no run has is hashed while read; the same bytes found that way are rolled back",
        arguments: Engine.available)
    func hashedWhileReading(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let size = try FileDigest.byteCount(path: ecuadorExport)
            #expect(try await !store.mayHoldFile(byteCount: size))
            let first = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            #expect(first.outcome.run.sha256 == (try FileDigest.sha256(path: ecuadorExport)))
            #expect(try await store.scalar("SELECT byte_count FROM import_run") == size)
            #expect(try await store.mayHoldFile(byteCount: size))
            #expect(try await !store.mayHoldFile(byteCount: size + 1))

            // Were the stored size another, the same bytes are still found, by the hash computed while reading:
            // the import rolls back and answers with the stored run.
            try await store.execute("UPDATE import_run SET byte_count = 1")
            #expect(try await !store.mayHoldFile(byteCount: size))
            let again = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2023-01-01")
            #expect(again.outcome.alreadyImported)
            #expect(again.outcome.run.id == first.outcome.run.id)
            #expect(try await store.runs().count == 1)
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_amount") == 2212)
            #expect(try await store.scalar("SELECT COUNT(*) FROM import_run WHERE sha256 LIKE '-%'") == 0)

            // A run of unknown size (imported before sizes were kept) means any file may be one already imported.
            try await store.execute("UPDATE import_run SET byte_count = NULL")
            #expect(try await store.mayHoldFile(byteCount: 12345))
        }
    }

    @Test("an official import writes sound references without enforcing them, and enforcement is back on after it")
    func foreignKeysAfterImport() async throws {
        try await ledger(.sqlite) { ledger, importer in
            let store = try #require(ledger as? SQLiteStore)
            /// On the writer's connection: whether foreign keys are enforced, and the violations in the whole ledger.
            func check() async throws -> (enforced: Int?, violations: Int) {
                try await store.writer.writeWithoutTransaction { db in
                    (
                        try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
                        try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
                    )
                }
            }
            _ = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            _ = try await importer.importFile(path: greenbookCSV, source: .greenbook, vintage: "2022-08-09")
            var state = try await check()
            #expect(state.enforced == 1)
            #expect(state.violations == 0)
            #expect(
                try await store.scalar("SELECT COUNT(*) FROM official_amount WHERE activity_name_id IS NOT NULL") ?? 0
                    > 2000)

            // A failed import (a row with an unknown country, after good ones) leaves enforcement on too.
            let text = try String(contentsOfFile: salvadorExport, encoding: .utf8)
            let last = try #require(text.range(of: "\n222,SLV,El Salvador,", options: .backwards))
            let broken = text.replacingCharacters(in: last, with: "\n999,XXX,Nowhere,")
            await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(
                    path: try Scratch.file("El_Salvador_bad_country.csv", broken), source: .fa, vintage: "2022-12-15")
            }
            state = try await check()
            #expect(state.enforced == 1)
            #expect(state.violations == 0)
            // And it is really enforced: a row pointing at a text that does not exist is refused.
            await #expect(throws: DatabaseError.self) {
                try await store.writer.write { db in
                    try db.execute(
                        sql: """
                            INSERT INTO official_amount (run_id, line, dataset, recipient, country_name, fiscal_year,
                              fiscal_period, measure, activity_name_id, redacted, pillar, rule_id)
                            SELECT run_id, 99999, dataset, recipient, country_name, fiscal_year, fiscal_period, measure,
                              (SELECT MAX(id) + 1 FROM official_text), 0, pillar, rule_id
                            FROM official_amount LIMIT 1
                            """)
                }
            }
        }
    }

    @Test(
        "the rollup summed while reading equals a GROUP BY over the stored rows, whole, in parts, or spilled",
        arguments: [(100_000, 200_000), (1_000, 200_000), (1_000, 1_500)])
    func rollupTwoWays(handOverAt: Int, groupsInMemory: Int) async throws {
        try await ledger(.sqlite) { ledger, importer in
            var store = try #require(ledger as? SQLiteStore)
            store.rollupGroupsInMemory = groupsInMemory
            var importer = OfficialImporter(store: store, classifier: importer.classifier)
            importer.sumsHandedOverAt = handOverAt
            _ = try await importer.importFile(path: greenbookCSV, source: .greenbook, vintage: "2022-08-09")
            _ = try await importer.importFile(path: salvadorExport, source: .fa, vintage: "2022-12-15")
            let groups = """
                run_id, measure, recipient, fiscal_year, fiscal_period, objective, COALESCE(pillar, '-'), sector_group,
                account_group, publisher_group
                """
            let streamed = try await store.writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(groups), current_cents, constant_cents, rows FROM official_rollup ORDER BY \(groups)
                        """
                ).map { Array($0.databaseValues) }
            }
            let grouped = try await store.writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(groups), SUM(current_cents), SUM(constant_cents), COUNT(*) FROM (
                          SELECT run_id, measure, recipient, fiscal_year, fiscal_period, COALESCE(objective, '') AS objective,
                            pillar, COALESCE(purpose_code, us_sector_name, 'none') AS sector_group,
                            COALESCE(funding_account, funding_account_name, 'none') AS account_group,
                            COALESCE(managing_agency, funding_agency, 'none') AS publisher_group,
                            current_cents, constant_cents
                          FROM official_row)
                        GROUP BY \(groups) ORDER BY \(groups)
                        """
                ).map { Array($0.databaseValues) }
            }
            #expect(streamed.count > 10_000)
            #expect(streamed.count == grouped.count)
            // Compared as one Bool: a failure report of two 76k-row arrays would take minutes to format.
            let same = streamed == grouped
            #expect(
                same,
                "first difference at row \(streamed.indices.first { $0 >= grouped.count || streamed[$0] != grouped[$0] } ?? -1)"
            )
        }
    }

    @Test("reclassify re-derives official rows too")
    func reclassify() async throws {
        try await ledger(.sqlite) { ledger, importer in
            let store = try #require(ledger as? SQLiteStore)
            _ = try await importer.importFile(path: summary2022, source: .fa, vintage: "2022-12-15")
            _ = try await importer.importFile(path: summary2023, source: .fa, vintage: "2023-10-21")
            _ = try await importer.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            let query = PortfolioQuery(measure: .obligation, scope: .all, countries: ["EC"], source: .fa)
            let before = try await store.portfolio(query)
            let current = "SELECT SUM(rows) FROM official_rollup WHERE superseded_by IS NULL"
            let currentBefore = try await store.scalar(current)
            try await store.writer.write { db in
                try db.execute(sql: "UPDATE official_amount SET pillar = 'prevention' WHERE pillar IS NOT NULL")
            }
            let written = try await store.reclassify(allocator: try bundledAllocator())
            #expect(written == 2212)
            #expect(try await store.portfolio(query) == before)
            #expect(try await store.scalar(current) == currentBefore)
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_amount WHERE pillar = 'justice'")! > 0)
        }
    }

    @Test("upgrading a v1 ledger keeps its runs and adds the official table")
    func upgradeFromV1() throws {
        let queue = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(queue, upTo: "v1-ledger")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO import_run (source, file_name, sha256, imported_at)
                    VALUES ('iati', 'old.xml', '\(String(repeating: "a", count: 64))', '2026-01-01')
                    """)
        }
        try SQLiteStore.migrator.migrate(queue)
        let count = try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_run") }
        #expect(count == 1)
        let violations = try queue.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(violations.isEmpty)
    }
}
