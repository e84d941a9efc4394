import AtalayaDomain
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import Foundation
import Hummingbird

// MARK: - The JSON API under /api/v1 (described by Resources/openapi.yaml, which the tests hold it to)

extension AtalayaWeb {
    /// The query parameters each API path takes, as openapi.yaml documents them (a test holds the two equal); any
    /// other parameter is a 400, so that a misspelt filter is never ignored and answered for everything.
    static let apiParameters: [String: Set<String>] = [
        "/api/v1/openapi.yaml": [],
        "/api/v1/portfolio": [
            "source", "measure", "scope", "by", "country", "from", "to", "constant", "calendarYear", "publisher",
        ],
        "/api/v1/countries": ["source", "limit", "offset"],
        "/api/v1/countries/{code}": [],
        "/api/v1/activities": ["q", "country", "pillar", "largest", "limit", "offset", "lang"],
        "/api/v1/activities/{identifier}": [],
        "/api/v1/indicators": ["country", "indicator", "limit", "offset"],
        "/api/v1/capacity": ["country", "since", "through"],
        "/api/v1/budget": ["country", "region", "from", "to"],
        "/api/v1/donors": ["country", "from", "to", "usSource", "measure", "scope", "calendarYear"],
        "/api/v1/signals": ["country", "source", "measure", "asOf", "lang"],
        "/api/v1/results": ["country", "asOf"],
        "/api/v1/runs": ["source", "limit", "offset"],
        "/api/v1/runs/{run}/warnings": ["limit", "offset"],
        "/api/v1/runs/removed": ["limit", "offset"],
        "/api/v1/crosswalk": [],
    ]

    /// Registers an API route that takes only the query parameters `apiParameters` lists for its path.
    func api(
        _ router: Router<Context>, _ path: String,
        _ handler: @escaping @Sendable (Request, Context) async throws -> Reply
    ) {
        route(router, RouterPath(path), accepting: Self.apiParameters[path] ?? [], handler)
    }

