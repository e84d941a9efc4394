import GRDB

// MARK: - Append-only, named migrations (never edit a shipped one)

extension SQLiteStore {
    /// Every migration in order; PostgreSQL will carry the same names.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger") { db in
            try db.execute(sql: v1Ledger)
        }
        migrator.registerMigration("v2-official-figures") { db in
            try db.execute(sql: v2OfficialFigures)
        }
        migrator.registerMigration("v3-outcome-series") { db in
            try db.execute(sql: v3OutcomeSeries)
        }
        migrator.registerMigration("v4-engagements") { db in
            try db.execute(sql: v4Engagements)
        }
        migrator.registerMigration("v5-web-rollup-search") { db in
            try db.execute(sql: v5WebRollupSearch)
            try AllocationRollup.rebuild(db)
        }
        migrator.registerMigration("v6-import-run-size") { db in
            try db.execute(sql: v6ImportRunSize)
        }
        migrator.registerMigration("v7-leaner-writes") { db in
            try db.execute(sql: v7LeanerWrites)
        }
        migrator.registerMigration("v8-lighter-transactions") { db in
            try db.execute(sql: v8LighterTransactions)
        }
        migrator.registerMigration("v9-run-removal") { db in
            try db.execute(sql: v9RunRemoval)
        }
        migrator.registerMigration("v10-monitoring") { db in
            try db.execute(sql: v10Monitoring)
        }
        migrator.registerMigration("v11-freedom-house") { db in
            try db.execute(sql: v11FreedomHouse)
        }
        migrator.registerMigration("v12-cosignatures") { db in
            try db.execute(sql: v12Cosignatures)
        }
        migrator.registerMigration("v13-state-budget") { db in
            try db.execute(sql: v13StateBudget)
        }
        migrator.registerMigration("v14-run-sheets") { db in
            try db.execute(sql: v14RunSheets)
        }
        return migrator
    }

    /// The names of the migrations, in order.
    public static var migrationNames: [String] { migrator.migrations }

    static let pillarList =
        "'interdiction','intelligence','law_enforcement','justice','anti_corruption','governance',"
        + "'prevention','border_migration','unclassified','out_of_scope'"

    static let v1Ledger = """
        CREATE TABLE import_run (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL CHECK (source IN ('iati')),
            file_name TEXT NOT NULL CHECK (file_name <> ''),
            sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
            publisher TEXT,
            vintage TEXT,
            format_version TEXT,
            imported_at TEXT NOT NULL,
            activities_new INTEGER NOT NULL DEFAULT 0 CHECK (activities_new >= 0),
            activities_updated INTEGER NOT NULL DEFAULT 0 CHECK (activities_updated >= 0),
            activities_unchanged INTEGER NOT NULL DEFAULT 0 CHECK (activities_unchanged >= 0),
            transactions INTEGER NOT NULL DEFAULT 0 CHECK (transactions >= 0),
            warnings INTEGER NOT NULL DEFAULT 0 CHECK (warnings >= 0)
        ) STRICT;

        CREATE TABLE import_warning (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            line INTEGER NOT NULL CHECK (line >= 0),
            activity TEXT,
            message TEXT NOT NULL
        ) STRICT;
        CREATE INDEX import_warning_run ON import_warning(run_id);

        CREATE TABLE activity (
            id INTEGER PRIMARY KEY,
            iati_identifier TEXT NOT NULL UNIQUE CHECK (iati_identifier <> ''),
            run_id INTEGER NOT NULL REFERENCES import_run(id),
            source_line INTEGER NOT NULL,
            last_updated TEXT,
            default_currency TEXT,
            default_language TEXT,
            hierarchy INTEGER NOT NULL DEFAULT 1,
            humanitarian INTEGER CHECK (humanitarian IN (0, 1)),
            status TEXT,
            reporting_org_ref TEXT,
            reporting_org_type TEXT,
            reporting_org_names TEXT NOT NULL DEFAULT '[]',
            funding_account TEXT,
            dates TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX activity_run ON activity(run_id);

        CREATE TABLE narrative (
            id INTEGER PRIMARY KEY,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            owner TEXT NOT NULL CHECK (owner IN ('title', 'description')),
            seq INTEGER NOT NULL,
            language TEXT,
            text TEXT NOT NULL,
            UNIQUE (activity_id, owner, seq)
        ) STRICT;

        CREATE TABLE participating_org (
            id INTEGER PRIMARY KEY,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            ref TEXT,
            role TEXT,
            type TEXT,
            activity_ref TEXT,
            names TEXT NOT NULL DEFAULT '[]',
            UNIQUE (activity_id, seq)
        ) STRICT;

        CREATE TABLE activity_recipient (
            id INTEGER PRIMARY KEY,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('country', 'region', 'non_iso_country')),
            code TEXT NOT NULL CHECK (code <> ''),
            vocabulary TEXT,
            percentage_milli INTEGER CHECK (percentage_milli >= 0),
            UNIQUE (activity_id, seq)
        ) STRICT;

        CREATE TABLE activity_sector (
            id INTEGER PRIMARY KEY,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            vocabulary TEXT NOT NULL,
            code TEXT NOT NULL CHECK (code <> ''),
            percentage_milli INTEGER CHECK (percentage_milli >= 0),
            name TEXT,
            UNIQUE (activity_id, seq)
        ) STRICT;

        CREATE TABLE txn (
            id INTEGER PRIMARY KEY,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL CHECK (seq >= 0),
            ref TEXT,
            type TEXT NOT NULL CHECK (type <> ''),
            date TEXT,
            value_cents INTEGER NOT NULL,
            currency TEXT CHECK (currency IS NULL OR length(currency) = 3),
            value_date TEXT,
            provider_ref TEXT,
            provider_type TEXT,
            provider_activity TEXT,
            provider_names TEXT,
            receiver_ref TEXT,
            receiver_type TEXT,
            receiver_activity TEXT,
            receiver_names TEXT,
            funding_account TEXT,
            source_line INTEGER NOT NULL,
            UNIQUE (activity_id, seq)
        ) STRICT;

        CREATE TABLE txn_sector (
            id INTEGER PRIMARY KEY,
            txn_id INTEGER NOT NULL REFERENCES txn(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            vocabulary TEXT NOT NULL,
            code TEXT NOT NULL CHECK (code <> ''),
            percentage_milli INTEGER CHECK (percentage_milli >= 0),
            name TEXT,
            UNIQUE (txn_id, seq)
        ) STRICT;

        CREATE TABLE txn_recipient (
            id INTEGER PRIMARY KEY,
            txn_id INTEGER NOT NULL REFERENCES txn(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('country', 'region', 'non_iso_country')),
            code TEXT NOT NULL CHECK (code <> ''),
            vocabulary TEXT,
            percentage_milli INTEGER CHECK (percentage_milli >= 0),
            UNIQUE (txn_id, seq)
        ) STRICT;

        CREATE TABLE budget (
            id INTEGER PRIMARY KEY,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            type TEXT,
            status TEXT,
            period_start TEXT,
            period_end TEXT,
            value_cents INTEGER NOT NULL,
            currency TEXT CHECK (currency IS NULL OR length(currency) = 3),
            value_date TEXT,
            UNIQUE (activity_id, seq)
        ) STRICT;

        CREATE TABLE result (
            id INTEGER PRIMARY KEY,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            type TEXT,
            titles TEXT NOT NULL DEFAULT '[]',
            UNIQUE (activity_id, seq)
        ) STRICT;

        CREATE TABLE indicator (
            id INTEGER PRIMARY KEY,
            result_id INTEGER NOT NULL REFERENCES result(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            measure TEXT,
            ascending INTEGER NOT NULL CHECK (ascending IN (0, 1)),
            titles TEXT NOT NULL DEFAULT '[]',
            baseline_year TEXT,
            baseline_value TEXT,
            UNIQUE (result_id, seq)
        ) STRICT;

        CREATE TABLE indicator_period (
            id INTEGER PRIMARY KEY,
            indicator_id INTEGER NOT NULL REFERENCES indicator(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            period_start TEXT,
            period_end TEXT,
            target TEXT,
            actual TEXT,
            comments TEXT NOT NULL DEFAULT '[]',
            UNIQUE (indicator_id, seq)
        ) STRICT;

        CREATE TABLE classification (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            crosswalk_id TEXT NOT NULL,
            crosswalk_version TEXT NOT NULL,
            rates_source TEXT NOT NULL,
            applied_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE allocation (
            id INTEGER PRIMARY KEY,
            txn_id INTEGER NOT NULL REFERENCES txn(id) ON DELETE CASCADE,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            part INTEGER NOT NULL CHECK (part >= 0),
            measure TEXT NOT NULL CHECK (measure IN ('commitment', 'disbursement', 'expenditure')),
            fiscal_year INTEGER,
            calendar_year INTEGER,
            recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('country', 'region', 'non_iso_country', 'none')),
            recipient_code TEXT NOT NULL,
            recipient_vocabulary TEXT,
            recipient TEXT NOT NULL,
            sector_vocabulary TEXT,
            sector_code TEXT,
            funding_account TEXT,
            publisher TEXT,
            pillar TEXT NOT NULL CHECK (pillar IN (\(pillarList))),
            rule_id TEXT NOT NULL CHECK (rule_id <> ''),
            amount_cents INTEGER NOT NULL,
            currency TEXT,
            usd_cents INTEGER,
            rate_year INTEGER,
            flags INTEGER NOT NULL DEFAULT 0 CHECK (flags >= 0),
            UNIQUE (txn_id, part),
            CHECK ((usd_cents IS NULL) = (rate_year IS NULL))
        ) STRICT;
        CREATE INDEX allocation_figures ON allocation(measure, pillar, recipient, fiscal_year);
        CREATE INDEX allocation_activity ON allocation(activity_id);
        CREATE INDEX narrative_activity ON narrative(activity_id);
        CREATE INDEX participating_org_activity ON participating_org(activity_id);
        CREATE INDEX activity_recipient_activity ON activity_recipient(activity_id);
        CREATE INDEX activity_sector_activity ON activity_sector(activity_id);
        CREATE INDEX txn_activity ON txn(activity_id);
        CREATE INDEX txn_sector_txn ON txn_sector(txn_id);
        CREATE INDEX txn_recipient_txn ON txn_recipient(txn_id);
        CREATE INDEX budget_activity ON budget(activity_id);
        CREATE INDEX result_activity ON result(activity_id);
        CREATE INDEX indicator_result ON indicator(result_id);
        CREATE INDEX indicator_period_indicator ON indicator_period(indicator_id);
        """

    /// The pillar ids, written out: a shipped migration must not change when the Swift enum does.
    static let pillars = [
        "interdiction", "intelligence", "law_enforcement", "justice", "anti_corruption", "governance", "prevention",
        "border_migration", "unclassified", "out_of_scope",
    ]

    /// A CHECK that `column` is one of `values`, written as CASE: SQLite builds an ephemeral B-tree for every row
    /// it checks against an `IN (…)` list, which made bulk inserts measurably slower.
    static func oneOf(_ column: String, _ values: [String]) -> String {
        "CASE \(column) " + values.map { "WHEN '\($0)' THEN 1 " }.joined() + "ELSE 0 END = 1"
    }

    /// ForeignAssistance.gov and Greenbook rows, each kept with its run; older vintages stay for `runs --diff`.
    static let v2OfficialFigures = """
        CREATE TABLE import_run_v2 (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL CHECK (\(oneOf("source", ["iati", "fa", "greenbook", "indicators", "engagements"]))),
            file_name TEXT NOT NULL CHECK (file_name <> ''),
            sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
            publisher TEXT,
            vintage TEXT,
            format_version TEXT,
            imported_at TEXT NOT NULL,
            activities_new INTEGER NOT NULL DEFAULT 0 CHECK (activities_new >= 0),
            activities_updated INTEGER NOT NULL DEFAULT 0 CHECK (activities_updated >= 0),
            activities_unchanged INTEGER NOT NULL DEFAULT 0 CHECK (activities_unchanged >= 0),
            transactions INTEGER NOT NULL DEFAULT 0 CHECK (transactions >= 0),
            warnings INTEGER NOT NULL DEFAULT 0 CHECK (warnings >= 0)
        ) STRICT;
        INSERT INTO import_run_v2 SELECT * FROM import_run;
        DROP TABLE import_run;
        ALTER TABLE import_run_v2 RENAME TO import_run;

        -- v1's CHECK (x IN (3 or more values)) made SQLite build an ephemeral B-tree for every row inserted; the
        -- three tables written per transaction are rebuilt with the same constraints written as CASE.
        CREATE TABLE activity_recipient_v2 (
            id INTEGER PRIMARY KEY,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (\(oneOf("kind", ["country", "region", "non_iso_country"]))),
            code TEXT NOT NULL CHECK (code <> ''),
            vocabulary TEXT,
            percentage_milli INTEGER CHECK (percentage_milli >= 0),
            UNIQUE (activity_id, seq)
        ) STRICT;
        INSERT INTO activity_recipient_v2 SELECT * FROM activity_recipient;
        DROP TABLE activity_recipient;
        ALTER TABLE activity_recipient_v2 RENAME TO activity_recipient;
        CREATE INDEX activity_recipient_activity ON activity_recipient(activity_id);

        CREATE TABLE txn_recipient_v2 (
            id INTEGER PRIMARY KEY,
            txn_id INTEGER NOT NULL REFERENCES txn(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (\(oneOf("kind", ["country", "region", "non_iso_country"]))),
            code TEXT NOT NULL CHECK (code <> ''),
            vocabulary TEXT,
            percentage_milli INTEGER CHECK (percentage_milli >= 0),
            UNIQUE (txn_id, seq)
        ) STRICT;
        INSERT INTO txn_recipient_v2 SELECT * FROM txn_recipient;
        DROP TABLE txn_recipient;
        ALTER TABLE txn_recipient_v2 RENAME TO txn_recipient;
        CREATE INDEX txn_recipient_txn ON txn_recipient(txn_id);

        CREATE TABLE allocation_v2 (
            id INTEGER PRIMARY KEY,
            txn_id INTEGER NOT NULL REFERENCES txn(id) ON DELETE CASCADE,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            part INTEGER NOT NULL CHECK (part >= 0),
            measure TEXT NOT NULL CHECK (\(oneOf("measure", ["commitment", "disbursement", "expenditure"]))),
            fiscal_year INTEGER,
            calendar_year INTEGER,
            recipient_kind TEXT NOT NULL
                CHECK (\(oneOf("recipient_kind", ["country", "region", "non_iso_country", "none"]))),
            recipient_code TEXT NOT NULL,
            recipient_vocabulary TEXT,
            recipient TEXT NOT NULL,
            sector_vocabulary TEXT,
            sector_code TEXT,
            funding_account TEXT,
            publisher TEXT,
            pillar TEXT NOT NULL CHECK (\(oneOf("pillar", pillars))),
            rule_id TEXT NOT NULL CHECK (rule_id <> ''),
            amount_cents INTEGER NOT NULL,
            currency TEXT,
            usd_cents INTEGER,
            rate_year INTEGER,
            flags INTEGER NOT NULL DEFAULT 0 CHECK (flags >= 0),
            UNIQUE (txn_id, part),
            CHECK ((usd_cents IS NULL) = (rate_year IS NULL))
        ) STRICT;
        INSERT INTO allocation_v2 SELECT * FROM allocation;
        DROP TABLE allocation;
        ALTER TABLE allocation_v2 RENAME TO allocation;
        CREATE INDEX allocation_figures ON allocation(measure, pillar, recipient, fiscal_year);
        CREATE INDEX allocation_activity ON allocation(activity_id);

        -- Long texts that repeat across rows (an activity's name and description appear on every transaction of
        -- it) are stored once; `hash` is FNV-1a 64 of the UTF-8, for lookup.
        CREATE TABLE official_text (
            id INTEGER PRIMARY KEY,
            hash INTEGER NOT NULL,
            text TEXT NOT NULL
        ) STRICT;
        CREATE INDEX official_text_hash ON official_text(hash);

        CREATE TABLE official_amount (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id),
            line INTEGER NOT NULL CHECK (line > 0),
            dataset TEXT NOT NULL CHECK (\(oneOf("dataset", ["fa-complete", "fa-summary", "greenbook"]))),
            recipient TEXT NOT NULL CHECK (recipient <> ''),
            country_code TEXT,
            country_name TEXT NOT NULL,
            fiscal_year INTEGER NOT NULL CHECK (fiscal_year >= 1900),
            fiscal_period TEXT NOT NULL,
            measure TEXT NOT NULL CHECK (\(oneOf("measure", ["obligation", "disbursement", "appropriated_planned", "initial_allocation", "budget_request"]))),
            current_cents INTEGER,
            constant_cents INTEGER,
            objective TEXT,
            funding_account TEXT,
            funding_account_name_id INTEGER REFERENCES official_text(id),
            funding_agency TEXT,
            managing_agency TEXT,
            us_sector_id TEXT,
            us_sector_name TEXT,
            purpose_code TEXT,
            implementing_partner_id INTEGER REFERENCES official_text(id),
            partner_category TEXT,
            activity_id TEXT,
            activity_name_id INTEGER REFERENCES official_text(id),
            activity_description_id INTEGER REFERENCES official_text(id),
            transaction_date TEXT,
            redacted INTEGER NOT NULL CHECK (redacted = 0 OR redacted = 1),
            pillar TEXT CHECK (pillar IS NULL OR \(oneOf("pillar", pillars))),
            rule_id TEXT CHECK (rule_id IS NULL OR rule_id <> ''),
            CHECK ((pillar IS NULL) = (rule_id IS NULL)),
            CHECK ((pillar IS NULL) = (dataset = 'fa-summary'))
        ) STRICT;
        CREATE INDEX official_amount_run ON official_amount(run_id);

        -- The rows with their texts, under the dataset's own column meanings.
        CREATE VIEW official_row AS
            SELECT o.*, an.text AS funding_account_name, ip.text AS implementing_partner, nm.text AS activity_name,
              ds.text AS activity_description
            FROM official_amount o
            LEFT JOIN official_text an ON an.id = o.funding_account_name_id
            LEFT JOIN official_text ip ON ip.id = o.implementing_partner_id
            LEFT JOIN official_text nm ON nm.id = o.activity_name_id
            LEFT JOIN official_text ds ON ds.id = o.activity_description_id;

        -- Figures are read from this rollup, built at import (one pass over the run's rows), never from a
        -- GROUP BY over the rows on the request path. A row here is one run's money for one slice (measure,
        -- recipient, fiscal period, objective) and one pillar/sector/account/agency; a newer vintage of a
        -- slice supersedes the older runs' rollup rows for it, while the detail rows of every vintage stay.
        CREATE TABLE official_rollup (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id),
            dataset TEXT NOT NULL CHECK (\(oneOf("dataset", ["fa-complete", "fa-summary", "greenbook"]))),
            measure TEXT NOT NULL,
            recipient TEXT NOT NULL,
            fiscal_year INTEGER NOT NULL,
            fiscal_period TEXT NOT NULL,
            objective TEXT NOT NULL,
            pillar TEXT,
            sector_group TEXT NOT NULL,
            account_group TEXT NOT NULL,
            publisher_group TEXT NOT NULL,
            current_cents INTEGER,
            constant_cents INTEGER,
            current_rows INTEGER NOT NULL CHECK (current_rows >= 0),
            constant_rows INTEGER NOT NULL CHECK (constant_rows >= 0),
            rows INTEGER NOT NULL CHECK (rows > 0),
            superseded_by INTEGER REFERENCES import_run(id),
            CHECK (superseded_by IS NULL OR superseded_by <> run_id)
        ) STRICT;
        CREATE INDEX official_rollup_figures
            ON official_rollup(dataset, measure, superseded_by, recipient, fiscal_year);
        CREATE INDEX official_rollup_run ON official_rollup(run_id);
        """

    /// Country indicator series (WGI, homicide rates, a user's own), each point with its source and edition.
    static let v3OutcomeSeries = """
        CREATE TABLE series_point (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id),
            source TEXT NOT NULL CHECK (\(oneOf("source", ["wgi", "homicide", "long", "gitoc", "cpi", "wjp", "fsi"]))),
            edition TEXT NOT NULL CHECK (edition <> ''),
            indicator TEXT NOT NULL CHECK (indicator <> ''),
            country TEXT NOT NULL CHECK (country <> ''),
            year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
            value TEXT NOT NULL CHECK (value <> ''),
            number REAL NOT NULL,
            standard_error REAL CHECK (standard_error IS NULL OR standard_error >= 0),
            line INTEGER NOT NULL CHECK (line > 0),
            UNIQUE (source, edition, indicator, country, year)
        ) STRICT;
        CREATE INDEX series_point_country ON series_point(country, indicator);
        CREATE INDEX series_point_run ON series_point(run_id);
        """

    /// High-level engagements with their partner countries and commitments; each names its source.
    static let v4Engagements = """
        CREATE TABLE engagement (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES import_run(id),
            date TEXT NOT NULL CHECK (length(date) = 10),
            end_date TEXT CHECK (end_date IS NULL OR end_date >= date),
            kind TEXT NOT NULL CHECK (\(oneOf("kind", ["visit", "dialogue", "agreement", "joint_strategy", "other"]))),
            level TEXT NOT NULL CHECK (\(oneOf("level", ["head_of_state", "ministerial", "senior_official", "working"]))),
            us_participants TEXT,
            partner_participants TEXT,
            topics TEXT NOT NULL DEFAULT '',
            pillars TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL CHECK (summary <> ''),
            source_url TEXT NOT NULL CHECK (source_url <> ''),
            source_published TEXT,
            UNIQUE (date, kind, source_url, summary)
        ) STRICT;
        CREATE TABLE engagement_country (
            engagement_id INTEGER NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
            country TEXT NOT NULL CHECK (length(country) = 2),
            PRIMARY KEY (engagement_id, country)
        ) STRICT;
        CREATE INDEX engagement_country_country ON engagement_country(country);
        CREATE TABLE engagement_commitment (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL CHECK (text <> ''),
            due TEXT CHECK (due IS NULL OR length(due) = 10),
            status TEXT NOT NULL CHECK (\(oneOf("status", ["open", "met", "missed"]))),
            UNIQUE (engagement_id, seq)
        ) STRICT;
        """

    /// The IATI rollup the figures read (rebuilt at import and reclassification, never summed per request), and
    /// full-text search over titles and descriptions in any language (FTS5, diacritics folded: `corrupcion`
    /// finds `corrupción`), kept in step with `narrative` by triggers.
    static let v5WebRollupSearch = """
        CREATE TABLE allocation_rollup (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id),
            measure TEXT NOT NULL,
            recipient TEXT NOT NULL,
            fiscal_year INTEGER,
            calendar_year INTEGER,
            pillar TEXT NOT NULL,
            sector_group TEXT NOT NULL,
            account_group TEXT NOT NULL,
            publisher_group TEXT NOT NULL,
            currency TEXT,
            usd_cents INTEGER,
            amount_cents INTEGER NOT NULL,
            allocations INTEGER NOT NULL CHECK (allocations > 0)
        ) STRICT;
        CREATE INDEX allocation_rollup_figures ON allocation_rollup(measure, recipient, fiscal_year);

        CREATE VIRTUAL TABLE narrative_search USING fts5(
            text, content = 'narrative', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
        CREATE TRIGGER narrative_search_insert AFTER INSERT ON narrative BEGIN
            INSERT INTO narrative_search (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER narrative_search_delete AFTER DELETE ON narrative BEGIN
            INSERT INTO narrative_search (narrative_search, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER narrative_search_update AFTER UPDATE ON narrative BEGIN
            INSERT INTO narrative_search (narrative_search, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO narrative_search (rowid, text) VALUES (new.id, new.text);
        END;
        INSERT INTO narrative_search (narrative_search) VALUES ('rebuild');
        """

    /// The size of each imported file: a file whose size no stored run has cannot be one already imported, so its
    /// SHA-256 can be computed while it is read instead of in a pass before (NULL for runs from before this).
    static let v6ImportRunSize = """
        ALTER TABLE import_run ADD COLUMN byte_count INTEGER CHECK (byte_count IS NULL OR byte_count >= 0);
        CREATE INDEX import_run_byte_count ON import_run(byte_count);
        """

    /// Less work for every imported row, nothing lost:
    /// - the index on each child table's parent column goes, as its `UNIQUE (parent, seq)` key already serves every
    ///   lookup and cascading delete by parent;
    /// - the import writes a narrative's search entry itself (`LedgerWriter`) instead of by trigger. An `INSERT` that
    ///   fires a trigger keeps a statement journal, and for a narrative that meant copying four 16 KB pages to a
    ///   temporary file per row (1 GB for a 55 MB IATI file). The delete and update triggers stay.
    static let v7LeanerWrites = """
        DROP INDEX narrative_activity;
        DROP INDEX participating_org_activity;
        DROP INDEX activity_recipient_activity;
        DROP INDEX activity_sector_activity;
        DROP INDEX txn_activity;
        DROP INDEX txn_sector_txn;
        DROP INDEX txn_recipient_txn;
        DROP INDEX budget_activity;
        DROP INDEX result_activity;
        DROP INDEX indicator_result;
        DROP INDEX indicator_period_indicator;
        DROP TRIGGER narrative_search_insert;
        """

    /// Less work again for every imported transaction, nothing lost:
    /// - `allocation_figures` goes. The figures read `allocation_rollup`, and the per-country queries that still read
    ///   `allocation` (accountability, implementers, indicator readings, burden sharing) could use only its first
    ///   column, `measure`, which is no faster than reading the table (measured on the demo ledger and on a 55 MB
    ///   synthetic import: 2–9 ms either way). Keeping it up cost a third of each allocation row's insert.
    /// - A transaction's sectors and recipients are stored in the order of their key `(txn_id, seq)`, which every
    ///   read and cascading delete uses, instead of in a rowid table beside a separate unique index on that key.
    static let v8LighterTransactions = """
        DROP INDEX allocation_figures;

        CREATE TABLE txn_sector_v2 (
            txn_id INTEGER NOT NULL REFERENCES txn(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            vocabulary TEXT NOT NULL,
            code TEXT NOT NULL CHECK (code <> ''),
            percentage_milli INTEGER CHECK (percentage_milli >= 0),
            name TEXT,
            PRIMARY KEY (txn_id, seq)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO txn_sector_v2 SELECT txn_id, seq, vocabulary, code, percentage_milli, name FROM txn_sector;
        DROP TABLE txn_sector;
        ALTER TABLE txn_sector_v2 RENAME TO txn_sector;

        CREATE TABLE txn_recipient_v2 (
            txn_id INTEGER NOT NULL REFERENCES txn(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (\(oneOf("kind", ["country", "region", "non_iso_country"]))),
            code TEXT NOT NULL CHECK (code <> ''),
            vocabulary TEXT,
            percentage_milli INTEGER CHECK (percentage_milli >= 0),
            PRIMARY KEY (txn_id, seq)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO txn_recipient_v2 SELECT txn_id, seq, kind, code, vocabulary, percentage_milli FROM txn_recipient;
        DROP TABLE txn_recipient;
        ALTER TABLE txn_recipient_v2 RENAME TO txn_recipient;
        """

    /// The record of each run removed from the ledger (`atalaya runs --remove`): the run as it was, when it went and
    /// how many records it took. Its id is never given to another run (`SQLiteStore.newRunID`).
    static let v9RunRemoval = """
        CREATE TABLE run_removal (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL UNIQUE,
            source TEXT NOT NULL CHECK (source <> ''),
            file_name TEXT NOT NULL CHECK (file_name <> ''),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            publisher TEXT,
            vintage TEXT,
            format_version TEXT,
            imported_at TEXT NOT NULL,
            activities_new INTEGER NOT NULL CHECK (activities_new >= 0),
            activities_updated INTEGER NOT NULL CHECK (activities_updated >= 0),
            activities_unchanged INTEGER NOT NULL CHECK (activities_unchanged >= 0),
            transactions INTEGER NOT NULL CHECK (transactions >= 0),
            warnings INTEGER NOT NULL CHECK (warnings >= 0),
            removed_at TEXT NOT NULL,
            records INTEGER NOT NULL CHECK (records >= 0)
        ) STRICT;
        """

    /// A program office's own monitoring data (`atalaya import monitoring`): one row per program, country, indicator
    /// and period, kept with the run and line of the newest file that gave it. SQLite cannot change a CHECK, so
    /// `import_run` is rebuilt as it was with `monitoring` among its sources (foreign keys are checked once the
    /// migration ends, not while the table is swapped).
    static let v10Monitoring = """
        CREATE TABLE import_run_v3 (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL CHECK (
              \(oneOf("source", ["iati", "fa", "greenbook", "indicators", "engagements", "monitoring"]))),
            file_name TEXT NOT NULL CHECK (file_name <> ''),
            sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
            publisher TEXT,
            vintage TEXT,
            format_version TEXT,
            imported_at TEXT NOT NULL,
            activities_new INTEGER NOT NULL DEFAULT 0 CHECK (activities_new >= 0),
            activities_updated INTEGER NOT NULL DEFAULT 0 CHECK (activities_updated >= 0),
            activities_unchanged INTEGER NOT NULL DEFAULT 0 CHECK (activities_unchanged >= 0),
            transactions INTEGER NOT NULL DEFAULT 0 CHECK (transactions >= 0),
            warnings INTEGER NOT NULL DEFAULT 0 CHECK (warnings >= 0),
            byte_count INTEGER CHECK (byte_count IS NULL OR byte_count >= 0)
        ) STRICT;
        INSERT INTO import_run_v3 SELECT * FROM import_run;
        DROP TABLE import_run;
        ALTER TABLE import_run_v3 RENAME TO import_run;
        CREATE INDEX import_run_byte_count ON import_run(byte_count);

        CREATE TABLE monitoring_period (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id),
            line INTEGER NOT NULL CHECK (line > 0),
            program TEXT NOT NULL CHECK (program <> ''),
            country TEXT NOT NULL CHECK (length(country) = 2),
            indicator TEXT NOT NULL CHECK (indicator <> ''),
            ascending INTEGER NOT NULL CHECK (ascending = 0 OR ascending = 1),
            baseline TEXT,
            period_start TEXT NOT NULL CHECK (length(period_start) = 10),
            period_end TEXT NOT NULL CHECK (length(period_end) = 10 AND period_end >= period_start),
            target TEXT,
            actual TEXT,
            UNIQUE (program, country, indicator, period_end)
        ) STRICT;
        CREATE INDEX monitoring_period_country ON monitoring_period(country, program);
        CREATE INDEX monitoring_period_run ON monitoring_period(run_id);
        """

    /// Freedom House's ratings among the series sources: `series_point` is rebuilt as it was with `fh` in its CHECK
    /// (SQLite cannot change one), its rows and indexes as before.
    static let v11FreedomHouse = """
        CREATE TABLE series_point_v2 (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id),
            source TEXT NOT NULL CHECK (
              \(oneOf("source", ["wgi", "homicide", "long", "gitoc", "cpi", "wjp", "fsi", "fh"]))),
            edition TEXT NOT NULL CHECK (edition <> ''),
            indicator TEXT NOT NULL CHECK (indicator <> ''),
            country TEXT NOT NULL CHECK (country <> ''),
            year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2100),
            value TEXT NOT NULL CHECK (value <> ''),
            number REAL NOT NULL,
            standard_error REAL CHECK (standard_error IS NULL OR standard_error >= 0),
            line INTEGER NOT NULL CHECK (line > 0),
            UNIQUE (source, edition, indicator, country, year)
        ) STRICT;
        INSERT INTO series_point_v2 SELECT * FROM series_point;
        DROP TABLE series_point;
        ALTER TABLE series_point_v2 RENAME TO series_point;
        CREATE INDEX series_point_country ON series_point(country, indicator);
        CREATE INDEX series_point_run ON series_point(run_id);
        """

    /// Partner counterparts' co-signatures: the public keys an office registered for a country, and each verified
    /// co-signature of a monitoring run by one of them (gone with the run).
    static let v12Cosignatures = """
        CREATE TABLE cosigner (
            id INTEGER PRIMARY KEY,
            country TEXT NOT NULL CHECK (length(country) = 2),
            name TEXT NOT NULL CHECK (name <> ''),
            public_key TEXT NOT NULL UNIQUE CHECK (length(public_key) = 44),
            registered_at TEXT NOT NULL,
            revoked_at TEXT
        ) STRICT;
        CREATE TABLE cosignature (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
            cosigner_id INTEGER NOT NULL REFERENCES cosigner(id),
            signed_at TEXT NOT NULL CHECK (signed_at <> ''),
            signature TEXT NOT NULL CHECK (length(signature) = 88),
            recorded_at TEXT NOT NULL,
            UNIQUE (run_id, cosigner_id)
        ) STRICT;
        CREATE INDEX cosignature_cosigner ON cosignature(cosigner_id);
        """

    /// The State Department's budget tables by country and account (`atalaya import state-budget`): `import_run` is
    /// rebuilt as it was with `state-budget` among its sources (as in v10); each file's fiscal year and basis, and
    /// every non-zero account figure of every row, kept with its line, name, region and column heading.
    static let v13StateBudget = """
        CREATE TABLE import_run_v4 (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL CHECK (
              \(oneOf("source", ["iati", "fa", "greenbook", "indicators", "engagements", "monitoring", "state-budget"]))),
            file_name TEXT NOT NULL CHECK (file_name <> ''),
            sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
            publisher TEXT,
            vintage TEXT,
            format_version TEXT,
            imported_at TEXT NOT NULL,
            activities_new INTEGER NOT NULL DEFAULT 0 CHECK (activities_new >= 0),
            activities_updated INTEGER NOT NULL DEFAULT 0 CHECK (activities_updated >= 0),
            activities_unchanged INTEGER NOT NULL DEFAULT 0 CHECK (activities_unchanged >= 0),
            transactions INTEGER NOT NULL DEFAULT 0 CHECK (transactions >= 0),
            warnings INTEGER NOT NULL DEFAULT 0 CHECK (warnings >= 0),
            byte_count INTEGER CHECK (byte_count IS NULL OR byte_count >= 0)
        ) STRICT;
        INSERT INTO import_run_v4 SELECT * FROM import_run;
        DROP TABLE import_run;
        ALTER TABLE import_run_v4 RENAME TO import_run;
        CREATE INDEX import_run_byte_count ON import_run(byte_count);

        CREATE TABLE budget_file (
            run_id INTEGER PRIMARY KEY REFERENCES import_run(id),
            fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 1946 AND 2100),
            basis TEXT NOT NULL CHECK (\(oneOf("basis", ["actual", "estimate", "request", "unstated"]))),
            source_document TEXT CHECK (source_document IS NULL OR source_document <> '')
        ) STRICT;
        CREATE INDEX budget_file_year ON budget_file(fiscal_year);
        CREATE TABLE account_budget (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES budget_file(run_id),
            line INTEGER NOT NULL CHECK (line > 1),
            row_name TEXT NOT NULL CHECK (row_name <> ''),
            kind TEXT NOT NULL CHECK (\(oneOf("kind", ["country", "subtotal", "other"]))),
            country TEXT CHECK ((country IS NULL OR length(country) = 2) AND ((kind = 'country') = (country IS NOT NULL))),
            region TEXT CHECK (region IS NULL OR (region <> '' AND kind <> 'subtotal')),
            account TEXT NOT NULL CHECK (account <> ''),
            heading TEXT NOT NULL CHECK (heading <> ''),
            thousands INTEGER NOT NULL CHECK (thousands <> 0),
            UNIQUE (run_id, line, account)
        ) STRICT;
        CREATE INDEX account_budget_country ON account_budget(country, run_id);
        CREATE INDEX account_budget_region ON account_budget(region, run_id);
        """

    /// An Excel workbook's sheets are imported one a run: `import_run` is rebuilt as it was (SQLite cannot drop a
    /// UNIQUE) with the sheet read, and a file is once per sheet rather than once; a removal record keeps the sheet.
    static let v14RunSheets = """
        CREATE TABLE import_run_v5 (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL CHECK (
              \(oneOf("source", ["iati", "fa", "greenbook", "indicators", "engagements", "monitoring", "state-budget"]))),
            file_name TEXT NOT NULL CHECK (file_name <> ''),
            sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
            publisher TEXT,
            vintage TEXT,
            format_version TEXT,
            imported_at TEXT NOT NULL,
            activities_new INTEGER NOT NULL DEFAULT 0 CHECK (activities_new >= 0),
            activities_updated INTEGER NOT NULL DEFAULT 0 CHECK (activities_updated >= 0),
            activities_unchanged INTEGER NOT NULL DEFAULT 0 CHECK (activities_unchanged >= 0),
            transactions INTEGER NOT NULL DEFAULT 0 CHECK (transactions >= 0),
            warnings INTEGER NOT NULL DEFAULT 0 CHECK (warnings >= 0),
            byte_count INTEGER CHECK (byte_count IS NULL OR byte_count >= 0),
            sheet TEXT CHECK (sheet IS NULL OR sheet <> '')
        ) STRICT;
        INSERT INTO import_run_v5 SELECT *, NULL FROM import_run;
        DROP TABLE import_run;
        ALTER TABLE import_run_v5 RENAME TO import_run;
        CREATE INDEX import_run_byte_count ON import_run(byte_count);
        CREATE UNIQUE INDEX import_run_file ON import_run(sha256, ifnull(sheet, ''));
        ALTER TABLE run_removal ADD COLUMN sheet TEXT CHECK (sheet IS NULL OR sheet <> '');
        """
}
