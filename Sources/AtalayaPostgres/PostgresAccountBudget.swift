public import AtalayaDomain
public import AtalayaStore
import PostgresNIO

// MARK: - The State Department's budget tables

extension PostgresStore {
    /// See `LedgerStore.importAccountBudget`: as on SQLite, in one transaction under the import lock.
    public func importAccountBudget(
        _ draft: ImportDraft, table: AccountBudgetTable, basis: BudgetBasis, facts: ImportFacts
    ) async throws -> ImportOutcome {
        let logger = self.logger
        return try await importing(
            sha256: try draft.requiredSHA256(), sheet: draft.sheet, skip: { .alreadyImported($0) }
        ) { connection in
            let runID = try await Self.insertRun(connection, draft, logger: logger)
            try await connection.query(
                """
                INSERT INTO budget_file (run_id, fiscal_year, basis, source_document)
                VALUES (\(runID), \(table.fiscalYear), \(basis.rawValue), \(table.sourceDocument))
                """, logger: logger)
            var rows = CopyRows()
            for line in table.lines {
                rows.append(
                    .i(runID), .i(line.line), .t(line.name), .t(line.kind.rawValue), .t(line.country),
                    .t(line.region), .t(line.account), .t(line.heading), .i(line.thousands))
            }
            try await connection.copy(
                rows, into: "account_budget",
                columns: [
                    "run_id", "line", "row_name", "kind", "country", "region", "account", "heading", "thousands",
                ],
                logger: logger)
            try await Self.copyWarnings(facts.warnings, run: runID, connection, logger: logger)
            try await connection.query(
                """
                UPDATE import_run SET publisher = \(facts.publisher), vintage = \(facts.vintage),
                  format_version = \(facts.formatVersion), imported_at = \(Self.now()),
                  transactions = \(Int64(table.lines.count)), warnings = \(facts.warnings.count)
                WHERE id = \(runID)
                """, logger: logger)
            return .imported(try await Self.storedRun(connection, id: runID, logger: logger))
        }
    }

    /// See `LedgerStore.accountFigures`.
    public func accountFigures(_ query: AccountBudgetQuery) async throws -> [StoredAccountFigure] {
        var binds = PostgresBindings()
        for value in AccountBudgetSQL.arguments(query) {
            switch value {
            case .text(let text): binds.append(text)
            case .integer(let number): binds.append(Int64(number))
            }
        }
        let sql = PostgresQuery(unsafeSQL: AccountBudgetSQL.lines(query) { "$\($0)" }, binds: binds)
        return try await withConnection { connection in
            var out: [StoredAccountFigure] = []
            for try await row in try await connection.query(sql, logger: logger).decode(
                (Int64, String, Int64, Int64, String, String, String?, String?, String, String, Int64).self)
            {
                out.append(
                    StoredAccountFigure(
                        fiscalYear: Int(row.0), basis: BudgetBasis(rawValue: row.1) ?? .unstated, run: row.2,
                        line: AccountFigure(
                            line: Int(row.3), name: row.4, kind: BudgetRowKind(rawValue: row.5) ?? .other,
                            country: row.6, region: row.7, account: row.8, heading: row.9, thousands: row.10)))
            }
            return try AccountBudgetSQL.ordered(out).addable()
        }
    }
}
