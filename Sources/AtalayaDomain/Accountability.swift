import Foundation

// MARK: - Accountability checks per program: delivery, indicators, reporting, results status

/// One program's accountability facts (the gaps GAO-10-837 and GAO-20-388 found): delivery, indicators, reporting.
public struct ProgramAccountability: Sendable, Equatable, Codable {
    /// The IATI identifier.
    public var identifier: String
    /// Its title.
    public var title: String
    /// In-scope commitments for the country, U.S. cents.
    public var committedCents: Cents
    /// In-scope disbursements for the country, U.S. cents.
    public var disbursedCents: Cents
    /// The first commitment's date.
    public var firstCommitment: String?
    /// Result indicators the activity reports.
    public var indicators: Int
    /// Indicator periods that ended before the as-of date.
    public var pastPeriods: Int
    /// Of those, periods with an actual value.
    public var reportedPeriods: Int
    /// Of the past periods without an actual, those that ended on or after the day their file was made.
    public var unreportedAfterFile: Int
    /// True when the indicators and periods come from a program office's monitoring file, which then stands for the
    /// program's results in place of its IATI ones.
    public var monitored: Bool
    /// The vintage (generated date) of the file its money was read from: its pipeline is known as of that date.
    public var vintage: String?
    /// The import run of that file (the run that last imported the activity), when the ledger names it.
    public var run: Int64?

    /// Creates the facts.
    public init(
        identifier: String, title: String, committedCents: Cents, disbursedCents: Cents, firstCommitment: String?,
        indicators: Int, pastPeriods: Int, reportedPeriods: Int, unreportedAfterFile: Int = 0, monitored: Bool = false,
        vintage: String? = nil, run: Int64? = nil
    ) {
        self.identifier = identifier
        self.title = title
        self.committedCents = committedCents
        self.disbursedCents = disbursedCents
        self.firstCommitment = firstCommitment
        self.indicators = indicators
        self.pastPeriods = pastPeriods
        self.reportedPeriods = reportedPeriods
        self.unreportedAfterFile = unreportedAfterFile
        self.monitored = monitored
        self.vintage = vintage
        self.run = run
    }

    /// Committed but not disbursed (never negative).
    public var pipelineCents: Cents { max(0, committedCents - disbursedCents) }

    /// The least undisbursed money that makes a pipeline, U.S. cents (USD 1,000): below it is what a closed program's
    /// whole-dollar transactions leave once split by sector and recipient (USD 1 to 421 in the demo's USAID files,
    /// none from there to USD 1,277), not money still to spend.
    public static let agedPipelineFloorCents: Cents = 100_000

    /// True when at least `agedPipelineFloorCents` is still undisbursed and the first commitment was over two years
    /// old (730 days) when the pipeline was known (`pipelineAge`).
    public func isAgedPipeline(asOf: String) -> Bool {
        guard pipelineCents >= Self.agedPipelineFloorCents, let days = pipelineAge(asOf: asOf) else { return false }
        return days > 730
    }

    /// Days from the first commitment to the date its pipeline is known on: the as-of date, or its file's vintage
    /// when that is earlier (a file of April 2025 says nothing of what was disbursed after it); nil without dates.
    public func pipelineAge(asOf: String) -> Int? {
        guard let first = firstCommitment else { return nil }
        // A vintage that does not open with a date (a publisher's own text) leaves the as-of date.
        let fileDate = vintage.map { String($0.prefix(10)) }.flatMap { DayCount.isDate($0) ? $0 : nil }
        let known = fileDate.map { min($0, asOf) } ?? asOf
        return DayCount.days(from: String(first.prefix(10)), to: known)
    }
}

