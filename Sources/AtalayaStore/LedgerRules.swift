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

extension PortfolioQuery {
    /// The official dataset a ForeignAssistance.gov or Greenbook query reads; refuses what it cannot answer:
    /// calendar years, and measures the dataset does not hold.
    public func officialDataset() throws -> OfficialDataset {
        guard basis == .usFederal else {
            throw LedgerQueryError("\(source.rawValue) figures are by U.S. fiscal year only; drop --calendar-year")
        }
        let dataset: OfficialDataset = source == .greenbook ? .greenbook : .faComplete
        guard measure == .obligation || (measure == .disbursement && dataset == .faComplete) else {
            throw LedgerQueryError(
                dataset == .greenbook
                    ? "the Greenbook holds obligations only; use --measure obligation"
                    : "ForeignAssistance.gov figures are obligations or disbursements; use --measure obligation or "
                        + "--measure disbursement")
        }
        return dataset
    }
}

extension VintageDiff {
    /// Refuses to compare runs that are not two vintages of one official source.
    public static func checkComparable(_ first: ImportRun, _ second: ImportRun) throws {
        for run in [first, second] where run.source == "iati" {
            throw LedgerQueryError(
                "run \(run.id) is an IATI file; IATI keeps only the newest version of each activity, so only "
                    + "ForeignAssistance.gov and Greenbook runs can be compared")
        }
        for run in [first, second] where run.source != "fa" && run.source != "greenbook" {
            throw LedgerQueryError(
                "run \(run.id) is a \(run.source) file; only ForeignAssistance.gov and Greenbook runs are compared "
                    + "by vintage")
        }
        guard first.source == second.source else {
            throw LedgerQueryError(
                "run \(first.id) is \(first.source) and run \(second.id) is \(second.source); compare vintages of "
                    + "one source")
        }
    }

    /// The diff from each compared cell's sums and row counts (a side with no rows has no figure): the cells that
    /// changed, largest change first.
    public init(
        before: ImportRun, after: ImportRun, constantDollars: Bool,
        cells: [(country: String, fiscalPeriod: String, measure: String, before: (Cents?, Int), after: (Cents?, Int))]
    ) {
        var changes: [VintageChange] = []
        for cell in cells {
            let beforeCents: Cents? = cell.before.1 > 0 ? (cell.before.0 ?? 0) : nil
            let afterCents: Cents? = cell.after.1 > 0 ? (cell.after.0 ?? 0) : nil
            guard beforeCents != afterCents else { continue }
            changes.append(
                VintageChange(
                    country: cell.country, fiscalPeriod: cell.fiscalPeriod, measure: cell.measure,
                    beforeCents: beforeCents, afterCents: afterCents))
        }
        changes.sort {
            let (lhs, rhs) = ($0.deltaCents.magnitude, $1.deltaCents.magnitude)
            return lhs != rhs
                ? lhs > rhs : ($0.country, $0.fiscalPeriod, $0.measure) < ($1.country, $1.fiscalPeriod, $1.measure)
        }
        self.init(
            before: before, after: after, constantDollars: constantDollars, changes: changes,
            cellsCompared: cells.count)
    }
}
