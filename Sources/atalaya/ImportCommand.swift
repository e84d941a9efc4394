import ArgumentParser
import AtalayaCosign
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaReports
import AtalayaSQLite
import AtalayaStore
import Foundation

/// `atalaya import iati FILE…`.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import files into the ledger.",
        subcommands: [
            IATI.self, ForeignAssistance.self, Greenbook.self, StateBudget.self, Indicators.self, Engagements.self,
            Monitoring.self,
        ])

    struct IATI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "iati",
            abstract:
                "Import IATI 2.01–2.03 activity files (each file atomically; the same file twice changes nothing).")

        @OptionGroup var ledger: LedgerOptions

        @Argument(help: "IATI activity XML files.")
        var files: [String]

        @Flag(
            name: .long,
            help: "Read, split and classify the files as an import would and report what they hold; write nothing.")
        var check = false

        func run() async throws {
            let files = self.files
            if check {
                if try await ImportProgress.check(files, with: IATICheck(allocator: try ledger.allocator())) > 0 {
                    throw ExitCode(1)
                }
                return
            }
            let ledger = self.ledger
            let failures = try await ledger.withStore(creating: true, loading: { try ledger.allocator() }) {
                store, allocator in
                let importer = IATIImporter(store: store, allocator: allocator)
                return try await ImportProgress.each(files) { file in
                    print(ImportProgress.summary(try await ImportProgress.importing(file, with: importer), file: file))
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }
}

/// `atalaya import fa FILE…` and `atalaya import greenbook FILE…`: official U.S. figures as vintages.
struct OfficialImportOptions: ParsableArguments {
    @OptionGroup var ledger: LedgerOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The edition's date (YYYY-MM-DD or YYYY-MM), e.g. when it was downloaded; default: a workbook's "
                + "last-saved date, a CSV file's modification date."))
    var vintage: String?

    @Option(name: .long, help: ImportProgress.sheetHelp)
    var sheet: [String] = []

    @Argument(help: "CSV files or Excel workbooks (.xlsx).")
    var files: [String]

    func run(source: PortfolioQuery.Source) async throws {
        let classifier = OfficialClassifier(crosswalk: try ledger.allocator().crosswalk)
        let (files, vintage, sheets) = (self.files, self.vintage, self.sheet)
        let failures = try await ledger.withStore(creating: true) { store in
            let importer = OfficialImporter(store: store, classifier: classifier)
            return try await ImportProgress.each(files, sheets: sheets) { file, sheet in
                let label = sheet.map { "\(file)[\($0)]" }
                let report = try await ImportProgress.withProgress(file, label: label) { name, progress in
                    try await importer.importFile(
                        path: file, source: source, vintage: vintage, sheet: sheet, displayName: name,
                        progress: progress)
                }
                print(ImportProgress.summary(report, file: file))
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

extension Import {
    struct ForeignAssistance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fa",
            abstract:
                "Import ForeignAssistance.gov exports (51- or 56-column complete dataset, or country totals; CSV or "
                + "a sheet of an Excel workbook) as a vintage; a newer vintage replaces older rows for the same country, year and measure."
        )

        @OptionGroup var options: OfficialImportOptions

        func run() async throws { try await options.run(source: .fa) }
    }

    struct Greenbook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "greenbook",
            abstract:
                "Import the Greenbook (U.S. Overseas Loans and Grants), economic and military obligations, from its "
                + "Excel workbook or a CSV of its sheet.")

        @OptionGroup var options: OfficialImportOptions

        func run() async throws { try await options.run(source: .greenbook) }
    }
}

