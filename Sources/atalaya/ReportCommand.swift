public import ArgumentParser
import AtalayaDomain
import AtalayaReports
import AtalayaSQLite
import AtalayaStore

/// `atalaya report portfolio …`.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Figures from the ledger.", subcommands: [Portfolio.self, Series.self])

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json
    }

    struct Portfolio: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Money by pillar (or sector, account, publisher), recipient and fiscal year, in USD.")

        @OptionGroup var ledger: LedgerOptions

        @Option(
            name: .long, parsing: .upToNextOption, help: "Recipients: ISO codes (MX SV), region:489, code:1000, none.")
        var country: [String] = []

        @Option(name: .long, help: "First fiscal (or calendar) year.")
        var from: Int?

        @Option(name: .long, help: "Last fiscal (or calendar) year.")
        var to: Int?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "iati: commitment, disbursement (default) or expenditure; fa: obligation (default) or "
                    + "disbursement; greenbook: obligation. Never mixed."))
        var measure: Measure?

        @Option(name: .long, help: "iati (default), fa or greenbook; sources overlap and are never added.")
        var source: PortfolioQuery.Source = .iati

        @Flag(name: .long, help: "Constant instead of current dollars (fa and greenbook).")
        var constant = false

        @Option(name: .long, help: "security (default) or all (adds out_of_scope so rows sum to everything imported).")
        var scope: PortfolioQuery.Scope = .security

        @Option(name: .long, help: "pillar, sector, account or publisher.")
        var by: PortfolioQuery.Grouping = .pillar

        @Flag(name: .long, help: "Calendar years instead of U.S. fiscal years.")
        var calendarYear = false

        @Option(name: .long, help: "table, csv or json.")
        var format: Format = .table

        func run() async throws {
            let store = try ledger.openStore()
            let query = PortfolioQuery(
                measure: measure ?? (source == .iati ? .disbursement : .obligation), scope: scope,
                basis: calendarYear ? .calendar : .usFederal,
                countries: country.map { $0.contains(":") || $0 == "none" ? $0 : $0.uppercased() }, fromYear: from,
                toYear: to, groupBy: by, source: source, constantDollars: constant)
            let figures: PortfolioFigures
            do {
                figures = try await store.portfolio(query)
            } catch let error as LedgerQueryError {
                Console.error("error: \(error.description)")
                throw ExitCode(2)
            }
            let report = PortfolioReport(
                query: query, figures: figures,
                ratesSource: try ledger.allocator().rates.source)
            switch format {
            case .table: print(report.table(), terminator: "")
            case .csv: print(report.csv(), terminator: "")
            case .json: print(try report.json())
            }
        }
    }
}

extension Report {
    /// `atalaya report series --country CODE`.
    struct Series: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A country's outcome series (WGI, homicide, your own), one line per source and edition.")

        @OptionGroup var ledger: LedgerOptions

        @Option(name: .long, help: "ISO 3166-1 alpha-2 code (CO), or wb:LCN for a World Bank aggregate.")
        var country: String

        @Option(name: .long, help: "Only indicators starting with this (wgi.rule_of_law, wgi., homicide).")
        var indicator: String?

        @Option(name: .long, help: "table, csv or json.")
        var format: Format = .table

        func run() async throws {
            let key = country.contains(":") ? country : country.uppercased()
            let points = try await ledger.openStore().series(country: key, indicatorPrefix: indicator)
            let report = SeriesReport(country: key, points: points)
            switch format {
            case .table: print(report.table(), terminator: "")
            case .csv: print(report.csv(), terminator: "")
            case .json: print(try report.json())
            }
        }
    }
}

extension PortfolioQuery.Scope: ExpressibleByArgument {}
extension PortfolioQuery.Source: ExpressibleByArgument {}
extension PortfolioQuery.Grouping: ExpressibleByArgument {}
