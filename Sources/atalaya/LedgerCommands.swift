import ArgumentParser
import AtalayaBundledData
import AtalayaDomain
import AtalayaIngest
import AtalayaInsights
import AtalayaReports
import AtalayaSQLite
import AtalayaStore
import Foundation

/// `atalaya runs`: the import history.
struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract:
            "The import history (files, SHA-256, vintages, counts), a run's warnings, two vintages compared, or a run removed."
    )

    @OptionGroup var ledger: LedgerOptions

    @Option(name: .long, help: ArgumentHelp("Show the warnings of this run.", valueName: "run"))
    var warnings: Int64?

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp(
            "Compare two runs of ForeignAssistance.gov or Greenbook figures: --diff OLDER NEWER.", valueName: "run"))
    var diff: [Int64] = []

    @Flag(name: .long, help: "With --diff: constant instead of current dollars.")
    var constant = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Remove this run and everything it stored; refused when another run depends on it. Its file can be imported again.",
            valueName: "run"))
    var remove: Int64?

    @Option(
        name: .long,
        help:
            "table, csv or json: of the runs, of a run's --warnings, or with --diff (the table shows the largest changes)."
    )
    var format: Report.Format = .table

    @Option(
        name: .long,
        help:
            "en or es: the tables' words, warnings' kinds and messages (CSV and JSON keep the codes and the messages as stored)."
    )
    var lang: ReportLanguage = .en

    func run() async throws {
        if let remove {
            do {
                let removed = try await ledger.withStore { try await $0.removeRun(remove) }
                print(RunsReport.removalLine(removed, in: lang))
            } catch let error as LedgerQueryError {
                Console.error("error: \(error.description)")
                throw ExitCode(2)
            }
            return
        }
        if !diff.isEmpty {
            guard diff.count == 2 else {
                throw ValidationError("--diff takes two run ids: the older and the newer")
            }
            let (runs, constant) = (diff, self.constant)
            do {
                let report = VintageDiffReport(
                    diff: try await ledger.withStore { try await $0.diff(runs[0], runs[1], constantDollars: constant) })
                try format.print(table: report.table(limit: 40, in: lang), csv: report.csv(), json: report.json())
            } catch let error as LedgerQueryError {
                Console.error("error: \(error.description)")
                throw ExitCode(2)
            }
            return
        }
        if let warnings {
            let (runs, list) = try await ledger.withStore { store in
                (try await store.runs(), try await store.warnings(run: warnings))
            }
            guard let run = runs.first(where: { $0.id == warnings }) else {
                Console.error("error: no import run \(warnings) in this ledger (`atalaya runs` lists them)")
                throw ExitCode(2)
            }
            try format.print(
                table: RunsReport.warningsTable(list, of: run, in: lang), csv: RunsReport.csv(list),
                json: RunsReport.json(list))
            return
        }
        let (runs, removed) = try await ledger.withStore { store in
            (try await store.runs(), try await store.removedRuns())
        }
        try format.print(
            table: RunsReport.table(runs, removed: removed, in: lang), csv: RunsReport.csv(runs),
            json: RunsReport.json(runs))
    }
}

/// `atalaya classify`: re-apply a crosswalk without re-import.
struct Classify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Re-apply the crosswalk (and exchange rates) to every stored transaction, without re-import.")

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        let allocator = try ledger.allocator()
        // Every source's totals by pillar before and after, so that the change says what it moved.
        let (written, shift) = try await ledger.withStore { store in
            let before = try await ClassificationShift.gather(store)
            let written = try await store.reclassify(allocator: allocator)
            let after = try await ClassificationShift.gather(store)
            return (
                written,
                ClassificationShift(
                    before: before.totals, after: after.totals, crosswalkBefore: before.crosswalk,
                    crosswalkAfter: after.crosswalk)
            )
        }
        print(
            "classified \(written) allocations and official rows with \(allocator.crosswalk.label)"
        )
        print(shift.table(), terminator: "")
    }
}

/// `atalaya activities`: IATI activities by recipient, pillar and words, to find the identifier `explain` takes.
struct Activities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activities",
        abstract: "List IATI activities by recipient, pillar or words in their titles and descriptions.")

    @OptionGroup var ledger: LedgerOptions

    @Option(name: .long, help: "A recipient: an ISO code (MX), region:489, code:1000 or none.", transform: recipientKey)
    var country: String?

    @Option(name: .long, help: "Activities with money on this pillar.")
    var pillar: Pillar?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Words that must all occur in a title or description (any language, accents ignored), or part of an "
                + "identifier (518-G-00-13-00001 lists US-GOV-1-518-G-00-13-00001 first)."))
    var search: String?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Largest first: by in-scope disbursements in USD (to --country when given; on --pillar alone when given, "
                + "which the money columns then show), then commitments."))
    var largest = false

    @Option(name: .long, help: "How many to list (1–1000).")
    var limit = 50

    @Option(name: .long, help: "How many matching activities to skip.")
    var offset = 0

    @Option(name: .long, help: "table, csv or json.")
    var format: Report.Format = .table

    @Option(
        name: .long,
        help:
            "en or es: the table's words, and each title in that language where its file gives one, else in English (CSV and JSON keep their codes)."
    )
    var lang: ReportLanguage = .en

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1 to 1000; got \(limit)") }
        guard offset >= 0 else { throw ValidationError("--offset must be 0 or more; got \(offset)") }
        if let search, (ActivityQuery(text: search).searchWords ?? []).isEmpty {
            throw ValidationError("--search needs a word (letters or digits); got \"\(search)\"")
        }
    }

    func run() async throws {
        let query = ActivityQuery(
            country: country, pillar: pillar,
            text: search, largestFirst: largest, limit: limit, offset: offset, titleLanguage: lang.rawValue)
        let report = ActivityListReport(
            query: query, page: try await ledger.withStore { try await $0.activities(query) })
        try format.print(table: report.table(in: lang), csv: report.csv(), json: report.json())
    }
}

/// `atalaya explain ID`: each transaction's split and the rule behind every part.
struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show how each transaction of an activity is split and which rule placed every part.")

    @OptionGroup var ledger: LedgerOptions

    @Argument(help: "The IATI identifier.")
    var identifier: String

    @Option(name: .long, help: "en or es: the words, the title, sector names and rule notes where Spanish ones exist.")
    var lang: ReportLanguage = .en

    func run() async throws {
        let identifier = self.identifier
        let (found, near): (ExplainedActivity?, [String]) = try await ledger.withStore { store in
            if let explained = try await store.explain(identifier: identifier) { return (explained, []) }
            return (nil, try await store.identifiers(holding: identifier))
        }
        guard let explained = found else {
            var message = "error: no activity \(identifier) in \(ledger.location)"
            switch near.count {
            case 0:
                message += " (identifiers are exact, case included; `atalaya activities --search WORDS` finds them)"
            case 1: message += "; did you mean \(near[0])?"
            default:
                let count = near.count < 20 ? "\(near.count)" : "20 or more"
                message += "; \(count) identifiers hold it (`atalaya activities --search \(identifier)` lists them)"
            }
            Console.error(message)
            throw ExitCode(1)
        }
        let rules = Dictionary(
            (try ledger.allocator().crosswalk.rules).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let names = try sectorNames(in: lang)
        print(ExplainReport.render(explained, rules: rules, sectorNames: names, language: lang), terminator: "")
    }
}
