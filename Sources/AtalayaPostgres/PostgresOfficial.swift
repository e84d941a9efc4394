public import AtalayaDomain
public import AtalayaStore
import Logging
import PostgresNIO

// MARK: - ForeignAssistance.gov and Greenbook rows on PostgreSQL: import, vintages, figures

extension PostgresStore {
    /// Imports one official file in one transaction; see `LedgerStore.importOfficial`. The reader thread parses,
    /// classifies and formats the rows for COPY into a staging table; long texts are then stored once and the rows
    /// moved into `official_amount` in file order, and the run's rollup is summed in SQL.
    public func importOfficial(
        _ draft: ImportDraft, vintage: String, classifier: OfficialClassifier,
        produce: @escaping @Sendable (_ accept: (OfficialAmount) throws -> Void) throws -> ImportFacts
    ) async throws -> OfficialImport {
        let logger = self.logger
        return try await importing(sha256: draft.sha256, skip: { OfficialImport(run: $0, alreadyImported: true) }) {
            connection in
            let runID = try await Self.insertRun(connection, draft, vintage: vintage, logger: logger)
            try await Self.recordClassification(
                connection, crosswalk: classifier.crosswalk, ratesSource: nil, logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: OfficialStage.create), logger: logger)
            let (facts, dataset, rows) = try await ThreadToAsyncPipe<CopyRows, (ImportFacts, OfficialDataset?, Int)>
                .run(
                    thread: "atalaya-pg-official",
                    produce: { pipe in
                        let session = classifier.session()
                        var dataset: OfficialDataset?
                        var rows = 0
                        var batch = [CopyRows()]
                        let facts = try produce { row in
                            if let dataset, dataset != row.dataset {
                                throw LedgerQueryError(
                                    "one file holds rows of two datasets (\(dataset.rawValue), \(row.dataset))")
                            }
                            dataset = row.dataset
                            let placed = row.placement.map { ($0.pillar, $0.ruleID) } ?? session.classify(row)
                            OfficialStage.append(row, pillar: placed?.0, ruleID: placed?.1, to: &batch[0])
                            rows += 1
                            if batch[0].count == 10_000 {
                                try pipe.flush(&batch)
                                batch = [CopyRows()]
                            }
                        }
                        if batch[0].count > 0 { try pipe.flush(&batch) }
                        return (facts, dataset, rows)
                    },
                    consume: { buffers in
                        for rows in buffers {
                            try await connection.copy(
                                rows, into: "official_stage", columns: OfficialStage.columns, logger: logger)
                        }
                    })
            var warnings = facts.warnings
            var replaced: [Int64: Int] = [:]
            var keptOut: [Int64: Int] = [:]
            if let dataset {
                for statement in OfficialStage.store(run: runID) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await Self.buildOfficialRollup(connection, run: runID, logger: logger)
                (replaced, keptOut) = try await Self.supersede(
                    connection, run: runID, vintage: vintage, dataset: dataset, logger: logger)
            }
            for (newer, count) in keptOut.sorted(by: { $0.key < $1.key }) {
                warnings.append(
                    StoredWarning(
                        kind: "older_vintage", line: 1, activity: nil,
                        message:
                            "\(count) rows are older than run \(newer)'s vintage for the same country, year and measure; "
                            + "kept for `runs --diff`, left out of the figures"))
            }
            try await Self.copyWarnings(warnings, run: runID, connection, logger: logger)
            try await connection.query(
                """
                UPDATE import_run SET publisher = \(facts.publisher), format_version = \(facts.formatVersion),
                  imported_at = \(Self.now()), transactions = \(rows), warnings = \(warnings.count)
                WHERE id = \(runID)
                """, logger: logger)
            return OfficialImport(
                run: try await Self.storedRun(connection, id: runID, logger: logger), alreadyImported: false,
                replaced: replaced, keptOut: keptOut)
        }
    }

    /// Builds the rollup rows of one run (or of every run) from the detail rows, grouped as on SQLite.
    static func buildOfficialRollup(_ connection: PostgresConnection, run: Int64?, logger: Logger) async throws {
        try await connection.query(
            """
            INSERT INTO official_rollup (run_id, dataset, measure, recipient, fiscal_year, fiscal_period, objective,
              pillar, sector_group, account_group, publisher_group, current_cents, constant_cents, current_rows,
              constant_rows, rows)
            SELECT run_id, dataset, measure, recipient, fiscal_year, fiscal_period, COALESCE(objective, ''), pillar,
              COALESCE(purpose_code, us_sector_name, 'none'), COALESCE(funding_account, funding_account_name, 'none'),
              COALESCE(managing_agency, funding_agency, 'none'), SUM(current_cents)::bigint,
              SUM(constant_cents)::bigint, COUNT(current_cents), COUNT(constant_cents), COUNT(*)
            FROM official_row WHERE \(run)::bigint IS NULL OR run_id = \(run)
            GROUP BY run_id, dataset, measure, recipient, fiscal_year, fiscal_period, COALESCE(objective, ''), pillar,
              COALESCE(purpose_code, us_sector_name, 'none'), COALESCE(funding_account, funding_account_name, 'none'),
              COALESCE(managing_agency, funding_agency, 'none')
            """, logger: logger)
    }

    /// Marks the rollup rows of older vintages in the same slices (dataset, country, fiscal period, measure,
    /// objective) as superseded by `run`, or `run`'s own as superseded by the newest stored vintage that has the
    /// slice. Returns detail rows replaced and rows kept out, by the other run's id. The same rules as SQLite's.
    private static func supersede(
        _ connection: PostgresConnection, run: Int64, vintage: String, dataset: OfficialDataset, logger: Logger
    ) async throws -> (replaced: [Int64: Int], keptOut: [Int64: Int]) {
        let matches = """
            s.measure = o.measure AND s.recipient = o.recipient AND s.fiscal_year = o.fiscal_year
              AND s.fiscal_period = o.fiscal_period AND s.objective = o.objective
            """
        try await connection.query(
            """
            CREATE TEMP TABLE newer_slice (measure TEXT, recipient TEXT, fiscal_year BIGINT, fiscal_period TEXT,
              objective TEXT, vintage TEXT, run_id BIGINT) ON COMMIT DROP
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO newer_slice
              SELECT DISTINCT o.measure, o.recipient, o.fiscal_year, o.fiscal_period, o.objective, r.vintage,
                r.id AS run_id
              FROM official_rollup o JOIN import_run r ON r.id = o.run_id
              WHERE o.dataset = \(dataset.rawValue) AND o.superseded_by IS NULL AND o.run_id <> \(run)
                AND r.vintage COLLATE "C" > \(vintage)
            """, logger: logger)
        // 1. Slices a newer stored vintage holds: this run's rows there stay out of the figures.
        try await connection.query(
            """
            UPDATE official_rollup AS o SET superseded_by = (
                SELECT s.run_id FROM newer_slice s WHERE \(unescaped: matches)
                ORDER BY s.vintage COLLATE "C" DESC, s.run_id DESC LIMIT 1)
              WHERE o.run_id = \(run) AND EXISTS (SELECT 1 FROM newer_slice s WHERE \(unescaped: matches))
            """, logger: logger)
        // 2. The slices this run now holds replace those of older (or equal) vintages.
        try await connection.query(
            """
            CREATE TEMP TABLE own_slice (measure TEXT, recipient TEXT, fiscal_year BIGINT, fiscal_period TEXT,
              objective TEXT) ON COMMIT DROP
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO own_slice
              SELECT DISTINCT measure, recipient, fiscal_year, fiscal_period, objective FROM official_rollup
              WHERE run_id = \(run) AND superseded_by IS NULL
            """, logger: logger)
        try await connection.query(
            """
            UPDATE official_rollup AS o SET superseded_by = \(run)
              WHERE o.dataset = \(dataset.rawValue) AND o.superseded_by IS NULL AND o.run_id <> \(run)
                AND o.run_id IN (SELECT id FROM import_run WHERE vintage COLLATE "C" <= \(vintage))
                AND EXISTS (SELECT 1 FROM own_slice s WHERE \(unescaped: matches))
            """, logger: logger)
        try await connection.query("DROP TABLE newer_slice, own_slice", logger: logger)
        var replaced: [Int64: Int] = [:]
        for try await (id, rows) in try await connection.query(
            """
            SELECT run_id, SUM(rows)::bigint FROM official_rollup WHERE superseded_by = \(run) GROUP BY run_id
            """, logger: logger
        ).decode((Int64, Int64).self) {
            replaced[id] = Int(rows)
        }
        var keptOut: [Int64: Int] = [:]
        for try await (id, rows) in try await connection.query(
            """
            SELECT superseded_by, SUM(rows)::bigint FROM official_rollup
            WHERE run_id = \(run) AND superseded_by IS NOT NULL GROUP BY superseded_by
            """, logger: logger
        ).decode((Int64, Int64).self) {
            keptOut[id] = Int(rows)
        }
        return (replaced, keptOut)
    }
}

