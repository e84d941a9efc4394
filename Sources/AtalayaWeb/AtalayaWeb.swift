public import AtalayaDomain
import AtalayaReports
public import AtalayaStore
import Foundation
public import Hummingbird
public import Logging
import Synchronization

// MARK: - The web application: routes, middleware and the server configuration

/// Where and how the server listens, and what "today" is for signals.
public struct WebSettings: Sendable {
    /// The address to bind; loopback unless told otherwise.
    public var host: String
    /// The port.
    public var port: Int
    /// The longest a request may take before the client gets a 503 problem.
    public var requestTimeout: Duration
    /// Today's date (`YYYY-MM-DD`), the default as-of date for signals and briefs.
    public var today: @Sendable () -> String
    /// Bytes of answers kept in memory until the ledger changes; zero computes every answer.
    public var cacheBytes: Int
    /// Where "on track" and "at risk" begin for results, on every page and answer.
    public var resultsThresholds: ResultsThresholds
    /// The one country a partner's server answers for (ISO 3166-1 alpha-2), or nil for every country.
    public var partnerCountry: String?
    /// The pages' language when a request names none (`lang`) and its browser prefers neither English nor Spanish.
    public var defaultLanguage: ReportLanguage

    /// Creates settings; the defaults are 127.0.0.1:8080, 10 s per request, the system clock, a 32 MB cache,
    /// results thresholds of 90% and 50%, every country, and English.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, requestTimeout: Duration = .seconds(10),
        today: @escaping @Sendable () -> String = WebSettings.systemToday, cacheBytes: Int = 32 << 20,
        resultsThresholds: ResultsThresholds = .standard, partnerCountry: String? = nil,
        defaultLanguage: ReportLanguage = .en
    ) {
        self.defaultLanguage = defaultLanguage
        self.host = host
        self.port = port
        self.requestTimeout = requestTimeout
        self.today = today
        self.cacheBytes = cacheBytes
        self.resultsThresholds = resultsThresholds
        self.partnerCountry = partnerCountry
    }

    /// Today in UTC as `YYYY-MM-DD` (civil date from the Unix day, without a formatter per request).
    public static let systemToday: @Sendable () -> String = {
        let days = Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))
        // 1970-01-01 is day 719,468 counted from 0000-03-01, as `DayCount` counts.
        return DayCount.date(ordinal: days + 719_468) ?? "1970-01-01"
    }
}

/// Atalaya over HTTP: the pages and the JSON API over one ledger, read-only.
public struct AtalayaWeb: Sendable {
    /// The request context every route receives.
    public typealias Context = BasicRequestContext

    let store: any LedgerStore
    let crosswalk: Crosswalk
    let ratesSource: String
    let settings: WebSettings
    let assets: Assets
    let cache: ResponseCache
    let organisationTypes: CodeNames
    let sectorNames: CodeNames
    let scope: PartnerScope
    let health = LedgerHealth()

    /// Creates the application over a ledger; `crosswalk` supplies the rule notes shown beside each split and
    /// `organisationTypes` the names of IATI organisation type codes (IATI's OrganisationType codelist) and
    /// `sectorNames` those of DAC 5-digit purpose codes (IATI's Sector codelist), each in English and Spanish.
    public init(
        store: any LedgerStore, crosswalk: Crosswalk, ratesSource: String, settings: WebSettings,
        organisationTypes: CodeNames = CodeNames(), sectorNames: CodeNames = CodeNames()
    ) throws {
        self.store = store
        self.crosswalk = crosswalk
        self.ratesSource = ratesSource
        self.settings = settings
        self.organisationTypes = organisationTypes
        self.sectorNames = sectorNames
        self.assets = try Assets()
        self.cache = ResponseCache(capacity: settings.cacheBytes)
        self.scope = PartnerScope(country: settings.partnerCountry)
    }

