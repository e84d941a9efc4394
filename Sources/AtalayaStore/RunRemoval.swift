import AtalayaDomain

// MARK: - Removing an import run: what may go, and the record it leaves

/// A run taken out of the ledger with everything it stored; its record stays in the history.
public struct RemovedRun: Sendable, Equatable, Codable {
    /// The run as it was recorded at import (its id is never given to another run).
    public var run: ImportRun
    /// When it was removed (ISO 8601, UTC).
    public var removedAt: String
    /// What it still held and took with it: activities (IATI), rows (official datasets), values (indicators),
    /// engagements or periods (monitoring).
    public var records: Int

    /// Creates a record of a removal.
    public init(run: ImportRun, removedAt: String, records: Int) {
        self.run = run
        self.removedAt = removedAt
        self.records = records
    }
}

/// Which runs can be removed without making the ledger wrong, decided from the import history alone, the same on
/// every engine.
///
/// A run can go when what it stored is its own: removing it leaves the ledger as if its file had never been
/// imported. A run that replaced what an earlier run stored cannot, as the earlier values were overwritten, not
/// kept (official datasets are the exception: every vintage's rows are kept, and the figures go back to the
/// newest vintage left). Nor can a run whose records a later run found already stored and kept as this run's.
public enum RunRemoval {
    /// Why `run` cannot be removed, in words for the user, or nil when it can; `history` is every stored run.
    public static func refusal(of run: ImportRun, history: [ImportRun]) -> String? {
        let later = history.filter { $0.id > run.id && $0.source == run.source }
        let earlier = history.filter { $0.id < run.id && $0.source == run.source }
        switch run.source {
        case "iati":
            if run.activitiesUpdated > 0 {
                return "run \(run.id) replaced \(counted(run.activitiesUpdated, "activity", "activities")) that "
                    + "earlier runs had stored; removing it would lose them, as the older versions were replaced, "
                    + "not kept"
            }
            if let keeper = later.first(where: { $0.activitiesUnchanged > 0 }) {
                return "run \(keeper.id) (\(keeper.fileLabel)), imported after it, found "
                    + "\(counted(keeper.activitiesUnchanged, "activity", "activities")) already stored and kept "
                    + "them; they may be this run's, and removing it would lose them. Remove run \(keeper.id) first"
            }
        case "indicators":
            if let replaced = earlier.last(where: {
                $0.formatVersion == run.formatVersion && $0.vintage != nil && $0.vintage == run.vintage
            }) {
                return "run \(run.id)'s values replaced those of run \(replaced.id) (\(replaced.fileLabel)), the same "
                    + "source and edition (\(run.vintage ?? "")); removing it would leave them without a value, "
                    + "not bring run \(replaced.id)'s back"
            }
        case "monitoring":
            // A later file's periods are that run's own (it takes over the rows it gives), so an earlier monitoring
            // run can always go; one that took over or replaced earlier rows cannot.
            if run.activitiesUpdated + run.activitiesUnchanged > 0 {
                return "run \(run.id) replaced or took over "
                    + "\(counted(run.activitiesUpdated + run.activitiesUnchanged, "period", "periods")) that earlier "
                    + "monitoring files had given; removing it would leave them without a value, not bring the earlier "
                    + "ones back"
            }
        case "engagements":
            if let keeper = later.last {
                return "run \(keeper.id) (\(keeper.fileLabel)), imported after it, may give the same engagements, "
                    + "which are kept as this run's; removing it would lose them. Remove run \(keeper.id) first"
            }
        default:
            break
        }
        return nil
    }

    /// The statements, in SQL both engines read alike, that hand the official rollup rows superseded by the run
    /// being removed (`run`, a parameter) to the newest vintage left that holds their slice (the latest import among
    /// equal vintages, as at import), or back into the figures when that is their own run. They fill a temporary
    /// table `removed_slice` (the slice's columns and `winner`, keyed by the slice) the caller has made empty;
    /// one statement each.
    /// `collation` follows each vintage compared (PostgreSQL compares them in `"C"` order, as SQLite does).
    public static func restoreSupersededSQL(run: String, collation: String = "") -> [String] {
        let columns = ["dataset", "measure", "recipient", "fiscal_year", "fiscal_period", "objective"]
        let slice = columns.joined(separator: ", ")
        let ofRollup = columns.map { "o.\($0)" }.joined(separator: ", ")
        func matches(_ a: String, _ b: String) -> String {
            columns.map { "\(a).\($0) = \(b).\($0)" }.joined(separator: " AND ")
        }
        return [
            """
            INSERT INTO removed_slice (\(slice)) SELECT DISTINCT \(slice) FROM official_rollup WHERE superseded_by = \(run)
            """,
            """
            UPDATE removed_slice AS s SET winner = w.run_id FROM (
                SELECT \(ofRollup), o.run_id,
                  ROW_NUMBER() OVER (
                    PARTITION BY \(ofRollup)
                    ORDER BY r.vintage IS NULL, r.vintage\(collation) DESC, o.run_id DESC) AS place
                FROM official_rollup o JOIN import_run r ON r.id = o.run_id JOIN removed_slice x ON \(matches("x", "o"))
                WHERE o.run_id <> \(run)) AS w
              WHERE w.place = 1 AND \(matches("s", "w"))
            """,
            """
            UPDATE official_rollup AS o SET superseded_by = (
                SELECT NULLIF(s.winner, o.run_id) FROM removed_slice s WHERE \(matches("s", "o")))
              WHERE o.superseded_by = \(run)
            """,
        ]
    }

    /// The columns of `official_amount` that hold an `official_text` id.
    public static let textColumns = [
        "funding_account_name_id", "implementing_partner_id", "activity_name_id", "activity_description_id",
    ]

    /// The statements that take out an official run's rows with the long texts no other row uses, given a temporary
    /// table `run_text (id)` the caller has made empty; `run` is the placeholder for the run's id. The texts are
    /// shared by hash across runs, so a text goes only when no row of any run left names it: found with one pass
    /// over the rows left (the text columns have no index; a lookup per text would scan them per text).
    public static func deleteOfficialRowsSQL(run: String) -> [String] {
        [
            "INSERT INTO run_text (id) "
                + textColumns.map { "SELECT \($0) FROM official_amount WHERE run_id = \(run) AND \($0) IS NOT NULL" }
                .joined(separator: " UNION "),
            "DELETE FROM official_amount WHERE run_id = \(run)",
            "DELETE FROM run_text WHERE id IN ("
                + textColumns.map { "SELECT \($0) FROM official_amount" }.joined(separator: " UNION ALL ") + ")",
            "DELETE FROM official_text WHERE id IN (SELECT id FROM run_text)",
        ]
    }

    /// The error for a run id the ledger does not hold (never held, or removed before).
    public static func unknown(_ id: Int64, removed: RemovedRun?) -> LedgerQueryError {
        if let removed {
            return LedgerQueryError("run \(id) (\(removed.run.fileLabel)) was removed on \(removed.removedAt)")
        }
        return LedgerQueryError("no run \(id) in this ledger; `atalaya runs` lists them")
    }

    /// The error for a run that cannot go.
    public static func refused(_ run: ImportRun, _ reason: String) -> LedgerQueryError {
        LedgerQueryError("cannot remove run \(run.id) (\(run.fileLabel)): \(reason)")
    }
}
