import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaSQLite

let wgiFile = SharedData.path("country-indicators/wgi/2020_Worldwide_Governance_Indicators_1996-2019.csv")
let homicideFile = SharedData.path("country-indicators/homicide/API_VC.IHR.PSRC.P5_DS2_en_csv_v2_4355130.csv")

@Suite("Outcome series")
struct SeriesTests {
    /// Runs `body` with a new ledger on `engine` and an importer into it.
    func ledger(_ engine: Engine, _ body: (any TestLedger, SeriesImporter) async throws -> Void) async throws {
        try await engine.withLedger { store in try await body(store, SeriesImporter(store: store)) }
    }

    func run(_ outcome: ImportOutcome) -> ImportRun {
        switch outcome {
        case .imported(let run), .alreadyImported(let run): run
        }
    }

    @Test(
        "WGI (Windows-1252): every estimate with its standard error; NA cells are missing, not zero",
        arguments: Engine.available)
    func wgi(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let imported = run(try await importer.importFile(path: wgiFile, source: .wgi, edition: "2020"))
            // 214 economies × 21 years × 6 indicators = 26,964 rows, 983 of them NA (counted with Python's csv module).
            #expect(imported.transactions == 26_964 - 983)
            #expect(imported.sheet == nil && imported.fileLabel == "2020_Worldwide_Governance_Indicators_1996-2019.csv")
            #expect(try await store.warnings(run: imported.id).first?.message.hasPrefix("983 cells") == true)
            let mexico = try await store.series(country: "MX", indicatorPrefix: "wgi.rule_of_law")
            let latest = try #require(mexico.first { $0.year == 2019 })
            #expect(latest.value == "-0.658103585243225")
            #expect(latest.standardError == 0.141015768051147)
            #expect(latest.edition == "2020")
            #expect(!mexico.contains { $0.year == 1997 })  // WGI skipped 1997, 1999 and 2001
            // The table: the last six years, 2019 last with its estimate ± its error; in Spanish the same cells.
            let report = SeriesReport(country: "MX", points: mexico)
            let (english, spanish) = (report.table(), report.table(in: .es))
            #expect(
                english.hasPrefix("Outcome series — Mexico (MX)\n")
                    && spanish.hasPrefix("Series de resultados — México (MX)\n"))
            let row = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("wgi.rule_of_law ") } }
            #expect(row(english)?.hasSuffix("  -0.66±0.14") == true && row(english) == row(spanish))
            #expect(
                spanish.contains("\nindicador        fuente  edición  2014 ")
                    && spanish.contains("un guion es un año sin valor (no cero)"))
            #expect(
                SeriesReport(country: "MX", points: []).table(in: .es)
                    == "Series de resultados — México (MX)\n\nNo hay series importadas para este país.\n")
            // Côte d'Ivoire's name has byte 0xF4; its code maps, and legacy WGI codes (ROM, ZAR) map to ISO.
            #expect(try await store.series(country: "CI", indicatorPrefix: nil).count > 100)
            #expect(try await store.series(country: "RO", indicatorPrefix: nil).count > 100)
            #expect(try await store.series(country: "CD", indicatorPrefix: nil).count > 100)
            // The same file twice changes nothing.
            if case .imported = try await importer.importFile(path: wgiFile, source: .wgi, edition: "2020") {
                Issue.record("a second import of the same bytes wrote again")
            }
        }
    }

    @Test(
        "homicide rates (WDI: BOM, preamble, wide years): Mexico 2019 as published, 2021 missing",
        arguments: Engine.available)
    func homicide(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let imported = run(try await importer.importFile(path: homicideFile, source: .homicide, edition: nil))
            #expect(imported.vintage == "2022-07-20")  // the file's own "Last Updated Date"
            #expect(imported.transactions == 3888)
            let mexico = try await store.series(country: "MX", indicatorPrefix: "homicide")
            #expect(mexico.first { $0.year == 2019 }?.value == "28.7367023185144")
            #expect(mexico.first { $0.year == 2020 }?.value == "28.3706033950892")
            #expect(!mexico.contains { $0.year == 2021 })
            // The regional aggregate is kept under its own key (Python counts 3 values in the LCN row).
            #expect(try await store.series(country: "wb:LCN", indicatorPrefix: nil).map(\.year) == [2012, 2014, 2015])
        }
    }

    @Test(
        "a long CSV of one's own: codes or names, optional standard errors; bad rows say where",
        arguments: Engine.available)
    func long(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let good = try Scratch.file(
                "synthetic-series.csv",
                """
                country,indicator,year,value,standard_error
                CO,survey.trust_in_courts,2019,0.41,0.03
                COL,survey.trust_in_courts,2020,0.44,
                Ecuador,survey.trust_in_courts,2020,NA,

                """)
            let imported = run(try await importer.importFile(path: good, source: .long, edition: "pilot-2021"))
            #expect(imported.transactions == 2)
            let colombia = try await store.series(country: "CO", indicatorPrefix: "survey.")
            #expect(colombia.map(\.year) == [2019, 2020])
            #expect(colombia.first?.standardError == 0.03)

            let bad = try Scratch.file(
                "synthetic-bad.csv", "country,indicator,year,value\nCO,x,2019,1\nAtlantis,x,2019,1\n")
            let error = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: bad, source: .long, edition: "e")
            }
            #expect(error?.line == 3)
            #expect(error?.field == "country")
            let noEdition = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: good, source: .long, edition: nil)
            }
            #expect(noEdition?.field == "--edition")
            // One country, indicator and year on two lines (here a code and a name for Colombia): which value holds
            // is not guessed; the file is refused with both lines. Before, the last line silently won.
            let twice = try Scratch.file(
                "synthetic-twice.csv",
                "country,indicator,year,value\nCO,x,2019,1\nEC,x,2019,2\nColombia,x,2019,3\nCO,x,2019,4\n")
            let repeated = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: twice, source: .long, edition: "e")
            }
            #expect(repeated?.line == 4)
            #expect(
                repeated?.message
                    == "CO x 2019 is given again (first on line 2); a file gives each country, indicator and year once")
            // Nothing from the bad files was written.
            #expect(try await store.runs().count == 1)
            #expect(try await store.series(country: "CO", indicatorPrefix: "x").isEmpty)
        }
    }

    @Test(
        "GI-TOC: two editions with different frameworks, never joined; World Bank–style names map to ISO",
        arguments: Engine.available)
    func gitoc(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let folder = "country-indicators/gitoc-organized-crime-index/"
            let first = run(
                try await importer.importFile(
                    path: SharedData.path(folder + "global_oc_index_2021.derived.csv"), source: .gitoc, edition: nil))
            let second = run(
                try await importer.importFile(
                    path: SharedData.path(folder + "global_oc_index_2023.derived.csv"), source: .gitoc, edition: nil))
            #expect(first.vintage == "2021" && second.vintage == "2023")  // told by the layout
            #expect(first.transactions == 193 * 30 && second.transactions == 193 * 36)
            let colombia = try await store.series(country: "CO", indicatorPrefix: "gitoc.resilience")
            // Python's csv module: "Resilience" 5.83 (2021), "Resilience avg," 5.63 (2023).
            #expect(colombia.map(\.edition) == ["2021", "2023"])
            #expect(colombia.map(\.value) == ["5.83", "5.63"])
            #expect(
                try await store.series(country: "CO", indicatorPrefix: "gitoc.judicial_system_and_detention").count == 2
            )
            // "Congo, Dem, Rep," (2023) and "Congo, Dem. Rep." (2021) are both the DR Congo.
            #expect(try await store.series(country: "CD", indicatorPrefix: "gitoc.criminality").count == 2)
        }
    }

    @Test(
        "GI-TOC's workbook: each sheet is a run of its own, read as its CSV copy, and imported once",
        arguments: Engine.available)
    func gitocWorkbook(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let book = SharedData.path("country-indicators/gitoc-organized-crime-index/global_oc_index.xlsx")
            // Three sheets: which one is read must be said, and nothing is written until it is.
            let unnamed = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: book, source: .gitoc, edition: nil)
            }
            #expect(unnamed?.field == "--sheet")
            #expect(try await store.runs().isEmpty)
            let later = run(
                try await importer.importFile(path: book, source: .gitoc, edition: nil, sheet: "2023_dataset"))
            let earlier = run(
                try await importer.importFile(path: book, source: .gitoc, edition: nil, sheet: "2021_dataset"))
            #expect(later.sha256 == earlier.sha256)
            #expect(later.sheet == "2023_dataset" && earlier.sheet == "2021_dataset")
            #expect(later.fileLabel == "global_oc_index.xlsx[2023_dataset]")
            // As the CSV copies import (`gitoc` above).
            #expect(later.vintage == "2023" && earlier.vintage == "2021")
            #expect(later.transactions == 193 * 36 && earlier.transactions == 193 * 30)
            let colombia = try await store.series(country: "CO", indicatorPrefix: "gitoc.resilience")
            #expect(colombia.map(\.edition) == ["2021", "2023"])
            #expect(colombia.map(\.value) == ["5.83", "5.63"])
            // Each sheet once: the same sheet again answers with its run and writes nothing.
            guard
                case .alreadyImported(let again) = try await importer.importFile(
                    path: book, source: .gitoc, edition: nil, sheet: "2023_dataset")
            else {
                Issue.record("a sheet imported before was imported again")
                return
            }
            #expect(again.id == later.id)
            #expect(try await store.runs().map(\.sheet) == ["2023_dataset", "2021_dataset"])
            #expect(try await store.scalar("SELECT COUNT(*) FROM series_point") == 193 * 66)
        }
    }

    @Test("CPI: wide by year, every country named the World Bank way is mapped", arguments: Engine.available)
    func cpi(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let imported = run(
                try await importer.importFile(
                    path: SharedData.path("country-indicators/transparency-cpi/cpi_2012-2020.derived.csv"),
                    source: .cpi,
                    edition: "2012-2020"))
            #expect(imported.transactions == 1589)  // non-empty cells, counted with Python
            #expect(
                try await store.series(country: "CD", indicatorPrefix: "cpi").first { $0.year == 2020 }?.value == "18")
            #expect(
                try await store.series(country: "CO", indicatorPrefix: "cpi").first { $0.year == 2020 }?.value == "39")
        }
    }

    @Test(
        "WJP (line breaks in header cells) and the FSI (eighteen yearly files, columns reordered)",
        arguments: Engine.available)
    func wjpAndFSI(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let wjp = run(
                try await importer.importFile(
                    path: SharedData.path("country-indicators/wjp-rule-of-law/2020_WJP_Rule_Of_Law_2013-2020.csv"),
                    source: .wjp, edition: "2020"))
            #expect(wjp.transactions == 41_234)  // Python's csv module counts the same non-empty scores
            let colombia = try await store.series(country: "CO", indicatorPrefix: "wjp.")
            #expect(colombia.first { $0.indicator == "wjp.overall" && $0.year == 2020 }?.value == "0.50030806609042189")
            #expect(colombia.first { $0.indicator == "wjp.8_5" && $0.year == 2020 }?.value == "0.42095380405827953")

            let folder = SharedData.root.appendingPathComponent("country-indicators/fragile-states-index")
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".csv") }
            #expect(files.count == 18)
            var total = 0
            for file in files.sorted() {
                total +=
                    run(
                        try await importer.importFile(
                            path: folder.appendingPathComponent(file).path, source: .fsi, edition: "fsi-2006-2023")
                    ).transactions
            }
            #expect(total == 41_210)
            let security = try await store.series(country: "CO", indicatorPrefix: "fsi.c1")
            #expect(security.first { $0.year == 2023 }?.value == "6.7")
            #expect(security.first { $0.year == 2006 } != nil)  // "2006-01-01" read as 2006
        }
    }

    @Test(
        "Freedom House: two ratings a country-year, former states kept apart, no rating and two ratings not kept",
        arguments: Engine.available)
    func freedomHouse(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let path = SharedData.path("country-indicators/freedom-house/2020_Freedom_in_the_World_1972-2019.csv")
            let fh = run(try await importer.importFile(path: path, source: .fh, edition: "2020"))
            // Python's csv module, apart: 9,588 rows of two ratings; 2,262 cells are "-" and two are "3(6)", "2(5)".
            #expect(fh.transactions == 16_912)
            let warnings = try await store.warnings(run: fh.id)
            #expect(warnings.map(\.kind) == ["two_scores", "missing_value"])
            #expect(warnings.first?.message.hasPrefix("2 cells give two ratings") == true)
            let mexico = try await store.series(country: "MX", indicatorPrefix: "fh.")
            #expect(
                mexico.filter { $0.year == 2019 }.map { "\($0.indicator) \($0.value)" } == [
                    "fh.civil_liberties 3", "fh.political_rights 3",
                ])
            #expect(mexico.first { $0.year == 1990 && $0.indicator == "fh.political_rights" }?.line == 5283)
            let venezuela = try await store.series(country: "VE", indicatorPrefix: "fh.political_rights")
            #expect(venezuela.first { $0.year == 2019 }?.number == 6)
            // The USSR's ratings are its own line, not Russia's (both carry the code RUS in the file).
            let soviet = try await store.series(country: "fh:ussr", indicatorPrefix: "fh.")
            let russia = try await store.series(country: "RU", indicatorPrefix: "fh.")
            #expect(!soviet.isEmpty && soviet.allSatisfy { $0.year <= 1991 })
            #expect(Set(soviet.map(\.line)).isDisjoint(with: Set(russia.map(\.line))))
        }
    }

    @Test("a mis-encoded indicator file is refused with its line, and writes nothing", arguments: Engine.available)
    func misEncoded(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            var bytes = Data("country,indicator,year,value\nCO,x,2019,1\n".utf8)
            bytes.append(contentsOf: [0x43, 0xF4, 0x74, 0x65] + Array(",x,2019,2\n".utf8))  // "Côte" in Latin-1
            let path = try Scratch.file("synthetic-latin1.csv", contents: bytes)
            let error = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: path, source: .long, edition: "e")
            }
            #expect(error?.line == 3)
            #expect(error?.message.contains("UTF-8") == true)
            #expect(try await store.runs().isEmpty)
        }
    }

    @Test("a WGI file offered as another source is refused by its header", arguments: Engine.available)
    func wrongLayout(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: wgiFile, source: .long, edition: "2020")
            }
            await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: homicideFile, source: .wgi, edition: "2020")
            }
            let runs = try await store.runs()
            #expect(runs.isEmpty)
        }
    }
}
