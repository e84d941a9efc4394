public import AtalayaReports
public import AtalayaStore

// MARK: - Partner capacity across the region, gathered from the ledger

/// Gathers `RegionalCapacity`: each country's context series (the brief's "Context: partner capacity") side by side.
public struct CapacityBuilder: Sendable {
    /// The ledger.
    public let store: any LedgerStore

    /// Creates a builder.
    public init(store: any LedgerStore) { self.store = store }

    /// The latest values through `year` (every year when nil) for `countries`, in that order, each with the first
    /// value from `since` on (from its first year when nil); a country with no context series is named apart, not
    /// dropped silently.
    public func capacity(countries: [String], since: Int? = nil, through year: Int?) async throws -> RegionalCapacity {
        var rows: [RegionalCapacity.Row] = []
        var without: [String] = []
        for country in countries {
            let lines = ContextSeries.lines(
                try await store.series(country: country, indicatorPrefix: nil), since: since, through: year)
            if lines.isEmpty { without.append(country) } else { rows.append(.init(country: country, lines: lines)) }
        }
        return RegionalCapacity(since: since, through: year, rows: rows, without: without)
    }
}
