import AtalayaDomain
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import Foundation

// MARK: - A country's State Department budget by account, on its page

extension AtalayaWeb {
    /// The country's budget by account, a fiscal year a row: the International Security Assistance accounts, their
    /// sum, all accounts and the share, with each year's basis and run; nil when no table names the country.
    func budgetTable(_ code: String, _ request: PageRequest) async throws -> DataTable? {
        let l = request.language
        let figures = try await store.accountFigures(AccountBudgetQuery(countries: [code]))
        guard !figures.isEmpty else { return nil }
        let security = Set(figures.map(\.line.account)).compactMap(BudgetAccount.named).filter(\.isSecurityAssistance)
            .sorted()
        let years = Dictionary(grouping: figures, by: \.fiscalYear).sorted { $0.key < $1.key }
        // The Greenbook's obligations from the same accounts: a column beside the budget when it has any.
        let obligated =
            (try await BudgetObligations.gather(
                store, countries: [code], fromYear: years.first?.key, toYear: years.last?.key)[code] ?? [:]).values
            .reduce(into: [Int: Cents]()) { sums, byYear in byYear.forEach { sums[$0.key, default: 0] += $0.value } }
        let withObligations = years.contains { obligated[$0.key] != nil }
        var caption = l.pick(
            "State Department budget by account (current USD, U.S. fiscal years; the tables give thousands). "
                + "Budget, not spending: never added to the figures above. INCLE, NADR, PKO, IMET and FMF are "
                + "the budget's security-assistance accounts; accounts are not pillars.",
            "Presupuesto del Departamento de Estado por cuenta (USD corrientes, años fiscales de EE. UU.; las "
                + "tablas dan miles). Presupuesto, no gasto: nunca se suma a las cifras de arriba. INCLE, NADR, "
                + "PKO, IMET y FMF son las cuentas de asistencia en seguridad del presupuesto; las cuentas no son "
                + "pilares.")
        if withObligations {
            caption += " " + AccountBudgetReport.obligationsCaveat(in: l)
        }
        let obligationsColumn =
            withObligations
            ? [l.pick("Obligated from these accounts (Greenbook)", "Obligado de estas cuentas (Greenbook)")] : []
        return DataTable(
            id: "budget", caption: caption,
            columns: [l.pick("Fiscal year", "Año fiscal")] + security.map(\.key)
                + [l.pick("Security assistance", "Asistencia en seguridad")] + obligationsColumn
                + [
                    l.pick("All accounts", "Todas las cuentas"),
                    l.pick("Security assistance share", "Proporción de asistencia en seguridad"),
                    l.pick("Basis", "Base"), l.pick("Import", "Importación"),
                ],
            numeric: Set(1...(security.count + obligationsColumn.count + 3)),
            rows: years.map { year, rows in
                let byAccount = Dictionary(grouping: rows, by: \.line.account).mapValues {
                    $0.reduce(Int64(0)) { $0 + $1.line.thousands }
                }
                let securitySum = security.reduce(Int64(0)) { $0 + (byAccount[$1.key] ?? 0) }
                let all = byAccount.values.reduce(0, +)
                let run = rows[0].run
                let share: DataTable.Cell =
                    all > 0
                    ? .shown(
                        String(format: "%.4f", Double(securitySum) / Double(all)),
                        as: ShareText.percent(securitySum, of: all))
                    : "–"
                return [DataTable.Cell(l.fiscalYear(year))]
                    + security.map { account in
                        byAccount[account.key].map { DataTable.Cell.money($0 * 100_000) } ?? DataTable.Cell("–")
                    }
                    + [.money(securitySum * 100_000)]
                    + (withObligations ? [obligated[year].map(DataTable.Cell.money) ?? DataTable.Cell("–")] : [])
                    + [
                        .money(all * 100_000), share, DataTable.Cell(l.budgetBasis(rows[0].basis)),
                        DataTable.Cell(String(run), link: request.runLink(run)),
                    ]
            })
    }

    /// The Western Hemisphere's security-assistance budget by country and regional program, a fiscal year a column,
    /// with the region's totals and the regional programs' part; nil when no budget table is imported.
    func regionBudgetTable(_ request: PageRequest) async throws -> DataTable? {
        let l = request.language
        let figures = try await store.accountFigures(AccountBudgetQuery(region: "WHA"))
        guard !figures.isEmpty else { return nil }
        let summary = AccountBudgetReport.regionSummary(figures, in: l)
        let years = summary.years
        func cells(_ values: [Int: Int64]) -> [DataTable.Cell] {
            years.map { year in values[year].map { DataTable.Cell.money($0 * 100_000) } ?? DataTable.Cell("–") }
        }
        func share(_ part: [Int: Int64], of whole: [Int: Int64]) -> [DataTable.Cell] {
            years.map { year in
                let (part, whole) = (part[year] ?? 0, whole[year] ?? 0)
                guard whole > 0 else { return DataTable.Cell("–") }
                return .shown(
                    String(format: "%.4f", Double(part) / Double(whole)),
                    as: ShareText.percent(part, of: whole))
            }
        }
        let without = summary.members.filter(\.security.isEmpty).map { member in
            member.country.map(l.countryName) ?? member.name
        }
        var rows: [[DataTable.Cell]] = summary.members.filter { !$0.security.isEmpty }.map { member in
            let name =
                member.country.map { code in
                    DataTable.Cell(l.countryName(code), link: request.link("/countries/\(code)"))
                } ?? DataTable.Cell(member.name)
            return [name] + cells(member.security)
        }
        let security = summary.total(\.security)
        let all = summary.total(\.all)
        let programs = summary.total { $0.country == nil ? $0.security : [:] }
        rows.append(
            [DataTable.Cell(l.pick("Security assistance, region", "Asistencia en seguridad, región"))] + cells(security)
        )
        rows.append([DataTable.Cell(l.pick("All accounts, region", "Todas las cuentas, región"))] + cells(all))
        rows.append(
            [DataTable.Cell(l.pick("Security assistance share", "Proporción de asistencia en seguridad"))]
                + share(security, of: all))
        rows.append(
            [DataTable.Cell(l.pick("Regional programs' part of it", "Parte de los programas regionales"))]
                + share(programs, of: security))
        return DataTable(
            id: "budget-region",
            caption: l.pick(
                "State Department budget for the Western Hemisphere: security assistance (INCLE, NADR, PKO, IMET, "
                    + "FMF) by country and regional program (current USD, U.S. fiscal years). Budget, not spending, "
                    + "and never added to the figures above; a regional program is in no country's figures.",
                "Presupuesto del Departamento de Estado para el Hemisferio Occidental: asistencia en seguridad "
                    + "(INCLE, NADR, PKO, IMET, FMF) por país y programa regional (USD corrientes, años fiscales de "
                    + "EE. UU.). Presupuesto, no gasto, y nunca sumado a las cifras de arriba; un programa regional "
                    + "no está en las cifras de ningún país.")
                + (without.isEmpty
                    ? ""
                    : l.pick(
                        " With no security-assistance figure in these years, and not listed: ",
                        " Sin cifra de asistencia en seguridad en estos años, y no listados: ")
                        + without.joined(separator: ", ") + "."),
            columns: [l.pick("Country or regional program", "País o programa regional")]
                + years.map {
                    l.fiscalYear($0)
                },
            numeric: Set(1...max(1, years.count)), rows: rows)
    }
}
