import AtalayaDomain
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import Foundation
import Hummingbird

// MARK: - The pages: region, country, program, signals, imports, search

/// A part of a page: HTML, or a table that also downloads as CSV.
enum PageSection: Sendable {
    case html(String)
    case table(DataTable)
}

extension AtalayaWeb {
    func registerPages(_ router: Router<Context>) {
        route(router, "/") { request, _ in
            // A partner's server opens on its country's page: the region is not its to show.
            try await self.page(request) { page in
                if let partner = self.scope.country { return try await self.country(partner, page) }
                return try await self.overview(page)
            }
        }
        // A path cut back by hand leads to the page that lists what it held: countries on the region page,
        // programs on the search page, the API to its description (a language asked for goes along).
        for (path, target) in [
            ("/countries", "/"), ("/programs", "/search"), ("/api", "/api/v1/openapi.yaml"),
            ("/api/v1", "/api/v1/openapi.yaml"),
        ] {
            router.get(RouterPath(path)) { request, _ -> Response in
                let language = request.uri.queryParameters["lang"].flatMap { ReportLanguage(rawValue: String($0)) }
                let query = target.hasPrefix("/api") ? "" : language.map { "?lang=\($0.rawValue)" } ?? ""
                return Response(status: .seeOther, headers: [.location: target + query, .cacheControl: "no-store"])
            }
        }
        route(router, "/countries/{code}") { request, context in
            let code = try QueryItems.recipientCode(try Self.segment(context, "code"), parameter: "code")
            _ = try self.scope.countries([code], parameter: "code")
            return try await self.page(request) { try await self.country(code, $0) }
        }
        // The brief alone, as one printable page (its own stylesheet, served; the CSP allows no inline style).
        route(router, "/countries/{code}/brief") { request, context in
            let code = try QueryItems.recipientCode(try Self.segment(context, "code"), parameter: "code")
            _ = try self.scope.countries([code], parameter: "code")
            return try await self.printableBrief(code, request)
        }
        // The monitoring periods due, as a file to fill in and import back (`atalaya report due`).
        route(router, "/countries/{code}/due.csv", accepting: ["asOf"]) { request, context in
            let code = try QueryItems.recipientCode(try Self.segment(context, "code"), parameter: "code")
            _ = try self.scope.countries([code], parameter: "code")
            return try await self.dueFile(code, request)
        }
        route(router, "/programs/{identifier}") { request, context in
            let identifier = try Self.segment(context, "identifier")
            return try await self.page(request) { try await self.program(identifier, $0) }
        }
        route(router, "/signals") { request, _ in try await self.page(request) { try await self.signals($0) } }
        route(router, "/results") { request, _ in try await self.page(request) { try await self.results($0) } }
        route(router, "/results/due.csv", accepting: ["asOf"]) { request, _ in try await self.dueFile(nil, request) }
        route(router, "/imports") { request, _ in
            try self.scope.requireWhole("the import history")
            return try await self.page(request) { try await self.imports($0) }
        }
        route(router, "/imports/{run}") { request, context in
            let run = try Self.runNumber(try Self.segment(context, "run"))
            try self.scope.requireWhole("an import run's warnings")
            return try await self.page(request) { try await self.importRun(run, $0) }
        }
        route(router, "/search") { request, _ in try await self.page(request) { try await self.search($0) } }
        route(router, "/crosswalk") { request, _ in try await self.page(request) { try await self.crosswalkPage($0) } }
    }

    /// What a page handler gets: the path, the query and the language.
    struct PageRequest: Sendable {
        var path: String
        var query: QueryItems
        var language: ReportLanguage
        /// The server's partner scope.
        var scope: PartnerScope
        /// Whether links carry the language (`QueryItems.carriesLanguage`).
        var carriesLanguage: Bool { query.carriesLanguage(language) }
        /// A link inside the site that keeps the language.
        func link(_ path: String) -> String {
            carriesLanguage ? path + (path.contains("?") ? "&" : "?") + "lang=\(language.rawValue)" : path
        }
        /// The hidden field that keeps the language in a form's query, or nothing.
        var languageField: String {
            carriesLanguage ? "<input type=\"hidden\" name=\"lang\" value=\"\(language.rawValue)\">" : ""
        }
        /// The link to an import run's page; none on a partner's server, which does not show the import history.
        func runLink(_ run: Int64) -> String? {
            scope.country == nil ? link("/imports/\(run)") : nil
        }
    }

    /// Renders a page handler's sections as HTML, or one of its tables as CSV (`format=csv&table=ID`).
    func page(
        _ request: Request, _ build: (PageRequest) async throws -> (title: String, sections: [PageSection])
    ) async throws -> Reply {
        let query = try QueryItems(request.uri.query)
        let language = try LanguageNegotiation.page(
            query, acceptLanguage: request.headers[.acceptLanguage], fallback: settings.defaultLanguage)
        let format = query.string("format") ?? "html"
        guard format == "html" || format == "csv" else {
            throw Problem.badParameter("format", "format must be html or csv; got \"\(format)\"")
        }
        let (title, sections) = try await build(
            PageRequest(path: request.uri.path, query: query, language: language, scope: scope))
        let tables = sections.compactMap { if case .table(let table) = $0 { table } else { nil } }
        if format == "csv" {
            let wanted = query.string("table") ?? tables.first?.id
            guard let table = tables.first(where: { $0.id == wanted }) else {
                throw Problem.badParameter(
                    "table",
                    "this page's tables are \(tables.map(\.id).joined(separator: ", ")); got \"\(wanted ?? "")\"")
            }
            return Self.csv(table)
        }
        let body = sections.map { section in
            switch section {
            case .html(let html): html
            case .table(let table): table.html(path: request.uri.path, query: query, language: language)
            }
        }.joined(separator: "\n")
        return Self.html(
            Page(
                title: title, language: language, path: request.uri.path, query: query, body: body,
                partner: scope.country))
    }

    // MARK: Region overview

