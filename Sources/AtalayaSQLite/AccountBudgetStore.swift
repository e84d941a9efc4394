public import AtalayaDomain
public import AtalayaStore
import GRDB

// MARK: - The State Department's budget tables

extension SQLiteStore {
    /// See `LedgerStore.importAccountBudget`.
    public func importAccountBudget(
        _ draft: ImportDraft, table: AccountBudgetTable, basis: BudgetBasis, facts: ImportFacts
    ) async throws -> ImportOutcome {
        try await importKnownFile(draft) { db, runID in
            try db.execute(
                sql: "INSERT INTO budget_file (run_id, fiscal_year, basis, source_document) VALUES (?, ?, ?, ?)",
                arguments: [runID, table.fiscalYear, basis.rawValue, table.sourceDocument])
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO account_budget (run_id, line, row_name, kind, country, region, account, heading,
                      thousands)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for line in table.lines {
                try insert.execute(arguments: [
                    runID, line.line, line.name, line.kind.rawValue, line.country, line.region, line.account,
                    line.heading, line.thousands,
                ])
            }
            return RunTotals(facts: facts, rows: table.lines.count)
        }
    }

    /// See `LedgerStore.accountFigures`.
    public func accountFigures(_ query: AccountBudgetQuery) async throws -> [StoredAccountFigure] {
        try await read { db in
            let arguments = AccountBudgetSQL.arguments(query).map { value -> any DatabaseValueConvertible in
                switch value {
                case .text(let text): text
                case .integer(let number): number
                }
            }
            return try AccountBudgetSQL.ordered(
                try Row.fetchAll(
                    db, sql: AccountBudgetSQL.lines(query) { "?\($0)" }, arguments: StatementArguments(arguments)
                ).map { row in
                    StoredAccountFigure(
                        fiscalYear: row[0], basis: BudgetBasis(rawValue: row[1]) ?? .unstated, run: row[2],
                        line: AccountFigure(
                            line: row[3], name: row[4], kind: BudgetRowKind(rawValue: row[5]) ?? .other,
                            country: row[6], region: row[7], account: row[8], heading: row[9], thousands: row[10]))
                }
            ).addable()
        }
    }
}
