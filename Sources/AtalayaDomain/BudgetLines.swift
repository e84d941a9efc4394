// MARK: - An activity's budgets by fiscal year: planned money as the publisher states it

/// An activity's budgets summed by the fiscal year of each period's start, type, status and currency. Budgets are
/// planned money: a series of their own, never added to commitments or disbursements. Original and revised budgets
/// stay apart, as a revised budget restates the original for its period (publishers such as the World Bank give both
/// for every month), so adding them would count the plan twice.
public struct BudgetLine: Sendable, Equatable, Codable {
    /// The fiscal year of the periods' start; nil for budgets with no readable start.
    public var fiscalYear: Int?
    /// The BudgetType code: 1 original, 2 revised; nil when not given.
    public var type: String?
    /// The BudgetStatus code: 1 indicative, 2 committed; nil when not given.
    public var status: String?
    /// The currency; nil when neither the budget nor the activity gives one.
    public var currency: String?
    /// The sum, in cents of `currency`.
    public var valueCents: Cents
    /// How many budgets were summed.
    public var budgets: Int

    /// Creates a line.
    public init(fiscalYear: Int?, type: String?, status: String?, currency: String?, valueCents: Cents, budgets: Int) {
        self.fiscalYear = fiscalYear
        self.type = type
        self.status = status
        self.currency = currency
        self.valueCents = valueCents
        self.budgets = budgets
    }

    /// The lines of `budgets` on `basis`, by year, then type, status and currency.
    public static func lines(_ budgets: [Budget], basis: FiscalYearBasis = .usFederal) -> [BudgetLine] {
        struct Key: Hashable {
            var year: Int?
            var type: String?
            var status: String?
            var currency: String?
        }
        var sums: [Key: (cents: Cents, count: Int)] = [:]
        for budget in budgets {
            let key = Key(
                year: budget.periodStart.flatMap(basis.year(of:)), type: budget.type, status: budget.status,
                currency: budget.currency)
            sums[key, default: (0, 0)].cents += budget.valueCents
            sums[key, default: (0, 0)].count += 1
        }
        return sums.map { key, sum in
            BudgetLine(
                fiscalYear: key.year, type: key.type, status: key.status, currency: key.currency, valueCents: sum.cents,
                budgets: sum.count)
        }
        .sorted {
            ($0.fiscalYear ?? Int.max, $0.type ?? "", $0.status ?? "", $0.currency ?? "")
                < ($1.fiscalYear ?? Int.max, $1.type ?? "", $1.status ?? "", $1.currency ?? "")
        }
    }
}
