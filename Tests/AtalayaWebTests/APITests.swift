import AtalayaBundledData
import AtalayaDomain
import AtalayaImport
import AtalayaReports
import AtalayaSQLite
import AtalayaStore
import AtalayaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import AtalayaWeb

@Suite("Web: the JSON API against its OpenAPI document")
struct APITests {
    /// Every API request the tests make, with the status it must get: each route, each error.
    static let requests: [(uri: String, status: Int)] = [
        ("/api/v1/openapi.yaml", 200),
        ("/api/v1/portfolio", 200),
        ("/api/v1/portfolio?country=MX&from=2019&to=2024", 200),
        ("/api/v1/portfolio?country=MX,SV&by=sector&scope=all", 200),
        ("/api/v1/portfolio?source=greenbook&country=CO&by=account", 200),
        ("/api/v1/portfolio?calendarYear=true&country=EC", 200),
        ("/api/v1/portfolio?publisher=US-GOV-1&country=SV", 200),
        ("/api/v1/portfolio?measure=obligation", 400),
        ("/api/v1/portfolio?source=greenbook&measure=disbursement", 400),
        ("/api/v1/portfolio?from=abc", 400),
        ("/api/v1/portfolio?from=2024&to=2019", 400),
        ("/api/v1/portfolio?by=agency", 400),
        ("/api/v1/portfolio?country=%3Cscript%3E", 400),
        ("/api/v1/portfolio?constant=maybe", 400),
        ("/api/v1/portfolio?from=%zz", 400),
        ("/api/v1/portfolio?contry=MX", 400),
        ("/api/v1/portfolio?country=MX,XX", 400),
        ("/api/v1/activities?country=mx&limit=1", 200),
        ("/api/v1/countries", 200),
        ("/api/v1/countries?source=greenbook&limit=5&offset=2", 200),
        ("/api/v1/countries?limit=0", 400),
        ("/api/v1/countries/MX", 200),
        ("/api/v1/countries/mx", 200),
        ("/api/v1/countries/ZZ", 404),
        ("/api/v1/countries/not%20a%20code", 400),
        ("/api/v1/activities?country=MX&limit=3", 200),
        ("/api/v1/activities?q=justicia", 200),
        ("/api/v1/activities?q=rule%20of%20law&pillar=justice", 200),
        ("/api/v1/activities?q=%22%29%20OR%20*", 200),
        ("/api/v1/activities?q=%E9", 400),
        ("/api/v1/activities?q=%22%20%2A", 400),
        ("/api/v1/activities?pillar=piracy", 400),
        ("/api/v1/activities?offset=-1", 400),
        ("/api/v1/activities?country=MX&largest=true&limit=3", 200),
        ("/api/v1/activities?largest=maybe", 400),
        ("/api/v1/activities?q=PROJUST&lang=es", 200),
        ("/api/v1/activities?lang=pt", 400),
        ("/api/v1/activities/US-GOV-1-72052318CA00005", 200),
        ("/api/v1/activities/US-GOV-1-AID-523-LA-11-00001", 200),  // with a budget
        ("/api/v1/activities/no-such-activity", 404),
        ("/api/v1/indicators?country=MX&indicator=wgi.rule_of_law", 200),
        ("/api/v1/indicators", 400),
        ("/api/v1/capacity", 200),
        ("/api/v1/capacity?country=MX,SV&through=2010", 200),
        ("/api/v1/capacity?country=region:489", 400),
        ("/api/v1/capacity?through=soon", 400),
        ("/api/v1/capacity?country=MX&since=2009&through=2019", 200),
        ("/api/v1/capacity?since=2019&through=2009", 400),
        ("/api/v1/budget", 200),
        ("/api/v1/budget?country=MX&from=2017", 200),
        ("/api/v1/budget?from=2018&to=2016", 400),
        ("/api/v1/budget?country=XX", 400),
        ("/api/v1/budget?region=wha&from=2016", 200),
        ("/api/v1/budget?region=LAC", 400),
        ("/api/v1/donors?country=SV", 200),
        ("/api/v1/donors?country=MX&usSource=fa&from=2015&to=2020", 200),
        ("/api/v1/donors?usSource=fa&measure=obligation", 400),
        ("/api/v1/donors?usSource=greenbook", 400),
        ("/api/v1/donors?measure=obligation", 400),
        ("/api/v1/donors?from=2020&to=2019", 400),
        ("/api/v1/donors?country=XX", 400),
        ("/api/v1/donors?country=SV&calendarYear=true&from=2024", 200),
        ("/api/v1/donors?usSource=fa&calendarYear=true", 400),
        ("/api/v1/signals?country=MX&asOf=2025-11-29", 200),
        ("/api/v1/signals?country=SV&lang=es&source=iati", 200),
        ("/api/v1/signals?asOf=yesterday", 400),
        ("/api/v1/signals?asOf=2025-02-30", 400),
        ("/api/v1/signals?asOf=2025-%2B1-01", 400),
        ("/api/v1/signals?lang=fr", 400),
        ("/api/v1/results?country=SV&asOf=2025-11-29", 200),
        ("/api/v1/results?country=sv", 200),
        ("/api/v1/results", 200),
        ("/api/v1/results?country=SV&asOf=soon", 400),
        ("/api/v1/results?country=SV&asOf=2025--1-01", 400),
        ("/api/v1/results?asOf=2024-02-29", 200),
        ("/api/v1/crosswalk", 200),
        ("/api/v1/runs", 200),
        ("/api/v1/runs?source=iati&limit=1", 200),
        ("/api/v1/runs?source=usaid", 400),
        ("/api/v1/runs/1/warnings?limit=5", 200),
        ("/api/v1/runs/999/warnings", 404),
        ("/api/v1/runs/x/warnings", 400),
        ("/api/v1/runs/removed", 200),
    ]

