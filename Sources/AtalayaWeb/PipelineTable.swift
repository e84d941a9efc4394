import AtalayaDomain
import AtalayaReports
import AtalayaStore

// MARK: - The aged pipeline, program by program: the accountability check's count, made traceable

extension AtalayaWeb {
    /// The programs the accountability check counts as an aged pipeline (USD 1,000 or more committed over two years
    /// before their file's date, or the as-of date, and not disbursed), largest pipeline first; nil when there are
    /// none.
    /// `brief` gives them (its check's own list); titles come from `titles` (the country's programs in the page's
    /// language) where it lists the program.
    func agedPipelineTable(_ brief: CountryBrief, titles: ActivityPage, _ request: PageRequest) -> DataTable? {
        let l = request.language
        let code = brief.country
        let runs = brief.sources
        let aged = brief.agedPipeline.sorted { ($0.pipelineCents, $1.identifier) > ($1.pipelineCents, $0.identifier) }
        guard !aged.isEmpty else { return nil }
        let floor = DecimalText.formatWhole(ProgramAccountability.agedPipelineFloorCents)
        let named = Dictionary(titles.items.map { ($0.identifier, $0.title) }, uniquingKeysWith: { first, _ in first })
        return DataTable(
            id: "pipeline",
            caption: l.pick(
                "Aged pipeline: programs with USD \(floor) or more of in-scope money to \(l.countryName(code)) "
                    + "committed over two years before their file's date and not disbursed, largest first — IATI, USD, "
                    + "every fiscal year held",
                "Compromisos antiguos sin desembolsar: programas con USD \(floor) o más en el ámbito para "
                    + "\(l.countryName(code)) comprometidos más de dos años antes de la fecha de su archivo y sin "
                    + "desembolsar, de mayor a menor — IATI, USD, todos los años fiscales") + " (\(aged.count))",
            columns: [
                l.pick("Title", "Título"), l.pick("IATI identifier", "Identificador IATI"),
                l.pick("First commitment", "Primer compromiso"), l.pick("File's date", "Fecha del archivo"),
                l.pick("Committed, USD", "Comprometido, USD"), l.pick("Disbursed, USD", "Desembolsado, USD"),
                l.pick("Not disbursed, USD", "Sin desembolsar, USD"),
            ],
            // Dates as figures (tabular, unbroken), beside the money.
            numeric: [2, 3, 4, 5, 6],
            rows: aged.map { program in
                let title = named[program.identifier].flatMap { $0.isEmpty ? nil : $0 } ?? program.title
                return [
                    DataTable.Cell(
                        title.isEmpty ? program.identifier : title,
                        link: request.link(Self.programPath(program.identifier))),
                    DataTable.Cell(program.identifier),
                    DataTable.Cell(program.firstCommitment.map { String($0.prefix(10)) } ?? "–"),
                    DataTable.Cell(program.vintage.map { String($0.prefix(10)) } ?? "–"),
                    .money(program.committedCents), .money(program.disbursedCents), .money(program.pipelineCents),
                ]
            },
            context: Self.moneyContext(source: .iati, measure: "commitment disbursement", scope: .security, runs: runs),
            // Each program's money comes from the one file that last imported it.
            rowRuns: aged.map { $0.run.map { [$0] } ?? [] })
    }
}