    func registerAPI(_ router: Router<Context>) {
        api(router, "/api/v1/openapi.yaml") { _, _ in
            Self.response(self.assets.openAPI, contentType: "application/yaml; charset=utf-8", cache: true)
        }
        route(router, "/api/v1/problems") { request, _ in
            let page = Page(
                title: "API problems", language: .en, path: request.uri.path, query: [:],
                body: """
                    <h1>Problem types</h1><dl>
                    <dt id="invalid-parameter">invalid-parameter (400)</dt><dd>A query parameter or path segment is malformed or out of range; <code>parameter</code> names it.</dd>
                    <dt id="out-of-scope">out-of-scope (403)</dt><dd>The server answers for one partner country only (<code>atalaya serve --country</code>), and the request names another country, a program with no money or monitoring data there, or the import history; <code>parameter</code> names the parameter at fault, when one is.</dd>
                    <dt id="not-found">not-found (404)</dt><dd>No such route, country, activity or run.</dd>
                    <dt id="method-not-allowed">method-not-allowed (405)</dt><dd>The server is read-only: GET and HEAD only.</dd>
                    <dt id="uri-too-long">uri-too-long (414)</dt><dd>The path and query together are longer than 4,096 bytes.</dd>
                    <dt id="timeout">timeout (503)</dt><dd>The request took longer than the server's time limit.</dd>
                    <dt id="ledger-unavailable">ledger-unavailable (503)</dt><dd>The ledger's database (PostgreSQL) cannot be reached; <code>detail</code> says why. The server answers again once it is back.</dd>
                    <dt id="amounts-too-large">amounts-too-large (500)</dt><dd>The ledger holds amounts whose magnitudes add up past 2<sup>61</sup> cents (about 23 quadrillion), so the answer cannot be added up exactly; <code>detail</code> names what was being added. A file with amounts beyond any real budget was imported: its run can be removed (<code>atalaya runs --remove RUN</code>).</dd>
                    <dt id="internal">internal (500)</dt><dd>Something failed on the server; the log has the detail.</dd>
                    </dl>
                    """)
            return Self.html(page)
        }
        api(router, "/api/v1/portfolio") { request, _ in
            let items = try QueryItems(request.uri.query)
            var query = try Self.portfolioQuery(items)
            query.countries = try self.scope.countries(query.countries, parameter: "country")
            let figures = try await self.figures(query)
            let report = PortfolioReport(query: query, figures: figures, ratesSource: self.ratesSource)
            return Self.response(try report.json(pretty: false), contentType: "application/json")
        }
        api(router, "/api/v1/countries") { request, _ in
            let items = try QueryItems(request.uri.query)
            let (limit, offset) = try items.paging(defaultLimit: 100)
            let source = try items.choice("source", PortfolioQuery.Source.self)
            let all = try await self.countries().filter {
                (source == nil || $0.sources.contains(source!.rawValue)) && (self.scope.country ?? $0.code) == $0.code
            }
            return try Self.json(
                Paged(
                    items: Array(all.dropFirst(offset).prefix(limit)), total: all.count, limit: limit, offset: offset))
        }
        api(router, "/api/v1/countries/{code}") { request, context in
            let code = try QueryItems.recipientCode(try Self.segment(context, "code"), parameter: "code")
            _ = try self.scope.countries([code], parameter: "code")
            guard let found = try await self.countries().first(where: { $0.code == code }) else {
                throw Problem.notFound(
                    "no source holds money for \(code), no program office's monitoring data names it and no engagement "
                        + "with it is recorded")
            }
            return try Self.json(found)
        }
        api(router, "/api/v1/activities") { request, _ in
            let items = try QueryItems(request.uri.query)
            let (limit, offset) = try items.paging()
            let query = ActivityQuery(
                country: try self.scope.country(try items.recipient("country"), parameter: "country"),
                pillar: try items.choice("pillar", Pillar.self),
                text: try Self.searchText(items), largestFirst: try items.flag("largest") ?? false, limit: limit,
                offset: offset, titleLanguage: try items.language().rawValue)
            let page = try await self.store.activities(query)
            return try Self.json(
                Paged(items: page.items.map(ActivityJSON.init), total: page.total, limit: limit, offset: offset))
        }
        api(router, "/api/v1/activities/{identifier}") { request, context in
            let identifier = try Self.segment(context, "identifier")
            guard let stored = try await self.store.explain(identifier: identifier) else {
                throw try await self.scope.programMissing(identifier, store: self.store)
            }
            guard let explained = try await self.scoped(stored) else { throw self.scope.programOutside(identifier) }
            return try Self.json(
                ActivityDetailJSON(explained, crosswalk: self.crosswalk, partnerCountry: self.scope.country))
        }
        api(router, "/api/v1/indicators") { request, _ in
            let items = try QueryItems(request.uri.query)
            guard let country = try self.scope.country(try items.recipient("country"), parameter: "country") else {
                throw Problem.badParameter("country", "country is required (an ISO 3166 alpha-2 code such as MX)")
            }
            let (limit, offset) = try items.paging(defaultLimit: 500)
            let points = try await self.store.series(country: country, indicatorPrefix: items.string("indicator"))
            return try Self.json(
                Paged(
                    items: Array(points.dropFirst(offset).prefix(limit)), total: points.count, limit: limit,
                    offset: offset))
        }
        api(router, "/api/v1/capacity") { request, _ in
            let items = try QueryItems(request.uri.query)
            let requested = try items.recipients("country")
            if let other = requested.first(where: { !Countries.iso2.contains($0) }) {
                throw Problem.badParameter(
                    "country", "country: outcome series are by country (ISO alpha-2); got \(other)")
            }
            let countries = try self.scope.countries(requested, parameter: "country")
            let since = try items.integer("since", in: 1900...2100)
            let through = try items.integer("through", in: 1900...2100)
            if let since, let through, since > through {
                throw Problem.badParameter("since", "since (\(since)) is after through (\(through))")
            }
            let capacity = try await CapacityBuilder(store: self.store).capacity(
                countries: countries.isEmpty ? Countries.latinAmericaAndCaribbean : countries, since: since,
                through: through)
            return Self.response(try capacity.json(), contentType: "application/json")
        }
        api(router, "/api/v1/budget") { request, _ in
            let items = try QueryItems(request.uri.query)
            let (from, to) = try items.yearRange()
            let countries = try self.scope.countries(try items.recipients("country"), parameter: "country")
            let region = try items.string("region").map { text in
                guard BudgetRegion.name(text.uppercased()) != nil else {
                    throw Problem.badParameter(
                        "region",
                        "region must be one of \(BudgetRegion.codes.values.sorted().joined(separator: ", ")); got "
                            + "\"\(text)\"")
                }
                return text.uppercased()
            }
            // A partner's server answers for its country: a region's programs are not its to show.
            if let region, let partner = self.scope.country {
                throw Problem.outOfScope(
                    "this server answers for \(partner) only; region=\(region) covers other countries and their "
                        + "regional programs", parameter: "region"
                ).spanish(
                    "este servidor responde solo por \(partner); region=\(region) abarca otros países y sus programas "
                        + "regionales")
            }
            let figures = try await self.store.accountFigures(
                AccountBudgetQuery(countries: countries, region: region, fromYear: from, toYear: to))
            let report = AccountBudgetReport(
                figures: figures, runs: try await self.store.runs(), countries: countries, region: region)
            return Self.response(try report.json(), contentType: "application/json")
        }
        api(router, "/api/v1/donors") { request, _ in
            let items = try QueryItems(request.uri.query)
            let basis: FiscalYearBasis = try items.flag("calendarYear") == true ? .calendar : .usFederal
            let (from, to) = try items.yearRange(calendarYears: basis == .calendar)
            let countries = try self.scope.countries(try items.recipients("country"), parameter: "country")
            let usSource = try items.choice("usSource", PortfolioQuery.Source.self) ?? .iati
            let measure = try items.choice("measure", Measure.self) ?? .disbursement
            let mix: DonorMix
            do {
                mix = try await DonorMixBuilder(store: self.store).donorMix(
                    countries: countries, from: from, to: to, basis: basis, measure: measure,
                    scope: try items.choice("scope", PortfolioQuery.Scope.self) ?? .security, usSource: usSource)
            } catch let error as LedgerQueryError {
                // A U.S. source, measure or basis the two sides do not share.
                let parameter =
                    switch usSource {
                    case .iati: "measure"
                    case .fa where measure == .disbursement: "calendarYear"
                    default: "usSource"
                    }
                throw Problem.badParameter(parameter, error.description)
            }
            return Self.response(try DonorMixReport(mix).json(), contentType: "application/json")
        }
        api(router, "/api/v1/signals") { request, _ in
            let items = try QueryItems(request.uri.query)
            let (source, measure) = try Self.sourceAndMeasure(items)
            let asOf = try items.date("asOf") ?? self.settings.today()
            var countries = try self.scope.countries(try items.recipients("country"), parameter: "country")
            if countries.isEmpty {
                countries = try await SignalsBuilder(store: self.store).defaultCountries(source: source)
            }
            let signals = try await SignalsBuilder(store: self.store, thresholds: self.settings.resultsThresholds)
                .signals(
                    countries: countries, asOf: asOf, source: source, measure: measure, language: try items.language())
            return Self.response(try SignalsReport(countries: signals).json(), contentType: "application/json")
        }
        api(router, "/api/v1/results") { request, _ in
            let items = try QueryItems(request.uri.query)
            let asOf = try items.date("asOf") ?? self.settings.today()
            let builder = ResultsBuilder(store: self.store, thresholds: self.settings.resultsThresholds)
            // Without a country, every country's (a partner's server answers for its own).
            guard let country = try self.scope.country(try items.recipient("country"), parameter: "country") else {
                return Self.response(try await builder.region(asOf: asOf).json(), contentType: "application/json")
            }
            return Self.response(
                try await builder.report(country: country, asOf: asOf).json(), contentType: "application/json")
        }
        api(router, "/api/v1/crosswalk") { _, _ in
            // The rules the server runs with, as the crosswalk file has them, and the one the ledger was classified
            // with, which differs when the server was started with another file.
            let applied = try await self.store.classificationLabel()
            return try Self.json(CrosswalkJSON(crosswalk: self.crosswalk, appliedToLedger: applied))
        }
        api(router, "/api/v1/runs") { request, _ in
            let items = try QueryItems(request.uri.query)
            let (limit, offset) = try items.paging(defaultLimit: 100)
            try self.scope.requireWhole("the import history")
            let source = items.string("source")
            if let source, !ImportRun.sources.contains(source) {
                throw Problem.badParameter(
                    "source",
                    "source must be one of \(ImportRun.sources.joined(separator: ", ")); got \"\(source)\"")
            }
            let runs = try await self.store.runs().filter { source == nil || $0.source == source }
            return try Self.json(
                Paged(
                    items: Array(runs.dropFirst(offset).prefix(limit)), total: runs.count, limit: limit,
                    offset: offset))
        }
        api(router, "/api/v1/runs/removed") { request, _ in
            try self.scope.requireWhole("the import history")
            let (limit, offset) = try QueryItems(request.uri.query).paging(defaultLimit: 100)
            let removed = try await self.store.removedRuns()
            return try Self.json(
                Paged(
                    items: Array(removed.dropFirst(offset).prefix(limit)), total: removed.count, limit: limit,
                    offset: offset))
        }
        api(router, "/api/v1/runs/{run}/warnings") { request, context in
            let run = try Self.runNumber(try Self.segment(context, "run"))
            try self.scope.requireWhole("an import run's warnings")
            guard try await self.store.runs().contains(where: { $0.id == run }) else {
                throw try await self.runNotFound(run)
            }
            let items = try QueryItems(request.uri.query)
            let (limit, offset) = try items.paging(defaultLimit: 500)
            let warnings = try await self.store.warnings(run: run)
            return try Self.json(
                Paged(
                    items: Array(warnings.dropFirst(offset).prefix(limit)), total: warnings.count, limit: limit,
                    offset: offset))
        }
    }

