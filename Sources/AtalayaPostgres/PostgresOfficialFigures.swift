public import AtalayaDomain
public import AtalayaStore
import Logging
import PostgresNIO

// MARK: - Official figures on PostgreSQL: portfolio, vintage diff, reclassification

extension PostgresStore {
    /// See `LedgerStore.detailCoverage`.
    public func detailCoverage(country: String, measure: OfficialMeasure) async throws -> DetailCoverage {
        var binds = PostgresBindings()
        binds.append(country)
        binds.append(measure.rawValue)
        let logger = self.logger
        return try await withConnection { connection in
            func query(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
            var sums: [(dataset: String, period: String, year: Int, cents: Cents?)] = []
            for try await row in try await connection.query(
                query(DetailCoverage.sumsSQL(country: "$1", measure: "$2")), logger: logger
            ).decode((String, String, Int64, Int64?).self) {
                sums.append((row.0, row.1, Int(row.2), row.3))
            }
            var periodRuns: [(period: String, run: Int64)] = []
            for try await (period, run) in try await connection.query(
                query(DetailCoverage.periodRunsSQL(country: "$1", measure: "$2")), logger: logger
            ).decode((String, Int64).self) {
                periodRuns.append((period, run))
            }
            var objectives: [String] = []
            for try await objective in try await connection.query(
                query(DetailCoverage.objectivesSQL(country: "$1", measure: "$2", collation: #" COLLATE "C""#)),
                logger: logger
            ).decode(String.self) {
                objectives.append(objective)
            }
            var sources: [ImportRun] = []
            for run in DetailCoverage.runs(periodRuns) {
                if let stored = try await Self.run(connection, id: run, logger: logger) { sources.append(stored) }
            }
            return try DetailCoverage(
                country: country, measure: measure, years: DetailCoverage.years(sums, periodRuns: periodRuns),
                detailObjectives: objectives, sources: sources
            ).addable()
        }
    }

    /// Compares two official runs cell by cell: country, fiscal period, measure.
    public func diff(_ before: Int64, _ after: Int64, constantDollars: Bool) async throws -> VintageDiff {
        try await withConnection { connection in
            guard let first = try await Self.run(connection, id: before, logger: logger) else {
                throw LedgerQueryError("no run \(before)")
            }
            guard let second = try await Self.run(connection, id: after, logger: logger) else {
                throw LedgerQueryError("no run \(after)")
            }
            try VintageDiff.checkComparable(first, second)
            var datasets: [Int64: Set<String>] = [:]
            for try await (run, dataset) in try await connection.query(
                "SELECT DISTINCT run_id, dataset FROM official_rollup WHERE run_id IN (\(before), \(after))",
                logger: logger
            ).decode((Int64, String).self) {
                datasets[run, default: []].insert(dataset)
            }
            try VintageDiff.checkSameDataset(first, datasets[before] ?? [], second, datasets[after] ?? [])
            let amount = constantDollars ? "constant_cents" : "current_cents"
            var cells: [(String, String, String, (Cents?, Int), (Cents?, Int))] = []
            for try await row in try await connection.query(
                """
                SELECT recipient, fiscal_period, measure,
                  SUM(CASE WHEN run_id = \(before) THEN \(unescaped: amount) END)::bigint,
                  SUM(CASE WHEN run_id = \(before) THEN rows ELSE 0 END)::bigint,
                  SUM(CASE WHEN run_id = \(after) THEN \(unescaped: amount) END)::bigint,
                  SUM(CASE WHEN run_id = \(after) THEN rows ELSE 0 END)::bigint
                FROM official_rollup WHERE run_id IN (\(before), \(after))
                GROUP BY recipient, fiscal_year, fiscal_period, measure
                """, logger: logger
            ).decode((String, String, String, Int64?, Int64, Int64?, Int64).self) {
                cells.append((row.0, row.1, row.2, (row.3, Int(row.4)), (row.5, Int(row.6))))
            }
            return try VintageDiff(
                before: first, after: second, constantDollars: constantDollars,
                cells: cells.map { (country: $0.0, fiscalPeriod: $0.1, measure: $0.2, before: $0.3, after: $0.4) })
        }
    }

    /// Sums the current official rollup rows by recipient, fiscal year, pillar and group, as on SQLite.
    func officialPortfolio(_ query: PortfolioQuery) async throws -> PortfolioFigures {
        let dataset = try query.officialDataset()
        let group = query.rollupGroupColumn
        let (amount, counted) =
            query.constantDollars ? ("constant_cents", "constant_rows") : ("current_cents", "current_rows")
        var filter = Filter()
        filter.add("dataset = ", dataset.rawValue)
        filter.add("measure = ", query.measure.rawValue)
        filter.conditions.append("superseded_by IS NULL")
        if query.scope == .security { filter.conditions.append("pillar <> 'out_of_scope'") }
        filter.add(query, recipient: "recipient", year: "fiscal_year", publisher: "publisher_group")
        let whereClause = filter.conditions.joined(separator: " AND ")
        return try await withConnection { connection in
            var cells: [PortfolioCell] = []
            for try await row in try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT recipient, fiscal_year, fiscal_period, \(group), pillar, SUM(\(amount))::bigint,
                          SUM(\(counted))::bigint, array_agg(DISTINCT run_id ORDER BY run_id)
                        FROM official_rollup WHERE \(whereClause) AND \(counted) > 0
                        GROUP BY recipient, fiscal_year, fiscal_period, pillar, \(group)
                        ORDER BY recipient COLLATE "C", fiscal_year, fiscal_period COLLATE "C", pillar COLLATE "C",
                          \(group) COLLATE "C"
                        """, binds: filter.binds), logger: logger
            ).decode((String, Int64, String, String, String?, Int64, Int64, [Int64]).self) {
                let year = Int(row.1)
                cells.append(
                    PortfolioCell(
                        country: row.0, year: year, period: row.2 == String(year) ? nil : row.2, group: row.3,
                        pillar: row.4.flatMap(Pillar.init(rawValue:)), usdCents: row.5, allocations: Int(row.6),
                        runs: row.7))
            }
            let sources = try await Self.runs(
                connection,
                filter: "WHERE id IN (SELECT DISTINCT run_id FROM official_rollup WHERE \(whereClause))",
                binds: filter.binds, logger: logger)
            var objectives: [String] = []
            for try await objective in try await connection.query(
                """
                SELECT DISTINCT objective COLLATE "C" FROM official_rollup
                WHERE dataset = \(dataset.rawValue) AND superseded_by IS NULL ORDER BY 1
                """, logger: logger
            ).decode(String.self) {
                objectives.append(objective)
            }
            return try PortfolioFigures(
                cells: cells, unconverted: [], sources: sources,
                crosswalk: try await Self.crosswalkLabel(connection, logger: logger),
                coverage: SourceCoverage.official(
                    dataset, objectives: objectives, constantDollars: query.constantDollars)
            ).addable()
        }
    }

    /// The crosswalk in force, as "id version".
    static func crosswalkLabel(_ connection: PostgresConnection, logger: Logger) async throws -> String? {
        try await connection.query(
            "SELECT crosswalk_id || ' ' || crosswalk_version FROM classification WHERE id = 1", logger: logger
        ).collect().first?.decode(String.self)
    }

    /// Re-derives the pillar and rule of every classified official row, a page of rows at a time; then rebuilds
    /// the rollup, keeping which run is current for each slice (that does not depend on pillars). Returns rows
    /// written.
    static func reclassifyOfficial(
        _ connection: PostgresConnection, classifier: OfficialClassifier, logger: Logger
    ) async throws -> Int {
        let session = classifier.session()
        try await connection.query(
            "CREATE TEMP TABLE official_placement (id BIGINT PRIMARY KEY, pillar TEXT, rule_id TEXT) ON COMMIT DROP",
            logger: logger)
        var after: Int64 = 0
        var written = 0
        while true {
            var rows = CopyRows()
            var last: Int64?
            for try await row in try await connection.query(
                """
                SELECT id, dataset, recipient, country_name, fiscal_year, measure, objective, funding_account,
                  funding_account_name, us_sector_id, purpose_code, activity_name, activity_description
                FROM official_row WHERE dataset <> 'fa-summary' AND id > \(after) ORDER BY id LIMIT 20000
                """, logger: logger
            ).decode(
                (
                    Int64, String, String, String, Int64, String, String?, String?, String?, String?, String?,
                    String?, String?
                ).self)
            {
                last = row.0
                let amount = OfficialAmount(
                    dataset: OfficialDataset(rawValue: row.1) ?? .faComplete, line: 1, recipient: row.2,
                    countryCode: nil, countryName: row.3, fiscalYear: OfficialFiscalYear(year: Int(row.4)),
                    measure: OfficialMeasure(rawValue: row.5) ?? .obligation, currentCents: nil, constantCents: nil,
                    objective: row.6, fundingAccount: row.7, fundingAccountName: row.8, usSectorID: row.9,
                    purposeCode: row.10, activityName: row.11, activityDescription: row.12)
                if let placed = session.classify(amount) {
                    rows.append(.i(row.0), .t(placed.pillar.rawValue), .t(placed.ruleID))
                }
            }
            guard let last else { break }
            after = last
            written += rows.count
            try await connection.copy(
                rows, into: "official_placement", columns: ["id", "pillar", "rule_id"], logger: logger)
        }
        try await connection.query(
            """
            UPDATE official_amount o SET pillar = p.pillar, rule_id = p.rule_id
            FROM official_placement p WHERE p.id = o.id
            """, logger: logger)
        try await connection.query(
            """
            CREATE TEMP TABLE kept_supersession ON COMMIT DROP AS
              SELECT DISTINCT ON (run_id, measure, recipient, fiscal_year, fiscal_period, objective)
                run_id, measure, recipient, fiscal_year, fiscal_period, objective, superseded_by
              FROM official_rollup WHERE superseded_by IS NOT NULL
              ORDER BY run_id, measure, recipient, fiscal_year, fiscal_period, objective
            """, logger: logger)
        try await connection.query("DELETE FROM official_rollup", logger: logger)
        try await buildOfficialRollup(connection, run: nil, logger: logger)
        try await connection.query(
            """
            UPDATE official_rollup AS o SET superseded_by = k.superseded_by FROM kept_supersession k
            WHERE k.run_id = o.run_id AND k.measure = o.measure AND k.recipient = o.recipient
              AND k.fiscal_year = o.fiscal_year AND k.fiscal_period = o.fiscal_period AND k.objective = o.objective
            """, logger: logger)
        try await connection.query("DROP TABLE official_placement, kept_supersession", logger: logger)
        return written
    }
}
