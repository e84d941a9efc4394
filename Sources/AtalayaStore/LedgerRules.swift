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

    /// Refuses two runs of different datasets of one source: ForeignAssistance.gov's complete dataset and its country
    /// totals are not two vintages of one thing (`report coverage` sets them side by side).
    public static func checkSameDataset(
        _ first: ImportRun, _ firstDatasets: Set<String>, _ second: ImportRun, _ secondDatasets: Set<String>
    ) throws {
        guard !firstDatasets.isEmpty, !secondDatasets.isEmpty, firstDatasets != secondDatasets else { return }
        func named(_ datasets: Set<String>) -> String {
            datasets.sorted().map { code in
                switch OfficialDataset(rawValue: code) {
                case .faComplete: "ForeignAssistance.gov's complete dataset (transactions)"
                case .faSummary: "ForeignAssistance.gov's country totals"
                case .greenbook: "the Greenbook"
                case nil: code
                }
            }.joined(separator: " and ")
        }
        throw LedgerQueryError(
            "run \(first.id) holds \(named(firstDatasets)) and run \(second.id) \(named(secondDatasets)); compare two "
                + "vintages of one dataset (atalaya report coverage --country CODE sets the detail beside the totals)")
    }

    /// The diff from each compared cell's sums and row counts (a side with no rows has no figure): the cells that
    /// changed, largest change first, in the countries both runs hold (the others are named, not compared). Throws
    /// when either side's figures cannot be added (`AddableAmounts`), so that every change is a `Cents`.
    public init(
        before: ImportRun, after: ImportRun, constantDollars: Bool,
        cells: [(country: String, fiscalPeriod: String, measure: String, before: (Cents?, Int), after: (Cents?, Int))]
    ) throws(AmountsTooLarge) {
        try AddableAmounts.check(cells.lazy.compactMap { cell in cell.before.0 }, "run \(before.id)'s figures")
        try AddableAmounts.check(cells.lazy.compactMap { cell in cell.after.0 }, "run \(after.id)'s figures")
        let heldBefore = Set(cells.filter { cell in cell.before.1 > 0 }.map(\.country))
        let heldAfter = Set(cells.filter { cell in cell.after.1 > 0 }.map(\.country))
        let both = heldBefore.intersection(heldAfter)
        var changes: [VintageChange] = []
        var compared = 0
        for cell in cells where both.contains(cell.country) {
            compared += 1
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
            before: before, after: after, constantDollars: constantDollars, changes: changes, cellsCompared: compared,
            countriesOnlyBefore: heldBefore.subtracting(both).sorted(),
            countriesOnlyAfter: heldAfter.subtracting(both).sorted())
    }
}
