public import AtalayaDomain
public import AtalayaStore
import Logging
import PostgresNIO

// MARK: - A program office's monitoring data on PostgreSQL

extension PostgresStore {
    /// Imports one monitoring file in one transaction: the periods are copied to a staging table, then counted and
    /// stored by key in two statements; see `LedgerStore.importMonitoring`.
    public func importMonitoring(
        _ draft: ImportDraft,
        produce: @escaping @Sendable (_ accept: (MonitoringPeriod) throws -> Void) throws -> ImportFacts
    ) async throws -> ImportOutcome {
        let logger = self.logger
        return try await importing(
            sha256: try draft.requiredSHA256(), sheet: draft.sheet, skip: { .alreadyImported($0) }
        ) { connection in
            let runID = try await Self.insertRun(connection, draft, logger: logger)
            try await connection.query(
                """
                CREATE TEMP TABLE monitoring_stage (program TEXT, country TEXT, indicator TEXT, ascending BIGINT,
                  baseline TEXT, period_start TEXT, period_end TEXT, target TEXT, actual TEXT, line BIGINT)
                  ON COMMIT DROP
                """, logger: logger)
            let columns = [
                "program", "country", "indicator", "ascending", "baseline", "period_start", "period_end", "target",
                "actual", "line",
            ]
            let facts = try await ThreadToAsyncPipe<MonitoringPeriod, ImportFacts>.run(
                thread: "atalaya-pg-monitoring",
                produce: { pipe in
                    var batch: [MonitoringPeriod] = []
                    let facts = try produce { period in
                        batch.append(period)
                        try pipe.flush(&batch, atLeast: 5_000)
                    }
                    try pipe.flush(&batch)
                    return facts
                },
                consume: { periods in
                    var rows = CopyRows()
                    for p in periods {
                        rows.append(
                            .t(p.program), .t(p.country), .t(p.indicator), .i(p.ascending ? 1 : 0), .t(p.baseline),
                            .t(p.periodStart), .t(p.periodEnd), .t(p.target), .t(p.actual), .i(p.line))
                    }
                    try await connection.copy(rows, into: "monitoring_stage", columns: columns, logger: logger)
                })
            for try await (program, country, indicator, end, lines) in try await connection.query(
                """
                SELECT program, country, indicator, period_end, array_agg(line ORDER BY line) FROM monitoring_stage
                GROUP BY program, country, indicator, period_end HAVING COUNT(*) > 1
                ORDER BY (array_agg(line ORDER BY line))[2] LIMIT 1
                """, logger: logger
            ).decode((String, String, String, String, [Int]).self) {
                throw RepeatedMonitoringPeriod(
                    program: program, country: country, indicator: indicator, periodEnd: end, line: lines[1],
                    firstLine: lines[0])
            }
            let (new, unchanged, all) = try await connection.query(
                """
                SELECT COUNT(*) FILTER (WHERE m.id IS NULL),
                  COUNT(*) FILTER (
                    WHERE m.id IS NOT NULL
                      AND (m.ascending, m.baseline, m.period_start, m.target, m.actual)
                        IS NOT DISTINCT FROM (s.ascending, s.baseline, s.period_start, s.target, s.actual)),
                  COUNT(*)
                FROM monitoring_stage s LEFT JOIN monitoring_period m
                  ON m.program = s.program AND m.country = s.country AND m.indicator = s.indicator
                    AND m.period_end = s.period_end
                """, logger: logger
            ).collect()[0].decode((Int64, Int64, Int64).self)
            try await connection.query(
                """
                INSERT INTO monitoring_period (run_id, line, program, country, indicator, ascending, baseline,
                    period_start, period_end, target, actual)
                  SELECT \(runID), line, program, country, indicator, ascending, baseline, period_start, period_end,
                    target, actual
                  FROM monitoring_stage
                  ON CONFLICT (program, country, indicator, period_end) DO UPDATE SET run_id = excluded.run_id,
                    line = excluded.line, ascending = excluded.ascending, baseline = excluded.baseline,
                    period_start = excluded.period_start, target = excluded.target, actual = excluded.actual
                """, logger: logger)
            try await Self.copyWarnings(facts.warnings, run: runID, connection, logger: logger)
            try await connection.query(
                """
                UPDATE import_run SET publisher = \(facts.publisher), vintage = \(facts.vintage),
                  format_version = \(facts.formatVersion), imported_at = \(Self.now()), activities_new = \(new),
                  activities_updated = \(all - new - unchanged), activities_unchanged = \(unchanged),
                  transactions = \(all), warnings = \(facts.warnings.count)
                WHERE id = \(runID)
                """, logger: logger)
            return .imported(try await Self.storedRun(connection, id: runID, logger: logger))
        }
    }

    /// See `LedgerStore.monitoringPeriods`.
    public func monitoringPeriods(program: String) async throws -> [StoredMonitoringPeriod] {
        try await storedPeriods(MonitoringSQL.periods(program: "$1", collation: #" COLLATE "C""#), argument: program)
    }

    /// See `LedgerStore.monitoringPeriods(country:)`.
    public func monitoringPeriods(country: String) async throws -> [StoredMonitoringPeriod] {
        try await storedPeriods(MonitoringSQL.periods(country: "$1", collation: #" COLLATE "C""#), argument: country)
    }

    /// The periods `sql` (one of `MonitoringSQL.periods`) selects with `argument` for its `$1`.
    private func storedPeriods(_ sql: String, argument: String) async throws -> [StoredMonitoringPeriod] {
        var binds = PostgresBindings()
        binds.append(argument)
        return try await withConnection { connection in
            var periods: [StoredMonitoringPeriod] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
                .decode(
                    (String, String, String, Int64, String?, String, String, String?, String?, Int64, Int64).self)
            {
                periods.append(
                    StoredMonitoringPeriod(
                        period: MonitoringPeriod(
                            program: row.0, country: row.1, indicator: row.2, ascending: row.3 == 1, baseline: row.4,
                            periodStart: row.5, periodEnd: row.6, target: row.7, actual: row.8, line: Int(row.9)),
                        run: row.10))
            }
            return periods
        }
    }

    /// See `LedgerStore.monitoredCountries`.
    public func monitoredCountries() async throws -> [String] {
        try await withConnection { connection in
            var countries: [String] = []
            let sql = #"SELECT country FROM monitoring_period GROUP BY country ORDER BY country COLLATE "C""#
            for try await country in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                .decode(String.self)
            {
                countries.append(country)
            }
            return countries
        }
    }
}
