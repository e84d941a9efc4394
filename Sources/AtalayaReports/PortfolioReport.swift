public import AtalayaDomain
public import AtalayaStore
public import Foundation

// MARK: - The portfolio report: table, CSV and JSON

/// Renders portfolio figures for people (table) and programs (CSV, JSON).
public struct PortfolioReport: Sendable {
    /// The query answered.
    public var query: PortfolioQuery
    /// The figures.
    public var figures: PortfolioFigures
    /// The exchange-rate source.
    public var ratesSource: String
    /// Names shown beside group codes in the table (DAC purpose codes, for `--by sector`); a code without one is
    /// shown bare. CSV and JSON keep the codes alone.
    public var groupNames: [String: String]
    /// True when the table has a row per recipient (named where ISO or IATI name it) instead of per group; CSV and
    /// JSON are unchanged, their rows already carry the recipient.
    public var rowsByRecipient = false

    /// Creates a report.
    public init(
        query: PortfolioQuery, figures: PortfolioFigures, ratesSource: String, groupNames: [String: String] = [:]
    ) {
        self.query = query
        self.figures = figures
        self.ratesSource = ratesSource
        self.groupNames = groupNames
    }

    /// The first year these figures do not hold whole, with the vintage that cuts it short (see `partialYear`); nil
    /// when no row is that year or later.
    public var partialFrom: (year: Int, vintage: String)? {
        Self.partialYear(figures.sources, basis: query.basis).flatMap { partial in
            figures.cells.contains { $0.year ?? .min >= partial.year } ? partial : nil
        }
    }

    /// The first year the runs' figures do not cover whole: the one holding the oldest vintage (a file published on
    /// 2025-04-03 holds FY2025's money only until then; a vintage on a year's last day covers that year); nil when no
    /// run has a dated vintage.
    public static func partialYear(_ runs: [ImportRun], basis: FiscalYearBasis) -> (year: Int, vintage: String)? {
        guard let vintage = runs.compactMap({ $0.vintage.map { String($0.prefix(10)) } }).min(),
            let complete = basis.lastCompleteYear(asOf: vintage)
        else { return nil }
        return (complete + 1, vintage)
    }

    /// Whether the runs' dated vintages fall on more than one day, so that a partial-year note names the oldest of
    /// them rather than the data's one vintage.
    public static func vintagesDiffer(_ runs: [ImportRun]) -> Bool {
        Set(runs.compactMap { $0.vintage?.prefix(10) }).count > 1
    }

    /// The note under figures from `runs` whose years from `partial.year` (shown as `yearText`) on are partial: the
    /// data's one vintage or the oldest of several, and that later money is not in the file, or the files, yet.
    public static func partialYearNote(
        _ partial: (year: Int, vintage: String), yearText: String, runs: [ImportRun], language: ReportLanguage
    ) -> String {
        let l = language
        let vintage =
            vintagesDiffer(runs)
            ? l.pick("the oldest vintage among these files", "la versión más antigua de estos archivos")
            : l.pick("the data's vintage", "la versión de los datos")
        let files = runs.count > 1 ? l.pick("the files", "los archivos") : l.pick("the file", "el archivo")
        return l.pick(
            "* Partial year: \(vintage) is \(partial.vintage), inside \(yearText); later money is not in \(files) "
                + "yet. Compare complete years only.",
            "* Año parcial: \(vintage) es \(partial.vintage), dentro del \(yearText); los montos posteriores aún no "
                + "están en \(files). Compare solo años completos.")
    }

    /// Why the shares are not meaningful for this source, or nil when they are. The Greenbook names accounts, not
    /// sectors: only military and counter-drug accounts can be placed, while economic accounts (ESF, Development
    /// Assistance) that also pay for courts, police and governance count as out of scope, so its shares would
    /// overstate interdiction.
    public var sharesWithheld: String? {
        query.source == .greenbook ? Self.greenbookSharesWithheld : nil
    }

    /// Why the Greenbook's shares are withheld.
    public static let greenbookSharesWithheld =
        "the Greenbook names accounts, not sectors, so only military and counter-drug money can be placed on a "
        + "pillar and a share would overstate interdiction; ForeignAssistance.gov and IATI name sectors and give the mix"

    /// The mix over every row.
    public var mix: PortfolioMix {
        var byPillar: [Pillar: Cents] = [:]
        for cell in figures.cells {
            if let pillar = cell.pillar { byPillar[pillar, default: 0] += cell.usdCents }
        }
        return PortfolioMix(byPillar: byPillar)
    }

