import AtalayaDomain
import AtalayaIngest

// MARK: - A file's amounts, bounded as they are read

/// The magnitudes of one kind of a file's amounts, added up as they are read. A file whose amounts of one kind pass
/// `AddableAmounts.limit` (2^61 cents, about 23 quadrillion) is refused at the line where they do: no real budget
/// comes near, and a report could not add what it would store. Each value alone already fits in `Cents` (readers
/// warn about or refuse any that does not).
struct AmountTotal {
    /// What the amounts are, for the error (`transaction values`, `amounts in current dollars`).
    let kind: String
    private var total: UInt64 = 0

    /// An empty total of `kind`.
    init(_ kind: String) { self.kind = kind }

    /// Adds one amount; throws `IngestError` at `line` of `file` (and `field`) when the total passes the bound.
    mutating func add(_ cents: Cents, file: String, line: Int, field: String) throws {
        let (sum, overflow) = total.addingReportingOverflow(cents.magnitude)
        guard !overflow, sum <= AddableAmounts.limit else {
            throw IngestError(
                file: file, line: line, field: field,
                message:
                    "the file's \(kind) add up past 2^61 cents (about 23 quadrillion) here, beyond any real budget "
                    + "and more than Atalaya can add exactly")
        }
        total = sum
    }
}

/// An IATI file's amounts, each kind bounded on its own (`AmountTotal`): transaction values, budget values, and the
/// parts transactions split into in USD (a conversion can make them larger; in their own currency they add up to no
/// more than their transactions).
struct IATIFileAmounts {
    private var transactions = AmountTotal("transaction values")
    private var budgets = AmountTotal("budget values")
    private var partsUSD = AmountTotal("transactions' parts in USD")

    /// Adds one activity's amounts; throws `IngestError` at the line of the transaction (or the activity, for a
    /// budget) that passes the bound.
    mutating func add(_ activity: Activity, allocations: [Allocation], file: String) throws {
        // In place, reading two numbers of each element rather than copying it (and retaining its texts) whole: this
        // runs on the reading thread of every import.
        let items = activity.transactions
        try items.forEachInPlace { _, item in
            try transactions.add(item.valueCents, file: file, line: item.line, field: "value")
        }
        for index in activity.budgets.indices {
            try budgets.add(activity.budgets[index].valueCents, file: file, line: activity.line, field: "budget")
        }
        for index in allocations.indices {
            guard let usd = allocations[index].usdCents else { continue }
            let line = items[allocations[index].transactionIndex].line
            try partsUSD.add(usd, file: file, line: line, field: "value")
        }
    }
}
