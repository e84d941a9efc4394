import AtalayaCosign
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaSQLite
import AtalayaStore
import AtalayaTestSupport
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AtalayaWeb

/// A SYNTHETIC IATI file of one regional program: 1,000.00 USD disbursed in January 2024, split 60% to El Salvador
/// and 40% to Honduras by the activity's recipient percentages, in DAC sector 15130 (legal and judicial development).
let syntheticRegionalProgram = """
    <iati-activities version="2.03"><iati-activity last-updated-datetime="2099-01-01T00:00:00"
      default-currency="USD"><iati-identifier>SYNTHETIC-REGIONAL-1</iati-identifier>
    <reporting-org ref="US-GOV-1"><narrative>X</narrative></reporting-org>
    <title><narrative>Regional justice program</narrative></title>
    <recipient-country code="SV" percentage="60"/><recipient-country code="HN" percentage="40"/>
    <sector code="15130"/><transaction><transaction-type code="3"/>
    <transaction-date iso-date="2024-01-15"/><value value-date="2024-01-15">1000.00</value></transaction>
    </iati-activity></iati-activities>
    """

/// Monitoring periods made up for these tests: the BCIE program 500459 in El Salvador and in Honduras, and an
/// office-coded program in Guyana, where the ledger holds no money.
let syntheticMonitoringThreeCountries = """
    program,country,indicator,ascending,baseline,period_start,period_end,target,actual
    XM-DAC-46007-500459,SV,Judges trained in oral trial procedure,true,0,2024-01-01,2024-12-31,200,150
    XM-DAC-46007-500459,HN,Prosecutors trained in Honduras,true,0,2024-01-01,2024-12-31,80,20
    SYNTHETIC-OFFICE-GY-1,GY,Community police posts opened,true,0,2025-01-01,2025-06-30,12,9

    """