    /// The mix of each fiscal year (or period) that has money placed on a pillar, oldest first, undated last: whether
    /// the portfolio moves beyond interdiction, year by year. Empty when the shares are withheld.
    public var mixByYear: [(year: Int?, label: String, mix: PortfolioMix)] {
        guard sharesWithheld == nil else { return [] }
        var byPeriod: [PeriodKey: [Pillar: Cents]] = [:]
        for cell in figures.cells {
            if let pillar = cell.pillar {
                byPeriod[Self.periodKey(cell), default: [:]][pillar, default: 0] += cell.usdCents
            }
        }
        return byPeriod.keys.sorted(by: Self.ordered).map { ($0.year, $0.label, PortfolioMix(byPillar: byPeriod[$0]!)) }
    }

    /// `periods` in order with the years missing between two held added, so that a table's columns do not skip a
    /// year with no money in silence; a gap longer than `longestGap` years (a stray date decades away) stays a jump.
    static func everyYear(_ periods: some Collection<PeriodKey>, longestGap: Int = 5) -> [PeriodKey] {
        let years = Set(periods.compactMap(\.year)).sorted()
        let missing = zip(years, years.dropFirst()).flatMap { earlier, later in
            later - earlier - 1 <= longestGap ? Array(earlier + 1..<later) : []
        }
        return (Array(periods) + missing.map { PeriodKey(year: $0, label: String($0)) }).sorted(by: ordered)
    }

    /// Periods in the tables' order: by year, then label (the 1976 transition quarter after 1976), undated last.
    static func ordered(_ lhs: PeriodKey, _ rhs: PeriodKey) -> Bool {
        (lhs.year ?? Int.max, lhs.label) < (rhs.year ?? Int.max, rhs.label)
    }

    // MARK: - JSON

