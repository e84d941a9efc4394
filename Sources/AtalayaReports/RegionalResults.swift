public import AtalayaDomain
import Foundation

// MARK: - Results across the region: where programs are off track, late or unreported

/// Each country's results (`ResultsReport`) side by side, and the region's readings and late periods once each (a
/// program with several recipient countries is in each country's report, and once here, with its countries): what
/// a program officer over several countries looks at first.
public struct RegionalResults: Sendable {
    /// The countries with a reading or a period that has ended, by code.
    public let reports: [ResultsReport]
    /// How many countries were looked at.
    public let examined: Int
    /// The date periods must have ended before.
    public let asOf: String
    /// The thresholds statuses are given by.
    public let thresholds: ResultsThresholds
    /// Every reading once, worst first, with the countries whose reports list it.
    public let readings: [(reading: IndicatorReading, countries: [String])]
    /// Every period that ended with no actual once, longest overdue first, with the countries whose reports list it.
    public let unreported: [(period: UnreportedPeriod, countries: [String])]
    /// The region's counts, each indicator once.
    public let status: ResultsStatus
    /// The region's reporting completeness, each period once.
    public let completeness: ReportingCompleteness

    /// Keeps the reports with a reading or a period that has ended, by country code, and lists their readings and
    /// late periods once each.
    public init(reports: [ResultsReport], examined: Int, asOf: String, thresholds: ResultsThresholds) {
        let reports = reports.filter { !$0.readings.isEmpty || !$0.unreported.isEmpty || !$0.reported.isEmpty }
            .sorted { $0.country < $1.country }
        self.reports = reports
        self.examined = examined
        self.asOf = asOf
        self.thresholds = thresholds
        let (readings, readingCountries) = Self.once(reports.map { ($0.country, $0.readings) }, key: Self.key)
        self.readings = IndicatorReading.worstFirst(readings, thresholds: thresholds).map {
            ($0, readingCountries[Self.key($0)] ?? [])
        }
        let (periods, periodCountries) = Self.once(reports.map { ($0.country, $0.unreported) }, key: Self.key)
        unreported = UnreportedPeriod.longestOverdueFirst(periods).map { ($0, periodCountries[Self.key($0)] ?? []) }
        let reported = Self.once(reports.map { ($0.country, $0.reported) }, key: Self.key).0
        completeness = ReportingCompleteness(
            reported: reported.count, unreported: periods.count, afterFile: periods.filter(\.endedAfterFile).count)
        status = ResultsStatus(
            readings, thresholds: thresholds, cosignedRuns: Set(reports.flatMap { $0.cosignatures.keys }))
    }

    /// The items of every country once (in first-seen order), and the countries that list each, by key.
    static func once<Item>(_ lists: [(String, [Item])], key: (Item) -> String) -> ([Item], [String: [String]]) {
        var items: [Item] = []
        var countries: [String: [String]] = [:]
        for (country, list) in lists {
            for item in list {
                let id = key(item)
                if countries[id] == nil { items.append(item) }
                countries[id, default: []].append(country)
            }
        }
        return (items, countries)
    }

    /// What makes a reading one: its program, indicator, period, source and run.
    static func key(_ reading: IndicatorReading) -> String {
        [
            reading.activity, reading.title, reading.periodEnd ?? "", reading.source.rawValue,
            reading.run.map(String.init) ?? "",
        ].joined(separator: "\u{1F}")
    }

    /// What makes a late period one.
    static func key(_ period: UnreportedPeriod) -> String {
        periodKey(period.activity, period.title, period.periodEnd, period.source, period.run)
    }

    /// What makes a reported period one: as a late one.
    static func key(_ period: ReportedPeriod) -> String {
        periodKey(period.activity, period.title, period.periodEnd, period.source, period.run)
    }

    private static func periodKey(
        _ activity: String, _ title: String, _ end: String, _ source: IndicatorReading.Source, _ run: Int64?
    ) -> String {
        [activity, title, end, source.rawValue, run.map(String.init) ?? ""].joined(separator: "\u{1F}")
    }

    // MARK: - Text