@Suite("Web: a partner's server answers for its own country only")
struct PartnerScopeTests {
    /// A ledger with El Salvador's and Mexico's USAID files, BCIE's, one SYNTHETIC regional program and SYNTHETIC
    /// monitoring periods in El Salvador, Honduras and Guyana.
    static func ledger() async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        let importer = IATIImporter(store: store, allocator: try WebFixture.allocator())
        for file in [
            "iati-activities/usaid-us-gov-1/usaid-sv.xml", "iati-activities/usaid-us-gov-1/usaid-mx.xml",
            "iati-activities/bcie-xm-dac-46007/bcie.xml",
        ] {
            _ = try await importer.importFile(path: SharedData.path(file))
        }
        _ = try await importer.importFile(
            path: try Scratch.file("SYNTHETIC-regional.xml", syntheticRegionalProgram))
        _ = try await MonitoringImporter(store: store).importFile(
            path: try Scratch.file("SYNTHETIC-monitoring-sv-hn-gy.csv", syntheticMonitoringThreeCountries))
        _ = try await AccountBudgetImporter(store: store).importFile(
            path: SharedData.path("state-dept-cbj-account-by-country/STATE budget by country.17.csv"),
            vintage: "2016-04-06", basis: .request, encoding: .windows1252)
        return store
    }

    /// Every API route on El Salvador's server, with the status it must get: the country's own answers, and a 403
    /// for another country, another country's program and the import history.
    static let requests: [(uri: String, status: Int)] = [
        ("/api/v1/portfolio", 200), ("/api/v1/portfolio?country=SV", 200), ("/api/v1/portfolio?country=MX", 403),
        ("/api/v1/portfolio?country=SV,MX", 403), ("/api/v1/countries", 200), ("/api/v1/countries/SV", 200),
        ("/api/v1/countries/MX", 403), ("/api/v1/activities?limit=500", 200), ("/api/v1/activities?country=MX", 403),
        ("/api/v1/activities/US-GOV-1-AID-519-C-13-00002", 200), ("/api/v1/activities/US-GOV-1-49B783BFBC02", 403),
        ("/api/v1/activities/SYNTHETIC-REGIONAL-1", 200), ("/api/v1/activities/no-such-activity", 404),
        ("/api/v1/indicators", 200), ("/api/v1/indicators?country=MX", 403), ("/api/v1/signals", 200),
        ("/api/v1/signals?country=MX", 403), ("/api/v1/results", 200), ("/api/v1/results?country=HN", 403),
        ("/api/v1/runs", 403), ("/api/v1/runs/removed", 403), ("/api/v1/runs/1/warnings", 403),
        ("/api/v1/crosswalk", 200), ("/api/v1/openapi.yaml", 200), ("/api/v1/budget", 200),
        ("/api/v1/budget?country=MX", 403), ("/api/v1/budget?region=WHA", 403), ("/api/v1/donors", 200),
        ("/api/v1/donors?country=MX", 403), ("/api/v1/capacity", 200), ("/api/v1/capacity?country=MX", 403),
    ]

    @Test("each API route answers for the partner's country, and a request for anything else is a documented 403")
    func apiRoutes() async throws {
        let store = try await Self.ledger()
        let scoped = try WebFixture.application(store: store, partner: "SV")
        try await scoped.test(.router) { client in
            let contract = try OpenAPIContract(yaml: try OpenAPIDocument.yaml())
            for (uri, status) in Self.requests {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(Int(response.status.code) == status, "\(uri): \(String(buffer: response.body))")
                let contentType = response.headers[.contentType] ?? ""
                guard contentType.contains("json") else { continue }
                let path = String(uri.split(separator: "?")[0])
                let template = try #require(contract.template(for: path))
                let schema = try contract.responseSchema(template: template, status: status, contentType: contentType)
                let json = try JSONValue.parse(bytes(response.body))
                #expect(try contract.validate(json, schema) == [], "\(uri)")
                if status == 403 {
                    #expect(json["type"]?.string == "/api/v1/problems#out-of-scope", "\(uri)")
                    #expect(json["detail"]?.string?.hasPrefix("this server answers for SV only") == true, "\(uri)")
                }
            }
            // The parameter at fault is named.
            let other = try await client.execute(uri: "/api/v1/portfolio?country=MX", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            #expect(other["parameter"]?.string == "country")
            // Answers that name no country are El Salvador's: the portfolio's rows, the countries, the signals.
            let portfolio = try await client.execute(uri: "/api/v1/portfolio", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            let rows = try #require(portfolio["rows"]?.items)
            #expect(!rows.isEmpty && rows.allSatisfy { $0["country"]?.string == "SV" })
            let countries = try await client.execute(uri: "/api/v1/countries", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            #expect(countries["items"]?.items.map { $0["code"]?.string } == ["SV"])
            let signals = try await client.execute(uri: "/api/v1/signals", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            #expect(signals.items.map { $0["country"]?.string } == ["SV"])
        }
        // The scoped answers equal the whole server's answers for El Salvador: the same portfolio, the same list of
        // programs, the same results.
        let whole = try WebFixture.application(store: store)
        for (scopedURI, wholeURI) in [
            ("/api/v1/portfolio", "/api/v1/portfolio?country=SV"),
            ("/api/v1/activities?limit=500", "/api/v1/activities?country=SV&limit=500"),
            ("/api/v1/results", "/api/v1/results?country=SV"),
            ("/api/v1/budget", "/api/v1/budget?country=SV"),
            ("/api/v1/donors", "/api/v1/donors?country=SV"),
            ("/api/v1/capacity", "/api/v1/capacity?country=SV"),
        ] {
            let mine = try await scoped.test(.router) { client in
                try await client.execute(uri: scopedURI, method: .get) { bytes($0.body) }
            }
            let theirs = try await whole.test(.router) { client in
                try await client.execute(uri: wholeURI, method: .get) { bytes($0.body) }
            }
            #expect(mine == theirs, "\(scopedURI)")
        }
    }

    @Test("an identifier typed without its prefix is guessed, on a partner's server among its country's programs only")
    func identifierGuess() async throws {
        let store = try await Self.ledger()
        for (partner, typed, guess) in [
            (nil, "AID-519-C-13-00002", "US-GOV-1-AID-519-C-13-00002"),  // El Salvador's
            (nil, "49b783bfbc02", "US-GOV-1-49B783BFBC02"),  // Mexico's, in other capitals
            ("SV", "AID-519-C-13-00002", "US-GOV-1-AID-519-C-13-00002"),
            ("SV", "49B783BFBC02", nil),  // Mexico's is not El Salvador's server's to name
        ] as [(String?, String, String?)] {
            let app = try WebFixture.application(store: store, partner: partner)
            try await app.test(.router) { client in
                let api = try await client.execute(uri: "/api/v1/activities/\(typed)", method: .get)
                #expect(api.status == .notFound)
                let detail = try JSONValue.parse(bytes(api.body))["detail"]?.string
                let expected = "no activity \(typed) in the ledger" + (guess.map { "; did you mean \($0)?" } ?? "")
                #expect(detail == expected, "\(partner ?? "all"): \(typed)")
                let page = try await client.execute(
                    uri: "/programs/\(typed)?lang=es", method: .get, headers: [.accept: "text/html"])
                #expect(page.status == .notFound)
                #expect(
                    String(buffer: page.body).contains(guess.map { "; ¿quiso decir \($0)?" } ?? "en el registro</p>"),
                    "\(partner ?? "all"): \(typed)")
            }
        }
    }

    @Test("a regional program shows only the partner's parts, and the partners' parts add up to the whole")
    func regionalProgram() async throws {
        let store = try await Self.ledger()
        func parts(_ app: some ApplicationProtocol) async throws -> [(recipient: String, cents: Int64)] {
            let json = try await app.test(.router) { client in
                try await client.execute(uri: "/api/v1/activities/SYNTHETIC-REGIONAL-1", method: .get) {
                    try JSONValue.parse(bytes($0.body))
                }
            }
            let all: [JSONValue] = (json["transactions"]?.items ?? []).flatMap { $0["parts"]?.items ?? [] }
            return all.map { part in
                let dollars: Double = part["amountUSD"]?.double ?? 0
                return (part["recipient"]?.string ?? "?", Int64((dollars * 100).rounded()))
            }
        }
        let whole = try await parts(try WebFixture.application(store: store))
        let salvador = try await parts(try WebFixture.application(store: store, partner: "SV"))
        let honduras = try await parts(try WebFixture.application(store: store, partner: "HN"))
        // 60% and 40% of 1,000.00 USD, each server seeing its own part only.
        // Computed before the checks, with closures: no key paths to tuple elements (see the README's Tests).
        let salvadorParts = salvador.map { part in "\(part.recipient) \(part.cents)" }
        let hondurasParts = honduras.map { part in "\(part.recipient) \(part.cents)" }
        let wholeCents = whole.reduce(Int64(0)) { sum, part in sum + part.cents }
        let wholeSalvador = whole.filter { part in part.recipient == "SV" }.map { part in part.cents }
        #expect(salvadorParts == ["SV 60000"] && hondurasParts == ["HN 40000"])
        #expect(wholeCents == 100_000 && wholeSalvador == [60_000])
        // The page says what it shows, and its split table holds only El Salvador's 600 dollars.
        let page = try await WebFixture.application(store: store, partner: "SV").test(.router) { client in
            try await client.execute(uri: "/programs/SYNTHETIC-REGIONAL-1", method: .get) { String(buffer: $0.body) }
        }
        #expect(page.contains("This server answers for El Salvador only"))
        let split = try await WebFixture.application(store: store, partner: "SV").test(.router) { client in
            try await client.execute(uri: "/programs/SYNTHETIC-REGIONAL-1?format=csv&table=split", method: .get) {
                String(buffer: $0.body)
            }
        }
        #expect(split.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").last } == ["600.00"])
        // Its recipients table and the programs list name El Salvador alone; the region's server names both.
        let (recipients, listed, everyone) = try await WebFixture.application(store: store, partner: "SV").test(
            .router
        ) { client in
            (
                try await client.execute(
                    uri: "/programs/SYNTHETIC-REGIONAL-1?format=csv&table=recipients", method: .get
                ) { String(buffer: $0.body) },
                try await client.execute(uri: "/api/v1/activities?q=regional", method: .get) {
                    try JSONValue.parse(bytes($0.body))
                },
                try await WebFixture.application(store: store).test(.router) { client in
                    try await client.execute(uri: "/api/v1/activities?q=regional", method: .get) {
                        try JSONValue.parse(bytes($0.body))
                    }
                }
            )
        }
        #expect(recipients == "Recipient,Disbursements,Fiscal years\r\nSV,600.00,2024-2024\r\n")
        let names = { (json: JSONValue) in
            (json["items"]?.items ?? []).first { $0["identifier"]?.string == "SYNTHETIC-REGIONAL-1" }?["recipients"]?
                .items.compactMap(\.string)
        }
        #expect(names(listed) == ["SV"] && names(everyone) == ["HN", "SV"])
    }

    @Test("a program's monitoring periods of another country are not shown, nor its import runs")
    func monitoringOfAnotherCountry() async throws {
        let store = try await Self.ledger()
        for (partner, shown, hidden) in [
            ("SV", "Judges trained in oral trial procedure", "Prosecutors trained in Honduras"),
            ("HN", "Prosecutors trained in Honduras", "Judges trained in oral trial procedure"),
        ] {
            let page = try await WebFixture.application(store: store, partner: partner).test(.router) { client in
                try await client.execute(uri: "/programs/XM-DAC-46007-500459", method: .get) {
                    ($0.status, String(buffer: $0.body))
                }
            }
            #expect(page.0 == .ok, "\(partner)")
            #expect(page.1.contains(shown) && !page.1.contains(hidden), "\(partner)")
            #expect(!page.1.contains("href=\"/imports"), "\(partner)")
        }
        // BCIE's program has no money in Honduras: Honduras's server shows its monitoring periods and none of the
        // money placed on El Salvador.
        let json = try await WebFixture.application(store: store, partner: "HN").test(.router) { client in
            try await client.execute(uri: "/api/v1/activities/XM-DAC-46007-500459", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
        }
        #expect(json["transactions"]?.items.isEmpty == true && json["partnerCountry"]?.string == "HN")
    }

    @Test("every page a partner's server links to is answered, and none leads to another country or the imports")
    func crawl() async throws {
        let store = try await Self.ledger()
        let app = try WebFixture.application(store: store, partner: "SV")
        try await app.test(.router) { client in
            // The server opens on El Salvador's page, and its navigation names the country, not the region.
            let home = try await client.execute(uri: "/", method: .get) { String(buffer: $0.body) }
            #expect(home.contains("<title>El Salvador: security cooperation brief · Atalaya</title>"))
            #expect(home.contains("<li><a href=\"/\">El Salvador</a></li>") && !home.contains("href=\"/imports"))
            // Pages that would show another country, or the import history, are refused in words.
            for uri in [
                "/countries/MX", "/imports", "/imports/1", "/programs/US-GOV-1-49B783BFBC02", "/search?q=x&country=MX",
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: [.accept: "text/html"])
                #expect(response.status == .forbidden, "\(uri)")
                #expect(String(buffer: response.body).contains("<p>This server answers for SV only"), "\(uri)")
            }
            // Every link from the pages, followed breadth first (CSV downloads and the Spanish twins counted, not
            // followed), answers 200; no page links to another country's page or to the import history.
            var queue = ["/", "/signals", "/search?q=justicia", "/crosswalk"]
            var seen = Set(queue)
            var followed = 0
            while !queue.isEmpty, followed < 400 {
                let uri = queue.removeFirst()
                followed += 1
                let (status, body) = try await client.execute(uri: uri, method: .get) {
                    ($0.status, String(buffer: $0.body))
                }
                #expect(status == .ok, "\(uri)")
                guard !uri.contains("format=csv"), !uri.hasPrefix("/api/"), !uri.contains("lang=es") else { continue }
                for match in body.matches(of: /href="(\/[^"#]*)/) {
                    let link = String(match.1).replacingOccurrences(of: "&amp;", with: "&")
                    guard !link.hasPrefix("/assets/") else { continue }
                    #expect(!link.hasPrefix("/imports"), "\(uri) links to \(link)")
                    if link.hasPrefix("/countries/") {
                        #expect(link.hasPrefix("/countries/SV"), "\(uri) links to \(link)")
                    }
                    if seen.insert(link).inserted { queue.append(link) }
                }
            }
            // The crawl reached El Salvador's programs, BCIE's and the regional one among them.
            #expect(seen.contains("/programs/XM-DAC-46007-500459") && seen.contains("/programs/SYNTHETIC-REGIONAL-1"))
            #expect(followed > 100)
        }
    }

    @Test("a country known from monitoring data alone has a page and a row of signals, and a partner's server there")
    func monitoredOnly() async throws {
        let store = try await Self.ledger()
        #expect(try await store.monitoredCountries() == ["GY", "HN", "SV"])
        let whole = try WebFixture.application(store: store)
        try await whole.test(.router) { client in
            let page = try await client.execute(uri: "/countries/GY?format=csv&table=results", method: .get) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(page.0 == .ok)
            #expect(page.1.contains("Community police posts opened,SYNTHETIC-OFFICE-GY-1,2025-06-30,0,12,9,0.7500"))
            let signals = try await client.execute(uri: "/api/v1/signals", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            let watched = signals.items.compactMap { $0["country"]?.string }
            #expect(watched.contains("GY"))
            // The API lists it among the countries, with no source of money; those with money say whether
            // monitoring data names them too.
            let contract = try OpenAPIContract(yaml: try OpenAPIDocument.yaml())
            let countries = try await client.execute(uri: "/api/v1/countries", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            #expect(
                try contract.validate(
                    countries,
                    contract.responseSchema(template: "/api/v1/countries", status: 200, contentType: "application/json")
                )
                    == [])
            let listed = Dictionary(
                uniqueKeysWithValues: (countries["items"]?.items ?? []).compactMap { item in
                    item["code"]?.string.map { ($0, item) }
                })
            #expect(listed["GY"]?["sources"]?.items.isEmpty == true && listed["GY"]?["monitoring"]?.bool == true)
            #expect(listed["SV"]?["monitoring"]?.bool == true && listed["SV"]?["sources"]?.items.isEmpty == false)
            #expect(listed["MX"]?["monitoring"]?.bool == false)
            #expect(countries["total"]?.double == Double(listed.count))
            let one = try await client.execute(uri: "/api/v1/countries/GY", method: .get) {
                ($0.status, try JSONValue.parse(bytes($0.body)))
            }
            #expect(
                one.0 == .ok && one.1["monitoring"]?.bool == true && one.1["links"]?["page"]?.string == "/countries/GY")
            // Filtered by a source of money, it is not listed: it has none.
            let iati = try await client.execute(uri: "/api/v1/countries?source=iati", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            #expect(iati["items"]?.items.contains { $0["code"]?.string == "GY" } == false)
            // A country neither money nor monitoring data names still has no page, and no entry.
            #expect(try await client.execute(uri: "/countries/UY", method: .get) { $0.status } == .notFound)
            #expect(try await client.execute(uri: "/api/v1/countries/UY", method: .get) { $0.status } == .notFound)
        }
        let guyana = try await WebFixture.application(store: store, partner: "GY").test(.router) { client in
            try await client.execute(uri: "/", method: .get) { ($0.status, String(buffer: $0.body)) }
        }
        #expect(guyana.0 == .ok && guyana.1.contains("Guyana: security cooperation brief"))
        #expect(guyana.1.contains("all from the program office&#39;s monitoring data"))
    }

    @Test("a counterpart's co-signature shows beside the readings it covers: on the page, in its CSV and in the API")
    func cosigned() async throws {
        let store = try await Self.ledger()
        let path = try Scratch.file("SYNTHETIC-monitoring-sv.csv", syntheticMonitoring)
        let run = try await MonitoringImporter(store: store).importFile(path: path).run.id
        let key = Curve25519.Signing.PrivateKey()
        _ = try await store.registerCosigner(
            country: "SV", name: "SYNTHETIC Ministry of Justice", publicKey: CosignKeys.publicKey(of: key))
        let cosignature = try CosignFile.sign(path: path, country: "SV", key: key)
        _ = try await store.recordCosignature(cosignature)
        let app = try WebFixture.application(store: store, partner: "SV")
        try await app.test(.router) { client in
            let csv = try await client.execute(uri: "/countries/SV?format=csv&table=results", method: .get) {
                String(buffer: $0.body)
            }
            let monitored = csv.split(separator: "\r\n").filter { $0.contains(",monitoring,\(run),") }
            #expect(monitored.count == 3)
            // Who co-signed, then the file's date (none: the file was imported without a vintage), then why not
            // assessable (none: each has a progress).
            #expect(monitored.allSatisfy { $0.hasSuffix(",SYNTHETIC Ministry of Justice (\(cosignature.signedAt)),,") })
            let iatiRows = csv.split(separator: "\r\n").filter { $0.contains(",IATI,") }
            #expect(
                iatiRows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).suffix(3).first == "" }
            )
            let page = try await client.execute(uri: "/countries/SV", method: .get) { String(buffer: $0.body) }
            #expect(page.contains("<td>SYNTHETIC Ministry of Justice, \(cosignature.signedAt.prefix(10))</td>"))
            // The counterpart's own country's periods due are theirs to download; another country's are not.
            #expect(try await client.execute(uri: "/countries/SV/due.csv", method: .get) { $0.status } == .ok)
            #expect(try await client.execute(uri: "/countries/HN/due.csv", method: .get) { $0.status } == .forbidden)
            // The region's file, on a partner's server, is its own country's.
            let regionDue = try await client.execute(uri: "/results/due.csv?asOf=2026-02-01", method: .get) {
                ($0.headers[.contentDisposition], String(buffer: $0.body))
            }
            #expect(regionDue.0 == "attachment; filename=\"atalaya-due-SV-2026-02-01.csv\"")
            #expect(
                regionDue.1.split(separator: "\n").dropFirst().map { $0.prefix(27) } == ["SYNTHETIC-OFFICE-SV-001,SV,"])
            #expect(
                page.contains(
                    "; all from the program office&#39;s monitoring data, 3 co-signed by the partner country."))
            let api = try await client.execute(uri: "/api/v1/results?asOf=2025-11-29", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            let contract = try OpenAPIContract(yaml: try OpenAPIDocument.yaml())
            let schema = try contract.responseSchema(
                template: "/api/v1/results", status: 200, contentType: "application/json")
            #expect(try contract.validate(api, schema) == [])
            #expect(api["status"]?["cosigned"]?.double == 3)
            let signers = (api["readings"]?.items ?? []).filter { $0["source"]?.string == "monitoring" }.map {
                $0["cosignedBy"]?.items.first?["signer"]?.string
            }
            #expect(signers == Array(repeating: "SYNTHETIC Ministry of Justice", count: 3))
        }
    }
}
