import AtalayaDomain
public import AtalayaStore
import Logging
import PostgresNIO

// MARK: - Reading the ledger on PostgreSQL: runs, warnings, IATI figures

extension PostgresStore {
    /// Every import run, oldest first.
    public func runs() async throws -> [ImportRun] {
        try await withConnection { connection in
            try await Self.runs(connection, filter: "", logger: logger)
        }
    }

    /// See `LedgerStore.mayHoldFile`.
    public func mayHoldFile(byteCount: Int64) async throws -> Bool {
        try await withConnection { connection in
            try await connection.query(
                "SELECT EXISTS (SELECT 1 FROM import_run WHERE byte_count = \(byteCount) OR byte_count IS NULL)",
                logger: logger
            ).collect().first?.decode(Bool.self) ?? true
        }
    }

    /// See `LedgerStore.publisherNames`.
    public func publisherNames() async throws -> [String: String] {
        try await withConnection { connection in
            var names: [String: String] = [:]
            for try await (ref, json) in try await connection.query(
                """
                SELECT DISTINCT ON (reporting_org_ref) reporting_org_ref, reporting_org_names FROM activity
                WHERE reporting_org_ref IS NOT NULL ORDER BY reporting_org_ref, id DESC
                """,
                logger: logger
            ).decode((String, String).self) {
                if let name = JSONText.preferredName(json) { names[ref] = name }
            }
            return names
        }
    }

    /// See `LedgerStore.classificationLabel`.
    public func classificationLabel() async throws -> String? {
        try await withConnection { connection in try await Self.crosswalkLabel(connection, logger: logger) }
    }

    /// See `LedgerStore.fundingAccountNames`.
    public func fundingAccountNames() async throws -> [String: String] {
        try await withConnection { connection in
            var names: [String: String] = [:]
            for try await (account, name) in try await connection.query(
                """
                SELECT DISTINCT ON (a.funding_account) a.funding_account, t.text FROM official_amount a
                JOIN official_text t ON t.id = a.funding_account_name_id
                WHERE a.funding_account IS NOT NULL AND a.funding_account <> '' ORDER BY a.funding_account, a.id DESC
                """,
                logger: logger
            ).decode((String, String).self) {
                names[account] = name
            }
            return names
        }
    }

    /// The warnings of one run, in file order.
    public func warnings(run: Int64) async throws -> [StoredWarning] {
        try await withConnection { connection in
            var warnings: [StoredWarning] = []
            for try await (kind, line, activity, message) in try await connection.query(
                "SELECT kind, line, activity, message FROM import_warning WHERE run_id = \(run) ORDER BY id",
                logger: logger
            ).decode((String, Int64, String?, String).self) {
                warnings.append(StoredWarning(kind: kind, line: Int(line), activity: activity, message: message))
            }
            return warnings
        }
    }

    /// The last import run, the classification's time and the last engagement: every write moves one of them.
    public func generation() async throws -> String {
        try await withConnection { connection in
            try await connection.query(
                """
                SELECT (SELECT COALESCE(MAX(id), 0) FROM import_run)::text || ':'
                  || COALESCE((SELECT applied_at FROM classification WHERE id = 1), '') || ':'
                  || (SELECT COALESCE(MAX(id), 0) FROM engagement)::text || ':'
                  || (SELECT COUNT(*) FROM run_removal)::text || ':'
                  || (SELECT COALESCE(MAX(id), 0) FROM cosignature)::text || ':'
                  || (SELECT COUNT(revoked_at) FROM cosigner)::text
                """, logger: logger
            ).collect().first?.decode(String.self) ?? ""
        }
    }

    /// Every recipient with money in a source's figures, and the sources.
    public func recipients() async throws -> [RecipientSources] {
        try await withConnection { connection in
            var sources: [String: Set<PortfolioQuery.Source>] = [:]
            for try await (recipient, source) in try await connection.query(
                """
                SELECT DISTINCT recipient, 'iati' FROM allocation_rollup
                UNION
                SELECT DISTINCT recipient, CASE dataset WHEN 'greenbook' THEN 'greenbook' ELSE 'fa' END
                FROM official_rollup WHERE superseded_by IS NULL
                """, logger: logger
            ).decode((String, String).self) {
                if let source = PortfolioQuery.Source(rawValue: source) {
                    sources[recipient, default: []].insert(source)
                }
            }
            return sources.keys.sorted().map { code in
                RecipientSources(
                    code: code, sources: PortfolioQuery.Source.allCases.filter { sources[code]?.contains($0) == true })
            }
        }
    }

