import AtalayaDomain
import AtalayaImport
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

/// Results across the region: every country with results, each country's counts, and the region's indicators once.
@Suite("Results across the region")
struct RegionalResultsTests {
    let asOf = "2025-11-29"

    /// One SYNTHETIC program for El Salvador and Honduras with one indicator: its 2024 period 40 of 100, its 2025 one
    /// (the latest, so not assessable) ended with no actual. BCIE's file has no program with results in two countries.
    static let twoCountries = """
        <iati-activities version="2.03"><iati-activity last-updated-datetime="2025-07-01T00:00:00"
          default-currency="USD"><iati-identifier>SYNTHETIC-TWO-1</iati-identifier>
        <reporting-org ref="US-GOV-1"><narrative>X</narrative></reporting-org>
        <title><narrative>Court administration</narrative></title>
        <recipient-country code="SV" percentage="50"/><recipient-country code="HN" percentage="50"/>
        <sector code="15130"/><transaction><transaction-type code="3"/>
        <transaction-date iso-date="2024-01-15"/><value value-date="2024-01-15">1000.00</value></transaction>
        <result type="1"><title><narrative>Courts</narrative></title>
        <indicator measure="1" ascending="1"><title><narrative>Cases closed</narrative></title>
        <period><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
          <target value="100"/><actual value="40"/></period>
        <period><period-start iso-date="2025-01-01"/><period-end iso-date="2025-06-30"/>
          <target value="150"/></period>
        </indicator></result>
        </iati-activity></iati-activities>
        """

