import AtalayaStore
import Logging
import PostgresNIO

// MARK: - One import: one transaction, one at a time, once per file

extension PostgresStore {
    /// Runs `body` in one transaction that holds the import lock, so imports into one database are serialised and
    /// readers see the ledger before or after, never half. A file (a workbook's `sheet`) whose SHA-256 is already
    /// stored skips the body: `skip` makes the answer from its run.
    func importing<Result: Sendable>(
        sha256: String?, sheet: String?, skip: @Sendable (ImportRun) -> Result,
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        if let sha256, let existing = try await run(sha256: sha256, sheet: sheet) { return skip(existing) }
        let logger = self.logger
        do {
            return try await holdingImportLock { connection in
                if let sha256,
                    let existing = try await Self.run(connection, sha256: sha256, sheet: sheet, logger: logger)
                {
                    return skip(existing)
                }
                return try await body(connection)
            }
        } catch let known as AlreadyImported {
            // Found by the SHA-256 computed while reading: rolled back, answered with the stored run.
            return skip(known.run)
        }
    }

    /// Runs `body` in one transaction that holds the import lock (imports and removals, one at a time per
    /// database). An error rolls it back and reaches the caller as `body` threw it (a file's line and field), as
    /// on SQLite, not as the transaction's wrapper.
    func holdingImportLock<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        let logger = self.logger
        return try await withConnection { connection in
            do {
                return try await connection.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(\(Self.importLock))", logger: logger)
                    return try await body(connection)
                }
            } catch let error as PostgresTransactionError {
                if let cause = error.closureError, error.rollbackError == nil { throw cause }
                throw error
            }
        }
    }

    /// "atalaya-import" as a lock key: one import at a time per database.
    static let importLock: Int64 = 0x6174_616c_6179_6169

    /// Inserts the run of a file being imported and returns its id.
    static func insertRun(
        _ connection: PostgresConnection, _ draft: ImportDraft, vintage: String? = nil, publisher: String? = nil,
        logger: Logger
    ) async throws -> Int64 {
        try await connection.query(
            """
            INSERT INTO import_run (source, file_name, sha256, byte_count, sheet, vintage, publisher, imported_at)
            VALUES (\(draft.source), \(draft.fileName), \(draft.sha256 ?? ImportDraft.hashedWhileReading),
              \(draft.byteCount), \(draft.sheet), \(vintage), \(publisher), \(now()))
            RETURNING id
            """, logger: logger
        ).collect()[0].decode(Int64.self)
    }

    /// Stores the SHA-256 computed while reading, for a draft that had none; a file found to be imported before
    /// throws `AlreadyImported` (the transaction rolls back, `importing` answers with the stored run).
    static func storeLateSHA256(
        _ connection: PostgresConnection, _ draft: ImportDraft, _ facts: ImportFacts, run: Int64, logger: Logger
    ) async throws {
        guard draft.sha256 == nil else { return }
        guard let late = facts.sha256 else {
            throw LedgerQueryError("\(draft.fileName): the file's SHA-256 was not computed while reading")
        }
        if let existing = try await Self.run(connection, sha256: late, sheet: draft.sheet, logger: logger) {
            throw AlreadyImported(run: existing)
        }
        try await connection.query("UPDATE import_run SET sha256 = \(late) WHERE id = \(run)", logger: logger)
    }

    /// The run just written, read back.
    static func storedRun(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> ImportRun {
        guard let run = try await run(connection, id: id, logger: logger) else {
            throw MigrationError("import run \(id) vanished")
        }
        return run
    }
}
