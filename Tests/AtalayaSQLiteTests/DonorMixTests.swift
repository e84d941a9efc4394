import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

@Suite("Who pays: U.S. money from one source beside other donors from IATI")
struct DonorMixTests {
    /// A ledger on `engine` holding El Salvador's real IATI files: USAID's, BCIE's and the World Bank's.
    func ledger(_ engine: Engine, _ body: (any TestLedger) async throws -> Void) async throws {
        try await engine.withLedger { store in
            let importer = IATIImporter(store: store, allocator: try bundledAllocator())
            _ = try await importer.importFile(path: usaid("sv"))
            _ = try await importer.importFile(path: SharedData.path("iati-activities/bcie-xm-dac-46007/bcie.xml"))
            _ = try await importer.importFile(path: SharedData.path("iati-activities/worldbank-44000/worldbank-sv.xml"))
            try await body(store)
        }
    }

    /// In-scope, converted disbursements to El Salvador from `publishers`, summed from the allocations themselves.
    func allocated(_ store: any TestLedger, _ publishers: String, pillars: String = "<> 'out_of_scope'") async throws
        -> Int64
    {
        try await store.scalar(
            """
            SELECT COALESCE(SUM(usd_cents), 0) FROM allocation
            WHERE recipient = 'SV' AND measure = 'disbursement' AND pillar \(pillars) AND usd_cents IS NOT NULL
              AND publisher \(publishers)
            """) ?? -1
    }

