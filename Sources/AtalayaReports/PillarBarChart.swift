public import AtalayaDomain
import Foundation

// MARK: - Bar charts drawn in Swift as SVG (no script, no external resource)

/// The frame every bar chart shares: the drawing area, the axis and column labels, and a legend in HTML.
///
/// The SVG scales with the page, so its text shrinks with it: on a phone the 640-unit drawing is about half size.
/// Text therefore lives where the page's stylesheet can size it for the screen: the legend is an HTML list (it wraps
/// and takes the body's font), and the SVG carries `class="chart"` so that a narrow screen draws its labels at twice
/// the size (`css`). Column labels are centred under their bars; when they would run into each other, only every
/// k-th is drawn, counting back from the newest (always labelled), and those a narrow screen has no room for are
/// marked `minor` and hidden there. Every bar keeps its own tooltip.
public struct ChartFrame: Sendable {
    /// The drawing's width and margins, in SVG units.
    public static let (width, left, right, top, bottom) = (640.0, 48.0, 24.0, 30.0, 30.0)
    /// The label font sizes in SVG units: as drawn, and on a narrow screen (`css`).
    static let (fontSize, narrowFontSize) = (11.0, 22.0)
    /// The drawing's height in SVG units.
    public let height: Double
    /// The columns' labels, oldest first.
    public let labels: [String]

    /// A frame for columns with these labels, `height` units high.
    public init(labels: [String], height: Double = 240) {
        self.labels = labels
        self.height = height
    }

    /// How many columns the chart has (at least one, for the arithmetic).
    var columns: Int { max(labels.count, 1) }
    /// The width given to each column.
    public var slot: Double { (Self.width - Self.left - Self.right) / Double(columns) }
    /// Where bars stand.
    public var baseline: Double { height - Self.bottom }
    /// The left edge of column `index`'s bars, `inset` of the slot in.
    public func columnStart(_ index: Int, inset: Double) -> Double { Self.left + (Double(index) + inset) * slot }
    /// The height of a bar of `cents` when `highest` reaches the top of the drawing.
    public func barHeight(_ cents: Cents, highest: Cents) -> Double {
        (baseline - Self.top) * Double(max(0, cents)) / Double(max(highest, 1))
    }

    /// The widest label's width at a font size, an upper bound: digits and capitals are at most 0.66 em wide in the
    /// sans-serif faces browsers use, the partial year's `*` at most 0.5 em (so `FY25*` needs no more room than
    /// `FY25` and a gap: a starred newest year does not halve a chart's labels).
    func labelWidth(_ size: Double) -> Double {
        let ems = labels.map { label in label.reduce(0.0) { $0 + ($1 == "*" ? 0.5 : 0.66) } }
        return (ems.max() ?? 0) * size
    }
    /// Every how many columns a label fits: as drawn, and on a narrow screen (a multiple of the first).
    var labelSteps: (drawn: Int, narrow: Int) {
        let drawn = max(1, Int(((labelWidth(Self.fontSize) + 8) / slot).rounded(.up)))
        let narrow = max(1, Int(((labelWidth(Self.narrowFontSize) + 8) / slot).rounded(.up)))
        return (drawn, (narrow + drawn - 1) / drawn * drawn)
    }

    /// The opening tag, the accessible title, and the axis labels: `highest` at the top, zero at the baseline.
    public func open(title: String, id: String, highest: Cents) -> String {
        open(title: title, id: id, top: Self.millions(highest), bottom: "0")
    }

    /// The opening tag, the accessible title, and the axis labels: `top` at the top, `bottom` at the baseline.
    public func open(title: String, id: String, top: String, bottom: String) -> String {
        "<svg role=\"img\" class=\"chart\" viewBox=\"0 0 \(Int(Self.width)) \(Int(height))\" width=\"100%\" "
            + "aria-labelledby=\"\(id)\"><title id=\"\(id)\">\(CountryBriefRenderer.escape(title))</title>"
            + "<text x=\"0\" y=\"\(Int(Self.top) - 8)\">\(CountryBriefRenderer.escape(top))</text>"
            + "<text x=\"0\" y=\"\(Int(baseline))\">\(CountryBriefRenderer.escape(bottom))</text>"
    }