    /// An activity as the server's scope shows it (`PartnerScope.restrict`); nil when outside the scope.
    func scoped(_ explained: ExplainedActivity) async throws -> ExplainedActivity? {
        guard let country = scope.country else { return explained }
        let monitored = try await store.monitoringPeriods(program: explained.activity.identifier)
        return scope.restrict(explained, monitoredHere: monitored.contains { $0.period.country == country })
    }

    /// The portfolio query a request asks for; the measure defaults to what the source holds.
    static func portfolioQuery(_ items: QueryItems) throws -> PortfolioQuery {
        let (source, measure) = try sourceAndMeasure(items)
        let basis: FiscalYearBasis = try items.flag("calendarYear") == true ? .calendar : .usFederal
        let (from, to) = try items.yearRange(calendarYears: basis == .calendar)
        return PortfolioQuery(
            measure: measure, scope: try items.choice("scope", PortfolioQuery.Scope.self) ?? .security, basis: basis,
            countries: try items.recipients("country"), fromYear: from, toYear: to,
            groupBy: try items.choice("by", PortfolioQuery.Grouping.self) ?? .pillar, source: source,
            constantDollars: try items.flag("constant") ?? false, publishers: items.list("publisher"))
    }

    /// The source (IATI by default) and measure (disbursements from IATI, obligations from ForeignAssistance.gov and
    /// the Greenbook, as on the command line).
    static func sourceAndMeasure(_ items: QueryItems) throws -> (PortfolioQuery.Source, Measure) {
        let source = try items.choice("source", PortfolioQuery.Source.self) ?? .iati
        return (
            source, try items.choice("measure", Measure.self) ?? (source == .iati ? .disbursement : .obligation)
        )
    }