/// The staging table an official file is copied into, and the statements that store it.
enum OfficialStage {
    static let create = """
        CREATE TEMP TABLE official_stage (line BIGINT, dataset TEXT, recipient TEXT, country_code TEXT,
          country_name TEXT, fiscal_year BIGINT, fiscal_period TEXT, measure TEXT, current_cents BIGINT,
          constant_cents BIGINT, objective TEXT, funding_account TEXT, funding_account_name TEXT,
          funding_account_name_hash BIGINT, funding_agency TEXT, managing_agency TEXT, us_sector_id TEXT,
          us_sector_name TEXT, purpose_code TEXT, implementing_partner TEXT, implementing_partner_hash BIGINT,
          partner_category TEXT, activity_id TEXT, activity_name TEXT, activity_name_hash BIGINT,
          activity_description TEXT, activity_description_hash BIGINT, transaction_date TEXT, redacted BIGINT,
          pillar TEXT, rule_id TEXT) ON COMMIT DROP
        """

    static let columns = [
        "line", "dataset", "recipient", "country_code", "country_name", "fiscal_year", "fiscal_period", "measure",
        "current_cents", "constant_cents", "objective", "funding_account", "funding_account_name",
        "funding_account_name_hash", "funding_agency", "managing_agency", "us_sector_id", "us_sector_name",
        "purpose_code", "implementing_partner", "implementing_partner_hash", "partner_category", "activity_id",
        "activity_name", "activity_name_hash", "activity_description", "activity_description_hash",
        "transaction_date", "redacted", "pillar", "rule_id",
    ]

