public import AtalayaDomain
import Foundation

// MARK: - Partner capacity across the region: each country's context series side by side

/// Each country's latest value of every context series (`ContextSeries`) through a year, side by side: how partner
/// capacity stands across the region, beside the money and never read as its effect.
public struct RegionalCapacity: Sendable {
    /// One country and its lines.
    public struct Row: Sendable {
        /// ISO 3166-1 alpha-2.
        public var country: String
        /// Its line per context indicator held: the newest edition's latest value and its earliest.
        public var lines: [(latest: SeriesPoint, earliest: SeriesPoint?)]

        /// Creates a row.
        public init(country: String, lines: [(latest: SeriesPoint, earliest: SeriesPoint?)]) {
            self.country = country
            self.lines = lines
        }

        /// The line of `indicator`, when the country has one.
        public func line(_ indicator: String) -> (latest: SeriesPoint, earliest: SeriesPoint?)? {
            lines.first { $0.latest.indicator == indicator }
        }
    }

    /// The first year a change is measured from; nil for each line's first year.
    public var since: Int?
    /// The last year a value may describe; nil for every year held.
    public var through: Int?
    /// The countries with at least one context value, in the order asked.
    public var rows: [Row]
    /// The countries asked for that have none.
    public var without: [String]

    /// Creates the view.
    public init(since: Int? = nil, through: Int?, rows: [Row], without: [String]) {
        self.since = since
        self.through = through
        self.rows = rows
        self.without = without
    }

    /// The context indicators some country has, in `ContextSeries` order.
    public var indicators: [String] {
        ContextSeries.indicators.filter { indicator in rows.contains { $0.line(indicator) != nil } }
    }

    /// What the figures are and are not, in `language`.
    public func notes(in language: ReportLanguage) -> [String] {
        let en = language == .en
        var notes = [
            en
                ? "Each cell is the latest value of the indicator's newest edition"
                    + (through.map { " up to \($0)" } ?? "") + ", with its year; editions are never joined."
                : "Cada celda es el último valor de la edición más reciente del indicador"
                    + (through.map { " hasta \($0)" } ?? "") + ", con su año; las ediciones nunca se unen.",
            en
                ? "Outcome series stand beside the money as context: they show association at most, never what the "
                    + "money caused."
                : "Las series de resultados acompañan a los montos como contexto: muestran a lo sumo asociación, "
                    + "nunca lo que causaron los fondos.",
        ]
        if rows.contains(where: { $0.lines.contains { $0.latest.source == .wgi } }) {
            notes.append(
                en
                    ? "WGI estimates run from about −2.5 to +2.5 (higher is better); the ± is the published standard "
                        + "error, so countries closer than it may not differ. A change is beyond the margin when the "
                        + "two values' 90% intervals do not overlap (the WGI authors' rule of thumb, a conservative one)."
                    : "Las estimaciones WGI van de −2.5 a +2.5 aproximadamente (más alto es mejor); el ± es el error "
                        + "estándar publicado, así que países más cercanos que eso pueden no diferir. Un cambio supera "
                        + "el margen cuando los intervalos del 90% de ambos valores no se superponen (regla práctica "
                        + "de los autores del WGI, conservadora).")
        }
        if !without.isEmpty {
            notes.append(
                (en ? "No outcome series imported for: " : "Sin series de resultados importadas para: ")
                    + without.map(language.labelled).joined(separator: ", ") + ".")
        }
        return notes
    }

