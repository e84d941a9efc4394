import GRDB

// MARK: - The search entries of an import's narratives: at once, or all at the end once the import replaces

/// Writes the full-text entries of the narratives an IATI import stores: each as its narrative is inserted while the
/// import has replaced nothing, and, from its first replaced activity on, all the rest in one statement at its end.
///
/// FTS5 holds pending entries in memory only while the rowids it is given rise and it stays in one mode (adding or
/// deleting); otherwise it writes out a segment, and merges segments as they pile up. Written as they came, a newer
/// file's entries alternated with the deletes of the versions they replace (the `narrative_search_delete` trigger):
/// a segment per replaced activity. Deferred, the deletes run alone and the entries follow in one pass. An import that
/// replaces nothing writes them at once, while the other thread is still reading, rather than after the last
/// activity (deferring them cost a fresh 55 MB import 35 ms). Not Sendable: one import's writer uses it.
final class NarrativeSearch {
    private let entry: PreparedInsert
    private let entriesOfActivity: PreparedInsert
    private var deferring = false
    /// The lowest row id of the activities inserted since entries were deferred. Every activity inserted before
    /// that and still stored has a lower id (a new row's id is above every stored row's), so the run's activities
    /// from here on are exactly those whose entries are owed.
    private var firstDeferred: Int64?

    /// Prepares the statements on `db`, inside the import's transaction.
    init(_ db: Database) throws {
        entry = try PreparedInsert(db, "INSERT INTO narrative_search (rowid, text) VALUES (?1, ?2)")
        entriesOfActivity = try PreparedInsert(
            db, "INSERT INTO narrative_search (rowid, text) SELECT id, text FROM narrative WHERE activity_id = ?1")
    }

    /// Writes the entry of a narrative just staged (`LedgerWriter` gives it its id), unless entries are deferred
    /// (`finish` writes it then). One statement per entry, not a staged `INSERT … SELECT`: a multi-row insert into
    /// FTS5 opens a savepoint, at which FTS5 writes out what it holds in memory.
    func add(narrative id: Int64, text: String) throws {
        guard !deferring else { return }
        entry.bind(1, id)
        entry.bind(2, text)
        try entry.run()
    }

    /// Called before a stored activity is deleted for a newer version: entries are deferred from now on. An activity
    /// this import inserted with its entries deferred (an identifier given twice in a file) gets them now, so that
    /// the delete trigger takes out entries that are there: FTS5 is told, not checked, what a delete removes, and a
    /// delete of an entry it never had would corrupt its index.
    func replacing(activity id: Int64, storedBy run: Int64, importing current: Int64) throws {
        deferring = true
        guard run == current, let firstDeferred, id >= firstDeferred else { return }
        entriesOfActivity.bind(1, id)
        try entriesOfActivity.run()
    }

    /// Called after an activity is inserted.
    func inserted(activity id: Int64) {
        guard deferring else { return }
        firstDeferred = min(firstDeferred ?? id, id)
    }

    /// Writes the deferred entries, in rowid order: the narratives of the run's activities inserted since.
    func finish(_ db: Database, run: Int64) throws {
        guard let firstDeferred else { return }
        try db.execute(
            sql: """
                INSERT INTO narrative_search (rowid, text)
                SELECT n.id, n.text FROM activity a JOIN narrative n ON n.activity_id = a.id
                WHERE a.run_id = ? AND a.id >= ? ORDER BY n.id
                """, arguments: [run, firstDeferred])
    }
}
