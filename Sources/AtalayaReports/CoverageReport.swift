public import AtalayaDomain
public import AtalayaStore
import Foundation

// MARK: - A country's ForeignAssistance.gov totals beside the imported detail

/// Renders `DetailCoverage`: per fiscal year the country total, the imported detail and the share, with the notes
/// that say what each side counts.
public struct CoverageReport: Sendable {
    /// The comparison.
    public var coverage: DetailCoverage

    /// Wraps a comparison.
    public init(_ coverage: DetailCoverage) { self.coverage = coverage }

    /// A table, then the notes and the files behind it, in this language.
    public func table(in l: ReportLanguage = .en) -> String {
        let name = l.countryName(coverage.country)
        let measure = coverage.measure.ledgerMeasure.map(l.measure) ?? coverage.measure.rawValue
        var out = l.pick(
            "ForeignAssistance.gov country totals beside the imported detail — \(name) (\(coverage.country)), "
                + "\(measure), current USD, U.S. fiscal years\n\n",
            "Totales de país de ForeignAssistance.gov junto al detalle importado — \(name) (\(coverage.country)), "
                + "\(measure), USD corrientes, años fiscales de EE. UU.\n\n")
        guard !coverage.years.isEmpty else {
            return out
                + l.pick(
                    "Neither country totals nor detail rows are imported for this country and measure.\n",
                    "No hay totales de país ni filas de detalle importados para este país y esta medida.\n")
        }
        out += TextTable.render(
            header: l == .en
                ? ["fiscal year", "country total", "imported detail", "share"]
                : ["año fiscal", "total del país", "detalle importado", "proporción"],
            rows: coverage.years.map { year in
                [
                    year.fiscalPeriod,
                    year.totalCents.map(DecimalText.formatWhole) ?? l.pick("not imported", "no importado"),
                    year.detailCents.map(DecimalText.formatWhole) ?? l.pick("none imported", "nada importado"),
                    year.share.map { ShareText.percent($0, decimals: 1) } ?? "–",
                ]
            })
        out += "\n\n" + coverage.notes(in: l).joined(separator: "\n") + "\n"
        out +=
            l.pick("Files: ", "Archivos: ")
            + coverage.sources.map {
                "\($0.fileLabel) (" + l.pick("run", "importación") + " \($0.id), " + l.pick("vintage", "versión")
                    + " \($0.vintage ?? "?"))"
            }
            .joined(separator: "; ") + "\n"
        return out
    }

    /// `fiscal_year,total_usd,detail_usd,share,runs` (amounts exact, share as a fraction; empty where missing; the
    /// runs whose rows make the year's figures, space-separated).
    public func csv() -> String {
        var lines = ["fiscal_year,total_usd,detail_usd,share,runs"]
        for year in coverage.years {
            lines.append(
                [
                    year.fiscalPeriod, year.totalCents.map(DecimalText.format) ?? "",
                    year.detailCents.map(DecimalText.format) ?? "", year.share.map { String(format: "%.4f", $0) } ?? "",
                    year.runs.map(String.init).joined(separator: " "),
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The comparison as JSON, with its notes.
    public func json() throws -> String {
        struct Document: Encodable {
            var coverage: DetailCoverage
            var notes: [String]
            func encode(to encoder: any Encoder) throws {
                try coverage.encode(to: encoder)
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(notes, forKey: .notes)
            }
            enum Keys: String, CodingKey { case notes }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(
            decoding: try encoder.encode(Document(coverage: coverage, notes: coverage.notes)), as: UTF8.self)
    }
}
