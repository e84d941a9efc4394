public import ArgumentParser
import AtalayaBundledData
import AtalayaDomain
import AtalayaIngest
import AtalayaInsights
import AtalayaReports
import AtalayaSQLite
import AtalayaStore
import Foundation

/// `atalaya report portfolio …`.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Figures from the ledger.",
        subcommands: [
            Portfolio.self, Donors.self, Budget.self, Series.self, Capacity.self, Results.self, Due.self,
            Coverage.self, Association.self,
        ])

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json

        /// Prints the one rendering this format asks for (a table or CSV as it ends, JSON with a newline); the others
        /// are not built.
        func print(
            table: @autoclosure () -> String, csv: @autoclosure () -> String, json: @autoclosure () throws -> String
        ) rethrows {
            switch self {
            case .table: Swift.print(table(), terminator: "")
            case .csv: Swift.print(csv(), terminator: "")
            case .json: Swift.print(try json())
            }
        }
    }

    /// The output of a command whose figures do not fit one CSV table.
    enum TableOrJSON: String, ExpressibleByArgument, CaseIterable {
        case table, json

        /// Prints the one rendering this format asks for (a table as it ends, JSON with a newline); the other is not
        /// built.
        func print(table: @autoclosure () -> String, json: @autoclosure () throws -> String) rethrows {
            switch self {
            case .table: Swift.print(table(), terminator: "")
            case .json: Swift.print(try json())
            }
        }
    }

    struct Portfolio: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "portfolio",
            abstract: "Money by pillar (or sector, account, publisher), recipient and fiscal year, in USD.")

        @OptionGroup var ledger: LedgerOptions

        @Option(
            name: .long, parsing: .upToNextOption, help: "Recipients: ISO codes (MX SV), region:489, code:1000, none.",
            transform: recipientKey)
        var country: [String] = []

        @OptionGroup var years: YearRangeOptions

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

        @Option(
            name: .long,
            help: "pillar, sector, account, publisher, or country (a table row per recipient; CSV and JSON as pillar).")
        var by: Rows = .pillar

        /// What the table's rows are: a grouping of the query, or recipients (the pillar figures, one row each).
        enum Rows: String, ExpressibleByArgument, CaseIterable {
            case pillar, sector, account, publisher, country
        }

        @Flag(name: .long, help: "Calendar years instead of U.S. fiscal years.")
        var calendarYear = false

        @Option(
            name: .long, parsing: .upToNextOption,
            help: "Only these publishers: IATI reporting-organisation refs (US-GOV-1), fa managing agencies.")
        var publisher: [String] = []

        @Option(name: .long, help: "table, csv or json.")
        var format: Format = .table

        @Option(name: .long, help: "en or es: the table's words (CSV and JSON keep their codes).")
        var lang: ReportLanguage = .en

        func validate() throws {
            try years.check(calendarYears: calendarYear)
        }

        func run() async throws {
            let query = PortfolioQuery(
                measure: measure ?? (source == .iati ? .disbursement : .obligation), scope: scope,
                basis: calendarYear ? .calendar : .usFederal,
                countries: country, fromYear: years.first,
                toYear: years.last, groupBy: PortfolioQuery.Grouping(rawValue: by.rawValue) ?? .pillar, source: source,
                constantDollars: constant, publishers: publisher)
            let figures: PortfolioFigures
            do {
                figures = try await ledger.withStore { store in try await store.portfolio(query) }
            } catch let error as LedgerQueryError {
                Console.error("error: \(error.description)")
                throw ExitCode(2)
            }
            // Tables name sectors (IATI's codelist), publishers (their own activities) and funding accounts (the
            // official datasets' names); CSV and JSON keep codes.
            var names: [String: String] = [:]
            if format == .table && by == .sector {
                names = try sectorNames(in: lang)
            } else if format == .table && by == .publisher && source == .iati {
                names = try await ledger.withStore { try await $0.publisherNames() }
            } else if format == .table && by == .account {
                // Symbols named from the official datasets; the Greenbook's accounts are names already.
                names = try await ledger.withStore { try await $0.fundingAccountNames() }
            }
            var report = PortfolioReport(
                query: query, figures: figures, ratesSource: try ledger.allocator().rates.source, groupNames: names)
            report.rowsByRecipient = by == .country
            try format.print(table: report.table(in: lang), csv: report.csv(), json: report.json())
        }
    }
}

