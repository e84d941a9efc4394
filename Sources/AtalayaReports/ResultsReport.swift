public import AtalayaDomain
import Foundation

// MARK: - A country's results: each indicator's latest past period against its target, worst first

/// The readings behind a country's results sentence, each with its status, progress and source: what the country
/// page's results table shows, for the command line and other tools.
public struct ResultsReport: Sendable {
    /// The country (ISO alpha-2).
    public var country: String
    /// The date periods must have ended before.
    public var asOf: String
    /// The thresholds statuses are given by.
    public var thresholds: ResultsThresholds
    /// The readings, worst first.
    public var readings: [IndicatorReading]
    /// The periods that ended with no actual, longest overdue first.
    public var unreported: [UnreportedPeriod]
    /// The periods that ended with an actual.
    public var reported: [ReportedPeriod]
    /// The co-signatures that count for the country, by run.
    public var cosignatures: [Int64: [RecordedCosignature]]

    /// Orders `readings` worst first and `unreported` longest overdue first; `cosignatures` are the country's
    /// (`LedgerStore.cosignatures`).
    public init(
        country: String, asOf: String, readings: [IndicatorReading], unreported: [UnreportedPeriod] = [],
        reported: [ReportedPeriod] = [], thresholds: ResultsThresholds, cosignatures: [RecordedCosignature] = []
    ) {
        self.reported = reported
        self.cosignatures = Dictionary(grouping: cosignatures, by: \.run)
        self.country = country
        self.asOf = asOf
        self.thresholds = thresholds
        self.readings = IndicatorReading.worstFirst(readings, thresholds: thresholds)
        self.unreported = UnreportedPeriod.longestOverdueFirst(unreported)
    }

    /// A table with the counts' sentence and the thresholds beneath, in `l`'s words (statuses in words; the
    /// indicators' titles as their files give them).
    public func table(in l: ReportLanguage = .en) -> String {
        let name = l.countryName(country)
        var out = l.pick(
            "Results — \(name) (\(country)), periods ended before \(asOf)\n\n",
            "Resultados — \(name) (\(country)), periodos vencidos antes del \(asOf)\n\n")
        guard !readings.isEmpty else {
            return out
                + l.pick(
                    "No indicator with a past target is reported for this country's programs.\n",
                    "Ningún indicador con una meta vencida se reporta para los programas de este país.\n")
                + (completeness.pastPeriods > 0 ? completeness.sentence(in: l) + "\n" : "")
        }
        let rows = readings.map { reading in
            [
                l.status(reading.status(thresholds).rawValue), reading.activity, reading.title,
                (reading.periodEnd ?? "–") + (reading.endedAfterFile ? FileDate.mark : ""),
                reading.baseline ?? "(0)", reading.target ?? "–", reading.actual ?? "–", l.progress(reading),
                Self.source(reading.source, run: reading.run, in: l)
                    + (cosigners(reading).isEmpty ? "" : l.pick(", co-signed", ", refrendado")),
            ]
        }
        out += TextTable.render(
            header: l == .en
                ? [
                    "status", "program", "indicator", "period end", "baseline", "target", "actual", "progress",
                    "source",
                ]
                : [
                    "estado", "programa", "indicador", "fin del periodo", "línea de base", "meta", "valor real",
                    "avance",
                    "fuente",
                ],
            rows: rows)
        out += "\n\n" + status.sentence(in: l) + "\n" + completeness.sentence(in: l) + "\n"
        out += l.pick(
            "Progress is (actual − baseline) / (target − baseline), direction-aware; a baseline in parentheses was "
                + "not reported and is taken as 0.\n",
            "El avance es (valor real − línea de base) / (meta − línea de base), según la dirección del indicador; "
                + "una línea de base entre paréntesis no se reportó y se toma como 0.\n")
        if readings.contains(where: \.endedAfterFile) { out += FileDate.readingNote(in: l) + "\n" }
        if !unreported.isEmpty {
            out += l.pick(
                "\(counted(unreported.count, "period has", "periods have")) ended with no actual; "
                    + "`--unreported` lists them.\n",
                "\(counted(unreported.count, "periodo venció", "periodos vencieron")) sin valor real; "
                    + "`--unreported` los lista.\n")
        }
        return out
    }

