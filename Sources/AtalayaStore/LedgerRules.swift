public import AtalayaDomain

// MARK: - Rules every engine applies the same way: which version of an activity wins, what IATI can answer

extension UpsertResult {
    /// Whether an incoming activity replaces the stored one: a newer (or undated) version replaces it, the same
    /// or an older one is kept out, and an older one is reported as a `stale_activity` warning.
    /// `stored` is nil when no version is stored, `.some(nil)` when the stored one has no date.
    public static func decide(_ activity: Activity, stored: String??) -> (UpsertResult, StoredWarning?) {
        guard let stored else { return (.new, nil) }
        guard let incoming = activity.lastUpdated, let storedUpdated = stored, incoming <= storedUpdated else {
            return (.updated, nil)
        }
        guard incoming < storedUpdated else { return (.unchanged, nil) }
        return (
            .unchanged,
            StoredWarning(
                kind: "stale_activity", line: activity.line, activity: activity.identifier,
                message: "the stored version (\(storedUpdated)) is newer than this file's (\(incoming)); kept")
        )
    }
}

extension PortfolioQuery {
    /// The rollup column that holds the query's grouping (the same name in both rollups).
    public var rollupGroupColumn: String {
        switch groupBy {
        case .pillar: "pillar"
        case .sector: "sector_group"
        case .account: "account_group"
        case .publisher: "publisher_group"
        }
    }

    /// Refuses what IATI files cannot answer: obligations, and constant dollars.
    public func checkIATI() throws {
        guard measure != .obligation else {
            throw LedgerQueryError(
                "IATI has commitments, disbursements and expenditures; obligations are a ForeignAssistance.gov "
                    + "and Greenbook measure (--source fa or --source greenbook)")
        }
        guard !constantDollars else {
            throw LedgerQueryError("IATI amounts are converted at annual rates; constant dollars need --source fa")
        }
    }
}

/// A ledger engine that does not yet do what was asked (PostgreSQL, for parts of the ledger); callers say so
/// rather than answer with empty figures.
public struct NotYetBuilt: Error, CustomStringConvertible, Equatable {
    /// What is missing and what to use instead.
    public var description: String

    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