    /// The text of a search (`q`), limited to 200 characters.
    static func searchText(_ items: QueryItems) throws -> String? {
        guard let text = items.string("q") else { return nil }
        guard text.count <= 200 else { throw Problem.badParameter("q", "q is limited to 200 characters") }
        // Text with no word would match nothing, which reads as "no such program"; say what is wrong instead.
        guard text.isEmpty || !(ActivityQuery(text: text).searchWords ?? []).isEmpty else {
            throw Problem.badParameter("q", "q has no word to search for (letters or digits); got \"\(text)\"")
        }
        return text
    }

    /// Every recipient a source holds money for, every country a program office's monitoring data names and every
    /// partner of a recorded engagement (each with its page), in code order.
    func countries() async throws -> [CountryJSON] {
        let monitored = Set(try await store.monitoredCountries())
        let engaged = Set(try await store.engagements(country: nil).flatMap(\.countries))
        var recipients = try await store.recipients()
        let held = Set(recipients.map(\.code))
        recipients += monitored.union(engaged).subtracting(held).map { RecipientSources(code: $0, sources: []) }
        return recipients.sorted { $0.code < $1.code }.map {
            CountryJSON($0, monitoring: monitored.contains($0.code), engagements: engaged.contains($0.code))
        }
    }

    /// A path segment, percent-decoded.
    static func segment(_ context: Context, _ name: String) throws -> String {
        guard let raw = context.parameters.get(name), let text = raw.removingPercentEncoding, !text.isEmpty,
            text.count <= 300
        else { throw Problem.badParameter(name, "\(name) is missing or malformed") }
        return text
    }
}