/// The accountability checks of one country's programs, with their denominators.
public struct AccountabilitySummary: Sendable, Equatable, Codable {
    /// Programs with in-scope money.
    public var programs: Int
    /// Disbursed / committed over programs with commitments; nil when nothing was committed.
    public var deliveryRate: Double?
    /// Committed, the denominator of the delivery rate, U.S. cents.
    public var committedCents: Cents
    /// Disbursed, U.S. cents.
    public var disbursedCents: Cents
    /// Committed but not disbursed, U.S. cents.
    public var pipelineCents: Cents
    /// Programs with USD 1,000 or more undisbursed whose first commitment is more than two years old when the
    /// pipeline is known (`ProgramAccountability.isAgedPipeline`).
    public var agedPipelinePrograms: [String]
    /// Programs whose disbursements exceed the commitments their files record (what lifts the delivery rate past
    /// 100%).
    public var overDisbursedPrograms: [String]
    /// Programs without any result indicator.
    public var withoutIndicator: [String]
    /// Past indicator periods with an actual / past indicator periods; nil when there are none.
    public var reportingCompleteness: Double?
    /// Past indicator periods, the denominator of completeness.
    public var pastPeriods: Int
    /// Of those, the periods with an actual.
    public var reportedPeriods: Int
    /// Of the past periods without an actual, those that ended on or after the day their file was made.
    public var unreportedAfterFile: Int
    /// Programs whose indicators and periods come from a program office's monitoring data, not their IATI file.
    public var monitoredPrograms: Int

    /// Sums the programs' facts as of a date.
    public init(_ programs: [ProgramAccountability], asOf: String) {
        self.programs = programs.count
        committedCents = programs.reduce(0) { $0 + $1.committedCents }
        disbursedCents = programs.filter { $0.committedCents > 0 }.reduce(0) { $0 + $1.disbursedCents }
        deliveryRate = committedCents > 0 ? Double(disbursedCents) / Double(committedCents) : nil
        pipelineCents = programs.reduce(0) { $0 + $1.pipelineCents }
        agedPipelinePrograms = programs.filter { $0.isAgedPipeline(asOf: asOf) }.map(\.identifier)
        overDisbursedPrograms = programs.filter { $0.committedCents > 0 && $0.disbursedCents > $0.committedCents }
            .map(\.identifier)
        withoutIndicator = programs.filter { $0.indicators == 0 }.map(\.identifier)
        pastPeriods = programs.reduce(0) { $0 + $1.pastPeriods }
        reportedPeriods = programs.reduce(0) { $0 + $1.reportedPeriods }
        unreportedAfterFile = programs.reduce(0) { $0 + $1.unreportedAfterFile }
        reportingCompleteness = pastPeriods > 0 ? Double(reportedPeriods) / Double(pastPeriods) : nil
        monitoredPrograms = programs.filter(\.monitored).count
    }

    /// Plain sentences, each with its denominator.
    public var sentences: [String] { sentences(in: .en) }

    /// The sentences in `language`.
    public func sentences(in language: ReportLanguage) -> [String] {
        let l = language
        let percent = { (share: Double?) in share.map { ShareText.percent($0) } ?? l.pick("n/a", "s/d") }
        let committed = DecimalText.formatWhole(committedCents)
        let pipeline = DecimalText.formatWhole(pipelineCents)
        let floor = DecimalText.formatWhole(ProgramAccountability.agedPipelineFloorCents)
        let monitored =
            monitoredPrograms == 0
            ? ""
            : l.pick(
                " Indicators of \(counted(monitoredPrograms, "program", "programs")) come from the program office's "
                    + "monitoring data instead of IATI files.",
                " Los indicadores de \(counted(monitoredPrograms, "programa", "programas")) provienen de los datos de "
                    + "seguimiento de la oficina del programa, no de archivos IATI.")
        // Past 100%, say which programs lift it (a file may omit commitments made before the years it covers),
        // rather than leave it to look like an error.
        let over = overDisbursedPrograms.count
        let beyond =
            (deliveryRate ?? 0) > 1 && over > 0
            ? l.pick(
                " \(counted(over, "program", "programs")) disbursed more than \(over == 1 ? "its file commits" : "their files commit").",
                " \(counted(over, "programa", "programas")) \(over == 1 ? "desembolsó" : "desembolsaron") más de lo que "
                    + "\(over == 1 ? "su archivo compromete" : "sus archivos comprometen").")
            : ""
        // Commitments that net to nothing or less (de-obligations outweighing new money) leave no rate to give.
        let netted =
            committedCents < 0
            ? l.pick(
                "commitments to \(counted(programs, "program", "programs")) net to USD \(committed) (more taken back "
                    + "than committed)",
                "los compromisos en \(counted(programs, "programa", "programas")) suman USD \(committed) (se retiró "
                    + "más de lo comprometido)")
            : l.pick(
                "no money committed to the \(counted(programs, "program", "programs")) is recorded",
                "no consta ningún monto comprometido en \(counted(programs, "programa", "programas"))")
        let delivery =
            committedCents <= 0
            ? l.pick(
                "Delivery: not measurable; \(netted); USD \(pipeline) is in the pipeline.",
                "Ejecución: no medible; \(netted); USD \(pipeline) siguen pendientes.")
            : nil
        return [
            delivery
                ?? l.pick(
                    "Delivery: \(percent(deliveryRate)) of USD \(committed) committed to "
                        + "\(counted(programs, "program", "programs")) has been disbursed; USD \(pipeline) is in the "
                        + "pipeline, \(counted(agedPipelinePrograms.count, "program", "programs")) with USD \(floor) or "
                        + "more of it committed over two years before "
                        + "\(agedPipelinePrograms.count == 1 ? "its file's date" : "their files' dates").",
                    "Ejecución: se desembolsó el \(percent(deliveryRate)) de USD \(committed) comprometidos en "
                        + "\(counted(programs, "programa", "programas")); USD \(pipeline) siguen pendientes, "
                        + "\(counted(agedPipelinePrograms.count, "programa", "programas")) con USD \(floor) o más de "
                        + "ellos comprometidos más de dos años antes de la fecha de su archivo.") + beyond,
            l.pick(
                "Outcome indicators: \(withoutIndicator.count) of \(counted(programs, "program", "programs")) "
                    + "\(withoutIndicator.count == 1 ? "reports" : "report") none.",
                "Indicadores de resultado: \(withoutIndicator.count) de \(counted(programs, "programa", "programas")) "
                    + "no \(withoutIndicator.count == 1 ? "reporta" : "reportan") ninguno.") + monitored,
            ReportingCompleteness(
                reported: reportedPeriods, unreported: pastPeriods - reportedPeriods, afterFile: unreportedAfterFile
            ).sentence(in: l),
        ]
    }
}