    func overview(_ request: PageRequest) async throws -> (title: String, sections: [PageSection]) {
        let l = request.language
        var query = try Self.portfolioQuery(request.query)
        query.groupBy = .pillar
        query.scope = .security
        let figures = try await figures(query)
        let report = PortfolioReport(query: query, figures: figures, ratesSource: ratesSource)
        var byCountry: [String: [Pillar: Cents]] = [:]
        var byYear: [Int: [Pillar: Cents]] = [:]
        // The runs each country's and each year's figures sum, for their CSV rows.
        var countryRuns: [String: Set<Int64>] = [:]
        var yearRuns: [Int: Set<Int64>] = [:]
        for cell in figures.cells {
            guard let pillar = cell.pillar else { continue }
            byCountry[cell.country, default: [:]][pillar, default: 0] += cell.usdCents
            countryRuns[cell.country, default: []].formUnion(cell.runs)
            if let year = cell.year {
                byYear[year, default: [:]][pillar, default: 0] += cell.usdCents
                yearRuns[year, default: []].formUnion(cell.runs)
            }
        }
        let withheld = report.sharesWithheld
        let mixes = byCountry.mapValues(PortfolioMix.init)
        let shares = mixes.filter { Countries.iso2.contains($0.key) }
            .mapValues { withheld == nil ? $0.beyondInterdictionShare : nil }
        let source = query.source.rawValue
        let sourceName = l.sourceName(query.source)
        let map = RegionMap(shares: shares, language: l) { code in request.link("/countries/\(code)?source=\(source)") }
        let years = byYear.keys.sorted()
        // The years from the one holding the oldest file's vintage on are not whole yet: marked as the brief marks them.
        let partial = report.partialFrom
        let measure = l.measure(query.measure)
        var intro = "<h1>" + l.pick("The region at a glance", "La región de un vistazo") + "</h1>"
        intro +=
            "<p class=\"lede\">"
            + HTML.escape(
                l.pick(
                    "Security cooperation \(measure) from \(sourceName), U.S. dollars (\(query.constantDollars ? "constant" : "current")), U.S. fiscal years.",
                    "\(measure.capitalized) de cooperación en seguridad según \(sourceName), dólares de EE. UU. (\(query.constantDollars ? "constantes" : "corrientes")), años fiscales de EE. UU."
                ))
            + "</p>"
        intro += filterForm(request, query)
        var sections: [PageSection] = [.html(intro)]
        sections.append(
            .html(
                "<section aria-labelledby=\"map-h\"><h2 id=\"map-h\">"
                    + l.pick("Beyond interdiction, by country", "Más allá de la interdicción, por país") + "</h2>"
                    + (withheld == nil ? "" : greenbookSharesNote(request))
                    + coverageNotes(figures.coverage, request) + map.svg() + "</section>"))
        sections.append(
            .html(
                "<section aria-labelledby=\"bars-h\"><h2 id=\"bars-h\">"
                    + l.pick("Pillars by fiscal year (USD millions)", "Pilares por año fiscal (millones de USD)")
                    + "</h2>"
                    + (years.isEmpty
                        ? "<p>" + l.pick("No money for these filters.", "Sin montos para estos filtros.") + "</p>"
                            + (try await otherMeasures(query, request))
                        : PillarBarChart(
                            columns: years.map { year in
                                (
                                    label: l.fiscalYear(year, short: true) + (year >= partial?.year ?? .max ? "*" : ""),
                                    byPillar: byYear[year] ?? [:]
                                )
                            },
                            title: l.pick(
                                "Region: in-scope money by pillar and fiscal year, USD millions",
                                "Región: montos por pilar y año fiscal, millones de USD"), language: l
                        ).svg()
                            + (partial.map { Self.partialYearNote($0, runs: report.figures.sources, request) } ?? ""))
                    + "</section>"))
        if withheld == nil,
            let trend = shareTrend(
                byYear, of: l.pick("Region", "Región"), measure: query.measure, source: query.source,
                partialFrom: partial?.year, request)
        {
            sections.append(.html(trend))
        }
        let countryRows: [[DataTable.Cell]] = l.byName(mixes.keys).map { code in
            let mix = mixes[code]!
            let total = (byCountry[code] ?? [:]).values.reduce(0, +)
            return [
                DataTable.Cell(
                    l.countryName(code), link: request.link("/countries/\(code)?source=\(source)")),
                DataTable.Cell(code), DataTable.Cell.money(total),
            ]
                // Shares as fractions in the CSV, as in the years' table; empty where withheld.
                + [mix.beyondInterdictionShare, mix.institutionBuildingShare].map { share in
                    withheld == nil
                        ? DataTable.Cell.shown(share.map { String(format: "%.4f", $0) } ?? "", as: l.percent(share))
                        : DataTable.Cell.shown("", as: l.pick("withheld", "omitido"))
                }
        }
        sections.append(
            .table(
                DataTable(
                    id: "countries",
                    caption: l.pick("Countries and regional lines", "Países y líneas regionales")
                        + " — \(measure), USD",
                    columns: [
                        l.pick("Recipient", "Receptor"), l.pick("Code", "Código"), "USD",
                        l.pick("Beyond interdiction", "Más allá de la interdicción"),
                        l.pick("Institution building", "Fortalecimiento institucional"),
                    ], numeric: [2, 3, 4], rows: countryRows, context: Self.moneyContext(query, runs: figures.sources),
                    rowRuns: l.byName(mixes.keys).map { (countryRuns[$0] ?? []).sorted() }))
        )
        if let capacity = try await capacityTable(
            countries: l.byName(mixes.keys.filter(Countries.iso2.contains)), through: query.toYear, source: source,
            request)
        {
            sections.append(.table(capacity))
        }
        let pillars = Pillar.allCases.filter { pillar in byYear.values.contains { $0[pillar] != nil } }
        sections.append(
            .table(
                DataTable(
                    id: "years",
                    caption: l.pick("Pillars by fiscal year", "Pilares por año fiscal") + " — \(measure), USD"
                        + (withheld == nil
                            ? l.pick(
                                "; each year's shares are of that year's classified security cooperation",
                                "; las proporciones de cada año son de la cooperación en seguridad clasificada de ese año"
                            )
                            : ""),
                    // Each year's total beside its pillars, as on a country's page.
                    columns: [l.pick("Fiscal year", "Año fiscal")] + pillars.map(l.label) + ["Total"]
                        + (withheld == nil
                            ? [
                                l.pick("Beyond interdiction", "Más allá de la interdicción"),
                                l.pick("Institution building", "Fortalecimiento institucional"),
                            ] : []),
                    numeric: Set(1...pillars.count + 1 + (withheld == nil ? 2 : 0)),
                    rows: years.map { year in
                        let mix = PortfolioMix(byPillar: byYear[year] ?? [:])
                        return [Self.fiscalYearCell(year, partialFrom: partial?.year, l)]
                            + pillars.map { DataTable.Cell.money(byYear[year]?[$0] ?? 0) }
                            + [DataTable.Cell.money(byYear[year]?.values.reduce(0, +) ?? 0)]
                            + (withheld == nil
                                ? [mix.beyondInterdictionShare, mix.institutionBuildingShare].map { share in
                                    DataTable.Cell.shown(
                                        share.map { String(format: "%.4f", $0) } ?? "", as: l.percent(share))
                                } : [])
                    }, context: Self.moneyContext(query, runs: figures.sources),
                    rowRuns: years.map { (yearRuns[$0] ?? []).sorted() })))
        // The search lists IATI activities of every publisher, over every year: offered where the view is that source
        // and not one publisher's.
        if query.source == .iati, query.publishers.isEmpty, !pillars.isEmpty {
            sections.append(
                .html(pillarPrograms(pillars, country: query.countries.count == 1 ? query.countries[0] : nil, request)))
        }
        // By U.S. fiscal year only: the view's years are fiscal years.
        if Self.showsDonors(source: query.source, measure: query.measure, constant: query.constantDollars),
            query.basis == .usFederal
        {
            if let donors = try await donorTable(
                countries: query.countries, from: query.fromYear, to: query.toYear, source: query.source,
                measure: query.measure, request)
            {
                sections.append(.table(donors))
            }
        }
        if let budget = try await regionBudgetTable(request) { sections.append(.table(budget)) }
        sections.append(.html(sourcesFooter(figures, language: l)))
        return (l.pick("Region", "Región"), sections)
    }

    /// A fiscal year's row label: `FY2025 (partial)` on the page from `partialFrom` on, as the charts mark it with a
    /// star; the CSV keeps `FY2025`.
    static func fiscalYearCell(_ year: Int, partialFrom: Int?, _ l: ReportLanguage) -> DataTable.Cell {
        year >= partialFrom ?? .max
            ? DataTable.Cell.shown(l.fiscalYear(year), as: l.fiscalYear(year) + l.pick(" (partial)", " (parcial)"))
            : DataTable.Cell(l.fiscalYear(year))
    }

    /// The note under a chart from `runs` whose last years are partial: the data's vintage, or the oldest of its files',
    /// and the fiscal year it falls in (as the brief says it).
    static func partialYearNote(
        _ partial: (year: Int, vintage: String), runs: [ImportRun], _ request: PageRequest
    ) -> String {
        let l = request.language
        return "<p class=\"note\">"
            + HTML.escape(
                PortfolioReport.partialYearNote(partial, yearText: l.fiscalYear(partial.year), runs: runs, language: l))
            + "</p>"
    }

