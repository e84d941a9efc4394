public import AtalayaDomain

// MARK: - Monitoring data in SQL both engines read alike

/// The queries over `monitoring_period` that both engines run as written; `country` and `asOf` are the
/// placeholders each engine binds (`?1`, `$1` …), and dates compare as text (`collation` makes PostgreSQL compare
/// them in `"C"` order, as SQLite does).
public enum MonitoringSQL {
    /// The CTE `programs(activity_id)`: the IATI activities with in-scope money for `country`, whose results the
    /// readings and the late periods read unless a monitoring file covers them there (`notMonitored`).
    public static func iatiPrograms(country: String) -> String {
        """
        programs AS (
          SELECT DISTINCT activity_id FROM allocation WHERE recipient = \(country) AND pillar <> 'out_of_scope')
        """
    }

    /// The condition that the activity `a` is not a program a monitoring file covers in `country`: one source per
    /// program.
    public static func notMonitored(country: String) -> String {
        "a.iati_identifier NOT IN (SELECT program FROM monitoring_period WHERE country = \(country))"
    }

    /// The day the file of import run `run` (an SQL expression) was made, as `YYYY-MM-DD` text: the first ten
    /// characters of its vintage when they are shaped as a date, else NULL (a vintage in the publisher's own words).
    /// What a period's end is compared with to tell whether its file could have reported it.
    public static func fileDate(run: String) -> String {
        """
        (SELECT CASE WHEN SUBSTR(vintage, 1, 10) LIKE '____-__-__' THEN SUBSTR(vintage, 1, 10) END
         FROM import_run WHERE id = \(run))
        """
    }

    /// The IATI periods of `country`'s programs no monitoring file covers there that ended before `asOf`, with no
    /// actual (or, when `reported`, with one): identifier, indicator titles (JSON), period end, target, run and the
    /// run's file date (`fileDate`).
    public static func iatiEnded(
        country: String, asOf: String, reported: Bool, collation: String = "", regex: Bool = false
    ) -> String {
        """
        WITH \(iatiPrograms(country: country))
        SELECT a.iati_identifier, i.titles, p.period_end, p.target, a.run_id, \(fileDate(run: "a.run_id"))
        FROM indicator_period p JOIN indicator i ON i.id = p.indicator_id
        JOIN result r ON r.id = i.result_id JOIN activity a ON a.id = r.activity_id
        WHERE r.activity_id IN (SELECT activity_id FROM programs) AND p.period_end\(collation) < \(asOf)
          AND \(iatiReported(reported, regex: regex)) AND \(notMonitored(country: country))
        """
    }

    /// Whether IATI period `p` of indicator `i` was reported (or, when `reported` is false, was not): its actual is
    /// not empty, not a placeholder for no value (`IndicatorReading.placeholders`: "N/A", "TBD", "-", in any case), and, where the
    /// indicator's values are numbers (a unit or percentage indicator, or one stating no measure, as the reader takes
    /// them), holds a digit, so that "NaN" or "pending" where a number belongs is no report either; a qualitative
    /// answer ("No") is one. `regex` writes the digit test for PostgreSQL (`~`), else for SQLite (`GLOB`).
    public static func iatiReported(_ reported: Bool, regex: Bool = false) -> String {
        let digit = regex ? "p.actual ~ '[0-9]'" : "p.actual GLOB '*[0-9]*'"
        let listed = IndicatorReading.placeholders.map { "'\($0)'" }.joined(separator: ", ")
        let condition =
            "(COALESCE(p.actual, '') <> '' AND UPPER(TRIM(p.actual)) NOT IN (\(listed)) "
            + "AND (COALESCE(i.measure, '1') NOT IN ('1', '2') OR \(digit)))"
        return reported ? condition : "NOT " + condition
    }

    /// Per program the monitoring files cover in `country`: `program`, its `indicators`, its `past` periods (ended
    /// before `asOf`), how many of those were `reported` (have an actual), and how many of the others ended on or
    /// after the day their file was made (`after_file`: that file could not report them).
    public static func countsByProgram(country: String, asOf: String, collation: String = "") -> String {
        """
        SELECT program, COUNT(DISTINCT indicator) AS indicators,
          COUNT(*) FILTER (WHERE period_end\(collation) < \(asOf)) AS past,
          COUNT(*) FILTER (WHERE period_end\(collation) < \(asOf) AND actual IS NOT NULL) AS reported,
          COUNT(*) FILTER (
            WHERE period_end\(collation) < \(asOf) AND actual IS NULL AND period_end\(collation) >= file_date) AS after_file
        FROM (
          SELECT m.program, m.indicator, m.period_end, m.actual, \(fileDate(run: "m.run_id")) AS file_date
          FROM monitoring_period m WHERE m.country = \(country)) AS dated
        GROUP BY program
        """
    }

