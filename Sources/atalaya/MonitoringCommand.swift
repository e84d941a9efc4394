import ArgumentParser
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaStore

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

        func run() async throws {
            let (files, office, vintage, country, sheets) = (
                self.files, self.office, self.vintage, self.country, self.sheet
            )
            let failures = try await ledger.withStore(creating: true) { store in
                let importer = MonitoringImporter(store: store)
                return try await ImportProgress.each(files, sheets: sheets) { file, sheet in
                    switch try await importer.importFile(
                        path: file, office: office, vintage: vintage, onlyCountry: country, sheet: sheet)
                    {
                    case .alreadyImported(let run):
                        print(ImportProgress.alreadyImported(file, as: run))
                    case .imported(let run):
                        print(
                            "\(run.fileLabel): run \(run.id) — monitoring, "
                                + (vintage == nil
                                    ? run.vintage.map { "vintage \($0) (the workbook's last-saved date), " } ?? ""
                                    : "")
                                + "\(counted(run.transactions, "period", "periods")): "
                                + "\(DecimalText.formatCount(run.activitiesNew)) new, "
                                + "\(DecimalText.formatCount(run.activitiesUpdated)) updated, "
                                + "\(DecimalText.formatCount(run.activitiesUnchanged)) unchanged")
                    }
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }
}
