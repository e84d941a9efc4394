import AtalayaDomain
public import AtalayaStore
import Foundation

// MARK: - The State Department's budget by country and account

/// Renders the budget tables in force for some countries: accounts by fiscal year, the International Security
/// Assistance accounts first, with their share of all accounts. The figures are budget figures (as each file's
/// basis says), never added to obligations or disbursements from another source.
public struct AccountBudgetReport: Sendable {
    /// The figures, as the store returns them.
    public var figures: [StoredAccountFigure]
    /// The runs behind them.
    public var sources: [ImportRun]
    /// The countries asked for (empty: every country with figures).
    public var countries: [String]

    /// Creates a report; `runs` may hold every run, only those behind `figures` are named.
    public init(figures: [StoredAccountFigure], runs: [ImportRun], countries: [String]) {
        self.figures = figures
        let used = Set(figures.map(\.run))
        sources = runs.filter { used.contains($0.id) }.sorted { $0.id < $1.id }
        self.countries = countries
    }

    /// What the figures are, said beside every rendering.
    public static let note =
        "Budget figures of the State Department's foreign-assistance tables by country and account (Congressional "
        + "Budget Justification), published in thousands of current U.S. dollars (tables show thousands; CSV and JSON "
        + "give dollars); whether a year's figures are "
        + "actual, estimate or request is the basis stated at import. Budget is not spending: never added to "
        + "obligations or disbursements. Accounts are not pillars: INCLE pays for counternarcotics, police and courts "
        + "alike. Rows that are not countries (regions, regional programs, bureaus, organisations) are kept in the "
        + "ledger as written and are not in any country's figures."

    /// One block per country: accounts by fiscal year, subtotals, share, basis and run of each year.
    public func table() -> String {
        var out = "State Department budget by account (thousands of current U.S. dollars)\n"
        let byCountry = Dictionary(grouping: figures) { $0.line.country ?? "" }
        let asked = countries.isEmpty ? byCountry.keys.sorted() : countries
        for country in asked {
            out += "\n\(Countries.labelled(country))\n"
            guard let rows = byCountry[country], !rows.isEmpty else {
                out += "  No budget figures for this country in the tables imported.\n"
                continue
            }
            let years = Array(Set(rows.map(\.fiscalYear))).sorted()
            var cells: [String: [Int: Int64]] = [:]
            for row in rows { cells[row.line.account, default: [:]][row.fiscalYear, default: 0] += row.line.thousands }
            let accounts = cells.keys.compactMap(BudgetAccount.named).sorted()
            func sum(_ year: Int, _ include: (BudgetAccount) -> Bool) -> Int64 {
                accounts.filter(include).reduce(0) { $0 + (cells[$1.key]?[year] ?? 0) }
            }
            func line(_ label: String, _ value: (Int) -> String) -> [String] { [label] + years.map(value) }
            var table: [[String]] = []
            for account in accounts where account.isSecurityAssistance {
                table.append(line(account.key) { cells[account.key]?[$0].map(Self.grouped) ?? "–" })
            }
            table.append(line("Security assistance") { Self.grouped(sum($0) { $0.isSecurityAssistance }) })
            for account in accounts where !account.isSecurityAssistance {
                table.append(line(account.key) { cells[account.key]?[$0].map(Self.grouped) ?? "–" })
            }
            table.append(line("All accounts") { Self.grouped(sum($0) { _ in true }) })
            table.append(
                line("Security assistance share") { year in
                    let all = sum(year) { _ in true }
                    guard all > 0 else { return "–" }
                    return Self.percent(sum(year) { $0.isSecurityAssistance }, of: all)
                })
            let basis = Dictionary(rows.map { ($0.fiscalYear, $0.basis.rawValue) }) { first, _ in first }
            let runs = Dictionary(rows.map { ($0.fiscalYear, String($0.run)) }) { first, _ in first }
            table.append(line("Basis") { basis[$0] ?? "" })
            table.append(line("Run") { runs[$0] ?? "" })
            out += TextTable.render(header: ["account"] + years.map { "FY\($0)" }, rows: table)
                .split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            out += "\n"
        }
        let shown = Set(figures.map(\.line.account)).compactMap(BudgetAccount.named).sorted()
        if !shown.isEmpty {
            out += "\nAccounts: " + shown.map { "\($0.key) \($0.name)" }.joined(separator: "; ") + ".\n"
            out += "Security assistance: INCLE, NADR, PKO, IMET and FMF, the budget's International Security "
            out += "Assistance title. A dash is an account with no figure that year (the tables write zero as -).\n"
        }
        out += "\n" + Self.note + "\n"
        out += "\nSources (\(counted(sources.count, "import run", "import runs"))):\n"
        for run in sources {
            out += "  run \(run.id): \(run.fileName) — \(run.formatVersion ?? "?"), vintage \(run.vintage ?? "?"), "
            out += "sha256 \(run.sha256.prefix(12))…\n"
        }
        return out
    }

    /// One row per figure:
    /// `source,measure,country,fiscal_year,basis,account,account_name,security_assistance,amount_usd,run,line`.
    public func csv() -> String {
        var lines = [
            "source,measure,country,fiscal_year,basis,account,account_name,security_assistance,amount_usd,run,line"
        ]
        for row in figures {
            let account = BudgetAccount.named(row.line.account)
            lines.append(
                [
                    "state-budget", "budget", row.line.country ?? "", String(row.fiscalYear), row.basis.rawValue,
                    row.line.account, account?.name ?? "", account?.isSecurityAssistance == true ? "true" : "false",
                    DecimalText.format(row.line.cents), String(row.run), String(row.line.line),
                ].map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The figures as a JSON document with their sources (see the README).
    public func json() throws -> String {
        let document = Document(
            source: "state-budget", measure: "budget", currency: "USD", dollars: "current", note: Self.note,
            rows: figures.map { row in
                let account = BudgetAccount.named(row.line.account)
                return Document.Row(
                    country: row.line.country ?? "", fiscalYear: row.fiscalYear, basis: row.basis.rawValue,
                    account: row.line.account, accountName: account?.name ?? row.line.heading,
                    securityAssistance: account?.isSecurityAssistance ?? false,
                    amountUSD: PortfolioReport.decimal(row.line.cents), run: row.run, line: row.line.line)
            },
            sources: sources.map {
                Document.Source(
                    run: $0.id, file: $0.fileName, sha256: $0.sha256, publisher: $0.publisher, vintage: $0.vintage,
                    table: $0.formatVersion)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    struct Document: Encodable {
        struct Row: Encodable {
            var country: String
            var fiscalYear: Int
            var basis: String
            var account: String
            var accountName: String
            var securityAssistance: Bool
            var amountUSD: Decimal
            var run: Int64
            var line: Int
        }
        struct Source: Encodable {
            var run: Int64
            var file: String
            var sha256: String
            var publisher: String?
            var vintage: String?
            var table: String?
        }
        var source: String
        var measure: String
        var currency: String
        var dollars: String
        var note: String
        var rows: [Row]
        var sources: [Source]
    }

    static func grouped(_ thousands: Int64) -> String { DecimalText.formatWhole(thousands * 100) }

    /// `part` as a whole percent of `whole` (rounded half up, in integers).
    public static func percent(_ part: Int64, of whole: Int64) -> String {
        "\((part * 100 * 2 + whole) / (whole * 2))%"
    }
}