    /// Is the mix moving beyond interdiction? Each year's beyond-interdiction and institution-building shares of
    /// that year's classified money in `measure` from `source`, as lines, titled with `place` (the region or a
    /// country), the measure, the source and the basis, years from
    /// `partialFrom` on marked partial (`FY25*`, as the brief marks them); nil with fewer than two years that have
    /// shares.
    func shareTrend(
        _ byYear: [Int: [Pillar: Cents]], of place: String, measure: Measure, source: PortfolioQuery.Source,
        partialFrom: Int? = nil, _ request: PageRequest
    ) -> String? {
        let l = request.language
        let mixes = byYear.mapValues(PortfolioMix.init).filter { $0.value.beyondInterdictionShare != nil }
        guard mixes.count > 1 else { return nil }
        let names = [
            l.pick("Beyond interdiction", "Más allá de la interdicción"),
            l.pick("Institution building", "Fortalecimiento institucional"),
        ]
        let lines = names.enumerated().map { index, name in
            (
                label: name,
                points: mixes.keys.sorted().compactMap { year -> LineChart.Point? in
                    let mix = mixes[year]!
                    guard let share = index == 0 ? mix.beyondInterdictionShare : mix.institutionBuildingShare else {
                        return nil
                    }
                    return LineChart.Point(
                        year: year, value: share,
                        tooltip: l.fiscalYear(year)
                            + (year >= partialFrom ?? .max ? l.pick(" (partial)", " (parcial)") : "")
                            + " \(name): \(l.percent(share)) "
                            + l.pick("of USD ", "de USD ") + DecimalText.formatWhole(mix.classifiedTotal)
                            + l.pick(" classified", " clasificados"))
                }
            )
        }
        let shares = lines.flatMap { $0.points.map(\.value) }
        let range = (low: min(0, shares.min() ?? 0), high: max(1, shares.max() ?? 1))
        let chart = LineChart(
            lines: lines,
            title: place
                + l.pick(
                    ": beyond-interdiction and institution-building shares by fiscal year",
                    ": proporciones más allá de la interdicción y de fortalecimiento institucional por año fiscal")
                + " — \(l.measure(measure)), USD, \(l.sourceLabel(source)), "
                + l.pick("U.S. fiscal years", "años fiscales de EE. UU."),
            id: "trend-chart", range: range, axis: (low: l.percent(range.low), high: l.percent(range.high)),
            yearLabel: { l.fiscalYear($0, short: true) + ($0 >= partialFrom ?? .max ? "*" : "") }, breaksAtGaps: true)
        guard let svg = chart.svg() else { return nil }
        let gap =
            chart.breaksLines
            ? l.pick(
                " A year with no classified money (or with less than none) has no share: the lines break there.",
                " Un año sin montos clasificados (o con menos de cero) no tiene proporción: las líneas se "
                    + "interrumpen allí.") : ""
        return "<section aria-labelledby=\"trend-h\"><h2 id=\"trend-h\">"
            + l.pick("Beyond interdiction, year by year", "Más allá de la interdicción, año por año") + "</h2>"
            + "<p class=\"note\">"
            + HTML.escape(
                l.pick(
                    "Each year's share of that year's classified security cooperation; each point's tooltip gives "
                        + "its denominator.",
                    "La proporción de cada año sobre la cooperación en seguridad clasificada de ese año; la "
                        + "descripción de cada punto da su denominador.") + gap) + "</p>"
            + svg + "</section>"
    }

    /// Why the Greenbook's map has no shares, in the page's words: the command line's hint (`--source fa`)
    /// becomes links to the same page from the sources that name sectors.
    func greenbookSharesNote(_ request: PageRequest) -> String {
        let l = request.language
        return "<p class=\"note\">"
            + HTML.escape(
                l.pick(
                    "The Greenbook names accounts, not sectors, so only military and counter-drug money can be placed "
                        + "on a pillar and a share would overstate interdiction. For the mix, see",
                    "El Greenbook nombra cuentas, no sectores: solo los fondos militares y antidrogas pueden ubicarse "
                        + "en un pilar, y una proporción exageraría la interdicción. Para la composición, vea"))
            + " <a href=\"\(HTML.escape(request.link("/?source=fa")))\">ForeignAssistance.gov</a> "
            + l.pick("or", "o") + " <a href=\"\(HTML.escape(request.link("/?source=iati")))\">IATI</a>.</p>"
    }

    /// Links to the programs behind each pillar (the search page on that pillar, largest first by their money on
    /// it, over every fiscal year held), for `country` alone when given: where a reader goes from a pillar's figure.
    func pillarPrograms(_ pillars: [Pillar], country: String?, _ request: PageRequest) -> String {
        let l = request.language
        let links = pillars.filter { $0 != .outOfScope }.map { pillar in
            let path = "/search?pillar=\(pillar.rawValue)" + (country.map { "&country=\($0)" } ?? "")
            return "<a href=\"\(HTML.escape(request.link(path)))\">\(HTML.escape(l.label(pillar)))</a>"
        }
        return "<p class=\"note\">"
            + HTML.escape(
                l.pick(
                    "The programs behind each pillar, largest first by their money on it (every fiscal year held):",
                    "Los programas de cada pilar, de mayor a menor por sus montos en él (todos los años fiscales):"))
            + " " + links.joined(separator: " · ") + "</p>"
    }

    /// A labelled `<select>` of a filter form, `selected` chosen (values are fixed codes; labels are escaped).
    static func select(
        _ name: String, _ label: String, _ options: [(value: String, shown: String)], _ selected: String
    ) -> String {
        "<div class=\"field\"><label for=\"f-\(name)\">\(HTML.escape(label))</label>"
            + "<select id=\"f-\(name)\" name=\"\(name)\">"
            + options.map {
                "<option value=\"\(HTML.escape($0.value))\"\($0.value == selected ? " selected" : "")>\(HTML.escape($0.shown))</option>"
            }.joined() + "</select></div>"
    }

    /// The filter form of the overview: source, measure, years, publisher.
    func filterForm(_ request: PageRequest, _ query: PortfolioQuery) -> String {
        let l = request.language
        let select = Self.select
        func number(_ name: String, _ label: String, _ value: Int?) -> String {
            "<div class=\"field\"><label for=\"f-\(name)\">\(HTML.escape(label))</label><input id=\"f-\(name)\" "
                + "name=\"\(name)\" type=\"number\" min=\"1946\" max=\"2100\" inputmode=\"numeric\" "
                + "value=\"\(value.map(String.init) ?? "")\"></div>"
        }
        var form = "<form class=\"filters\" method=\"get\" action=\"/\">"
        form += select(
            "source", l.pick("Source", "Fuente"),
            PortfolioQuery.Source.allCases.map { ($0.rawValue, l.sourceLabel($0)) },
            query.source.rawValue)
        form += select(
            "measure", l.pick("Measure", "Medida"), Measure.allCases.map { ($0.rawValue, l.measure($0)) },
            query.measure.rawValue)
        form += number("from", l.pick("From FY", "Desde AF"), query.fromYear)
        form += number("to", l.pick("To FY", "Hasta AF"), query.toYear)
        form += "<div class=\"field\"><label for=\"f-publisher\">" + l.pick("Publisher", "Publicador") + "</label>"
        form +=
            "<input id=\"f-publisher\" name=\"publisher\" maxlength=\"100\" value=\"\(HTML.escape(query.publishers.joined(separator: ",")))\"></div>"
        form += request.languageField
        form += "<button type=\"submit\">" + l.pick("Apply", "Aplicar") + "</button></form>"
        return form
    }

    /// What a source covers and leaves out, read before its shares: with IATI alone every partner's map tile says
    /// "80–100 % beyond interdiction", because USAID's files hold no military money. The command line's hint
    /// (`the Greenbook (--source greenbook)`) becomes a link to this page from the Greenbook.
    func coverageNotes(_ notes: [String], _ request: PageRequest) -> String {
        guard !notes.isEmpty else { return "" }
        let greenbook = request.link(
            request.path
                + request.query.setting("lang", nil).setting("measure", nil).setting("source", "greenbook")
                .encoded)
        return "<ul class=\"note\">"
            + notes.map {
                "<li>"
                    + CountryBriefRenderer.linkingGreenbook(
                        HTML.escape(request.language.sentence($0)), href: greenbook, language: request.language)
                    + "</li>"
            }.joined() + "</ul>"
    }

    /// "Source: IATI · ForeignAssistance.gov · Greenbook", the current one in bold and the others linked to `path(source)`.
    static func sourceSwitch(
        _ current: PortfolioQuery.Source, _ request: PageRequest, path: (PortfolioQuery.Source) -> String
    ) -> String {
        "<p class=\"switch\">" + request.language.pick("Source:", "Fuente:") + " "
            + PortfolioQuery.Source.allCases.map { other in
                other == current
                    ? "<strong>\(request.language.sourceLabel(other))</strong>"
                    : "<a href=\"\(HTML.escape(request.link(path(other))))\">\(request.language.sourceLabel(other))</a>"
            }.joined(separator: " · ") + "</p>"
    }

    /// The program page of an IATI identifier, as one path segment: identifiers hold `/` (USAID's
    /// `US-GOV-1-511-IL-0660.00/2012/086`), `#`, `:` and `$`, and a `/` left as it is would make two segments.
    static func programPath(_ identifier: String) -> String { "/programs/" + pathSegment(identifier) }