/// One indicator's latest past period with a target, as reported.
public struct IndicatorReading: Sendable, Equatable, Codable {
    /// Where a program's results are read from: one source per program, never both.
    public enum Source: String, Sendable, Codable {
        /// The `<result>` indicators of its IATI activity.
        case iati
        /// A program office's monitoring file, which replaces the program's IATI results for that country.
        case monitoring
    }

    /// The activity (its IATI identifier) or, for monitoring data, the program as the office names it.
    public var activity: String
    /// The indicator's title.
    public var title: String
    /// True when higher is better.
    public var ascending: Bool
    /// The baseline value, as reported.
    public var baseline: String?
    /// The indicator's IATI IndicatorMeasure code (`1` unit, `2` percentage …); nil when its file states none, and
    /// for monitoring data. In a percentage indicator a value may end in `%` (`88.8%`).
    public var measure: String?
    /// The period's target.
    public var target: String?
    /// The period's actual.
    public var actual: String?
    /// When the period ended.
    public var periodEnd: String?
    /// Where the reading comes from.
    public var source: Source
    /// The import run that stored it (the activity's, or the monitoring file's); nil when not known.
    public var run: Int64?
    /// The day that run's file was made (`YYYY-MM-DD`), when its vintage gives one.
    public var fileDate: String?

    /// Creates a reading.
    public init(
        activity: String, title: String, ascending: Bool, baseline: String?, target: String?, actual: String?,
        periodEnd: String?, source: Source = .iati, run: Int64? = nil, fileDate: String? = nil,
        measure: String? = nil
    ) {
        self.activity = activity
        self.title = title
        self.ascending = ascending
        self.baseline = baseline
        self.measure = measure
        self.target = target
        self.actual = actual
        self.periodEnd = periodEnd
        self.source = source
        self.run = run
        self.fileDate = fileDate
    }

    /// True when the period ended on or after the day its file was made: its actual is what the file knew then (a
    /// value to date), not the period's outcome.
    public var endedAfterFile: Bool {
        periodEnd.map { FileDate.endedAfter(periodEnd: $0, fileDate: fileDate) } ?? false
    }

    /// Where a reading stands against its target.
    public enum Status: String, Sendable, CaseIterable {
        /// At least `onTrack` of the way from baseline to target.
        case onTrack = "on track"
        /// At least `atRisk` of the way.
        case atRisk = "at risk"
        /// Less than that.
        case offTrack = "off track"
        /// No progress can be computed (see `progress`).
        case notAssessable = "not assessable"
    }