    /// The portfolio figures for a query, read from the rollups as on SQLite.
    public func portfolio(_ query: PortfolioQuery) async throws -> PortfolioFigures {
        if query.source != .iati { return try await officialPortfolio(query) }
        try query.checkIATI()
        let year = query.basis == .usFederal ? "fiscal_year" : "calendar_year"
        let group = query.rollupGroupColumn
        var filter = Filter()
        filter.add("measure = ", query.measure.rawValue)
        if query.scope == .security { filter.conditions.append("pillar <> 'out_of_scope'") }
        filter.add(query, recipient: "recipient", year: year, publisher: "publisher_group")
        let whereClause = filter.conditions.joined(separator: " AND ")
        return try await withConnection { connection in
            var cells: [PortfolioCell] = []
            for try await (country, fiscalYear, groupValue, pillar, cents, allocations, runs)
                in try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT recipient, \(year), \(group), pillar, SUM(usd_cents)::bigint, SUM(allocations)::bigint,
                              array_agg(DISTINCT run_id ORDER BY run_id)
                            FROM allocation_rollup WHERE \(whereClause) AND usd_cents IS NOT NULL
                            GROUP BY recipient, \(year), pillar, \(group)
                            ORDER BY recipient COLLATE "C", \(year), pillar COLLATE "C", \(group) COLLATE "C"
                            """, binds: filter.binds), logger: logger
                ).decode((String, Int64?, String, String, Int64, Int64, [Int64]).self)
            {
                cells.append(
                    PortfolioCell(
                        country: country, year: fiscalYear.map(Int.init), group: groupValue,
                        pillar: Pillar(rawValue: pillar), usdCents: cents, allocations: Int(allocations), runs: runs))
            }
            var unconverted: [UnconvertedCell] = []
            for try await (country, fiscalYear, groupValue, currency, cents, reason, runs)
                in try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT recipient, \(year), \(group), currency, SUM(amount_cents)::bigint,
                              CASE WHEN currency IS NULL THEN 'no currency' ELSE 'no exchange rate for the year' END,
                              array_agg(DISTINCT run_id ORDER BY run_id)
                            FROM allocation_rollup WHERE \(whereClause) AND usd_cents IS NULL
                            GROUP BY recipient, \(year), pillar, \(group), currency
                            ORDER BY recipient COLLATE "C", \(year), \(group) COLLATE "C", currency COLLATE "C"
                            """, binds: filter.binds), logger: logger
                ).decode((String, Int64?, String, String?, Int64, String, [Int64]).self)
            {
                unconverted.append(
                    UnconvertedCell(
                        country: country, year: fiscalYear.map(Int.init), group: groupValue, currency: currency,
                        cents: cents, reason: reason, runs: runs))
            }
            let sources = try await Self.runs(
                connection,
                filter: "WHERE id IN (SELECT DISTINCT run_id FROM allocation_rollup WHERE \(whereClause))",
                binds: filter.binds, logger: logger)
            let crosswalk = try await Self.crosswalkLabel(connection, logger: logger)
            return try PortfolioFigures(
                cells: cells, unconverted: unconverted, sources: sources, crosswalk: crosswalk,
                coverage: SourceCoverage.iati
            ).addable()
        }
    }

    /// The first column of the first row of `sql` as a whole number (for checks and tests, as on SQLite).
    public func scalar(_ sql: String) async throws -> Int64? {
        try await withConnection { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "SELECT (\(sql))::bigint"), logger: logger)
                .collect().first?.decode(Int64?.self)
        }
    }

    /// Conditions with numbered parameters.
    struct Filter {
        var conditions: [String] = []
        var binds = PostgresBindings()

        /// Appends `prefix $n suffix` with `value` bound as parameter n.
        mutating func add(_ prefix: String, _ value: some PostgresNonThrowingEncodable, _ suffix: String = "") {
            binds.append(value)
            conditions.append("\(prefix)$\(binds.count)\(suffix)")
        }

        /// Appends the query's countries, years and publishers, on the columns given (as SQLite's `appendFilters`).
        mutating func add(_ query: PortfolioQuery, recipient: String, year: String, publisher: String) {
            if !query.countries.isEmpty { add("\(recipient) = ANY(", query.countries, ")") }
            if let from = query.fromYear { add("\(year) >= ", Int64(from)) }
            if let to = query.toYear { add("\(year) <= ", Int64(to)) }
            if !query.publishers.isEmpty { add("\(publisher) = ANY(", query.publishers, ")") }
        }
    }

    /// The run of a file's bytes and, for a workbook, of the sheet read (as SQLite's `run(_:sha256:sheet:)`: a run
    /// that names no sheet answers for every sheet of its file).
    static func run(
        _ connection: PostgresConnection, sha256: String, sheet: String?, logger: Logger
    ) async throws -> ImportRun? {
        var binds = PostgresBindings()
        binds.append(sha256)
        binds.append(sheet)
        return try await runs(
            connection, filter: "WHERE sha256 = $1 AND (sheet IS NULL OR sheet = $2)", binds: binds, logger: logger
        ).first
    }

    /// The first run of a file's bytes, whichever sheet it read (a co-signed file has one).
    static func run(_ connection: PostgresConnection, sha256: String, logger: Logger) async throws -> ImportRun? {
        var binds = PostgresBindings()
        binds.append(sha256)
        return try await runs(connection, filter: "WHERE sha256 = $1", binds: binds, logger: logger).first
    }

    static func run(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> ImportRun? {
        var binds = PostgresBindings()
        binds.append(id)
        return try await runs(connection, filter: "WHERE id = $1", binds: binds, logger: logger).first
    }

    func run(sha256: String, sheet: String?) async throws -> ImportRun? {
        try await withConnection { connection in
            try await Self.run(connection, sha256: sha256, sheet: sheet, logger: logger)
        }
    }

    static func runs(
        _ connection: PostgresConnection, filter: String, binds: PostgresBindings = PostgresBindings(), logger: Logger
    ) async throws -> [ImportRun] {
        var runs: [ImportRun] = []
        let rows = try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT id, source, file_name, sha256, publisher, vintage, format_version, imported_at,
                      activities_new, activities_updated, activities_unchanged, transactions, warnings, sheet
                    FROM import_run \(filter) ORDER BY id
                    """, binds: binds), logger: logger)
        for try await row in rows {
            let r = try row.decode(
                (
                    Int64, String, String, String, String?, String?, String?, String, Int64, Int64, Int64, Int64, Int64,
                    String?
                ).self)
            runs.append(
                ImportRun(
                    id: r.0, source: r.1, fileName: r.2, sha256: r.3, publisher: r.4, vintage: r.5, formatVersion: r.6,
                    importedAt: r.7, activitiesNew: Int(r.8), activitiesUpdated: Int(r.9),
                    activitiesUnchanged: Int(r.10), transactions: Int(r.11), warnings: Int(r.12), sheet: r.13))
        }
        return runs
    }
}
