import AtalayaDomain
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import Foundation

// MARK: - Partner capacity on the pages: the region's latest values side by side, a country's over the years

extension AtalayaWeb {
    /// Partner capacity beside the money: each country's latest context values (as `report capacity`), a column per
    /// indicator, with each value's year and standard error in the CSV; nil when no country has any.
    func capacityTable(countries: [String], through year: Int?, source: String, _ request: PageRequest) async throws
        -> DataTable?
    {
        let l = request.language
        let capacity = try await CapacityBuilder(store: store).capacity(countries: countries, through: year)
        let indicators = capacity.indicators
        guard !indicators.isEmpty else { return nil }
        let names = indicators.map { ContextSeries.name($0, in: l) }
        let count = indicators.count
        return DataTable(
            id: "capacity",
            caption: l.pick("Partner capacity", "Capacidad de los socios") + " ("
                + capacity.editions(in: l).joined(separator: "; ") + "). "
                + capacity.notes(in: l).joined(separator: " "),
            columns: [l.pick("Country", "País")] + names + [l.pick("Code", "Código")]
                + names.map { $0 + l.pick(": year", ": año") }
                + names.map { $0 + l.pick(": standard error", ": error estándar") },
            numeric: Set(1...count),
            rows: capacity.rows.map { row in
                let lines = indicators.map { row.line($0) }
                return [
                    DataTable.Cell(
                        l.countryName(row.country), link: request.link("/countries/\(row.country)?source=\(source)"))
                ]
                    + lines.map { line in
                        line.map { .shown($0.latest.value, as: "\(ContextSeries.text($0.latest)) (\($0.latest.year))") }
                            ?? DataTable.Cell.shown("", as: "–")
                    }
                    + [DataTable.Cell(row.country)]
                    + lines.map { DataTable.Cell($0.map { String($0.latest.year) } ?? "") }
                    + lines.map { DataTable.Cell($0?.latest.standardError.map { String($0) } ?? "") }
            },
            csvOnly: Set((count + 1)...(3 * count + 1)))
    }

    /// A country's context series over the years: a chart per source (WGI's estimates together, each other source on
    /// its own scale), then the values by year as a table; nothing when the country has none.
    func capacityOverTime(_ code: String, through year: Int?, _ request: PageRequest) async throws -> [PageSection] {
        let l = request.language
        let points = try await store.series(country: code, indicatorPrefix: nil)
        let lines = ContextSeries.indicators.map { ContextSeries.line(points, indicator: $0, through: year) }
            .filter { !$0.isEmpty }
        guard !lines.isEmpty else { return [] }
        let name = { (line: [SeriesPoint]) in ContextSeries.name(line[0].indicator, in: l) }
        var charts = ""
        for source in SeriesSource.allCases {
            let drawn = lines.filter { $0[0].source == source }
            guard let edition = drawn.first?.first?.edition else { continue }
            let title =
                drawn.map(name).joined(separator: ", ") + " — " + l.countryName(code) + ", "
                + "\(l.seriesSource(source)), \(edition)"
            charts +=
                SeriesLineChart(
                    lines: drawn.map { (label: name($0), points: $0) }, title: title,
                    id: "capacity-chart-\(source.rawValue)", language: l
                ).svg() ?? ""
        }
        let html =
            "<section aria-labelledby=\"capacity-h\"><h2 id=\"capacity-h\">"
            + l.pick("Partner capacity over time", "Capacidad del socio en el tiempo") + "</h2><p class=\"note\">"
            + HTML.escape(
                l.pick(
                    "Each line is the newest edition of its series, never joined with another; hover a point for its "
                        + "value and, for WGI, its standard error. Beside the money as context: association at most, "
                        + "never what the money caused.",
                    "Cada línea es la edición más reciente de su serie, nunca unida a otra; pase el cursor sobre un "
                        + "punto para ver su valor y, en WGI, su error estándar. Junto a los montos como contexto: a lo "
                        + "sumo asociación, nunca lo que causaron los fondos.")) + "</p>" + charts
            + "<ul class=\"changes\">"
            + lines.filter { $0.count > 1 }.map { line in
                "<li>" + HTML.escape(ContextSeries.changeSentence(from: line[0], to: line[line.count - 1], in: l))
                    + "</li>"
            }.joined() + "</ul></section>"
        let years = Set(lines.flatMap { $0.map(\.year) }).sorted()
        let byYear = lines.map { line in Dictionary(line.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let table = DataTable(
            id: "capacity-years",
            caption: l.pick("Partner capacity by year", "Capacidad del socio por año") + " — "
                + Set(lines.map { l.seriesEdition($0[0]) }).sorted().joined(separator: "; "),
            columns: [l.pick("Year", "Año")] + lines.map(name), numeric: Set(1...lines.count),
            rows: years.reversed().map { year in
                [DataTable.Cell(String(year))]
                    + byYear.map { line in
                        line[year].map { .shown($0.value, as: ContextSeries.text($0)) }
                            ?? DataTable.Cell.shown("", as: "–")
                    }
            })
        return [.html(html), .table(table)]
    }
}