    /// A row per country (its counts and late periods), the region's counts, then the off-track and at-risk
    /// indicators across the region, worst first.
    public func table(in l: ReportLanguage = .en) -> String {
        var out = l.pick(
            "Results across the region — periods ended before \(asOf); "
                + "\(counted(reports.count, "country", "countries")) with results, of \(examined) looked at\n\n",
            "Resultados en la región — periodos vencidos antes del \(asOf); "
                + "\(counted(reports.count, "país", "países")) con resultados, de \(examined) examinados\n\n")
        guard !reports.isEmpty else {
            return out
                + l.pick(
                    "No indicator with a past target and no period that ended without an actual: import a program "
                        + "office's monitoring data (atalaya import monitoring) or IATI files that carry results.\n",
                    "Ningún indicador con una meta vencida y ningún periodo vencido sin valor real: importe los datos "
                        + "de seguimiento de una oficina de programas (atalaya import monitoring) o archivos IATI con "
                        + "resultados.\n")
        }
        let region = status
        let summary =
            reports.map { report in
                let counts = report.status
                return [
                    "\(l.countryName(report.country)) (\(report.country))", String(counts.indicators),
                    String(counts.offTrack), String(counts.atRisk), String(counts.onTrack),
                    String(counts.notAssessable), String(report.unreported.count),
                    String(report.completeness.pastPeriods), report.completeness.percent,
                ]
            } + [
                [
                    l.pick("Region, each indicator once", "Región, cada indicador una vez"), String(region.indicators),
                    String(region.offTrack),
                    String(region.atRisk), String(region.onTrack), String(region.notAssessable),
                    String(unreported.count), String(completeness.pastPeriods), completeness.percent,
                ]
            ]
        out += TextTable.render(
            header: l == .en
                ? [
                    "country", "indicators", "off track", "at risk", "on track", "not assessable", "late", "ended",
                    "reported",
                ]
                : [
                    "país", "indicadores", "rezagados", "en riesgo", "en camino", "no evaluables", "atrasados",
                    "vencidos", "informados",
                ],
            rows: summary)
        out +=
            "\n\n" + region.sentence(in: l) + "\n" + completeness.sentence(in: l)
            + l.pick(
                " A period of a program in several countries counts once.\n",
                " Un periodo de un programa en varios países cuenta una vez.\n")
        let flagged = readings.filter { [.offTrack, .atRisk].contains($0.reading.status(thresholds)) }
        if !flagged.isEmpty {
            out += l.pick(
                "\nOff track and at risk, worst first (an indicator once, with the countries it is reported for):\n",
                "\nRezagados y en riesgo, del peor al mejor (cada indicador una vez, con los países para los que se "
                    + "reporta):\n")
            out +=
                TextTable.render(
                    header: l == .en
                        ? ["status", "countries", "program", "indicator", "period end", "target", "actual", "progress"]
                        : [
                            "estado", "países", "programa", "indicador", "fin del periodo", "meta", "valor real",
                            "avance",
                        ],
                    rows: flagged.map { reading, countries in
                        [
                            l.status(reading.status(thresholds).rawValue), countries.joined(separator: " "),
                            reading.activity,
                            reading.title, (reading.periodEnd ?? "–") + (reading.endedAfterFile ? FileDate.mark : ""),
                            reading.target ?? "–", reading.actual ?? "–",
                            reading.progress.map { ShareText.percent($0) } ?? "–",
                        ]
                    }) + "\n"
            if flagged.contains(where: { $0.reading.endedAfterFile }) { out += FileDate.readingNote(in: l) + "\n" }
        }
        out += l.pick(
            "\n`late` counts the periods that ended with no actual (`--unreported` lists them), `ended` every "
                + "period that ended, and `reported` the share of those with an actual (reporting completeness); "
                + "`--country CODE` gives one country's readings with their baselines, sources and runs.\n",
            "\n`atrasados` cuenta los periodos vencidos sin valor real (`--unreported` los lista), `vencidos` todo "
                + "periodo vencido, e `informados` la parte de ellos con un valor real (completitud de los "
                + "informes); `--country CÓDIGO` da las lecturas de un país con sus líneas de base, fuentes e "
                + "importaciones.\n")
        return out
    }

    /// The periods that ended with no actual across the region, once each, longest overdue first.
    public func unreportedTable(in l: ReportLanguage = .en) -> String {
        var out = l.pick(
            "Late or unreported across the region: indicator periods ended before \(asOf) with no actual\n\n",
            "Atrasados o sin informar en la región: periodos de indicador vencidos antes del \(asOf) sin valor "
                + "real\n\n")
        let periods = unreported
        guard !periods.isEmpty else { return out + ResultsReport.everyPeriodReported(in: l) }
        out += TextTable.render(
            header: l == .en
                ? ["days overdue", "countries", "program", "indicator", "period end", "target", "source"]
                : ["días de atraso", "países", "programa", "indicador", "fin del periodo", "meta", "fuente"],
            rows: periods.map { period, countries in
                [
                    period.daysOverdue(asOf: asOf).map(DecimalText.formatCount) ?? "–",
                    countries.joined(separator: " "), period.activity, period.title,
                    period.periodEnd + (period.endedAfterFile ? FileDate.mark : ""), period.target ?? "–",
                    ResultsReport.source(period.source, run: period.run, in: l),
                ]
            })
        return out + "\n" + ResultsReport.unreportedNote(periods.map { $0.period }, in: l)
    }

    // MARK: - CSV and JSON

    /// `country,` then `ResultsReport.csv`'s columns: each country's readings (a program with several countries
    /// once per country, as each country's page lists it).
    public func csv() -> String {
        ResultsReport.csvText(
            ["country"] + ResultsReport.columns,
            reports.flatMap { report in report.rows().map { [report.country] + $0 } })
    }

    /// `country,` then `ResultsReport.unreportedCSV`'s columns.
    public func unreportedCSV() -> String {
        ResultsReport.csvText(
            ["country"] + ResultsReport.unreportedColumns,
            reports.flatMap { report in report.unreportedRows().map { [report.country] + $0 } })
    }

    /// `{asOf, examined, status, completeness, countries}`: the region's counts (each indicator once), its reporting
    /// completeness (each period once) and each country's results as `ResultsReport.json` gives them.
    public func json() throws -> String {
        struct Document: Encodable {
            var asOf: String
            var examined: Int
            var status: ResultsStatus
            var completeness: ReportingCompleteness
            var countries: [ResultsDocument]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let document = Document(
            asOf: asOf, examined: examined, status: status, completeness: completeness,
            countries: reports.map { $0.document() })
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
