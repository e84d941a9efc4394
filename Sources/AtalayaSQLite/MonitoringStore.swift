public import AtalayaDomain
public import AtalayaStore
import GRDB

// MARK: - A program office's monitoring data: indicator periods with their run and line

extension SQLiteStore {
    /// Imports one monitoring file in a single write transaction; see `LedgerStore.importMonitoring`.
    public func importMonitoring(
        _ draft: ImportDraft,
        produce: @escaping @Sendable (_ accept: (MonitoringPeriod) throws -> Void) throws -> ImportFacts
    ) async throws -> ImportOutcome {
        try await importKnownFile(draft) { db, runID in
            let stored = try db.makeStatement(
                sql: """
                    SELECT id, run_id, line, ascending, baseline, period_start, target, actual FROM monitoring_period
                    WHERE program = ? AND country = ? AND indicator = ? AND period_end = ?
                    """)
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO monitoring_period (run_id, line, program, country, indicator, ascending, baseline,
                      period_start, period_end, target, actual)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let replace = try db.makeStatement(
                sql: """
                    UPDATE monitoring_period SET run_id = ?, line = ?, ascending = ?, baseline = ?, period_start = ?,
                      target = ?, actual = ?
                    WHERE id = ?
                    """)
            var counts = (new: 0, updated: 0, unchanged: 0)
            let facts = try produce { period in
                let row = try Row.fetchOne(
                    stored, arguments: [period.program, period.country, period.indicator, period.periodEnd])
                guard let row else {
                    counts.new += 1
                    try insert.execute(arguments: [
                        runID, period.line, period.program, period.country, period.indicator, period.ascending ? 1 : 0,
                        period.baseline, period.periodStart, period.periodEnd, period.target, period.actual,
                    ])
                    return
                }
                // A row this run wrote already: the file gives the period twice.
                guard (row[1] as Int64) != runID else {
                    throw RepeatedMonitoringPeriod(period: period, firstLine: row[2])
                }
                let before = MonitoringPeriod(
                    program: period.program, country: period.country, indicator: period.indicator,
                    ascending: (row[3] as Int) == 1, baseline: row[4], periodStart: row[5], periodEnd: period.periodEnd,
                    target: row[6], actual: row[7], line: row[2])
                if before.sameValues(as: period) { counts.unchanged += 1 } else { counts.updated += 1 }
                try replace.execute(arguments: [
                    runID, period.line, period.ascending ? 1 : 0, period.baseline, period.periodStart, period.target,
                    period.actual, row[0] as Int64,
                ])
            }
            return RunTotals(
                facts: facts, rows: counts.new + counts.updated + counts.unchanged, new: counts.new,
                updated: counts.updated, unchanged: counts.unchanged)
        }
    }

    /// See `LedgerStore.monitoringPeriods`.
    public func monitoringPeriods(program: String) async throws -> [StoredMonitoringPeriod] {
        try await storedPeriods(MonitoringSQL.periods(program: "?"), argument: program)
    }

    /// See `LedgerStore.monitoringPeriods(country:)`.
    public func monitoringPeriods(country: String) async throws -> [StoredMonitoringPeriod] {
        try await storedPeriods(MonitoringSQL.periods(country: "?"), argument: country)
    }

    /// The periods `sql` (one of `MonitoringSQL.periods`) selects with `argument` for its placeholder.
    private func storedPeriods(_ sql: String, argument: String) async throws -> [StoredMonitoringPeriod] {
        try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: [argument]).map { row in
                StoredMonitoringPeriod(
                    period: MonitoringPeriod(
                        program: row[0], country: row[1], indicator: row[2], ascending: (row[3] as Int) == 1,
                        baseline: row[4], periodStart: row[5], periodEnd: row[6], target: row[7], actual: row[8],
                        line: row[9]),
                    run: row[10])
            }
        }
    }

    /// See `LedgerStore.monitoredCountries`.
    public func monitoredCountries() async throws -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT country FROM monitoring_period ORDER BY country")
        }
    }
}