extension Import {
    /// `atalaya import state-budget --basis B [--vintage D] [--encoding E] FILE…`.
    struct StateBudget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "state-budget",
            abstract:
                "Import the State Department's foreign-assistance budget tables by country and account (one fiscal "
                + "year a file or a workbook's sheet, thousands of dollars); a newer vintage of a year's table takes "
                + "its place.")

        @OptionGroup var ledger: LedgerOptions

        @Option(
            name: .long,
            help: "What the figures are: actual, estimate, request or unstated (the tables do not say; default).")
        var basis: BudgetBasis = .unstated

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The edition's date (YYYY-MM-DD or YYYY-MM), e.g. of the copy; default: a workbook's last-saved date, "
                    + "a CSV file's modification date."))
        var vintage: String?

        @Option(name: .long, help: "utf-8 (default) or windows-1252 (the CSIS copies of FY2012 on; CSV only).")
        var encoding: TextEncoding = .utf8

        @Option(name: .long, help: ImportProgress.sheetHelp)
        var sheet: [String] = []

        @Argument(help: "CSV files, one fiscal year each, or Excel workbooks of a sheet a year.")
        var files: [String]

        func run() async throws {
            let (files, basis, vintage, encoding, sheets) = (
                self.files, self.basis, self.vintage, self.encoding, self.sheet
            )
            let failures = try await ledger.withStore(creating: true) { store in
                let importer = AccountBudgetImporter(store: store)
                return try await ImportProgress.each(files, sheets: sheets) { file, sheet in
                    let report = try await importer.importFile(
                        path: file, vintage: vintage, basis: basis, encoding: encoding, sheet: sheet)
                    switch report.outcome {
                    case .alreadyImported(let run):
                        print(ImportProgress.alreadyImported(file, as: run))
                    case .imported(let run):
                        let table = report.table
                        let kinds = Dictionary(grouping: table.lines, by: \.kind).mapValues {
                            Set($0.map(\.line)).count
                        }
                        print(
                            "\(run.fileLabel): run \(run.id) — FY\(table.fiscalYear) (\(basis.rawValue)), vintage "
                                + "\(run.vintage ?? "?")"
                                + (report.vintageIsLastSaved ? " (the workbook's last-saved date)" : "")
                                + ", \(counted(run.transactions, "figure", "figures")): "
                                + "\(counted(kinds[.country] ?? 0, "country", "countries")), "
                                + "\(counted(kinds[.other] ?? 0, "other row", "other rows")) (regional programs, bureaus, "
                                + "organisations: kept, in no country), "
                                + "\(counted(kinds[.subtotal] ?? 0, "subtotal", "subtotals"))"
                                + (table.linesWithoutFigures == 0
                                    ? ""
                                    : ", \(counted(table.linesWithoutFigures, "named line", "named lines")) with no figures")
                                + "; "
                                + (run.warnings == 0 ? "no warnings" : counted(run.warnings, "warning", "warnings")))
                        for (kind, count) in report.warningsByKind.sorted(by: { $0.key < $1.key }) {
                            print("  \(kind): \(count)")
                        }
                        // The basis is never inferred from a name, but a name that suggests one is said.
                        if basis == .unstated, let sheet = run.sheet, sheet.hasSuffix("(r)") {
                            print(
                                "  note: the sheet's name ends in \"(r)\", which the CSIS workbook uses for the "
                                    + "President's budget request; if these are requested figures, remove this run "
                                    + "(atalaya runs --remove \(run.id)) and import the sheet with --basis request")
                        }
                    }
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }
}

extension Import {
    /// `atalaya import indicators --source wgi|homicide|long [--edition E] FILE…`.
    struct Indicators: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "indicators",
            abstract:
                "Import country indicator series: WGI (the long CSV, Windows-1252), World Bank WDI homicide rates, "
                + "the GI-TOC Organized Crime Index, Transparency International's CPI, the WJP Rule of Law Index, the "
                + "Fragile States Index, Freedom House's Freedom in the World ratings, or your own long CSV "
                + "(country,indicator,year,value[,standard_error]).")

        @OptionGroup var ledger: LedgerOptions

        @Option(name: .long, help: "wgi, homicide, gitoc, cpi, wjp, fsi, fh or long.")
        var source: SeriesSource

        @Option(name: .long, help: "The release, e.g. 2020 for the WGI 2020 release (WDI files state their own).")
        var edition: String?

        @Option(name: .long, help: ImportProgress.sheetHelp)
        var sheet: [String] = []

        @Argument(help: "CSV files or Excel workbooks (.xlsx), laid out as the source's files are (wgi: CSV).")
        var files: [String]

        func run() async throws {
            let (files, source, edition, sheets) = (self.files, self.source, self.edition, self.sheet)
            let failures = try await ledger.withStore(creating: true) { store in
                let importer = SeriesImporter(store: store)
                return try await ImportProgress.each(files, sheets: sheets) { file, sheet in
                    let outcome = try await importer.importFile(
                        path: file, source: source, edition: edition, sheet: sheet)
                    print(ImportProgress.summary(outcome, source: source, file: file))
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }
}

/// Progress on a terminal, plain lines otherwise, and the summary after each file.
enum ImportProgress {
    /// Runs `body` for each file in turn. A file refused (an `IngestError`, or a `LedgerQueryError` such as a vintage
    /// that cannot stand) is said on stderr, with "nothing from this file was imported", and the next file goes on;
    /// returns how many were refused.
    /// The help of `--sheet`, which every import that reads workbooks takes.
    static let sheetHelp = ArgumentHelp(
        "The sheet to read from an Excel workbook (.xlsx) that has several; repeat it to import several sheets, "
            + "each a run of its own.", valueName: "name")

    /// Runs `body` for each file and, when sheets are named, each of them in each file (a workbook's sheets are
    /// runs of their own), as `each` does; a file lacking a sheet is an error for that sheet only.
    static func each(
        _ files: [String], sheets: [String], language: ReportLanguage = .en,
        _ body: (String, String?) async throws -> Void
    ) async throws -> Int {
        let named: [String?] = sheets.isEmpty ? [nil] : sheets
        let pairs = files.flatMap { file in named.map { (file, $0) } }
        var failures = 0
        for (file, sheet) in pairs {
            failures += try await each([file], unit: sheet == nil ? .file : .sheet, language: language) { file in
                try await body(file, sheet)
            }
        }
        return failures
    }

    /// What a refusal leaves out: a whole file, or one sheet of a workbook.
    enum Unit {
        case file, sheet

        /// "nothing from this file was imported", in `language`.
        func nothingImported(in language: ReportLanguage) -> String {
            switch self {
            case .file: language.pick("nothing from this file was imported.", "nada de este archivo se importó.")
            case .sheet: language.pick("nothing from this sheet was imported.", "nada de esta hoja se importó.")
            }
        }
    }

    /// Runs `body` for each file; a file refused is said on standard error, with nothing from it (the `unit`)
    /// imported, and counted: the number refused is returned. In Spanish, the refusal is said as the counterpart's
    /// commands say theirs (`CounterpartMessages`).
    static func each(
        _ files: [String], unit: Unit = .file, language: ReportLanguage = .en, _ body: (String) async throws -> Void
    ) async throws -> Int {
        var failures = 0
        for file in files {
            do {
                try await body(file)
            } catch let error as IngestError {
                failures += 1
                Console.error(
                    "error: \(CounterpartMessages.text(of: error, in: language))\n  \(unit.nothingImported(in: language))"
                )
            } catch let error as LedgerQueryError {
                failures += 1
                Console.error(
                    "error: \(file): \(CounterpartMessages.text(of: error, in: language))\n  "
                        + unit.nothingImported(in: language))
            }
        }
        return failures
    }

    static func importing(
        _ file: String, with importer: IATIImporter, label: String? = nil
    ) async throws -> IATIImporter.Report {
        try await withProgress(file, label: label) { name, progress in
            try await importer.importFile(path: file, displayName: name, progress: progress)
        }
    }

    /// Runs `body` with a progress callback that draws a bar on a terminal; otherwise says which file (or `label`).
    static func withProgress<R>(
        _ file: String, verb: String = "importing", label: String? = nil,
        _ body: (String, @escaping @Sendable (Int) -> Void) async throws -> R
    ) async throws -> R {
        let name = (file as NSString).lastPathComponent
        let terminal = Console.stderrIsTerminal
        // Only a bar needs the size; `stat` alone (FileManager's attributes also look up the owner's and group's
        // names and the extended attributes).
        let size = terminal ? (try? FileDigest.byteCount(path: file)).map { Int($0) } ?? 0 : 0
        if !terminal { Console.error("\(verb) \(label ?? file)") }
        let report = try await body(name) { bytes in
            guard terminal, size > 0 else { return }
            let fraction = min(1, Double(bytes) / Double(size))
            let filled = Int(fraction * 30)
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(Int(fraction * 100))% \(name)".utf8))
        }
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        return report
    }

    /// The line for a file whose bytes are already in the ledger, naming the stored file if it had another name.
    static func alreadyImported(_ file: String, as run: ImportRun) -> String {
        let name = (file as NSString).lastPathComponent
        let stored = name == run.fileName ? "" : " the same bytes as \(run.fileName),"
        // What the stored run was read as, which the command's own options (another --source, --edition or
        // --vintage) do not change: the same bytes are imported once.
        let readAs =
            switch run.source {
            case "indicators": "\(run.formatVersion ?? "?") edition \(run.vintage ?? "?"), "
            case "engagements", "monitoring": ""
            default: "\(run.source) vintage \(run.vintage ?? "?"), "
            }
        let label = ImportRun.label(file: name, sheet: run.sheet)
        return "\(label):\(stored) already imported as run \(run.id) (\(readAs)same SHA-256); nothing changed"
    }

    /// The line said after an indicator file: its run, source, edition, values and warnings.
    static func summary(_ outcome: ImportOutcome, source: SeriesSource, file: String) -> String {
        switch outcome {
        case .alreadyImported(let run):
            alreadyImported(file, as: run)
        case .imported(let run):
            "\(run.fileLabel): run \(run.id) — \(source.rawValue), edition \(run.vintage ?? "?"), "
                + "\(counted(run.transactions, "value", "values")), "
                + (run.warnings == 0 ? "no warnings" : counted(run.warnings, "warning", "warnings"))
        }
    }

    /// The line said after an engagement file: its run, and the records new and already recorded.
    static func summary(_ result: EngagementImport, file: String) -> String {
        let label = result.run?.fileLabel ?? file
        return result.alreadyImported
            ? "\(label): already imported as run \(result.run?.id ?? 0); nothing changed"
            : "\(label): run \(result.run?.id ?? 0) — \(result.new) new, \(result.known) already recorded"
    }

    static func summary(_ report: OfficialImporter.Report, file: String) -> String {
        let run = report.outcome.run
        if report.outcome.alreadyImported { return alreadyImported(file, as: run) }
        var line = "\(run.fileLabel): run \(run.id) — \(run.formatVersion ?? "?"), vintage \(run.vintage ?? "?")"
        // The vintage decides which of two files' figures stand, so one taken from the file's date is said where it
        // is printed, not only counted among the warnings.
        if report.warningsByKind[ImportWarning.Kind.vintageAssumed.rawValue] != nil {
            line += " (the file's modification date: the export states none; give --vintage YYYY-MM-DD)"
        } else if report.vintageIsLastSaved {
            line += " (the workbook's last-saved date)"
        }
        line += ", " + counted(run.transactions, "row", "rows")
        line += warnings(report.warningsByKind, run: run.id)
        for (older, rows) in report.outcome.replaced.sorted(by: { $0.key < $1.key }) {
            line +=
                "\n  replaced \(counted(rows, "row", "rows")) of run \(older) (an older or equal vintage) in the figures"
        }
        for (newer, rows) in report.outcome.keptOut.sorted(by: { $0.key < $1.key }) {
            line +=
                "\n  \(counted(rows, "row", "rows")) left out of the figures: run \(newer) holds a newer vintage of "
                + (rows == 1 ? "it" : "them")
        }
        for diff in report.changes {
            line += "\n" + VintageDiffReport(diff: diff).table(limit: 10)
        }
        return line
    }

    /// "; no warnings", or the warnings by kind and, for a stored run, the command that lists them.
    static func warnings(_ counts: [String: Int], run: Int64?) -> String {
        guard !counts.isEmpty else { return "; no warnings" }
        let kinds = counts.sorted { $0.key < $1.key }.map { "\($0.key) \(DecimalText.formatCount($0.value))" }.joined(
            separator: ", ")
        return "; warnings: " + kinds + (run.map { " (listed by `atalaya runs --warnings \($0)`)" } ?? "")
    }

    /// Checks each file, printing what it holds or why an import would refuse it; returns how many were refused.
    static func check(_ files: [String], with check: IATICheck) async throws -> Int {
        var refused = 0
        for file in files {
            do {
                let report = try await withProgress(file, verb: "checking") { name, progress in
                    try check.check(path: file, displayName: name, progress: progress)
                }
                print(summary(report, file: file))
            } catch let error as IngestError {
                refused += 1
                Console.error("error: \(error.description)\n  an import would refuse this file.")
            }
        }
        return refused
    }

    static func summary(_ report: IATICheck.Report, file: String) -> String {
        let facts = report.facts
        var line = "\((file as NSString).lastPathComponent): checked, nothing written — IATI \(facts.version), "
        line += "vintage \(facts.generated ?? "?"), publisher \(facts.publisher ?? "?"); "
        line += "\(counted(facts.activities, "activity", "activities")), "
        line += "\(counted(facts.transactions, "transaction", "transactions")) "
        line +=
            "(\(DecimalText.formatCount(report.measuredTransactions)) commitments, disbursements or expenditures, split into "
        line += "\(counted(report.partsByPillar.values.reduce(0, +), "part", "parts")))"
        let pillars = report.partsByPillar.sorted { $0.key < $1.key }.map {
            "\($0.key.rawValue) \(DecimalText.formatCount($0.value))"
        }
        if !pillars.isEmpty { line += " (" + pillars.joined(separator: ", ") + ")" }
        line += warnings(report.warningsByKind, run: nil)
        return line
    }

    static func summary(_ report: IATIImporter.Report, file: String) -> String {
        let run = report.run
        if report.alreadyImported { return alreadyImported(file, as: run) }
        var line =
            "\(run.fileLabel): run \(run.id) — activities \(DecimalText.formatCount(run.activitiesNew)) new, "
            + "\(DecimalText.formatCount(run.activitiesUpdated)) updated, "
        line +=
            "\(DecimalText.formatCount(run.activitiesUnchanged)) unchanged; "
            + counted(run.transactions, "transaction", "transactions")
        line += warnings(report.warningsByKind, run: run.id)
        return line
    }
}
