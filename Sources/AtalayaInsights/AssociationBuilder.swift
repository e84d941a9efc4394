public import AtalayaDomain
import AtalayaReports
public import AtalayaStore

// MARK: - Spending beside outcomes, gathered from the ledger

/// One pillar's complete-year spending for a country beside one edition of an outcome series.
public struct AssociationBuilder: Sendable {
    /// The ledger.
    public let store: any LedgerStore

    /// Creates a builder.
    public init(store: any LedgerStore) { self.store = store }

    /// What was compared, and the result.
    public struct Result: Sendable, Equatable {
        /// The country.
        public var country: String
        /// The pillar.
        public var pillar: Pillar
        /// The indicator.
        public var indicator: String
        /// The edition of the indicator used (one edition only, never joined).
        public var edition: String
        /// The source of the money.
        public var source: PortfolioQuery.Source
        /// The measure of the money.
        public var measure: Measure
        /// The pairs and the correlation.
        public var association: Association

        /// The source and measure of the money, in English (`IATI disbursements`).
        public var money: String { AssociationBuilder.money(source: source, measure: measure, in: .en) }
    }

    /// The source and measure of the money in this language (`desembolsos de IATI`).
    public static func money(source: PortfolioQuery.Source, measure: Measure, in l: ReportLanguage) -> String {
        l == .en
            ? "\(l.sourceName(source)) \(l.measure(measure))" : "\(l.measure(measure)) \(l.fromSource(source))"
    }

    /// Pairs fiscal-year spending on `pillar` with `indicator` `lag` years later, from one edition (the newest
    /// unless `edition` is given); only fiscal years complete by the data's vintage count.
    public func association(
        country: String, pillar: Pillar, indicator: String, lag: Int, edition: String?, source: PortfolioQuery.Source,
        measure: Measure
    ) async throws -> Result {
        let points = try await store.series(country: country, indicatorPrefix: indicator).filter {
            $0.indicator == indicator
        }
        guard let chosen = edition ?? points.map(\.edition).max() else {
            let available = try await store.series(country: country, indicatorPrefix: nil).map(\.indicator)
            throw LedgerQueryError(SeriesReport.missing(indicator: indicator, country: country, available: available))
        }
        let line = points.filter { $0.edition == chosen }
        guard !line.isEmpty else {
            let editions = Set(points.map(\.edition)).sorted().joined(separator: ", ")
            throw LedgerQueryError(
                "no \(indicator) values for \(country) in edition \(chosen); its editions: \(editions)")
        }
        let figures = try await store.portfolio(PortfolioQuery(measure: measure, countries: [country], source: source))
        let vintage = figures.sources.compactMap { $0.vintage.map { String($0.prefix(10)) } }.min()
        let complete = vintage.flatMap(SignalsBuilder.lastCompleteFiscalYear) ?? Int.max
        var spending: [Int: Cents] = [:]
        for cell in figures.cells where cell.pillar == pillar {
            guard let year = cell.year, year <= complete else { continue }
            spending[year, default: 0] += cell.usdCents
        }
        let outcome = Dictionary(line.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
        return Result(
            country: country, pillar: pillar, indicator: indicator, edition: chosen,
            source: source, measure: measure, association: Association(spending: spending, outcome: outcome, lag: lag))
    }
}