    /// `text` percent-encoded to stand as one path segment.
    static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Where the figures come from (what they cover is said above them, by `coverageNotes`).
    func sourcesFooter(_ figures: PortfolioFigures, language l: ReportLanguage) -> String {
        var out = "<section class=\"sources\" aria-labelledby=\"src-h\"><h2 id=\"src-h\">"
        out += l.pick("Sources", "Fuentes") + "</h2><ul>"
        for run in figures.sources {
            out +=
                "<li>"
                + HTML.escape(
                    "\(run.fileLabel) — \(run.publisher ?? "?"), " + l.pick("vintage", "versión")
                        + " \(run.vintage ?? "?"), sha256 \(run.sha256.prefix(12))…") + "</li>"
        }
        if let crosswalk = figures.crosswalk {
            out += "<li>" + l.pick("Crosswalk", "Tabla de correspondencias") + ": \(HTML.escape(crosswalk))</li>"
        }
        return out + "</ul></section>"
    }

    // MARK: Country

    /// A country's brief as the request asks it (source, measure, as-of date and language), and the sources that
    /// hold money for the country.
    func countryBrief(_ code: String, _ request: PageRequest) async throws -> (
        brief: CountryBrief, held: [PortfolioQuery.Source]
    ) {
        let (source, measure) = try Self.sourceAndMeasure(request.query)
        let asOf = try request.query.date("asOf") ?? settings.today()
        let builder = BriefBuilder(store: store, thresholds: settings.resultsThresholds)
        // A country known from a program office's monitoring data alone has a page of its results.
        guard let held = try await builder.sourcesHolding(country: code) else {
            throw Problem.notFound("no source holds money for \(code), and no monitoring data names it")
                .spanish("ninguna fuente tiene montos para \(code), y ningún dato de seguimiento lo nombra")
        }
        do {
            let brief = try await builder.brief(
                country: code, asOf: asOf, source: source, measure: measure, language: request.language)
            return (brief, held)
        } catch let error as LedgerQueryError {
            throw Problem.badParameter("measure", error.description)
        }
    }

    /// `/countries/{code}/brief`: the brief alone as one printable page, as `atalaya brief --format html` writes it,
    /// with its stylesheet served rather than inline and its programs linked to their pages; with `format=md`, the
    /// Markdown `atalaya brief` writes, to paste into a memo.
    func printableBrief(_ code: String, _ request: Request) async throws -> Reply {
        let query = try QueryItems(request.uri.query)
        let language = try LanguageNegotiation.page(
            query, acceptLanguage: request.headers[.acceptLanguage], fallback: settings.defaultLanguage)
        let format = query.string("format") ?? "html"
        guard format == "html" || format == "md" else {
            throw Problem.badParameter("format", "format must be html or md; got \"\(format)\"")
        }
        let page = PageRequest(path: request.uri.path, query: query, language: language, scope: scope)
        let brief = try await countryBrief(code, page).brief
        if format == "md" {
            var reply = Self.response(
                CountryBriefRenderer(brief: brief, language: language).markdown(),
                contentType: "text/markdown; charset=utf-8")
            reply.headers[.contentDisposition] = "attachment; filename=\"atalaya-brief-\(code).md\""
            reply.headers[.vary] = "Accept-Language"
            return reply
        }
        let back = page.link("/countries/\(code)?source=\(brief.source.rawValue)")
        let html = CountryBriefRenderer(brief: brief, language: language).html(
            stylesheetLink: "/assets/brief.css",
            lead: "<a href=\"\(HTML.escape(back))\">" + language.pick("← The country's page", "← La página del país")
                + "</a>",
            programLink: { page.link(Self.programPath($0)) },
            greenbookLink: page.link("/countries/\(code)/brief?source=greenbook"))
        var reply = Self.response(html, contentType: "text/html; charset=utf-8")
        reply.headers[.vary] = "Accept-Language"
        return reply
    }

    func country(_ code: String, _ request: PageRequest) async throws -> (title: String, sections: [PageSection]) {
        let l = request.language
        let (source, measure) = try Self.sourceAndMeasure(request.query)
        let asOf = try request.query.date("asOf") ?? settings.today()
        let (brief, held) = try await countryBrief(code, request)
        let renderer = CountryBriefRenderer(brief: brief, language: l)
        let printable =
            "/countries/\(code)/brief?source=\(source.rawValue)"
            + (request.query.string("measure").map { "&measure=\($0)" } ?? "")
            + (request.query.string("asOf").map { "&asOf=\($0)" } ?? "")
        let sources =
            Self.sourceSwitch(source, request) { "/countries/\(code)?source=\($0.rawValue)" }
            + "<p class=\"print\"><a href=\"\(HTML.escape(request.link(printable)))\">"
            + l.pick("The brief alone, to print (one page)", "La nota sola, para imprimir (una página)") + "</a> · "
            + "<a href=\"\(HTML.escape(request.link(printable + "&format=md")))\">Markdown</a></p>"
        let body = renderer.htmlBody(
            programLink: { request.link(Self.programPath($0)) },
            greenbookLink: request.link("/countries/\(code)?source=greenbook"))
        // Over the years a brief may show (any to the as-of date's): it shows another measure's last years with money.
        let elsewhere =
            brief.mix.isEmpty
            ? try await otherMeasures(
                PortfolioQuery(
                    measure: measure, countries: [code], toYear: FiscalYearBasis.usFederal.year(of: asOf),
                    source: source), request)
                + otherSources(code, held.filter { $0 != source }, besides: source, request)
            : ""
        var sections: [PageSection] = [
            .html(sources + elsewhere + "<article class=\"brief\">" + body + "</article>")
        ]
        // Where the page's source holds no in-scope money for the country (the brief and the hint say so), a table
        // with nothing to show is left out; the country's context and any results of its own still show.
        let nothingHeld = brief.mix.isEmpty
        func append(_ table: DataTable) {
            if !(nothingHeld && table.rows.isEmpty) { sections.append(.table(table)) }
        }
        let pillars = Pillar.allCases.filter { pillar in brief.mix.contains { $0.byPillar[pillar] != nil } }
        append(
            DataTable(
                id: "mix",
                caption: l.pick("Money by pillar and fiscal year", "Montos por pilar y año fiscal")
                    + " — \(l.measure(measure)), USD, \(l.sourceLabel(source))",
                // Each year's total beside its pillars: the in-scope money of that year, one measure.
                columns: [l.pick("Fiscal year", "Año fiscal")] + pillars.map(l.label) + ["Total"],
                numeric: Set(1...pillars.count + 1),
                rows: brief.mix.map { year in
                    [Self.fiscalYearCell(year.year, partialFrom: brief.partialFrom?.year, l)]
                        + pillars.map { DataTable.Cell.money(year.byPillar[$0] ?? 0) }
                        + [DataTable.Cell.money(year.byPillar.values.reduce(0, +))]
                },
                context: Self.moneyContext(
                    source: source, measure: measure.rawValue, scope: .security, runs: brief.sources),
                rowRuns: brief.mix.map { brief.runsByYear[$0.year] ?? [] }))
        if source == .iati, !pillars.isEmpty { sections.append(.html(pillarPrograms(pillars, country: code, request))) }
        if brief.sharesWithheld == nil,
            let trend = shareTrend(
                Dictionary(brief.mix.map { ($0.year, $0.byPillar) }, uniquingKeysWith: { first, _ in first }),
                of: l.countryName(code), measure: measure, source: source, partialFrom: brief.partialFrom?.year,
                request)
        {
            sections.append(.html(trend))
        }
        sections += try await capacityOverTime(code, through: FiscalYearBasis.usFederal.year(of: asOf), request)
        if Self.showsDonors(source: source, measure: measure, constant: false),
            let donors = try await donorTable(
                countries: [code], from: nil, to: nil, source: source, measure: measure, unlessNobodyPays: nothingHeld,
                request)
        {
            sections.append(.table(donors))
        }
        if source == .iati, let ownership = brief.ownership, !ownership.localImplementers.isEmpty {
            sections.append(.table(localImplementersTable(ownership, runs: brief.sources, l)))
        }
        // The largest first, so that a country with more programs than the page shows its largest ones.
        let programs =
            source == .iati
            ? try await store.activities(
                ActivityQuery(country: code, largestFirst: true, limit: 200, titleLanguage: l.rawValue)) : nil
        if let programs,
            let pipeline = agedPipelineTable(brief, titles: programs, request)
        {
            sections.append(.table(pipeline))
        }
        if let budget = try await budgetTable(code, request) { sections.append(.table(budget)) }
        if source == .fa, let official = OfficialMeasure(rawValue: measure.rawValue) {
            let coverage = try await store.detailCoverage(country: code, measure: official)
            if coverage.years.contains(where: { $0.totalCents != nil && $0.detailCents != nil }) {
                sections.append(.table(coverageTable(coverage, request)))
            }
        }
        if source == .iati {
            append(try await resultsTable(code, asOf: asOf, request))
            append(try await unreportedTable(code, asOf: asOf, request))
            if let due = try await dueLink(code, asOf: asOf, request) { sections.append(.html(due)) }
        }
        if let programs {
            append(
                activityTable(
                    programs, request,
                    caption: l.pick("IATI programs, largest first", "Programas IATI, de mayor a menor"),
                    recipient: code))
            // More programs than the table holds: the search page lists them all, a page at a time, in this order.
            if programs.total > programs.items.count {
                let all = request.link("/search?country=\(code)")
                sections.append(
                    .html(
                        "<p class=\"note\"><a href=\"\(HTML.escape(all))\">"
                            + HTML.escape(
                                l.pick(
                                    "All \(programs.total) programs, a page at a time",
                                    "Los \(programs.total) programas, una página a la vez")) + "</a></p>"))
            }
        }
        return (renderer.pageTitle, sections)
    }

