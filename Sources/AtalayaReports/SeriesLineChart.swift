public import AtalayaDomain
import Foundation

// MARK: - Outcome series over the years, drawn in Swift as SVG

/// Lines on one scale over the years (a context series each, from one source), with a legend; every point carries
/// its year, value and published standard error as its tooltip. A line joins the years that have a value (WGI's
/// biennial 1996–2002 among them); a point is drawn only where the source gives one.
public struct SeriesLineChart: Sendable {
    /// The lines in legend order: a label and the points, one per year.
    public var lines: [(label: String, points: [SeriesPoint])]
    /// The accessible title (also the tooltip of the whole chart).
    public var title: String
    /// The title element's id, unique on the page.
    public var id: String
    /// The language of the tooltips' source names.
    public var language: ReportLanguage

    /// The colours of the lines, in order (distinct from the pillars' fills).
    static let colours = ["#08519c", "#d95f02", "#1b9e77", "#7570b3"]

    /// Creates a chart.
    public init(
        lines: [(label: String, points: [SeriesPoint])], title: String, id: String, language: ReportLanguage = .en
    ) {
        self.lines = lines
        self.title = title
        self.id = id
        self.language = language
    }

    /// The scale a source's values are drawn on: WGI's about −2.5 to +2.5, the published ranges of the other
    /// indices, and from zero to a round number above the highest value otherwise (homicide rates).
    public static func range(source: SeriesSource, values: [Double]) -> (low: Double, high: Double) {
        let (lowest, highest) = (values.min() ?? 0, values.max() ?? 1)
        switch source {
        case .wgi: return (min(-2.5, lowest), max(2.5, highest))
        case .cpi: return (0, max(100, highest))
        case .wjp: return (0, max(1, highest))
        case .gitoc: return (0, max(10, highest))
        default:
            guard highest > 0 else { return (min(0, lowest), 1) }
            let step = pow(10, (log10(highest)).rounded(.down)) / 2
            return (min(0, lowest), (highest / step).rounded(.up) * step)
        }
    }

    /// An axis value as short text: `2.5`, `-2.5`, `150`.
    static func axis(_ value: Double) -> String { String(format: "%g", value) }

    /// The SVG element and its legend; nil when no line has a point.
    public func svg() -> String? {
        let years = lines.flatMap { $0.points.map(\.year) }
        guard let first = years.min(), let last = years.max(), let source = lines.first?.points.first?.source else {
            return nil
        }
        let (low, high) = Self.range(source: source, values: lines.flatMap { $0.points.map(\.number) })
        let frame = ChartFrame(labels: (first...last).map(String.init), height: 200)
        func x(_ year: Int) -> Double { frame.columnStart(year - first, inset: 0.5) }
        func y(_ value: Double) -> Double {
            ChartFrame.top + (high - value) / (high - low) * (frame.baseline - ChartFrame.top)
        }
        var svg = frame.open(title: title, id: id, top: Self.axis(high), bottom: Self.axis(low))
        if low < 0 && high > 0 {
            let zero = ChartFrame.fixed(y(0))
            svg += "<line x1=\"\(Int(ChartFrame.left))\" x2=\"\(Int(ChartFrame.width - ChartFrame.right))\" "
            svg += "y1=\"\(zero)\" y2=\"\(zero)\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
        }
        for (index, line) in lines.enumerated() {
            let colour = Self.colours[index % Self.colours.count]
            let points = line.points.sorted { $0.year < $1.year }
            if points.count > 1 {
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\""
                svg += points.map { "\(ChartFrame.fixed(x($0.year))),\(ChartFrame.fixed(y($0.number)))" }
                    .joined(separator: " ")
                svg += "\"/>"
            }
            for point in points {
                svg += "<circle cx=\"\(ChartFrame.fixed(x(point.year)))\" cy=\"\(ChartFrame.fixed(y(point.number)))\" "
                svg += "r=\"3\" fill=\"\(colour)\"><title>"
                svg += CountryBriefRenderer.escape(
                    "\(point.year) \(line.label): \(ContextSeries.text(point)) (\(language.seriesEdition(point)))")
                svg += "</title></circle>"
            }
        }
        for index in 0...(last - first) { svg += frame.label(index) }
        return svg + "</svg>"
            + ChartFrame.legend(
                lines.enumerated().map {
                    (colour: Self.colours[$0.offset % Self.colours.count], label: $0.element.label)
                })
    }
}