extension Report {
    /// `atalaya report series --country CODE`.
    struct Series: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "series",
            abstract: "A country's outcome series (WGI, homicide, your own), one line per source and edition.")

        @OptionGroup var ledger: LedgerOptions

        @Option(
            name: .long, help: "ISO 3166-1 alpha-2 code (CO), or wb:LCN for a World Bank aggregate.",
            transform: recipientKey)
        var country: String

        @Option(name: .long, help: "Only indicators starting with this (wgi.rule_of_law, wgi., homicide).")
        var indicator: String?

        @Option(name: .long, help: "table, csv or json.")
        var format: Format = .table

        @Option(name: .long, help: "en or es: the table's words (CSV and JSON keep their codes).")
        var lang: ReportLanguage = .en

        func run() async throws {
            let key = country
            let indicator = self.indicator
            let points: [SeriesPoint]
            do {
                points = try await ledger.withStore { store in
                    let points = try await store.series(country: key, indicatorPrefix: indicator)
                    guard points.isEmpty, let indicator else { return points }
                    let available = try await store.series(country: key, indicatorPrefix: nil).map(\.indicator)
                    throw LedgerQueryError(
                        SeriesReport.missing(indicator: indicator, country: key, available: available))
                }
            } catch let error as LedgerQueryError {
                Console.error("error: \(error.description)")
                throw ExitCode(2)
            }
            let report = SeriesReport(country: key, points: points)
            try format.print(table: report.table(in: lang), csv: report.csv(), json: report.json())
        }
    }
}

extension Report {
    /// `atalaya report capacity [--country CODE…] [--since YEAR] [--through YEAR]`.
    struct Capacity: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "capacity",
            abstract:
                "Partner capacity across the region: each country's latest governance, rule-of-law, corruption, "
                + "homicide and organized-crime values side by side (the briefs' context series).")

        @OptionGroup var ledger: LedgerOptions

        @Option(
            name: .long, parsing: .upToNextOption,
            help: "ISO alpha-2 codes (MX SV); default the 33 states of Latin America and the Caribbean.",
            transform: isoCountry)
        var country: [String] = []

        @Option(
            name: .long,
            help: "Measure each change from the first value in this year or after; default each series' first.")
        var since: Int?

        @Option(name: .long, help: "The last year a value may describe; default every year held.")
        var through: Int?

        @Option(name: .long, help: "en or es (the table's words).") var lang: ReportLanguage = .en

        @Option(name: .long, help: "table, csv or json.") var format: Format = .table

        func validate() throws {
            if let since, let through, since > through {
                throw ValidationError("--since \(since) is after --through \(through)")
            }
        }

        func run() async throws {
            let countries = country.isEmpty ? Countries.latinAmericaAndCaribbean : country
            let (since, through) = (self.since, self.through)
            let capacity = try await ledger.withStore { store in
                try await CapacityBuilder(store: store).capacity(countries: countries, since: since, through: through)
            }
            try format.print(table: capacity.table(in: lang), csv: capacity.csv(), json: capacity.json())
        }
    }
}

