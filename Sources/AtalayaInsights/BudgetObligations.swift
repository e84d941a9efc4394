public import AtalayaDomain
public import AtalayaStore

// MARK: - The Greenbook's obligations beside the State Department's budget, account by account

/// What the Greenbook says was obligated from the security-assistance accounts the budget tables name, by country,
/// account and fiscal year: a second measure to stand beside the budget, never added to it (the caveat its
/// renderings carry is `AccountBudgetReport.obligationsCaveat`).
public enum BudgetObligations {
    /// Obligated cents by country, budget account key and fiscal year, from the Greenbook runs in the ledger; empty
    /// when none is imported.
    public static func gather(
        _ store: any LedgerStore, countries: [String], fromYear: Int?, toYear: Int?
    ) async throws -> [String: [String: [Int: Cents]]] {
        guard !countries.isEmpty else { return [:] }
        let keys = Dictionary(uniqueKeysWithValues: BudgetAccount.greenbookNames.map { ($1, $0) })
        let figures = try await store.portfolio(
            PortfolioQuery(
                measure: .obligation, scope: .all, countries: countries, fromYear: fromYear, toYear: toYear,
                groupBy: .account, source: .greenbook))
        var out: [String: [String: [Int: Cents]]] = [:]
        for cell in figures.cells {
            guard let key = keys[cell.group], let year = cell.year, cell.period == nil else { continue }
            out[cell.country, default: [:]][key, default: [:]][year, default: 0] += cell.usdCents
        }
        return out
    }
}
