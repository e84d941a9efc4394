public import AtalayaDomain
import AtalayaReports
public import AtalayaStore

// MARK: - The watch signals, gathered from the ledger

/// Signals for countries, from the ledger.
public struct SignalsBuilder: Sendable {
    /// The last U.S. fiscal year that has ended by `date` (FY ends 30 September); nil for a bad date.
    public static func lastCompleteFiscalYear(_ date: String) -> Int? {
        FiscalYearBasis.usFederal.lastCompleteYear(asOf: date)
    }

    /// The ledger.
    public let store: any LedgerStore
    /// Where "on track" and "at risk" begin for the results counts.
    public let thresholds: ResultsThresholds

    /// Creates a builder.
    public init(store: any LedgerStore, thresholds: ResultsThresholds = .standard) {
        self.store = store
        self.thresholds = thresholds
    }

    /// The countries watched when none are named: every country (ISO) `source` holds money for, every partner of
    /// a recorded engagement, and every country a program office's monitoring data names, sorted.
    public func defaultCountries(source: PortfolioQuery.Source) async throws -> [String] {
        let held = try await store.recipients().filter { $0.sources.contains(source) }.map(\.code)
        let engaged = try await store.engagements(country: nil).flatMap(\.countries)
        let monitored = try await store.monitoredCountries()
        return Set(held + engaged + monitored).filter { Countries.iso2.contains($0) }.sorted()
    }

    /// The three watch signals for each country as of `asOf` (`YYYY-MM-DD`), money from `source` and `measure`;
    /// with `checks`, also its programs' accountability, ownership, results and burden sharing (a list of the
    /// signals alone, such as the signals page, leaves them out: they are most of the work).
    public func signals(
        countries: [String], asOf: String, source: PortfolioQuery.Source, measure: Measure,
        language: ReportLanguage = .en, checks: Bool = true
    ) async throws -> [CountrySignals] {
        let l = language
        let all = try await store.engagements(country: nil)
        guard DayCount.isDate(asOf), let fiscalYear = FiscalYearBasis.usFederal.year(of: asOf) else {
            throw LedgerQueryError("--as-of \(asOf) is not a date (YYYY-MM-DD)")
        }
        var out: [CountrySignals] = []
        var publisherNames: [String: String]?
        for country in countries {
            let money: Signal
            // The last fiscal year that money is compared through: complete by the as-of date and, where the
            // source's files name one, by the oldest of their vintages (a year still being reported is not).
            var complete = Self.lastCompleteFiscalYear(asOf) ?? fiscalYear
            if source == .greenbook {
                money = Signal(
                    kind: .justiceAntiCorruption, status: "not measurable", value: nil,
                    explanation: l.pick(
                        "The Greenbook names accounts, not sectors: justice and anti-corruption money cannot be told "
                            + "apart there; IATI and ForeignAssistance.gov name sectors.",
                        "El Greenbook nombra cuentas, no sectores: allí no se distinguen los fondos de justicia y "
                            + "anticorrupción; IATI y ForeignAssistance.gov nombran sectores."))
            } else {
                let figures = try await store.portfolio(
                    PortfolioQuery(measure: measure, countries: [country], source: source))
                let cells = figures.cells.compactMap { cell in
                    cell.year.flatMap { year in
                        cell.pillar.map { PortfolioCellSummary(year: year, pillar: $0, cents: cell.usdCents) }
                    }
                }
                // Only complete fiscal years are compared: complete by the as-of date and by the data's vintage.
                let vintage = figures.sources.compactMap { $0.vintage.map { String($0.prefix(10)) } }.min()
                complete = min(complete, vintage.flatMap(Self.lastCompleteFiscalYear) ?? fiscalYear)
                var signal = SignalBoard.justiceAntiCorruption(
                    cells: cells, country: country, fiscalYear: complete,
                    sourceLabel: l.pick(
                        "\(l.sourceLabel(source)) \(l.measure(measure))",
                        "\(l.measure(measure)) \(l.fromSource(source))"),
                    language: language)
                if let vintage {
                    // One file's date, or the oldest of several files' dates.
                    let dated =
                        PortfolioReport.vintagesDiffer(figures.sources)
                        ? l.pick("the oldest vintage among the files", "la versión más antigua de los archivos")
                        : l.pick("the data's vintage", "la versión de los datos")
                    signal.explanation += l.pick(
                        " Only complete fiscal years are compared: \(dated) is \(vintage), so the last complete year "
                            + "is FY\(complete).",
                        " Solo se comparan años fiscales completos: \(dated) es \(vintage), así que el último año "
                            + "completo es el AF\(complete).")
                }
                money = signal
            }
            let programs = checks ? try await store.accountability(country: country, asOf: asOf) : []
            // A program office's monitoring data may cover programs the ledger holds no money for.
            let readings = checks ? try await store.indicatorReadings(country: country, asOf: asOf) : []
            let cosigned =
                readings.contains { $0.source == .monitoring }
                ? Set(try await store.cosignatures(country: country).map(\.run)) : []
            var burdenSharing: BurdenSharing?
            if checks, !programs.isEmpty, source == .iati {
                let sharing = try await store.burdenSharing(
                    country: country, measure: measure, from: complete - 4, to: complete)
                if !sharing.byPublisher.isEmpty, publisherNames == nil {
                    publisherNames = try await store.publisherNames()
                }
                burdenSharing = sharing.naming(publisherNames ?? [:])
            }
            out.append(
                CountrySignals(
                    country: country, asOf: asOf,
                    signals: [
                        SignalBoard.engagement(
                            all, country: country, asOf: asOf, recorded: all.count, language: language),
                        money, SignalBoard.jointStrategies(all, country: country, asOf: asOf, language: language),
                    ], accountability: programs.isEmpty ? nil : AccountabilitySummary(programs, asOf: asOf),
                    ownership: programs.isEmpty
                        ? nil : OwnershipShares(try await store.implementedMoney(country: country), country: country),
                    results: programs.isEmpty && readings.isEmpty
                        ? nil : ResultsStatus(readings, thresholds: thresholds, cosignedRuns: cosigned),
                    burdenSharing: burdenSharing, programs: programs))
        }
        return out
    }
}