    /// The router with every page, API route and middleware.
    public func router() -> Router<Context> {
        let router = Router(context: Context.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ProblemMiddleware(partner: scope.country, defaultLanguage: settings.defaultLanguage))
        router.add(middleware: ReadOnlyMiddleware())
        registerAPI(router)
        registerPages(router)
        route(router, "/assets/atalaya.css") { _, _ in
            Self.response(self.assets.stylesheet, contentType: "text/css; charset=utf-8", cache: true)
        }
        route(router, "/assets/brief.css") { _, _ in
            Self.response(CountryBriefRenderer.stylesheet, contentType: "text/css; charset=utf-8", cache: true)
        }
        route(router, "/assets/favicon.svg") { _, _ in
            Self.response(self.assets.favicon, contentType: "image/svg+xml", cache: true)
        }
        // Never cached, and asked of the database directly first: a load balancer learns at once that it is away.
        router.get("/healthz") { _, _ -> Response in
            try await self.requireLedger()
            _ = try await self.store.runs()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        return router
    }

    /// The Hummingbird application: HTTP/1.1 on the configured address with header limits and an idle timeout;
    /// `onListening` runs once the address is bound.
    public func application(logger: Logger, onListening: @escaping @Sendable () -> Void = {})
        -> some ApplicationProtocol
    {
        Application(
            router: router(),
            server: .http1(
                configuration: .init(
                    idleTimeout: .seconds(60),
                    httpDecoderConfiguration: .init(
                        maxHeaderFieldSize: 8 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100))),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Atalaya"),
            onServerRunning: { _ in onListening() },
            logger: logger)
    }

    /// Registers a GET route: answered from the cache when the ledger has not changed since (with `ETag` and
    /// `304 Not Modified`), else by the handler under the request time limit. With `accepting`, any other query
    /// parameter is a 400 (the API's); without, pages ignore what they do not read (a link's `utm_source`).
    func route(
        _ router: Router<Context>, _ path: RouterPath, accepting parameters: Set<String>? = nil,
        _ handler: @escaping @Sendable (Request, Context) async throws -> Reply
    ) {
        let limit = settings.requestTimeout
        router.get(path) { request, context in
            if let parameters {
                try QueryItems(request.uri.query).requireOnly(parameters, path: request.uri.path)
            }
            // While the ledger's database is away, each request asks it directly first and is answered at once.
            if self.health.unreachable { try await self.requireLedger() }
            // A page without `lang` is in the language its browser prefers: one cached answer per language.
            let key =
                request.uri.description + "|" + self.settings.today() + "|"
                + (request.uri.path.hasPrefix("/api/")
                    ? "" : (LanguageNegotiation.preferred(request.headers[.acceptLanguage])?.rawValue ?? ""))
            let entry = try await withThrowingTaskGroup(of: ResponseCache.Entry.self) { group in
                group.addTask {
                    let generation = try await self.store.generation()
                    if let hit = self.cache.lookup(key, generation: generation) { return hit }
                    let reply = try await handler(request, context)
                    let entry = ResponseCache.Entry(
                        generation: generation, etag: ResponseCache.etag(generation: generation, body: reply.body),
                        headers: reply.headers, body: reply.body)
                    self.cache.store(key, entry)
                    return entry
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    // A database out of reach is said as such, not as a slow request.
                    try await self.requireLedger()
                    throw Problem(
                        .serviceUnavailable, title: "Timeout",
                        detail: "the request took longer than the server's limit of \(limit); narrow it and retry")
                }
                defer { group.cancelAll() }
                guard let first = try await group.next() else { throw CancellationError() }
                return first
            }
            var headers = entry.headers
            headers[.eTag] = entry.etag
            if headers[.cacheControl] == nil { headers[.cacheControl] = "no-cache" }
            if let tags = request.headers[.ifNoneMatch],
                tags.split(separator: ",").contains(where: {
                    $0.trimmingCharacters(in: .whitespaces) == entry.etag
                })
            {
                return Response(status: .notModified, headers: headers)
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: entry.body))
        }
    }

    /// Asks the ledger's database directly whether it can be reached: if not, a 503 `ledger-unavailable` problem in
    /// the server's or the system's words, and the requests after it ask first, until it answers again.
    func requireLedger() async throws {
        do {
            try await store.checkReachable()
            health.unreachable = false
        } catch is CancellationError {
            throw CancellationError()  // the request or the server went away, not the database
        } catch {
            health.unreachable = true
            throw Problem.ledgerUnavailable("\(error)")
        }
    }

    /// The figures for a query; a query the source cannot answer (obligations from IATI, say) is a 400.
    func figures(_ query: PortfolioQuery) async throws -> PortfolioFigures {
        do {
            return try await store.portfolio(query)
        } catch let error as LedgerQueryError {
            throw Problem.badParameter("measure", error.description)
        }
    }

    // MARK: Responses

    /// A successful answer: its headers and body, before the cache and the ETag.
    struct Reply: Sendable {
        var headers: HTTPFields
        var body: ByteBuffer
    }

    /// A reply with a text body.
    static func response(_ text: String, contentType: String, cache: Bool = false) -> Reply {
        var headers: HTTPFields = [.contentType: contentType]
        if cache { headers[.cacheControl] = "public, max-age=3600" }
        return Reply(headers: headers, body: ByteBuffer(string: text))
    }

    /// A JSON reply (keys sorted, slashes unescaped).
    static func json(_ value: some Encodable) throws -> Reply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Reply(headers: [.contentType: "application/json"], body: ByteBuffer(bytes: try encoder.encode(value)))
    }

    /// An HTML page.
    static func html(_ page: Page) -> Reply {
        var reply = response(page.render(), contentType: "text/html; charset=utf-8")
        // A page without `lang` follows the browser's Accept-Language; a shared cache must keep them apart.
        reply.headers[.vary] = "Accept-Language"
        return reply
    }

    /// A CSV download.
    static func csv(_ table: DataTable) -> Reply {
        var reply = response(table.csv(), contentType: "text/csv; charset=utf-8")
        reply.headers[.contentDisposition] = "attachment; filename=\"atalaya-\(table.id).csv\""
        reply.headers[.vary] = "Accept-Language"  // its column names are in the page's language
        return reply
    }
}

/// The stylesheet (with the charts' rules), icon and OpenAPI document, read once from the module's resources.
struct Assets: Sendable {
    let stylesheet: String
    let favicon: String
    let openAPI: String

    init() throws {
        func load(_ name: String, _ ext: String) throws -> String {
            guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources") else {
                throw Problem(.internalServerError, title: "Missing resource", detail: "\(name).\(ext) is not bundled")
            }
            return try String(contentsOf: url, encoding: .utf8)
        }
        // The charts' rules are the brief's too, so they are written once, beside the charts.
        stylesheet =
            try load("atalaya", "css") + "\n/* Charts (AtalayaReports.ChartFrame.css) */\n" + ChartFrame.css + "\n"
        favicon = try load("favicon", "svg")
        openAPI = try load("openapi", "yaml")
    }
}

/// The OpenAPI document shipped with the server, for tests and tools.
public enum OpenAPIDocument {
    /// The YAML text served at `/api/v1/openapi.yaml`.
    public static func yaml() throws -> String { try Assets().openAPI }
}

/// Whether the ledger's database was last found out of reach: shared by every request of one server.
final class LedgerHealth: Sendable {
    private let state = Mutex(false)

    /// True from a failed reachability check until a successful one.
    var unreachable: Bool {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
