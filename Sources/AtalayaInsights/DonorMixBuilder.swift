public import AtalayaDomain
public import AtalayaReports
public import AtalayaStore

// MARK: - Who pays: U.S. money from one chosen source beside other donors from IATI (DESIGN.md "Overlapping sources")

/// The combined view of DESIGN.md: U.S. Government money from one chosen source (ForeignAssistance.gov or U.S.
/// publishers' IATI files) beside every other donor's money from its IATI files, by pillar, in one measure both
/// sources report. U.S. publishers' IATI files are left out when the U.S. money comes from ForeignAssistance.gov,
/// which already holds it, so no dollar is counted twice.
public struct DonorMixBuilder: Sendable {
    /// The ledger.
    public let store: any LedgerStore

    /// Creates a builder.
    public init(store: any LedgerStore) { self.store = store }

    /// Gathers the combined view for `countries` (empty: every recipient) over years `from`…`to` on `basis`;
    /// refuses a U.S. source, measure or basis the two sides do not share.
    public func donorMix(
        countries: [String], from: Int?, to: Int?, basis: FiscalYearBasis = .usFederal, measure: Measure,
        scope: PortfolioQuery.Scope, usSource: PortfolioQuery.Source
    ) async throws -> DonorMix {
        try Self.check(measure: measure, usSource: usSource, basis: basis)
        func query(
            _ source: PortfolioQuery.Source, by: PortfolioQuery.Grouping, scope: PortfolioQuery.Scope,
            publishers: [String] = []
        ) -> PortfolioQuery {
            PortfolioQuery(
                measure: measure, scope: scope, basis: basis, countries: countries, fromYear: from, toYear: to,
                groupBy: by, source: source, publishers: publishers)
        }
        // Every IATI publisher with money for these recipients, years and measure, in scope or not (a donor whose
        // files hold none in scope is listed with none), told apart as the U.S. Government by its `US-GOV-` identifier; then the
        // publishers the view takes, within the scope asked for.
        let everyPublisher = try await store.portfolio(query(.iati, by: .publisher, scope: .all))
        let publishers = Set(everyPublisher.cells.map(\.group) + everyPublisher.unconverted.map(\.group))
        let others = publishers.filter { !DonorMix.isUSPublisher($0) }.sorted()
        let taken = usSource == .fa ? others : publishers.sorted()
        let iati =
            if taken.isEmpty {
                PortfolioFigures(cells: [], unconverted: [], sources: [], crosswalk: everyPublisher.crosswalk)
            } else if scope == .all && usSource != .fa {
                everyPublisher  // the same query: every publisher, every pillar
            } else {
                try await store.portfolio(query(.iati, by: .publisher, scope: scope, publishers: taken))
            }
        let names = try await store.publisherNames()
        func provider(_ group: String) -> String { DonorMix.isUSPublisher(group) ? DonorMix.usGovernment : group }
        var providers: [DonorMix.Provider] = []
        var unconverted = iati.unconverted.map { DonorMix.Unconverted(provider: provider($0.group), cell: $0) }
        // The runs behind every publisher taken, those with nothing in scope too.
        var sources = everyPublisher.sources.filter { run in
            usSource != .fa || !DonorMix.isUSPublisher(run.publisher ?? "")
        }
        if usSource == .fa {
            let fa = try await store.portfolio(query(.fa, by: .pillar, scope: scope))
            providers.append(
                DonorMix.Provider(usGovernmentFrom: .fa, publishers: [], cells: fa.cells))
            sources += fa.sources
            unconverted += fa.unconverted.map { DonorMix.Unconverted(provider: DonorMix.usGovernment, cell: $0) }
        } else {
            // Named by every U.S. Government publisher the ledger holds, whether or not it has money in this view.
            let usPublishers = Set(names.keys).union(publishers).filter(DonorMix.isUSPublisher).sorted()
            providers.append(
                DonorMix.Provider(
                    usGovernmentFrom: .iati, publishers: usPublishers,
                    cells: iati.cells.filter { DonorMix.isUSPublisher($0.group) }))
        }
        for publisher in others {
            providers.append(
                DonorMix.Provider(
                    id: publisher, name: names[publisher] ?? publisher, source: .iati,
                    cells: iati.cells.filter { $0.group == publisher }))
        }
        return DonorMix(
            countries: countries, fromYear: from, toYear: to, basis: basis, measure: measure, usSource: usSource,
            providers: providers, unconverted: unconverted, sources: sources.sorted { $0.id < $1.id },
            crosswalk: iati.crosswalk)
    }

    /// The measure must be one both sides report: ForeignAssistance.gov's disbursements beside IATI's, or any IATI
    /// measure when the U.S. money is IATI's too. The Greenbook holds obligations only, which IATI does not have.
    /// ForeignAssistance.gov gives fiscal years, not dates, so its money has no calendar year.
    static func check(measure: Measure, usSource: PortfolioQuery.Source, basis: FiscalYearBasis) throws {
        switch usSource {
        case .greenbook:
            throw LedgerQueryError(
                "the Greenbook holds obligations only, a measure IATI does not report; take the U.S. money from "
                    + "ForeignAssistance.gov (--us-source fa, disbursements) or from IATI (--us-source iati)")
        case .fa where measure != .disbursement:
            throw LedgerQueryError(
                "other donors' money comes from IATI, and disbursements are the one measure ForeignAssistance.gov "
                    + "and IATI both report (obligations are not IATI commitments); use --measure disbursement")
        case .fa where basis != .usFederal:
            throw LedgerQueryError(
                "ForeignAssistance.gov figures are by U.S. fiscal year only, so the view cannot be by calendar "
                    + "year; drop --calendar-year, or take the U.S. money from IATI (--us-source iati)")
        case .iati where measure == .obligation:
            throw LedgerQueryError(
                "IATI has commitments, disbursements and expenditures; obligations are not among them")
        default:
            return
        }
    }
}
