import ArgumentParser
import AtalayaDomain
import AtalayaIngest
import AtalayaInsights
import AtalayaReports
import AtalayaSQLite
import AtalayaStore
import Foundation

/// `atalaya brief CODE --format md|html`.
struct Brief: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract:
            "One printable page on a country for a policymaker: the pillar mix by year, signals, context series, "
            + "engagements, the largest programs and the sources behind every number.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md, html
    }

    @OptionGroup var ledger: LedgerOptions
    @Argument(help: "The country, ISO alpha-2 (CO).", transform: isoCountry) var country: String
    @Option(name: .long, help: "md or html.") var format: Format = .md
    @Option(name: .long, help: "en or es.") var lang: ReportLanguage = .en
    @Option(name: .long, help: "The date to write for (YYYY-MM-DD); default today.") var asOf: String?
    @Option(name: .long, help: "iati (default), fa or greenbook.") var source: PortfolioQuery.Source = .iati
    @Option(name: .long, help: "Default: disbursement for iati, obligation for fa and greenbook.") var measure: Measure?
    @Option(name: .long, help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var results: ResultsThresholdOptions

    func run() async throws {
        let language = lang
        let code = country
        let thresholds = try results.thresholds()
        let date = asOf ?? String(Date().formatted(.iso8601).prefix(10))
        let brief: CountryBrief
        do {
            let source = self.source
            let measure = self.measure ?? (source == .iati ? .disbursement : .obligation)
            brief = try await ledger.withStore { store in
                try await BriefBuilder(store: store, thresholds: thresholds).brief(
                    country: code, asOf: date, source: source, measure: measure, language: language)
            }
        } catch let error as LedgerQueryError {
            Console.error("error: \(error.description)")
            throw ExitCode(2)
        }
        let renderer = CountryBriefRenderer(brief: brief, language: language)
        let text = format == .md ? renderer.markdown() : renderer.html()
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                Console.error("error: cannot write \(output): \(FileDigest.reason(error))")
                throw ExitCode(1)
            }
            print("wrote \(output)")
        } else {
            print(text, terminator: "")
        }
    }
}
