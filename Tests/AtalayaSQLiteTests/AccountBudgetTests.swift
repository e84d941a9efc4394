import AtalayaBundledData
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaSQLite

/// The CSIS copy of the State Department's budget table for fiscal year 20`yy` (FY2012 on are Windows-1252).
func budgetTable(_ yy: String) -> (path: String, encoding: TextEncoding) {
    (
        SharedData.path("state-dept-cbj-account-by-country/STATE budget by country.\(yy).csv"),
        Int(yy)! >= 12 ? .windows1252 : .utf8
    )
}

@Suite("State Department budget by account in the ledger")
struct AccountBudgetTests {
    /// Imports FY20`yy`'s table as the CSIS copy of 2016-04-06 (FY2016–17 are requests, as its sheet names say).
    @discardableResult
    func load(_ importer: AccountBudgetImporter, _ yy: String) async throws -> ImportRun {
        let (path, encoding) = budgetTable(yy)
        return try await importer.importFile(
            path: path, vintage: "2016-04-06", basis: Int(yy)! >= 16 ? .request : .unstated, encoding: encoding
        ).outcome.run
    }

    /// Sums figures by fiscal year.
    func byYear(_ figures: [StoredAccountFigure]) -> [Int: Int64] {
        figures.reduce(into: [:]) { $0[$1.fiscalYear, default: 0] += $1.line.thousands }
    }

