import Foundation

// MARK: - Lines over the years on one scale, drawn in Swift as SVG

/// Lines over consecutive years on one scale, with an HTML legend: a line joins the years that have a value (or, with
/// `breaksAtGaps`, only consecutive ones), and a point is drawn, with its tooltip, only where there is one. The
/// outcome series' charts and the share of money beyond interdiction are drawn with it.
public struct LineChart: Sendable {
    /// One value: its year, where it is drawn, and what its tooltip says.
    public struct Point: Sendable, Equatable {
        /// The year on the axis.
        public var year: Int
        /// The value on the scale: a share (0–1) or an outcome indicator's value, never money (amounts stay `Cents`;
        /// a share's tooltip formats its denominator from them).
        public var value: Double
        /// The tooltip (plain text, escaped when drawn).
        public var tooltip: String

        /// Creates a point.
        public init(year: Int, value: Double, tooltip: String) {
            self.year = year
            self.value = value
            self.tooltip = tooltip
        }
    }

    /// The lines in legend order: a label and the points.
    public var lines: [(label: String, points: [Point])]
    /// The accessible title (also the tooltip of the whole chart).
    public var title: String
    /// The title element's id, unique on the page.
    public var id: String
    /// The scale, bottom to top.
    public var range: (low: Double, high: Double)
    /// The scale's ends as text (`-2.5`, `100%`).
    public var axis: (low: String, high: String)
    /// Each year's label on the axis (`1996`, `FY13`), oldest first, one a year from the first point's to the last.
    public var yearLabel: @Sendable (Int) -> String
    /// Whether a year with no value breaks a line rather than being drawn across: for a value that does not exist
    /// that year (a share of no money), not one that was not measured (a survey run every other year).
    public var breaksAtGaps: Bool

    /// The colours of the lines, in order (distinct from the pillars' fills).
    static let colours = ["#08519c", "#d95f02", "#1b9e77", "#7570b3"]

    /// Creates a chart.
    public init(
        lines: [(label: String, points: [Point])], title: String, id: String, range: (low: Double, high: Double),
        axis: (low: String, high: String), yearLabel: @escaping @Sendable (Int) -> String = { String($0) },
        breaksAtGaps: Bool = false
    ) {
        self.breaksAtGaps = breaksAtGaps
        self.lines = lines
        self.title = title
        self.id = id
        self.range = range
        self.axis = axis
        self.yearLabel = yearLabel
    }

    /// Whether a line is drawn in more than one piece (`breaksAtGaps`, and a year with no value between two with one).
    public var breaksLines: Bool {
        lines.contains { runs($0.points.sorted { $0.year < $1.year }).count > 1 }
    }

    /// The pieces a line of `points` (oldest first) is drawn in: one, unless it breaks at gaps.
    private func runs(_ points: [Point]) -> [[Point]] {
        var runs: [[Point]] = []
        for point in points {
            if let previous = runs.last?.last, !breaksAtGaps || point.year == previous.year + 1 {
                runs[runs.count - 1].append(point)
            } else {
                runs.append([point])
            }
        }
        return runs
    }

    /// Line `index`'s stroke width and marker radius, in SVG units, when `count` lines are drawn: the last 2 and 3,
    /// the first 1.5 wider, those between in even steps (so that each shows around the next where they meet).
    static func stroke(_ index: Int, of count: Int) -> (width: String, radius: String) {
        let wider = count > 1 ? 1.5 * Double(max(0, count - 1 - index)) / Double(count - 1) : 0
        return (ChartFrame.fixed(2 + wider), ChartFrame.fixed(3 + wider))
    }

    /// The SVG element and its legend; nil when no line has a point or the scale is empty.
    public func svg() -> String? {
        let years = lines.flatMap { $0.points.map(\.year) }
        guard let first = years.min(), let last = years.max(), range.high > range.low else { return nil }
        let (low, high) = range
        let frame = ChartFrame(labels: (first...last).map(yearLabel), height: 200)
        func x(_ year: Int) -> Double { frame.columnStart(year - first, inset: 0.5) }
        func y(_ value: Double) -> Double {
            ChartFrame.top + (high - value) / (high - low) * (frame.baseline - ChartFrame.top)
        }
        var svg = frame.open(title: title, id: id, top: axis.high, bottom: axis.low)
        if low < 0 && high > 0 {
            let zero = ChartFrame.fixed(y(0))
            svg += "<line x1=\"\(Int(ChartFrame.left))\" x2=\"\(Int(ChartFrame.width - ChartFrame.right))\" "
            svg += "y1=\"\(zero)\" y2=\"\(zero)\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
            // Labelled, as the scale's ends are: a reader should not have to guess what the dashed line marks.
            svg += "<text x=\"0\" y=\"\(Int(y(0)) + 5)\">0</text>"
        }
        for (index, line) in lines.enumerated() {
            let colour = Self.colours[index % Self.colours.count]
            let points = line.points.sorted { $0.year < $1.year }
            // Each line is drawn a little wider than the next, which is drawn over it: where two lines take the same
            // values (beyond interdiction and institution building both at 100%), the first still shows as an edge
            // around the second, rather than vanishing under it.
            let (width, radius) = Self.stroke(index, of: lines.count)
            for run in runs(points) where run.count > 1 {
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(width)\" points=\""
                svg += run.map { "\(ChartFrame.fixed(x($0.year))),\(ChartFrame.fixed(y($0.value)))" }
                    .joined(separator: " ")
                svg += "\"/>"
            }
            for point in points {
                svg += "<circle cx=\"\(ChartFrame.fixed(x(point.year)))\" cy=\"\(ChartFrame.fixed(y(point.value)))\" "
                svg += "r=\"\(radius)\" fill=\"\(colour)\"><title>" + CountryBriefRenderer.escape(point.tooltip)
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