extension Report {
    /// `atalaya report results [--country SV] [--as-of DATE]`.
    struct Results: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "results",
            abstract:
                "A country's results: each indicator with a past target, its latest period, status and progress, worst "
                + "first, from a program office's monitoring data or the programs' IATI files; or the periods that "
                + "ended with no actual. Without --country, every country's counts side by side and the region's "
                + "off-track and at-risk indicators.")

        @OptionGroup var ledger: LedgerOptions
        @Option(name: .long, help: "ISO alpha-2; default every country with results.", transform: isoCountry)
        var country: String?
        @Option(name: .long, help: "Periods that ended before this date (YYYY-MM-DD); default today.") var asOf: String?
        @OptionGroup var thresholdOptions: ResultsThresholdOptions
        @Flag(name: .long, help: "List the periods that ended with no actual instead (late or unreported).")
        var unreported = false
        @Option(name: .long, help: "table, csv or json (the JSON has both lists).") var format: Format = .table
        @Option(name: .long, help: "en or es: the table's words and sentences (CSV and JSON keep their codes).")
        var lang: ReportLanguage = .en

        func validate() throws {
            if let asOf, !DayCount.isDate(asOf) { throw ValidationError("--as-of \(asOf) is not a date (YYYY-MM-DD)") }
        }

        func run() async throws {
            let (country, thresholds, l) = (self.country, try thresholdOptions.thresholds(), lang)
            let date = asOf ?? String(Date().formatted(.iso8601).prefix(10))
            guard let country else {
                let region = try await ledger.withStore { store in
                    try await ResultsBuilder(store: store, thresholds: thresholds).region(asOf: date)
                }
                try format.print(
                    table: unreported ? region.unreportedTable(in: l) : region.table(in: l),
                    csv: unreported ? region.unreportedCSV() : region.csv(), json: region.json())
                return
            }
            let report = try await ledger.withStore { store in
                try await ResultsBuilder(store: store, thresholds: thresholds).report(country: country, asOf: date)
            }
            try format.print(
                table: unreported ? report.unreportedTable(in: l) : report.table(in: l),
                csv: unreported ? report.unreportedCSV() : report.csv(), json: report.json())
        }
    }
}

extension Report {
    /// `atalaya report due [--country SV] [--as-of DATE]`.
    struct Due: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "due",
            abstract:
                "The periods a program office's monitoring files gave that ended with no actual, as a monitoring CSV "
                + "file: fill in `actual` and import it back with `atalaya import monitoring`.")

        @OptionGroup var ledger: LedgerOptions
        @Option(name: .long, help: "ISO alpha-2; default every country monitoring data names.", transform: isoCountry)
        var country: String?
        @Option(name: .long, help: "Periods that ended before this date (YYYY-MM-DD); default today.") var asOf: String?
        @Option(name: .long, help: "en or es: the note on standard error (the file's columns are the import's).")
        var lang: ReportLanguage = .en

        func validate() throws {
            if let asOf, !DayCount.isDate(asOf) { throw ValidationError("--as-of \(asOf) is not a date (YYYY-MM-DD)") }
        }

        func run() async throws {
            let date = asOf ?? String(Date().formatted(.iso8601).prefix(10))
            let template = try await ledger.withStore { store in
                try await ResultsBuilder(store: store, thresholds: .standard).due(
                    countries: country.map { [$0] }, asOf: date)
            }
            print(template.csv(), terminator: "")
            Console.error(template.note(country: country, in: lang))
        }
    }
}

extension Report {
    /// `atalaya report coverage --country EC [--measure obligation]`.
    struct Coverage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "coverage",
            abstract:
                "A country's ForeignAssistance.gov country totals beside the transaction-level rows imported for it, "
                + "year by year: how much of each total the imported detail covers.")

        @OptionGroup var ledger: LedgerOptions
        @Option(name: .long, help: "ISO alpha-2.", transform: isoCountry) var country: String
        @Option(
            name: .long, help: "obligation (default) or disbursement.",
            transform: { text in
                guard let measure = OfficialMeasure(rawValue: text), measure == .obligation || measure == .disbursement
                else { throw ValidationError("--measure is obligation or disbursement; got \"\(text)\"") }
                return measure
            })
        var measure: OfficialMeasure = .obligation
        @Option(name: .long, help: "table, csv or json.") var format: Format = .table
        @Option(name: .long, help: "en or es: the table's words and notes (CSV and JSON keep their codes).")
        var lang: ReportLanguage = .en

        func run() async throws {
            let (country, measure) = (self.country, self.measure)
            let report = CoverageReport(
                try await ledger.withStore { try await $0.detailCoverage(country: country, measure: measure) })
            try format.print(table: report.table(in: lang), csv: report.csv(), json: report.json())
        }
    }
}