    /// A reading's or period's source and run as the tables show them: `monitoring run 3`, `iati run 12`.
    static func source(_ source: IndicatorReading.Source, run: Int64?, in l: ReportLanguage) -> String {
        source.rawValue + (run.map { l.pick(" run \($0)", " importación \($0)") } ?? "")
    }

    /// Past periods with an actual / past periods.
    public var completeness: ReportingCompleteness {
        ReportingCompleteness(
            reported: reported.count, unreported: unreported.count,
            afterFile: unreported.filter(\.endedAfterFile).count)
    }

    /// The counts, the co-signed among them.
    public var status: ResultsStatus {
        ResultsStatus(readings, thresholds: thresholds, cosignedRuns: Set(cosignatures.keys))
    }

    /// Who co-signed the run a reading comes from (monitoring readings only), each with when they signed.
    public func cosigners(_ reading: IndicatorReading) -> [RecordedCosignature] {
        guard reading.source == .monitoring, let run = reading.run else { return [] }
        return cosignatures[run] ?? []
    }

    /// The periods that ended with no actual, longest overdue first, with the days since each ended.
    public func unreportedTable(in l: ReportLanguage = .en) -> String {
        let name = l.countryName(country)
        var out = l.pick(
            "Late or unreported — \(name) (\(country)): indicator periods ended before \(asOf) with no actual\n\n",
            "Atrasados o sin informar — \(name) (\(country)): periodos de indicador vencidos antes del \(asOf) sin "
                + "valor real\n\n")
        guard !unreported.isEmpty else { return out + Self.everyPeriodReported(in: l) }
        out += TextTable.render(
            header: l == .en
                ? ["days overdue", "program", "indicator", "period end", "target", "source"]
                : ["días de atraso", "programa", "indicador", "fin del periodo", "meta", "fuente"],
            rows: unreported.map { period in
                [
                    period.daysOverdue(asOf: asOf).map(DecimalText.formatCount) ?? "–", period.activity, period.title,
                    period.periodEnd + (period.endedAfterFile ? FileDate.mark : ""), period.target ?? "–",
                    Self.source(period.source, run: period.run, in: l),
                ]
            })
        return out + "\n" + Self.unreportedNote(unreported, in: l)
    }

    /// What the late list says when it is empty.
    static func everyPeriodReported(in l: ReportLanguage) -> String {
        l.pick("Every period that has ended has an actual.\n", "Todo periodo vencido tiene un valor real.\n")
    }

    /// The mark's meaning when a period carries it, on its own line.
    static func unreportedNote(_ periods: [UnreportedPeriod], in l: ReportLanguage = .en) -> String {
        periods.contains(where: \.endedAfterFile) ? FileDate.unreportedNote(in: l) + "\n" : ""
    }

    /// The columns of `unreportedCSV`.
    static let unreportedColumns = [
        "days_overdue", "program", "indicator", "period_end", "target", "source", "run", "file_date",
        "ended_after_file",
    ]

    /// `days_overdue,program,indicator,period_end,target,source,run,file_date,ended_after_file`: `file_date` the day
    /// the run's file was made, `ended_after_file` true when the period ended on or after it.
    public func unreportedCSV() -> String {
        Self.csvText(Self.unreportedColumns, unreportedRows())
    }

    /// The fields of `unreportedCSV`, a period a row.
    func unreportedRows() -> [[String]] {
        unreported.map { period in
            [
                period.daysOverdue(asOf: asOf).map(String.init) ?? "", period.activity, period.title,
                period.periodEnd, period.target ?? "", period.source.rawValue, period.run.map(String.init) ?? "",
                period.fileDate ?? "", String(period.endedAfterFile),
            ]
        }
    }