    /// The progress of one period of an indicator, as `progress` computes it for a reading.
    public static func progress(of period: IndicatorPeriod, in indicator: Indicator) -> Double? {
        IndicatorReading(period: period, in: indicator).progress
    }

    /// One period of an IATI indicator as a reading (no activity, title or run: its values and direction).
    public init(period: IndicatorPeriod, in indicator: Indicator) {
        self.init(
            activity: "", title: "", ascending: indicator.ascending, baseline: indicator.baselineValue,
            target: period.target, actual: period.actual, periodEnd: period.end, measure: indicator.measure)
    }

    /// The readings worst first, as a program officer reads them: off track, at risk, not assessable, on track; the
    /// least progress first within each, then by program.
    public static func worstFirst(_ readings: [IndicatorReading], thresholds: ResultsThresholds) -> [IndicatorReading] {
        let order: [Status] = [.offTrack, .atRisk, .notAssessable, .onTrack]
        return readings.map { (reading: $0, rank: order.firstIndex(of: $0.status(thresholds)) ?? 0) }
            .sorted {
                ($0.rank, $0.reading.progress ?? 0, $0.reading.activity)
                    < ($1.rank, $1.reading.progress ?? 0, $1.reading.activity)
            }
            .map(\.reading)
    }

    /// The status at the thresholds.
    public func status(_ thresholds: ResultsThresholds = .standard) -> Status {
        guard let progress else { return .notAssessable }
        return progress >= thresholds.onTrack ? .onTrack : progress >= thresholds.atRisk ? .atRisk : .offTrack
    }

    /// What publishers write for a value they do not have, upper case (English and Spanish: `S/D`, sin dato): an
    /// actual that is one of them is no actual, in a reading and in the reporting completeness alike.
    public static let placeholders = [
        "N/A", "NA", "N.A.", "N/D", "S/D", "TBD", "NAN", "NULL", "-", "--", "–", "—", "?",
    ]

    /// Whether `value`, trimmed of spaces and in any case, is one of the `placeholders` (as SQL's `UPPER(TRIM(…))`
    /// reads it).
    public static func isPlaceholder(_ value: String) -> Bool {
        placeholders.contains(value.trimmingCharacters(in: CharacterSet(charactersIn: " ")).uppercased())
    }

    /// Why a reading's progress cannot be assessed (`unassessable`).
    public enum Unassessable: String, Sendable, Codable, CaseIterable {
        /// The period states no target or no actual.
        case missingValue = "missing_value"
        /// A baseline, target or actual given is not a number (`DecimalText.indicatorValue`).
        case notANumber = "not_a_number"
        /// The target equals the baseline: there is no way to go to measure against.
        case targetIsBaseline = "target_is_baseline"
        /// The target lies on the wrong side of the baseline for the indicator's direction, as its file states it
        /// (often a publisher's `ascending` flag left at its default).
        case wrongDirection = "wrong_direction"
        /// The values are too far apart for the quotient to be a finite double.
        case outOfRange = "out_of_range"
    }

    /// (actual − baseline) / (target − baseline), the baseline taken as 0 when not reported; nil when a value given
    /// is not a finite number (read as `DecimalText.indicatorValue`: `198,412.00` is one, `227,601` is one beside
    /// values with a decimal point, and `88.8%` is one in a percentage indicator), the target or actual is missing,
    /// the target equals the baseline, or the quotient passes what a double holds: `unassessable` says which.
    public var progress: Double? { assessed.progress }

    /// Why `progress` is nil; nil when it is not.
    public var unassessable: Unassessable? { assessed.unassessable }

    /// The progress, or why there is none.
    private var assessed: (progress: Double?, unassessable: Unassessable?) {
        guard let target, !target.isEmpty, let actual, !actual.isEmpty, !Self.isPlaceholder(actual) else {
            return (nil, .missingValue)
        }
        let isPercentage = measure == "2"
        let pointIsDecimal = DecimalText.writesDecimalPoint([baseline, target, actual], isPercentage: isPercentage)
        let number = { (text: String) in
            DecimalText.indicatorValue(text, pointIsDecimal: pointIsDecimal, isPercentage: isPercentage)
        }
        guard let targetValue = number(target), let actualValue = number(actual) else { return (nil, .notANumber) }
        var base = 0.0
        if let baseline, !baseline.isEmpty {
            guard let value = number(baseline) else { return (nil, .notANumber) }  // given but no number is not 0
            base = value
        }
        guard targetValue != base else { return (nil, .targetIsBaseline) }
        // A target on the wrong side of the baseline for the indicator's direction cannot be assessed.
        guard (ascending && targetValue > base) || (!ascending && targetValue < base) else {
            return (nil, .wrongDirection)
        }
        let progress = (actualValue - base) / (targetValue - base)
        guard (targetValue - base).isFinite, (actualValue - base).isFinite, progress.isFinite else {
            return (nil, .outOfRange)
        }
        return (progress, nil)
    }
}