    /// A row per country, a column per indicator (`-0.66 ± 0.14 (2019)`), then the notes and the editions.
    public func table(in language: ReportLanguage = .en) -> String {
        let indicators = self.indicators
        let title =
            language == .en
            ? "Partner capacity across the region, latest values" + (through.map { " up to \($0)" } ?? "")
            : "Capacidad de los socios en la región, últimos valores" + (through.map { " hasta \($0)" } ?? "")
        var out = title + "\n\n"
        out += TextTable.render(
            header: [language == .en ? "country" : "país"] + indicators.map { ContextSeries.name($0, in: language) },
            rows: rows.map { row in
                [language.labelled(row.country)]
                    + indicators.map { indicator in
                        row.line(indicator).map { "\(ContextSeries.text($0.latest)) (\($0.latest.year))" } ?? "–"
                    }
            })
        // The change of each line over the window, with the margin's verdict where the source gives errors.
        let en = language == .en
        out += "\n\n" + (en ? "Change from " : "Cambio desde ")
        out +=
            since.map { en ? "the first value from \($0) on" : "el primer valor desde \($0)" }
            ?? (en ? "each series' first value" : "el primer valor de cada serie")
        out += en ? " to the latest:\n" : " hasta el último:\n"
        out += TextTable.render(
            header: [en ? "country" : "país"] + indicators.map { ContextSeries.name($0, in: language) },
            rows: rows.map { row in
                [language.labelled(row.country)]
                    + indicators.map { indicator in
                        guard let line = row.line(indicator), let earliest = line.earliest else { return "–" }
                        return ContextSeries.changeCell(from: earliest, to: line.latest, in: language)
                            + " (\(earliest.year)–\(line.latest.year))"
                    }
            })
        out += "\n\n" + notes(in: language).map { "- " + $0 }.joined(separator: "\n") + "\n"
        out += (en ? "Editions: " : "Ediciones: ") + editions(in: language).joined(separator: "; ") + "\n"
        return out
    }

    /// Each source and edition the cells come from, by name (`WGI, 2020`).
    public func editions(in language: ReportLanguage) -> [String] {
        Set(rows.flatMap { $0.lines.map { language.seriesEdition($0.latest) } }).sorted()
    }

    /// `country,indicator,source,edition,year,value,standard_error,earliest_year,earliest_value,
    /// earliest_standard_error,beyond_margin`, one line per country and indicator held, values exactly as published;
    /// `beyond_margin` is `true` or `false` where both values have a standard error (`ContextSeries.change`).
    public func csv() -> String {
        var lines = [
            "country,indicator,source,edition,year,value,standard_error,earliest_year,earliest_value,"
                + "earliest_standard_error,beyond_margin"
        ]
        for row in rows {
            for (latest, earliest) in row.lines {
                let beyond = earliest.flatMap { ContextSeries.change(from: $0, to: latest).beyondMargin }
                lines.append(
                    [
                        row.country, latest.indicator, latest.source.rawValue, latest.edition, String(latest.year),
                        latest.value, latest.standardError.map { String($0) } ?? "",
                        earliest.map { String($0.year) } ?? "", earliest?.value ?? "",
                        earliest?.standardError.map { String($0) } ?? "", beyond.map { String($0) } ?? "",
                    ].map(CSVField.escape).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The view as JSON: `since`, `through`, `countries` (each with its `lines`), `without` and `notes`.
    public func json() throws -> String {
        struct Point: Encodable {
            var year: Int
            var value: String
            var standardError: Double?
        }
        struct Line: Encodable {
            var indicator: String
            var source: String
            var edition: String
            var latest: Point
            var earliest: Point?
            var beyondMargin: Bool?
        }
        struct Country: Encodable {
            var country: String
            var lines: [Line]
        }
        struct Document: Encodable {
            var since: Int?
            var through: Int?
            var countries: [Country]
            var without: [String]
            var notes: [String]

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(since, forKey: .since)  // null: each line from its first year
                try container.encode(through, forKey: .through)  // null: every year held
                try container.encode(countries, forKey: .countries)
                try container.encode(without, forKey: .without)
                try container.encode(notes, forKey: .notes)
            }

            enum CodingKeys: String, CodingKey { case since, through, countries, without, notes }
        }
        func point(_ point: SeriesPoint) -> Point {
            Point(year: point.year, value: point.value, standardError: point.standardError)
        }
        let document = Document(
            since: since, through: through,
            countries: rows.map { row in
                Country(
                    country: row.country,
                    lines: row.lines.map { line in
                        Line(
                            indicator: line.latest.indicator, source: line.latest.source.rawValue,
                            edition: line.latest.edition, latest: point(line.latest),
                            earliest: line.earliest.map(point),
                            beyondMargin: line.earliest.flatMap {
                                ContextSeries.change(from: $0, to: line.latest).beyondMargin
                            })
                    })
            }, without: without, notes: notes(in: .en))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
