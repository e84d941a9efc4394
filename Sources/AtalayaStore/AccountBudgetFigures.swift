public import AtalayaDomain

// MARK: - The State Department's budget tables as the ledger keeps them

/// One account's figure of a budget table in the ledger, with its file's fiscal year, basis and run.
public struct StoredAccountFigure: Sendable, Equatable {
    /// The table's fiscal year.
    public var fiscalYear: Int
    /// What the file's figures are, as stated at import.
    public var basis: BudgetBasis
    /// The run that imported the file.
    public var run: Int64
    /// The figure, with its line, row name and account.
    public var line: AccountFigure

    /// Creates a stored line.
    public init(fiscalYear: Int, basis: BudgetBasis, run: Int64, line: AccountFigure) {
        self.fiscalYear = fiscalYear
        self.basis = basis
        self.run = run
        self.line = line
    }
}

/// Which budget figures to read: the tables in force (for each fiscal year, the file of the newest vintage, the
/// latest imported among equal ones); country rows, or with `region` every row the region's subtotal counts (its
/// countries and its regional programs).
public struct AccountBudgetQuery: Sendable, Equatable {
    /// ISO alpha-2 codes; empty for every country.
    public var countries: [String]
    /// A region's code (`WHA`): its countries and its other rows; nil for country rows wherever they are.
    public var region: String?
    /// The first fiscal year, when limited.
    public var fromYear: Int?
    /// The last fiscal year, when limited.
    public var toYear: Int?

    /// Creates a query.
    public init(countries: [String] = [], region: String? = nil, fromYear: Int? = nil, toYear: Int? = nil) {
        self.countries = countries
        self.region = region
        self.fromYear = fromYear
        self.toYear = toYear
    }
}

/// The SQL both engines run for budget tables, with their own placeholders.
public enum AccountBudgetSQL {
    /// The runs whose table is in force: for each fiscal year, the newest vintage, then the latest import.
    public static let runsInForce = """
        SELECT f.run_id FROM budget_file f JOIN import_run r ON r.id = f.run_id
        WHERE NOT EXISTS (
          SELECT 1 FROM budget_file g JOIN import_run s ON s.id = g.run_id
          WHERE g.fiscal_year = f.fiscal_year AND (s.vintage > r.vintage OR (s.vintage = r.vintage AND s.id > r.id)))
        """

    /// The figures in force for `query`, with `placeholder(n)` writing the n-th (1-based) parameter; the parameters
    /// are `arguments(query)`.
    public static func lines(_ query: AccountBudgetQuery, placeholder: (Int) -> String) -> String {
        var sql = """
            SELECT f.fiscal_year, f.basis, b.run_id, b.line, b.row_name, b.kind, b.country, b.region, b.account,
              b.heading, b.thousands
            FROM account_budget b JOIN budget_file f ON f.run_id = b.run_id
            WHERE b.run_id IN (\(runsInForce))
            """
        var next = 1
        func parameter() -> String {
            defer { next += 1 }
            return placeholder(next)
        }
        sql += query.region == nil ? " AND b.kind = 'country'" : " AND b.region = \(parameter())"
        if !query.countries.isEmpty {
            sql += " AND b.country IN (" + query.countries.map { _ in parameter() }.joined(separator: ", ") + ")"
        }
        if query.fromYear != nil { sql += " AND f.fiscal_year >= \(parameter())" }
        if query.toYear != nil { sql += " AND f.fiscal_year <= \(parameter())" }
        return sql
    }

    /// A parameter of `lines(_:placeholder:)`.
    public enum Value: Sendable, Equatable {
        /// A code.
        case text(String)
        /// A fiscal year.
        case integer(Int)
    }

    /// The parameters of `lines(_:placeholder:)`, in order.
    public static func arguments(_ query: AccountBudgetQuery) -> [Value] {
        [query.region].compactMap { $0.map(Value.text) } + query.countries.map(Value.text)
            + [query.fromYear, query.toYear].compactMap { $0.map(Value.integer) }
    }

    /// `lines` in the order every engine answers them: countries by code, then other rows by name; then fiscal
    /// year, the accounts' print order and the line.
    public static func ordered(_ lines: [StoredAccountFigure]) -> [StoredAccountFigure] {
        func order(_ key: String) -> Int { BudgetAccount.named(key)?.order ?? Int.max }
        func row(_ figure: StoredAccountFigure) -> String {
            figure.line.country.map { "0" + $0 } ?? "1" + figure.line.name
        }
        return lines.sorted {
            (row($0), $0.fiscalYear, order($0.line.account), $0.line.line)
                < (row($1), $1.fiscalYear, order($1.line.account), $1.line.line)
        }
    }

}
