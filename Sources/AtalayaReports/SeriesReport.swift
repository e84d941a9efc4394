public import AtalayaDomain
import Foundation

// MARK: - Outcome series for one country

/// Renders a country's indicator series: one line per source, edition and indicator, never joined across editions.
public struct SeriesReport: Sendable {
    /// The country key.
    public var country: String
    /// The points, as the store returns them.
    public var points: [SeriesPoint]

    /// Creates a report.
    public init(country: String, points: [SeriesPoint]) {
        self.country = country
        self.points = points
    }

    /// One line per series with its last `years` years, value ± standard error where published, in this language
    /// (the indicators by the codes `--indicator` takes).
    public func table(years: Int = 6, in l: ReportLanguage = .en) -> String {
        let name = l.countryName(country)
        var out = l.pick("Outcome series", "Series de resultados") + " — \(name) (\(country))\n\n"
        guard !points.isEmpty else {
            return out + l.pick("No series imported for this country.\n", "No hay series importadas para este país.\n")
        }
        let shown = Array(Set(points.map(\.year)).sorted().suffix(years))
        var lines: [String: [Int: SeriesPoint]] = [:]
        var order: [String] = []
        for point in points {
            let key = [point.indicator, point.source.rawValue, point.edition].joined(separator: "\u{1F}")
            if lines[key] == nil { order.append(key) }
            lines[key, default: [:]][point.year] = point
        }
        let rows = order.map { key -> [String] in
            let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            return parts + shown.map { year in lines[key]?[year].map(Self.format) ?? "–" }
        }
        let header =
            l == .en ? ["indicator", "source", "edition"] : ["indicador", "fuente", "edición"]
        out += TextTable.render(header: header + shown.map(String.init), rows: rows)
        out += l.pick(
            "\n\nEach line is one edition of one source; editions are never joined into one line, and a dash is a "
                + "year with no value (not zero). WGI estimates run from −2.5 to +2.5 (higher is better) and are shown "
                + "± their standard error; homicides are per 100,000 people; Freedom House rates from 1 (most free) "
                + "to 7.\n",
            "\n\nCada línea es una edición de una fuente; las ediciones nunca se unen en una línea, y un guion es un "
                + "año sin valor (no cero). Las estimaciones WGI van de −2.5 a +2.5 (más alto es mejor) y se muestran "
                + "± su error estándar; los homicidios son por cada 100,000 habitantes; Freedom House califica de 1 "
                + "(más libre) a 7.\n")
        return out
    }

    /// `source,edition,indicator,country,year,value,standard_error`.
    public func csv() -> String {
        var lines = ["source,edition,indicator,country,year,value,standard_error"]
        for point in points {
            lines.append(
                [
                    point.source.rawValue, point.edition, point.indicator, point.country, String(point.year),
                    point.value, point.standardError.map { String($0) } ?? "",
                ].map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The points as JSON, values as published (text) and as numbers.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(points), as: UTF8.self)
    }

    /// Why `indicator` gave no series for `country`, naming the indicators the country has (`available`; by source
    /// when there are many) and the ones whose names hold what was typed, so that `rule of law` finds
    /// `wgi.rule_of_law`.
    public static func missing(indicator: String, country: String, available: [String]) -> String {
        let names = Array(Set(available)).sorted()
        guard !names.isEmpty else {
            return "no series imported for \(country); import one first (atalaya import indicators)"
        }
        var message = "no \(indicator) series for \(country); it has "
        if names.count <= 12 {
            message += names.joined(separator: ", ")
        } else {
            let bySource = Dictionary(grouping: names) { $0.prefix { $0 != "." } }
            let groups = bySource.keys.sorted().map { source in
                let members = bySource[source] ?? []
                return members.count == 1 ? members[0] : "\(members.count) \(source).…"
            }
            message += "\(names.count) series: \(groups.joined(separator: ", "))"
            message += " (atalaya report series --country \(country) lists them)"
        }
        let typed = normalised(indicator)
        let guesses = typed.isEmpty ? [] : names.filter { normalised($0).contains(typed) }
        if (1...5).contains(guesses.count) {
            let list =
                guesses.count == 1
                ? guesses[0] : guesses.dropLast().joined(separator: ", ") + " or " + guesses[guesses.count - 1]
            message += "; did you mean \(list)?"
        }
        return message
    }

    /// Lowercase letters and digits only, so that `Rule of Law`, `rule_of_law` and `rule-of-law` compare equal.
    private static func normalised(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    static func format(_ point: SeriesPoint) -> String {
        let value = String(format: "%.2f", point.number)
        guard let error = point.standardError else { return value }
        return value + "±" + String(format: "%.2f", error)
    }
}
