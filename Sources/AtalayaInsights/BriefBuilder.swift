public import AtalayaDomain
public import AtalayaReports
public import AtalayaStore

// MARK: - The country brief, gathered from the ledger

/// Gathers one country's brief: the mix by year, context series, signals, engagements, programs and sources.
public struct BriefBuilder: Sendable {
    /// The ledger.
    public let store: any LedgerStore
    /// Where "on track" and "at risk" begin for the results sentence.
    public let thresholds: ResultsThresholds

    /// Creates a builder.
    public init(store: any LedgerStore, thresholds: ResultsThresholds = .standard) {
        self.store = store
        self.thresholds = thresholds
    }

    /// The sources that hold money for `country` (none when only monitoring data names it), or nil when no source
    /// does and no monitoring data names it: a country with no page and no brief, whose code was likely mistyped.
    public func sourcesHolding(country: String) async throws -> [PortfolioQuery.Source]? {
        let held = try await store.recipients().first(where: { $0.code == country })?.sources
        if let held { return held }
        return try await store.monitoredCountries().contains(country) ? [] : nil
    }

    /// How many fiscal years a brief's money covers by default.
    public static let years = 8

    /// The brief for `country` as of `asOf`, with money from `source` over the last `years` fiscal years the source
    /// holds for it up to the as-of date's (see `window`).
    public func brief(
        country: String, asOf: String, source: PortfolioQuery.Source, measure: Measure, years: Int = BriefBuilder.years,
        language: ReportLanguage = .en
    ) async throws -> CountryBrief {
        guard DayCount.isDate(asOf), let fiscalYear = FiscalYearBasis.usFederal.year(of: asOf) else {
            throw LedgerQueryError("--as-of \(asOf) is not a date (YYYY-MM-DD)")
        }
        let span = try await window(
            country: country, through: fiscalYear, source: source, measure: measure, years: years)
        let query = PortfolioQuery(
            measure: measure, countries: [country], fromYear: span.lowerBound, toYear: span.upperBound, source: source)
        let figures = try await store.portfolio(query)
        var byYear: [Int: [Pillar: Cents]] = [:]
        var runsByYear: [Int: Set<Int64>] = [:]
        for cell in figures.cells {
            guard let year = cell.year, let pillar = cell.pillar else { continue }
            byYear[year, default: [:]][pillar, default: 0] += cell.usdCents
            runsByYear[year, default: []].formUnion(cell.runs)
        }
        // Every year of the window the heading names, when any holds money: a year with none is shown empty, not
        // skipped.
        let mix = (byYear.isEmpty ? [] : Array(span)).map { (year: $0, byPillar: byYear[$0] ?? [:]) }

        let points = try await store.series(country: country, indicatorPrefix: nil)
        let context = ContextSeries.lines(points, through: fiscalYear)

        let signals = try await SignalsBuilder(store: store, thresholds: thresholds).signals(
            countries: [country], asOf: asOf, source: source, measure: measure, language: language)
        let engagements = try await store.engagements(country: country).filter { $0.date <= asOf }.reversed()
        let programs = try await store.largestPrograms(query, limit: 5, titleLanguage: language.rawValue)
        let partial = PortfolioReport.partialYear(figures.sources, basis: .usFederal)
        var brief = CountryBrief(
            country: country, asOf: asOf, source: source, measure: measure, mix: mix,
            sharesWithheld: PortfolioReport(query: query, figures: figures, ratesSource: "").sharesWithheld,
            coverage: figures.coverage, context: context, signals: signals.first?.signals ?? [],
            engagements: Array(engagements.prefix(5)), programs: programs, sources: figures.sources,
            crosswalk: figures.crosswalk, years: span, partialFrom: partial,
            accountability: signals.first?.accountability,
            ownership: signals.first?.ownership, results: signals.first?.results,
            burdenSharing: signals.first?.burdenSharing,
            agedPipeline: (signals.first?.programs ?? []).filter { $0.isAgedPipeline(asOf: asOf) })
        brief.runsByYear = runsByYear.mapValues { $0.sorted() }
        return brief
    }

    /// The `years` fiscal years a brief's money covers: those to the latest in which `source` holds in-scope money
    /// for `country` in `measure`, up to `fiscalYear` (the as-of date's); to `fiscalYear` when it holds none. A
    /// source whose figures end early (the Greenbook at FY2020, an export's vintage) shows its last years, not the
    /// one or two of them that fall in the as-of date's last eight.
    public func window(
        country: String, through fiscalYear: Int, source: PortfolioQuery.Source, measure: Measure,
        years: Int = BriefBuilder.years
    ) async throws -> ClosedRange<Int> {
        let held = PortfolioQuery(measure: measure, countries: [country], toYear: fiscalYear, source: source)
        let latest = try await store.portfolio(held).cells.compactMap(\.year).max() ?? fiscalYear
        return (latest - years + 1)...latest
    }
}
