public import AtalayaDomain
public import AtalayaStore
import Logging
import PostgresNIO

// MARK: - ForeignAssistance.gov and Greenbook rows on PostgreSQL: import, vintages, figures

extension PostgresStore {
    /// Imports one official file in one transaction; see `LedgerStore.importOfficial`. The reading thread parses,
    /// classifies and writes the COPY rows of `official_text` and `official_amount` itself, giving each long text an
    /// id once (`OfficialTexts`); texts that an earlier import already stored are merged into the stored ones at the
    /// end, so each is stored once, as on SQLite. The run's rollup is summed in SQL.
    public func importOfficial(
        _ draft: ImportDraft, vintage: String, classifier: OfficialClassifier,
        produce: @escaping @Sendable (_ accept: (OfficialItem) throws -> Void) throws -> ImportFacts
    ) async throws -> OfficialImport {
        let logger = self.logger
        return try await importing(
            sha256: draft.sha256, sheet: draft.sheet, skip: { OfficialImport(run: $0, alreadyImported: true) }
        ) {
            connection in
            let runID = try await Self.insertRun(connection, draft, vintage: vintage, logger: logger)
            try await Self.recordImportClassification(
                connection, crosswalk: classifier.crosswalk, ratesSource: nil, logger: logger)
            let firstText = try await connection.query(
                "SELECT nextval(pg_get_serial_sequence('official_text', 'id'))", logger: logger
            ).collect()[0].decode(Int64.self)
            let (facts, dataset, rows, nextText) = try await ThreadToAsyncPipe<
                OfficialRows, (ImportFacts, OfficialDataset?, Int, Int64)
            >.run(
                thread: "atalaya-pg-official",
                produce: { pipe in
                    let session = classifier.session()
                    var texts = OfficialTexts(next: firstText)
                    var dataset: OfficialDataset?
                    var rows = 0
                    var batch = [OfficialRows()]
                    let facts = try produce { item in
                        // The rollup is summed in SQL over the stored rows, so the reader's sums are not needed.
                        guard case .row(let row) = item else { return }
                        if let dataset, dataset != row.dataset {
                            throw LedgerQueryError(
                                "one file holds rows of two datasets (\(dataset.rawValue), \(row.dataset))")
                        }
                        dataset = row.dataset
                        let placed = row.placement.map { ($0.pillar, $0.ruleID) } ?? session.classify(row)
                        batch[0].append(row, run: runID, pillar: placed?.0, ruleID: placed?.1, texts: &texts)
                        rows += 1
                        if batch[0].amounts.count == 10_000 {
                            try pipe.flush(&batch)
                            batch = [OfficialRows()]
                        }
                    }
                    if batch[0].amounts.count > 0 { try pipe.flush(&batch) }
                    return (facts, dataset, rows, texts.next)
                },
                consume: { batches in
                    for batch in batches {
                        try await connection.copy(
                            batch.texts, into: "official_text", columns: ["id", "hash", "text"], logger: logger)
                        try await connection.copy(
                            batch.amounts, into: "official_amount", columns: OfficialRows.columns, logger: logger)
                    }
                })
            try await connection.query(
                "SELECT setval(pg_get_serial_sequence('official_text', 'id'), \(nextText), false)", logger: logger)
            try await Self.mergeTexts(connection, run: runID, from: firstText, logger: logger)
            try await Self.storeLateSHA256(connection, draft, facts, run: runID, logger: logger)
            var warnings = facts.warnings
            var replaced: [Int64: Int] = [:]
            var keptOut: [Int64: Int] = [:]
            if let dataset {
                try await Self.buildOfficialRollup(connection, run: runID, logger: logger)
                (replaced, keptOut) = try await Self.supersede(
                    connection, run: runID, vintage: vintage, dataset: dataset, logger: logger)
            }
            warnings += OfficialImport.olderVintageWarnings(keptOut: keptOut)
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
              objective TEXT, vintage TEXT, run_id BIGINT,
              PRIMARY KEY (measure, recipient, fiscal_year, fiscal_period, objective, vintage, run_id)) ON COMMIT DROP
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
              objective TEXT, PRIMARY KEY (measure, recipient, fiscal_year, fiscal_period, objective)) ON COMMIT DROP
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

/// The COPY rows of a batch of official rows: the long texts first seen in it, and the rows.
struct OfficialRows: Sendable {
    var texts = CopyRows()
    var amounts = CopyRows()