    /// The monitored periods in `country` that ended before `asOf` with no actual (or, when `reported`, with one):
    /// program, indicator, period end, target, run and the run's file date (`fileDate`).
    public static func ended(country: String, asOf: String, reported: Bool, collation: String = "") -> String {
        """
        SELECT m.program, m.indicator, m.period_end, m.target, m.run_id, \(fileDate(run: "m.run_id"))
        FROM monitoring_period m
        WHERE m.country = \(country) AND m.period_end\(collation) < \(asOf)
          AND m.actual IS \(reported ? "NOT NULL" : "NULL")
        """
    }

    /// Every stored period of one program (`program`, a placeholder), in the order of `StoredMonitoringPeriod`'s
    /// fields and then the run, by country, indicator and period end.
    public static func periods(program: String, collation: String = "") -> String {
        periods(where: "program = \(program)", order: "country, indicator\(collation), period_end\(collation)")
    }

    /// Every stored period in one country (`country`, a placeholder), as `periods(program:)` gives them, by program,
    /// indicator and period end.
    public static func periods(country: String, collation: String = "") -> String {
        periods(
            where: "country = \(country)",
            order: "program\(collation), indicator\(collation), period_end\(collation)")
    }

    private static func periods(where condition: String, order: String) -> String {
        """
        SELECT program, country, indicator, ascending, baseline, period_start, period_end, target, actual, line, run_id
        FROM monitoring_period WHERE \(condition)
        ORDER BY \(order)
        """
    }

    /// Each monitored indicator's latest period in `country` that ended before `asOf` and has a target: program,
    /// indicator, ascending, baseline, target, actual, period end, run and the run's file date (`fileDate`), by
    /// program and indicator.
    public static func readings(country: String, asOf: String, collation: String = "") -> String {
        """
        SELECT program, indicator, ascending, baseline, target, actual, period_end, run_id,
          \(fileDate(run: "latest.run_id"))
        FROM (
          SELECT m.*, ROW_NUMBER() OVER (
              PARTITION BY program, indicator ORDER BY period_end\(collation) DESC) AS newest
          FROM monitoring_period m
          WHERE country = \(country) AND period_end\(collation) < \(asOf) AND target IS NOT NULL) AS latest
        WHERE newest = 1 ORDER BY program\(collation), indicator\(collation)
        """
    }
}

/// A monitoring period as the ledger holds it: the newest file's values, with that file's run.
public struct StoredMonitoringPeriod: Sendable, Equatable {
    /// The period, with its line in the run's file.
    public var period: MonitoringPeriod
    /// The import run that gave it.
    public var run: Int64

    /// Creates a stored period.
    public init(period: MonitoringPeriod, run: Int64) {
        self.period = period
        self.run = run
    }

    /// Its values as a reading of the program (progress and status, direction-aware).
    public var reading: IndicatorReading {
        IndicatorReading(
            activity: period.program, title: period.indicator, ascending: period.ascending,
            baseline: period.baseline, target: period.target, actual: period.actual, periodEnd: period.periodEnd,
            source: .monitoring, run: run)
    }
}

/// A monitoring file that gives the same program, country, indicator and period end twice.
public struct RepeatedMonitoringPeriod: Error, Sendable, Equatable {
    /// The program.
    public var program: String
    /// The country.
    public var country: String
    /// The indicator.
    public var indicator: String
    /// The period's end.
    public var periodEnd: String
    /// The line that gives it again.
    public var line: Int
    /// The line that gave it first.
    public var firstLine: Int

    /// Creates the error for the period with this key, given again on `line`.
    public init(program: String, country: String, indicator: String, periodEnd: String, line: Int, firstLine: Int) {
        self.program = program
        self.country = country
        self.indicator = indicator
        self.periodEnd = periodEnd
        self.line = line
        self.firstLine = firstLine
    }

    /// Creates the error for `period`, given again on its line.
    public init(period: MonitoringPeriod, firstLine: Int) {
        self.init(
            program: period.program, country: period.country, indicator: period.indicator,
            periodEnd: period.periodEnd, line: period.line, firstLine: firstLine)
    }
}