/// An indicator period that ended with no actual reported: late, or never reported.
public struct UnreportedPeriod: Sendable, Equatable, Codable {
    /// The program (IATI identifier, or as a monitoring file names it).
    public var activity: String
    /// The indicator's title.
    public var title: String
    /// When the period ended (YYYY-MM-DD, or as the file gives it).
    public var periodEnd: String
    /// The period's target, when one was set.
    public var target: String?
    /// Where the period comes from.
    public var source: IndicatorReading.Source
    /// The import run that stored it.
    public var run: Int64?
    /// The day that run's file was made (`YYYY-MM-DD`), when its vintage gives one.
    public var fileDate: String?

    /// Creates an unreported period.
    public init(
        activity: String, title: String, periodEnd: String, target: String?, source: IndicatorReading.Source,
        run: Int64?, fileDate: String? = nil
    ) {
        self.activity = activity
        self.title = title
        self.periodEnd = periodEnd
        self.target = target
        self.source = source
        self.run = run
        self.fileDate = fileDate
    }

    /// True when the period ended on or after the day its file was made: that file could not report it, and only a
    /// newer one can.
    public var endedAfterFile: Bool { FileDate.endedAfter(periodEnd: periodEnd, fileDate: fileDate) }

    /// Days from the period's end to `asOf`; nil when the end is not a date.
    public func daysOverdue(asOf: String) -> Int? {
        DayCount.days(from: String(periodEnd.prefix(10)), to: asOf)
    }

    /// Longest overdue first (the earliest end), then by program and indicator.
    public static func longestOverdueFirst(_ periods: [UnreportedPeriod]) -> [UnreportedPeriod] {
        periods.sorted { ($0.periodEnd, $0.activity, $0.title) < ($1.periodEnd, $1.activity, $1.title) }
    }
}

/// An indicator period that ended with an actual: what reporting completeness counts beside the unreported ones.
public struct ReportedPeriod: Sendable, Equatable, Codable {
    /// The program (IATI identifier, or as a monitoring file names it).
    public var activity: String
    /// The indicator's title.
    public var title: String
    /// When the period ended.
    public var periodEnd: String
    /// Where the period comes from.
    public var source: IndicatorReading.Source
    /// The import run that stored it.
    public var run: Int64?

    /// Creates a reported period.
    public init(activity: String, title: String, periodEnd: String, source: IndicatorReading.Source, run: Int64?) {
        self.activity = activity
        self.title = title
        self.periodEnd = periodEnd
        self.source = source
        self.run = run
    }

    /// The period a query for ended periods read with the fields of an unreported one (its target dropped).
    public init(_ ended: UnreportedPeriod) {
        self.init(
            activity: ended.activity, title: ended.title, periodEnd: ended.periodEnd, source: ended.source,
            run: ended.run)
    }
}

/// Where a period's end stands against the day its file was made.
public enum FileDate {
    /// True when `periodEnd` is on or after `fileDate` (both `YYYY-MM-DD` text, compared as text, as the ledger's
    /// queries compare them); false without a file date.
    public static func endedAfter(periodEnd: String, fileDate: String?) -> Bool {
        guard let fileDate else { return false }
        return periodEnd >= fileDate
    }

    /// The mark a period's end carries when it falls on or after its file's day.
    public static let mark = "*"

    /// The day a file was made, from its vintage: the first ten characters when they are shaped as a date
    /// (`YYYY-MM-DD`, as `MonitoringSQL.fileDate` reads them in SQL), else nil.
    public static func of(vintage: String?) -> String? {
        guard let vintage, vintage.count >= 10 else { return nil }
        let day = Array(vintage.prefix(10))
        return day[4] == "-" && day[7] == "-" ? String(day) : nil
    }

