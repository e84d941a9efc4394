import AtalayaBundledData
import AtalayaDomain
import AtalayaImport
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

@Suite("Partner capacity across the region: each country's latest context values side by side")
struct CapacityTests {
    /// A ledger on `engine` holding the bundled WGI rows and homicide rates, as the demo imports them.
    func ledger(_ engine: Engine, _ body: (any TestLedger) async throws -> Void) async throws {
        try await engine.withLedger { store in
            let importer = SeriesImporter(store: store)
            _ = try await importer.importFile(
                path: BundledData.demoWGI.path, source: .wgi, edition: BundledData.demoWGIEdition)
            _ = try await importer.importFile(path: BundledData.demoHomicide.path, source: .homicide, edition: nil)
            try await body(store)
        }
    }

    @Test(
        "the region's 33 states: each value is the latest through the year asked, counted again in SQL",
        arguments: Engine.available)
    func region(_ engine: Engine) async throws {
        try await ledger(engine) { store in
            let countries = Countries.latinAmericaAndCaribbean
            #expect(countries.count == 33 && Set(countries).isSubset(of: Countries.iso2))
            let builder = CapacityBuilder(store: store)
            let all = try await builder.capacity(countries: countries, through: nil)
            #expect(all.rows.map(\.country) == countries && all.without.isEmpty)
            #expect(
                all.indicators == [
                    "wgi.rule_of_law", "wgi.control_of_corruption", "wgi.government_effectiveness",
                    "homicide.per_100k",
                ])
            let mexico = try #require(all.rows.first { $0.country == "MX" }?.line("wgi.rule_of_law"))
            #expect(mexico.latest.year == 2019 && mexico.latest.value == "-0.658103585243225")
            #expect(mexico.earliest?.year == 1996 && mexico.earliest?.value == "-0.726646363735199")
            #expect(
                all.rows.first { $0.country == "MX" }?.line("homicide.per_100k")?.latest.value == "28.3706033950892")

