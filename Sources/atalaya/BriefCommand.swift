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
    @Argument(
        help: "The country, ISO alpha-2 (CO), or another recipient the country pages have: region:489, code:1000.",
        transform: briefRecipient) var country: String
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
        let source = self.source
        let brief: CountryBrief?
        let held: [PortfolioQuery.Source]
        do {
            let measure = self.measure ?? (source == .iati ? .disbursement : .obligation)
            (brief, held) = try await ledger.withStore { store in
                let builder = BriefBuilder(store: store, thresholds: thresholds)
                // As the country page: a country no source holds money for and no monitoring data names is refused
                // (a mistyped code would otherwise print a page of "no data").
                guard let held = try await builder.sourcesHolding(country: code) else { return (nil, []) }
                let brief = try await builder.brief(
                    country: code, asOf: date, source: source, measure: measure, language: language)
                return (brief, held)
            }
        } catch let error as LedgerQueryError {
            Console.error("error: \(error.description)")
            throw ExitCode(2)
        }
        guard let brief else {
            Console.error(
                "error: no source in \(ledger.location) holds money for \(code), and no monitoring data names it"
                    + " (`atalaya report portfolio --by country --scope all` lists the recipients of a source)")
            throw ExitCode(1)
        }
        // As the country page's hint: the sources that do hold money for a country this one holds none for.
        let others = held.filter { $0 != source }
        if brief.mix.isEmpty, !others.isEmpty {
            // In English, as every message on standard error.
            let names = others.map {
                "\(ReportLanguage.en.sourceName($0)) (atalaya brief \(code) --source \($0.rawValue))"
            }
            Console.error(
                "note: no in-scope money for \(code) in \(ReportLanguage.en.sourceName(source)); "
                    + names.joined(separator: " and ") + " hold"
                    + (others.count == 1 ? "s" : "") + " money for it")
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