    /// The columns of `csv`.
    static let columns = [
        "status", "program", "indicator", "period_end", "baseline", "target", "actual", "progress", "source", "run",
        "cosigned_by", "file_date", "ended_after_file", "unassessable",
    ]

    /// `status,program,indicator,period_end,baseline,target,actual,progress,source,run,cosigned_by,file_date,
    /// ended_after_file,unassessable`; values as reported, progress as a fraction, co-signers as `name (signed at)`
    /// joined by `; `, `file_date` the day the run's file was made, `ended_after_file` true when the period ended on
    /// or after it (the actual is then a value to date), `unassessable` why there is no progress
    /// (`IndicatorReading.Unassessable`: `target_is_baseline`, `wrong_direction`, …).
    public func csv() -> String {
        Self.csvText(Self.columns, rows())
    }

    /// The fields of `csv`, a reading a row.
    func rows() -> [[String]] {
        readings.map { reading in
            [
                reading.status(thresholds).rawValue, reading.activity, reading.title, reading.periodEnd ?? "",
                reading.baseline ?? "", reading.target ?? "", reading.actual ?? "",
                reading.progress.map { String(format: "%.4f", $0) } ?? "", reading.source.rawValue,
                reading.run.map(String.init) ?? "",
                cosigners(reading).map { "\($0.signer) (\($0.signedAt))" }.joined(separator: "; "),
                reading.fileDate ?? "", String(reading.endedAfterFile), reading.unassessable?.rawValue ?? "",
            ]
        }
    }

    /// A header line and the rows, each field escaped.
    static func csvText(_ columns: [String], _ rows: [[String]]) -> String {
        ([columns.joined(separator: ",")] + rows.map { $0.map(CSVField.escape).joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }

    /// `{country, asOf, status, completeness, readings, unreported}`: the counts (with their thresholds), the
    /// reporting completeness with its denominator, each reading with its status and progress, and each period that
    /// ended with no actual with the days since.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(document()), as: UTF8.self)
    }

    /// What `json` encodes.
    func document() -> ResultsDocument {
        ResultsDocument(
            country: country, asOf: asOf, status: status, completeness: completeness,
            readings: readings.map {
                ResultsDocument.Row(
                    reading: $0, status: $0.status(thresholds).rawValue, progress: $0.progress,
                    cosignedBy: cosigners($0).map { .init(signer: $0.signer, signedAt: $0.signedAt) })
            }, unreported: unreported.map { ResultsDocument.Late(period: $0, daysOverdue: $0.daysOverdue(asOf: asOf)) })
    }
}

/// A country's results as JSON: the counts, each reading with its status, progress and co-signers, and each period
/// that ended with no actual with the days since.
struct ResultsDocument: Encodable {
    struct Cosigner: Encodable {
        var signer: String
        var signedAt: String
    }
    struct Row: Encodable {
        var reading: IndicatorReading
        var status: String
        var progress: Double?
        var cosignedBy: [Cosigner]
        enum Keys: String, CodingKey { case status, progress, cosignedBy, endedAfterFile, unassessable }
        func encode(to encoder: any Encoder) throws {
            try reading.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(status, forKey: .status)
            try container.encode(reading.endedAfterFile, forKey: .endedAfterFile)
            try container.encodeIfPresent(progress, forKey: .progress)
            try container.encodeIfPresent(reading.unassessable, forKey: .unassessable)
            if !cosignedBy.isEmpty { try container.encode(cosignedBy, forKey: .cosignedBy) }
        }
    }
    struct Late: Encodable {
        var period: UnreportedPeriod
        var daysOverdue: Int?
        enum Keys: String, CodingKey { case daysOverdue, endedAfterFile }
        func encode(to encoder: any Encoder) throws {
            try period.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(period.endedAfterFile, forKey: .endedAfterFile)
            try container.encodeIfPresent(daysOverdue, forKey: .daysOverdue)
        }
    }
    var country: String
    var asOf: String
    var status: ResultsStatus
    var completeness: ReportingCompleteness
    var readings: [Row]
    var unreported: [Late]
}
