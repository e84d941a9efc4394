// Generated from the migrations; do not edit. To write it again:
// `ATALAYA_WRITE_SCHEMA_SNAPSHOT=1 swift test --filter SchemaSnapshotTests`.

/// The schema the migrations make, through `migration`, as SQLite stores it (see `applyIfEmpty`).
enum SchemaSnapshot {
    /// The last migration it holds.
    static let migration = "v14-run-sheets"
    /// Its statements (`statements(of:)`).
    static let sql = #"""
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        CREATE TABLE import_warning (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            line INTEGER NOT NULL CHECK (line >= 0),
            activity TEXT,
            message TEXT NOT NULL
        ) STRICT;
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
        CREATE TABLE "activity_recipient" (
            id INTEGER PRIMARY KEY,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (CASE kind WHEN 'country' THEN 1 WHEN 'region' THEN 1 WHEN 'non_iso_country' THEN 1 ELSE 0 END = 1),
            code TEXT NOT NULL CHECK (code <> ''),
            vocabulary TEXT,
            percentage_milli INTEGER CHECK (percentage_milli >= 0),
            UNIQUE (activity_id, seq)
        ) STRICT;
        CREATE TABLE "allocation" (
            id INTEGER PRIMARY KEY,
            txn_id INTEGER NOT NULL REFERENCES txn(id) ON DELETE CASCADE,
            activity_id INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
            part INTEGER NOT NULL CHECK (part >= 0),
            measure TEXT NOT NULL CHECK (CASE measure WHEN 'commitment' THEN 1 WHEN 'disbursement' THEN 1 WHEN 'expenditure' THEN 1 ELSE 0 END = 1),
            fiscal_year INTEGER,
            calendar_year INTEGER,
            recipient_kind TEXT NOT NULL
                CHECK (CASE recipient_kind WHEN 'country' THEN 1 WHEN 'region' THEN 1 WHEN 'non_iso_country' THEN 1 WHEN 'none' THEN 1 ELSE 0 END = 1),
            recipient_code TEXT NOT NULL,
            recipient_vocabulary TEXT,
            recipient TEXT NOT NULL,
            sector_vocabulary TEXT,
            sector_code TEXT,
            funding_account TEXT,
            publisher TEXT,
            pillar TEXT NOT NULL CHECK (CASE pillar WHEN 'interdiction' THEN 1 WHEN 'intelligence' THEN 1 WHEN 'law_enforcement' THEN 1 WHEN 'justice' THEN 1 WHEN 'anti_corruption' THEN 1 WHEN 'governance' THEN 1 WHEN 'prevention' THEN 1 WHEN 'border_migration' THEN 1 WHEN 'unclassified' THEN 1 WHEN 'out_of_scope' THEN 1 ELSE 0 END = 1),
            rule_id TEXT NOT NULL CHECK (rule_id <> ''),
            amount_cents INTEGER NOT NULL,
            currency TEXT,
            usd_cents INTEGER,
            rate_year INTEGER,
            flags INTEGER NOT NULL DEFAULT 0 CHECK (flags >= 0),
            UNIQUE (txn_id, part),
            CHECK ((usd_cents IS NULL) = (rate_year IS NULL))
        ) STRICT;
        CREATE TABLE official_text (
            id INTEGER PRIMARY KEY,
            hash INTEGER NOT NULL,
            text TEXT NOT NULL
        ) STRICT;
        CREATE TABLE official_amount (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id),
            line INTEGER NOT NULL CHECK (line > 0),
            dataset TEXT NOT NULL CHECK (CASE dataset WHEN 'fa-complete' THEN 1 WHEN 'fa-summary' THEN 1 WHEN 'greenbook' THEN 1 ELSE 0 END = 1),
            recipient TEXT NOT NULL CHECK (recipient <> ''),
            country_code TEXT,
            country_name TEXT NOT NULL,
            fiscal_year INTEGER NOT NULL CHECK (fiscal_year >= 1900),
            fiscal_period TEXT NOT NULL,
            measure TEXT NOT NULL CHECK (CASE measure WHEN 'obligation' THEN 1 WHEN 'disbursement' THEN 1 WHEN 'appropriated_planned' THEN 1 WHEN 'initial_allocation' THEN 1 WHEN 'budget_request' THEN 1 ELSE 0 END = 1),
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
            pillar TEXT CHECK (pillar IS NULL OR CASE pillar WHEN 'interdiction' THEN 1 WHEN 'intelligence' THEN 1 WHEN 'law_enforcement' THEN 1 WHEN 'justice' THEN 1 WHEN 'anti_corruption' THEN 1 WHEN 'governance' THEN 1 WHEN 'prevention' THEN 1 WHEN 'border_migration' THEN 1 WHEN 'unclassified' THEN 1 WHEN 'out_of_scope' THEN 1 ELSE 0 END = 1),
            rule_id TEXT CHECK (rule_id IS NULL OR rule_id <> ''),
            CHECK ((pillar IS NULL) = (rule_id IS NULL)),
            CHECK ((pillar IS NULL) = (dataset = 'fa-summary'))
        ) STRICT;
        CREATE TABLE official_rollup (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id),
            dataset TEXT NOT NULL CHECK (CASE dataset WHEN 'fa-complete' THEN 1 WHEN 'fa-summary' THEN 1 WHEN 'greenbook' THEN 1 ELSE 0 END = 1),
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
        CREATE TABLE engagement (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES import_run(id),
            date TEXT NOT NULL CHECK (length(date) = 10),
            end_date TEXT CHECK (end_date IS NULL OR end_date >= date),
            kind TEXT NOT NULL CHECK (CASE kind WHEN 'visit' THEN 1 WHEN 'dialogue' THEN 1 WHEN 'agreement' THEN 1 WHEN 'joint_strategy' THEN 1 WHEN 'other' THEN 1 ELSE 0 END = 1),
            level TEXT NOT NULL CHECK (CASE level WHEN 'head_of_state' THEN 1 WHEN 'ministerial' THEN 1 WHEN 'senior_official' THEN 1 WHEN 'working' THEN 1 ELSE 0 END = 1),
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
        CREATE TABLE engagement_commitment (
            id INTEGER PRIMARY KEY,
            engagement_id INTEGER NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL CHECK (text <> ''),
            due TEXT CHECK (due IS NULL OR length(due) = 10),
            status TEXT NOT NULL CHECK (CASE status WHEN 'open' THEN 1 WHEN 'met' THEN 1 WHEN 'missed' THEN 1 ELSE 0 END = 1),
            UNIQUE (engagement_id, seq)
        ) STRICT;
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
        CREATE VIRTUAL TABLE narrative_search USING fts5(
            text, content = 'narrative', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
        CREATE TABLE "txn_sector" (
            txn_id INTEGER NOT NULL REFERENCES txn(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            vocabulary TEXT NOT NULL,
            code TEXT NOT NULL CHECK (code <> ''),
            percentage_milli INTEGER CHECK (percentage_milli >= 0),
            name TEXT,
            PRIMARY KEY (txn_id, seq)
        ) STRICT, WITHOUT ROWID;
        CREATE TABLE "txn_recipient" (
            txn_id INTEGER NOT NULL REFERENCES txn(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (CASE kind WHEN 'country' THEN 1 WHEN 'region' THEN 1 WHEN 'non_iso_country' THEN 1 ELSE 0 END = 1),
            code TEXT NOT NULL CHECK (code <> ''),
            vocabulary TEXT,
            percentage_milli INTEGER CHECK (percentage_milli >= 0),
            PRIMARY KEY (txn_id, seq)
        ) STRICT, WITHOUT ROWID;
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
        , sheet TEXT CHECK (sheet IS NULL OR sheet <> '')) STRICT;
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
        CREATE TABLE "series_point" (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES import_run(id),
            source TEXT NOT NULL CHECK (
              CASE source WHEN 'wgi' THEN 1 WHEN 'homicide' THEN 1 WHEN 'long' THEN 1 WHEN 'gitoc' THEN 1 WHEN 'cpi' THEN 1 WHEN 'wjp' THEN 1 WHEN 'fsi' THEN 1 WHEN 'fh' THEN 1 ELSE 0 END = 1),
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
        CREATE TABLE budget_file (
            run_id INTEGER PRIMARY KEY REFERENCES import_run(id),
            fiscal_year INTEGER NOT NULL CHECK (fiscal_year BETWEEN 1946 AND 2100),
            basis TEXT NOT NULL CHECK (CASE basis WHEN 'actual' THEN 1 WHEN 'estimate' THEN 1 WHEN 'request' THEN 1 WHEN 'unstated' THEN 1 ELSE 0 END = 1),
            source_document TEXT CHECK (source_document IS NULL OR source_document <> '')
        ) STRICT;
        CREATE TABLE account_budget (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES budget_file(run_id),
            line INTEGER NOT NULL CHECK (line > 1),
            row_name TEXT NOT NULL CHECK (row_name <> ''),
            kind TEXT NOT NULL CHECK (CASE kind WHEN 'country' THEN 1 WHEN 'subtotal' THEN 1 WHEN 'other' THEN 1 ELSE 0 END = 1),
            country TEXT CHECK ((country IS NULL OR length(country) = 2) AND ((kind = 'country') = (country IS NOT NULL))),
            region TEXT CHECK (region IS NULL OR (region <> '' AND kind <> 'subtotal')),
            account TEXT NOT NULL CHECK (account <> ''),
            heading TEXT NOT NULL CHECK (heading <> ''),
            thousands INTEGER NOT NULL CHECK (thousands <> 0),
            UNIQUE (run_id, line, account)
        ) STRICT;
        CREATE TABLE "import_run" (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL CHECK (
              CASE source WHEN 'iati' THEN 1 WHEN 'fa' THEN 1 WHEN 'greenbook' THEN 1 WHEN 'indicators' THEN 1 WHEN 'engagements' THEN 1 WHEN 'monitoring' THEN 1 WHEN 'state-budget' THEN 1 ELSE 0 END = 1),
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
        CREATE INDEX import_warning_run ON import_warning(run_id);
        CREATE INDEX activity_run ON activity(run_id);
        CREATE INDEX allocation_activity ON allocation(activity_id);
        CREATE INDEX official_text_hash ON official_text(hash);
        CREATE INDEX official_amount_run ON official_amount(run_id);
        CREATE INDEX official_rollup_figures
            ON official_rollup(dataset, measure, superseded_by, recipient, fiscal_year);
        CREATE INDEX official_rollup_run ON official_rollup(run_id);
        CREATE INDEX engagement_country_country ON engagement_country(country);
        CREATE INDEX allocation_rollup_figures ON allocation_rollup(measure, recipient, fiscal_year);
        CREATE INDEX monitoring_period_country ON monitoring_period(country, program);
        CREATE INDEX monitoring_period_run ON monitoring_period(run_id);
        CREATE INDEX series_point_country ON series_point(country, indicator);
        CREATE INDEX series_point_run ON series_point(run_id);
        CREATE INDEX cosignature_cosigner ON cosignature(cosigner_id);
        CREATE INDEX budget_file_year ON budget_file(fiscal_year);
        CREATE INDEX account_budget_country ON account_budget(country, run_id);
        CREATE INDEX account_budget_region ON account_budget(region, run_id);
        CREATE INDEX import_run_byte_count ON import_run(byte_count);
        CREATE UNIQUE INDEX import_run_file ON import_run(sha256, ifnull(sheet, ''));
        CREATE TRIGGER narrative_search_delete AFTER DELETE ON narrative BEGIN
            INSERT INTO narrative_search (narrative_search, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        CREATE TRIGGER narrative_search_update AFTER UPDATE ON narrative BEGIN
            INSERT INTO narrative_search (narrative_search, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO narrative_search (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE VIEW official_row AS
            SELECT o.*, an.text AS funding_account_name, ip.text AS implementing_partner, nm.text AS activity_name,
              ds.text AS activity_description
            FROM official_amount o
            LEFT JOIN official_text an ON an.id = o.funding_account_name_id
            LEFT JOIN official_text ip ON ip.id = o.implementing_partner_id
            LEFT JOIN official_text nm ON nm.id = o.activity_name_id
            LEFT JOIN official_text ds ON ds.id = o.activity_description_id;
        INSERT INTO "grdb_migrations" VALUES ('v1-ledger');
        INSERT INTO "grdb_migrations" VALUES ('v2-official-figures');
        INSERT INTO "grdb_migrations" VALUES ('v3-outcome-series');
        INSERT INTO "grdb_migrations" VALUES ('v4-engagements');
        INSERT INTO "grdb_migrations" VALUES ('v5-web-rollup-search');
        INSERT INTO "grdb_migrations" VALUES ('v6-import-run-size');
        INSERT INTO "grdb_migrations" VALUES ('v7-leaner-writes');
        INSERT INTO "grdb_migrations" VALUES ('v8-lighter-transactions');
        INSERT INTO "grdb_migrations" VALUES ('v9-run-removal');
        INSERT INTO "grdb_migrations" VALUES ('v10-monitoring');
        INSERT INTO "grdb_migrations" VALUES ('v11-freedom-house');
        INSERT INTO "grdb_migrations" VALUES ('v12-cosignatures');
        INSERT INTO "grdb_migrations" VALUES ('v13-state-budget');
        INSERT INTO "grdb_migrations" VALUES ('v14-run-sheets');
        DELETE FROM "narrative_search_config";
        INSERT INTO "narrative_search_config" VALUES ('version', 4);
        DELETE FROM "narrative_search_data";
        INSERT INTO "narrative_search_data" VALUES (1, X'0000');
        INSERT INTO "narrative_search_data" VALUES (10, X'00000000000000');
        """#
}
