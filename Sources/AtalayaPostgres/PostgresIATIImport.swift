public import AtalayaDomain
public import AtalayaStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

// MARK: - An IATI file into PostgreSQL: one transaction, rows streamed in by COPY

extension PostgresStore {
    /// Imports one IATI file in one transaction, serialised with any other import by an advisory lock; readers see
    /// the ledger before it or after it. The reader runs on its own thread; activities arrive in batches and go in
    /// by COPY, with row ids the reading thread assigns (`RowIDs`).
    public func importFile(
        _ draft: ImportDraft, allocator: Allocator,
        produce: @escaping @Sendable (_ accept: (ClassifiedActivity) throws -> UpsertResult) throws -> ImportFacts
    ) async throws -> ImportOutcome {
        let logger = self.logger
        return try await importing(sha256: draft.sha256, sheet: draft.sheet, skip: { .alreadyImported($0) }) {
            connection in
            try await Self.recordImportClassification(
                connection, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source, logger: logger)
            let runID = try await Self.insertRun(connection, draft, logger: logger)
            var stored: [String: String?] = [:]
            for try await (identifier, updated) in try await connection.query(
                "SELECT iati_identifier, last_updated FROM activity", logger: logger
            ).decode((String, String?).self) {
                stored[identifier] = updated
            }
            let (facts, counts, stale, unchanged) = try await Self.stream(
                produce, known: stored, into: connection, run: runID, logger: logger)
            try await Self.storeLateSHA256(connection, draft, facts, run: runID, logger: logger)
            let warnings = facts.warnings + stale.kept
            try await Self.copyWarnings(warnings, run: runID, connection, logger: logger)
            try await connection.query(
                """
                UPDATE import_run SET publisher = \(facts.publisher), vintage = \(facts.vintage),
                  format_version = \(facts.formatVersion), imported_at = \(Self.now()),
                  activities_new = \(counts.new), activities_updated = \(counts.updated),
                  activities_unchanged = \(counts.unchanged), transactions = \(counts.transactions),
                  warnings = \(warnings.count + facts.warningsNotKept + stale.notKept)
                WHERE id = \(runID)
                """, logger: logger)
            // The run's rows were summed on the way in, less the activities found stored; the replaced ones'
            // money comes out of their runs' rows (recorded before they were deleted).
            var rollup = facts.rollup
            rollup?.subtract(unchanged)
            try await Self.updateRollup(
                rollup, run: runID, takenBack: counts.updated > 0, connection, logger: logger)
            return .imported(try await Self.storedRun(connection, id: runID, logger: logger))
        }
    }

    typealias Counts = (new: Int, updated: Int, unchanged: Int, transactions: Int)

    /// What the reading thread hands over: the COPY rows of up to 500 activities, and the stored activities they
    /// replace.
    struct Batch: Sendable {
        var rows = TableRows()
        var replaced: [String] = []
        var identifiers: Set<String> = []
    }

