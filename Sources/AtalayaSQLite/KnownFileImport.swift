import AtalayaStore
import GRDB

// MARK: - A file whose SHA-256 is known before it is read: one run, one transaction

/// What a file's import writes into its run once the file is read: the producer's facts and the counts.
struct RunTotals {
    /// Publisher, vintage, format and warnings, as the producer learned them.
    var facts: ImportFacts
    /// The records the file gave.
    var rows: Int
    /// Of those, new, updated and unchanged (for sources that count them).
    var new = 0
    var updated = 0
    var unchanged = 0
}

extension SQLiteStore {
    /// Imports a file whose SHA-256 the draft carries in one write transaction: a file imported before answers with
    /// its stored run and writes nothing; otherwise the run is inserted, `body` writes what the file holds under its
    /// id, and the run is completed with the totals `body` returns.
    func importKnownFile(
        _ draft: ImportDraft, _ body: @escaping @Sendable (Database, _ run: Int64) throws -> RunTotals
    ) async throws -> ImportOutcome {
        let sha256 = try draft.requiredSHA256()
        if let existing = try await read({ db in try Self.run(db, sha256: sha256, sheet: draft.sheet) }) {
            return .alreadyImported(existing)
        }
        return try await writer.write { db -> ImportOutcome in
            if let existing = try Self.run(db, sha256: sha256, sheet: draft.sheet) { return .alreadyImported(existing) }
            try db.execute(
                sql: """
                    INSERT INTO import_run (id, source, file_name, sha256, byte_count, sheet, imported_at)
                    VALUES (\(Self.newRunID), ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [draft.source, draft.fileName, sha256, draft.byteCount, draft.sheet, Self.now()])
            let runID = db.lastInsertedRowID
            let totals = try body(db, runID)
            let facts = totals.facts
            try Self.recordWarnings(db, run: runID, facts.warnings)
            try db.execute(
                sql: """
                    UPDATE import_run SET publisher = ?, vintage = ?, format_version = ?, imported_at = ?,
                      activities_new = ?, activities_updated = ?, activities_unchanged = ?, transactions = ?,
                      warnings = ?
                    WHERE id = ?
                    """,
                arguments: [
                    facts.publisher, facts.vintage, facts.formatVersion, Self.now(), totals.new, totals.updated,
                    totals.unchanged, totals.rows, facts.warnings.count, runID,
                ])
            guard let run = try Self.run(db, id: runID) else { throw DatabaseError(message: "import run vanished") }
            return .imported(run)
        }
    }
}