    static let columns = [
        "run_id", "line", "dataset", "recipient", "country_code", "country_name", "fiscal_year", "fiscal_period",
        "measure", "current_cents", "constant_cents", "objective", "funding_account", "funding_account_name_id",
        "funding_agency", "managing_agency", "us_sector_id", "us_sector_name", "purpose_code",
        "implementing_partner_id", "partner_category", "activity_id", "activity_name_id", "activity_description_id",
        "transaction_date", "redacted", "pillar", "rule_id",
    ]

    /// Appends one classified row, in the order of `columns`, and any of its texts not yet given an id.
    mutating func append(
        _ row: OfficialAmount, run: Int64, pillar: Pillar?, ruleID: String?, texts store: inout OfficialTexts
    ) {
        let accountName = store.id(row.fundingAccountName, into: &texts)
        let partner = store.id(row.implementingPartner, into: &texts)
        let name = store.id(row.activityName, into: &texts)
        let description = store.id(row.activityDescription, into: &texts)
        amounts.append(
            .i(run), .i(row.line), .t(row.dataset.rawValue), .t(row.recipient), .t(row.countryCode),
            .t(row.countryName), .i(row.fiscalYear.year), .t(row.fiscalYear.label), .t(row.measure.rawValue),
            .i(row.currentCents), .i(row.constantCents), .t(row.objective), .t(row.fundingAccount), .i(accountName),
            .t(row.fundingAgency), .t(row.managingAgency), .t(row.usSectorID), .t(row.usSectorName),
            .t(row.purposeCode), .i(partner), .t(row.partnerCategory), .t(row.activityID), .i(name), .i(description),
            .t(row.transactionDate), .i(row.redacted ? 1 : 0), .t(pillar?.rawValue), .t(ruleID))
    }
}

/// The ids of the long texts an official import has written, on its reading thread. Ids come from the
/// `official_text` sequence, which no one else draws on while the import holds the import lock. Past `maxBytes` of
/// remembered text the memory is emptied and a text may be written again; `mergeTexts` folds such repeats (and texts
/// stored by earlier imports) into one row at the end.
struct OfficialTexts {
    /// The next id to give.
    var next: Int64
    private var known: [TextKey: Int64] = [:]
    private var knownBytes = 0
    private let maxBytes = 32 << 20

    init(next: Int64) { self.next = next }

    /// The id of `text` (nil for nil), appending its row to `rows` when it is new.
    mutating func id(_ text: String?, into rows: inout CopyRows) -> Int64? {
        guard let text else { return nil }
        let key = TextKey(text)
        if let id = known[key] { return id }
        let id = next
        next += 1
        rows.append(.i(id), .i(TextHash.fnv1a(text)), .t(text))
        if knownBytes > maxBytes {
            known.removeAll(keepingCapacity: true)
            knownBytes = 0
        }
        known[key] = id
        knownBytes += text.utf8.count
        return id
    }
}

extension PostgresStore {
    /// Folds each text this import wrote (ids from `first` on) that is already stored under a smaller id into that
    /// one: the run's rows are pointed at it and the repeat is deleted.
    static func mergeTexts(_ connection: PostgresConnection, run: Int64, from first: Int64, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            CREATE TEMP TABLE text_repeat (repeat_id BIGINT PRIMARY KEY, kept_id BIGINT NOT NULL) ON COMMIT DROP
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO text_repeat
              SELECT n.id, MIN(o.id) FROM official_text n
              JOIN official_text o ON o.hash = n.hash AND o.text = n.text AND o.id < n.id
              WHERE n.id >= \(first) GROUP BY n.id
            """, logger: logger)
        let repeats = try await connection.query("SELECT COUNT(*) FROM text_repeat", logger: logger)
            .collect()[0].decode(Int64.self)
        if repeats > 0 {
            let columns = [
                "funding_account_name_id", "implementing_partner_id", "activity_name_id", "activity_description_id",
            ]
            let kept = { (column: String) in
                "\(column) = COALESCE((SELECT kept_id FROM text_repeat WHERE repeat_id = a.\(column)), a.\(column))"
            }
            try await connection.query(
                """
                UPDATE official_amount a SET \(unescaped: columns.map(kept).joined(separator: ", "))
                WHERE a.run_id = \(run) AND (\(unescaped: columns.map { "a.\($0) >= \(first)" }.joined(separator: " OR ")))
                """, logger: logger)
            try await connection.query(
                "DELETE FROM official_text WHERE id IN (SELECT repeat_id FROM text_repeat)", logger: logger)
        }
        try await connection.query("DROP TABLE text_repeat", logger: logger)
    }
}
