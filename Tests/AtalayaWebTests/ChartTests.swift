import AtalayaDomain
import AtalayaReports
import AtalayaStore
import AtalayaWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The charts as a reader on a phone gets them: labels that fit, a legend in the page's text, the stylesheet rules.
/// `Tests/browser/check-web.sh` measures the same pages in Chromium at a phone's width and a desktop's.
@Suite("Web: the charts")
struct ChartTests {
    /// The column labels a chart draws, and which of those a narrow screen hides.
    static func labels(_ svg: String) -> (drawn: [String], minor: [String]) {
        let texts = svg.matches(
            of: /<text( class="minor")? x="[0-9.]+" y="[0-9]+" text-anchor="middle">([^<]*)<\/text>/)
        return (texts.map { String($0.output.2) }, texts.filter { $0.output.1 != nil }.map { String($0.output.2) })
    }

    @Test("a few columns are all labelled; many are labelled every k-th, counting back from the newest")
    func columnLabels() {
        func chart(_ years: ClosedRange<Int>) -> String {
            PillarBarChart(
                columns: years.map {
                    (label: ReportLanguage.en.fiscalYear($0, short: true), byPillar: [.justice: 100])
                },
                title: "t", language: .en
            ).svg()
        }
        // Six years (a country's brief): every label drawn, none hidden on a phone.
        #expect(Self.labels(chart(2020...2025)) == (["FY20", "FY21", "FY22", "FY23", "FY24", "FY25"], []))
        // Thirteen (the region's IATI years): 44 units a column holds "FY13" (about 37 with its gap) as drawn, not
        // at twice the size (about 66), so a phone shows every other one, the newest among them.
        let thirteen = Self.labels(chart(2013...2025))
        #expect(thirteen.drawn.count == 13 && thirteen.drawn.last == "FY25")
        #expect(thirteen.minor == ["FY14", "FY16", "FY18", "FY20", "FY22", "FY24"])
        // The partial year's star (`FY25*`, the region's page on the bundled files) is narrow: every label still drawn.
        let starred = Self.labels(
            PillarBarChart(
                columns: (2013...2025).map {
                    (
                        label: ReportLanguage.en.fiscalYear($0, short: true) + ($0 == 2025 ? "*" : ""),
                        byPillar: [.justice: 100]
                    )
                },
                title: "t", language: .en
            ).svg())
        #expect(starred.drawn.count == 13 && starred.drawn.last == "FY25*")
        #expect(starred.minor == ["FY14", "FY16", "FY18", "FY20", "FY22", "FY24"])
        // Seventy-five (the Greenbook, FY1946–FY2020): 7.6 units a column, so every fifth label is drawn and every
        // tenth on a phone (a multiple of five, so that a phone hides labels and never moves them).
        let greenbook = Self.labels(chart(1946...2020))
        #expect(greenbook.drawn == stride(from: 1950, through: 2020, by: 5).map { "FY\(String($0).suffix(2))" })
        #expect(greenbook.minor == stride(from: 1955, through: 2015, by: 10).map { "FY\(String($0).suffix(2))" })
    }