    @Test("every API route is documented, and every documented path is served")
    func routesMatchDocument() async throws {
        let contract = try OpenAPIContract(yaml: try OpenAPIDocument.yaml())
        let router = try await WebFixture.web().router()
        let served = Set(
            router.routes.filter { $0.method == .get }.map { "\($0.path)" }.filter { $0.hasPrefix("/api/v1/") }
        )
        .subtracting(["/api/v1/problems"])  // the HTML page the problem `type` URIs point to
        #expect(served == Set(contract.paths))
        // And the tests request every documented path.
        let requested = Set(
            Self.requests.compactMap { contract.template(for: String($0.uri.split(separator: "?")[0])) })
        #expect(requested == Set(contract.paths))
    }

    @Test(
        "a year is 2020 or FY2020, as on the command line; FY20, and a fiscal year asked as a calendar year, are 400s")
    func writtenYears() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            func body(_ uri: String) async throws -> (status: Int, text: String) {
                try await client.execute(uri: uri, method: .get) { ($0.status.code, String(buffer: $0.body)) }
            }
            let plain = try await body("/api/v1/portfolio?country=MX&from=2019&to=2022")
            #expect(plain.status == 200)
            #expect(try await body("/api/v1/portfolio?country=MX&from=FY2019&to=fy2022") == plain)
            let short = try await body("/api/v1/portfolio?country=MX&from=FY19")
            #expect(
                short.status == 400
                    && short.text.contains("from: \\\"FY19\\\" is not a year: give all four digits (FY2019)"))
            let calendar = try await body("/api/v1/donors?country=SV&calendarYear=true&from=FY2024")
            #expect(calendar.status == 400)
            #expect(
                calendar.text.contains(
                    "from FY2024 is a fiscal year; with calendarYear=true give the calendar year (2024)"))
            #expect(try await body("/api/v1/donors?country=SV&calendarYear=true&from=2024").status == 200)
            #expect(try await body("/api/v1/budget?country=MX&from=FY2017").status == 200)
        }
    }

    @Test("each API route takes the query parameters its path documents, and refuses any other by name")
    func parametersMatchDocument() async throws {
        let contract = try OpenAPIContract(yaml: try OpenAPIDocument.yaml())
        #expect(Set(AtalayaWeb.apiParameters.keys) == Set(contract.paths))
        for template in contract.paths {
            #expect(
                AtalayaWeb.apiParameters[template] == (try contract.queryParameters(template: template)), "\(template)")
        }
        let templates = contract.paths
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            for template in templates {
                // A path with its segments filled, and a parameter no route takes.
                let path = template.replacingOccurrences(of: "{code}", with: "MX")
                    .replacingOccurrences(of: "{identifier}", with: "US-GOV-1-72052318CA00005")
                    .replacingOccurrences(of: "{run}", with: "1")
                let response = try await client.execute(uri: path + "?nosuch=1", method: .get)
                #expect(response.status == .badRequest, "\(path)")
                let json = try JSONValue.parse(bytes(response.body))
                #expect(json["parameter"]?.string == "nosuch", "\(path)")
                #expect(json["detail"]?.string?.hasPrefix("unknown parameter \"nosuch\"; \(path) takes") == true)
            }
            // The misspelling this guards against: `search` for `q` listed every activity as if it matched.
            let search = try await client.execute(uri: "/api/v1/activities?search=justicia", method: .get)
            let detail = try JSONValue.parse(bytes(search.body))["detail"]?.string ?? ""
            #expect(search.status == .badRequest && detail.contains("country, lang, largest, limit, offset, pillar, q"))
            // Pages ignore what they do not read: a shared link may carry a `utm_source`.
            let page = try await client.execute(uri: "/countries/MX?utm_source=newsletter", method: .get)
            #expect(page.status == .ok)
        }
    }

    @Test("each API response has its documented status, media type and schema, and the security headers")
    func responsesMatchDocument() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            let contract = try OpenAPIContract(yaml: try OpenAPIDocument.yaml())
            for (uri, status) in Self.requests {
                let path = String(uri.split(separator: "?")[0])
                let response = try await client.execute(uri: uri, method: .get)
                #expect(Int(response.status.code) == status, "\(uri): \(String(buffer: response.body))")
                let contentType = response.headers[.contentType] ?? ""
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true, "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                let template = try #require(contract.template(for: path), "\(uri) has no documented path")
                let schema = try contract.responseSchema(template: template, status: status, contentType: contentType)
                guard contentType.contains("json") else { continue }
                let json = try JSONValue.parse(bytes(response.body))
                let problems = try contract.validate(json, schema)
                #expect(problems.isEmpty, "\(uri): \(problems.prefix(5))")
                if status >= 400 {
                    #expect(contentType == "application/problem+json", "\(uri)")
                    #expect(json["status"] == .integer(Int64(status)), "\(uri)")
                    #expect(json["instance"]?.string == path, "\(uri)")
                }
            }
        }
    }

    @Test("the portfolio JSON's Mexico total equals a SUM over the allocations, computed apart")
    func portfolioCrossCheck() async throws {
        let store = try await WebFixture.shared.store()
        let app = try await WebFixture.application()
        let body = try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/portfolio?country=MX", method: .get) { bytes($0.body) }
        }
        let json = try JSONValue.parse(body)
        let apiCents = json["rows"]!.items.reduce(Int64(0)) { total, row in
            total + Int64((row["amountUSD"]!.double! * 100).rounded())
        }
        let sqlCents = try await store.scalar(
            """
            SELECT SUM(usd_cents) FROM allocation WHERE recipient = 'MX' AND measure = 'disbursement'
              AND pillar <> 'out_of_scope' AND usd_cents IS NOT NULL
            """)
        #expect(apiCents == sqlCents)
        #expect(apiCents > 100_000_000_00)  // USAID disbursed more than USD 100 million in scope in Mexico
        #expect(json["source"]?.string == "iati")
        #expect(json["sources"]!.items.map { $0["file"]?.string } == ["usaid-mx.xml"])
        // Each year's shares: its denominators add up to the whole's, and each share is its own rows' arithmetic.
        let years = json["sharesByYear"]!.items
        #expect(years.count > 5)
        let cents = { (value: JSONValue?) in Int64(((value?.double ?? .nan) * 100).rounded()) }
        #expect(years.reduce(Int64(0)) { $0 + cents($1["denominatorUSD"]) } == cents(json["shares"]?["denominatorUSD"]))
        for year in years {
            let rows = json["rows"]!.items.filter { $0["fiscalYear"] == year["fiscalYear"] }
            let classified = rows.filter { !["unclassified", "out_of_scope"].contains($0["pillar"]?.string ?? "") }
            let interdiction = classified.filter { $0["pillar"]?.string == "interdiction" }
            let total = classified.reduce(Int64(0)) { $0 + cents($1["amountUSD"]) }
            #expect(total == cents(year["denominatorUSD"]))
            let share = 1 - Double(interdiction.reduce(Int64(0)) { $0 + cents($1["amountUSD"]) }) / Double(total)
            #expect(abs((year["beyondInterdiction"]?.double ?? -1) - share) < 1e-9)
        }
        // The Greenbook's shares are withheld, year by year too.
        let greenbook = try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/portfolio?source=greenbook&measure=obligation", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
        }
        #expect(greenbook["sharesByYear"]?.items.isEmpty == true)
    }

    @Test("the donors view by calendar year says its basis; ForeignAssistance.gov's fiscal years refuse it by name")
    func donorsCalendarYear() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            let mix = try await client.execute(uri: "/api/v1/donors?country=SV&calendarYear=true", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            #expect(mix["fiscalYearBasis"]?.string == "calendar")
            #expect(mix["notes"]!.items.contains { $0.string?.contains("by calendar year") == true })
            let refused = try await client.execute(uri: "/api/v1/donors?usSource=fa&calendarYear=true", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            #expect(refused["parameter"]?.string == "calendarYear")
        }
    }

    @Test("a country's name where its code belongs is a 400 that suggests the code; an unknown code is refused plainly")
    func countryNameSuggestsCode() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            for (query, detail) in [
                (
                    "country=M%C3%A9xico",
                    "country must be an ISO 3166 alpha-2 code (MX) or a recipient key such as region:489; got "
                        + "\"México\"; did you mean MX (Mexico)?"
                ),
                (
                    "country=XX",
                    "country: \"XX\" is not an ISO 3166-1 alpha-2 code (a recipient code that is not ISO is code:XX)"
                ),
            ] {
                let response = try await client.execute(uri: "/api/v1/portfolio?" + query, method: .get) { $0 }
                #expect(response.status == .badRequest)
                #expect(try JSONValue.parse(bytes(response.body))["detail"]?.string == detail)
            }
        }
    }

    @Test("a country known only from a recorded engagement has its entry, with no source of money")
    func engagementOnlyCountries() async throws {
        let (store, app) = try await WebFixture.ledger(iati: ["iati-activities/usaid-us-gov-1/usaid-sv.xml"])
        _ = try await EngagementImporter(store: store).importFile(
            path: SharedData.path("engagements/engagements-2025.csv"))
        try await app.test(.router) { client in
            let list = try await client.execute(uri: "/api/v1/countries", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            // A struct, not a tuple: this toolchain (Swift 6.3.1) can run the wrong closure where key paths to tuple
            // elements meet closures in #expect inside a closure (seen in this suite; see the README's Tests).
            struct Entry {
                var code: String
                var sources: Int
                var engagements: Bool
            }
            let entries = list["items"]!.items.map { item in
                Entry(
                    code: item["code"]?.string ?? "", sources: item["sources"]!.items.count,
                    engagements: item["engagements"] == .bool(true))
            }
            // El Salvador from its IATI file; Ecuador and Mexico only as partners of the 2025 engagements, so none
            // of their sources holds money.
            let codes = entries.map { entry in entry.code }
            let engaged = entries.filter { entry in entry.engagements }.map { entry in entry.code }
            let withoutMoney = entries.filter { entry in entry.sources == 0 }.map { entry in entry.code }
            #expect(codes == ["SV", "EC", "MX"].sorted())
            #expect(engaged == ["EC", "MX"])
            #expect(withoutMoney == ["EC", "MX"])
            let mexico = try await client.execute(uri: "/api/v1/countries/MX", method: .get)
            #expect(mexico.status == .ok)
        }
    }

    @Test("lists page with totals: the pages of a list join to the whole list")
    func paging() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            let whole = try await client.execute(uri: "/api/v1/activities?country=SV&limit=500", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            let total = Int(whole["total"]!.double!)
            #expect(total > 20)
            #expect(whole["items"]!.items.count == total)
            var joined: [JSONValue] = []
            var offset = 0
            while offset < total {
                let page = try await client.execute(
                    uri: "/api/v1/activities?country=SV&limit=7&offset=\(offset)", method: .get
                ) { try JSONValue.parse(bytes($0.body)) }
                #expect(Int(page["total"]!.double!) == total)
                joined += page["items"]!.items
                offset += 7
            }
            #expect(joined == whole["items"]!.items)
            // Largest first pages the same way, and holds the same activities in its own order.
            var largest: [JSONValue] = []
            offset = 0
            while offset < total {
                let page = try await client.execute(
                    uri: "/api/v1/activities?country=SV&largest=true&limit=7&offset=\(offset)", method: .get
                ) { try JSONValue.parse(bytes($0.body)) }
                largest += page["items"]!.items
                offset += 7
            }
            let disbursed = largest.map { $0["disbursedUSD"]!.double! }
            #expect(
                disbursed == disbursed.sorted(by: >)
                    && disbursed != whole["items"]!.items.map { $0["disbursedUSD"]!.double! })
            #expect(
                Set(largest.map { $0["identifier"]!.string! })
                    == Set(whole["items"]!.items.map { $0["identifier"]!.string! }))
        }
    }

    @Test("an activity names the rule behind every part; its parts add up to each transaction")
    func activityDetail() async throws {
        let app = try await WebFixture.application()
        let json = try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/activities/US-GOV-1-72052318CA00005", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
        }
        let transactions = json["transactions"]!.items
        #expect(!transactions.isEmpty)
        for transaction in transactions {
            let parts = transaction["parts"]!.items
            #expect(parts.allSatisfy { $0["rule"]?.string?.isEmpty == false })
            let sum = parts.reduce(0.0) { $0 + $1["amount"]!.double! }
            #expect(abs(sum - transaction["value"]!.double!) < 0.005)
        }
        #expect(json["source"]?["file"]?.string == "usaid-mx.xml")
    }

    @Test("the crosswalk JSON is the bundled file's rules, read back the same, with the ledger's own label")
    func crosswalkJSON() async throws {
        let app = try await WebFixture.application()
        let body = try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/crosswalk", method: .get) { bytes($0.body) }
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(object["appliedToLedger"] as? String == "atalaya-pillars 1.3.0")
        let inner = try JSONSerialization.data(withJSONObject: try #require(object["crosswalk"]))
        #expect(try Crosswalk.decode(inner) == WebFixture.allocator().crosswalk)
    }

    @Test("read-only and bounded: other methods are 405 with Allow, HEAD has no body, long targets are 414")
    func methodsAndLimits() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            for method in [HTTPRequest.Method.post, .put, .delete, .patch] {
                let response = try await client.execute(
                    uri: "/api/v1/runs", method: method, body: ByteBuffer(string: "{}"))
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            let head = try await client.execute(uri: "/api/v1/runs", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            let long = try await client.execute(
                uri: "/api/v1/runs?x=" + String(repeating: "a", count: 5000), method: .get)
            #expect(long.status == .uriTooLong)
            let longProblem = try JSONSerialization.jsonObject(with: bytes(long.body)) as? [String: Any]
            #expect(longProblem?["type"] as? String == "/api/v1/problems#uri-too-long")
            let missing = try await client.execute(uri: "/nowhere", method: .get, headers: [.accept: "text/html"])
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "text/html; charset=utf-8")
            #expect(missing.headers[.contentSecurityPolicy] != nil)
        }
    }

    @Test("a request over the time limit gets a 503 problem, not a hang")
    func timeout() async throws {
        let app = try await WebFixture.application(timeout: .nanoseconds(1))
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/countries/MX", method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(!String(buffer: response.body).contains("Error"))
        }
    }

    @Test("the server binds loopback unless told otherwise")
    func loopbackDefault() {
        #expect(WebSettings().host == "127.0.0.1")
        #expect(WebSettings().port == 8080)
    }

    @Test("a real HTTP server answers over a socket")
    func live() async throws {
        let store = try SQLiteStore.inMemory()
        let allocator = try WebFixture.allocator()
        _ = try await IATIImporter(store: store, allocator: allocator).importFile(
            path: SharedData.path("iati-activities/usaid-us-gov-1/usaid-sv.xml"))
        _ = try await OfficialImporter(store: store, classifier: OfficialClassifier(crosswalk: allocator.crosswalk))
            .importFile(
                path: BundledData.demoGreenbook.path, source: .greenbook, vintage: BundledData.demoGreenbookVintage)
        let web = try AtalayaWeb(
            store: store, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source,
            settings: WebSettings(requestTimeout: WebFixture.requestTimeout, today: { "2025-11-29" }))
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "atalaya.web.tests")
        logger.logLevel = .warning
        let app = Application(
            router: web.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                port.yield(channel.localAddress?.port ?? 0)
                port.finish()
            }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            let bound = try #require(await ports.first { _ in true })
            // The client waits as long as the other web tests' requests may (`WebFixture.requestTimeout`), not
            // HummingbirdTesting's live 20 s: with the whole suite at once on two cores, this answer waited longer
            // than that in two CI runs of 7 December, whose every other test passed.
            let client = TestClient(
                host: "127.0.0.1", port: bound, configuration: .init(timeout: WebFixture.requestTimeout))
            client.connect()
            let response = try await client.execute(
                TestClient.Request("/api/v1/countries/SV", method: .get, authority: "127.0.0.1"))
            try await client.shutdown()
            #expect(response.status == .ok)
            let json = try JSONValue.parse(bytes(response.body ?? ByteBuffer()))
            #expect(json["name"]?.string == "El Salvador")
            #expect(json["sources"] == .array([.string("iati"), .string("greenbook")]))
        }
    }

    @Test("answers are revalidated with ETags and recomputed when an import changes the ledger")
    func cacheFollowsImports() async throws {
        let store = try SQLiteStore.inMemory()
        let allocator = try WebFixture.allocator()
        let importer = IATIImporter(store: store, allocator: allocator)
        _ = try await importer.importFile(path: SharedData.path("iati-activities/usaid-us-gov-1/usaid-sv.xml"))
        let web = try AtalayaWeb(
            store: store, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source,
            // The fixture's time limit: under a loaded test run the first answer took longer than the default 10 s
            // and came back a 503 without an ETag.
            settings: WebSettings(requestTimeout: WebFixture.requestTimeout, today: { "2025-11-29" }))
        let app = Application(router: web.router())
        try await app.test(.router) { client in
            let first = try await client.execute(uri: "/api/v1/portfolio", method: .get)
            let etag = try #require(first.headers[.eTag])
            let again = try await client.execute(uri: "/api/v1/portfolio", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            _ = try await importer.importFile(path: SharedData.path("iati-activities/usaid-us-gov-1/usaid-ec.xml"))
            let after = try await client.execute(uri: "/api/v1/portfolio", method: .get, headers: [.ifNoneMatch: etag])
            #expect(after.status == .ok)
            #expect(after.headers[.eTag] != etag)
            let countries = Set(
                try JSONValue.parse(bytes(after.body))["rows"]!.items.compactMap { $0["country"]?.string })
            #expect(countries.contains("EC") && countries.contains("SV"))
        }
    }
}