    /// The partner-country bodies the local-ownership share counts, largest first, each with its type as published
    /// and the evidence that placed it in the country: the share's numerator, traceable.
    func localImplementersTable(_ ownership: OwnershipShares, runs: [ImportRun], _ l: ReportLanguage) -> DataTable {
        func evidence(_ kind: LocalEvidence) -> String {
            switch kind {
            case .partnerCountryType:
                l.pick("typed as a partner-country body (24 or 72)", "tipo de entidad del país socio (24 o 72)")
            case .identifier: l.pick("identifier in the country's register", "identificador del registro del país")
            case .name: l.pick("its name names the country or its people", "su nombre nombra al país o a su gente")
            case .legalForm: l.pick("a legal form registered in the country", "forma jurídica registrada en el país")
            }
        }
        return DataTable(
            id: "local",
            caption: l.pick(
                "Partner-country implementers behind the local-ownership share — IATI in-scope disbursements, USD, "
                    + "every U.S. fiscal year held, each program's split equally among its implementers",
                "Ejecutores del país socio detrás de la apropiación local — desembolsos IATI en el ámbito, USD, "
                    + "todos los años fiscales de EE. UU., cada programa repartido por igual entre sus ejecutores"),
            columns: [
                l.pick("Implementer", "Ejecutor"), l.pick("Type as published", "Tipo publicado"),
                l.pick("Evidence", "Evidencia"), l.pick("Disbursed, USD", "Desembolsado, USD"),
            ],
            numeric: [3],
            rows: ownership.localImplementers.map { body in
                let type = body.type.map { code in
                    DataTable.Cell.shown(
                        code, as: organisationTypes.name(code, in: l).map { "\($0) (\(code))" } ?? code)
                }
                return [
                    DataTable.Cell(body.name), type ?? "–",
                    .shown(body.evidence.rawValue, as: evidence(body.evidence)), .money(body.cents),
                ]
            },
            context: Self.moneyContext(source: .iati, measure: "disbursement", scope: .security, runs: runs),
            // Each body's money comes from the files of the programs it implements.
            rowRuns: ownership.localImplementers.map(\.runs))
    }

    /// The columns a money table's CSV adds to every row: its source, measure, currency, dollars, fiscal-year basis
    /// and scope (as `report portfolio --format csv` names them) and the import runs behind its figures (each run's
    /// file, SHA-256 and vintage on `/imports/{id}`).
    static func moneyContext(_ query: PortfolioQuery, runs: [ImportRun]) -> [(name: String, value: String)] {
        moneyContext(
            source: query.source, measure: query.measure.rawValue, constant: query.constantDollars, basis: query.basis,
            scope: query.scope, runs: runs)
    }

    /// The same columns for a table that is not one portfolio query's: without `source` when each row names its own
    /// (who pays), without `scope` when the figures have none (a country's totals).
    static func moneyContext(
        source: PortfolioQuery.Source?, measure: String, constant: Bool = false, basis: FiscalYearBasis = .usFederal,
        scope: PortfolioQuery.Scope?, runs: [ImportRun]
    ) -> [(name: String, value: String)] {
        var columns: [(name: String, value: String)] = []
        if let source { columns.append(("source", source.rawValue)) }
        columns.append(("measure", measure))
        columns.append(("currency", "USD"))
        columns.append(("dollars", constant ? "constant" : "current"))
        columns.append(("fiscal_year_basis", basis.rawValue))
        if let scope { columns.append(("scope", scope.rawValue)) }
        columns.append(("runs", runs.map { String($0.id) }.joined(separator: " ")))
        return columns
    }

    /// For a view with no in-scope money in its measure: the source's other measures that hold some for the same
    /// filters, each a link to the view in that measure (ForeignAssistance.gov's exports may hold obligations only);
    /// empty when none does.
    func otherMeasures(_ query: PortfolioQuery, _ request: PageRequest) async throws -> String {
        let l = request.language
        var held: [Measure] = []
        for measure in Measure.allCases where measure != query.measure {
            var other = query
            other.measure = measure
            // Only the measures the source has (IATI has no obligations; the Greenbook has nothing else).
            guard query.source == .iati ? (try? other.checkIATI()) != nil : (try? other.officialDataset()) != nil
            else { continue }
            if try await !store.portfolio(other).cells.isEmpty { held.append(measure) }
        }
        guard !held.isEmpty else { return "" }
        let links = held.map { measure in
            let href = request.link(
                request.path + request.query.setting("lang", nil).setting("measure", measure.rawValue).encoded)
            return "<a href=\"\(HTML.escape(href))\">\(HTML.escape(l.measure(measure)))</a>"
        }
        let source = HTML.escape(l.sourceName(query.source))
        return "<p class=\"hint\">"
            + l.pick(
                "No in-scope \(l.measure(query.measure)) here; \(source) holds ",
                "Sin \(l.measure(query.measure)) en el ámbito aquí; \(source) tiene ")
            + links.joined(separator: l.pick(" and ", " y ")) + l.pick(" for these filters.", " para estos filtros.")
            + "</p>"
    }

    /// For a country page whose source holds no in-scope money for it: the `others` sources that hold money for the
    /// country, each a link to its page in that source (the demo's IATI files have none for Colombia; the Greenbook
    /// does); empty when there are none.
    func otherSources(
        _ code: String, _ others: [PortfolioQuery.Source], besides source: PortfolioQuery.Source,
        _ request: PageRequest
    ) -> String {
        let l = request.language
        guard !others.isEmpty else { return "" }
        let links = others.map { other in
            "<a href=\"\(HTML.escape(request.link("/countries/\(code)?source=\(other.rawValue)")))\">"
                + HTML.escape(l.sourceName(other)) + "</a>"
        }
        let name = HTML.escape(l.countryName(code))
        return "<p class=\"hint\">"
            + l.pick(
                "No in-scope money for \(name) in \(HTML.escape(l.sourceName(source))); ",
                "Sin montos en el ámbito para \(name) en \(HTML.escape(l.sourceName(source))); ")
            + links.joined(separator: l.pick(" and ", " y "))
            + l.pick(
                others.count == 1 ? " holds money for it." : " hold money for it.",
                others.count == 1 ? " tiene montos para este país." : " tienen montos para este país.") + "</p>"
    }

    /// Whether a page with these figures shows who pays: from IATI, or from ForeignAssistance.gov's disbursements in
    /// current dollars (the one measure it shares with IATI).
    static func showsDonors(source: PortfolioQuery.Source, measure: Measure, constant: Bool) -> Bool {
        source == .iati || (source == .fa && measure == .disbursement && !constant)
    }

