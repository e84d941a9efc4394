public import AtalayaDomain
public import AtalayaStore
import GRDB

// MARK: - ForeignAssistance.gov and Greenbook rows: import, vintages, figures

extension SQLiteStore {
    /// Imports one official file in a single write transaction; see `LedgerStore.importOfficial`.
    public func importOfficial(
        _ draft: ImportDraft, vintage: String, classifier: OfficialClassifier,
        produce: @escaping @Sendable (_ accept: (OfficialItem) throws -> Void) throws -> ImportFacts
    ) async throws -> OfficialImport {
        let early = draft.sha256
        if let early,
            let existing = try await read({ db in try Self.run(db, sha256: early, sheet: draft.sheet) })
        {
            return OfficialImport(run: existing, alreadyImported: true)
        }
        do {
            // Foreign keys are not enforced while the rows go in (SQLite re-proving them costs 1.5 s per million
            // rows): the only references this transaction writes are the run it inserts first and text ids that
            // `TextStore` has just read from or inserted into `official_text`, in the same transaction, and it
            // deletes nothing.
            let groupsInMemory = rollupGroupsInMemory
            return try await writeUnenforced { db -> OfficialImport in
                try Self.importOfficial(
                    db, draft, vintage: vintage, classifier: classifier, groupsInMemory: groupsInMemory,
                    produce: produce)
            }
        } catch let known as AlreadyImported {
            // Found by the SHA-256 computed while reading: rolled back, answered as for any file imported before.
            return OfficialImport(run: known.run, alreadyImported: true)
        }
    }

