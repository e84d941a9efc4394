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

    /// A table with the counts' sentence and the thresholds beneath.
    public func table() -> String {
        let name = ReportLanguage.en.countryName(country)
        var out = "Results — \(name) (\(country)), periods ended before \(asOf)\n\n"
        guard !readings.isEmpty else {
            return out + "No indicator with a past target is reported for this country's programs.\n"
                + (completeness.pastPeriods > 0 ? completeness.sentence + "\n" : "")
        }
        let rows = readings.map { reading in
            [
                reading.status(thresholds).rawValue, reading.activity, reading.title,
                (reading.periodEnd ?? "–") + (reading.endedAfterFile ? FileDate.mark : ""),
                reading.baseline ?? "(0)", reading.target ?? "–", reading.actual ?? "–",
                ReportLanguage.en.progress(reading),
                reading.source.rawValue + (reading.run.map { " run \($0)" } ?? "")
                    + (cosigners(reading).isEmpty ? "" : ", co-signed"),
            ]
        }
        out += TextTable.render(
            header: [
                "status", "program", "indicator", "period end", "baseline", "target", "actual", "progress", "source",
            ],
            rows: rows)
        out += "\n\n" + status.sentence + "\n" + completeness.sentence + "\n"
        out += "Progress is (actual − baseline) / (target − baseline), direction-aware; a baseline in parentheses was "
        out += "not reported and is taken as 0.\n"
        if readings.contains(where: \.endedAfterFile) { out += FileDate.readingNote(in: .en) + "\n" }
        if !unreported.isEmpty {
            out += "\(counted(unreported.count, "period has", "periods have")) ended with no actual; "
            out += "`--unreported` lists them.\n"
        }
        return out
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
    public func unreportedTable() -> String {
        let name = ReportLanguage.en.countryName(country)
        var out = "Late or unreported — \(name) (\(country)): indicator periods ended before \(asOf) with no actual\n\n"
        guard !unreported.isEmpty else { return out + "Every period that has ended has an actual.\n" }
        out += TextTable.render(
            header: ["days overdue", "program", "indicator", "period end", "target", "source"],
            rows: unreported.map { period in
                [
                    period.daysOverdue(asOf: asOf).map(DecimalText.formatCount) ?? "–", period.activity, period.title,
                    period.periodEnd + (period.endedAfterFile ? FileDate.mark : ""), period.target ?? "–",
                    period.source.rawValue + (period.run.map { " run \($0)" } ?? ""),
                ]
            })
        return out + "\n" + Self.unreportedNote(unreported)
    }

    /// The mark's meaning when a period carries it, on its own line.
    static func unreportedNote(_ periods: [UnreportedPeriod]) -> String {
        periods.contains(where: \.endedAfterFile) ? FileDate.unreportedNote(in: .en) + "\n" : ""
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