    /// What the mark means beside a reading: its actual is a value to date.
    public static func readingNote(in language: ReportLanguage) -> String {
        language.pick(
            "\(mark) The end of the period falls on or after the day its file was made: an actual, where given, is "
                + "what the file knew then, not the outcome of the period.",
            "\(mark) El fin del periodo cae el día en que se hizo su archivo o después: el valor real, si lo hay, es lo "
                + "que el archivo sabía entonces, no el resultado del periodo.")
    }

    /// What the mark means beside a period with no actual: its file could not report it.
    public static func unreportedNote(in language: ReportLanguage) -> String {
        language.pick(
            "\(mark) Ended on or after the day its file was made: only a newer file can report it.",
            "\(mark) Venció el día en que se hizo su archivo o después: solo un archivo más reciente puede informarlo.")
    }
}

/// Reporting completeness: past indicator periods with an actual / past indicator periods, with its denominator.
public struct ReportingCompleteness: Sendable, Equatable, Codable {
    /// Indicator periods that ended before the as-of date.
    public var pastPeriods: Int
    /// Of those, the periods with an actual.
    public var reportedPeriods: Int
    /// Of the periods without an actual, those that ended on or after the day their file was made: still counted
    /// as unreported (a newer file is what would report them), and said apart.
    public var unreportedAfterFile: Int
    /// `reportedPeriods / pastPeriods`; nil when no period has ended.
    public var share: Double?

    /// Counts `reported` and `unreported` periods, `afterFile` of the latter ended on or after their file's day.
    public init(reported: Int, unreported: Int, afterFile: Int = 0) {
        pastPeriods = reported + unreported
        reportedPeriods = reported
        unreportedAfterFile = afterFile
        share = pastPeriods > 0 ? Double(reported) / Double(pastPeriods) : nil
    }

    /// The share as a whole percent (`83%`), `n/a` when no period has ended.
    public var percent: String { share.map { ShareText.percent($0) } ?? "n/a" }

    /// `Reporting completeness: 83% of 12 past indicator periods have an actual value.`, as the brief says it.
    public var sentence: String { sentence(in: .en) }

    /// The sentence in `language`.
    public func sentence(in language: ReportLanguage) -> String {
        pastPeriods == 0
            ? language.pick(
                "Reporting completeness: not measurable; no indicator period has ended.",
                "Completitud de los informes: no medible; ningún periodo de indicador ha vencido.")
            : language.pick(
                "Reporting completeness: \(percent) of "
                    + "\(counted(pastPeriods, "past indicator period has", "past indicator periods have")) an actual value"
                    + afterFile(in: language) + ".",
                "Completitud de los informes: \(percent) de "
                    + "\(counted(pastPeriods, "periodo vencido tiene", "periodos vencidos tienen")) un valor real"
                    + afterFile(in: language) + ".")
    }

    /// `; 3 of the 5 without an actual ended on or after the day their file was made (only a newer file can
    /// report them)`, or nothing when none did.
    func afterFile(in language: ReportLanguage) -> String {
        guard unreportedAfterFile > 0 else { return "" }
        let without = pastPeriods - reportedPeriods
        let all = unreportedAfterFile == without
        return language.pick(
            "; " + (all ? (without == 1 ? "the one" : "all \(without)") : "\(unreportedAfterFile) of the \(without)")
                + " without an actual ended on or after the day \(unreportedAfterFile == 1 ? "its" : "their") file was made "
                + "(only a newer file can report \(unreportedAfterFile == 1 ? "it" : "them"))",
            "; " + (all ? (without == 1 ? "el único" : "los \(without)") : "\(unreportedAfterFile) de los \(without)")
                + " sin valor \(unreportedAfterFile == 1 ? "venció" : "vencieron") el día en que se hizo su archivo "
                + "o después (solo un archivo más reciente puede \(unreportedAfterFile == 1 ? "informarlo" : "informarlos"))"
        )
    }
}

/// Where "on track" and "at risk" begin, as fractions of the way from baseline to target; a program office sets its
/// own (`--on-track`, `--at-risk`), and every sentence and table says which were used.
public struct ResultsThresholds: Sendable, Equatable, Codable {
    /// On track from this fraction of the way on.
    public var onTrack: Double
    /// At risk from this fraction on, below `onTrack`; off track below it.
    public var atRisk: Double

