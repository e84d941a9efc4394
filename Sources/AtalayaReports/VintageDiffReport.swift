import AtalayaDomain
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

    /// The largest changes first, with totals; `limit` rows at most.
    public func table(limit: Int) -> String {
        let (before, after) = (diff.before, diff.after)
        var out = "Run \(before.id) (\(before.fileLabel), vintage \(before.vintage ?? "?")) → run \(after.id) "
        out += "(\(after.fileLabel), vintage \(after.vintage ?? "?")), \(dollars) USD\n"
        if let note = countriesNote {
            out += note + "\n"
            if diff.cellsCompared == 0 { return out }
        }
        out +=
            "\(DecimalText.formatCount(diff.changes.count)) of \(DecimalText.formatCount(diff.cellsCompared)) country × fiscal year × measure cells differ"
        guard !diff.changes.isEmpty else { return out + ".\n" }
        let shown = diff.changes.prefix(limit)
        out += diff.changes.count > shown.count ? "; the \(shown.count) largest:\n\n" : ":\n\n"
        let rows = shown.map { change in
            [
                change.country, change.fiscalPeriod, change.measure,
                change.beforeCents.map(DecimalText.formatWhole) ?? "absent",
                change.afterCents.map(DecimalText.formatWhole) ?? "absent", Self.signed(change.deltaCents),
            ]
        }
        out += TextTable.render(header: ["country", "FY", "measure", "before", "after", "change"], rows: rows) + "\n"
        return out
    }

    /// The countries one run holds and the other does not, which are named and not compared; nil when there are none.
    var countriesNote: String? {
        let (only1, only2) = (diff.countriesOnlyBefore, diff.countriesOnlyAfter)
        guard !only1.isEmpty || !only2.isEmpty else { return nil }
        var parts: [String] = []
        if !only1.isEmpty { parts.append("only run \(diff.before.id) holds \(only1.joined(separator: ", "))") }
        if !only2.isEmpty { parts.append("only run \(diff.after.id) holds \(only2.joined(separator: ", "))") }
        let tail = "not compared: a country one file does not cover is not a change"
        guard diff.cellsCompared > 0 else {
            return "No country is in both runs (" + parts.joined(separator: "; ") + "): nothing to compare."
        }
        return "Compared in the countries both runs hold; " + parts.joined(separator: "; ") + " (" + tail + ")."
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