    /// Column `index`'s label, centred under it (kept inside the drawing), or nothing when it has no room.
    public func label(_ index: Int) -> String {
        guard labels.indices.contains(index) else { return "" }
        let back = labels.count - 1 - index
        let steps = labelSteps
        guard back % steps.drawn == 0 else { return "" }
        let x = min(columnStart(index, inset: 0.5), Self.width - labelWidth(Self.narrowFontSize) / 2)
        return "<text\(back % steps.narrow == 0 ? "" : " class=\"minor\"") x=\"\(Self.fixed(x))\" "
            + "y=\"\(Int(height) - 8)\" text-anchor=\"middle\">\(CountryBriefRenderer.escape(labels[index]))</text>"
    }

    /// The legend as an HTML list, each entry with its colour's swatch; only series that have a bar belong in it (an
    /// entry with no bar reads as a zero).
    public static func legend(_ entries: [(colour: String, label: String)]) -> String {
        "<ul class=\"legend\">"
            + entries.map {
                "<li><svg class=\"swatch\" viewBox=\"0 0 10 10\" width=\"10\" height=\"10\" aria-hidden=\"true\">"
                    + "<rect width=\"10\" height=\"10\" fill=\"\($0.colour)\"/></svg>"
                    + CountryBriefRenderer.escape($0.label) + "</li>"
            }.joined() + "</ul>"
    }

    /// Millions of dollars with one decimal, from integer cents (zero as "0.0").
    public static func millions(_ cents: Cents) -> String { cents == 0 ? "0.0" : PortfolioReport.millions(cents) }

    /// `highest` at the top in `unit` (one decimal; whole dollars), zero at the baseline.
    public func open(title: String, id: String, highest: Cents, unit: ChartUnit) -> String {
        open(title: title, id: id, top: unit.format(highest), bottom: "0")
    }

    /// One decimal, for SVG coordinates only; money labels come from integer cents (`PortfolioReport.millions`).
    public static func fixed(_ value: Double) -> String { String(format: "%.1f", value) }

    /// The stylesheet rules the charts need, shared by the site's stylesheet and the brief's own: the legend's
    /// layout, and on a narrow screen labels twice the size (the drawing is then about half size) with the minor
    /// column labels hidden.
    public static let css =
        "svg.chart text{font-size:\(Int(fontSize))px}ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.1rem 1rem;"
        + "margin:.2rem 0 .6rem;padding:0;font-size:.85em}ul.legend svg{margin-right:.3rem;vertical-align:-1px}"
        + "@media (max-width:40rem){svg.chart text{font-size:\(Int(narrowFontSize))px}svg.chart text.minor{display:none}}"
}

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

    /// The SVG element and its legend; negative amounts are drawn as zero (the tables carry the exact figures).
    public func svg() -> String {
        let pillars = Pillar.allCases.filter { pillar in columns.contains { ($0.byPillar[pillar] ?? 0) > 0 } }
        let totals = columns.map { column in pillars.reduce(Cents(0)) { $0 + max(0, column.byPillar[$1] ?? 0) } }
        let top = max(totals.max() ?? 1, 1)
        let frame = ChartFrame(labels: columns.map(\.label))
        let label = { (pillar: Pillar) in language == .en ? pillar.label : pillar.labelES }
        var svg = frame.open(title: title, id: "chart-title", highest: top)
        for (index, column) in columns.enumerated() {
            var y = frame.baseline
            let x = frame.columnStart(index, inset: 0.15)
            for pillar in pillars {
                let cents = max(0, column.byPillar[pillar] ?? 0)
                guard cents > 0 else { continue }
                let h = frame.barHeight(cents, highest: top)
                y -= h
                svg += "<rect x=\"\(ChartFrame.fixed(x))\" y=\"\(ChartFrame.fixed(y))\" "
                svg += "width=\"\(ChartFrame.fixed(frame.slot * 0.7))\" height=\"\(ChartFrame.fixed(h))\" "
                svg += "fill=\"\(pillar.colour)\"><title>"
                svg +=
                    CountryBriefRenderer.escape("\(column.label) \(label(pillar)): \(ChartFrame.millions(cents))")
                    + "</title></rect>"
            }
            svg += frame.label(index)
        }
        return svg + "</svg>" + ChartFrame.legend(pillars.map { (colour: $0.colour, label: label($0)) })
    }
}

/// The unit a money axis reads best in, from its highest amount: millions of dollars from USD 1 million, thousands
/// from USD 1,000, whole dollars below, so that a small program's axis does not read "0.0" million.
public enum ChartUnit: Sendable, Equatable {
    case millions, thousands, dollars

    /// The unit for an axis whose highest amount is `highest`.
    public init(highest: Cents) {
        self = highest >= 100_000_000 ? .millions : highest >= 100_000 ? .thousands : .dollars
    }

    /// The unit's cents.
    var cents: Cents {
        switch self {
        case .millions: 100_000_000
        case .thousands: 100_000
        case .dollars: 100
        }
    }

    /// The unit's words for a heading: `USD millions`, `millones de USD`.
    public func name(_ language: ReportLanguage) -> String {
        switch self {
        case .millions: language.pick("USD millions", "millones de USD")
        case .thousands: language.pick("USD thousands", "miles de USD")
        case .dollars: "USD"
        }
    }

    /// `cents` in the unit, rounded half away from zero in integers: one decimal for millions and thousands
    /// (`3.5`), whole dollars with separators (`950`).
    public func format(_ cents: Cents) -> String {
        guard self != .dollars else { return DecimalText.formatWhole(cents) }
        let tenths = (cents.magnitude + self.cents.magnitude / 20) / (self.cents.magnitude / 10)
        let text = DecimalText.formatCount(Int(tenths / 10)) + ".\(tenths % 10)"
        return cents < 0 && tenths > 0 ? "-" + text : text
    }
}
