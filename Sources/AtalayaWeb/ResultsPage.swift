import AtalayaDomain
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import Foundation
import Hummingbird

// MARK: - Results on the pages: a country's (its page) and every country's side by side (`/results`)

extension AtalayaWeb {
    /// `/results`: each country's counts (off track, at risk, on track, late), then every indicator once, worst
    /// first, with the countries it is reported for, then the periods that ended with no actual; on a partner's
    /// server, its own country's.
    func results(_ request: PageRequest) async throws -> (title: String, sections: [PageSection]) {
        let l = request.language
        let asOf = try request.query.date("asOf") ?? settings.today()
        let region = try await ResultsBuilder(store: store, thresholds: settings.resultsThresholds).region(
            countries: scope.country.map { [$0] }, asOf: asOf)
        let (onTrack, atRisk) = (
            ResultsThresholds.percent(settings.resultsThresholds.onTrack),
            ResultsThresholds.percent(settings.resultsThresholds.atRisk)
        )
        // A partner's server shows its own country's only, and says so.
        let heading =
            scope.country.map { l.pick("Results: ", "Resultados: ") + l.countryName($0) }
            ?? l.pick("Results across the region", "Resultados en la región")
        var intro = "<h1>" + HTML.escape(heading) + "</h1>"
        intro +=
            "<p class=\"lede\">"
            + HTML.escape(
                l.pick(
                    "Each indicator with a target in a period that ended before \(asOf), at its latest such period, "
                        + "from a program office's monitoring data or the programs' IATI files; on track from "
                        + "\(onTrack) of the way to the target, at risk from \(atRisk). A program with several "
                        + "recipient countries is in each country's row, and once in the region's.",
                    "Cada indicador con una meta en un periodo vencido antes del \(asOf), en su último periodo, de los "
                        + "datos de seguimiento de la oficina del programa o de los archivos IATI de los programas; en "
                        + "camino desde el \(onTrack) del avance hacia la meta, en riesgo desde el \(atRisk). Un "
                        + "programa con varios países receptores está en la fila de cada país y una sola vez en la de "
                        + "la región.")) + "</p>"
        guard !region.reports.isEmpty else {
            intro +=
                "<p>"
                + HTML.escape(
                    l.pick(
                        "No indicator with a past target, and no period that ended without an actual, in the "
                            + "\(region.examined) countries looked at. Results come from a program office's monitoring "
                            + "data (atalaya import monitoring) and from IATI files that carry them.",
                        "Ningún indicador con una meta vencida ni periodo vencido sin valor real en los "
                            + "\(region.examined) países examinados. Los resultados provienen de los datos de "
                            + "seguimiento de una oficina de programa (atalaya import monitoring) y de los archivos IATI "
                            + "que los incluyen.")) + "</p>"
            return (l.pick("Results", "Resultados"), [.html(intro)])
        }
        intro +=
            "<p>" + HTML.escape(region.status.sentence(in: l)) + " "
            + HTML.escape(
                region.completeness.sentence(in: l)
                    + l.pick(
                        " A period of a program in several countries counts once.",
                        " Un periodo de un programa en varios países cuenta una vez.")) + "</p>"
        let counts = { (status: ResultsStatus, late: Int, completeness: ReportingCompleteness) -> [DataTable.Cell] in
            [status.indicators, status.offTrack, status.atRisk, status.onTrack, status.notAssessable, late]
                .map(DataTable.Cell.count)
                + [
                    .count(completeness.pastPeriods),
                    .shown(
                        completeness.share.map { String(format: "%.4f", $0) } ?? "", as: l.percent(completeness.share)),
                ]
        }
        let summary = DataTable(
            id: "results-countries",
            caption: l.pick("Results by country", "Resultados por país"),
            columns: [
                l.pick("Country", "País"), l.pick("Indicators", "Indicadores"), l.pick("Off track", "Rezagados"),
                l.pick("At risk", "En riesgo"), l.pick("On track", "En camino"),
                l.pick("Not assessable", "No evaluables"),
                l.pick("Late or unreported", "Atrasados o sin informe"),
                l.pick("Periods ended", "Periodos vencidos"),
                l.pick("Reported (completeness)", "Con informe (completitud)"),
            ], numeric: Set(1...8),
            rows: l.byName(region.reports.map(\.country)).compactMap { code in
                region.reports.first { $0.country == code }
            }.map { report in
                [
                    DataTable.Cell(
                        l.countryName(report.country), link: request.link("/countries/\(report.country)#table-results"))
                ] + counts(report.status, report.unreported.count, report.completeness)
            } + [
                [DataTable.Cell(l.pick("Region, each indicator once", "Región, cada indicador una vez"))]
                    + counts(region.status, region.unreported.count, region.completeness)
            ])
        let readings = readingsTable(
            region.readings.map { reading, countries in
                (reading, countries, region.reports.flatMap { $0.cosigners(reading) })
            }, request,
            caption: l.pick(
                "Every indicator with a past target, once, its latest period, worst first, with the countries it is "
                    + "reported for",
                "Cada indicador con una meta vencida, una vez, su último periodo, los peores primero, con los países "
                    + "para los que se reporta") + " (\(region.readings.count))")
        let late = unreportedTable(
            region.unreported, request,
            caption: l.pick(
                "Late or unreported: indicator periods that ended before \(asOf) with no actual, once each, longest "
                    + "overdue first",
                "Atrasados o sin informe: periodos de indicadores vencidos antes del \(asOf) sin valor real, una vez "
                    + "cada uno, los más atrasados primero") + " (\(region.unreported.count))", asOf: asOf)
        var sections: [PageSection] = [.html(intro), .table(summary), .table(readings), .table(late)]
        if let due = try await dueLink(nil, asOf: asOf, request) { sections.append(.html(due)) }
        return (l.pick("Results", "Resultados"), sections)
    }

