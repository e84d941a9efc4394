import AtalayaDomain
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
        return DataTable(
            id: "budget",
            caption: l.pick(
                "State Department budget by account (current USD, U.S. fiscal years; the tables give thousands). "
                    + "Budget, not spending: never added to the figures above. INCLE, NADR, PKO, IMET and FMF are "
                    + "the budget's security-assistance accounts; accounts are not pillars.",
                "Presupuesto del Departamento de Estado por cuenta (USD corrientes, años fiscales de EE. UU.; las "
                    + "tablas dan miles). Presupuesto, no gasto: nunca se suma a las cifras de arriba. INCLE, NADR, "
                    + "PKO, IMET y FMF son las cuentas de asistencia en seguridad del presupuesto; las cuentas no son "
                    + "pilares."),
            columns: [l.pick("Fiscal year", "Año fiscal")] + security.map(\.key)
                + [
                    l.pick("Security assistance", "Asistencia en seguridad"),
                    l.pick("All accounts", "Todas las cuentas"),
                    l.pick("Security assistance share", "Proporción de asistencia en seguridad"),
                    l.pick("Basis", "Base"), l.pick("Import", "Importación"),
                ],
            numeric: Set(1...(security.count + 3)),
            rows: years.map { year, rows in
                let byAccount = Dictionary(grouping: rows, by: \.line.account).mapValues {
                    $0.reduce(Int64(0)) { $0 + $1.line.thousands }
                }
                let securitySum = security.reduce(Int64(0)) { $0 + (byAccount[$1.key] ?? 0) }
                let all = byAccount.values.reduce(0, +)
                let run = rows[0].run
                return [DataTable.Cell(l.fiscalYear(year))]
                    + security.map { account in
                        byAccount[account.key].map { DataTable.Cell.money($0 * 100_000) } ?? DataTable.Cell("–")
                    }
                    + [
                        .money(securitySum * 100_000), .money(all * 100_000),
                        all > 0
                            ? .shown(
                                String(format: "%.4f", Double(securitySum) / Double(all)),
                                as: AccountBudgetReport.percent(securitySum, of: all))
                            : "–",
                        DataTable.Cell(l.budgetBasis(rows[0].basis)),
                        DataTable.Cell(String(run), link: request.runLink(run)),
                    ]
            })
    }
}