extension Report {
    /// `atalaya report association --country CO --pillar justice --indicator wgi.rule_of_law --lag 2`.
    struct Association: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "association",
            abstract:
                "A pillar's spending beside an outcome series some years later: the pairs, the correlation and its "
                + "caveat — association, never a causal claim.")

        @OptionGroup var ledger: LedgerOptions
        @Option(name: .long, help: "ISO alpha-2.", transform: isoCountry) var country: String
        @Option(name: .long, help: "The pillar (justice, anti_corruption, …).", transform: pillarID) var pillar: Pillar
        @Option(name: .long, help: "The indicator (wgi.rule_of_law, homicide.per_100k, …).") var indicator: String
        @Option(name: .long, help: "Years from spending to outcome.") var lag = 1
        @Option(name: .long, help: "The indicator's edition (default: the newest).") var edition: String?
        @Option(name: .long, help: "iati (default), fa or greenbook.") var source: PortfolioQuery.Source = .iati
        @Option(name: .long, help: "Default: disbursement for iati, obligation for fa and greenbook.") var measure:
            Measure?
        @Option(name: .long, help: "table or json.") var format: TableOrJSON = .table
        @Option(name: .long, help: "en or es: the table's words and the sentence (the JSON keeps its codes).")
        var lang: ReportLanguage = .en

        func run() async throws {
            let pillar = self.pillar
            let result: AssociationBuilder.Result
            do {
                let (country, indicator, lag, edition, source) = (
                    self.country, self.indicator, self.lag, self.edition, self.source
                )
                let measure = self.measure ?? (source == .iati ? .disbursement : .obligation)
                result = try await ledger.withStore { store in
                    try await AssociationBuilder(store: store).association(
                        country: country, pillar: pillar, indicator: indicator, lag: lag, edition: edition,
                        source: source, measure: measure)
                }
            } catch let error as LedgerQueryError {
                Console.error("error: \(error.description)")
                throw ExitCode(2)
            }
            try format.print(table: Self.table(result, lag: lag, in: lang), json: Self.json(result.association))
        }

        /// The pairs of spending and outcome as a table, under a line naming what is set beside what, with the
        /// association's sentence after it, in this language.
        static func table(_ result: AssociationBuilder.Result, lag: Int, in l: ReportLanguage) -> String {
            // The indicator by its name, with the code it is asked for by (`homicide.per_100k`) when it has one.
            let name = ContextSeries.name(result.indicator, in: l)
            let indicator = name == result.indicator ? name + " (" : "\(name) (\(result.indicator), "
            let rows = result.association.pairs.map { pair in
                [
                    l.fiscalYear(pair.fiscalYear), DecimalText.formatWhole(pair.cents), String(pair.outcomeYear),
                    String(format: "%.3f", pair.outcome)
                        + (pair.standardError.map { String(format: " ± %.3f", $0) } ?? ""),
                ]
            }
            let money = AssociationBuilder.money(source: result.source, measure: result.measure, in: l)
            let heading =
                l == .en
                ? "\(result.pillar.label) (\(money)) in \(l.labelled(result.country)) beside " + indicator
                    + "edition \(result.edition)) \(counted(lag, "year", "years")) later"
                : "\(result.pillar.labelES) (\(money)) en \(l.labelled(result.country)) junto a " + indicator
                    + "edición \(result.edition)) \(counted(lag, "año", "años")) después"
            let header =
                l == .en
                ? ["spending", "USD", "outcome year", "value"] : ["gasto", "USD", "año del resultado", "valor"]
            return heading + "\n\n" + TextTable.render(header: header, rows: rows) + "\n\n"
                + result.association.sentence(in: l) + "\n"
        }

        static func json(_ association: AtalayaDomain.Association) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try encoder.encode(association), as: UTF8.self)
        }
    }
}

extension PortfolioQuery.Scope: ExpressibleByArgument {}
extension PortfolioQuery.Source: ExpressibleByArgument {}