    /// Every indicator of the country's programs with a past target, its latest period, worst first: what is off
    /// track, at risk or cannot be assessed, for the program officer the brief's one sentence counts for. Each names
    /// its source: the program office's monitoring file, or the program's IATI file.
    func resultsTable(_ code: String, asOf: String, _ request: PageRequest) async throws -> DataTable {
        let l = request.language
        let report = try await ResultsBuilder(store: store, thresholds: settings.resultsThresholds).report(
            country: code, asOf: asOf)
        let (onTrack, atRisk) = (
            ResultsThresholds.percent(settings.resultsThresholds.onTrack),
            ResultsThresholds.percent(settings.resultsThresholds.atRisk)
        )
        var table = readingsTable(
            report.readings.map { ($0, nil, report.cosigners($0)) }, request,
            caption: l.pick(
                "Results of these programs: each indicator with a past target, its latest period, worst first",
                "Resultados de estos programas: cada indicador con una meta vencida, su último periodo, los peores primero"
            ) + " (\(report.readings.count)); "
                + l.pick(
                    "on track from \(onTrack) of the way to the target, at risk from \(atRisk)",
                    "en camino desde el \(onTrack) del avance hacia la meta, en riesgo desde el \(atRisk)"
                ))
        table.empty = l.pick(
            "No indicator of these programs has a target in a period that ended before \(asOf), in their IATI files "
                + "or in a program office's monitoring data (`atalaya import monitoring` adds an office's own).",
            "Ningún indicador de estos programas tiene una meta en un periodo vencido antes del \(asOf), ni en sus "
                + "archivos IATI ni en datos de seguimiento de una oficina de programa (`atalaya import monitoring` "
                + "añade los de una oficina).")
        return table
    }

    /// The country's indicator periods that ended with no actual, longest overdue first: what a program officer
    /// chases (late, or never reported).
    func unreportedTable(_ code: String, asOf: String, _ request: PageRequest) async throws -> DataTable {
        let l = request.language
        let periods = UnreportedPeriod.longestOverdueFirst(try await store.unreportedPeriods(country: code, asOf: asOf))
        var table = unreportedTable(
            periods.map { ($0, nil) }, request,
            caption: l.pick(
                "Late or unreported: indicator periods of these programs that ended before \(asOf) with no actual, "
                    + "longest overdue first",
                "Atrasados o sin informe: periodos de indicadores de estos programas vencidos antes del \(asOf) sin "
                    + "valor real, los más atrasados primero") + " (\(periods.count))", asOf: asOf)
        table.empty = l.pick(
            "No indicator period of these programs ended before \(asOf) without an actual.",
            "Ningún periodo de indicador de estos programas venció antes del \(asOf) sin valor real.")
        return table
    }

    /// The monitoring periods due by `asOf` in `code`, or when nil in every country the server shows (the pages say
    /// nothing of the IATI periods the file leaves out: their tables list those).
    func dueTemplate(_ code: String?, asOf: String) async throws -> MonitoringTemplate {
        try await ResultsBuilder(store: store, thresholds: settings.resultsThresholds).due(
            countries: (code ?? scope.country).map { [$0] }, asOf: asOf, countingLeftOut: false)
    }

