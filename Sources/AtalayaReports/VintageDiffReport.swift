public import AtalayaDomain
public import AtalayaStore
import Foundation

// MARK: - Two vintages side by side

/// Renders a comparison of two runs by country, fiscal period and measure.
public struct VintageDiffReport: Sendable {
    /// The comparison.
    public var diff: VintageDiff

    /// Creates a report.
    public init(diff: VintageDiff) { self.diff = diff }

    private var dollars: String { diff.constantDollars ? "constant" : "current" }

    /// The largest changes first, with totals; `limit` rows at most, in this language.
    public func table(limit: Int, in l: ReportLanguage = .en) -> String {
        let (before, after) = (diff.before, diff.after)
        let dollarsWords = l.pick("\(dollars) USD", diff.constantDollars ? "USD constantes" : "USD corrientes")
        let vintage = l.pick("vintage", "versión")
        var out =
            l.pick("Run", "Importación") + " \(before.id) (\(before.fileLabel), \(vintage) \(before.vintage ?? "?")) → "
            + l.pick("run", "importación")
            + " \(after.id) (\(after.fileLabel), \(vintage) \(after.vintage ?? "?")), \(dollarsWords)\n"
        if let note = countriesNote(in: l) {
            out += note + "\n"
            if diff.cellsCompared == 0 { return out }
        }
        let (differing, compared) = (
            DecimalText.formatCount(diff.changes.count), DecimalText.formatCount(diff.cellsCompared)
        )
        out += l.pick(
            "\(differing) of \(compared) country × fiscal year × measure cells differ",
            "\(differing) de \(compared) celdas país × año fiscal × medida difieren")
        guard !diff.changes.isEmpty else { return out + ".\n" }
        let shown = diff.changes.prefix(limit)
        out +=
            diff.changes.count > shown.count
            ? l.pick("; the \(shown.count) largest:\n\n", "; las \(shown.count) mayores:\n\n") : ":\n\n"
        let absent = l.pick("absent", "ausente")
        let rows = shown.map { change in
            [
                change.country, change.fiscalPeriod,
                Self.measureName(change.measure, in: l),
                change.beforeCents.map(DecimalText.formatWhole) ?? absent,
                change.afterCents.map(DecimalText.formatWhole) ?? absent, Self.signed(change.deltaCents),
            ]
        }
        let header =
            l == .en
            ? ["country", "FY", "measure", "before", "after", "change"]
            : ["país", "AF", "medida", "antes", "después", "cambio"]
        out += TextTable.render(header: header, rows: rows) + "\n"
        return out
    }

    /// A ForeignAssistance.gov transaction type as the table names it: its code in English (`budget_request`), its
    /// name in Spanish (`solicitud de presupuesto`); a code not known is given as it is.
    static func measureName(_ code: String, in l: ReportLanguage) -> String {
        guard l == .es, let measure = OfficialMeasure(rawValue: code) else { return code }
        return switch measure {
        case .obligation: l.oneMeasure(.obligation)
        case .disbursement: l.oneMeasure(.disbursement)
        case .appropriatedPlanned: "asignado y planificado"
        case .initialAllocation: "asignación inicial"
        case .budgetRequest: "solicitud de presupuesto"
        }
    }

    /// The countries one run holds and the other does not, which are named and not compared; nil when there are none.
    func countriesNote(in l: ReportLanguage = .en) -> String? {
        let (only1, only2) = (diff.countriesOnlyBefore, diff.countriesOnlyAfter)
        guard !only1.isEmpty || !only2.isEmpty else { return nil }
        var parts: [String] = []
        if !only1.isEmpty {
            parts.append(
                l.pick("only run \(diff.before.id) holds ", "solo la importación \(diff.before.id) tiene ")
                    + only1.joined(separator: ", "))
        }
        if !only2.isEmpty {
            parts.append(
                l.pick("only run \(diff.after.id) holds ", "solo la importación \(diff.after.id) tiene ")
                    + only2.joined(separator: ", "))
        }
        let tail = l.pick(
            "not compared: a country one file does not cover is not a change",
            "no se comparan: un país que un archivo no cubre no es un cambio")
        guard diff.cellsCompared > 0 else {
            return l.pick("No country is in both runs (", "Ningún país está en ambas importaciones (")
                + parts.joined(separator: "; ") + l.pick("): nothing to compare.", "): nada que comparar.")
        }
        return l.pick("Compared in the countries both runs hold; ", "Se comparan los países de ambas importaciones; ")
            + parts.joined(separator: "; ") + " (" + tail + ")."
    }

    /// Every change: `country,fiscal_year,measure,dollars,before_usd,after_usd,change_usd`.
    public func csv() -> String {
        var lines = ["country,fiscal_year,measure,dollars,before_usd,after_usd,change_usd"]
        for change in diff.changes {
            lines.append(
                [
                    change.country, change.fiscalPeriod, change.measure, dollars,
                    change.beforeCents.map(DecimalText.format) ?? "", change.afterCents.map(DecimalText.format) ?? "",
                    DecimalText.format(change.deltaCents),
                ].map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every change as JSON, with both runs named.
    public func json() throws -> String {
        struct Run: Encodable {
            var run: Int64
            var file: String
            var sheet: String?
            var sha256: String
            var vintage: String?
        }
        struct Change: Encodable {
            var country: String
            var fiscalYear: String
            var measure: String
            var beforeUSD: Decimal?
            var afterUSD: Decimal?
            var changeUSD: Decimal
        }
        struct Document: Encodable {
            var before: Run
            var after: Run
            var dollars: String
            var cellsCompared: Int
            var countriesOnlyBefore: [String]
            var countriesOnlyAfter: [String]
            var changes: [Change]
        }
        let run = { (run: ImportRun) in
            Run(
                run: run.id, file: run.fileName, sheet: run.sheet, sha256: run.sha256, vintage: run.vintage)
        }
        let document = Document(
            before: run(diff.before), after: run(diff.after), dollars: dollars, cellsCompared: diff.cellsCompared,
            countriesOnlyBefore: diff.countriesOnlyBefore, countriesOnlyAfter: diff.countriesOnlyAfter,
            changes: diff.changes.map {
                Change(
                    country: $0.country, fiscalYear: $0.fiscalPeriod, measure: $0.measure,
                    beforeUSD: $0.beforeCents.map(PortfolioReport.decimal),
                    afterUSD: $0.afterCents.map(PortfolioReport.decimal),
                    changeUSD: PortfolioReport.decimal($0.deltaCents))
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    static func signed(_ cents: Cents) -> String {
        (cents > 0 ? "+" : "") + DecimalText.formatWhole(cents)
    }
}
