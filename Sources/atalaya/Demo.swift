import ArgumentParser
import AtalayaBundledData
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaReports
import AtalayaSQLite
import AtalayaStore
import Foundation

/// `atalaya demo`: import the bundled real data and print the regional portfolio by pillar.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import the bundled USAID Latin America IATI files and print the regional portfolio by pillar.")

    @OptionGroup var ledger: LedgerOptions

    @Option(name: .long, help: "commitment, disbursement or expenditure.")
    var measure: Measure = .disbursement

    func run() async throws {
        let store = try ledger.openStore()
        let allocator = try ledger.allocator()
        let importer = IATIImporter(store: store, allocator: allocator)
        for file in BundledData.demoIATIFiles {
            print(ImportProgress.summary(try await ImportProgress.importing(file.path, with: importer)))
        }
        let query = PortfolioQuery(measure: measure)
        let report = PortfolioReport(
            query: query, figures: try await store.portfolio(query), ratesSource: allocator.rates.source)
        print("")
        print(report.table(), terminator: "")
        print(
            """

            Coverage: USAID's IATI files only — no State Department (INL), DoD or military money, and no files for
            Colombia, Guatemala, Honduras, Haiti, Peru or the Dominican Republic. A missing category is missing data,
            not zero. Try: atalaya report portfolio --country MX --format json; atalaya explain <IATI-ID>.
            """)
    }
}