    @Test("the legend is HTML in the page's text, naming only the pillars drawn, each with its colour")
    func legend() {
        let svg = PillarBarChart(
            columns: [(label: "FY24", byPillar: [.justice: 500, .interdiction: 0, .governance: -20])], title: "t",
            language: .es
        ).svg()
        #expect(
            svg.hasSuffix(
                "<ul class=\"legend\"><li><svg class=\"swatch\" viewBox=\"0 0 10 10\" width=\"10\" "
                    + "height=\"10\" aria-hidden=\"true\"><rect width=\"10\" height=\"10\" fill=\"\(Pillar.justice.colour)\"/>"
                    + "</svg>\(Pillar.justice.labelES)</li></ul>"))
        #expect(svg.hasPrefix("<svg role=\"img\" class=\"chart\" viewBox=\"0 0 640 240\""))
    }

    @Test("the site's stylesheet and the printable brief both carry the charts' rules for narrow screens")
    func stylesheets() async throws {
        let app = try await WebFixture.application()
        let css = try await app.test(.router) { client in
            try await client.execute(uri: "/assets/atalaya.css", method: .get) { String(buffer: $0.body) }
        }
        #expect(css.contains(ChartFrame.css))
        #expect(ChartFrame.css.contains("@media (max-width:40rem){svg.chart text{font-size:22px}"))
        let brief = CountryBriefRenderer(
            brief: CountryBrief(
                country: "MX", asOf: "2025-11-29", source: .iati, measure: .disbursement, mix: [],
                sharesWithheld: nil, coverage: [], context: [], signals: [], engagements: [], programs: [], sources: [],
                crosswalk: nil),
            language: .en
        ).html()
        #expect(brief.contains(ChartFrame.css))
    }

    @Test("a share's line breaks at a year with no share; a survey's line joins the years it was run")
    func gaps() async throws {
        let app = try await WebFixture.application()
        // USAID's Ecuador file has no classified money in FY2020: no share that year.
        let (ecuador, mexico) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/countries/EC", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/countries/MX", method: .get) { String(buffer: $0.body) }
            )
        }
        let trend = { (html: String) in
            html.components(separatedBy: "<section aria-labelledby=\"trend-h\">").last?
                .components(separatedBy: "</section>")[0] ?? ""
        }
        let lines = { (svg: String) in svg.components(separatedBy: "<polyline ").count - 1 }
        let gapNote = "A year with no classified money (or with less than none) has no share: the lines break there."
        #expect(trend(ecuador).contains("<title>FY2019 Beyond interdiction"))
        #expect(!trend(ecuador).contains("<title>FY2020 Beyond interdiction"))
        #expect(trend(ecuador).contains("<title>FY2021 Beyond interdiction"))
        #expect(lines(trend(ecuador)) == 4)
        // The money table keeps the year, as a row of zeros.
        let mix = ecuador.components(separatedBy: "id=\"table-mix\"").last?.components(separatedBy: "</table>")[0]
        #expect(mix?.contains("<tr><th scope=\"row\">FY2020</th><td class=\"num\">0</td>") == true)
        #expect(trend(ecuador).contains(gapNote))
        #expect(lines(trend(mexico)) == 2)
        #expect(!trend(mexico).contains(gapNote))
        // WGI was published every other year until 2002: its lines join 1996, 1998 and 2000.
        let point = { (year: Int) in LineChart.Point(year: year, value: 0.5, tooltip: "\(year)") }
        let survey = LineChart(
            lines: [(label: "Rule of law (WGI)", points: [point(1996), point(1998), point(2000)])], title: "t",
            id: "c", range: (low: -2.5, high: 2.5), axis: (low: "-2.5", high: "2.5"))
        #expect(lines(try #require(survey.svg())) == 1)
        var share = survey
        share.breaksAtGaps = true
        #expect(lines(try #require(share.svg())) == 0)
        #expect(try #require(share.svg()).components(separatedBy: "<circle ").count - 1 == 3)
    }

    @Test("two lines at the same values both show: the one drawn first is wider, an edge around the other")
    func overlappingLines() throws {
        // Mexico's beyond-interdiction and institution-building shares are both 100% in most years.
        let point = { (year: Int) in LineChart.Point(year: year, value: 1, tooltip: "\(year)") }
        let chart = LineChart(
            lines: [
                (label: "Beyond interdiction", points: [point(2018), point(2019)]),
                (label: "Institution building", points: [point(2018), point(2019)]),
            ], title: "t", id: "c", range: (low: 0, high: 1), axis: (low: "0%", high: "100%"))
        let svg = try #require(chart.svg())
        let widths = svg.components(separatedBy: "stroke-width=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        let radii = svg.components(separatedBy: " r=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(widths == ["3.5", "2.0"])
        #expect(radii == ["4.5", "4.5", "3.0", "3.0"])
        // Three lines (WGI's) step evenly from the first's 3.5 to the last's 2; one line alone is drawn at 2.
        var three = chart
        three.lines.append((label: "Third", points: [point(2018), point(2019)]))
        let stepped = try #require(three.svg()).components(separatedBy: "stroke-width=\"").dropFirst()
            .map { $0.prefix { $0 != "\"" } }
        #expect(stepped == ["3.5", "2.8", "2.0"])
        var one = chart
        one.lines.removeLast()
        #expect(try #require(one.svg()).contains("stroke-width=\"2.0\""))
    }

    @Test("a program whose converted money is all negative draws no empty chart")
    func nothingToDraw() async throws {
        let app = try await WebFixture.application()
        // A Mexico activity whose only converted amount is a negative commitment (a de-obligation) in FY2015.
        let html = try await app.test(.router) { client in
            try await client.execute(uri: "/programs/US-GOV-1-523-CO-DFDI00040017500TO04", method: .get) {
                String(buffer: $0.body)
            }
        }
        #expect(html.contains("Nothing to draw: every converted amount is negative or zero."))
        #expect(html.contains("Negative amounts (reversals, de-obligations) are not drawn"))
        #expect(!html.contains("<svg role=\"img\" class=\"chart\""))
        #expect(!html.contains("<ul class=\"legend\">"))
    }
    @Test("a money axis reads in the unit its largest bar needs, rounded in integers, never a negative zero")
    func chartUnits() {
        // Below USD 1,000 whole dollars; from USD 1,000 thousands; from USD 1 million millions.
        #expect(ChartUnit(highest: 99_999) == .dollars)
        #expect(ChartUnit(highest: 100_000) == .thousands)
        #expect(ChartUnit(highest: 99_999_999) == .thousands)
        #expect(ChartUnit(highest: 100_000_000) == .millions)
        #expect(ChartUnit.dollars.format(95_049) == "950")
        #expect(ChartUnit.thousands.format(350_000) == "3.5")
        #expect(ChartUnit.thousands.format(99_999_999) == "1,000.0")
        #expect(ChartUnit.millions.format(7_225_570_200) == "72.3")
        #expect(ChartUnit.millions.format(-15_000_000) == "-0.2")  // half away from zero
        #expect(ChartUnit.thousands.format(-4_000) == "0.0")
        #expect(ChartUnit.thousands.name(.es) == "miles de USD")
    }
}
