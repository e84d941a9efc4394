import ArgumentParser
import AtalayaCosign
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaStore
import Foundation

extension Import {
    /// `atalaya import monitoring [--office NAME] [--vintage DATE] FILE…`.
    struct Monitoring: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "monitoring",
            abstract:
                "Import a program office's own monitoring data: CSV or an Excel workbook's sheet with program,country,"
                + "indicator,ascending,baseline,period_start,period_end,target,actual (a program's results then come "
                + "from it, not from its IATI file).")

        @OptionGroup var ledger: LedgerOptions

        @Option(name: .long, help: ArgumentHelp("The program office whose data this is.", valueName: "name"))
        var office: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The date the data describes (YYYY-MM-DD); default: a workbook's last-saved date, none for CSV.",
                valueName: "date"))
        var vintage: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Refuse a file with any line for another country (a partner counterpart reporting for their own).",
                valueName: "code"),
            transform: isoCountry)
        var country: String?

        @Option(name: .long, help: ImportProgress.sheetHelp)
        var sheet: [String] = []

        @Argument(help: "Monitoring CSV files or Excel workbooks (.xlsx).")
        var files: [String]

        @Option(
            name: .long,
            help: "en or es: what each file gave, and why one is refused (for a partner's counterpart).")
        var lang: ReportLanguage = .en

        func run() async throws {
            let (files, office, vintage, country, sheets, l) = (
                self.files, self.office, self.vintage, self.country, self.sheet, self.lang
            )
            let failures = try await ledger.withStore(creating: true) { store in
                let importer = MonitoringImporter(store: store)
                return try await ImportProgress.each(files, sheets: sheets, language: l) { file, sheet in
                    switch try await importer.importFile(
                        path: file, office: office, vintage: vintage, onlyCountry: country, sheet: sheet)
                    {
                    case .alreadyImported(let run):
                        print(
                            l == .en ? ImportProgress.alreadyImported(file, as: run) : Self.alreadyImported(file, run))
                    case .imported(let run):
                        print(Self.summary(run, lastSaved: vintage == nil && run.vintage != nil, in: l))
                    }
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }

        /// What a file gave: its run, its vintage when taken from the workbook, and its periods new, updated and
        /// unchanged.
        static func summary(_ run: ImportRun, lastSaved: Bool, in l: ReportLanguage) -> String {
            let vintage =
                lastSaved
                ? l.pick("vintage \(run.vintage ?? "")", "fecha \(run.vintage ?? "")")
                    + l.pick(" (the workbook's last-saved date), ", " (la del último guardado del libro), ") : ""
            let counts = (
                DecimalText.formatCount(run.activitiesNew), DecimalText.formatCount(run.activitiesUpdated),
                DecimalText.formatCount(run.activitiesUnchanged)
            )
            return l.pick(
                "\(run.fileLabel): run \(run.id) — monitoring, \(vintage)"
                    + "\(counted(run.transactions, "period", "periods")): "
                    + "\(counts.0) new, \(counts.1) updated, \(counts.2) unchanged",
                "\(run.fileLabel): importación \(run.id) — seguimiento, \(vintage)"
                    + "\(counted(run.transactions, "periodo", "periodos")): "
                    + "\(counts.0) \(run.activitiesNew == 1 ? "nuevo" : "nuevos"), "
                    + "\(counts.1) \(run.activitiesUpdated == 1 ? "actualizado" : "actualizados"), "
                    + "\(counts.2) sin cambios")
        }

        /// `ImportProgress.alreadyImported` in Spanish, for a monitoring file.
        static func alreadyImported(_ file: String, _ run: ImportRun) -> String {
            let name = (file as NSString).lastPathComponent
            let stored = name == run.fileName ? "" : " los mismos bytes que \(run.fileName),"
            return "\(ImportRun.label(file: name, sheet: run.sheet)):\(stored) ya importado como importación \(run.id) "
                + "(el mismo SHA-256); nada cambió"
        }
    }
}