    /// Who pays: the U.S. Government (from the page's source) and each other donor with IATI files for `countries`
    /// (every recipient when empty), its money in the page's measure and years, and its shares (`report donors`);
    /// with `unlessNobodyPays`, nil when no donor has money there, converted or not.
    func donorTable(
        countries: [String], from: Int?, to: Int?, source: PortfolioQuery.Source, measure: Measure,
        unlessNobodyPays: Bool = false, _ request: PageRequest
    ) async throws -> DataTable? {
        let l = request.language
        let mix = try await DonorMixBuilder(store: store).donorMix(
            countries: countries, from: from, to: to, measure: measure, scope: .security, usSource: source)
        if unlessNobodyPays, mix.unconverted.isEmpty, mix.providers.allSatisfy({ $0.cells.isEmpty }) { return nil }
        let years =
            from == nil && to == nil
            ? l.pick("every U.S. fiscal year held", "todos los años fiscales de EE. UU.")
            : l.pick("U.S. fiscal years ", "años fiscales de EE. UU. ")
                + "\(from.map { l.fiscalYear($0) } ?? "…")–\(to.map { l.fiscalYear($0) } ?? "…")"
        let usPart =
            mix.usShare.map {
                l.pick(
                    "; the U.S. Government's part of all donors' classified money: \(l.percent($0.share))",
                    "; la parte del Gobierno de EE. UU. en lo clasificado de todos los donantes: \(l.percent($0.share))"
                )
            } ?? ""
        return DataTable(
            id: "donors",
            caption: l.pick(
                "Who pays: the U.S. Government (\(source == .fa ? "ForeignAssistance.gov" : "its IATI files")) and "
                    + "the other donors whose IATI files are imported — \(l.measure(measure)), current USD, "
                    + "\(years)\(usPart). A donor with no file imported is absent, not a donor that paid nothing.",
                "Quién paga: el Gobierno de EE. UU. (\(source == .fa ? "ForeignAssistance.gov" : "sus archivos IATI")) "
                    + "y los demás donantes con archivos IATI importados — \(l.measure(measure)), USD corrientes, "
                    + "\(years)\(usPart). Un donante sin archivo importado no aparece, lo que no significa que no "
                    + "haya pagado."),
            columns: [
                l.pick("Donor", "Donante"), "USD", l.pick("Beyond interdiction", "Más allá de la interdicción"),
                l.pick("Institution building", "Fortalecimiento institucional"), "source",
            ], numeric: [1, 2, 3],
            rows: mix.providers.map { provider in
                let shares = provider.mix
                return [
                    // The CSV keeps the name as the view gives it; the page gives the U.S. Government's in its language.
                    provider.id == DonorMix.usGovernment
                        ? DataTable.Cell.shown(provider.name, as: provider.name(in: l))
                        : DataTable.Cell("\(provider.name) (\(provider.id))"),
                    DataTable.Cell.money(provider.totalCents),
                    DataTable.Cell.shown(
                        shares.beyondInterdictionShare.map { String(format: "%.4f", $0) } ?? "",
                        as: l.percent(shares.beyondInterdictionShare)),
                    DataTable.Cell.shown(
                        shares.institutionBuildingShare.map { String(format: "%.4f", $0) } ?? "",
                        as: l.percent(shares.institutionBuildingShare)),
                    DataTable.Cell(provider.source.rawValue),
                ]
            }, csvOnly: [4],
            // Each row names its own source (the U.S. Government's from the page's, the others' IATI) and the runs
            // it sums: a donor with nothing in scope, the runs of its files, which its 0 comes from.
            context: Self.moneyContext(
                source: nil, measure: measure.rawValue, basis: mix.basis, scope: .security, runs: mix.sources),
            rowRuns: mix.providers.map { provider in
                let summed = Set(provider.cells.flatMap(\.runs))
                return
                    (summed.isEmpty
                    ? mix.sources.filter { $0.publisher == provider.id }.map(\.id) : Array(summed)).sorted()
            })
    }

    /// The country's ForeignAssistance.gov totals beside the imported detail, year by year, with what each counts.
    func coverageTable(_ coverage: DetailCoverage, _ request: PageRequest) -> DataTable {
        let l = request.language
        return DataTable(
            id: "coverage",
            caption: l.pick(
                "How much of the country totals the imported detail covers (\(coverage.measure.ledgerMeasure.map(l.measure) ?? coverage.measure.rawValue), "
                    + "current USD, U.S. fiscal years). ",
                "Cuánto de los totales del país cubren las filas detalladas importadas "
                    + "(\(coverage.measure.ledgerMeasure.map(l.measure) ?? coverage.measure.rawValue), USD corrientes, años fiscales de EE. UU.). "
            ) + coverage.notes(in: l).joined(separator: " "),
            columns: [
                l.pick("Fiscal year", "Año fiscal"), l.pick("Country total", "Total del país"),
                l.pick("Imported detail", "Detalle importado"), l.pick("Share", "Proporción"),
            ], numeric: [1, 2, 3],
            rows: coverage.years.map { year in
                [
                    DataTable.Cell(year.fiscalPeriod),
                    year.totalCents.map(DataTable.Cell.money)
                        ?? DataTable.Cell.shown("", as: l.pick("not imported", "no importado")),
                    year.detailCents.map(DataTable.Cell.money)
                        ?? DataTable.Cell.shown("", as: l.pick("none imported", "nada importado")),
                    DataTable.Cell.shown(
                        year.share.map { String(format: "%.4f", $0) } ?? "",
                        as: year.share.map { ShareText.percent($0, decimals: 1) } ?? "–"),
                ]
            },
            context: Self.moneyContext(
                source: .fa, measure: coverage.measure.rawValue, scope: nil, runs: coverage.sources),
            rowRuns: coverage.years.map(\.runs))
    }

    /// A page of programs: title, identifier, main pillar, in-scope money (to `recipient` when the list is one
    /// recipient's), then who it is for (unless the list is one recipient's, where every row would name it) and the
    /// fiscal years of its transactions; the caption gives the page's place in the list, which starts at `offset`.
    func activityTable(
        _ page: ActivityPage, _ request: PageRequest, caption: String, recipient: String? = nil, pillar: Pillar? = nil,
        offset: Int = 0
    ) -> DataTable {
        let l = request.language
        let showsRecipients = recipient == nil
        // What the two money columns sum: the caption says it, as every money table's does, an empty list's too. A
        // list on one pillar shows that pillar's money, what a largest-first list on it is ordered by.
        let scope = Self.moneyOn(pillar, in: l)
        let money =
            recipient.map {
                l.pick(
                    "\(scope) to \(l.countryName($0)), USD, every fiscal year held",
                    "\(scope) para \(l.countryName($0)), USD, todos los años fiscales")
            } ?? l.pick("\(scope), USD, every fiscal year held", "\(scope), USD, todos los años fiscales")
        return DataTable(
            id: "programs",
            caption: caption + " — " + money
                + DataTable.window(offset: offset, shown: page.items.count, of: page.total),
            columns: [
                l.pick("Title", "Título"), l.pick("IATI identifier", "Identificador IATI"),
                l.pick("Main pillar", "Pilar principal"), l.pick("Committed, USD", "Comprometido, USD"),
                l.pick("Disbursed, USD", "Desembolsado, USD"),
            ] + (showsRecipients ? [l.pick("Recipients", "Receptores")] : []) + [
                l.pick("Fiscal years", "Años fiscales")
            ], numeric: [3, 4],
            rows: page.items.map { item in
                let recipients =
                    showsRecipients
                    ? [
                        // The CSV keeps every recipient's key; the page names the first three.
                        DataTable.Cell.shown(
                            item.recipients.joined(separator: " "),
                            as: item.recipients.isEmpty ? "–" : l.recipientList(item.recipients))
                    ] : []
                return [
                    DataTable.Cell(
                        item.title.isEmpty ? item.identifier : item.title,
                        link: request.link(Self.programPath(item.identifier))),
                    DataTable.Cell(item.identifier), DataTable.Cell(item.mainPillar.map(l.label) ?? "–"),
                    DataTable.Cell.money(item.onPillar?.committedCents ?? item.committedCents),
                    DataTable.Cell.money(item.onPillar?.disbursedCents ?? item.disbursedCents),
                ] + recipients + [
                    DataTable.Cell.shown(
                        item.fiscalYears.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "",
                        as: item.fiscalYears.map(l.fiscalYears) ?? "–")
                ]
            },
            // What the money columns are (on one pillar alone, when the list is on one), and each program's own file.
            context: Self.moneyContext(
                source: .iati, measure: "commitment disbursement", scope: .security, runs: [])
                + (pillar.map { [(name: "pillar", value: $0.rawValue)] } ?? []),
            rowRuns: page.items.map { $0.run.map { [$0] } ?? [] })
    }