    /// The JSON document described in the README (`measure`, `scope`, `fiscalYearBasis`, `filters`, `rows`,
    /// `unconverted`, `sources`).
    public func json(pretty: Bool = true) throws -> String {
        let mix = self.mix
        let document = JSONDocument(
            source: query.source.rawValue, measure: query.measure.rawValue, scope: query.scope.rawValue,
            fiscalYearBasis: query.basis.rawValue, groupBy: query.groupBy.rawValue, currency: "USD",
            dollars: query.constantDollars ? "constant" : "current",
            filters: JSONDocument.Filters(
                countries: query.countries, fromYear: query.fromYear, toYear: query.toYear,
                publishers: query.publishers),
            rows: figures.cells.map {
                JSONDocument.Row(
                    country: $0.country, fiscalYear: $0.year, fiscalPeriod: $0.period,
                    pillar: $0.pillar?.rawValue ?? $0.group,
                    group: query.groupBy == .pillar ? nil : $0.group, amountUSD: Self.decimal($0.usdCents),
                    allocations: $0.allocations, runs: $0.runs)
            },
            shares: JSONDocument.Shares(
                beyondInterdiction: sharesWithheld == nil ? mix.beyondInterdictionShare : nil,
                institutionBuilding: sharesWithheld == nil ? mix.institutionBuildingShare : nil,
                denominatorUSD: Self.decimal(mix.classifiedTotal),
                denominator: sharesWithheld
                    ?? "all classified security cooperation (every pillar but unclassified and out_of_scope)"),
            sharesByYear: mixByYear.map {
                JSONDocument.YearShares(
                    fiscalYear: $0.year, fiscalPeriod: $0.label == $0.year.map(String.init) ? nil : $0.label,
                    beyondInterdiction: $0.mix.beyondInterdictionShare,
                    institutionBuilding: $0.mix.institutionBuildingShare,
                    denominatorUSD: Self.decimal($0.mix.classifiedTotal))
            },
            unconverted: figures.unconverted.map {
                JSONDocument.Unconverted(
                    country: $0.country, fiscalYear: $0.year, group: $0.group, currency: $0.currency,
                    amount: Self.decimal($0.cents), reason: $0.reason, runs: $0.runs)
            },
            sources: figures.sources.map {
                JSONDocument.Source(
                    run: $0.id, file: $0.fileName, sheet: $0.sheet, sha256: $0.sha256, publisher: $0.publisher,
                    vintage: $0.vintage,
                    importedAt: $0.importedAt)
            },
            partialFrom: partialFrom.map { JSONDocument.PartialYear(fiscalYear: $0.year, vintage: $0.vintage) },
            crosswalk: figures.crosswalk, exchangeRates: query.source == .iati ? ratesSource : nil,
            coverage: figures.coverage)
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    /// Cents as an exact decimal number of dollars.
    public static func decimal(_ cents: Cents) -> Decimal {
        // Built from the integer (significand × 10⁻²), exact and without parsing text.
        Decimal(sign: cents < 0 ? .minus : .plus, exponent: -2, significand: Decimal(cents.magnitude))
    }

    struct JSONDocument: Encodable {
        struct Row: Encodable {
            var country: String
            var fiscalYear: Int?
            var fiscalPeriod: String?
            var pillar: String
            var group: String?
            var amountUSD: Decimal
            var allocations: Int
            /// The import runs it sums, each in `sources`.
            var runs: [Int64]

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(country, forKey: .country)
                try container.encode(fiscalYear, forKey: .fiscalYear)  // null when the year is unknown
                try container.encodeIfPresent(fiscalPeriod, forKey: .fiscalPeriod)  // only `1976TQ`
                try container.encode(pillar, forKey: .pillar)
                try container.encodeIfPresent(group, forKey: .group)
                try container.encode(amountUSD, forKey: .amountUSD)
                try container.encode(allocations, forKey: .allocations)
                try container.encode(runs, forKey: .runs)
            }

            enum CodingKeys: String, CodingKey {
                case country, fiscalYear, fiscalPeriod, pillar, group, amountUSD, allocations, runs
            }
        }
        struct Shares: Encodable {
            var beyondInterdiction: Double?
            var institutionBuilding: Double?
            var denominatorUSD: Decimal
            var denominator: String

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(beyondInterdiction, forKey: .beyondInterdiction)  // null when not meaningful
                try container.encode(institutionBuilding, forKey: .institutionBuilding)
                try container.encode(denominatorUSD, forKey: .denominatorUSD)
                try container.encode(denominator, forKey: .denominator)
            }

            enum CodingKeys: String, CodingKey {
                case beyondInterdiction, institutionBuilding, denominatorUSD, denominator
            }
        }
        /// One year's shares, with their denominator.
        struct YearShares: Encodable {
            var fiscalYear: Int?
            var fiscalPeriod: String?
            var beyondInterdiction: Double?
            var institutionBuilding: Double?
            var denominatorUSD: Decimal

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(fiscalYear, forKey: .fiscalYear)  // null when the year is unknown
                try container.encodeIfPresent(fiscalPeriod, forKey: .fiscalPeriod)  // only `1976TQ`
                try container.encode(beyondInterdiction, forKey: .beyondInterdiction)  // null when not meaningful
                try container.encode(institutionBuilding, forKey: .institutionBuilding)
                try container.encode(denominatorUSD, forKey: .denominatorUSD)
            }