extension Report {
    /// `atalaya report budget [--country CODE…] [--from FY] [--to FY]`.
    struct Budget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "budget",
            abstract:
                "The State Department's budget by account (INCLE, NADR, PKO, IMET, FMF, ESF, …), country and fiscal "
                + "year, from the tables imported with `import state-budget`; budget, never added to spending.")

        @OptionGroup var ledger: LedgerOptions

        @Option(
            name: .long, parsing: .upToNextOption, help: "ISO alpha-2 codes (MX CO); default every country.",
            transform: isoCountry)
        var country: [String] = []

        @Option(
            name: .long,
            help:
                "A region's countries and regional programs instead: WHA (Western Hemisphere), AF, EAP, EUR, NEA or SCA.",
            transform: { text in
                guard BudgetRegion.name(text.uppercased()) != nil else {
                    throw ValidationError(
                        listedValueMessage(text, BudgetRegion.codes.values.sorted()))
                }
                return text.uppercased()
            })
        var region: String?

        @OptionGroup var years: YearRangeOptions
        @Option(name: .long, help: "table, csv or json.") var format: Format = .table
        @Option(name: .long, help: "en or es: the table's words and notes (CSV and JSON keep their codes).")
        var lang: ReportLanguage = .en

        func validate() throws { try years.check() }

        func run() async throws {
            let query = AccountBudgetQuery(
                countries: country, region: region, fromYear: years.first, toYear: years.last)
            let (figures, runs, obligations) = try await ledger.withStore { store in
                let figures = try await store.accountFigures(query)
                // The Greenbook's obligations from the same accounts, beside each country's budget (tables only).
                let countries =
                    format == .table && region == nil ? Set(figures.compactMap(\.line.country)).sorted() : []
                return (
                    figures, try await store.runs(),
                    try await BudgetObligations.gather(
                        store, countries: countries, fromYear: query.fromYear, toYear: query.toYear)
                )
            }
            let report = AccountBudgetReport(
                figures: figures, runs: runs, countries: country, region: region, obligations: obligations)
            try format.print(table: report.table(in: lang), csv: report.csv(), json: report.json())
        }
    }
}

extension Report {
    /// `atalaya report donors --country SV --us-source fa`.
    struct Donors: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "donors",
            abstract:
                "Who pays: U.S. Government money from one chosen source beside each other donor's from its IATI "
                + "files, by pillar, in one measure both report.")

        @OptionGroup var ledger: LedgerOptions

        @Option(
            name: .long, parsing: .upToNextOption, help: "Recipients: ISO codes (SV GT), region:489; default all.",
            transform: recipientKey)
        var country: [String] = []

        @OptionGroup var years: YearRangeOptions

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Where U.S. Government money comes from: fa (ForeignAssistance.gov; U.S. publishers' IATI files are "
                    + "then left out) or iati (default)."))
        var usSource: PortfolioQuery.Source = .iati

        @Option(
            name: .long,
            help: ArgumentHelp(
                "disbursement (default; the one measure ForeignAssistance.gov and IATI both report), or with "
                    + "--us-source iati commitment or expenditure."))
        var measure: Measure = .disbursement

        @Option(name: .long, help: "security (default) or all (adds out_of_scope).")
        var scope: PortfolioQuery.Scope = .security

        @Flag(name: .long, help: "Calendar years instead of U.S. fiscal years (with --us-source iati only).")
        var calendarYear = false

        @Option(name: .long, help: "table, csv or json.") var format: Format = .table
        @Option(name: .long, help: "en or es: the table's words and notes (CSV and JSON keep their codes).")
        var lang: ReportLanguage = .en

        func validate() throws {
            try years.check(calendarYears: calendarYear)
        }

        func run() async throws {
            let (countries, from, to, measure, scope, usSource) = (
                self.country, years.first, years.last, self.measure, self.scope, self.usSource
            )
            let basis: FiscalYearBasis = calendarYear ? .calendar : .usFederal
            let mix: DonorMix
            do {
                mix = try await ledger.withStore { store in
                    try await DonorMixBuilder(store: store).donorMix(
                        countries: countries, from: from, to: to, basis: basis, measure: measure, scope: scope,
                        usSource: usSource)
                }
            } catch let error as LedgerQueryError {
                Console.error("error: \(error.description)")
                throw ExitCode(2)
            }
            let report = DonorMixReport(mix)
            try format.print(table: report.table(in: lang), csv: report.csv(), json: report.json())
        }
    }
}
