public import AtalayaDomain
public import AtalayaStore
import Logging
import PostgresNIO

// MARK: - Re-applying a crosswalk on PostgreSQL without re-import

extension PostgresStore: LedgerStore {
    /// Deletes every allocation and re-derives them from the stored transactions, a page of activities at a time,
    /// then the official rows' pillars; in one transaction under the import lock, so no import interleaves.
    public func reclassify(allocator: Allocator) async throws -> Int {
        try await importing(sha256: nil, sheet: nil, skip: { _ in 0 }) { connection in
            try await connection.query("DELETE FROM allocation", logger: logger)
            try await Self.recordClassification(
                connection, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source, logger: logger)
            var ids: [Int64] = []
            for try await id in try await connection.query("SELECT id FROM activity ORDER BY id", logger: logger)
                .decode(Int64.self)
            {
                ids.append(id)
            }
            var written = 0
            for start in stride(from: 0, to: ids.count, by: 500) {
                let page = Array(ids[start..<min(start + 500, ids.count)])
                let loaded = try await PostgresActivityLoader.load(connection, ids: page, logger: logger)
                var rows = TableRows()
                for id in page {
                    guard let item = loaded[id] else { continue }
                    let allocations = allocator.allocations(for: item.activity)
                    rows.add(
                        allocations, activity: id, transactions: item.transactionIDs,
                        publisher: item.activity.reportingOrg.ref)
                    written += allocations.count
                }
                for (table, columns, buffer) in rows.tables {
                    try await connection.copy(buffer, into: table, columns: columns, logger: logger)
                }
            }
            try await Self.rebuildRollup(connection, logger: logger)
            return written
                + (try await Self.reclassifyOfficial(
                    connection, classifier: OfficialClassifier(crosswalk: allocator.crosswalk), logger: logger))
        }
    }
}
