import AtalayaBundledData
import AtalayaDomain
import AtalayaImport
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaSQLite

/// The ForeignAssistance.gov files `atalaya demo` imports are the published exports and the published country
/// totals' rows for the same two countries, copied unchanged, and give what the published files give.
@Suite("The demo's bundled ForeignAssistance.gov files: Ecuador's and El Salvador's exports and totals")
struct BundledForeignAssistanceTests {
    static let totalsFile = SharedData.path(
        "foreignassistance-gov/country-summary/vintage-2023-10/us_foreign_aid_country.csv")

    @Test("the two exports are the staged files byte for byte")
    func exports() throws {
        let staged = ["Ecuador_2022-2002_Econ_Other.csv", "El_Salvador_2022-2002_Econ_Other.csv"].map {
            SharedData.path("foreignassistance-gov/complete-dataset-extracts/" + $0)
        }
        #expect(
            BundledData.demoForeignAssistance.map(\.lastPathComponent)
                == staged.map { ($0 as NSString).lastPathComponent })
        for (bundled, published) in zip(BundledData.demoForeignAssistance, staged) {
            #expect(try Data(contentsOf: bundled) == Data(contentsOf: URL(fileURLWithPath: published)))
        }
    }

    @Test("the totals file is the published file's header and its Ecuador and El Salvador lines, unchanged")
    func totalsRows() throws {
        let published = try Data(contentsOf: URL(fileURLWithPath: Self.totalsFile))
        let lines = published.split(separator: Data("\r\n".utf8), omittingEmptySubsequences: false).dropLast()
        var kept = [lines.first!]
        for line in lines.dropFirst() where line.starts(with: Data("ECU,".utf8)) || line.starts(with: Data("SLV,".utf8))
        {
            kept.append(line)
        }
        #expect(kept.count == 1 + 290)
        var expected = Data()
        for line in kept { expected += line + Data("\r\n".utf8) }
        #expect(try Data(contentsOf: BundledData.demoForeignAssistanceTotals) == expected)
    }

    /// A ledger holding the two bundled exports and `totals` (the bundled rows, or the whole published file).
    func ledger(totals: String) async throws -> any LedgerStore {
        let store = try SQLiteStore.inMemory()
        let importer = OfficialImporter(
            store: store, classifier: OfficialClassifier(crosswalk: try bundledAllocator().crosswalk))
        for file in BundledData.demoForeignAssistance {
            _ = try await importer.importFile(
                path: file.path, source: .fa, vintage: BundledData.demoForeignAssistanceVintage)
        }
        _ = try await importer.importFile(
            path: totals, source: .fa, vintage: BundledData.demoForeignAssistanceTotalsVintage)
        return store
    }

    @Test("the bundled totals give the same coverage of the detail as the whole published file")
    func coverage() async throws {
        let measures: [OfficialMeasure] = [.obligation, .disbursement]
        let read = { (store: any LedgerStore) async throws -> [String: [DetailCoverage.Year]] in
            var years: [String: [DetailCoverage.Year]] = [:]
            for country in ["EC", "SV"] {
                for measure in measures {
                    years["\(country) \(measure)"] =
                        try await store.detailCoverage(country: country, measure: measure).years
                }
            }
            return years
        }
        let bundled = try await read(try await ledger(totals: BundledData.demoForeignAssistanceTotals.path))
        #expect(bundled == (try await read(try await ledger(totals: Self.totalsFile))))
        #expect(bundled.values.allSatisfy { !$0.isEmpty })
        // El Salvador's FY2020 obligations: the published total, and the export's rows as Python's csv sums them.
        let year = try #require(bundled["SV obligation"]?.first { $0.fiscalPeriod == "2020" })
        #expect(year.totalCents == 92_081_530_00 && year.detailCents == 89_353_949_00)
    }

    @Test("every obligation of the two exports is in the portfolio once, and negative amounts are said, not clipped")
    func portfolio() async throws {
        let store = try await ledger(totals: BundledData.demoForeignAssistanceTotals.path)
        // Python's csv module over both files: the `Current Dollar Amount` of all 6,611 rows.
        let all = try await store.portfolio(PortfolioQuery(measure: .obligation, scope: .all, source: .fa))
        #expect(all.cells.reduce(0) { $0 + $1.usdCents } == 3_245_413_036_00)
        // El Salvador's FY2020: a de-obligation on prevention nets the classified money below the institution-building
        // pillars (101.7%).
        let salvador = PortfolioQuery(measure: .obligation, countries: ["SV"], source: .fa)
        let salvadorReport = PortfolioReport(
            query: salvador, figures: try await store.portfolio(salvador), ratesSource: "")
        let fy2020 = try #require(salvadorReport.mixByYear.first { $0.year == 2020 }?.mix)
        #expect((fy2020.byPillar[.prevention] ?? 0) < 0 && (fy2020.institutionBuildingShare ?? 0) > 1)
        #expect(salvadorReport.table().contains("A share above 100% or below 0% (FY2020) comes from negative amounts"))
        let query = PortfolioQuery(measure: .obligation, source: .fa)
        let report = PortfolioReport(
            query: query, figures: try await store.portfolio(query), ratesSource: "")
        // The trend the exports show: interdiction's share falls from about two fifths to none.
        let shares = Dictionary(
            uniqueKeysWithValues: report.mixByYear.compactMap { entry in
                entry.year.map { ($0, entry.mix.beyondInterdictionShare ?? -1) }
            })
        #expect((shares[2002] ?? 1) < 0.62 && shares[2022] == 1)
    }
}
