public import AtalayaDomain
public import AtalayaStore
import GRDB

// MARK: - Outcome series: points with source and edition

extension SQLiteStore {
    /// Imports one indicator file in a single write transaction; see `LedgerStore.importSeries`.
    public func importSeries(
        _ draft: ImportDraft,
        produce: @escaping @Sendable (_ accept: (SeriesPoint) throws -> Void) throws -> ImportFacts
    ) async throws -> ImportOutcome {
        try await importKnownFile(draft) { db, runID in
            let insert = try PreparedInsert(
                db,
                """
                INSERT INTO series_point (run_id, source, edition, indicator, country, year, value, number,
                  standard_error, line)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                ON CONFLICT (source, edition, indicator, country, year) DO UPDATE SET run_id = excluded.run_id,
                  value = excluded.value, number = excluded.number, standard_error = excluded.standard_error,
                  line = excluded.line
                WHERE series_point.run_id <> excluded.run_id
                """)
            // A point this run has already written leaves the row as it is (the WHERE above): no change means the
            // file gives it twice.
            let firstLine = try db.makeStatement(
                sql: """
                    SELECT line FROM series_point
                    WHERE run_id = ? AND source = ? AND edition = ? AND indicator = ? AND country = ? AND year = ?
                    """)
            var points = 0
            let facts = try produce { point in
                insert.bind(1, runID)
                insert.bind(2, point.source.rawValue)
                insert.bind(3, point.edition)
                insert.bind(4, point.indicator)
                insert.bind(5, point.country)
                insert.bind(6, point.year)
                insert.bind(7, point.value)
                insert.bind(8, point.number)
                insert.bind(9, point.standardError)
                insert.bind(10, point.line)
                try insert.run()
                if db.changesCount == 0 {
                    let first = try Int.fetchOne(
                        firstLine,
                        arguments: [
                            runID, point.source.rawValue, point.edition, point.indicator, point.country, point.year,
                        ])
                    throw RepeatedSeriesPoint(
                        indicator: point.indicator, country: point.country, year: point.year, line: point.line,
                        firstLine: first ?? 0)
                }
                points += 1
            }
            return RunTotals(facts: facts, rows: points)
        }
    }

    /// The series points of one country, ordered by source, edition, indicator and year.
    public func series(country: String, indicatorPrefix: String?) async throws -> [SeriesPoint] {
        try await read { db in
            var sql = """
                SELECT source, edition, indicator, country, year, value, number, standard_error, line
                FROM series_point WHERE country = ?
                """
            var arguments: [any DatabaseValueConvertible] = [country]
            if let indicatorPrefix {
                sql += " AND substr(indicator, 1, length(?)) = ?"
                arguments += [indicatorPrefix, indicatorPrefix]
            }
            sql += " ORDER BY source, edition, indicator, year"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                SeriesPoint(
                    source: SeriesSource(rawValue: row[0]) ?? .long, edition: row[1], indicator: row[2],
                    country: row[3], year: row[4], value: row[5], number: row[6], standardError: row[7], line: row[8])
            }
        }
    }
}
