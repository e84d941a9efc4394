public import AtalayaDomain
public import AtalayaStore
import Logging
import PostgresNIO

// MARK: - Outcome series on PostgreSQL: points with source and edition

extension PostgresStore {
    /// Imports one indicator file in one transaction; see `LedgerStore.importSeries`. Points are copied into a
    /// staging table, checked for a key given twice (refused, as on SQLite) and merged in one statement.
    public func importSeries(
        _ draft: ImportDraft,
        produce: @escaping @Sendable (_ accept: (SeriesPoint) throws -> Void) throws -> ImportFacts
    ) async throws -> ImportOutcome {
        let logger = self.logger
        return try await importing(
            sha256: try draft.requiredSHA256(), sheet: draft.sheet, skip: { .alreadyImported($0) }
        ) { connection in
            let runID = try await Self.insertRun(connection, draft, logger: logger)
            try await connection.query(
                """
                CREATE TEMP TABLE series_stage (source TEXT, edition TEXT, indicator TEXT, country TEXT, year BIGINT,
                  value TEXT, number DOUBLE PRECISION, standard_error DOUBLE PRECISION, line BIGINT) ON COMMIT DROP
                """, logger: logger)
            let columns = [
                "source", "edition", "indicator", "country", "year", "value", "number", "standard_error", "line",
            ]
            let facts = try await ThreadToAsyncPipe<SeriesPoint, ImportFacts>.run(
                thread: "atalaya-pg-series",
                produce: { pipe in
                    var batch: [SeriesPoint] = []
                    let facts = try produce { point in
                        batch.append(point)
                        try pipe.flush(&batch, atLeast: 5_000)
                    }
                    try pipe.flush(&batch)
                    return facts
                },
                consume: { points in
                    var rows = CopyRows()
                    for p in points {
                        rows.append(
                            .t(p.source.rawValue), .t(p.edition), .t(p.indicator), .t(p.country), .i(p.year),
                            .t(p.value), .r(p.number), .r(p.standardError), .i(p.line))
                    }
                    try await connection.copy(rows, into: "series_stage", columns: columns, logger: logger)
                })
            for try await (indicator, country, year, lines) in try await connection.query(
                """
                SELECT indicator, country, year, array_agg(line ORDER BY line) FROM series_stage
                GROUP BY source, edition, indicator, country, year HAVING COUNT(*) > 1
                ORDER BY (array_agg(line ORDER BY line))[2] LIMIT 1
                """, logger: logger
            ).decode((String, String, Int, [Int]).self) {
                throw RepeatedSeriesPoint(
                    indicator: indicator, country: country, year: year, line: lines[1], firstLine: lines[0])
            }
            try await connection.query(
                """
                INSERT INTO series_point (run_id, source, edition, indicator, country, year, value, number,
                    standard_error, line)
                  SELECT \(runID), source, edition, indicator, country, year, value, number, standard_error, line
                  FROM series_stage
                  ON CONFLICT (source, edition, indicator, country, year) DO UPDATE SET run_id = excluded.run_id,
                    value = excluded.value, number = excluded.number, standard_error = excluded.standard_error,
                  line = excluded.line
                """, logger: logger)
            let points = try await connection.query("SELECT COUNT(*) FROM series_stage", logger: logger)
                .collect()[0].decode(Int64.self)
            try await Self.copyWarnings(facts.warnings, run: runID, connection, logger: logger)
            try await connection.query(
                """
                UPDATE import_run SET publisher = \(facts.publisher), vintage = \(facts.vintage),
                  format_version = \(facts.formatVersion), imported_at = \(Self.now()), transactions = \(points),
                  warnings = \(facts.warnings.count)
                WHERE id = \(runID)
                """, logger: logger)
            return .imported(try await Self.storedRun(connection, id: runID, logger: logger))
        }
    }

    /// The series points of one country, ordered by source, edition, indicator and year.
    public func series(country: String, indicatorPrefix: String?) async throws -> [SeriesPoint] {
        try await withConnection { connection in
            var points: [SeriesPoint] = []
            for try await row in try await connection.query(
                """
                SELECT source, edition, indicator, country, year, value, number, standard_error, line
                FROM series_point
                WHERE country = \(country) AND (\(indicatorPrefix)::text IS NULL OR starts_with(indicator, \(indicatorPrefix)))
                ORDER BY source COLLATE "C", edition COLLATE "C", indicator COLLATE "C", year
                """, logger: logger
            ).decode((String, String, String, String, Int64, String, Double, Double?, Int64).self) {
                points.append(
                    SeriesPoint(
                        source: SeriesSource(rawValue: row.0) ?? .long, edition: row.1, indicator: row.2,
                        country: row.3, year: Int(row.4), value: row.5, number: row.6, standardError: row.7,
                        line: Int(row.8)))
            }
            return points
        }
    }
}