    /// Runs `produce` on its own thread, which also turns each accepted activity into COPY rows with ids it assigns
    /// itself (see `RowIDs`); this task only deletes replaced activities and copies, batch by batch.
    private static func stream(
        _ produce: @escaping @Sendable (_ accept: (ClassifiedActivity) throws -> UpsertResult) throws -> ImportFacts,
        known: [String: String?], into connection: PostgresConnection, run: Int64, logger: Logger
    ) async throws -> (ImportFacts, Counts, WarningLog, unchanged: RunRollupSums) {
        let start = try await RowIDs.start(connection, logger: logger)
        let (facts, counts, stale, unchanged, next) = try await ThreadToAsyncPipe<
            Batch, (ImportFacts, Counts, WarningLog, RunRollupSums, RowIDs)
        >.run(
            thread: "atalaya-pg-read",
            produce: { pipe in
                var known = known
                var counts: Counts = (0, 0, 0, 0)
                var stale = WarningLog()
                // The activities read but found stored, whose sums come out of the reader's (as on SQLite).
                var unchanged = RunRollupSums(maxGroups: 20_000)
                var ids = start
                var batch = [Batch()]
                let facts = try produce { classified in
                    let activity = classified.activity
                    let (outcome, warning) = UpsertResult.decide(activity, stored: known[activity.identifier])
                    if let warning { stale.add(warning) }
                    if outcome == .unchanged {
                        counts.unchanged += 1
                        unchanged.add(classified.allocations, publisher: activity.reportingOrg.ref)
                        return .unchanged
                    }
                    // A second version of an activity in the same batch waits for the first to be written.
                    if batch[0].identifiers.contains(activity.identifier) {
                        try pipe.flush(&batch)
                        batch = [Batch()]
                    }
                    known[activity.identifier] = .some(activity.lastUpdated)
                    if outcome == .new { counts.new += 1 } else { counts.updated += 1 }
                    counts.transactions += activity.transactions.count
                    if outcome == .updated { batch[0].replaced.append(activity.identifier) }
                    batch[0].identifiers.insert(activity.identifier)
                    let (id, transactions) = batch[0].rows.add(activity, run: run, ids: &ids)
                    batch[0].rows.add(
                        classified.allocations, activity: id, transactions: transactions,
                        publisher: activity.reportingOrg.ref)
                    if batch[0].identifiers.count == 500 {
                        try pipe.flush(&batch)
                        batch = [Batch()]
                    }
                    return outcome
                }
                if !batch[0].identifiers.isEmpty { try pipe.flush(&batch) }
                return (facts, counts, stale, unchanged, ids)
            },
            consume: { batches in
                for batch in batches {
                    if !batch.replaced.isEmpty {
                        try await recordTakenBack(batch.replaced, connection, logger: logger)
                        try await connection.query(
                            "DELETE FROM activity WHERE iati_identifier = ANY(\(batch.replaced))", logger: logger)
                    }
                    for (table, columns, rows) in batch.rows.tables {
                        try await connection.copy(rows, into: table, columns: columns, logger: logger)
                    }
                }
            })
        try await next.finish(connection, logger: logger)
        return (facts, counts, stale, unchanged)
    }

    static func copyWarnings(
        _ warnings: [StoredWarning], run: Int64, _ connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !warnings.isEmpty else { return }
        var rows = CopyRows()
        for warning in warnings {
            rows.append(.i(run), .t(warning.kind), .i(warning.line), .t(warning.activity), .t(warning.message))
        }
        try await connection.copy(
            rows, into: "import_warning", columns: ["run_id", "kind", "line", "activity", "message"], logger: logger)
    }

    /// Refuses an import whose crosswalk is not the one the ledger's stored money was classified with
    /// (`CrosswalkMismatch`), then records it as `recordClassification` does.
    static func recordImportClassification(
        _ connection: PostgresConnection, crosswalk: Crosswalk, ratesSource: String?, logger: Logger
    ) async throws {
        if let mismatch = CrosswalkMismatch.between(
            ledger: try await crosswalkLabel(connection, logger: logger), crosswalk: crosswalk),
            try await connection.query(PostgresQuery(unsafeSQL: CrosswalkMismatch.classifiedMoneySQL), logger: logger)
                .collect()[0].decode(Bool.self)
        {
            throw mismatch
        }
        try await recordClassification(connection, crosswalk: crosswalk, ratesSource: ratesSource, logger: logger)
    }

    /// Records the crosswalk in force and the rate table.
    static func recordClassification(
        _ connection: PostgresConnection, crosswalk: Crosswalk, ratesSource: String?, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO classification (id, crosswalk_id, crosswalk_version, rates_source, applied_at)
            VALUES (1, \(crosswalk.id), \(crosswalk.version), COALESCE(\(ratesSource), 'none yet'), \(now()))
            ON CONFLICT (id) DO UPDATE SET crosswalk_id = excluded.crosswalk_id,
              crosswalk_version = excluded.crosswalk_version,
              rates_source = COALESCE(\(ratesSource), classification.rates_source), applied_at = excluded.applied_at
            """, logger: logger)
    }

    /// The current time as SQLite's ledger writes it.
    static func now() -> String { Timestamp.now() }
}