/// A page of a list with the total that match.
struct Paged<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
    var total: Int
    var limit: Int
    var offset: Int
}

/// A recipient in the API: the sources of money that hold it, and whether a program office's monitoring data names it.
struct CountryJSON: Encodable, Sendable {
    var code: String
    var name: String
    var nameES: String
    var sources: [String]
    var monitoring: Bool
    var engagements: Bool
    var links: [String: String]

    init(_ recipient: RecipientSources, monitoring: Bool, engagements: Bool) {
        code = recipient.code
        name = ReportLanguage.en.countryName(recipient.code)
        nameES = ReportLanguage.es.countryName(recipient.code)
        sources = recipient.sources.map(\.rawValue)
        self.monitoring = monitoring
        self.engagements = engagements
        let escaped = recipient.code.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? recipient.code
        links = [
            "page": "/countries/\(escaped)", "portfolio": "/api/v1/portfolio?country=\(escaped)",
            "activities": "/api/v1/activities?country=\(escaped)",
            "indicators": "/api/v1/indicators?country=\(escaped)",
            "signals": "/api/v1/signals?country=\(escaped)", "results": "/api/v1/results?country=\(escaped)",
        ]
    }
}

/// `GET /api/v1/crosswalk`: the crosswalk file as it is, with the label of the one the ledger's figures came from.
struct CrosswalkJSON: Encodable {
    /// The crosswalk the server runs with.
    var crosswalk: Crosswalk
    /// `id version` of the crosswalk the ledger was last classified with; nil for a ledger with no figures yet.
    var appliedToLedger: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(crosswalk, forKey: .crosswalk)
        try container.encode(appliedToLedger, forKey: .appliedToLedger)
    }

    private enum Keys: String, CodingKey { case crosswalk, appliedToLedger }
}
