public import AtalayaDomain
public import AtalayaReports
public import AtalayaStore

// MARK: - Results, gathered from the ledger: one country's, or every country's side by side

/// Gathers `ResultsReport` (one country's indicator readings, late periods and co-signatures) and
/// `RegionalResults` (every country with results).
public struct ResultsBuilder: Sendable {
    /// The ledger.
    public let store: any LedgerStore
    /// The thresholds statuses are given by.
    public let thresholds: ResultsThresholds

    /// Creates a builder.
    public init(store: any LedgerStore, thresholds: ResultsThresholds) {
        self.store = store
        self.thresholds = thresholds
    }

    /// `country`'s readings at their latest period ended before `asOf`, its late and reported periods and its
    /// co-signatures.
    public func report(country: String, asOf: String) async throws -> ResultsReport {
        ResultsReport(
            country: country, asOf: asOf, readings: try await store.indicatorReadings(country: country, asOf: asOf),
            unreported: try await store.unreportedPeriods(country: country, asOf: asOf),
            reported: try await store.reportedPeriods(country: country, asOf: asOf), thresholds: thresholds,
            cosignatures: try await store.cosignatures(country: country))
    }

    /// The monitoring periods of `countries` (when nil, of every country monitoring data names) that ended before
    /// `asOf` with no actual, as a file to fill in; with `countingLeftOut`, the IATI periods it leaves out in those
    /// countries are counted for its note (one more query a country, which the file itself does not need).
    public func due(countries: [String]? = nil, asOf: String, countingLeftOut: Bool = true) async throws
        -> MonitoringTemplate
    {
        var periods: [MonitoringPeriod] = []
        var fromIATI = 0
        let examined: [String]
        if let countries { examined = countries } else { examined = try await store.monitoredCountries() }
        for country in examined {
            periods += try await store.monitoringPeriods(country: country).map(\.period)
            if countingLeftOut {
                fromIATI += try await store.unreportedPeriods(country: country, asOf: asOf).count { $0.source == .iati }
            }
        }
        return MonitoringTemplate(stored: periods, asOf: asOf, unreportedInIATI: fromIATI)
    }

    /// The results of `countries`, or when nil of every country results can come from: those IATI files hold money
    /// for and those a program office's monitoring data names.
    public func region(countries: [String]? = nil, asOf: String) async throws -> RegionalResults {
        let examined: [String]
        if let countries {
            examined = countries
        } else {
            let iati = try await store.recipients().filter { $0.sources.contains(.iati) }.map(\.code)
            let monitored = try await store.monitoredCountries()
            examined = Set(iati + monitored).filter(Countries.iso2.contains).sorted()
        }
        var reports: [ResultsReport] = []
        for country in examined { reports.append(try await report(country: country, asOf: asOf)) }
        return RegionalResults(reports: reports, examined: examined.count, asOf: asOf, thresholds: thresholds)
    }
}