    /// 90% and 50% of the way, unless a user says otherwise.
    public static let standard = ResultsThresholds(checkedOnTrack: 0.9, atRisk: 0.5)

    /// Thresholds as percentages of the way (`onTrack` 90, `atRisk` 50); refused unless 0 < atRisk ≤ onTrack ≤ 1000.
    public init(onTrackPercent: Double, atRiskPercent: Double) throws(Invalid) {
        guard onTrackPercent.isFinite, atRiskPercent.isFinite, atRiskPercent > 0, onTrackPercent <= 1000 else {
            throw Invalid(
                message: "thresholds are percentages of the way from baseline to target, above 0 and at most 1000; "
                    + "got on track \(Self.format(onTrackPercent))%, at risk \(Self.format(atRiskPercent))%")
        }
        guard atRiskPercent <= onTrackPercent else {
            throw Invalid(
                message: "at risk (\(Self.format(atRiskPercent))%) must not be above on track "
                    + "(\(Self.format(onTrackPercent))%)")
        }
        self.init(checkedOnTrack: onTrackPercent / 100, atRisk: atRiskPercent / 100)
    }

    private init(checkedOnTrack onTrack: Double, atRisk: Double) {
        self.onTrack = onTrack
        self.atRisk = atRisk
    }

    /// Thresholds that cannot both hold, in words.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        /// What is wrong.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// A threshold as a percentage for a sentence: `90%`, `67.5%`.
    public static func percent(_ fraction: Double) -> String { format(fraction * 100) + "%" }

    private static func format(_ percent: Double) -> String {
        let rounded = (percent * 10).rounded() / 10
        // A whole number as an integer (`90`), unless it is past what `Int` holds (`1e+30`, a threshold refused).
        return rounded == rounded.rounded() && rounded.magnitude < 1e15 ? String(Int(rounded)) : String(rounded)
    }
}

/// Indicator progress counted by status: on track (≥ `onTrack` of the way), at risk (≥ `atRisk`), off track.
public struct ResultsStatus: Sendable, Equatable, Codable {
    /// Indicators with a past period and a target.
    public var indicators: Int
    /// On track.
    public var onTrack: Int
    /// At risk.
    public var atRisk: Int
    /// Off track.
    public var offTrack: Int
    /// Not assessable (no actual, not a number, no baseline direction, target equal to baseline).
    public var notAssessable: Int
    /// The not-assessable readings by why (`IndicatorReading.Unassessable`'s codes), adding up to `notAssessable`.
    public var notAssessableBecause: [String: Int]
    /// Readings whose baseline was not reported (taken as 0).
    public var baselineAssumed: Int
    /// Readings from a program office's monitoring data (the rest are from IATI files).
    public var fromMonitoring: Int
    /// Readings from monitoring runs a partner-country counterpart co-signed.
    public var cosigned: Int
    /// Readings at a period that ended on or after the day its file was made: their actuals are values to date.
    public var endedAfterFile: Int

    /// The thresholds the readings were counted against.
    public var thresholds: ResultsThresholds

    /// Counts the readings against the thresholds; `cosignedRuns` are the monitoring runs a partner co-signed.
    public init(
        _ readings: [IndicatorReading], thresholds: ResultsThresholds = .standard, cosignedRuns: Set<Int64> = []
    ) {
        self.thresholds = thresholds
        indicators = readings.count
        var counts = (0, 0, 0, 0)
        for reading in readings {
            switch reading.status(thresholds) {
            case .onTrack: counts.0 += 1
            case .atRisk: counts.1 += 1
            case .offTrack: counts.2 += 1
            case .notAssessable: counts.3 += 1
            }
        }
        (self.onTrack, self.atRisk, self.offTrack, notAssessable) = counts
        notAssessableBecause = Dictionary(grouping: readings.compactMap(\.unassessable?.rawValue), by: { $0 })
            .mapValues(\.count)
        baselineAssumed = readings.filter { ($0.baseline ?? "").isEmpty && $0.progress != nil }.count
        fromMonitoring = readings.filter { $0.source == .monitoring }.count
        endedAfterFile = readings.filter(\.endedAfterFile).count
        cosigned =
            readings.filter { reading in
                reading.source == .monitoring && reading.run.map(cosignedRuns.contains) == true
            }.count
    }