    /// The money a list of programs shows: `in-scope money`, `money on Justice and rule of law`, `out-of-scope money`.
    static func moneyOn(_ pillar: Pillar?, in l: ReportLanguage) -> String {
        switch pillar {
        case nil: l.pick("in-scope money", "montos en el ámbito")
        case .outOfScope: l.pick("out-of-scope money", "montos fuera del ámbito")
        case let pillar?: l.pick("money on \(l.label(pillar))", "montos en \(l.label(pillar))")
        }
    }

    // MARK: Signals, imports, search

    func signals(_ request: PageRequest) async throws -> (title: String, sections: [PageSection]) {
        let l = request.language
        let (source, measure) = try Self.sourceAndMeasure(request.query)
        let asOf = try request.query.date("asOf") ?? settings.today()
        var countries = scope.country.map { [$0] } ?? []
        if countries.isEmpty {
            countries = l.byName(try await SignalsBuilder(store: store).defaultCountries(source: source))
        }
        let board: [CountrySignals]
        do {
            board = try await SignalsBuilder(store: store, thresholds: settings.resultsThresholds).signals(
                countries: countries, asOf: asOf, source: source, measure: measure, language: l, checks: false)
        } catch let error as LedgerQueryError {
            throw Problem.badParameter("measure", error.description)
        }
        let kinds = Signal.Kind.allCases
        let names: [Signal.Kind: String] = [
            .engagement: l.pick("High-level engagement", "Contactos de alto nivel"),
            .justiceAntiCorruption: l.pick("Justice and anti-corruption money", "Fondos de justicia y anticorrupción"),
            .jointStrategies: l.pick(
                "Joint strategies beyond interdiction", "Estrategias conjuntas más allá de la interdicción"),
        ]
        let rows: [[DataTable.Cell]] = board.map { country in
            [
                DataTable.Cell(
                    l.countryName(country.country),
                    link: request.link("/countries/\(country.country)?source=\(source.rawValue)"))
            ]
                + kinds.map { kind in
                    let signal = country.signals.first { $0.kind == kind }
                    return DataTable.Cell(
                        signal.map { l.status($0.status) + ($0.value.map { " — \($0)" } ?? "") } ?? "–")
                }
        }
        var intro = "<h1>" + l.pick("Signals worth watching", "Señales a observar") + "</h1><p class=\"lede\">"
        intro += HTML.escape(
            l.pick(
                "As of \(asOf); money \(l.fromSource(source)), \(l.measure(measure)). Each signal's explanation is on the country page.",
                "Al \(asOf); montos \(l.fromSource(source)), \(l.measure(measure)). La explicación de cada señal está en la página del país."
            ))
        intro += "</p>" + Self.sourceSwitch(source, request) { "/signals?source=\($0.rawValue)" }
        // A measure the source holds nothing in for these countries would read as "no data" on every row.
        let held = PortfolioQuery(measure: measure, countries: scope.country.map { [$0] } ?? [], source: source)
        if try await figures(held).cells.isEmpty { intro += try await otherMeasures(held, request) }
        return (
            l.pick("Signals", "Señales"),
            [
                .html(intro),
                .table(
                    DataTable(
                        id: "signals", caption: l.pick("Signals by country", "Señales por país"),
                        columns: [l.pick("Country", "País")] + kinds.map { names[$0] ?? $0.rawValue }, rows: rows)),
            ]
        )
    }

    func imports(_ request: PageRequest) async throws -> (title: String, sections: [PageSection]) {
        let l = request.language
        let runs = try await store.runs()
        let rows: [[DataTable.Cell]] = runs.reversed().map { run in
            // New and updated count IATI activities and monitoring periods; other sources have rows, which the next
            // column counts.
            let activities = { (count: Int) in
                run.countsVersions ? DataTable.Cell.count(count) : DataTable.Cell.shown("", as: "–")
            }
            return [
                DataTable.Cell(String(run.id), link: request.link("/imports/\(run.id)")),
                DataTable.Cell.shown(run.source, as: l.runSource(run.source)), DataTable.Cell(run.fileLabel),
                DataTable.Cell(run.publisher ?? "–"),
                DataTable.Cell.shown(run.vintage ?? "", as: run.vintage.map { String($0.prefix(10)) } ?? "–"),
                DataTable.Cell.shown(run.importedAt, as: String(run.importedAt.prefix(10))),
                activities(run.activitiesNew), activities(run.activitiesUpdated),
                DataTable.Cell.count(run.transactions),
                DataTable.Cell.count(run.warnings), DataTable.Cell(run.sha256),
            ]
        }
        return (
            l.pick("Imports", "Importaciones"),
            [
                .html(
                    "<h1>" + l.pick("Imports", "Importaciones") + "</h1><p class=\"lede\">"
                        + l.pick(
                            "Every file imported, newest first, with its vintage and counts; a run's number leads to its SHA-256 and warnings (the CSV has every SHA-256).",
                            "Cada archivo importado, del más reciente al más antiguo, con su versión y conteos; el número de cada importación lleva a su SHA-256 y sus avisos (el CSV tiene todos los SHA-256)."
                        ) + "</p>"),
                .table(
                    DataTable(
                        id: "runs", caption: l.pick("Import runs", "Importaciones"),
                        columns: [
                            l.pick("Run", "N.º"), l.pick("Source", "Fuente"), l.pick("File", "Archivo"),
                            l.pick("Publisher", "Publicador"),
                            l.pick("Vintage", "Versión"), l.pick("Imported", "Importado"), l.pick("New", "Nuevas"),
                            l.pick("Updated", "Actualizadas"), l.pick("Rows", "Filas"), l.pick("Warnings", "Avisos"),
                            "SHA-256",
                        ], numeric: [4, 5, 6, 7, 8, 9], rows: rows, csvOnly: [10])),
            ] + removedRunsTable(try await store.removedRuns(), language: l)
        )
    }

    /// The 404 for a run the ledger does not hold: when it was removed, if it was (the run's page and its warnings).
    func runNotFound(_ id: Int64) async throws -> Problem {
        guard let removed = try await store.removedRuns().first(where: { $0.run.id == id }) else {
            return Problem.notFound("no import run \(id)").spanish("no hay importación \(id)")
        }
        return Problem.notFound(
            "import run \(id) (\(removed.run.fileLabel)) was removed on \(removed.removedAt.prefix(10))"
        ).spanish("la importación \(id) (\(removed.run.fileLabel)) se retiró el \(removed.removedAt.prefix(10))")
    }

    /// The runs taken out of the ledger (`atalaya runs --remove`), most recent removal first; none, no table.
    func removedRunsTable(_ removed: [RemovedRun], language l: ReportLanguage) -> [PageSection] {
        guard !removed.isEmpty else { return [] }
        return [
            .table(
                DataTable(
                    id: "removed-runs",
                    caption: l.pick(
                        "Removed runs: their files' records are no longer in the ledger",
                        "Importaciones retiradas: sus registros ya no figuran en los datos"),
                    columns: [
                        l.pick("Run", "N.º"), l.pick("Source", "Fuente"), l.pick("File", "Archivo"),
                        l.pick("Vintage", "Versión"), l.pick("Imported", "Importado"), l.pick("Removed", "Retirado"),
                        l.pick("Records removed", "Registros retirados"), "SHA-256",
                    ], numeric: [3, 4, 5, 6],
                    rows: removed.reversed().map { removal in
                        let run = removal.run
                        return [
                            DataTable.Cell(String(run.id)),
                            DataTable.Cell.shown(run.source, as: l.runSource(run.source)),
                            DataTable.Cell(run.fileLabel),
                            DataTable.Cell.shown(
                                run.vintage ?? "", as: run.vintage.map { String($0.prefix(10)) } ?? "–"),
                            DataTable.Cell.shown(run.importedAt, as: String(run.importedAt.prefix(10))),
                            DataTable.Cell.shown(removal.removedAt, as: String(removal.removedAt.prefix(10))),
                            DataTable.Cell.count(removal.records), DataTable.Cell(run.sha256),
                        ]
                    }, csvOnly: [7]))
        ]
    }