    /// The name the file of the periods due is downloaded under.
    func dueFileName(_ code: String?, asOf: String) -> String {
        "atalaya-due-\(code ?? scope.country ?? "region")-\(asOf).csv"
    }

    /// `/countries/{code}/due.csv` and `/results/due.csv`: the monitoring periods due in the country (or every
    /// country), as `atalaya report due` writes them.
    func dueFile(_ code: String?, _ request: Request) async throws -> Reply {
        let asOf = try QueryItems(request.uri.query).date("asOf") ?? settings.today()
        var reply = Self.response(try await dueTemplate(code, asOf: asOf).csv(), contentType: "text/csv; charset=utf-8")
        reply.headers[.contentDisposition] = "attachment; filename=\"\(dueFileName(code, asOf: asOf))\""
        return reply
    }

    /// A note under the late periods linking to the file of the monitoring periods due in `code` (the region's
    /// when nil), when there are any.
    func dueLink(_ code: String?, asOf: String, _ request: PageRequest) async throws -> String? {
        let count = try await dueTemplate(code, asOf: asOf).periods.count
        guard count > 0 else { return nil }
        let l = request.language
        let path = code.map { "/countries/\($0)/due.csv" } ?? "/results/due.csv"
        let link = HTML.escape(request.link("\(path)?asOf=\(asOf)"))
        return "<p class=\"note\">"
            + l.pick(
                count == 1
                    ? "The monitoring period among them is also a file to fill in: "
                    : "The \(count) monitoring periods among them are also a file to fill in: ",
                count == 1
                    ? "El periodo de seguimiento entre ellos también es un archivo para completar: "
                    : "Los \(count) periodos de seguimiento entre ellos también son un archivo para completar: ")
            + "<a href=\"\(link)\" download>\(HTML.escape(dueFileName(code, asOf: asOf)))</a>"
            + l.pick(
                ", in the layout <code>atalaya import monitoring</code> reads; with the actuals filled in, it imports "
                    + "back.",
                ", con las columnas que lee <code>atalaya import monitoring</code>; con los valores reales "
                    + "completados, se importa de nuevo.")
            + "</p>"
    }

    /// Readings in the order given, each with its status, values, progress, source, run and co-signers, and the
    /// countries it is reported for when given (the region's table).
    func readingsTable(
        _ readings: [(reading: IndicatorReading, countries: [String]?, cosigners: [RecordedCosignature])],
        _ request: PageRequest, caption: String
    ) -> DataTable {
        let l = request.language
        let withCountries = readings.contains { $0.countries != nil }
        let shift = withCountries ? 1 : 0
        let marked = readings.contains { $0.reading.endedAfterFile }
        var table = DataTable(
            id: "results", caption: caption + (marked ? ". " + Self.markNote(FileDate.readingNote(in: l), l) : ""),
            columns: [l.pick("Status", "Estado")] + (withCountries ? [l.pick("Countries", "Países")] : []) + [
                l.pick("Indicator", "Indicador"), l.pick("Program", "Programa"),
                l.pick("Period end", "Fin del periodo"), l.pick("Baseline", "Línea de base"), l.pick("Target", "Meta"),
                l.pick("Actual", "Real"), l.pick("Progress", "Avance"), l.pick("Source", "Fuente"),
                l.pick("Import run", "Importación"), l.pick("Co-signed by the partner", "Refrendado por el socio"),
                l.pick("File date", "Fecha del archivo"), l.pick("Not assessable because", "Sin evaluar porque"),
            ], numeric: Set([4, 5, 6, 7, 9].map { $0 + shift }),
            rows: readings.map { reading, countries, cosigners in
                [DataTable.Cell(l.status(reading.status(settings.resultsThresholds).rawValue))]
                    + (withCountries ? [Self.countriesCell(countries ?? [], request)] : []) + [
                        DataTable.Cell(reading.title),
                        // A program only a monitoring file names has a page of its periods.
                        DataTable.Cell(reading.activity, link: request.link(Self.programPath(reading.activity))),
                        Self.periodEndCell(reading.periodEnd ?? "–", marked: reading.endedAfterFile),
                        // The CSV keeps what was reported (empty when nothing was) and progress as a fraction.
                        DataTable.Cell.shown(
                            reading.baseline ?? "",
                            as: reading.baseline ?? l.pick("not reported (0)", "no reportada (0)")),
                        DataTable.Cell.shown(reading.target ?? "", as: reading.target ?? "–"),
                        DataTable.Cell.shown(reading.actual ?? "", as: reading.actual ?? "–"),
                        DataTable.Cell.shown(
                            reading.progress.map { String(format: "%.4f", $0) } ?? "", as: l.progress(reading)),
                    ] + Self.sourceCells(reading.source, run: reading.run, request) + [Self.cosignedCell(cosigners)]
                    + [DataTable.Cell(reading.fileDate ?? ""), DataTable.Cell(reading.unassessable?.rawValue ?? "")]
            })
        // The file's date and why a reading is not assessable are the CSV's only: the page marks the period's end
        // instead, and says why in the progress cell.
        table.csvOnly = [table.columns.count - 2, table.columns.count - 1]
        return table
    }