    private static func importOfficial(
        _ db: Database, _ draft: ImportDraft, vintage: String, classifier: OfficialClassifier, groupsInMemory: Int,
        produce: (_ accept: (OfficialItem) throws -> Void) throws -> ImportFacts
    ) throws -> OfficialImport {
        if let early = draft.sha256, let existing = try Self.run(db, sha256: early, sheet: draft.sheet) {
            return OfficialImport(run: existing, alreadyImported: true)
        }
        try db.execute(
            sql: """
                INSERT INTO import_run (id, source, file_name, sha256, byte_count, sheet, vintage, imported_at)
                VALUES (\(newRunID), ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                draft.source, draft.fileName, draft.sha256 ?? ImportDraft.hashedWhileReading, draft.byteCount,
                draft.sheet, vintage, Self.now(),
            ])
        let runID = db.lastInsertedRowID
        try Self.recordImportClassification(db, crosswalk: classifier.crosswalk, ratesSource: nil)
        let insert = try OfficialRowInsert(db)
        let session = classifier.session()
        var dataset: OfficialDataset?
        var rows = 0
        var rollup = RollupAccumulator(maxMergedGroups: groupsInMemory)
        let facts = try produce { item in
            switch item {
            case .sums(let sums):
                try rollup.take(sums, db)
            case .row(let row):
                if let dataset, dataset != row.dataset {
                    throw LedgerQueryError(
                        "one file holds rows of two datasets (\(dataset.rawValue), \(row.dataset))")
                }
                dataset = row.dataset
                if let placement = row.placement {
                    try insert.insert(row, run: runID, pillar: placement.pillar, ruleID: placement.ruleID)
                } else {
                    // Not classified by the reader (the country totals, which no rule places): summed here.
                    let placed = session.classify(row)
                    try insert.insert(row, run: runID, pillar: placed?.pillar, ruleID: placed?.ruleID)
                    rollup.add(row, pillar: placed?.pillar)
                    try rollup.flushIfLarge(db)
                }
                rows += 1
            }
        }
        try Self.storeLateSHA256(db, draft, facts, run: runID)
        var warnings = facts.warnings
        var replaced: [Int64: Int] = [:]
        var keptOut: [Int64: Int] = [:]
        if let dataset {
            try rollup.write(db, run: runID, dataset: dataset)
            (replaced, keptOut) = try Self.supersede(db, run: runID, vintage: vintage, dataset: dataset)
        }
        warnings += OfficialImport.olderVintageWarnings(keptOut: keptOut)
        try Self.recordWarnings(db, run: runID, warnings)
        try db.execute(
            sql: """
                UPDATE import_run SET publisher = ?, format_version = ?, imported_at = ?, transactions = ?,
                  warnings = ?
                WHERE id = ?
                """,
            arguments: [facts.publisher, facts.formatVersion, Self.now(), rows, warnings.count, runID])
        guard let run = try Self.run(db, id: runID) else { throw DatabaseError(message: "import run vanished") }
        return OfficialImport(run: run, alreadyImported: false, replaced: replaced, keptOut: keptOut)
    }

    /// For a file hashed while it was read (`draft.sha256` nil): stores the SHA-256 the reader computed on `run`,
    /// or throws `AlreadyImported` (the transaction rolls back) when a stored run has the same bytes.
    static func storeLateSHA256(_ db: Database, _ draft: ImportDraft, _ facts: ImportFacts, run: Int64) throws {
        guard draft.sha256 == nil else { return }
        guard let late = facts.sha256 else {
            throw LedgerQueryError("\(draft.fileName): the file's SHA-256 was not computed while reading")
        }
        if let existing = try Self.run(db, sha256: late, sheet: draft.sheet) { throw AlreadyImported(run: existing) }
        try db.execute(sql: "UPDATE import_run SET sha256 = ? WHERE id = ?", arguments: [late, run])
    }

    /// Builds the rollup rows of one run from its detail rows: one pass over the run (its index), grouped.
    static func buildRollup(_ db: Database, run: Int64?) throws {
        try db.execute(
            sql: """
                INSERT INTO official_rollup (run_id, dataset, measure, recipient, fiscal_year, fiscal_period, objective,
                  pillar, sector_group, account_group, publisher_group, current_cents, constant_cents, current_rows,
                  constant_rows, rows)
                SELECT run_id, dataset, measure, recipient, fiscal_year, fiscal_period, COALESCE(objective, ''), pillar,
                  COALESCE(purpose_code, us_sector_name, 'none'), COALESCE(funding_account, funding_account_name, 'none'),
                  COALESCE(managing_agency, funding_agency, 'none'), SUM(current_cents), SUM(constant_cents),
                  COUNT(current_cents), COUNT(constant_cents), COUNT(*)
                FROM official_row WHERE \(run == nil ? "1" : "run_id = ?")
                GROUP BY run_id, dataset, measure, recipient, fiscal_year, fiscal_period, COALESCE(objective, ''), pillar,
                  COALESCE(purpose_code, us_sector_name, 'none'), COALESCE(funding_account, funding_account_name, 'none'),
                  COALESCE(managing_agency, funding_agency, 'none')
                """, arguments: run.map { [$0] } ?? [])
    }

    /// Marks the rollup rows of older vintages in the same slices (dataset, country, fiscal period, measure,
    /// objective) as superseded by `run`, or `run`'s own as superseded by the newest stored vintage that has the
    /// slice. Returns detail rows replaced and rows kept out, by the other run's id.
    private static func supersede(
        _ db: Database, run: Int64, vintage: String, dataset: OfficialDataset
    ) throws -> (replaced: [Int64: Int], keptOut: [Int64: Int]) {
        // Without figures of another run of this dataset (a first import) there is nothing to supersede either way.
        // Every other run has a smaller id than this one, just inserted; the `+` keeps the lookup on the run index
        // instead of scanning this run's own rows.
        guard
            try Bool.fetchOne(
                db,
                sql: """
                    SELECT EXISTS (
                      SELECT 1 FROM official_rollup WHERE run_id < ? AND +dataset = ? AND +superseded_by IS NULL)
                    """, arguments: [run, dataset.rawValue]) == true
        else { return ([:], [:]) }
        let sliceColumns = "measure, recipient, fiscal_year, fiscal_period, objective"
        let matches = """
            s.measure = o.measure AND s.recipient = o.recipient AND s.fiscal_year = o.fiscal_year
              AND s.fiscal_period = o.fiscal_period AND s.objective = o.objective
            """
        let arguments: StatementArguments = [dataset.rawValue, run, vintage]
        try db.execute(
            sql: """
                CREATE TEMP TABLE newer_slice (measure TEXT, recipient TEXT, fiscal_year INTEGER, fiscal_period TEXT,
                  objective TEXT, vintage TEXT, run_id INTEGER,
                  PRIMARY KEY (measure, recipient, fiscal_year, fiscal_period, objective, vintage, run_id));
                CREATE TEMP TABLE own_slice (measure TEXT, recipient TEXT, fiscal_year INTEGER, fiscal_period TEXT,
                  objective TEXT, PRIMARY KEY (measure, recipient, fiscal_year, fiscal_period, objective));
                """)
        defer { try? db.execute(sql: "DROP TABLE IF EXISTS temp.newer_slice; DROP TABLE IF EXISTS temp.own_slice") }
        // 1. Slices a newer stored vintage holds: this run's rows there stay out of the figures.
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO newer_slice
                  SELECT \(sliceColumns), r.vintage, r.id FROM official_rollup o JOIN import_run r ON r.id = o.run_id
                  WHERE o.dataset = ?1 AND o.superseded_by IS NULL AND o.run_id <> ?2 AND r.vintage > ?3
                """, arguments: arguments)
        try db.execute(
            sql: """
                UPDATE official_rollup AS o SET superseded_by = (
                    SELECT s.run_id FROM newer_slice s WHERE \(matches) ORDER BY s.vintage DESC, s.run_id DESC LIMIT 1)
                  WHERE o.run_id = ?1 AND EXISTS (SELECT 1 FROM newer_slice s WHERE \(matches))
                """, arguments: [run])
        // 2. The slices this run now holds replace those of older (or equal) vintages.
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO own_slice
                  SELECT \(sliceColumns) FROM official_rollup o WHERE o.run_id = ?1 AND o.superseded_by IS NULL
                """, arguments: [run])
        try db.execute(
            sql: """
                UPDATE official_rollup AS o SET superseded_by = ?2
                  WHERE o.dataset = ?1 AND o.superseded_by IS NULL AND o.run_id <> ?2
                    AND o.run_id IN (SELECT id FROM import_run WHERE vintage <= ?3)
                    AND EXISTS (SELECT 1 FROM own_slice s WHERE \(matches))
                """, arguments: arguments)
        let replaced = try Row.fetchAll(
            db, sql: "SELECT run_id, SUM(rows) FROM official_rollup WHERE superseded_by = ? GROUP BY run_id",
            arguments: [run])
        let keptOut = try Row.fetchAll(
            db,
            sql: """
                SELECT superseded_by, SUM(rows) FROM official_rollup WHERE run_id = ? AND superseded_by IS NOT NULL
                GROUP BY superseded_by
                """, arguments: [run])
        return (
            Dictionary(uniqueKeysWithValues: replaced.map { ($0[0] as Int64, $0[1] as Int) }),
            Dictionary(uniqueKeysWithValues: keptOut.map { ($0[0] as Int64, $0[1] as Int) })
        )
    }

    static func recordWarnings(_ db: Database, run: Int64, _ warnings: [StoredWarning]) throws {
        let insertWarning = try PreparedInsert(
            db, "INSERT INTO import_warning (run_id, kind, line, activity, message) VALUES (?1, ?2, ?3, ?4, ?5)")
        for warning in warnings {
            insertWarning.bind(1, run)
            insertWarning.bind(2, warning.kind)
            insertWarning.bind(3, warning.line)
            insertWarning.bind(4, warning.activity)
            insertWarning.bind(5, warning.message)
            try insertWarning.run()
        }
    }

    // MARK: - Diff

    /// Compares two official runs cell by cell: country, fiscal period, measure.
    public func diff(_ before: Int64, _ after: Int64, constantDollars: Bool) async throws -> VintageDiff {
        try await read { db in
            guard let first = try Self.run(db, id: before) else { throw LedgerQueryError("no run \(before)") }
            guard let second = try Self.run(db, id: after) else { throw LedgerQueryError("no run \(after)") }
            try VintageDiff.checkComparable(first, second)
            let datasets = { (run: Int64) in
                Set(
                    try String.fetchAll(
                        db, sql: "SELECT DISTINCT dataset FROM official_rollup WHERE run_id = ?", arguments: [run]))
            }
            try VintageDiff.checkSameDataset(first, try datasets(before), second, try datasets(after))
            let amount = constantDollars ? "constant_cents" : "current_cents"
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT recipient, fiscal_period, measure,
                      SUM(CASE WHEN run_id = ?1 THEN \(amount) END), SUM(CASE WHEN run_id = ?1 THEN rows ELSE 0 END),
                      SUM(CASE WHEN run_id = ?2 THEN \(amount) END), SUM(CASE WHEN run_id = ?2 THEN rows ELSE 0 END)
                    FROM official_rollup WHERE run_id IN (?1, ?2)
                    GROUP BY recipient, fiscal_year, fiscal_period, measure
                    """, arguments: [before, after])
            return try VintageDiff(
                before: first, after: second, constantDollars: constantDollars,
                cells: rows.map { row in
                    (
                        country: row[0], fiscalPeriod: row[1], measure: row[2], before: (row[3], row[4]),
                        after: (row[5], row[6])
                    )
                })
        }
    }

    // MARK: - Figures

    /// Sums current official rows in SQL by recipient, fiscal year, pillar and group.
    func officialPortfolio(_ db: Database, _ query: PortfolioQuery) throws -> PortfolioFigures {
        let dataset = try query.officialDataset()
        let group = query.rollupGroupColumn
        let (amount, counted) =
            query.constantDollars ? ("constant_cents", "constant_rows") : ("current_cents", "current_rows")
        var conditions = ["dataset = ?", "measure = ?", "superseded_by IS NULL"]
        var arguments: [any DatabaseValueConvertible] = [dataset.rawValue, query.measure.rawValue]
        if query.scope == .security { conditions.append("pillar <> 'out_of_scope'") }
        query.appendFilters(
            to: &conditions, &arguments, recipient: "recipient", year: "fiscal_year", publisher: "publisher_group")
        let filter = conditions.joined(separator: " AND ")
        let cells = try Row.fetchAll(
            db,
            sql: """
                SELECT recipient, fiscal_year, fiscal_period, \(group), pillar, SUM(\(amount)), SUM(\(counted)),
                  group_concat(DISTINCT run_id)
                FROM official_rollup WHERE \(filter) AND \(counted) > 0
                GROUP BY recipient, fiscal_year, fiscal_period, pillar, \(group)
                ORDER BY recipient, fiscal_year, fiscal_period, pillar, \(group)
                """, arguments: StatementArguments(arguments)
        ).map { row in
            let year: Int = row[1]
            let period: String = row[2]
            return PortfolioCell(
                country: row[0], year: year, period: period == String(year) ? nil : period, group: row[3],
                pillar: Pillar(rawValue: row[4]), usdCents: row[5], allocations: row[6], runs: Self.runList(row[7]))
        }
        let runIDs = try Int64.fetchAll(
            db, sql: "SELECT DISTINCT run_id FROM official_rollup WHERE \(filter) ORDER BY run_id",
            arguments: StatementArguments(arguments))
        let objectives = try String.fetchAll(
            db,
            sql: """
                SELECT DISTINCT objective FROM official_rollup
                WHERE dataset = ? AND superseded_by IS NULL ORDER BY 1
                """, arguments: [dataset.rawValue])
        let sources = try runIDs.compactMap { try Self.run(db, id: $0) }
        return try PortfolioFigures(
            cells: cells, unconverted: [], sources: sources, crosswalk: try Self.crosswalkLabel(db),
            coverage: SourceCoverage.official(dataset, objectives: objectives, constantDollars: query.constantDollars)
        ).addable()
    }

    /// See `LedgerStore.detailCoverage`.
    public func detailCoverage(country: String, measure: OfficialMeasure) async throws -> DetailCoverage {
        try await read { db in
            let arguments: StatementArguments = [country, measure.rawValue]
            let sums = try Row.fetchAll(
                db, sql: DetailCoverage.sumsSQL(country: "?1", measure: "?2"), arguments: arguments
            ).map { (dataset: $0[0] as String, period: $0[1] as String, year: $0[2] as Int, cents: $0[3] as Cents?) }
            let periodRuns = try Row.fetchAll(
                db, sql: DetailCoverage.periodRunsSQL(country: "?1", measure: "?2"), arguments: arguments
            ).map { (period: $0[0] as String, run: $0[1] as Int64) }
            return try DetailCoverage(
                country: country, measure: measure, years: DetailCoverage.years(sums, periodRuns: periodRuns),
                detailObjectives: try String.fetchAll(
                    db, sql: DetailCoverage.objectivesSQL(country: "?1", measure: "?2"), arguments: arguments),
                sources: try DetailCoverage.runs(periodRuns).compactMap { try Self.run(db, id: $0) }
            ).addable()
        }
    }

    /// Re-derives the pillar and rule of every classified official row; returns rows written.
    static func reclassifyOfficial(_ db: Database, classifier: OfficialClassifier) throws -> Int {
        let update = try db.makeStatement(sql: "UPDATE official_amount SET pillar = ?, rule_id = ? WHERE id = ?")
        let session = classifier.session()
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, dataset, recipient, country_name, fiscal_year, measure, objective, funding_account,
                  funding_account_name, us_sector_id, purpose_code, activity_name, activity_description
                FROM official_row WHERE dataset <> 'fa-summary'
                """)
        var updates: [(Int64, Pillar, String)] = []
        while let row = try cursor.next() {
            let amount = OfficialAmount(
                dataset: OfficialDataset(rawValue: row[1]) ?? .faComplete, line: 1, recipient: row[2],
                countryCode: nil, countryName: row[3], fiscalYear: OfficialFiscalYear(year: row[4]),
                measure: OfficialMeasure(rawValue: row[5]) ?? .obligation, currentCents: nil, constantCents: nil,
                objective: row[6], fundingAccount: row[7], fundingAccountName: row[8], usSectorID: row[9],
                purposeCode: row[10], activityName: row[11], activityDescription: row[12])
            if let placed = session.classify(amount) { updates.append((row[0], placed.pillar, placed.ruleID)) }
        }
        for (id, pillar, rule) in updates { try update.execute(arguments: [pillar.rawValue, rule, id]) }
        // Rebuild the rollup; which run is current for each slice does not depend on pillars, so it is kept.
        try db.execute(
            sql: """
                CREATE TEMP TABLE kept_supersession (run_id INTEGER, measure TEXT, recipient TEXT,
                  fiscal_year INTEGER, fiscal_period TEXT, objective TEXT, superseded_by INTEGER,
                  PRIMARY KEY (run_id, measure, recipient, fiscal_year, fiscal_period, objective));
                INSERT OR IGNORE INTO kept_supersession
                  SELECT run_id, measure, recipient, fiscal_year, fiscal_period, objective, superseded_by
                  FROM official_rollup WHERE superseded_by IS NOT NULL;
                DELETE FROM official_rollup;
                """)
        try buildRollup(db, run: nil)
        try db.execute(
            sql: """
                UPDATE official_rollup AS o SET superseded_by = (
                    SELECT k.superseded_by FROM kept_supersession k WHERE k.run_id = o.run_id AND k.measure = o.measure
                      AND k.recipient = o.recipient AND k.fiscal_year = o.fiscal_year
                      AND k.fiscal_period = o.fiscal_period AND k.objective = o.objective);
                DROP TABLE temp.kept_supersession;
                """)
        return updates.count
    }
}
