import ArgumentParser
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaInsights
import AtalayaReports
import AtalayaSQLite
import AtalayaStore
import Foundation

extension Import {
    /// `atalaya import engagements FILE…`.
    struct Engagements: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "engagements",
            abstract:
                "Import high-level engagement records (CSV: date,end_date,kind,level,countries,us_participants,"
                + "partner_participants,topics,summary,source_url,source_published[,pillars][,commitments], also as "
                + "an Excel workbook's sheet; or JSON).")

        @OptionGroup var ledger: LedgerOptions

        @Option(name: .long, help: ImportProgress.sheetHelp)
        var sheet: [String] = []

        @Argument(help: "CSV files, Excel workbooks (.xlsx) or JSON files.")
        var files: [String]

        func run() async throws {
            let (files, sheets) = (self.files, self.sheet)
            let failures = try await ledger.withStore(creating: true) { store in
                let importer = EngagementImporter(store: store)
                return try await ImportProgress.each(files, sheets: sheets) { file, sheet in
                    print(ImportProgress.summary(try await importer.importFile(path: file, sheet: sheet), file: file))
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }
}

/// `atalaya engagement add|list`.
struct EngagementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engagement", abstract: "Record and list high-level engagements.",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Record one engagement (it must name its source).")

        @OptionGroup var ledger: LedgerOptions
        @Option(help: "YYYY-MM-DD.") var date: String
        @Option(help: "visit, dialogue, agreement, joint_strategy or other.") var kind: String
        @Option(help: "head_of_state, ministerial, senior_official or working.") var level: String
        @Option(name: .customLong("country"), help: "Partner country, ISO alpha-2 (repeat for several).")
        var countries: [String]
        @Option(help: "What happened, in your own words.") var summary: String
        @Option(help: "Where it was reported (http or https).") var sourceURL: String
        @Option(name: .customLong("pillar"), help: "A pillar it concerns (repeat).", transform: pillarID)
        var pillars: [Pillar] = []
        @Option(name: .customLong("topic"), help: "A topic (repeat).") var topics: [String] = []
        @Option(name: .customLong("commitment"), help: "text|due YYYY-MM-DD|open, met or missed (repeat).")
        var commitments: [String] = []

        func run() async throws {
            var parsedCommitments: [Engagement.Commitment] = []
            for entry in commitments {
                let parts = entry.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 3, let status = Engagement.Commitment.Status(rawValue: parts[2]) else {
                    throw ValidationError("--commitment is text|due date|open, met or missed")
                }
                parsedCommitments.append(
                    Engagement.Commitment(text: parts[0], due: parts[1].isEmpty ? nil : parts[1], status: status))
            }
            guard let kind = Engagement.Kind(rawValue: kind) else {
                throw ValidationError("--kind: " + listedValueMessage(kind, Engagement.Kind.allCases.map(\.rawValue)))
            }
            guard let level = Engagement.Level(rawValue: level) else {
                throw ValidationError(
                    "--level: " + listedValueMessage(level, Engagement.Level.allCases.map(\.rawValue)))
            }
            let engagement = Engagement(
                date: date, kind: kind, level: level, countries: countries.map { $0.uppercased() }, topics: topics,
                pillars: pillars, summary: summary, sourceURL: sourceURL, commitments: parsedCommitments)
            do {
                try EngagementReader.check(engagement, file: "engagement add", line: nil)
            } catch let error as IngestError {
                throw ValidationError(error.description)
            }
            let result = try await ledger.withStore(creating: true) {
                try await $0.recordEngagements([engagement], draft: nil)
            }
            print(result.new == 1 ? "recorded" : "already recorded; nothing changed")
            // A date after today may be a typo or an announced visit; either way, signals count it only from then.
            let today = String(Date().formatted(.iso8601).prefix(10))
            if result.new == 1, date > today {
                print("note: \(date) is after today (\(today)); signals count this engagement only from that date")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "The recorded engagements, oldest first.")

        @OptionGroup var ledger: LedgerOptions
        @Option(help: "Only those with this partner (ISO alpha-2).", transform: isoCountry) var country: String?
        @Option(help: "table or json.") var format: Report.TableOrJSON = .table
        @Option(help: "en or es: the table's words, each kind and level in words (the JSON keeps its codes).")
        var lang: ReportLanguage = .en

        func run() async throws {
            let country = self.country
            let list = try await ledger.withStore { try await $0.engagements(country: country) }
            try format.print(table: Self.table(list, country: country, in: lang), json: Self.json(list))
        }

        /// One engagement a row, its summary (as recorded) cut at 60 characters; a sentence when there is none. In
        /// English the kinds, levels and pillars are their codes, in Spanish their names.
        static func table(_ list: [Engagement], country: String?, in l: ReportLanguage) -> String {
            guard !list.isEmpty else {
                return l.pick(
                    "No engagements recorded\(country.map { " with " + l.labelled($0) } ?? ""): "
                        + "`atalaya import engagements FILE…` or `atalaya engagement add` records them.\n",
                    "No hay contactos registrados\(country.map { " con " + l.labelled($0) } ?? ""): "
                        + "`atalaya import engagements ARCHIVO…` o `atalaya engagement add` los registra.\n")
            }
            let rows = list.map {
                [
                    $0.date, l == .en ? $0.kind.rawValue : l.kind($0.kind),
                    l == .en ? $0.level.rawValue : l.level($0.level), $0.countries.joined(separator: " "),
                    $0.pillars.map(l.pillar).joined(separator: l.pick(" ", ", ")), String($0.summary.prefix(60)),
                    $0.sourceURL,
                ]
            }
            let header =
                l == .en
                ? ["date", "kind", "level", "countries", "pillars", "summary", "source"]
                : ["fecha", "tipo", "nivel", "países", "pilares", "resumen", "fuente"]
            return TextTable.render(header: header, rows: rows) + "\n"
        }

        static func json(_ list: [Engagement]) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(list), as: UTF8.self)
        }
    }
}