    @Test(
        "El Salvador from IATI: USAID beside BCIE and the World Bank, each donor's money summed two ways",
        arguments: Engine.available)
    func fromIATI(_ engine: Engine) async throws {
        try await ledger(engine) { store in
            let mix = try await DonorMixBuilder(store: store).donorMix(
                countries: ["SV"], from: nil, to: nil, measure: .disbursement, scope: .security, usSource: .iati)
            // The U.S. first; then by money. The World Bank's file has money in El Salvador, none of it in scope:
            // listed with none rather than left out.
            #expect(mix.providers.map(\.id) == [DonorMix.usGovernment, "XM-DAC-46007", "44000"])
            #expect(mix.providers[0].name == "U.S. Government (IATI: US-GOV-1)")
            #expect(mix.providers[1].name == "Banco Centroamericano de Integración Económica")
            #expect(mix.providers[2].totalCents == 0)
            // A note says what its 0 is, naming it; a donor with money is not named there.
            #expect(
                mix.notes.contains(
                    "Listed at 0, World Bank (44000): its files hold no in-scope disbursements for these recipients "
                        + "and years; that is what the files say, not a finding that nothing was paid."))
            #expect(!mix.notes.contains { $0.contains("XM-DAC-46007") })
            // Each donor's total as the allocations give it, summed in SQL apart from the portfolio's rollup.
            #expect(mix.providers[0].totalCents == (try await allocated(store, "LIKE 'US-GOV-%'")))
            #expect(mix.providers[1].totalCents == (try await allocated(store, "= 'XM-DAC-46007'")))
            #expect(mix.providers[0].totalCents == 369_955_003_00)
            // BCIE's in-scope money in El Salvador is all justice.
            #expect(mix.providers[1].byPillar == [.justice: 10_735_652_00])
            // Each donor's lines name its own file's run, and the CSV ends with them.
            let runOf = Dictionary(uniqueKeysWithValues: mix.sources.map { ($0.fileName, $0.id) })
            for (provider, file) in [(0, "usaid-sv.xml"), (1, "bcie.xml")] {
                let run = try #require(runOf[file])
                #expect(mix.providers[provider].cells.allSatisfy { $0.runs == [run] }, "\(file)")
            }
            let bcieLines = DonorMixReport(mix).csv().split(separator: "\n").filter { $0.hasPrefix("XM-DAC-46007,") }
            #expect(!bcieLines.isEmpty && bcieLines.allSatisfy { $0.hasSuffix(",\(runOf["bcie.xml"] ?? -1)") })
            // The U.S. part of the classified money (unclassified and out of scope left out of both sides).
            let classified = "NOT IN ('out_of_scope', 'unclassified')"
            let us = try await allocated(store, "LIKE 'US-GOV-%'", pillars: classified)
            let all = try await allocated(store, "IS NOT NULL", pillars: classified)
            let share = try #require(mix.usShare)
            #expect(share.usCents == us && share.allCents == all)
            #expect(abs(share.share - Double(us) / Double(all)) < 1e-12)
            #expect(mix.sources.map(\.fileName) == ["usaid-sv.xml", "bcie.xml", "worldbank-sv.xml"])

            let report = DonorMixReport(mix)
            let table = report.table()
            #expect(
                table.hasPrefix("Who pays — SV (El Salvador), disbursements, current USD, every U.S. fiscal year\n"))
            #expect(table.contains("U.S. Government part of all donors' classified security cooperation: 97.2%"))
            #expect(table.contains("XM-DAC-46007 Banco Centroamericano de Integración Económica   10,735,652"))
            // In Spanish: the words and the U.S. Government's name change; the rows' figures and shares do not.
            let spanish = report.table(in: .es)
            #expect(
                spanish.hasPrefix(
                    "Quién paga — SV (El Salvador), desembolsos, USD corrientes, todos los años fiscales de EE. UU.\n"))
            #expect(
                spanish.contains(
                    "Parte del Gobierno de EE. UU. en la cooperación en seguridad clasificada de todos los donantes: 97.2%"
                ))
            #expect(
                spanish.contains("\nGobierno de EE. UU. (IATI: US-GOV-1) ") && spanish.contains("\nTodos los donantes ")
            )
            let figures = { (text: String) in
                text.split(separator: "\n").filter { $0.contains("%") && !$0.hasPrefix("-") }.map {
                    $0.split(separator: " ").filter { $0.first?.isNumber == true || $0 == "–" }
                }
            }
            #expect(figures(table).count >= 4 && figures(table) == figures(spanish))
            // The pillar columns: the ids `--pillar` takes in English, their short names in Spanish.
            let headers = { (text: String) in
                text.split(separator: "\n").first { $0.hasPrefix("donor") || $0.hasPrefix("donante") }.map(String.init)
            }
            #expect(
                headers(table)?.contains("  law_enforcement  justice  anti_corruption  governance  prevention") == true)
            #expect(headers(spanish)?.contains("  policía  justicia  anticorrupción  gobernanza  prevención  ") == true)
            #expect(spanish.contains("(todos los pilares salvo sin clasificar y fuera del ámbito)"))
            // The CSV's lines add up to the same totals, to the cent (the amount next to last, before the runs).
            let lines = report.csv().split(separator: "\n").dropFirst()
            var byProvider: [String: Decimal] = [:]
            for line in lines {
                let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                byProvider[String(fields[0]), default: 0] += Decimal(string: String(fields[fields.count - 2]))!
            }
            #expect(byProvider[DonorMix.usGovernment] == Decimal(string: "369955003"))
            #expect(byProvider["XM-DAC-46007"] == Decimal(string: "10735652"))
            let json = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any]
            #expect(json?["usSource"] as? String == "iati")
            #expect((json?["providers"] as? [[String: Any]])?.count == 3)
            // With out-of-scope money too, the World Bank's file counts, and every donor's total is its allocations'.
            let everything = try await DonorMixBuilder(store: store).donorMix(
                countries: ["SV"], from: nil, to: nil, measure: .disbursement, scope: .all, usSource: .iati)
            let worldBank = try #require(everything.providers.first { $0.id == "44000" })
            #expect(worldBank.totalCents == (try await allocated(store, "= '44000'", pillars: "IS NOT NULL")))
            #expect(worldBank.totalCents > 0 && worldBank.byPillar.keys.contains(.outOfScope))
            #expect(
                everything.providers.reduce(0) { $0 + $1.totalCents }
                    == (try await allocated(store, "IS NOT NULL", pillars: "IS NOT NULL")))
            // Years with no money: the U.S. row still names the U.S. publishers the ledger holds, and there is no
            // U.S. part to give.
            let later = try await DonorMixBuilder(store: store).donorMix(
                countries: ["SV"], from: 2090, to: nil, measure: .disbursement, scope: .security, usSource: .iati)
            #expect(later.providers.map(\.name) == ["U.S. Government (IATI: US-GOV-1)"])
            #expect(later.providers[0].totalCents == 0 && later.usShare == nil)
            #expect(
                later.notes.contains { $0.hasPrefix("Listed at 0, U.S. Government (IATI: US-GOV-1): its files hold") })
        }
    }

    @Test(
        "by calendar year: BCIE's FY2025 money falls in two calendar years, and every donor's total is unchanged",
        arguments: Engine.available)
    func calendarYears(_ engine: Engine) async throws {
        try await ledger(engine) { store in
            let builder = DonorMixBuilder(store: store)
            let fiscal = try await builder.donorMix(
                countries: ["SV"], from: nil, to: nil, measure: .disbursement, scope: .security, usSource: .iati)
            let calendar = try await builder.donorMix(
                countries: ["SV"], from: nil, to: nil, basis: .calendar, measure: .disbursement, scope: .security,
                usSource: .iati)
            // The same money binned otherwise: each donor's total over every year is what it was by fiscal year.
            #expect(calendar.providers.map(\.id) == fiscal.providers.map(\.id))
            #expect(calendar.providers.map(\.totalCents) == fiscal.providers.map(\.totalCents))
            func byYear(_ provider: DonorMix.Provider) -> [Int: Cents] {
                provider.cells.reduce(into: [:]) { $0[$1.year ?? 0, default: 0] += $1.usdCents }
            }
            // BCIE's FY2025 disbursements (October 2024 to September 2025) are 735,652 in 2024 and 10,000,000 in 2025.
            #expect(byYear(fiscal.providers[1]) == [2025: 10_735_652_00])
            #expect(byYear(calendar.providers[1]) == [2024: 735_652_00, 2025: 10_000_000_00])
            // A year on the calendar basis, summed from the allocations' own calendar year.
            let us2024 = try await store.scalar(
                """
                SELECT COALESCE(SUM(usd_cents), 0) FROM allocation
                WHERE recipient = 'SV' AND measure = 'disbursement' AND pillar <> 'out_of_scope'
                  AND usd_cents IS NOT NULL AND publisher LIKE 'US-GOV-%' AND calendar_year = 2024
                """)
            #expect(byYear(calendar.providers[0])[2024] == us2024)
            #expect(us2024 == 62_500_759_00 && byYear(fiscal.providers[0])[2024] == 57_794_266_00)
            // Years asked for are calendar years too.
            let only2025 = try await builder.donorMix(
                countries: ["SV"], from: 2025, to: 2025, basis: .calendar, measure: .disbursement, scope: .security,
                usSource: .iati)
            #expect(only2025.providers.first { $0.id == "XM-DAC-46007" }?.totalCents == 10_000_000_00)
            let report = DonorMixReport(only2025)
            #expect(
                report.table().hasPrefix(
                    "Who pays — SV (El Salvador), disbursements, current USD, calendar year 2025\n"))
            #expect(report.table().contains("current U.S. dollars by calendar year"))
            #expect(
                report.table(in: .es).hasPrefix(
                    "Quién paga — SV (El Salvador), desembolsos, USD corrientes, año calendario 2025\n"))
            #expect(report.table(in: .es).contains("dólares corrientes de EE. UU. por año calendario"))
            #expect(
                report.csv().hasPrefix(
                    "provider,provider_name,source,measure,fiscal_year_basis,country,fiscal_year,pillar,amount_usd,runs\n"
                        + "us-government,U.S. Government (IATI: US-GOV-1),iati,disbursement,calendar,SV,2025,"))
            let json = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any]
            #expect(json?["fiscalYearBasis"] as? String == "calendar")
            // ForeignAssistance.gov gives fiscal years only: its money has no calendar year.
            let refused = await #expect(throws: LedgerQueryError.self) {
                _ = try await builder.donorMix(
                    countries: ["SV"], from: nil, to: nil, basis: .calendar, measure: .disbursement,
                    scope: .security, usSource: .fa)
            }
            #expect(refused?.description.contains("by U.S. fiscal year only") == true)
        }
    }

    @Test(
        "the U.S. Government is US-GOV-n or the older US-n, never a U.S. charity's US-EIN-…, in Swift and in SQL",
        arguments: Engine.available)
    func usGovernmentPublishers(_ engine: Engine) async throws {
        let identifiers = [
            "US-GOV-1", "US-GOV-18", "US-1", "US-18", "US-EIN-131685039", "US-DOS-C0123", "US-", "US-1X",
            "XM-DAC-46007", "44000",
        ]
        let government = identifiers.filter(USGovernmentPublisher.contains)
        #expect(government == ["US-GOV-1", "US-GOV-18", "US-1", "US-18"])
        try await engine.withLedger { store in
            let rows = identifiers.map { "SELECT '\($0)' AS publisher" }.joined(separator: " UNION ALL ")
            let counted = try await store.scalar(
                "SELECT COUNT(*) FROM (\(rows)) AS ids WHERE \(USGovernmentPublisher.sql("publisher"))")
            #expect(counted == Int64(government.count))
        }
    }

    @Test(
        "from ForeignAssistance.gov: USAID's IATI files are left out, other donors stay; measures are never mixed",
        arguments: Engine.available)
    func fromForeignAssistance(_ engine: Engine) async throws {
        try await ledger(engine) { store in
            // SYNTHETIC ForeignAssistance.gov disbursements: justice and anti-corruption money to El Salvador.
            let columns = OfficialLayout.faComplete51.columns
            func row(_ purpose: String, _ dollars: String) -> String {
                SyntheticCSV.line(
                    columns,
                    [
                        "Country Code": "SLV", "Country Name": "El Salvador", "Fiscal Year": "2024",
                        "Transaction Type Name": "Disbursements", "International Purpose Code": purpose,
                        "Current Dollar Amount": dollars, "Constant Dollar Amount": dollars,
                    ])
            }
            let path = try Scratch.file(
                "fa-disbursements-SYNTHETIC.csv",
                ([columns.joined(separator: ",")] + [row("15130", "2500000"), row("15113", "1000000.50")])
                    .joined(separator: "\n") + "\n")
            let classifier = OfficialClassifier(crosswalk: try bundledAllocator().crosswalk)
            _ = try await OfficialImporter(store: store, classifier: classifier).importFile(
                path: path, source: .fa, vintage: "2025-01-01")
            let builder = DonorMixBuilder(store: store)
            let mix = try await builder.donorMix(
                countries: ["SV"], from: nil, to: nil, measure: .disbursement, scope: .security, usSource: .fa)
            #expect(mix.providers.map(\.id) == [DonorMix.usGovernment, "XM-DAC-46007", "44000"])
            #expect(mix.providers[0].source == .fa)
            #expect(mix.providers[0].byPillar == [.justice: 2_500_000_00, .antiCorruption: 1_000_000_50])
            #expect(mix.providers[1].totalCents == (try await allocated(store, "= 'XM-DAC-46007'")))
            // USAID's IATI file is not among the runs: ForeignAssistance.gov already holds its money.
            #expect(mix.sources.map(\.fileName) == ["bcie.xml", "worldbank-sv.xml", "fa-disbursements-SYNTHETIC.csv"])
            #expect(mix.usShare?.usCents == 3_500_000_50)
            #expect(DonorMixReport(mix).table().contains("U.S. Government from ForeignAssistance.gov"))

            // Obligations are not IATI commitments, and the Greenbook has nothing IATI reports.
            let obligations = await #expect(throws: LedgerQueryError.self) {
                _ = try await builder.donorMix(
                    countries: ["SV"], from: nil, to: nil, measure: .obligation, scope: .security, usSource: .fa)
            }
            #expect(obligations?.description.hasSuffix("use --measure disbursement") == true)
            await #expect(throws: LedgerQueryError.self) {
                _ = try await builder.donorMix(
                    countries: ["SV"], from: nil, to: nil, measure: .obligation, scope: .security,
                    usSource: .greenbook)
            }
            await #expect(throws: LedgerQueryError.self) {
                _ = try await builder.donorMix(
                    countries: ["SV"], from: nil, to: nil, measure: .obligation, scope: .security, usSource: .iati)
            }
        }
    }

    @Test("the U.S. Government is named by its source in either language; another donor as its files name it")
    func usGovernmentNames() {
        let fa = DonorMix.Provider(usGovernmentFrom: .fa, publishers: [], cells: [])
        #expect(fa.id == DonorMix.usGovernment && fa.source == .fa)
        #expect(fa.name == "U.S. Government (ForeignAssistance.gov)")
        #expect(fa.name(in: .en) == fa.name && fa.name(in: .es) == "Gobierno de EE. UU. (ForeignAssistance.gov)")
        let iati = DonorMix.Provider(usGovernmentFrom: .iati, publishers: ["US-GOV-1", "US-GOV-11"], cells: [])
        #expect(iati.name == "U.S. Government (IATI: US-GOV-1, US-GOV-11)")
        #expect(iati.name(in: .es) == "Gobierno de EE. UU. (IATI: US-GOV-1, US-GOV-11)")
        let none = DonorMix.Provider(usGovernmentFrom: .iati, publishers: [], cells: [])
        #expect(none.name == "U.S. Government (no U.S. publisher's IATI file imported)")
        #expect(none.name(in: .es) == "Gobierno de EE. UU. (ningún archivo IATI de un publicador de EE. UU. importado)")
        let bank = DonorMix.Provider(
            id: "XM-DAC-46007", name: "Banco Centroamericano de Integración Económica", source: .iati, cells: [])
        #expect(bank.name(in: .es) == bank.name && bank.name(in: .en) == bank.name)
    }
}
