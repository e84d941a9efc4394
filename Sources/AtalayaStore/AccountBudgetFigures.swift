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
/// latest imported among equal ones), country rows only unless `countries` is nil and `everyRow` is set.
public struct AccountBudgetQuery: Sendable, Equatable {
    /// ISO alpha-2 codes; empty for every country.
    public var countries: [String]
    /// The first fiscal year, when limited.
    public var fromYear: Int?
    /// The last fiscal year, when limited.
    public var toYear: Int?

    /// Creates a query.
    public init(countries: [String] = [], fromYear: Int? = nil, toYear: Int? = nil) {
        self.countries = countries
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

    /// The country figures in force for `query`, with `placeholder(n)` writing the n-th (1-based) parameter; the
    /// parameters are `arguments(query)`.
    public static func lines(_ query: AccountBudgetQuery, placeholder: (Int) -> String) -> String {
        var sql = """
            SELECT f.fiscal_year, f.basis, b.run_id, b.line, b.row_name, b.kind, b.country, b.account, b.heading,
              b.thousands
            FROM account_budget b JOIN budget_file f ON f.run_id = b.run_id
            WHERE b.kind = 'country' AND b.run_id IN (\(runsInForce))
            """
        var next = 1
        if !query.countries.isEmpty {
            sql +=
                " AND b.country IN ("
                + query.countries.indices.map { placeholder(next + $0) }.joined(separator: ", ") + ")"
            next += query.countries.count
        }
        if query.fromYear != nil {
            sql += " AND f.fiscal_year >= \(placeholder(next))"
            next += 1
        }
        if query.toYear != nil { sql += " AND f.fiscal_year <= \(placeholder(next))" }
        return sql
    }

    /// `lines` in the order every engine answers them: by country, fiscal year, then the accounts' print order.
    public static func ordered(_ lines: [StoredAccountFigure]) -> [StoredAccountFigure] {
        func order(_ key: String) -> Int { BudgetAccount.named(key)?.order ?? Int.max }
        return lines.sorted {
            ($0.line.country ?? "", $0.fiscalYear, order($0.line.account), $0.line.line)
                < ($1.line.country ?? "", $1.fiscalYear, order($1.line.account), $1.line.line)
        }
    }

    /// A parameter of `lines(_:placeholder:)`.
    public enum Value: Sendable, Equatable {
        /// A country code.
        case text(String)
        /// A fiscal year.
        case integer(Int)
    }

    /// The parameters of `lines(_:placeholder:)`, in order.
    public static func arguments(_ query: AccountBudgetQuery) -> [Value] {
        query.countries.map(Value.text) + [query.fromYear, query.toYear].compactMap { $0.map(Value.integer) }
    }
}
