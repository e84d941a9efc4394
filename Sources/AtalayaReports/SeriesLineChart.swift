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
        guard let source = lines.first?.points.first?.source else { return nil }
        let range = Self.range(source: source, values: lines.flatMap { $0.points.map(\.number) })
        return LineChart(
            lines: lines.map { line in
                (
                    label: line.label,
                    points: line.points.map { point in
                        LineChart.Point(
                            year: point.year, value: point.number,
                            tooltip: "\(point.year) \(line.label): \(ContextSeries.text(point)) "
                                + "(\(language.seriesEdition(point)))")
                    }
                )
            }, title: title, id: id, range: range, axis: (low: Self.axis(range.low), high: Self.axis(range.high))
        ).svg()
    }
}