            // Through 2010: every line, and the sum of its years, as SQL finds them apart from the builder.
            let through = try await builder.capacity(countries: countries, through: 2010)
            let inList = { (values: [String]) in values.map { "'\($0)'" }.joined(separator: ", ") }
            let latestYears = """
                SELECT country, indicator, MAX(year) AS year FROM series_point
                WHERE country IN (\(inList(countries))) AND indicator IN (\(inList(ContextSeries.indicators)))
                  AND year <= 2010
                GROUP BY country, indicator
                """
            let lines = through.rows.flatMap(\.lines)
            #expect(Int64(lines.count) == (try await store.scalar("SELECT COUNT(*) FROM (\(latestYears)) AS l")))
            #expect(
                Int64(lines.reduce(0) { $0 + $1.latest.year })
                    == (try await store.scalar("SELECT SUM(year) FROM (\(latestYears)) AS l")))
            #expect(lines.allSatisfy { $0.latest.year <= 2010 })
            let csv = through.csv().split(separator: "\n")
            let header: String =
                "country,indicator,source,edition,year,value,standard_error,earliest_year,earliest_value,"
                + "earliest_standard_error,beyond_margin"
            #expect(csv.first.map(String.init) == header)
            #expect(csv.count == 1 + lines.count)
            // As the published file's line 20593 gives Mexico's rule of law in 2010.
            #expect(
                csv.contains(
                    "MX,wgi.rule_of_law,wgi,2020,2010,-0.550830900669098,0.13443423807621,1996,-0.726646363735199,"
                        + "0.190395042300224,false"))

            // A country with no series (Antarctica: no homicide rate, and not among the bundled WGI rows) is named
            // apart, not dropped silently.
            let some = try await builder.capacity(countries: ["MX", "AQ"], through: nil)
            #expect(some.rows.map(\.country) == ["MX"] && some.without == ["AQ"])
            let table = some.table()
            #expect(table.hasPrefix("Partner capacity across the region, latest values\n"))
            #expect(table.contains("MX (Mexico)  -0.66 ± 0.14 (2019)  -0.82 ± 0.13 (2019)"))
            #expect(table.contains("- No outcome series imported for: AQ (Antarctica)."))
            #expect(table.contains("never what the money caused"))
            let json = try JSONSerialization.jsonObject(with: Data(try some.json().utf8)) as? [String: Any]
            #expect(json?["without"] as? [String] == ["AQ"])
            #expect(((json?["countries"] as? [[String: Any]])?.first?["lines"] as? [Any])?.count == 4)
        }
    }

    @Test(
        "a WGI change is beyond the margin only when the 90% intervals part: Venezuela's rule of law, not Mexico's",
        arguments: Engine.available)
    func margins(_ engine: Engine) async throws {
        try await ledger(engine) { store in
            let all = try await CapacityBuilder(store: store).capacity(countries: ["MX", "VE"], through: nil)
            func line(_ country: String) throws -> (latest: SeriesPoint, earliest: SeriesPoint?) {
                try #require(all.rows.first { $0.country == country }?.line("wgi.rule_of_law"))
            }
            // Mexico 1996 -0.727 ± 0.190 to 2019 -0.658 ± 0.141: +0.07 against a margin of 1.645 × 0.331 = 0.545.
            let mexico = try line("MX")
            let mexicoEarliest = try #require(mexico.earliest)
            #expect(ContextSeries.change(from: mexicoEarliest, to: mexico.latest).beyondMargin == false)
            #expect(
                ContextSeries.changeSentence(from: mexicoEarliest, to: mexico.latest, in: .en)
                    == "Rule of law (WGI): -0.73 ± 0.19 (1996) to -0.66 ± 0.14 (2019), +0.07; within the margin of "
                    + "error (the 90% intervals overlap): by the WGI authors' rule of thumb, not a change the data "
                    + "can confirm.")
            // Venezuela 1996 -0.750 ± 0.190 to 2019 -2.320 ± 0.153: -1.57, beyond a margin of 0.564.
            let venezuela = try line("VE")
            let venezuelaEarliest = try #require(venezuela.earliest)
            #expect(ContextSeries.change(from: venezuelaEarliest, to: venezuela.latest).beyondMargin == true)
            #expect(
                ContextSeries.changeSentence(from: venezuelaEarliest, to: venezuela.latest, in: .es).hasSuffix(
                    "-1.57; más allá del margen de error (los intervalos del 90% no se superponen)."))
            // Homicide rates publish no standard error: the change is said, with no verdict on it.
            let homicide = try #require(all.rows.first { $0.country == "MX" }?.line("homicide.per_100k"))
            let homicideEarliest = try #require(homicide.earliest)
            #expect(ContextSeries.change(from: homicideEarliest, to: homicide.latest).beyondMargin == nil)
            let json = try JSONSerialization.jsonObject(with: Data(try all.json().utf8)) as? [String: Any]
            let lines = (json?["countries"] as? [[String: Any]])?.last?["lines"] as? [[String: Any]]
            #expect(lines?.first?["beyondMargin"] as? Bool == true)
            #expect(lines?.last?["beyondMargin"] == nil)
        }
    }

    @Test(
        "since a year: each change runs from the first value in it or after; Mexico's control of corruption since 2009",
        arguments: Engine.available)
    func since(_ engine: Engine) async throws {
        try await ledger(engine) { store in
            let view = try await CapacityBuilder(store: store).capacity(countries: ["MX"], since: 2009, through: nil)
            let line = try #require(view.rows.first?.line("wgi.control_of_corruption"))
            let earliest = try #require(line.earliest)
            // 2009: -0.30 ± 0.15; 2019: -0.82 ± 0.13. A fall of 0.52 against a margin of 1.645 × 0.28 = 0.46.
            #expect(earliest.year == 2009 && line.latest.year == 2019)
            #expect(ContextSeries.change(from: earliest, to: line.latest).beyondMargin == true)
            #expect(view.table().contains("-0.52, beyond the margin (2009–2019)"))
            // Every line of the window starts in 2009 or after (homicide rates too).
            #expect(view.rows[0].lines.allSatisfy { ($0.earliest?.year ?? 0) >= 2009 })
            let json = try JSONSerialization.jsonObject(with: Data(try view.json().utf8)) as? [String: Any]
            #expect(json?["since"] as? Int == 2009)
        }
    }

    @Test("a value that rounds to zero is written 0.00, not -0.00")
    func signedZero() {
        let point = SeriesPoint(
            source: .wgi, edition: "2020", indicator: "wgi.government_effectiveness", country: "AG", year: 2019,
            value: "-0.00123", number: -0.00123, standardError: 0.46, line: 1)
        #expect(ContextSeries.text(point) == "0.00 ± 0.46")
    }
}