            enum CodingKeys: String, CodingKey {
                case fiscalYear, fiscalPeriod, beyondInterdiction, institutionBuilding, denominatorUSD
            }
        }
        struct Unconverted: Encodable {
            var country: String
            var fiscalYear: Int?
            var group: String
            var currency: String?
            var amount: Decimal
            var reason: String
            var runs: [Int64]
        }
        /// The query's filters, so that a saved document says what it holds; empty lists and nulls keep all.
        struct Filters: Encodable {
            var countries: [String]
            var fromYear: Int?
            var toYear: Int?
            var publishers: [String]

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(countries, forKey: .countries)
                try container.encode(fromYear, forKey: .fromYear)  // null: from the first year held
                try container.encode(toYear, forKey: .toYear)
                try container.encode(publishers, forKey: .publishers)
            }

            enum CodingKeys: String, CodingKey {
                case countries, fromYear, toYear, publishers
            }
        }
        struct PartialYear: Encodable {
            var fiscalYear: Int
            var vintage: String
        }
        struct Source: Encodable {
            var run: Int64
            var file: String
            var sheet: String?
            var sha256: String
            var publisher: String?
            var vintage: String?
            var importedAt: String
        }
        var source: String
        var measure: String
        var scope: String
        var fiscalYearBasis: String
        var groupBy: String
        var currency: String
        var dollars: String
        var filters: Filters
        var rows: [Row]
        var shares: Shares
        var sharesByYear: [YearShares]
        var unconverted: [Unconverted]
        var sources: [Source]
        /// The first year the rows do not hold whole: rows of that year and later are partial.
        var partialFrom: PartialYear?
        var crosswalk: String?
        var exchangeRates: String?
        var coverage: [String]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(source, forKey: .source)
            try container.encode(measure, forKey: .measure)
            try container.encode(scope, forKey: .scope)
            try container.encode(fiscalYearBasis, forKey: .fiscalYearBasis)
            try container.encode(groupBy, forKey: .groupBy)
            try container.encode(currency, forKey: .currency)
            try container.encode(dollars, forKey: .dollars)
            try container.encode(filters, forKey: .filters)
            try container.encode(rows, forKey: .rows)
            try container.encode(shares, forKey: .shares)
            try container.encode(sharesByYear, forKey: .sharesByYear)  // empty when the shares are withheld
            try container.encode(unconverted, forKey: .unconverted)
            try container.encode(sources, forKey: .sources)
            try container.encode(partialFrom, forKey: .partialFrom)  // null when every row's year is whole
            try container.encode(crosswalk, forKey: .crosswalk)
            try container.encode(exchangeRates, forKey: .exchangeRates)  // null for U.S. government sources
            try container.encode(coverage, forKey: .coverage)
        }

        enum CodingKeys: String, CodingKey {
            case source, measure, scope, fiscalYearBasis, groupBy, currency, dollars, filters, rows, shares
            case sharesByYear, unconverted
            case sources, partialFrom, crosswalk, exchangeRates, coverage
        }
    }

    // MARK: - CSV

    /// One row per cell: `source,measure,dollars,scope,fiscal_year_basis,country,fiscal_year,pillar,group,amount_usd,`
    /// `allocations,runs` (the import runs the row sums, space-separated, as in the pages' CSV).
    public func csv() -> String {
        var lines = [
            "source,measure,dollars,scope,fiscal_year_basis,country,fiscal_year,pillar,group,amount_usd,allocations,runs"
        ]
        for cell in figures.cells {
            lines.append(
                [
                    query.source.rawValue, query.measure.rawValue, query.constantDollars ? "constant" : "current",
                    query.scope.rawValue, query.basis.rawValue, cell.country,
                    cell.period ?? cell.year.map(String.init) ?? "", cell.pillar?.rawValue ?? "", cell.group,
                    DecimalText.format(cell.usdCents), String(cell.allocations),
                    cell.runs.map(String.init).joined(separator: " "),
                ].map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Table

    /// A table for a terminal in `l`'s words: groups by year in USD millions, totals, shares and the sources. Codes
    /// a command takes (`--source iati`), files' own names and the crosswalk's are left as they are.
    public func table(in l: ReportLanguage = .en) -> String {
        let years = Self.everyYear(Set(figures.cells.map(Self.periodKey)))
        var amounts: [String: [PeriodKey: Cents]] = [:]
        for cell in figures.cells {
            amounts[rowsByRecipient ? cell.country : cell.group, default: [:]][Self.periodKey(cell), default: 0] +=
                cell.usdCents
        }
        let byPillar = query.groupBy == .pillar && !rowsByRecipient
        // Pillars in their fixed order; anything else largest first, ties by key so that the order never varies.
        let groups: [String] =
            byPillar
            ? Pillar.allCases.map(\.rawValue).filter { amounts[$0] != nil }
            : amounts.map { ($0.key, $0.value.values.reduce(0, +)) }.sorted { ($1.1, $0.0) < ($0.1, $1.0) }.map(\.0)
        let total = figures.cells.reduce(0) { $0 + $1.usdCents }
        let yearLabel = query.basis == .usFederal ? l.pick("FY", "AF") : ""
        let noDate = l.pick("no date", "sin fecha")
        // Years from the partial one on are starred, and the note under the table says why.
        let partial = partialFrom
        let star = { (year: Int?) in year ?? .min >= partial?.year ?? .max ? "*" : "" }
        let yearName = { (year: Int?, label: String) in year == nil ? noDate : yearLabel + label + star(year) }
        var header =
            [rowsByRecipient ? l.pick("recipient", "receptor") : Self.groupingName(query.groupBy, in: l)]
            + years.map { yearName($0.year, $0.label) }
        header += ["Total", l.pick("Share", "Proporción")]
        // English rows name a pillar by its key (what `--pillar` takes), Spanish ones by its Spanish name.
        let rowName = { (group: String) -> String in
            if rowsByRecipient { return l.labelled(group) }
            if byPillar, l == .es, let pillar = Pillar(rawValue: group) { return pillar.labelES }
            return groupNames[group].map { "\(group) \($0)" } ?? group
        }
        var rows: [[String]] = []
        for group in groups {
            let byYear = amounts[group] ?? [:]
            let groupTotal = byYear.values.reduce(0, +)
            rows.append(
                [rowName(group)] + years.map { Self.millions(byYear[$0] ?? 0) } + [
                    Self.millions(groupTotal), Self.percent(total == 0 ? nil : Double(groupTotal) / Double(total)),
                ])
        }
        var yearTotals: [String] = []
        for year in years {
            yearTotals.append(
                Self.millions(figures.cells.filter { Self.periodKey($0) == year }.reduce(0) { $0 + $1.usdCents }))
        }
        rows.append(["Total"] + yearTotals + [Self.millions(total), total == 0 ? "" : "100%"])

        let measures = l.measure(query.measure)
        var out =
            l.pick("Portfolio ", "Cartera ") + "\(l.fromSource(query.source)) (--source \(query.source.rawValue)) — "
        out += "\(measures), "
        out +=
            query.scope == .security
            ? l.pick("security cooperation", "cooperación en seguridad") : l.pick("all money", "todos los montos")
        out += ", "
        let dollars = query.constantDollars ? l.pick("constant", "constantes") : l.pick("current", "corrientes")
        out +=
            query.source == .iati
            ? l.pick("USD millions", "millones de USD")
            : l.pick("\(dollars) USD millions", "millones de USD \(dollars)")
        out +=
            ", "
            + (query.basis == .usFederal
                ? l.pick("U.S. fiscal years (Oct–Sep)", "años fiscales de EE. UU. (oct.–sep.)")
                : l.pick("calendar years", "años calendario"))
        if !query.countries.isEmpty {
            out += l.pick(", recipients ", ", receptores ") + query.countries.map(l.labelled).joined(separator: ", ")
        }
        let label = { (year: Int) in yearLabel + String(year) }
        switch (query.fromYear, query.toYear) {
        case (let from?, let to?) where from == to: out += l.pick(", \(label(from)) only", ", solo \(label(from))")
        case (let from?, let to?): out += ", \(label(from))–\(label(to))"
        case (let from?, nil): out += l.pick(", \(label(from)) onward", ", desde \(label(from))")
        case (nil, let to?): out += l.pick(", up to \(label(to))", ", hasta \(label(to))")
        case (nil, nil): break
        }
        if !query.publishers.isEmpty {
            out += l.pick(", publishers ", ", publicadores ") + query.publishers.joined(separator: ", ")
        }
        let present = Set(figures.cells.map(\.country) + figures.unconverted.map(\.country))
        let absent = query.countries.filter { !present.contains($0) }
        if !absent.isEmpty {
            let names = absent.map(l.labelled).joined(separator: ", ")
            out += l.pick(
                "\n\nNo \(measures) for \(names) in this ledger with these options (source, scope, years); a missing "
                    + "country is missing data, not zero.",
                "\n\nNo hay \(measures) para \(names) en este registro con estas opciones (fuente, ámbito, años); un "
                    + "país ausente es un dato que falta, no un cero.")
        }
        if figures.cells.isEmpty {
            // Nothing to tabulate: a table of dashes and shares of nothing would only look like figures.
            if absent.isEmpty {
                out += l.pick(
                    "\n\nNo \(measures) in this ledger with these options (source, scope, years",
                    "\n\nNo hay \(measures) en este registro con estas opciones (fuente, ámbito, años")
                out += query.publishers.isEmpty ? ")." : l.pick(", publishers).", ", publicadores).")
            }
            out += "\n"
        } else {
            out += "\n\n" + TextTable.render(header: header, rows: rows) + "\n"
            if let partial {
                out +=
                    Self.partialYearNote(
                        partial, yearText: "\(yearLabel)\(partial.year)", runs: figures.sources, language: l) + "\n"
            }
        }
        if query.groupBy == .pillar, !figures.cells.isEmpty {
            out += mixLines(in: l, yearName: yearName)
        }
        if !figures.unconverted.isEmpty {
            out += l.pick(
                "\nNot converted to USD (kept in their currency, not in the table above):\n",
                "\nSin convertir a USD (en su moneda, fuera de la tabla de arriba):\n")
            var sums: [String: Cents] = [:]
            for cell in figures.unconverted {
                let reason = Self.unconvertedReasons[cell.reason].map { l.pick($0.en, $0.es) } ?? cell.reason
                sums["\(cell.currency ?? l.pick("no currency", "sin moneda")) — \(reason)", default: 0] += cell.cents
            }
            for (key, cents) in sums.sorted(by: { $0.key < $1.key }) {
                out += "  \(DecimalText.formatWhole(cents)) \(key)\n"
            }
        }
        let runCount = figures.sources.count
        out +=
            "\n"
            + l.pick(
                "Sources (\(counted(runCount, "import run", "import runs"))):",
                "Fuentes (\(counted(runCount, "importación", "importaciones"))):") + "\n"
        for run in figures.sources {
            out +=
                l.pick("  run ", "  importación ") + "\(run.id): \(run.fileLabel) — \(run.publisher ?? "?"), "
                + l.pick("vintage ", "versión ") + "\(run.vintage ?? l.pick("unknown", "desconocida")), "
                + "sha256 \(run.sha256.prefix(12))…\n"
        }
        out +=
            l.pick("Crosswalk: ", "Tabla de correspondencias: ")
            + (figures.crosswalk ?? l.pick("none applied", "ninguna"))
        out += "."
        out += query.source == .iati ? l.pick(" Exchange rates: ", " Tipos de cambio: ") + "\(ratesSource).\n" : "\n"
        if !figures.coverage.isEmpty {
            out +=
                "\n" + l.pick("What this source covers:", "Qué abarca esta fuente:") + "\n"
                + figures.coverage.map { "  - \(l.sentence($0))\n" }.joined()
        }
        return out
    }

    /// The shares under a table by pillar: overall, then year by year, with what bends them.
    private func mixLines(in l: ReportLanguage, yearName: (Int?, String) -> String) -> String {
        if let sharesWithheld {
            return l.pick("\nShares not computed: ", "\nProporciones no calculadas: ")
                + "\(l.sentence(sharesWithheld)) (--source fa \(l.pick("or", "o")) iati).\n"
        }
        let mix = self.mix
        var out = l.pick("\nBeyond-interdiction share: ", "\nProporción más allá de la interdicción: ")
        out += Self.percent(mix.beyondInterdictionShare)
        out += l.pick("   Institution-building share: ", "   Proporción de fortalecimiento institucional: ")
        out += Self.percent(mix.institutionBuildingShare) + "\n"
        let classified = DecimalText.formatWhole(mix.classifiedTotal)
        out += l.pick(
            "  (denominator: all classified security cooperation, USD \(classified))\n",
            "  (denominador: toda la cooperación en seguridad clasificada, USD \(classified))\n")
        let held = Dictionary(
            mixByYear.map { (PeriodKey(year: $0.year, label: $0.label), $0.mix) }, uniquingKeysWith: { a, _ in a })
        // A year with no classified money has no share (n/a), and a column to say so.
        let byYear = Self.everyYear(held.keys).map {
            (year: $0.year, label: $0.label, mix: held[$0] ?? PortfolioMix(byPillar: [:]))
        }
        if byYear.count > 1 {
            // The trend: each year's shares of its own classified money.
            out += l.pick(
                "\nBy year (shares of each year's classified security cooperation):\n",
                "\nPor año (proporciones de la cooperación en seguridad clasificada de cada año):\n")
            out +=
                TextTable.render(
                    header: [l.pick("share", "proporción")] + byYear.map { yearName($0.year, $0.label) },
                    rows: [
                        [l.pick("beyond interdiction", "más allá de la interdicción")]
                            + byYear.map { Self.percent($0.mix.beyondInterdictionShare) },
                        [l.pick("institution building", "fortalecimiento institucional")]
                            + byYear.map { Self.percent($0.mix.institutionBuildingShare) },
                    ]) + "\n"
        }
        // A share past 100% (or below 0%) is what negative amounts do to a sum; say so rather than clip it.
        let outside =
            ([(name: l.pick("overall", "total"), mix: mix)] + byYear.map { (yearName($0.year, $0.label), $0.mix) })
            .filter { Self.showsShareOutsideRange($0.mix) }.map(\.name).joined(separator: ", ")
        if !outside.isEmpty {
            out += l.pick(
                "  A share above 100% or below 0% (\(outside)) comes from negative amounts (de-obligations, reversals) "
                    + "that net the classified money below the pillars the share counts; amounts are kept as published.\n",
                "  Una proporción mayor que 100% o menor que 0% (\(outside)) se debe a montos negativos "
                    + "(desobligaciones, reversiones) que dejan lo clasificado por debajo de los pilares que cuenta la "
                    + "proporción; los montos se conservan tal como se publicaron.\n")
        }
        let unclassified = figures.cells.filter { $0.pillar == .unclassified }.reduce(0) { $0 + $1.usdCents }
        if unclassified != 0 {
            let amount = DecimalText.formatWhole(unclassified)
            out += l.pick(
                "  Unclassified money (USD \(amount)) is in scope but in neither share: no rule could place it on a "
                    + "pillar.\n",
                "  Los montos sin clasificar (USD \(amount)) están en el ámbito pero en ninguna proporción: ninguna regla "
                    + "pudo ubicarlos en un pilar.\n")
        }
        return out
    }

    /// A grouping's name as a table's first header: `pillar`, `pilar`.
    static func groupingName(_ grouping: PortfolioQuery.Grouping, in l: ReportLanguage) -> String {
        switch grouping {
        case .pillar: l.pick("pillar", "pilar")
        case .sector: "sector"
        case .account: l.pick("account", "cuenta")
        case .publisher: l.pick("publisher", "publicador")
        }
    }

    /// Why money stayed unconverted, as the stores write it (English), in both languages.
    static let unconvertedReasons: [String: (en: String, es: String)] = [
        "no currency": ("no currency", "sin moneda"),
        "no exchange rate for the year": ("no exchange rate for the year", "sin tipo de cambio para el año"),
    ]

    /// A table column: a fiscal year, or a period such as the 1976 transition quarter.
    struct PeriodKey: Hashable {
        let year: Int?
        let label: String
    }

    static func periodKey(_ cell: PortfolioCell) -> PeriodKey {
        PeriodKey(year: cell.year, label: cell.period ?? cell.year.map(String.init) ?? "")
    }

    /// USD millions to one decimal (`–` for zero), rounded half away from zero in integers.
    public static func millions(_ cents: Cents) -> String {
        guard cents != 0 else { return "–" }
        // Round half away from zero to 0.1 million, in integers.
        let tenths = (cents.magnitude + 5_000_000) / 10_000_000
        let text = "\(tenths / 10).\(tenths % 10)"
        return cents < 0 ? "-" + text : text
    }

    /// Whether either share, as `percent` shows it, is above 100.0% or below 0.0%.
    static func showsShareOutsideRange(_ mix: PortfolioMix) -> Bool {
        [mix.beyondInterdictionShare, mix.institutionBuildingShare].contains { share in
            share.map { ($0 * 1000).rounded() > 1000 || ($0 * 1000).rounded() < 0 } ?? false
        }
    }

    static func percent(_ share: Double?) -> String {
        guard let share else { return "n/a" }
        return ShareText.percent(share, decimals: 1)
    }
}

// MARK: - Plain-text tables and CSV fields

/// Left-aligned first column, right-aligned numbers.
public enum TextTable {
    /// Renders a header and rows with a rule under the header: columns of numbers right-aligned, others left.
    public static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in
            all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        let numeric = header.indices.map { column in
            let cells = rows.compactMap { $0.indices.contains(column) ? $0[column] : nil }.filter { !$0.isEmpty }
            // A column of dashes alone (a year with no money) lines up with the numbers beside it.
            return cells.allSatisfy(isNumber)
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return numeric[index] ? pad + cell : cell + pad
            }
            var text = padded.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// An amount, count, share (`>99%` too) or year as the reports write them, or what they write for none (`–`,
    /// `n/a`); a sign only in front, so that dates (`2025-09-03`) stay text.
    static func isNumber(_ cell: String) -> Bool {
        cell == "n/a"
            || cell.enumerated().allSatisfy { index, character in
                character.isASCII && character.isNumber || ".,%".contains(character) || character == "–"
                    || (index == 0 && "-+<>".contains(character))
            }
    }
}

/// RFC 4180 fields; cells that a spreadsheet would run as a formula are neutralised with a leading quote.
public enum CSVField {
    /// Escapes one field.
    public static func escape(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first), Double(value) == nil { value = "'" + value }
        return quoted(value)
    }

    /// One field as RFC 4180 writes it, and nothing more: in quotes, its quotes doubled, when it holds a comma, quote
    /// or line break.
    public static func quoted(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
