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
    /// by COPY, their row ids reserved from the tables' sequences first.
    public func importFile(
        _ draft: ImportDraft, allocator: Allocator,
        produce: @escaping @Sendable (_ accept: (ClassifiedActivity) throws -> UpsertResult) throws -> ImportFacts
    ) async throws -> ImportOutcome {
        let logger = self.logger
        return try await importing(sha256: draft.sha256, skip: { .alreadyImported($0) }) { connection in
            try await Self.recordClassification(
                connection, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source, logger: logger)
            let runID = try await Self.insertRun(connection, draft, logger: logger)
            var stored: [String: String?] = [:]
            for try await (identifier, updated) in try await connection.query(
                "SELECT iati_identifier, last_updated FROM activity", logger: logger
            ).decode((String, String?).self) {
                stored[identifier] = updated
            }
            let (facts, counts, stale) = try await Self.stream(
                produce, known: stored, into: connection, run: runID, logger: logger)
            let warnings = facts.warnings + stale
            try await Self.copyWarnings(warnings, run: runID, connection, logger: logger)
            try await connection.query(
                """
                UPDATE import_run SET publisher = \(facts.publisher), vintage = \(facts.vintage),
                  format_version = \(facts.formatVersion), imported_at = \(Self.now()),
                  activities_new = \(counts.new), activities_updated = \(counts.updated),
                  activities_unchanged = \(counts.unchanged), transactions = \(counts.transactions),
                  warnings = \(warnings.count)
                WHERE id = \(runID)
                """, logger: logger)
            try await Self.rebuildRollup(connection, logger: logger)
            return .imported(try await Self.storedRun(connection, id: runID, logger: logger))
        }
    }

    typealias Counts = (new: Int, updated: Int, unchanged: Int, transactions: Int)

    /// What the reading thread hands over: an activity, and whether it replaces a stored one.
    struct Incoming: Sendable {
        var classified: ClassifiedActivity
        var replaces: Bool
    }

    /// Runs `produce` on its own thread and writes what it accepts, batch by batch, by COPY.
    private static func stream(
        _ produce: @escaping @Sendable (_ accept: (ClassifiedActivity) throws -> UpsertResult) throws -> ImportFacts,
        known: [String: String?], into connection: PostgresConnection, run: Int64, logger: Logger
    ) async throws -> (ImportFacts, Counts, [StoredWarning]) {
        try await ThreadToAsyncPipe<Incoming, (ImportFacts, Counts, [StoredWarning])>.run(
            thread: "atalaya-pg-read",
            produce: { pipe in
                var known = known
                var counts: Counts = (0, 0, 0, 0)
                var stale: [StoredWarning] = []
                var batch: [Incoming] = []
                var inBatch: Set<String> = []
                let facts = try produce { classified in
                    let activity = classified.activity
                    let (outcome, warning) = UpsertResult.decide(activity, stored: known[activity.identifier])
                    if let warning { stale.append(warning) }
                    if outcome == .unchanged {
                        counts.unchanged += 1
                        return .unchanged
                    }
                    // A second version of an activity in the same batch waits for the first to be written.
                    if inBatch.contains(activity.identifier) {
                        try pipe.flush(&batch)
                        inBatch.removeAll(keepingCapacity: true)
                    }
                    known[activity.identifier] = .some(activity.lastUpdated)
                    if outcome == .new { counts.new += 1 } else { counts.updated += 1 }
                    counts.transactions += activity.transactions.count
                    batch.append(Incoming(classified: classified, replaces: outcome == .updated))
                    inBatch.insert(activity.identifier)
                    if batch.count == 500 {
                        try pipe.flush(&batch)
                        inBatch.removeAll(keepingCapacity: true)
                    }
                    return outcome
                }
                try pipe.flush(&batch)
                return (facts, counts, stale)
            },
            consume: { batch in try await write(batch, run: run, connection, logger: logger) })
    }

    /// Writes a batch: replaced activities are deleted (their rows cascade), row ids are reserved, then one COPY
    /// per table.
    private static func write(_ batch: [Incoming], run: Int64, _ connection: PostgresConnection, logger: Logger)
        async throws
    {
        let replaced = batch.filter(\.replaces).map(\.classified.activity.identifier)
        if !replaced.isEmpty {
            try await connection.query("DELETE FROM activity WHERE iati_identifier = ANY(\(replaced))", logger: logger)
        }
        let activities = batch.map(\.classified.activity)
        var activityIDs = try await reserve("activity", activities.count, connection, logger)
        var transactionIDs = try await reserve(
            "txn", activities.reduce(0) { $0 + $1.transactions.count }, connection, logger)
        var resultIDs = try await reserve("result", activities.reduce(0) { $0 + $1.results.count }, connection, logger)
        var indicatorIDs = try await reserve(
            "indicator", activities.reduce(0) { $0 + $1.results.reduce(0) { $0 + $1.indicators.count } }, connection,
            logger)
        var rows = TableRows()
        for incoming in batch {
            let activity = incoming.classified.activity
            let id = activityIDs.removeFirst()
            let txnIDs = Array(transactionIDs.prefix(activity.transactions.count))
            transactionIDs.removeFirst(activity.transactions.count)
            rows.add(
                activity, id: id, run: run, transactionIDs: txnIDs, resultIDs: &resultIDs, indicatorIDs: &indicatorIDs)
            rows.add(
                incoming.classified.allocations, activity: id, transactions: txnIDs,
                publisher: activity.reportingOrg.ref)
        }
        for (table, columns, buffer) in rows.tables {
            try await connection.copy(buffer, into: table, columns: columns, logger: logger)
        }
    }

    /// `count` new ids from a table's identity sequence, in order.
    private static func reserve(_ table: String, _ count: Int, _ connection: PostgresConnection, _ logger: Logger)
        async throws -> [Int64]
    {
        guard count > 0 else { return [] }
        var ids: [Int64] = []
        ids.reserveCapacity(count)
        for try await id in try await connection.query(
            "SELECT nextval(pg_get_serial_sequence(\(table), 'id')) FROM generate_series(1, \(count))", logger: logger
        ).decode(Int64.self) {
            ids.append(id)
        }
        return ids
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

    /// The IATI rollup, rebuilt from every allocation inside the import's transaction (as on SQLite).
    static func rebuildRollup(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM allocation_rollup", logger: logger)
        try await connection.query(
            """
            INSERT INTO allocation_rollup (run_id, measure, recipient, fiscal_year, calendar_year, pillar,
              sector_group, account_group, publisher_group, currency, usd_cents, amount_cents, allocations)
            SELECT a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
              COALESCE(al.sector_code, 'none'), COALESCE(al.funding_account, 'none'), COALESCE(al.publisher, 'none'),
              al.currency, SUM(al.usd_cents), SUM(al.amount_cents), COUNT(*)
            FROM allocation al JOIN activity a ON a.id = al.activity_id
            GROUP BY a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
              al.sector_code, al.funding_account, al.publisher, al.currency, al.usd_cents IS NULL
            """, logger: logger)
    }

    /// The current time as SQLite's ledger writes it.
    static func now() -> String { Date().formatted(.iso8601) }
}