    /// One sentence with its denominator.
    public var sentence: String { sentence(in: .en) }

    /// ` (2 with no target or actual, 1 with the target at the baseline)`: why readings are not assessable, the
    /// commonest first (ties in `Unassessable`'s order); nothing when every reading is assessable.
    func because(in l: ReportLanguage) -> String {
        let reasons = IndicatorReading.Unassessable.allCases.enumerated().compactMap { order, reason in
            notAssessableBecause[reason.rawValue].map { (reason, $0, order) }
        }
        guard !reasons.isEmpty else { return "" }
        let parts = reasons.sorted { ($0.1, $1.2) > ($1.1, $0.2) }.map { reason, count, _ in
            switch reason {
            case .missingValue: l.pick("\(count) with no target or actual", "\(count) sin meta o valor real")
            case .notANumber:
                l.pick("\(count) with a value that is no number", "\(count) con un valor no numérico")
            case .targetIsBaseline:
                l.pick("\(count) with the target at the baseline", "\(count) con la meta igual a la línea de base")
            case .wrongDirection:
                l.pick(
                    "\(count) with the target on the wrong side of the baseline",
                    "\(count) con la meta del lado opuesto de la línea de base")
            case .outOfRange: l.pick("\(count) out of range", "\(count) fuera de rango")
            }
        }
        return " (" + parts.joined(separator: ", ") + ")"
    }

    /// The sentence in `language`.
    public func sentence(in language: ReportLanguage) -> String {
        let l = language
        guard indicators > 0 else {
            return l.pick(
                "Results: no indicator with a past target is reported.",
                "Resultados: no se reporta ningún indicador con una meta vencida.")
        }
        let (track, risk) = (
            ResultsThresholds.percent(thresholds.onTrack), ResultsThresholds.percent(thresholds.atRisk)
        )
        var text = l.pick(
            "Results: of \(counted(indicators, "indicator", "indicators")) with a past target, \(onTrack) on track (\(track) of the way or "
                + "more), \(atRisk) at risk (\(risk) or more), \(offTrack) off track, \(notAssessable) not assessable",
            "Resultados: de \(counted(indicators, "indicador", "indicadores")) con una meta vencida, \(onTrack) en camino (\(track) o más), "
                + "\(atRisk) en riesgo (\(risk) o más), \(counted(offTrack, "rezagado", "rezagados")), "
                + counted(notAssessable, "no evaluable", "no evaluables"))
        text += because(in: l)
        if baselineAssumed > 0 {
            text += l.pick(
                "; \(baselineAssumed) \(baselineAssumed == 1 ? "reports" : "report") no baseline, taken as 0",
                "; \(baselineAssumed) no \(baselineAssumed == 1 ? "reporta" : "reportan") línea de base, tomada como 0")
        }
        if endedAfterFile > 0 {
            text += l.pick(
                "; \(endedAfterFile) \(endedAfterFile == 1 ? "is" : "are") read at a period that ended on or after the "
                    + "day \(endedAfterFile == 1 ? "its" : "their") file was made (values to date)",
                "; \(endedAfterFile) se \(endedAfterFile == 1 ? "lee" : "leen") en un periodo que venció el día en que "
                    + "se hizo su archivo o después (valores a esa fecha)")
        }
        let cosignedEN = counted(cosigned, "co-signed", "co-signed") + " by the partner country"
        let cosignedES = "\(cosigned) refrendado\(cosigned == 1 ? "" : "s") por el país socio"
        if fromMonitoring == indicators {
            text += l.pick(
                "; all from the program office's monitoring data" + (cosigned > 0 ? ", \(cosignedEN)" : ""),
                "; todos de los datos de seguimiento de la oficina del programa"
                    + (cosigned > 0 ? ", \(cosignedES)" : ""))
        } else if fromMonitoring > 0 {
            text += l.pick(
                "; \(fromMonitoring) from the program office's monitoring data"
                    + (cosigned > 0 ? " (\(cosignedEN))" : "")
                    + ", the rest from IATI files",
                "; \(fromMonitoring) de los datos de seguimiento de la oficina del programa"
                    + (cosigned > 0 ? " (\(cosignedES))" : "") + ", el resto de archivos IATI")
        }
        return text + "."
    }
}
