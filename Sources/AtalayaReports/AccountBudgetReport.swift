public import AtalayaDomain
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
    /// The region asked for (`WHA`), whose figures are its countries' and its regional programs'; nil for countries.
    public var region: String?
    /// The Greenbook's obligations from the same security-assistance accounts, by country, account and fiscal
    /// year, shown beside the budget in the table (AtalayaInsights' `BudgetObligations.gather`); never added to it.
    public var obligations: [String: [String: [Int: Cents]]]

    /// Creates a report; `runs` may hold every run, only those behind `figures` are named.
    public init(
        figures: [StoredAccountFigure], runs: [ImportRun], countries: [String], region: String? = nil,
        obligations: [String: [String: [Int: Cents]]] = [:]
    ) {
        self.figures = figures
        self.obligations = obligations
        let used = Set(figures.map(\.run))
        sources = runs.filter { used.contains($0.id) }.sorted { $0.id < $1.id }
        self.countries = countries
        self.region = region
    }

    /// A region's rows with their security-assistance figures by fiscal year, and the region's totals.
    public struct RegionSummary: Sendable {
        /// A country or another row of the region (a regional program), in thousands by fiscal year.
        public struct Member: Sendable {
            /// The ISO code of a country; nil for another row.
            public var country: String?
            /// The row's name (a regional program's without its trailing abbreviation, which the years vary).
            public var name: String
            /// The International Security Assistance accounts' sum by fiscal year (absent: none that year).
            public var security: [Int: Int64]
            /// Every account's sum by fiscal year.
            public var all: [Int: Int64]
        }
        /// Countries by name, then the other rows by name.
        public var members: [Member]
        /// The fiscal years with figures.
        public var years: [Int]

        /// The sum of `value` over the members, by fiscal year.
        public func total(_ value: (Member) -> [Int: Int64]) -> [Int: Int64] {
            members.reduce(into: [:]) { sums, member in value(member).forEach { sums[$0.key, default: 0] += $0.value } }
        }
    }

    /// The region's summary from its figures (as `accountFigures` returns them for a region).
    public static func regionSummary(_ figures: [StoredAccountFigure]) -> RegionSummary {
        var members: [String: RegionSummary.Member] = [:]
        for figure in figures {
            let name = figure.line.country.map { Countries.names[$0]?.en ?? $0 } ?? programName(figure.line.name)
            let key = (figure.line.country == nil ? "1" : "0") + name
            var member =
                members[key] ?? RegionSummary.Member(country: figure.line.country, name: name, security: [:], all: [:])
            if BudgetAccount.named(figure.line.account)?.isSecurityAssistance == true {
                member.security[figure.fiscalYear, default: 0] += figure.line.thousands
            }
            member.all[figure.fiscalYear, default: 0] += figure.line.thousands
            members[key] = member
        }
        return RegionSummary(
            members: members.sorted { $0.key < $1.key }.map(\.value),
            years: Array(Set(figures.map(\.fiscalYear))).sorted())
    }

    /// A row's name without a trailing abbreviation in parentheses (`Western Hemisphere Regional (WHA)`).
    static func programName(_ name: String) -> String {
        guard name.hasSuffix(")"), let open = name.lastIndex(of: "("), open > name.startIndex else { return name }
        let inside = name[name.index(after: open)..<name.index(before: name.endIndex)]
        guard !inside.isEmpty, inside.count <= 6, inside.allSatisfy({ $0.isUppercase || $0 == "/" }) else {
            return name
        }
        return String(name[..<open]).trimmingCharacters(in: .whitespaces)
    }

    /// What the Greenbook's obligations beside the budget are not.
    public static let obligationsCaveat =
        "Obligations (the Greenbook) stand beside the budget, never added to it: a year's obligations may draw on "
        + "earlier years' appropriations and on supplementals, so a difference is not an underspend or an overspend."

    /// What the figures are, said beside every rendering.
    public static let note =
        "Budget figures of the State Department's foreign-assistance tables by country and account (Congressional "
        + "Budget Justification), published in thousands of current U.S. dollars (tables show thousands; CSV and JSON "
        + "give dollars); whether a year's figures are "
        + "actual, estimate or request is the basis stated at import. Budget is not spending: never added to "
        + "obligations or disbursements. Accounts are not pillars: INCLE pays for counternarcotics, police and courts "
        + "alike. Rows that are not countries (regions, regional programs, bureaus, organisations) are kept in the "
        + "ledger as written and are not in any country's figures."

    /// One block per country: accounts by fiscal year, subtotals, share, basis and run of each year; for a region,
    /// one table of its countries and regional programs' security assistance by fiscal year.
    public func table() -> String {
        if let region { return regionTable(region) }
        var out = "State Department budget by account (thousands of current U.S. dollars, U.S. fiscal years)\n"
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
                    return ShareText.percent(sum(year) { $0.isSecurityAssistance }, of: all)
                })
            let basis = Dictionary(rows.map { ($0.fiscalYear, $0.basis.rawValue) }) { first, _ in first }
            let runs = Dictionary(rows.map { ($0.fiscalYear, String($0.run)) }) { first, _ in first }
            table.append(line("Basis") { basis[$0] ?? "" })
            table.append(line("Run") { runs[$0] ?? "" })
            out += Self.indented(TextTable.render(header: ["account"] + years.map { "FY\($0)" }, rows: table))
            out += obligationsBlock(country, years: years)
        }
        let shown = Set(figures.map(\.line.account)).compactMap(BudgetAccount.named).sorted()
        if !shown.isEmpty {
            out += "\nAccounts: " + shown.map { "\($0.key) \($0.name)" }.joined(separator: "; ") + ".\n"
            out += "Security assistance: INCLE, NADR, PKO, IMET and FMF, the budget's International Security "
            out += "Assistance title. A dash is an account with no figure that year (the tables write zero as -).\n"
        }
        out += "\n" + Self.note + "\n"
        return out + sourceLines()
    }

    /// The region's countries and other rows, their security assistance by fiscal year, and the region's totals.
    func regionTable(_ region: String) -> String {
        var out = "State Department budget, \(region) (\(BudgetRegion.name(region) ?? region)): security assistance "
        out += "(INCLE, NADR, PKO, IMET, FMF) by country and regional program, thousands of current U.S. dollars, U.S. "
        out += "fiscal years\n\n"
        let summary = Self.regionSummary(figures)
        guard !summary.members.isEmpty else {
            return out + "No budget figures for this region in the tables imported.\n"
        }
        let years = summary.years
        func line(_ label: String, _ values: [Int: Int64]) -> [String] {
            [label] + years.map { values[$0].map(Self.grouped) ?? "–" }
        }
        var rows = summary.members.filter { !$0.security.isEmpty }.map { member in
            line(member.country.map { "\(member.name) (\($0))" } ?? member.name, member.security)
        }
        let without = summary.members.filter(\.security.isEmpty).map(\.name)
        let security = summary.total(\.security)
        let all = summary.total(\.all)
        let programs = summary.total { $0.country == nil ? $0.security : [:] }
        rows.append(line("Security assistance, region", security))
        rows.append(line("All accounts, region", all))
        rows.append(
            [("Security assistance share")]
                + years.map { year in
                    (all[year] ?? 0) > 0 ? ShareText.percent(security[year] ?? 0, of: all[year] ?? 0) : "–"
                })
        rows.append(
            ["Regional programs' part of it"]
                + years.map { year in
                    (security[year] ?? 0) > 0 ? ShareText.percent(programs[year] ?? 0, of: security[year] ?? 0) : "–"
                })
        out += TextTable.render(header: ["row"] + years.map { "FY\($0)" }, rows: rows)
        out += "\n\nThe region's rows are those its subtotal counts (the tables list them after it, and the import "
        out += "checks that they add up to it account by account). A regional program is in no country's figures; "
        out += "its name is shown without the abbreviation the years vary, and two spellings of one program that "
        out += "differ otherwise are two rows. A dash is no figure that year."
        if !without.isEmpty {
            out += " With no security-assistance figure in these years, and so not listed (their other accounts are in "
            out += "\"All accounts\"): \(without.joined(separator: ", "))."
        }
        out += "\n"
        out += "\n" + Self.note + "\n"
        return out + sourceLines()
    }

    /// The Greenbook's obligations from the country's security-assistance accounts in the budget's years, or nothing
    /// when it has none.
    func obligationsBlock(_ country: String, years: [Int]) -> String {
        guard let byAccount = obligations[country],
            byAccount.values.contains(where: { values in years.contains { values[$0] != nil } })
        else { return "" }
        let accounts = byAccount.keys.compactMap(BudgetAccount.named).sorted()
        func thousands(_ cents: Cents?) -> String {
            // Whole thousands, half away from zero, in integers.
            guard let cents else { return "–" }
            let rounded = (cents.magnitude + 50_000) / 100_000
            return (cents < 0 && rounded > 0 ? "-" : "") + DecimalText.formatCount(Int(rounded))
        }
        var rows = accounts.map { account in [account.key] + years.map { thousands(byAccount[account.key]?[$0]) } }
        rows.append(
            ["Security assistance"]
                + years.map { year in
                    thousands(accounts.reduce(Cents(0)) { $0 + (byAccount[$1.key]?[year] ?? 0) })
                })
        var out = "\n  Obligated from the same accounts, as the Greenbook gives it (thousands of current U.S. dollars, "
        out += "rounded):\n"
        out += Self.indented(TextTable.render(header: ["account"] + years.map { "FY\($0)" }, rows: rows))
        return out + "  " + Self.obligationsCaveat + "\n"
    }

    static func indented(_ table: String) -> String {
        table.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            + "\n"
    }

    /// The runs behind the figures, a line each.
    func sourceLines() -> String {
        var out = "\nSources (\(counted(sources.count, "import run", "import runs"))):\n"
        for run in sources {
            out += "  run \(run.id): \(run.fileLabel) — \(run.formatVersion ?? "?"), vintage \(run.vintage ?? "?"), "
            out += "sha256 \(run.sha256.prefix(12))…\n"
        }
        return out
    }

    /// One row per figure: `source,measure,country,name,kind,region,fiscal_year,basis,account,account_name,`
    /// `security_assistance,amount_usd,run,line` (a regional program has no country; its name is as written).
    public func csv() -> String {
        var lines = [
            "source,measure,fiscal_year_basis,country,name,kind,region,fiscal_year,basis,account,account_name,"
                + "security_assistance,"
                + "amount_usd,run,line"
        ]
        for row in figures {
            let account = BudgetAccount.named(row.line.account)
            lines.append(
                [
                    "state-budget", "budget", "us_federal", row.line.country ?? "", row.line.name,
                    row.line.kind.rawValue,
                    row.line.region ?? "", String(row.fiscalYear), row.basis.rawValue, row.line.account,
                    account?.name ?? "", account?.isSecurityAssistance == true ? "true" : "false",
                    DecimalText.format(row.line.cents), String(row.run), String(row.line.line),
                ].map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The figures as a JSON document with their sources (see the README).
    public func json() throws -> String {
        let document = Document(
            source: "state-budget", measure: "budget", fiscalYearBasis: "us_federal", currency: "USD",
            dollars: "current",
            region: region,
            note: Self.note,
            rows: figures.map { row in
                let account = BudgetAccount.named(row.line.account)
                return Document.Row(
                    country: row.line.country, name: row.line.name, kind: row.line.kind.rawValue,
                    region: row.line.region, fiscalYear: row.fiscalYear, basis: row.basis.rawValue,
                    account: row.line.account, accountName: account?.name ?? row.line.heading,
                    securityAssistance: account?.isSecurityAssistance ?? false,
                    amountUSD: PortfolioReport.decimal(row.line.cents), run: row.run, line: row.line.line)
            },
            sources: sources.map {
                Document.Source(
                    run: $0.id, file: $0.fileName, sheet: $0.sheet, sha256: $0.sha256, publisher: $0.publisher,
                    vintage: $0.vintage, table: $0.formatVersion)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    struct Document: Encodable {
        struct Row: Encodable {
            var country: String?
            var name: String
            var kind: String
            var region: String?
            var fiscalYear: Int
            var basis: String
            var account: String
            var accountName: String
            var securityAssistance: Bool
            var amountUSD: Decimal
            var run: Int64
            var line: Int

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(country, forKey: .country)  // null for a regional program
                try container.encode(name, forKey: .name)
                try container.encode(kind, forKey: .kind)
                try container.encode(region, forKey: .region)  // null outside a region's subtotal
                try container.encode(fiscalYear, forKey: .fiscalYear)
                try container.encode(basis, forKey: .basis)
                try container.encode(account, forKey: .account)
                try container.encode(accountName, forKey: .accountName)
                try container.encode(securityAssistance, forKey: .securityAssistance)
                try container.encode(amountUSD, forKey: .amountUSD)
                try container.encode(run, forKey: .run)
                try container.encode(line, forKey: .line)
            }

            enum CodingKeys: String, CodingKey {
                case country, name, kind, region, fiscalYear, basis, account, accountName, securityAssistance
                case amountUSD, run, line
            }
        }
        struct Source: Encodable {
            var run: Int64
            var file: String
            /// The sheet read, when the file is a workbook.
            var sheet: String?
            var sha256: String
            var publisher: String?
            var vintage: String?
            var table: String?
        }
        var source: String
        var measure: String
        var fiscalYearBasis: String
        var currency: String
        var dollars: String
        var region: String?
        var note: String
        var rows: [Row]
        var sources: [Source]
    }

    static func grouped(_ thousands: Int64) -> String { DecimalText.formatWhole(thousands * 100) }
}