    /// Periods that ended with no actual in the order given, each with the days since, and the countries it is
    /// reported for when given (the region's table).
    func unreportedTable(
        _ periods: [(period: UnreportedPeriod, countries: [String]?)], _ request: PageRequest, caption: String,
        asOf: String
    ) -> DataTable {
        let l = request.language
        let withCountries = periods.contains { $0.countries != nil }
        let shift = withCountries ? 1 : 0
        let marked = periods.contains { $0.period.endedAfterFile }
        var table = DataTable(
            id: "unreported",
            caption: caption + (marked ? ". " + Self.markNote(FileDate.unreportedNote(in: l), l) : ""),
            columns: [l.pick("Days overdue", "Días de atraso")] + (withCountries ? [l.pick("Countries", "Países")] : [])
                + [
                    l.pick("Indicator", "Indicador"), l.pick("Program", "Programa"),
                    l.pick("Period end", "Fin del periodo"), l.pick("Target", "Meta"), l.pick("Source", "Fuente"),
                    l.pick("Import run", "Importación"), l.pick("File date", "Fecha del archivo"),
                ], numeric: Set([0] + [4, 6].map { $0 + shift }),
            rows: periods.map { period, countries in
                [period.daysOverdue(asOf: asOf).map(DataTable.Cell.count) ?? DataTable.Cell("–")]
                    + (withCountries ? [Self.countriesCell(countries ?? [], request)] : []) + [
                        DataTable.Cell(period.title),
                        DataTable.Cell(period.activity, link: request.link(Self.programPath(period.activity))),
                        Self.periodEndCell(period.periodEnd, marked: period.endedAfterFile),
                        DataTable.Cell.shown(period.target ?? "", as: period.target ?? "–"),
                    ] + Self.sourceCells(period.source, run: period.run, request) + [
                        DataTable.Cell(period.fileDate ?? "")
                    ]
            })
        table.csvOnly = [table.columns.count - 1]
        return table
    }

    /// A period's end, marked on the page (not in the CSV, which has the file's date beside it) when the period
    /// ended on or after the day its file was made.
    static func periodEndCell(_ end: String, marked: Bool) -> DataTable.Cell {
        marked ? DataTable.Cell.shown(end, as: end + FileDate.mark) : DataTable.Cell(end)
    }

    /// The mark's note for a caption, saying where the file's date is.
    static func markNote(_ note: String, _ l: ReportLanguage) -> String {
        note
            + l.pick(
                " The file's date is in the CSV and on the import run's page.",
                " La fecha del archivo está en el CSV y en la página de la importación.")
    }

    /// The countries a reading is reported for: their codes in the CSV, their names on the page.
    static func countriesCell(_ countries: [String], _ request: PageRequest) -> DataTable.Cell {
        DataTable.Cell.shown(
            countries.joined(separator: " "),
            as: countries.map(request.language.countryName).joined(separator: ", "))
    }

    /// Who co-signed a reading's run: each signer and when (the CSV keeps the whole signing time, the page its date).
    static func cosignedCell(_ cosigners: [RecordedCosignature]) -> DataTable.Cell {
        guard !cosigners.isEmpty else { return DataTable.Cell.shown("", as: "–") }
        return DataTable.Cell.shown(
            cosigners.map { "\($0.signer) (\($0.signedAt))" }.joined(separator: "; "),
            as: cosigners.map { "\($0.signer), \($0.signedAt.prefix(10))" }.joined(separator: "; "))
    }

    /// A result's source ("monitoring" or "IATI") and its import run, linked to the run's page.
    static func sourceCells(_ source: IndicatorReading.Source, run: Int64?, _ request: PageRequest) -> [DataTable.Cell]
    {
        [
            DataTable.Cell(source == .monitoring ? request.language.pick("monitoring", "seguimiento") : "IATI"),
            run.map { DataTable.Cell(String($0), link: request.runLink($0)) } ?? DataTable.Cell("–"),
        ]
    }
}