    func search(_ request: PageRequest) async throws -> (title: String, sections: [PageSection]) {
        let l = request.language
        let text = try Self.searchText(request.query).flatMap { $0.isEmpty ? nil : $0 }
        let (limit, offset) = try request.query.paging()
        let pillar = try request.query.choice("pillar", Pillar.self)
        let country = try scope.country(try request.query.recipient("country"), parameter: "country")
        // Largest first when asked, and by default when there are no words to rank by relevance.
        let asked = try request.query.flag("largest")
        let largest = asked ?? (text == nil)
        var body = "<h1>" + l.pick("Search programs", "Buscar programas") + "</h1>"
        body += "<form class=\"filters\" method=\"get\" action=\"/search\"><div class=\"field\"><label for=\"q\">"
        body += l.pick(
            "Words in a title or description (English or Spanish), or an identifier",
            "Palabras del título o la descripción, o un identificador")
        body +=
            "</label><input id=\"q\" name=\"q\" type=\"search\" maxlength=\"200\" value=\"\(HTML.escape(text ?? ""))\"></div>"
        // A pillar alone lists its programs, largest first by their money on it; out of scope too (what the
        // crosswalk left out is worth a look), last, as the pillar list gives it.
        body += Self.select(
            "pillar", l.pick("Pillar", "Pilar"),
            [("", l.pick("Any (in scope)", "Cualquiera (en el ámbito)"))]
                + Pillar.allCases.map { ($0.rawValue, l.label($0)) }, pillar?.rawValue ?? "")
        body += Self.select(
            "largest", l.pick("Order", "Orden"),
            [
                ("", l.pick("Relevance (largest first without words)", "Relevancia (de mayor a menor sin palabras)")),
                ("true", l.pick("Largest first (disbursements)", "De mayor a menor (desembolsos)")),
            ], asked == true ? "true" : "")
        if let country, scope.country == nil {
            body += "<input type=\"hidden\" name=\"country\" value=\"\(HTML.escape(country))\">"
        }
        body += request.languageField
        body += "<button type=\"submit\">" + l.pick("Search", "Buscar") + "</button></form>"
        guard text != nil || pillar != nil || country != nil else { return (l.pick("Search", "Buscar"), [.html(body)]) }
        let page = try await store.activities(
            ActivityQuery(
                country: country, pillar: pillar, text: text, largestFirst: largest, limit: limit, offset: offset,
                titleLanguage: l.rawValue))
        let on = pillar.map { Self.moneyOn($0, in: l) }
        // Money to the country the list is kept to, when it is (from a country page's link, or a partner's server).
        let to = country.map { l.pick(" to \(l.countryName($0))", " para \(l.countryName($0))") } ?? ""
        let status: String
        switch (text, on) {
        case (let text?, _):
            status = l.pick(
                "\(counted(page.total, "program matches", "programs match")) “\(text)”.",
                "\(counted(page.total, "programa coincide", "programas coinciden")) con «\(text)».")
        case (nil, let on?):
            status = l.pick(
                "\(counted(page.total, "program has", "programs have")) \(on)\(to)"
                    + (largest ? ", largest first by disbursements on it." : "."),
                "\(counted(page.total, "programa tiene", "programas tienen")) \(on)\(to)"
                    + (largest ? ", de mayor a menor por sus desembolsos en ese pilar." : "."))
        case (nil, nil):
            status = l.pick(
                "\(counted(page.total, "program", "programs")) with money\(to)"
                    + (largest ? ", largest first by in-scope disbursements." : "."),
                "\(counted(page.total, "programa", "programas")) con montos\(to)"
                    + (largest ? ", de mayor a menor por desembolsos en el ámbito." : "."))
        }
        body += "<p role=\"status\">" + HTML.escape(status) + "</p>"
        return (
            l.pick("Search", "Buscar"),
            [
                .html(body),
                .table(
                    activityTable(
                        page, request, caption: l.pick("Matching programs", "Programas encontrados"),
                        recipient: country, pillar: pillar, offset: offset)),
                .html(pager(request, limit: limit, offset: offset, total: page.total)),
            ]
        )
    }

    /// Previous and next links over a list of `total` shown `limit` at a time from `offset`.
    func pager(_ request: PageRequest, limit: Int, offset: Int, total: Int) -> String {
        let l = request.language
        var pager = "<nav class=\"pager\" aria-label=\"" + l.pick("Pages", "Páginas") + "\">"
        if offset > 0 {
            pager +=
                "<a rel=\"prev\" href=\"\(HTML.escape(request.path + request.query.setting("offset", String(max(0, offset - limit))).encoded))\">"
            pager += l.pick("Previous", "Anterior") + "</a> "
        }
        if offset + limit < total {
            pager +=
                "<a rel=\"next\" href=\"\(HTML.escape(request.path + request.query.setting("offset", String(offset + limit)).encoded))\">"
            pager += l.pick("Next", "Siguiente") + "</a>"
        }
        return pager + "</nav>"
    }

    // MARK: One import run

    /// An import run's number from a path segment: a positive whole number.
    static func runNumber(_ text: String) throws -> Int64 {
        guard let run = Int64(text), run > 0 else {
            throw Problem.badParameter("run", "run must be a positive whole number; got \"\(text)\"")
        }
        return run
    }

    /// One run: its file, vintage, digest and counts, and its warnings a page at a time, each with its line.
    func importRun(_ id: Int64, _ request: PageRequest) async throws -> (title: String, sections: [PageSection]) {
        let l = request.language
        guard let run = try await store.runs().first(where: { $0.id == id }) else {
            throw try await runNotFound(id)
        }
        let (limit, offset) = try request.query.paging(defaultLimit: 200)
        let warnings = try await store.warnings(run: id)
        let facts: [(String, String)] = [
            (l.pick("Source", "Fuente"), l.runSource(run.source)),
            (l.pick("Publisher", "Publicador"), run.publisher ?? "–"),
            (l.pick("Vintage", "Versión"), run.vintage ?? "–"), (l.pick("Imported", "Importado"), run.importedAt),
            ("SHA-256", run.sha256),
            (l.pick("Rows / transactions", "Filas / transacciones"), DecimalText.formatCount(run.transactions)),
            (l.pick("Warnings", "Avisos"), DecimalText.formatCount(run.warnings)),
        ]
        var body =
            "<h1>" + HTML.escape(l.pick("Import run \(id): ", "Importación \(id): ") + run.fileLabel) + "</h1><dl>"
        for (term, value) in facts { body += "<dt>\(HTML.escape(term))</dt><dd>\(HTML.escape(value))</dd>" }
        body += "</dl>"
        if l == .es, !warnings.isEmpty {
            body +=
                "<p class=\"note\">Los mensajes se guardaron en inglés al importar el archivo y se muestran traducidos; "
                + "el CSV los da como se guardaron. Un mensaje que no tiene traducción se muestra en inglés.</p>"
        }
        if let notKept = l.warningsNotKept(counted: run.warnings, kept: warnings.count) {
            body += "<p class=\"note\">" + HTML.escape(notKept) + "</p>"
        }
        // The page shows a window; its CSV download has every warning.
        let shown = request.query.string("format") == "csv" ? warnings[...] : warnings.dropFirst(offset).prefix(limit)
        var table = DataTable(
            id: "warnings",
            caption: l.pick("Warnings", "Avisos")
                + (warnings.isEmpty
                    ? l.pick(" (none)", " (ninguno)")
                    : DataTable.window(offset: offset, shown: shown.count, of: warnings.count)),
            columns: [
                l.pick("Line", "Línea"), l.pick("Kind", "Tipo"), l.pick("Activity", "Actividad"),
                l.pick("Message", "Mensaje"),
            ], numeric: [0],
            rows: shown.map { warning in
                [
                    // The CSV keeps the kind's code, as the JSON API and `atalaya runs --warnings` give it.
                    DataTable.Cell(String(warning.line)),
                    DataTable.Cell.shown(warning.kind, as: l.warningKind(warning.kind)),
                    DataTable.Cell(
                        warning.activity ?? "–",
                        link: run.source == "iati"
                            ? warning.activity.map { request.link(Self.programPath($0)) } : nil),
                    // Shown in the page's language; the CSV keeps the message as stored.
                    DataTable.Cell.message(
                        warning.message,
                        as: l.warningMessage(kind: warning.kind, warning.message) ?? "(en inglés) " + warning.message),
                ]
            })
        // Only a run with none says so: a page past the last warning is empty for another reason.
        if warnings.isEmpty {
            table.empty = l.pick("The file was read without a warning.", "El archivo se leyó sin ningún aviso.")
        }
        return (
            l.pick("Import run \(id)", "Importación \(id)"),
            [.html(body), .table(table), .html(pager(request, limit: limit, offset: offset, total: warnings.count))]
        )
    }
}