/// `atalaya signals`.
struct Signals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signals",
        abstract:
            "Watch signals per country: high-level engagement, money for justice and anti-corruption, joint "
            + "strategies beyond interdiction — each with the data behind it.")

    @OptionGroup var ledger: LedgerOptions
    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            "Countries (ISO alpha-2); default: every country the source holds money for, has an engagement with, or "
                + "monitoring data names."),
        transform: isoCountry)
    var country: [String] = []
    @Option(name: .long, help: "The date to compute for (YYYY-MM-DD); default today.") var asOf: String?
    @Option(name: .long, help: "iati (default), fa or greenbook.") var source: PortfolioQuery.Source = .iati
    @Option(name: .long, help: "Default: disbursement for iati, obligation for fa and greenbook.") var measure: Measure?
    @Option(name: .long, help: "table or json.") var format: Report.TableOrJSON = .table
    @Option(name: .long, help: "en or es: the sentences, and in the table the signals' names and statuses.")
    var lang: ReportLanguage = .en
    @OptionGroup var results: ResultsThresholdOptions

    func run() async throws {
        let thresholds = try results.thresholds()
        let language = lang
        let date = asOf ?? String(Date().formatted(.iso8601).prefix(10))
        let chosen = country
        let source = self.source
        let measure = self.measure ?? (source == .iati ? .disbursement : .obligation)
        do {
            let signals = try await ledger.withStore { store in
                let builder = SignalsBuilder(store: store, thresholds: thresholds)
                // Each country's signals open with its name, so they go by name, as on the signals page.
                let countries =
                    chosen.isEmpty ? language.byName(try await builder.defaultCountries(source: source)) : chosen
                return try await builder.signals(
                    countries: countries, asOf: date, source: source, measure: measure, language: language)
            }
            let report = SignalsReport(countries: signals, language: language)
            let none = language.pick(
                "No countries to watch: the ledger holds no \(source.rawValue) money for a country and no "
                    + "engagement; name them with --country, import a source, or record an engagement.\n",
                "No hay países que seguir: el registro no tiene montos de \(source.rawValue) para ningún país "
                    + "ni contactos; nómbrelos con --country, importe una fuente o registre un contacto.\n")
            try format.print(table: signals.isEmpty ? none : report.table(), json: report.json())
        } catch let error as LedgerQueryError {
            Console.error("error: \(error.description)")
            throw ExitCode(2)
        }
    }
}
