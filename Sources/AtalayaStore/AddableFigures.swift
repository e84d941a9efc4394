public import AtalayaDomain

// MARK: - What the ledger hands out can be added

// Every list of amounts a store returns is checked here before a report adds it up (`AddableAmounts`): each value
// fits in `Cents`, but a ledger holding values near that limit (from a broken or hostile file, or written by another
// tool into PostgreSQL) would stop a report, or the whole server, on an arithmetic overflow. Both engines call these
// as they return; a list past the limit is an `AmountsTooLarge` error naming it.

extension AmountsTooLarge {
    /// A sum the database could not finish in 64 bits (SQLite's `integer overflow`, PostgreSQL's `bigint out of
    /// range`): amounts past any real budget, across files that each fit the bound alone.
    public static let databaseSum = AmountsTooLarge(what: "the figures asked for (the database's sum passed 64 bits)")
}

extension PortfolioFigures {
    /// These figures, once their converted cells and their amounts left in their currency are each found addable.
    public func addable() throws(AmountsTooLarge) -> PortfolioFigures {
        try AddableAmounts.check(cells.lazy.map { $0.usdCents }, "the portfolio's converted cells")
        try AddableAmounts.check(unconverted.lazy.map { $0.cents }, "the portfolio's amounts without a rate")
        return self
    }
}

extension Array where Element == ProgramAccountability {
    /// These programs, once their commitments and their disbursements are each found addable.
    public func addable() throws(AmountsTooLarge) -> [ProgramAccountability] {
        try AddableAmounts.check(lazy.map { $0.committedCents }, "the programs' commitments")
        try AddableAmounts.check(lazy.map { $0.disbursedCents }, "the programs' disbursements")
        return self
    }
}

extension Array where Element == StoredAccountFigure {
    /// These budget lines, once their amounts (thousands of dollars, added up as cents) are found addable.
    public func addable() throws(AmountsTooLarge) -> [StoredAccountFigure] {
        // A value past what cents can hold stands as the largest, which the check refuses.
        let cents = lazy.map { figure in
            let (value, overflow) = figure.line.thousands.multipliedReportingOverflow(by: 100_000)
            return overflow ? Cents.max : value
        }
        try AddableAmounts.check(cents, "the State Department budget lines")
        return self
    }
}

extension BurdenSharing {
    /// This sharing, once its amounts by publisher are found addable.
    public func addable() throws(AmountsTooLarge) -> BurdenSharing {
        try AddableAmounts.check(byPublisher.lazy.map { $0.cents }, "the money by publisher")
        return self
    }
}

extension ExplainedActivity {
    /// This activity, once its transactions' values, their parts (in their currency and in USD) and its budgets
    /// are each found addable.
    public func addable() throws(AmountsTooLarge) -> ExplainedActivity {
        let name = activity.identifier
        try AddableAmounts.check(transactions.lazy.map { $0.valueCents }, "\(name)'s transactions")
        let parts = transactions.lazy.flatMap { $0.parts }
        try AddableAmounts.check(parts.map { $0.amountCents }, "\(name)'s transactions' parts")
        try AddableAmounts.check(parts.compactMap { $0.usdCents }, "\(name)'s transactions' parts in USD")
        try AddableAmounts.check(activity.budgets.lazy.map { $0.valueCents }, "\(name)'s budgets")
        return self
    }
}

extension DetailCoverage {
    /// This coverage, once its country totals and its detail's sums are each found addable.
    public func addable() throws(AmountsTooLarge) -> DetailCoverage {
        try AddableAmounts.check(years.lazy.compactMap { $0.totalCents }, "the country totals")
        try AddableAmounts.check(years.lazy.compactMap { $0.detailCents }, "the imported detail's sums")
        return self
    }
}

/// Checks the in-scope disbursements by implementer set that `implementedMoney` returns, what the local-ownership
/// share adds up.
public func checkAddableImplemented(_ money: [ImplementedMoney]) throws(AmountsTooLarge) {
    try AddableAmounts.check(money.lazy.map { $0.cents }, "the disbursements by implementer")
}