    @Test(
        "each country's counts, the region's indicators once, and no country with results left out",
        arguments: Engine.available)
    func region(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = IATIImporter(store: store, allocator: try bundledAllocator())
            _ = try await importer.importFile(path: bcieFile)
            _ = try await importer.importFile(path: try Scratch.file("SYNTHETIC-two-countries.xml", Self.twoCountries))
            // A country known from monitoring data alone is looked at too.
            _ = try await MonitoringImporter(store: store).importFile(
                path: try Scratch.file(
                    "SYNTHETIC-monitoring-jm.csv",
                    """
                    program,country,indicator,ascending,baseline,period_start,period_end,target,actual
                    SYNTHETIC-JM-1,JM,Cases closed,true,0,2025-01-01,2025-06-30,10,9
                    """))
            let builder = ResultsBuilder(store: store, thresholds: .standard)
            let region = try await builder.region(asOf: asOf)
            // Looking at every ISO country finds no country with results that the default selection missed.
            let everywhere = try await builder.region(countries: Countries.iso2.sorted(), asOf: asOf)
            #expect(region.reports.map(\.country) == everywhere.reports.map(\.country))
            #expect(everywhere.examined == Countries.iso2.count && region.examined < everywhere.examined)
            // BCIE's counts as `report results --country` gives them, the two-country program in SV and HN, JM's file.
            #expect(
                region.reports.map { "\($0.country) \($0.status.indicators) \($0.unreported.count)" } == [
                    "AR 14 0", "BZ 7 0", "CR 1 0", "GT 4 0", "HN 1 1", "JM 1 0", "SV 11 1",
                ])
            // The region counts each indicator once: a set of the readings' keys, built here from the store apart.
            var keys: Set<String> = []
            var listed = 0
            for country in region.reports.map(\.country) {
                for reading in try await store.indicatorReadings(country: country, asOf: asOf) {
                    keys.insert("\(reading.activity)|\(reading.title)|\(reading.periodEnd ?? "")|\(reading.run ?? 0)")
                    listed += 1
                }
            }
            #expect(region.status.indicators == keys.count && keys.count == listed - 1 && listed == 39)
            let shared = try #require(region.readings.first { $0.reading.activity == "SYNTHETIC-TWO-1" })
            #expect(shared.countries == ["HN", "SV"] && shared.reading.status(.standard) == .notAssessable)
            #expect(
                region.unreported.map { "\($0.period.activity) \($0.countries)" } == [
                    "SYNTHETIC-TWO-1 [\"HN\", \"SV\"]"
                ])
            // BCIE's 35 off track and 1 not assessable, the two-country program's latest period without an actual, JM's 9 of 10.
            #expect((region.status.offTrack, region.status.notAssessable, region.status.onTrack) == (35, 2, 1))
            #expect(region.status.notAssessableBecause == ["missing_value": 1, "target_is_baseline": 1])
            // The CSV lists it for each country, as each country's page does; the JSON has each country's report.
            let csv = region.csv().split(separator: "\n").map(String.init)
            #expect(
                csv.first
                    == "country,status,program,indicator,period_end,baseline,target,actual,progress,source,run,cosigned_by,"
                    + "file_date,ended_after_file,unassessable")
            // Why the two are not assessable: BCIE's target equal to its baseline, and a period with no actual (the
            // two-country program's, in each of its countries).
            let why = csv.filter { $0.contains(",not assessable,") }.map { $0.split(separator: ",").last ?? "" }
            #expect(why.sorted() == ["missing_value", "missing_value", "target_is_baseline"])
            #expect(csv.filter { $0.contains(",SYNTHETIC-TWO-1,") }.map { String($0.prefix(3)) } == ["HN,", "SV,"])
            #expect(csv.count == 1 + listed)
            let json = try JSONSerialization.jsonObject(with: Data(try region.json().utf8)) as? [String: Any]
            #expect((json?["countries"] as? [Any])?.count == 7)
            #expect(((json?["status"] as? [String: Any])?["indicators"] as? Int) == 38)
            let regionRow = region.table().split(separator: "\n").first { $0.hasPrefix("Region, each indicator once") }
            #expect(regionRow?.split(separator: " ").suffix(8) == ["38", "35", "0", "1", "2", "1", "39", "97%"])
            // In Spanish: the same row under its Spanish name and headers, and the sentences in Spanish.
            let spanish = region.table(in: .es).split(separator: "\n")
            #expect(
                spanish.first?.hasPrefix("Resultados en la región — periodos vencidos antes del \(asOf); 7 países")
                    == true)
            #expect(spanish.contains { $0.hasPrefix("país ") && $0.hasSuffix("  vencidos  informados") })
            let filaRegion = spanish.first { $0.hasPrefix("Región, cada indicador una vez") }
            #expect(filaRegion?.split(separator: " ").suffix(8) == regionRow?.split(separator: " ").suffix(8))
            #expect(spanish.contains { $0.hasPrefix("Completitud de los informes: 97% de 39 periodos") })
            #expect(!region.table(in: .es).contains("Reporting completeness"))
            let late = region.reports.first { $0.country == "SV" }?.unreportedTable(in: .es) ?? ""
            #expect(late.hasPrefix("Atrasados o sin informar — El Salvador (SV): periodos de indicador vencidos"))
            #expect(late.contains("días de atraso") && late.contains(" importación "))

            // Reporting completeness: every past period of BCIE's (Python's lxml finds an actual in all 514 of the
            // file's), the two-country program's two in HN and in SV (its 2025 one without an actual), JM's one.
            #expect(
                region.reports.map {
                    "\($0.country) \($0.completeness.pastPeriods) \($0.completeness.reportedPeriods)"
                } == ["AR 14 14", "BZ 7 7", "CR 1 1", "GT 4 4", "HN 2 1", "JM 1 1", "SV 12 11"])
            // The region's, each period once: the two-country program's two periods counted once, not twice.
            #expect((region.completeness.pastPeriods, region.completeness.reportedPeriods) == (39, 38))
            #expect(region.table().contains("\nReporting completeness: 97% of 39 past indicator periods have an "))
            // The same denominator as the brief's accountability check, counted by its own query, where every
            // program is an IATI activity with money for the country (JM's comes from monitoring data alone).
            for report in region.reports where report.country != "JM" {
                let summary = AccountabilitySummary(
                    try await store.accountability(country: report.country, asOf: asOf), asOf: asOf)
                #expect(
                    (summary.pastPeriods, summary.reportedPeriods)
                        == (report.completeness.pastPeriods, report.completeness.reportedPeriods), "\(report.country)")
            }
            let completeness = (json?["completeness"] as? [String: Any]) ?? [:]
            #expect(completeness["pastPeriods"] as? Int == 39 && completeness["reportedPeriods"] as? Int == 38)
        }
    }

    @Test("with no results anywhere, the region says where results come from")
    func none() async throws {
        try await Engine.sqlite.withLedger { store in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(
                path: SharedData.path("iati-activities/usaid-us-gov-1/usaid-mx.xml"))
            let region = try await ResultsBuilder(store: store, thresholds: .standard).region(asOf: asOf)
            #expect(region.reports.isEmpty && region.examined == 1)
            #expect(region.table().contains("import a program office's monitoring data"))
        }
    }
}