    /// Appends one classified row in the order of `columns`.
    static func append(_ row: OfficialAmount, pillar: Pillar?, ruleID: String?, to rows: inout CopyRows) {
        rows.append(
            .i(row.line), .t(row.dataset.rawValue), .t(row.recipient), .t(row.countryCode), .t(row.countryName),
            .i(row.fiscalYear.year), .t(row.fiscalYear.label), .t(row.measure.rawValue), .i(row.currentCents),
            .i(row.constantCents), .t(row.objective), .t(row.fundingAccount), .t(row.fundingAccountName),
            .i(row.fundingAccountName.map(TextHash.fnv1a)), .t(row.fundingAgency), .t(row.managingAgency),
            .t(row.usSectorID), .t(row.usSectorName), .t(row.purposeCode), .t(row.implementingPartner),
            .i(row.implementingPartner.map(TextHash.fnv1a)), .t(row.partnerCategory), .t(row.activityID),
            .t(row.activityName), .i(row.activityName.map(TextHash.fnv1a)), .t(row.activityDescription),
            .i(row.activityDescription.map(TextHash.fnv1a)), .t(row.transactionDate), .i(row.redacted ? 1 : 0),
            .t(pillar?.rawValue), .t(ruleID))
    }

    /// The long texts not yet stored go into `official_text` once each; then the rows, in file order, into
    /// `official_amount` with the ids of their texts.
    static func store(run: Int64) -> [String] {
        let texts = ["funding_account_name", "implementing_partner", "activity_name", "activity_description"]
        let id = { (text: String) in
            "(SELECT MIN(t.id) FROM official_text t WHERE t.hash = s.\(text)_hash AND t.text = s.\(text))"
        }
        return [
            """
            INSERT INTO official_text (hash, text)
            SELECT hash, text FROM (
              \(texts.map { "SELECT \($0)_hash, \($0) FROM official_stage WHERE \($0) IS NOT NULL" }
                .joined(separator: "\n  UNION "))
            ) s (hash, text)
            WHERE NOT EXISTS (SELECT 1 FROM official_text t WHERE t.hash = s.hash AND t.text = s.text)
            """,
            """
            INSERT INTO official_amount (run_id, line, dataset, recipient, country_code, country_name, fiscal_year,
              fiscal_period, measure, current_cents, constant_cents, objective, funding_account,
              funding_account_name_id, funding_agency, managing_agency, us_sector_id, us_sector_name, purpose_code,
              implementing_partner_id, partner_category, activity_id, activity_name_id, activity_description_id,
              transaction_date, redacted, pillar, rule_id)
            SELECT \(run), line, dataset, recipient, country_code, country_name, fiscal_year, fiscal_period, measure,
              current_cents, constant_cents, objective, funding_account, \(id("funding_account_name")), funding_agency,
              managing_agency, us_sector_id, us_sector_name, purpose_code, \(id("implementing_partner")),
              partner_category, activity_id, \(id("activity_name")), \(id("activity_description")), transaction_date,
              redacted, pillar, rule_id
            FROM official_stage s ORDER BY line
            """,
            "DROP TABLE official_stage",
        ]
    }
}
