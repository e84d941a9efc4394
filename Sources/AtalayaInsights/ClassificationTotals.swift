public import AtalayaDomain
public import AtalayaReports
public import AtalayaStore

// MARK: - Every source's totals by pillar, for what a re-classification moved

extension ClassificationShift {
    /// Each source and measure the ledger can answer, as the portfolio queries them.
    static let measures: [(PortfolioQuery.Source, Measure)] = [
        (.iati, .commitment), (.iati, .disbursement), (.iati, .expenditure), (.fa, .obligation),
        (.fa, .disbursement), (.greenbook, .obligation),
    ]

    /// The ledger's totals by source, measure, pillar and currency (every year and recipient, in scope or not, current
    /// dollars), and the crosswalk in force: one side of a `ClassificationShift`.
    public static func gather(_ store: any LedgerStore) async throws -> (totals: [Key: Cents], crosswalk: String?) {
        var out: [Key: Cents] = [:]
        var crosswalk: String?
        for (source, measure) in measures {
            let figures = try await store.portfolio(
                PortfolioQuery(measure: measure, scope: .all, groupBy: .pillar, source: source))
            out.merge(totals(figures, source: source, measure: measure)) { first, _ in first }
            crosswalk = crosswalk ?? figures.crosswalk
        }
        return (out, crosswalk)
    }
}