    @Test(
        "the ten tables: Mexico by year as published, every country's total as the file's own column says",
        arguments: Engine.available)
    func tenTables(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = AccountBudgetImporter(store: store)
            for yy in stateBudgetYearsForLedger { try await load(importer, yy) }
            #expect(try await store.runs().filter { $0.source == "state-budget" }.count == 10)
            let mexico = try await store.accountFigures(AccountBudgetQuery(countries: ["MX"]))
            // The files' own "Total"/"All Accounts" column for Mexico (read with Python's csv module).
            #expect(
                byYear(mexico) == [
                    2008: 53_854, 2009: 318_779, 2010: 582_658, 2011: 178_145, 2012: 329_680, 2013: 265_064,
                    2014: 206_768, 2015: 165_168, 2016: 142_160, 2017: 134_664,
                ])
            #expect(mexico.filter { $0.fiscalYear == 2017 }.map(\.basis).allSatisfy { $0 == .request })
            #expect(
                mexico.filter { $0.fiscalYear == 2009 }.map(\.line.account) == [
                    "INCLE", "NADR", "IMET", "FMF",
                    "ESF", "DA", "GHP-USAID",
                ])
            let years = try await store.accountFigures(
                AccountBudgetQuery(
                    countries: ["MX", "CO"], fromYear: 2010,
                    toYear: 2012))
            #expect(Set(years.map(\.fiscalYear)) == [2010, 2011, 2012])
            #expect(Set(years.compactMap(\.line.country)) == ["MX", "CO"])
            // Cross-check: every country's figures in the ledger for FY2016 against the row totals of the file,
            // a column the import checks but does not store, read here with the CSV reader alone.
            let (path, _) = budgetTable("16")
            let table = try AccountBudgetReader(encoding: .windows1252).read(path: path, displayName: "16")
            let countryLines = Set(table.lines.filter { $0.kind == .country }.map(\.line))
            let csv = try CSVReader(path: path, displayName: "16")
            var fromColumn: Int64 = 0
            while try csv.next() {
                guard countryLines.contains(csv.line) else { continue }
                fromColumn += try #require(
                    AccountBudgetReader.thousands(csv.windows1252(1).trimmingCharacters(in: .whitespaces)))
            }
            let ledger = try await store.accountFigures(AccountBudgetQuery(fromYear: 2016, toYear: 2016))
            #expect(ledger.reduce(0) { $0 + $1.line.thousands } == fromColumn)
            #expect(fromColumn > 10_000_000)  // about $15 billion by country
            // Rows that are not countries are stored, never in a country's figures.
            #expect(try await store.scalar("SELECT COUNT(*) FROM account_budget WHERE kind = 'other'") ?? 0 > 1000)
            #expect(!ledger.contains { $0.line.kind != .country })
            // The same file twice changes nothing.
            let (again, encoding) = budgetTable("17")
            let second = try await importer.importFile(
                path: again, vintage: "2016-04-06", basis: .request, encoding: encoding)
            #expect(second.outcome.alreadyImported)
        }
    }

    @Test(
        "the CSIS workbook's sheets, a run each dated by the workbook's last-saved date, hold what their CSV copies hold",
        arguments: Engine.available)
    func workbookSheets(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = AccountBudgetImporter(store: store)
            let workbook = SharedData.path("state-dept-cbj-account-by-country/STATE budget by country.xlsx")
            let sheet = try await importer.importFile(
                path: workbook, vintage: nil, basis: .request, encoding: .utf8, sheet: "FY17 (r)")
            #expect(sheet.vintageIsLastSaved)
            #expect(sheet.outcome.run.fileLabel == "STATE budget by country.xlsx[FY17 (r)]")
            #expect(sheet.outcome.run.vintage == "2016-03-24")
            #expect(sheet.warningsByKind.isEmpty)
            let fromSheet = try await store.accountFigures(AccountBudgetQuery(fromYear: 2017, toYear: 2017))
            #expect(Set(fromSheet.map(\.run)) == [sheet.outcome.run.id])
            // The report names the sheet its figures came from, in its table and its JSON.
            let report = AccountBudgetReport(figures: fromSheet, runs: try await store.runs(), countries: ["MX"])
            #expect(report.table().contains("run \(sheet.outcome.run.id): STATE budget by country.xlsx[FY17 (r)] — "))
            let json = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any]
            let sources = try #require(json?["sources"] as? [[String: Any]])
            #expect(sources.map { $0["sheet"] as? String } == ["FY17 (r)"])
            // The same sheet again changes nothing; another sheet of the same workbook is a run of its own.
            let again = try await importer.importFile(
                path: workbook, vintage: nil, basis: .request, encoding: .utf8, sheet: "FY17 (r)")
            #expect(again.outcome == .alreadyImported(sheet.outcome.run))
            let fy2016 = try await importer.importFile(
                path: workbook, vintage: nil, basis: .request, encoding: .utf8, sheet: "FY16 (r)")
            #expect(fy2016.outcome.run.id != sheet.outcome.run.id)
            #expect(fy2016.outcome.run.sha256 == sheet.outcome.run.sha256)
            // The CSV copy, of 2016-04-06, is the newer vintage and takes the sheet's place: figure for figure the
            // same, Mexico's 134,664 thousand among them.
            let copy = try await load(importer, "17")
            let fromCopy = try await store.accountFigures(AccountBudgetQuery(fromYear: 2017, toYear: 2017))
            #expect(Set(fromCopy.map(\.run)) == [copy.id])
            let figures = { (figures: [StoredAccountFigure]) in
                figures.map { "\($0.line.line) \($0.line.name) \($0.line.account) \($0.line.thousands)" }.sorted()
            }
            #expect(fromCopy.count > 400)
            #expect(figures(fromSheet) == figures(fromCopy))
            #expect(byYear(fromSheet.filter { $0.line.country == "MX" }) == [2017: 134_664])
        }
    }

    @Test(
        "a newer vintage of a year's table takes its place; removing it brings the older back; a bad file writes nothing",
        arguments: Engine.available)
    func vintages(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = AccountBudgetImporter(store: store)
            let older = try await load(importer, "17")
            // SYNTHETIC: the FY2017 table with Mexico's INCLE at 90,000 (and its total at 144,664), as if enacted.
            let (path, _) = budgetTable("17")
            var edited = try Data(contentsOf: URL(fileURLWithPath: path))  // Windows-1252, edited as bytes
            let mexico = try #require(edited.range(of: Data("Mexico,\"134,664\",-,-,-,\"49,004\",\"80,000\"".utf8)))
            edited.replaceSubrange(mexico, with: Data("Mexico,\"144,664\",-,-,-,\"49,004\",\"90,000\"".utf8))
            let newerPath = try Scratch.file("SYNTHETIC-STATE budget by country.17.csv", contents: edited)
            let newer = try await importer.importFile(
                path: newerPath, vintage: "2017-05-01", basis: .actual, encoding: .windows1252
            ).outcome.run
            func incle() async throws -> StoredAccountFigure? {
                try await store.accountFigures(AccountBudgetQuery(countries: ["MX"])).first {
                    $0.line.account == "INCLE"
                }
            }
            #expect(try await incle()?.line.thousands == 90_000)
            #expect(try await incle()?.basis == .actual)
            #expect(try await incle()?.run == newer.id)
            // The older table stays stored, out of the figures.
            #expect(try await store.scalar("SELECT COUNT(*) FROM account_budget WHERE run_id = \(older.id)") ?? 0 > 600)
            let removed = try await store.removeRun(newer.id)
            #expect(removed.records == newer.transactions)
            #expect(try await incle()?.line.thousands == 80_000)
            #expect(try await incle()?.run == older.id)
            // SYNTHETIC: a table whose last line has an amount that is not one; nothing of it is written.
            let figures = try await store.scalar("SELECT COUNT(*) FROM account_budget")
            let runs = try await store.runs().count
            let bad = try Scratch.file(
                "SYNTHETIC-state-budget-bad.csv",
                "Country,Total,INCLE,Fiscal Year\nPeru,\"1,000\",\"1,000\",2018\nChile,12.5,12.5,2018\n")
            let error = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: bad, vintage: "2018-01-01", basis: .request, encoding: .utf8)
            }
            #expect(error?.line == 3)
            #expect(try await store.scalar("SELECT COUNT(*) FROM account_budget") == figures)
            #expect(try await store.runs().count == runs)
        }
    }

    @Test(
        "a region: its countries and regional programs, adding up to the region's subtotal row; the report's shares",
        arguments: Engine.available)
    func region(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = AccountBudgetImporter(store: store)
            for yy in ["15", "16"] { try await load(importer, yy) }
            let figures = try await store.accountFigures(AccountBudgetQuery(region: "WHA", fromYear: 2016))
            #expect(Set(figures.map(\.fiscalYear)) == [2016])
            #expect(figures.contains { $0.line.country == nil && $0.line.name == "State Western Hemisphere Regional" })
            #expect(!figures.contains { $0.line.kind == .subtotal })
            // Cross-check: the stored rows of the region against its subtotal row, stored apart (kind subtotal).
            let subtotal = try await store.scalar(
                """
                SELECT SUM(thousands) FROM account_budget b JOIN budget_file f ON f.run_id = b.run_id
                WHERE f.fiscal_year = 2016 AND b.kind = 'subtotal' AND b.row_name = 'Western Hemisphere'
                """)
            #expect(figures.reduce(0) { $0 + $1.line.thousands } == subtotal)
            #expect(subtotal == 1_990_127)  // the file's own total for the region
            // Countries only, as before, when no region is asked for: the regional program is in none.
            let countries = try await store.accountFigures(AccountBudgetQuery(fromYear: 2016))
            #expect(!countries.contains { $0.line.country == nil })
            let report = AccountBudgetReport(
                figures: try await store.accountFigures(AccountBudgetQuery(region: "WHA")),
                runs: try await store.runs(),
                countries: [], region: "WHA")
            let lines = Set(
                report.table().split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") })
            // FY2015: 558,043 of 1,584,840, 35%; the regional programs 202,938 + 614 of it, 36%.
            #expect(lines.contains("State Western Hemisphere Regional 202,938 244,270"))
            #expect(lines.contains("Security assistance, region 558,043 550,640"))
            #expect(lines.contains("All accounts, region 1,584,840 1,990,127"))
            #expect(lines.contains("Security assistance share 35% 28%"))
            #expect(lines.contains("Regional programs' part of it 36% 45%"))
            // Rows with no security-assistance figure are named, not listed with dashes.
            #expect(report.table().contains("and so not listed (their other accounts are in \"All accounts\"): Cuba, "))
            #expect(!lines.contains { $0.hasPrefix("USAID Central America Regional") })
            // In Spanish: the same figures, the rows' words and the countries' names in Spanish.
            let spanish = Set(
                report.table(in: .es).split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") })
            #expect(spanish.contains("State Western Hemisphere Regional 202,938 244,270"))
            #expect(spanish.contains("Asistencia en seguridad, región 558,043 550,640"))
            #expect(spanish.contains("Todas las cuentas, región 1,584,840 1,990,127"))
            #expect(spanish.contains("Proporción de asistencia en seguridad 35% 28%"))
            #expect(spanish.contains("Parte de los programas regionales 36% 45%"))
            #expect(spanish.contains("fila AF2015 AF2016"))
            // Countries come in the order of their names in the table's language: the Dominican Republic before Peru
            // in English, República Dominicana after Perú in Spanish.
            func position(_ prefix: String, in table: String) -> Int? {
                table.split(separator: "\n").firstIndex { $0.hasPrefix(prefix) }
            }
            let (english, inSpanish) = (report.table(), report.table(in: .es))
            #expect(
                try #require(position("Dominican Republic (DO)", in: english)) < position("Peru (PE)", in: english)!)
            #expect(
                try #require(position("República Dominicana (DO)", in: inSpanish)) > position(
                    "Perú (PE)", in: inSpanish)!)
            // The rows not listed are named in Spanish too.
            #expect(report.table().contains("\"All accounts\"): Cuba, Ecuador, Venezuela (Bolivarian Republic of), "))
            #expect(
                report.table(in: .es).contains(
                    "«Todas las cuentas»): Cuba, Ecuador, Venezuela (República Bolivariana de), "))
            #expect(
                spanish.contains { $0.hasPrefix("México (MX) ") } && lines.contains { $0.hasPrefix("Mexico (MX) ") })
        }
    }

    @Test(
        "the Greenbook's obligations from the same accounts stand beside the budget, account by account, never added",
        arguments: Engine.available)
    func obligations(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            try await load(AccountBudgetImporter(store: store), "17")
            #expect(try await BudgetObligations.gather(store, countries: ["MX"], fromYear: 2017, toYear: 2017).isEmpty)
            _ = try await OfficialImporter(
                store: store, classifier: OfficialClassifier(crosswalk: try bundledAllocator().crosswalk)
            ).importFile(
                path: BundledData.demoGreenbook.path, source: .greenbook, vintage: BundledData.demoGreenbookVintage)
            let mexico = try #require(
                try await BudgetObligations.gather(store, countries: ["MX"], fromYear: 2016, toYear: 2017)["MX"])
            // Python over the bundled Greenbook rows: INCLE, NADR, IMET and FMF (not its FMF loans) for Mexico.
            #expect(mexico.values.reduce(0) { $0 + ($1[2017] ?? 0) } == 174_482_596_00)
            #expect(mexico.values.reduce(0) { $0 + ($1[2016] ?? 0) } == 11_479_975_00)
            #expect(Set(mexico.keys) == ["INCLE", "NADR", "IMET", "FMF"])
            let report = AccountBudgetReport(
                figures: try await store.accountFigures(AccountBudgetQuery(countries: ["MX"])),
                runs: try await store.runs(), countries: ["MX"],
                obligations: try await BudgetObligations.gather(store, countries: ["MX"], fromYear: 2017, toYear: 2017))
            let lines = Set(
                report.table().split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") })
            #expect(lines.contains("Security assistance 85,660"))  // the budget
            #expect(lines.contains("Security assistance 174,483"))  // obligated, rounded to the thousand
            #expect(report.table().contains(AccountBudgetReport.obligationsCaveat))
            let spanish = report.table(in: .es)
            #expect(spanish.contains(AccountBudgetReport.obligationsCaveat(in: .es)))
            #expect(spanish.contains("Obligado de las mismas cuentas, según el Greenbook"))
            #expect(
                Set(spanish.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }).contains(
                    "Asistencia en seguridad 174,483"))
            // The CSV and JSON stay the budget's alone.
            #expect(!report.csv().contains("174482596"))
        }
    }

    @Test("the report: accounts by year with the security-assistance share, as table, CSV and JSON, with sources")
    func report() async throws {
        try await Engine.sqlite.withLedger { store in
            let importer = AccountBudgetImporter(store: store)
            for yy in ["16", "17"] { try await load(importer, yy) }
            let report = AccountBudgetReport(
                figures: try await store.accountFigures(AccountBudgetQuery(countries: ["MX", "SV"])),
                runs: try await store.runs(), countries: ["MX", "SV", "BR"])
            let table = report.table()
            let lines = Set(table.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") })
            // Mexico FY2017: INCLE 80,000 + NADR 1,160 + IMET 1,500 + FMF 3,000 = 85,660 of 134,664, 64%.
            #expect(lines.contains("Security assistance 90,660 85,660"))
            #expect(lines.contains("All accounts 142,160 134,664"))
            #expect(lines.contains("Security assistance share 64% 64%"))
            #expect(lines.contains("DA 12,500 –"))
            #expect(table.contains("No budget figures for this country"))  // BR was asked for, not loaded
            #expect(table.contains("Budget is not spending"))
            // In Spanish, the same figures under Spanish words; the basis in words, the accounts by their codes.
            let spanish = report.table(in: .es)
            let spanishLines = Set(
                spanish.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") })
            #expect(spanish.hasPrefix("Presupuesto del Departamento de Estado por cuenta (miles de dólares corrientes"))
            #expect(spanishLines.contains("Asistencia en seguridad 90,660 85,660"))
            #expect(spanishLines.contains("Todas las cuentas 142,160 134,664"))
            #expect(spanishLines.contains("Proporción de asistencia en seguridad 64% 64%"))
            #expect(spanishLines.contains("DA 12,500 –") && spanishLines.contains("Base solicitud solicitud"))
            #expect(lines.contains("Basis request request"))
            #expect(
                spanish.contains("No hay cifras de presupuesto para este país") && spanish.contains("\nBR (Brasil)\n"))
            #expect(
                spanish.contains("El presupuesto no es gasto") && spanish.contains("\nFuentes (2 importaciones):\n"))
            let csv = report.csv().split(separator: "\n")
            let header =
                "source,measure,fiscal_year_basis,country,name,kind,region,fiscal_year,basis,account,account_name,"
                + "security_assistance,amount_usd,run,line"
            #expect(csv.first.map(String.init) == header)
            #expect(
                csv.contains {
                    $0.hasPrefix("state-budget,budget,us_federal,MX,Mexico,country,WHA,2017,request,INCLE,")
                        && $0.contains(",true,80000000.00,")
                })
            let json = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any]
            #expect(json?["measure"] as? String == "budget")
            #expect(json?["fiscalYearBasis"] as? String == "us_federal" && json?["currency"] as? String == "USD")
            #expect((json?["sources"] as? [[String: Any]])?.count == 2)
            let rows = try #require(json?["rows"] as? [[String: Any]])
            let incle = rows.first {
                $0["country"] as? String == "MX" && $0["fiscalYear"] as? Int == 2017
                    && $0["account"] as? String == "INCLE"
            }
            #expect((incle?["amountUSD"] as? NSNumber)?.int64Value == 80_000_000)
        }
    }
}

let stateBudgetYearsForLedger = ["08", "09", "10", "11", "12", "13", "14", "15", "16", "17"]
