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

    /// The region's summary from its figures (as `accountFigures` returns them for a region): its countries by their
    /// names in `language` (accents and case aside, as `ReportLanguage.byName` orders them), then its other rows.
    public static func regionSummary(_ figures: [StoredAccountFigure], in language: ReportLanguage = .en)
        -> RegionSummary
    {
        var members: [String: RegionSummary.Member] = [:]
        for figure in figures {
            let name = figure.line.country.map(language.countryName) ?? programName(figure.line.name)
            let key =
                (figure.line.country == nil ? "1" : "0")
                + name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) + "\u{0}" + name
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

    /// `obligationsCaveat` in this language.
    public static func obligationsCaveat(in l: ReportLanguage) -> String {
        l.pick(
            obligationsCaveat,
            "Las obligaciones (el Greenbook) se muestran junto al presupuesto, nunca sumadas: las de un año pueden "
                + "venir de asignaciones de años anteriores y de suplementos, así que una diferencia no es un gasto "
                + "menor ni mayor.")
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

    /// `note` in this language.
    public static func note(in l: ReportLanguage) -> String {
        l.pick(
            note,
            "Cifras de presupuesto de las tablas de asistencia exterior del Departamento de Estado por país y cuenta "
                + "(Congressional Budget Justification), publicadas en miles de dólares corrientes de EE. UU. (las "
                + "tablas muestran miles; el CSV y el JSON dan dólares); si las cifras de un año son ejecutadas, "
                + "estimadas o solicitadas es la base indicada al importar. El presupuesto no es gasto: nunca se suma "
                + "a obligaciones ni desembolsos. Las cuentas no son pilares: INCLE paga por igual antinarcóticos, "
                + "policía y tribunales. Las filas que no son países (regiones, programas regionales, oficinas, "
                + "organizaciones) se guardan tal como están escritas y no están en las cifras de ningún país.")
    }

    /// One block per country: accounts by fiscal year, subtotals, share, basis and run of each year; for a region,
    /// one table of its countries and regional programs' security assistance by fiscal year; in this language (the
    /// accounts by their codes and official names).
    public func table(in l: ReportLanguage = .en) -> String {
        if let region { return regionTable(region, in: l) }
        var out = l.pick(
            "State Department budget by account (thousands of current U.S. dollars, U.S. fiscal years)\n",
            "Presupuesto del Departamento de Estado por cuenta (miles de dólares corrientes de EE. UU., años fiscales "
                + "de EE. UU.)\n")
        let byCountry = Dictionary(grouping: figures) { $0.line.country ?? "" }
        let asked = countries.isEmpty ? byCountry.keys.sorted() : countries
        for country in asked {
            out += "\n\(l.labelled(country))\n"
            guard let rows = byCountry[country], !rows.isEmpty else {
                out += l.pick(
                    "  No budget figures for this country in the tables imported.\n",
                    "  No hay cifras de presupuesto para este país en las tablas importadas.\n")
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
            table.append(
                line(l.pick("Security assistance", "Asistencia en seguridad")) {
                    Self.grouped(sum($0) { $0.isSecurityAssistance })
                })
            for account in accounts where !account.isSecurityAssistance {
                table.append(line(account.key) { cells[account.key]?[$0].map(Self.grouped) ?? "–" })
            }
            table.append(line(l.pick("All accounts", "Todas las cuentas")) { Self.grouped(sum($0) { _ in true }) })
            table.append(
                line(l.pick("Security assistance share", "Proporción de asistencia en seguridad")) { year in
                    let all = sum(year) { _ in true }
                    guard all > 0 else { return "–" }
                    return ShareText.percent(sum(year) { $0.isSecurityAssistance }, of: all)
                })
            // The basis in English is its code, as the CSV gives it; in Spanish in words.
            let basis = Dictionary(rows.map { ($0.fiscalYear, l == .en ? $0.basis.rawValue : l.budgetBasis($0.basis)) })
            {
                first, _ in first
            }
            let runs = Dictionary(rows.map { ($0.fiscalYear, String($0.run)) }) { first, _ in first }
            table.append(line(l.pick("Basis", "Base")) { basis[$0] ?? "" })
            table.append(line(l.pick("Run", "Importación")) { runs[$0] ?? "" })
            out += Self.indented(
                TextTable.render(header: [l.pick("account", "cuenta")] + years.map { l.fiscalYear($0) }, rows: table))
            out += obligationsBlock(country, years: years, in: l)
        }
        let shown = Set(figures.map(\.line.account)).compactMap(BudgetAccount.named).sorted()
        if !shown.isEmpty {
            out += l.pick("\nAccounts: ", "\nCuentas: ") + shown.map { "\($0.key) \($0.name)" }.joined(separator: "; ")
            out += l.pick(
                ".\nSecurity assistance: INCLE, NADR, PKO, IMET and FMF, the budget's International Security Assistance "
                    + "title. A dash is an account with no figure that year (the tables write zero as -).\n",
                ".\nAsistencia en seguridad: INCLE, NADR, PKO, IMET y FMF, el título International Security Assistance "
                    + "del presupuesto. Un guion es una cuenta sin cifra ese año (las tablas escriben el cero como -).\n"
            )
        }
        out += "\n" + Self.note(in: l) + "\n"
        return out + sourceLines(in: l)
    }

    /// The region's countries and other rows, their security assistance by fiscal year, and the region's totals.
    func regionTable(_ region: String, in l: ReportLanguage) -> String {
        let named = "\(region) (\(BudgetRegion.name(region) ?? region))"
        var out = l.pick(
            "State Department budget, \(named): security assistance (INCLE, NADR, PKO, IMET, FMF) by country and "
                + "regional program, thousands of current U.S. dollars, U.S. fiscal years\n\n",
            "Presupuesto del Departamento de Estado, \(named): asistencia en seguridad (INCLE, NADR, PKO, IMET, FMF) "
                + "por país y programa regional, miles de dólares corrientes de EE. UU., años fiscales de EE. UU.\n\n")
        let summary = Self.regionSummary(figures, in: l)
        guard !summary.members.isEmpty else {
            return out
                + l.pick(
                    "No budget figures for this region in the tables imported.\n",
                    "No hay cifras de presupuesto para esta región en las tablas importadas.\n")
        }
        let years = summary.years
        func line(_ label: String, _ values: [Int: Int64]) -> [String] {
            [label] + years.map { values[$0].map(Self.grouped) ?? "–" }
        }
        var rows = summary.members.filter { !$0.security.isEmpty }.map { member in
            line(
                member.country.map { "\(l.countryName($0)) (\($0))" } ?? member.name, member.security)
        }
        let without = summary.members.filter(\.security.isEmpty).map { member in
            member.country.map(l.countryName) ?? member.name
        }
        let security = summary.total(\.security)
        let all = summary.total(\.all)
        let programs = summary.total { $0.country == nil ? $0.security : [:] }
        rows.append(line(l.pick("Security assistance, region", "Asistencia en seguridad, región"), security))
        rows.append(line(l.pick("All accounts, region", "Todas las cuentas, región"), all))
        rows.append(
            [l.pick("Security assistance share", "Proporción de asistencia en seguridad")]
                + years.map { year in
                    (all[year] ?? 0) > 0 ? ShareText.percent(security[year] ?? 0, of: all[year] ?? 0) : "–"
                })
        rows.append(
            [l.pick("Regional programs' part of it", "Parte de los programas regionales")]
                + years.map { year in
                    (security[year] ?? 0) > 0 ? ShareText.percent(programs[year] ?? 0, of: security[year] ?? 0) : "–"
                })
        out += TextTable.render(header: [l.pick("row", "fila")] + years.map { l.fiscalYear($0) }, rows: rows)
        out += l.pick(
            "\n\nThe region's rows are those its subtotal counts (the tables list them after it, and the import checks "
                + "that they add up to it account by account). A regional program is in no country's figures; its name "
                + "is shown without the abbreviation the years vary, and two spellings of one program that differ "
                + "otherwise are two rows. A dash is no figure that year.",
            "\n\nLas filas de la región son las que cuenta su subtotal (las tablas las listan después de él, y la "
                + "importación comprueba que suman lo mismo cuenta por cuenta). Un programa regional no está en las "
                + "cifras de ningún país; su nombre se muestra sin la abreviatura que varía según el año, y dos "
                + "grafías de un programa que difieren en algo más son dos filas. Un guion es un año sin cifra.")
        if !without.isEmpty {
            out +=
                l.pick(
                    " With no security-assistance figure in these years, and so not listed (their other accounts are in "
                        + "\"All accounts\"): ",
                    " Sin cifra de asistencia en seguridad en estos años, y por eso no listados (sus demás cuentas están "
                        + "en «Todas las cuentas»): ") + without.joined(separator: ", ") + "."
        }
        out += "\n"
        out += "\n" + Self.note(in: l) + "\n"
        return out + sourceLines(in: l)
    }

    /// The Greenbook's obligations from the country's security-assistance accounts in the budget's years, or nothing
    /// when it has none.
    func obligationsBlock(_ country: String, years: [Int], in l: ReportLanguage) -> String {
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
            [l.pick("Security assistance", "Asistencia en seguridad")]
                + years.map { year in
                    thousands(accounts.reduce(Cents(0)) { $0 + (byAccount[$1.key]?[year] ?? 0) })
                })
        var out = l.pick(
            "\n  Obligated from the same accounts, as the Greenbook gives it (thousands of current U.S. dollars, "
                + "rounded):\n",
            "\n  Obligado de las mismas cuentas, según el Greenbook (miles de dólares corrientes de EE. UU., "
                + "redondeados):\n")
        out += Self.indented(
            TextTable.render(header: [l.pick("account", "cuenta")] + years.map { l.fiscalYear($0) }, rows: rows))
        return out + "  " + Self.obligationsCaveat(in: l) + "\n"
    }

    static func indented(_ table: String) -> String {
        table.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            + "\n"
    }

    /// The runs behind the figures, a line each.
    func sourceLines(in l: ReportLanguage) -> String {
        var out = l.pick(
            "\nSources (\(counted(sources.count, "import run", "import runs"))):\n",
            "\nFuentes (\(counted(sources.count, "importación", "importaciones"))):\n")
        for run in sources {
            out += l.pick("  run ", "  importación ") + "\(run.id): \(run.fileLabel) — \(run.formatVersion ?? "?"), "
            out += l.pick("vintage ", "versión ") + "\(run.vintage ?? "?"), sha256 \(run.sha256.prefix(12))…\n"
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
