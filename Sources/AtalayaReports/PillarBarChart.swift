public import AtalayaDomain
import Foundation

// MARK: - Stacked pillar bars drawn in Swift as SVG (no script, no external resource)

/// A stacked bar per column (a fiscal year, usually), one colour per pillar, with a legend.
public struct PillarBarChart: Sendable {
    /// The columns in order: a label and the money per pillar.
    public var columns: [(label: String, byPillar: [Pillar: Cents])]
    /// The accessible title (also the tooltip of the whole chart).
    public var title: String
    /// The language of the pillar names.
    public var language: ReportLanguage

    /// Creates a chart.
    public init(columns: [(label: String, byPillar: [Pillar: Cents])], title: String, language: ReportLanguage) {
        self.columns = columns
        self.title = title
        self.language = language
    }

    /// The SVG element; negative amounts are drawn as zero (the tables carry the exact figures).
    public func svg() -> String {
        let pillars = Pillar.allCases.filter { pillar in columns.contains { ($0.byPillar[pillar] ?? 0) > 0 } }
        let totals = columns.map { column in pillars.reduce(Cents(0)) { $0 + max(0, column.byPillar[$1] ?? 0) } }
        let top = max(totals.max() ?? 1, 1)
        let (width, height, left, bottom) = (640.0, 240.0, 48.0, 24.0)
        let slot = (width - left) / Double(max(columns.count, 1))
        let label = { (pillar: Pillar) in language == .en ? pillar.label : pillar.labelES }
        let money = { (cents: Cents) in cents == 0 ? "0.0" : PortfolioReport.millions(cents) }
        var svg = "<svg role=\"img\" viewBox=\"0 0 \(Int(width)) \(Int(height + 20 + 16 * Double(pillars.count)))\" "
        svg += "width=\"100%\" aria-labelledby=\"chart-title\"><title id=\"chart-title\">"
        svg += CountryBriefRenderer.escape(title) + "</title>"
        svg += "<text x=\"0\" y=\"12\">\(money(top))</text><text x=\"0\" y=\"\(Int(height - bottom))\">0</text>"
        for (index, column) in columns.enumerated() {
            var y = height - bottom
            let x = left + Double(index) * slot + slot * 0.15
            for pillar in pillars {
                let cents = max(0, column.byPillar[pillar] ?? 0)
                guard cents > 0 else { continue }
                let h = (height - bottom - 14) * Double(cents) / Double(top)
                y -= h
                svg += "<rect x=\"\(Self.fixed(x))\" y=\"\(Self.fixed(y))\" width=\"\(Self.fixed(slot * 0.7))\" "
                svg += "height=\"\(Self.fixed(h))\" fill=\"\(pillar.colour)\"><title>"
                svg +=
                    CountryBriefRenderer.escape("\(column.label) \(label(pillar)): \(money(cents))") + "</title></rect>"
            }
            svg +=
                "<text x=\"\(Self.fixed(x))\" y=\"\(Int(height - 8))\">\(CountryBriefRenderer.escape(column.label))</text>"
        }
        for (index, pillar) in pillars.enumerated() {
            let y = height + 8 + 16 * Double(index)
            svg += "<rect x=\"\(Int(left))\" y=\"\(Int(y))\" width=\"10\" height=\"10\" fill=\"\(pillar.colour)\"/>"
            svg +=
                "<text x=\"\(Int(left) + 16)\" y=\"\(Int(y) + 9)\">\(CountryBriefRenderer.escape(label(pillar)))</text>"
        }
        return svg + "</svg>"
    }

    /// One decimal, for SVG coordinates only; money labels come from integer cents (`PortfolioReport.millions`).
    public static func fixed(_ value: Double) -> String { String(format: "%.1f", value) }
}
