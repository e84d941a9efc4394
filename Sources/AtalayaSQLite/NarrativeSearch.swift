import GRDB

// MARK: - The search entries of an import's narratives, written in one statement at its end

/// Writes the full-text entries of the narratives an IATI import stores, all at once after the last activity,
/// rather than one as each narrative is inserted.
///
/// FTS5 holds pending entries in memory only while the rowids it is given rise and it stays in one mode (adding or
/// deleting); otherwise it writes out a segment, and merges segments as they pile up. Written as they came, a newer
/// file's entries alternated with the deletes of the versions it replaces (the `narrative_search_delete` trigger):
/// a segment per replaced activity. Now the deletes run alone, in the order of the stored rows, and the new entries
/// follow in one pass.
struct NarrativeSearch {
    private let entriesOfActivity: PreparedInsert

    /// Prepares the statements on `db`, inside the import's transaction.
    init(_ db: Database) throws {
        entriesOfActivity = try PreparedInsert(
            db, "INSERT INTO narrative_search (rowid, text) SELECT id, text FROM narrative WHERE activity_id = ?1")
    }

    /// Writes the entries of an activity this import stored and is about to delete (an identifier given twice in a
    /// file), so that the delete trigger takes out entries that are there: FTS5 is told, not checked, what a delete
    /// removes, and a delete of an entry it never had would corrupt its index.
    func beforeDeleting(activity id: Int64) throws {
        entriesOfActivity.bind(1, id)
        try entriesOfActivity.run()
    }

    /// Writes the entries of every narrative of the run's activities, in rowid order: those the import stored.
    static func write(_ db: Database, run: Int64) throws {
        try db.execute(
            sql: """
                INSERT INTO narrative_search (rowid, text)
                SELECT n.id, n.text FROM activity a JOIN narrative n ON n.activity_id = a.id
                WHERE a.run_id = ? ORDER BY n.id
                """, arguments: [run])
    }
}