@Suite("Web: small pieces")
struct WebPiecesTests {
    @Test("today's date without a formatter agrees with ISO 8601 in UTC")
    func today() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        #expect(WebSettings.systemToday() == formatter.string(from: Date()))
    }

    @Test("a port another program holds is refused in words: the address, the system's reason, what to do")
    func portTaken() async throws {
        // setup: a socket listening on a free loopback port, as another program would
        let holder = try #require(SilentListener())
        let port = holder.port
        let allocator = try WebFixture.allocator()
        let web = try AtalayaWeb(
            store: try await WebFixture.shared.store(), crosswalk: allocator.crosswalk,
            ratesSource: allocator.rates.source, settings: WebSettings(host: "127.0.0.1", port: port))
        var logger = Logger(label: "atalaya.web.tests")
        logger.logLevel = .critical
        // MUT: the application `atalaya serve` runs, on that port
        do {
            try await web.application(logger: logger).run()
            Issue.record("the server started on a port another socket holds")
        } catch {
            // validate
            #expect(
                ListenError(error, host: "127.0.0.1", port: port)?.description
                    == "cannot listen on 127.0.0.1:\(port): Address already in use; another program is listening "
                    + "there; stop it, or choose another port with --port")
        }
        #expect(ListenError(CancellationError(), host: "127.0.0.1", port: port) == nil)
        withExtendedLifetime(holder) {}  // the port stays held until here
    }

    @Test("dollars from cents are exact decimals")
    func decimals() {
        for cents: Int64 in [0, 1, -1, 5, 100, 123_456_789, -987_654_321_012, Int64.max / 10] {
            #expect(PortfolioReport.decimal(cents) == Decimal(string: DecimalText.format(cents)), "\(cents)")
        }
    }
}
