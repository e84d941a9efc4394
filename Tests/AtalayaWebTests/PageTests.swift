import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaInsights
import AtalayaReports
import AtalayaSQLite
import AtalayaStore
import AtalayaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AtalayaWeb

@Suite("Web: the pages")
struct PageTests {
    /// The runs a portfolio JSON's rows name, gathered by `key` of each row (a row without one is left out).
    static func runs<Key: Hashable>(of portfolio: JSONValue, by key: (JSONValue) -> Key?) -> [Key: Set<Int>] {
        var gathered: [Key: Set<Int>] = [:]
        for row in portfolio["rows"]?.items ?? [] {
            guard let value = key(row) else { continue }
            gathered[value, default: []].formUnion((row["runs"]?.items ?? []).compactMap { $0.double.map { Int($0) } })
        }
        return gathered
    }

    /// Every page with a request that must succeed, and what its DOM must hold.
    static let pages: [(uri: String, marks: [String])] = [
        (
            "/",
            [
                "<h1>The region at a glance</h1>", "<svg role=\"img\" class=\"map\"", "id=\"table-countries\"",
                "id=\"table-years\"", "href=\"/countries/MX?source=iati\"",
            ]
        ),
        ("/?lang=es", ["<html lang=\"es\">", "La región de un vistazo", "Descargar CSV", "hreflang=\"en\""]),
        (
            "/?source=greenbook&from=2011",
            [
                "The Greenbook names accounts, not sectors", "withheld",
                "For the mix, see <a href=\"/?source=fa\">ForeignAssistance.gov</a> or <a href=\"/?source=iati\">",
            ]
        ),
        (
            "/countries/MX",
            [
                "Mexico: security cooperation brief", "<svg role=\"img\"", "id=\"table-programs\"",
                "href=\"/programs/US-GOV-1-",
            ]
        ),
        (
            "/countries/SV?lang=es&source=greenbook",
            ["<html lang=\"es\">", "El Salvador: nota sobre cooperación en seguridad"]
        ),
        (
            "/programs/US-GOV-1-72052318CA00005",
            [
                "id=\"table-participants\"", "id=\"table-split\"", "id=\"table-results\"", "usaid-mx.xml",
                "<td>Government (10)</td>",  // organisation types named by IATI's codelist
                "All of the activity's money, in scope or not",
                "<th scope=\"col\" class=\"num\">Disbursements</th>",
                "<a href=\"/crosswalk#rule-",  // each part's rule, linked to its row on the crosswalk page
            ]
        ),
        (
            // USAID's one budget in Mexico, with no type given: planned money in its own table.
            "/programs/US-GOV-1-AID-523-LA-11-00001",
            [
                "id=\"table-budgets\"", "<th scope=\"row\">FY2011</th><td>–</td><td>indicative</td><td>USD</td>",
                "never added to the transactions",
            ]
        ),
        (
            "/crosswalk",
            [
                "<h1>The pillar crosswalk</h1>", "atalaya-pillars 1.3.0: 28 rules, tried in order",
                "id=\"table-rules\"",
                "<tr id=\"rule-dac-justice\">", "funding account: 11x1082",
                "words in the title or description: corruption, anti corruption",
            ]
        ),
        ("/crosswalk?lang=es", ["La tabla de correspondencias de pilares", "Coincide cuando", "Justicia"]),
        (
            "/signals",
            [
                "<h1>Signals worth watching</h1>", "id=\"table-signals\"", "As of 2025-11-29",
                "<strong>IATI</strong> · <a href=\"/signals?source=fa\">ForeignAssistance.gov</a>",
            ]
        ),
        (
            "/imports",
            ["id=\"table-runs\"", "usaid-sv.xml", "us_foreignaid_greenbook_lac_1946-2020.csv", "href=\"/imports/1\""]
        ),
        (
            "/imports/1?lang=es",
            [
                "Importación 1: usaid-mx.xml", "id=\"table-warnings\"", "SHA-256",
                "<dt>Filas / transacciones</dt><dd>3,350</dd>", "Avisos (ninguno)",
            ]
        ),
        (
            "/countries/CO?source=greenbook",
            [
                "The Greenbook names accounts, not sectors: justice and anti-corruption money cannot be told apart",
                "Shares not computed: the Greenbook names accounts, not sectors",
            ]
        ),
        ("/search", ["<form class=\"filters\" method=\"get\" action=\"/search\">"]),
        ("/search?q=corrupcion", ["programs match", "id=\"table-programs\""]),
        // One program is one (Insyde, A.C. implements one of Mexico's).
        ("/search?q=Insyde", ["<p role=\"status\">1 program matches “Insyde”.</p>"]),
        ("/search?q=Insyde&lang=es", ["<p role=\"status\">1 programa coincide con «Insyde».</p>"]),
        // On one pillar the money columns are that pillar's, as the caption says.
        (
            "/search?q=justice&pillar=justice",
            ["Matching programs — money on Justice and rule of law, USD, every fiscal"]
        ),
        (
            "/search?q=justicia&pillar=justice&lang=es",
            ["— montos en Justicia y Estado de derecho, USD, todos los años"]
        ),
        ("/api/v1/problems", ["id=\"invalid-parameter\""]),
    ]

    @Test("each page renders with its landmarks, one h1, no inline script or style, and the language it was asked")
    func pagesRender() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            for (uri, marks) in Self.pages {
                let response = try await client.execute(uri: uri, method: .get)
                let html = String(buffer: response.body)
                #expect(response.status == .ok, "\(uri): \(html.prefix(300))")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(uri)")
                for mark in marks { #expect(html.contains(mark), "\(uri) lacks \(mark)") }
                // USAID reports no expenditures: no legend entry for a measure with no bar.
                if uri.hasPrefix("/programs/") {
                    #expect(html.contains("</svg>disbursements</li>"), "\(uri)")
                    #expect(!html.contains("expenditures</li>"), "\(uri)")
                }
                // The pages speak to a reader, not to the command line (its options are for its own output).
                #expect(!html.contains("--source"), "\(uri)")
                #expect(html.components(separatedBy: "<h1").count == 2, "\(uri): one h1")
                #expect(
                    html.contains("<main id=\"main\">") && html.contains("<a class=\"skip\" href=\"#main\">"), "\(uri)")
                #expect(!html.contains("<script") && !html.contains("style=") && !html.contains("<style"), "\(uri)")
                #expect(html.contains("<link rel=\"stylesheet\" href=\"/assets/atalaya.css\">"), "\(uri)")
                // Every table has a caption and column headers.
                let tables = html.components(separatedBy: "<table").count - 1
                #expect(html.components(separatedBy: "<caption>").count - 1 == tables, "\(uri)")
            }
        }
    }

    @Test("a path cut back by hand leads to the page that lists what it held, in the language asked")
    func collectionPathsRedirect() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            for (uri, target) in [
                ("/countries", "/"), ("/countries/", "/"), ("/countries?lang=es", "/?lang=es"),
                ("/programs", "/search"), ("/programs/?lang=es", "/search?lang=es"), ("/programs?lang=fr", "/search"),
                ("/api", "/api/v1/openapi.yaml"), ("/api/v1/", "/api/v1/openapi.yaml"),
                ("/api?lang=es", "/api/v1/openapi.yaml"),
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .seeOther, "\(uri)")
                #expect(response.headers[.location] == target, "\(uri)")
                // Where it leads is a page (or the API's description).
                let landed = try await client.execute(uri: target, method: .get)
                #expect(landed.status == .ok, "\(uri) → \(target)")
            }
        }
    }

    @Test("a country's programs come largest first, by the disbursements the table shows")
    func programsLargestFirst() async throws {
        let app = try await WebFixture.application()
        let html = try await app.test(.router) { client in
            try await client.execute(uri: "/countries/MX", method: .get) { String(buffer: $0.body) }
        }
        #expect(html.contains("IATI programs, largest first — in-scope money to Mexico, USD, every fiscal year held ("))
        // The brief's coverage note points to the Greenbook view of this country, not to a command-line option.
        #expect(html.contains("compare <a href=\"/countries/MX?source=greenbook\">the Greenbook</a>."))
        #expect(!html.contains("--source"))
        let table = try #require(html.components(separatedBy: "id=\"table-programs\"").last)
        // The last numeric cell of each row is the disbursed amount.
        let disbursed = table.components(separatedBy: "</tr>").compactMap { row -> Decimal? in
            guard let cell = row.components(separatedBy: "<td class=\"num\">").last, row.contains("<td class=\"num\">")
            else { return nil }
            return Decimal(string: String(cell.prefix { $0 != "<" }).replacingOccurrences(of: ",", with: ""))
        }
        #expect(disbursed.count > 20)
        #expect(disbursed == disbursed.sorted(by: >))
        // The page shows whole dollars with thousands separators; the CSV has the exact amounts they round.
        #expect(table.contains(/<td class="num">\d{1,3}(,\d{3})+<\/td><td>FY\d{4}/))
        let csv = try await app.test(.router) { client in
            try await client.execute(uri: "/countries/MX?format=csv&table=programs", method: .get) {
                String(buffer: $0.body)
            }
        }
        // Titles and headers may hold quoted commas, so columns are counted from the end: disbursed, fiscal years,
        // then what the money is and the run of each program's file (Mexico's one file here).
        let lines = csv.split(separator: "\r\n")
        #expect(
            lines.first?.hasSuffix(
                ",\"Disbursed, USD\",Fiscal years,source,measure,currency,dollars,fiscal_year_basis,scope,runs") == true
        )
        let store = try await WebFixture.shared.store()
        let mexico = try #require(try await store.runs().first { $0.fileName == "usaid-mx.xml" }?.id)
        #expect(
            lines.dropFirst().allSatisfy {
                $0.hasSuffix(",iati,commitment disbursement,USD,current,us_federal,security,\(mexico)")
            })
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast(7) }
        let cells = rows.compactMap { $0.dropLast().last }
        #expect(rows.allSatisfy { $0.last?.wholeMatch(of: /\d{4}(-\d{4})?/) != nil })  // "2014-2022", or one year
        #expect(cells.allSatisfy { $0.wholeMatch(of: /-?\d+\.\d\d/) != nil })  // dollars and cents, no separators
        #expect(cells.compactMap { Decimal(string: String($0))?.rounded(0) } == disbursed)
    }

    @Test("a pillar alone lists its programs on the search page, largest first by their money on it, as the API does")
    func programsOnAPillar() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/search?pillar=justice&limit=200", method: .get) {
                String(buffer: $0.body)
            }
            #expect(
                html.contains(" programs have money on Justice and rule of law, largest first by disbursements on it."))
            #expect(html.contains("Matching programs — money on Justice and rule of law, USD, every fiscal year held"))
            #expect(html.contains("<option value=\"justice\" selected>Justice and rule of law</option>"))
            let table = try #require(html.components(separatedBy: "id=\"table-programs\"").last)
            let listed = table.matches(of: /<a href="\/programs\/([^"?]+)"/).map { String($0.output.1) }
            // The same programs in the same order as the API's largest-first list on the pillar, and its amounts.
            struct Page: Decodable {
                struct Item: Decodable {
                    struct OnPillar: Decodable { var disbursedUSD: Decimal }
                    var identifier: String
                    var onPillar: OnPillar?
                }
                var items: [Item]
                var total: Int
            }
            let api = try await client.execute(
                uri: "/api/v1/activities?pillar=justice&largest=true&limit=200", method: .get
            ) { try JSONDecoder().decode(Page.self, from: bytes($0.body)) }
            #expect(api.total == api.items.count && api.total > 10)
            #expect(listed == api.items.map(\.identifier))
            let amounts = api.items.compactMap { $0.onPillar?.disbursedUSD }
            #expect(amounts.count == api.total && amounts == amounts.sorted(by: >))
            // Mexico's largest on justice is PROJUST.
            #expect(listed.first == "US-GOV-1-AID-523-C-14-00003")
            // Its CSV says the money is the pillar's alone.
            let csv = try await client.execute(
                uri: "/search?pillar=justice&limit=200&format=csv&table=programs", method: .get
            ) { String(buffer: $0.body) }
            let lines = csv.split(separator: "\r\n")
            #expect(lines.first?.hasSuffix(",scope,runs,pillar") == true && lines.count == listed.count + 1)
            #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(",justice") })
            // Words still rank by relevance unless largest first is asked for; Spanish says the same in Spanish.
            let spanish = try await client.execute(uri: "/search?pillar=justice&lang=es", method: .get) {
                String(buffer: $0.body)
            }
            #expect(spanish.contains(" programas tienen montos en Justicia y Estado de derecho, de mayor a menor"))
            let words = try await client.execute(uri: "/search?q=justice&pillar=justice", method: .get) {
                String(buffer: $0.body)
            }
            #expect(words.contains("<option value=\"\" selected>Relevance (largest first without words)</option>"))
            // Money the crosswalk left out of scope can be listed too, and says it is; the CSV names it.
            let outside = try await client.execute(uri: "/search?pillar=out_of_scope", method: .get) {
                String(buffer: $0.body)
            }
            #expect(outside.contains("<option value=\"out_of_scope\" selected>Out of scope</option>"))
            #expect(outside.contains(" programs have out-of-scope money, largest first by disbursements on it."))
            #expect(outside.contains("Matching programs — out-of-scope money, USD, every fiscal year held (1–50 / "))
            let second = try await client.execute(uri: "/search?pillar=out_of_scope&offset=50", method: .get) {
                String(buffer: $0.body)
            }
            #expect(second.contains("every fiscal year held (51–100 / "))
            let outsideCSV = try await client.execute(
                uri: "/search?pillar=out_of_scope&format=csv&table=programs", method: .get
            ) { String(buffer: $0.body) }
            #expect(outsideCSV.split(separator: "\r\n").dropFirst().allSatisfy { $0.hasSuffix(",out_of_scope") })
            // A pillar no program has money on: the caption still says whose money the empty list would show.
            let none = try await client.execute(uri: "/api/v1/activities?pillar=intelligence", method: .get) {
                try JSONDecoder().decode(Page.self, from: bytes($0.body))
            }
            #expect(none.total == 0)
            let empty = try await client.execute(uri: "/search?pillar=intelligence", method: .get) {
                String(buffer: $0.body)
            }
            #expect(empty.contains("0 programs have money on Intelligence and information sharing, largest first"))
            #expect(
                empty.contains(
                    "Matching programs — money on Intelligence and information sharing, USD, every fiscal year held (0 / 0)"
                ))
            // The country page and the region page link each pillar's programs; the Greenbook view does not.
            let mexico = try await client.execute(uri: "/countries/MX", method: .get) { String(buffer: $0.body) }
            #expect(mexico.contains("<a href=\"/search?pillar=justice&amp;country=MX\">Justice and rule of law</a>"))
            let region = try await client.execute(uri: "/?lang=es", method: .get) { String(buffer: $0.body) }
            #expect(region.contains("<a href=\"/search?pillar=justice&amp;lang=es\">Justicia y Estado de derecho</a>"))
            let greenbook = try await client.execute(uri: "/?source=greenbook", method: .get) {
                String(buffer: $0.body)
            }
            #expect(!greenbook.contains("/search?pillar="))
            // Mexico has more programs than its page's table holds (200): the page links the search's list of all.
            #expect(
                mexico.contains(
                    "<p class=\"note\"><a href=\"/search?country=MX\">All 289 programs, a page at a time</a></p>"))
            // Kept to one country, the sentence names it; a country alone lists its programs.
            let kept = try await client.execute(uri: "/search?pillar=justice&country=MX", method: .get) {
                String(buffer: $0.body)
            }
            #expect(kept.contains(" programs have money on Justice and rule of law to Mexico, largest first by "))
            let country = try await client.execute(uri: "/search?country=MX&lang=es", method: .get) {
                String(buffer: $0.body)
            }
            #expect(
                country.contains(" programas con montos para México, de mayor a menor por desembolsos en el ámbito."))
            // No words, pillar or country: the form alone.
            let blank = try await client.execute(uri: "/search", method: .get) { String(buffer: $0.body) }
            #expect(!blank.contains("id=\"table-programs\"") && blank.contains("name=\"pillar\""))
        }
    }

    @Test("a country page lists the partner-country implementers the local-ownership share counts, adding up to it")
    func localImplementers() async throws {
        let app = try await WebFixture.application()
        let (html, csv, signals, spanish) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/countries/MX", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/countries/MX?format=csv&table=local", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/api/v1/signals?country=MX", method: .get) {
                    try JSONValue.parse(bytes($0.body))
                },
                try await client.execute(uri: "/countries/MX?lang=es", method: .get) { String(buffer: $0.body) }
            )
        }
        let table = try #require(html.components(separatedBy: "id=\"table-local\"").last)
        #expect(
            table.contains(
                "<th scope=\"row\">Instituto para la Seguridad y la Democracia, A.C.</th><td>Regional NGO (23)</td>"
                    + "<td>a legal form registered in the country</td><td class=\"num\">2,869,741</td>"))
        #expect(table.contains("<td>its name names the country or its people</td>"))
        #expect(spanish.contains("<td>forma jurídica registrada en el país</td>"))
        // The CSV keeps the type code, the evidence code and exact dollars; its rows add up to the share's numerator.
        let lines = csv.split(separator: "\r\n")
        #expect(lines.first?.hasPrefix("Implementer,Type as published,Evidence,\"Disbursed, USD\",source,") == true)
        #expect(
            lines.contains(
                "Alianza Heartland Mexico,23,name,2792408.00,iati,disbursement,USD,current,us_federal,security,1"))
        let dollars = lines.dropFirst().compactMap { line in
            line.split(separator: ",").dropLast(7).last.flatMap { Decimal(string: String($0)) }
        }
        #expect(dollars.count == 25 && dollars == dollars.sorted(by: >))
        let ownership = try #require(signals.items.first?["ownership"])
        guard case .integer(let localCents) = ownership["localCents"] else {
            Issue.record("no localCents in \(ownership)")
            return
        }
        #expect(dollars.reduce(0, +) * 100 == Decimal(localCents))
        #expect(ownership["localImplementers"]?.items.count == 25)
        // A program page says the same of its own implementer, and nothing of USAID.
        let (participants, programES) = try await app.test(.router) { client in
            (
                try await client.execute(
                    uri: "/programs/US-GOV-1-AID-523-A-16-00003?format=csv&table=participants", method: .get
                ) { String(buffer: $0.body) },
                try await client.execute(uri: "/programs/US-GOV-1-AID-523-A-16-00003?lang=es", method: .get) {
                    String(buffer: $0.body)
                }
            )
        }
        let rows = participants.split(separator: "\r\n")
        #expect(rows.first == "Organisation,Role,Reference,Type,Partner-country body (why)")
        #expect(
            rows.contains(
                "CONSEJO CIUDADANO DE SEGURIDAD Y JUSTICIA DE CHIHUAHUA A.C.,Implementing,XM-DAC-63000,"
                    + "Private Sector (70),MX:legal_form"))
        #expect(rows.contains("U.S. Agency for International Development,Funding,US-GOV-1,Government (10),"))
        #expect(programES.contains("<td>MX (forma jurídica)</td>"))
    }

    @Test("a program's transactions come oldest first, numbered as in the file, on its page and from `explain`")
    func transactionsByDate() async throws {
        // USAID lists this El Salvador program's 160 transactions by sector, each sector's by date: FY2018 first.
        let identifier = "US-GOV-1-AID-519-A-17-00002"
        let app = try await WebFixture.application()
        let csv = try await app.test(.router) { client in
            try await client.execute(uri: "/programs/\(identifier)?format=csv&table=transactions", method: .get) {
                String(buffer: $0.body)
            }
        }
        let rows = csv.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", maxSplits: 2) }
        let dates = rows.map { String($0[1]) }
        let numbers = rows.map { Int($0[0]) ?? 0 }
        var seen = Set<Int>()
        let order = numbers.filter { seen.insert($0).inserted }
        #expect(order.count == 160 && Set(order) == Set(1...160))
        #expect(dates == dates.sorted() && dates.first == "2016-12-31" && dates.last == "2025-01-31")
        // The file's order is not by date, and within a date the file's order stands.
        #expect(order != order.sorted() && order.first == 10)
        for (a, b) in zip(rows, rows.dropFirst()) where a[1] == b[1] { #expect(Int(a[0]) ?? 0 <= Int(b[0]) ?? 0) }
        // `atalaya explain` prints them in the same order.
        let store = try await WebFixture.shared.store()
        let explained = try #require(try await store.explain(identifier: identifier))
        let printed = ExplainReport.render(explained, rules: [:]).split(separator: "\n")
            .filter { $0.hasPrefix("transaction ") }
            .map { Int($0.dropFirst("transaction ".count).prefix { $0 != ":" }) ?? 0 }
        #expect(printed == order)
        // A page at a time: 50 of them from the oldest, then the last 10; the CSV has all 160 whatever the page.
        try await app.test(.router) { client in
            func page(_ query: String) async throws -> (html: String, numbers: [Int]) {
                let html = try await client.execute(uri: "/programs/\(identifier)?\(query)", method: .get) {
                    String(buffer: $0.body)
                }
                let after = try #require(html.components(separatedBy: "id=\"table-transactions\"").last)
                let table = try #require(after.components(separatedBy: "</table>").first)
                // Each row opens with its transaction's number; an empty table's one row says so, with no number.
                let rows = table.components(separatedBy: "<tbody>").last?.components(separatedBy: "<tr>") ?? []
                let numbers = rows.filter { !$0.contains("colspan") }.compactMap {
                    Int($0.drop { !$0.isNumber }.prefix { $0.isNumber })
                }
                var seen = Set<Int>()
                return (html, numbers.filter { seen.insert($0).inserted })
            }
            let first = try await page("limit=50")
            #expect(first.html.contains("and the rule behind each part (1–50 / 160) <a class=\"download\""))
            #expect(first.numbers == Array(order.prefix(50)))
            #expect(first.html.contains("rel=\"next\" href=\"/programs/\(identifier)?limit=50&amp;offset=50\""))
            #expect(!first.html.contains("rel=\"prev\""))
            let last = try await page("limit=50&offset=150")
            #expect(
                last.html.contains("(151–160 / 160) <a class=\"download\"") && last.numbers == Array(order.suffix(10)))
            #expect(last.html.contains("rel=\"prev\"") && !last.html.contains("rel=\"next\""))
            let past = try await page("limit=50&offset=200&lang=es")
            #expect(
                past.html.contains("la regla de cada parte (0 / 160) <a class=\"download\"") && past.numbers.isEmpty)
            #expect(
                past.html.contains(
                    ">Más allá de la última de sus 160 transacciones: las páginas anteriores las contienen.<"))
            // Under the default of 200 the whole program is one page, without a pager.
            let whole = try await page("")
            #expect(whole.numbers == order && !whole.html.contains("class=\"pager\""))
            let paged = try await client.execute(
                uri: "/programs/\(identifier)?format=csv&table=transactions&limit=50&offset=50", method: .get
            ) { String(buffer: $0.body) }
            #expect(paged == csv)
        }
    }

    @Test("a program page says who its money is for, recipient by recipient, adding up to its pillar split")
    func programRecipients() async throws {
        // USAID's Caribbean file: a USD 3,500 commitment to non-ISO code 1000 in FY2024, disbursed there in FY2025
        // and taken back under code 1031 the same year.
        let small = try await WebFixture.ledger(iati: ["iati-activities/usaid-us-gov-1/usaid-caribbean.xml"]).app
        try await small.test(.router) { client in
            let html = try await client.execute(uri: "/programs/US-GOV-1-72053824GR00005", method: .get) {
                String(buffer: $0.body)
            }
            // The chart reads in thousands, not "0.0" million; its tooltip gives the dollars.
            #expect(html.contains("<h2 id=\"money-h\">Money over time (USD thousands)</h2>"))
            #expect(html.contains(">3.5</text>"))
            #expect(html.contains("<title>FY2024 commitments: USD 3,500</title>"))
            let table = try #require(html.components(separatedBy: "id=\"table-recipients\"").last)
            #expect(
                table.contains(
                    "<a href=\"/countries/code:1000\">Non-ISO code 1000</a></th><td class=\"num\">3,500</td>"
                        + "<td class=\"num\">3,465</td><td>FY2024–FY2025</td>"))
            #expect(
                table.contains(
                    "<a href=\"/countries/code:1031\">Non-ISO code 1031</a></th><td class=\"num\"></td>"
                        + "<td class=\"num\">-3,465</td><td>FY2025</td>"))
            let csv = try await client.execute(
                uri: "/programs/US-GOV-1-72053824GR00005?format=csv&table=recipients", method: .get
            ) { String(buffer: $0.body) }
            #expect(
                csv.hasPrefix(
                    "Recipient,Commitments,Disbursements,Fiscal years\r\ncode:1000,3500.00,3465.00,2024-2025\r\n"
                        + "code:1031,,-3465.00,2025-2025\r\n"))
            // Each transaction's part as `atalaya explain` prints it, with the caveat the import flagged.
            let transactions = try await client.execute(
                uri: "/programs/US-GOV-1-72053824GR00005?format=csv&table=transactions", method: .get
            ) { String(buffer: $0.body) }
            #expect(
                transactions
                    == "Transaction,Date,Measure,Recipient,Sector,Pillar,Rule,USD,Fiscal year,Caveats\r\n"
                    + "1,2024-09-30,commitment,code:1000,16010,out_of_scope,default:out_of_scope,3500.00,2024,"
                    + "non-ISO recipient code\r\n"
                    + "2,2024-12-31,disbursement,code:1000,16010,out_of_scope,default:out_of_scope,3465.00,2025,"
                    + "non-ISO recipient code\r\n"
                    + "3,2025-02-28,disbursement,code:1031,16010,out_of_scope,default:out_of_scope,-3465.00,2025,"
                    + "non-ISO recipient code\r\n")
        }
        // Mexico's largest program: the recipients' money and the pillar split's, two sums of the same parts, agree
        // measure by measure; its fiscal years are those the country's programs table gives it.
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            let program = "/programs/US-GOV-1-AID-523-C-14-00003"
            func columns(_ table: String) async throws -> (header: [Substring], rows: [[Substring]]) {
                let csv = try await client.execute(uri: program + "?format=csv&table=" + table, method: .get) {
                    String(buffer: $0.body)
                }
                let lines = csv.split(separator: "\r\n").map {
                    $0.split(separator: ",", omittingEmptySubsequences: false)
                }
                return (lines[0], Array(lines.dropFirst()))
            }
            // A column counted from the end of its row: the split's notes hold quoted commas before the amounts.
            func total(_ table: (header: [Substring], rows: [[Substring]]), _ column: String) throws -> Decimal {
                let fromEnd = table.header.count - (try #require(table.header.firstIndex(of: Substring(column))))
                return table.rows.reduce(Decimal(0)) { $0 + (Decimal(string: String($1[$1.count - fromEnd])) ?? 0) }
            }
            let recipients = try await columns("recipients")
            #expect(recipients.rows.map { $0[0] } == ["MX"])
            #expect(recipients.rows.first?.last == "2014-2022")
            let split = try await columns("split")
            // The transactions table lists every part; its USD, summed by measure, is the split's third time over.
            let parts = try await columns("transactions")
            let usd = try #require(parts.header.firstIndex(of: "USD"))
            let measure = try #require(parts.header.firstIndex(of: "Measure"))
            for (column, key) in [("Commitments", "commitment"), ("Disbursements", "disbursement")] {
                #expect(try total(recipients, column) == total(split, column))
                #expect(try total(recipients, column) > 1_000_000)
                let listed = parts.rows.filter { $0[measure] == key }.reduce(Decimal(0)) {
                    $0 + (Decimal(string: String($1[usd])) ?? 0)
                }
                #expect(try listed == total(split, column))
            }
            #expect(parts.rows.count > 30 && parts.rows.allSatisfy { $0.count == parts.header.count })
            let html = try await client.execute(uri: program, method: .get) { String(buffer: $0.body) }
            #expect(html.contains("<h2 id=\"money-h\">Money over time (USD millions)</h2>"))
            // The page names the DAC purpose code from IATI's Sector codelist; the CSV keeps the code.
            #expect(html.contains("<td>15130 Legal and judicial development</td>"))
        }
    }

    @Test(
        "a program's transactions show the amount as reported beside the USD when a part was converted, and list a type that is no measure as not counted"
    )
    func programTransactions() async throws {
        // SYNTHETIC: 1,000.00 EUR disbursed to El Salvador in March 2023, and 500.00 EUR of incoming funds (type 1).
        let euros = """
            <iati-activities version="2.03"><iati-activity last-updated-datetime="2099-01-01T00:00:00"
              default-currency="EUR"><iati-identifier>SYNTHETIC-EUR-1</iati-identifier>
            <reporting-org ref="XM-SYNTHETIC"><narrative>X</narrative></reporting-org>
            <title><narrative>Synthetic justice program in euros</narrative></title>
            <recipient-country code="SV"/><sector code="15130"/>
            <transaction><transaction-type code="1"/><transaction-date iso-date="2023-01-10"/>
            <value value-date="2023-01-10">500.00</value></transaction>
            <transaction><transaction-type code="3"/><transaction-date iso-date="2023-03-15"/>
            <value value-date="2023-03-15">1000.00</value></transaction>
            </iati-activity></iati-activities>
            """
        let store = try SQLiteStore.inMemory()
        let importer = IATIImporter(store: store, allocator: try WebFixture.allocator())
        _ = try await importer.importFile(path: try Scratch.file("SYNTHETIC-eur.xml", euros))
        _ = try await importer.importFile(path: SharedData.path("iati-activities/worldbank-44000/worldbank-sv.xml"))
        let app = try WebFixture.application(store: store)
        try await app.test(.router) { client in
            let csv = try await client.execute(
                uri: "/programs/SYNTHETIC-EUR-1?format=csv&table=transactions", method: .get
            ) {
                String(buffer: $0.body)
            }
            // The IMF's 2023 rate for the euro area (row U2) is 0.9248395584706975 per dollar: 1,000 EUR is USD 1,081.27.
            #expect(
                csv == "Transaction,Date,Measure,Recipient,Sector,Pillar,Rule,Amount,Currency,USD,Fiscal year\r\n"
                    + "1,2023-01-10,\"type 1, not a measure: 500.00 EUR not counted\",,,,,,,,\r\n"
                    + "2,2023-03-15,disbursement,SV,15130,justice,dac-justice,1000.00,EUR,1081.27,2023\r\n")
            // The World Bank's loan repayments (type 5) are listed, not counted.
            let loan = try await client.execute(uri: "/programs/44000-P178734", method: .get) {
                String(buffer: $0.body)
            }
            #expect(loan.contains("<td>type 5, not a measure: -250,000.00 USD not counted</td>"))
            // Out of scope, and the Spanish page says so as the English one does.
            let spanishLoan = try await client.execute(uri: "/programs/44000-P178734?lang=es", method: .get) {
                String(buffer: $0.body)
            }
            #expect(loan.contains("<td>no rule matched; not security cooperation</td>"))
            #expect(spanishLoan.contains("<td>ninguna regla coincide; no es cooperación en seguridad</td>"))
            let spanish = try await client.execute(uri: "/programs/SYNTHETIC-EUR-1?lang=es", method: .get) {
                String(buffer: $0.body)
            }
            #expect(spanish.contains("<td>tipo 1, no es una medida: 500.00 EUR no se cuenta</td>"))
            #expect(spanish.contains("<th scope=\"col\">Moneda</th>"))
        }
    }

    @Test("the map colours each country by its beyond-interdiction share, the same share the table prints")
    func mapMatchesTable() async throws {
        let app = try await WebFixture.application()
        let html = try await app.test(.router) { client in
            try await client.execute(uri: "/?from=2019&to=2024", method: .get) { String(buffer: $0.body) }
        }
        // Mexico's tile tooltip and its table row carry the same percentage.
        let tip = try #require(html.firstMatch(of: /Mexico: beyond interdiction (\d+)%/))
        let row = try #require(
            html.firstMatch(
                of:
                    /<th scope="row"><a href="\/countries\/MX\?source=iati">Mexico<\/a><\/th><td>MX<\/td><td class="num">[0-9,-]+<\/td><td class="num">(\d+)%/
            ))
        #expect(tip.1 == row.1)
        // Honduras has no USAID file in this ledger: grey, not linked.
        #expect(html.contains("<g class=\"tile\"><title>Honduras: no money in this source with these filters</title>"))
        // What IATI leaves out is said before the map, whose tiles would otherwise read as the whole story, with a
        // link to the same view from the Greenbook in place of the command line's `--source greenbook`.
        let caveat = try #require(html.range(of: "USAID&#39;s files carry no military"))
        let map = try #require(html.range(of: "<svg role=\"img\" class=\"map\""))
        #expect(caveat.upperBound < map.lowerBound)
        #expect(html.contains("compare <a href=\"/?from=2019&amp;to=2024&amp;source=greenbook\">the Greenbook</a>."))
        #expect(!html.contains("--source"))
    }

    @Test("the region shows partner capacity beside the money: each country's latest values, through the years asked")
    func capacityTable() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/", method: .get) { String(buffer: $0.body) }
            #expect(html.contains("id=\"table-capacity\""))
            #expect(html.contains("never what the money caused"))
            // Mexico's rule of law, as the WGI file gives it for 2019, with its standard error.
            #expect(
                html.contains(
                    "<th scope=\"row\"><a href=\"/countries/MX?source=iati\">Mexico</a></th><td class=\"num\">"
                        + "-0.66 ± 0.14 (2019)</td>"))
            // Through the page's last year (the Greenbook has money for Mexico then); the CSV has each value exactly,
            // its year and its standard error.
            let csv = try await client.execute(
                uri: "/?source=greenbook&to=2010&format=csv&table=capacity", method: .get
            ) {
                String(buffer: $0.body)
            }
            let lines = csv.split(separator: "\r\n")
            let names = ["Rule of law (WGI)", "Control of corruption (WGI)", "Government effectiveness (WGI)"]
            let header: [String] =
                ["Country"] + names + ["Code"] + names.map { $0 + ": year" } + names.map { $0 + ": standard error" }
            #expect(lines.first.map(String.init) == header.joined(separator: ","))
            let mexico = try #require(lines.first { $0.hasPrefix("Mexico,") })
            #expect(
                mexico.hasPrefix("Mexico,-0.550830900669098,")
                    && mexico.contains(",MX,2010,2010,2010,0.13443423807621,"))
        }
        // The region's 33 states are the map's tiles.
        #expect(Set(RegionMap.tiles.keys) == Set(Countries.latinAmericaAndCaribbean))
    }

    @Test("a country page draws its context series over the years, the newest edition only, through its date")
    func capacityOverTime() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/countries/MX", method: .get) { String(buffer: $0.body) }
            #expect(html.contains("<h2 id=\"capacity-h\">Partner capacity over time</h2>"))
            // WGI's three estimates on one chart, each point with its value and standard error as its tooltip.
            #expect(html.contains("aria-labelledby=\"capacity-chart-wgi\""))
            let capacity = html.components(separatedBy: "<h2 id=\"capacity-h\">").last ?? ""
            #expect(
                capacity.components(separatedBy: "</section>")[0].components(separatedBy: "<polyline ").count - 1 == 3)
            #expect(html.contains("<title>2019 Rule of law (WGI): -0.66 ± 0.14 (WGI, 2020)</title>"))
            // WGI's scale runs through zero, and the dashed line there is labelled; the homicide chart's scale starts at 0.
            let wgi = capacity.components(separatedBy: "aria-labelledby=\"capacity-chart-wgi\"").last ?? ""
            #expect(
                wgi.components(separatedBy: "</svg>")[0].contains(
                    "<text x=\"0\" y=\"22\">2.5</text><text x=\"0\" y=\"170\">-2.5</text><line x1=\"48\" x2=\"616\" "
                        + "y1=\"100.0\" y2=\"100.0\" stroke=\"#999\" stroke-dasharray=\"4 3\"/><text x=\"0\" y=\"105\">0</text>"
                ))
            // Each line's change from its first year to its last, and whether the data can tell it from noise.
            #expect(
                html.contains(
                    "<li>Rule of law (WGI): -0.73 ± 0.19 (1996) to -0.66 ± 0.14 (2019), +0.07; within the margin of "
                        + "error (the 90% intervals overlap): by the WGI authors&#39; rule of thumb, not a change the "
                        + "data can confirm.</li>"))
            // The values by year: WGI's 21 years (none for 1997, 1999 or 2001), newest first, exact in the CSV.
            let csv = try await client.execute(uri: "/countries/MX?format=csv&table=capacity-years", method: .get) {
                String(buffer: $0.body)
            }
            let lines = csv.split(separator: "\r\n")
            #expect(
                lines.first
                    == "Year,Rule of law (WGI),Control of corruption (WGI),Government effectiveness (WGI)")
            #expect(lines.count == 1 + 21)
            #expect(lines[1].hasPrefix("2019,-0.658103585243225,"))
            #expect(!lines.contains { $0.hasPrefix("1997,") })
            // As of a date in FY2010, nothing later is drawn.
            let earlier = try await client.execute(
                uri: "/countries/MX?asOf=2010-06-30&format=csv&table=capacity-years", method: .get
            ) { String(buffer: $0.body) }
            #expect(earlier.split(separator: "\r\n").dropFirst().first?.hasPrefix("2010,-0.550830900669098,") == true)
        }
        // Homicide rates are drawn from zero to a round number above the highest; WGI on its own scale.
        #expect(SeriesLineChart.range(source: .homicide, values: [17.27, 137.96]) == (0, 150))
        #expect(SeriesLineChart.range(source: .homicide, values: [28.37]) == (0, 30))
        #expect(SeriesLineChart.range(source: .wgi, values: [-0.66, 0.23]) == (-2.5, 2.5))
    }

    @Test("every table downloads as CSV with the page's filters; formula-like cells are neutralised")
    func csvDownloads() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            let csv = try await client.execute(uri: "/?from=2019&format=csv&table=years", method: .get)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"atalaya-years.csv\"")
            let lines = String(buffer: csv.body).split(separator: "\r\n")
            #expect(lines.first?.hasPrefix("Fiscal year,") == true)
            // Each year's shares, then what every figure is: the trend beyond interdiction, as fractions in the CSV,
            // then the view's source, measure, currency, dollars, basis and scope, and the runs behind it.
            let context = ",source,measure,currency,dollars,fiscal_year_basis,scope,runs"
            #expect(lines.first?.hasSuffix(",Beyond interdiction,Institution building" + context) == true)
            #expect(
                lines.dropFirst().allSatisfy {
                    let share = $0.split(separator: ",").dropLast(7).last ?? ""
                    return share.hasPrefix("0.") || share == "1.0000"
                })
            // Each year's runs are those the portfolio's JSON gives that year's rows for the same filters, each one
            // among its sources.
            let api = try await client.execute(uri: "/api/v1/portfolio?from=2019", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            let sources = Set((api["sources"]?.items ?? []).compactMap { $0["run"]?.double.map { Int($0) } })
            let yearRuns = Self.runs(of: api) { $0["fiscalYear"]?.double.map { Int($0) } }
            #expect(yearRuns.count > 3 && yearRuns.values.allSatisfy { !$0.isEmpty && $0.isSubset(of: sources) })
            for line in lines.dropFirst() {
                let runs = (yearRuns[Int(line.dropFirst(2).prefix(4)) ?? 0] ?? []).sorted().map(String.init)
                #expect(
                    line.hasSuffix(",iati,disbursement,USD,current,us_federal,security," + runs.joined(separator: " ")),
                    "\(line)")
            }
            // The rows name different runs where the files cover different years.
            #expect(Set(yearRuns.values).count > 1, "\(yearRuns)")
            // The recipients' table the same, recipient by recipient, its shares as fractions.
            let countryRuns = Self.runs(of: api) { $0["country"]?.string }
            let recipients = try await client.execute(uri: "/?from=2019&format=csv&table=countries", method: .get) {
                String(buffer: $0.body).split(separator: "\r\n").dropFirst().map {
                    $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                }
            }
            #expect(recipients.count == countryRuns.count && !recipients.isEmpty)
            for row in recipients {
                let code = row.count > 1 ? row[1] : ""
                #expect(
                    row.last == (countryRuns[code] ?? []).sorted().map(String.init).joined(separator: " "), "\(row)")
                #expect(row.count > 4 && (row[3].hasPrefix("0.") || row[3] == "1.0000"), "\(row)")
            }
            #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("FY") && Int($0.dropFirst(2).prefix(4))! >= 2019 })
            // A country's money table says the same of its rows.
            let mix = try await client.execute(uri: "/countries/MX?format=csv&table=mix", method: .get) {
                String(buffer: $0.body).split(separator: "\r\n")
            }
            #expect(mix.count > 2 && mix.first?.hasSuffix(context) == true)
            #expect(mix.dropFirst().allSatisfy { $0.contains(",iati,disbursement,USD,current,us_federal,security,") })
            // Each year's own runs, as Mexico's rows in the portfolio's JSON give them.
            let mexico = try await client.execute(uri: "/api/v1/portfolio?country=MX", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            let mexicoRuns = Self.runs(of: mexico) { $0["fiscalYear"]?.double.map { Int($0) } }
            for line in mix.dropFirst() {
                let year = Int(line.dropFirst(2).prefix(4)) ?? 0
                let runs = (mexicoRuns[year] ?? []).sorted().map(String.init).joined(separator: " ")
                #expect(line.hasSuffix(",security," + runs), "\(line)")
            }
            let program = try await client.execute(
                uri: "/programs/US-GOV-1-72052318CA00005?format=csv&table=split", method: .get)
            #expect(String(buffer: program.body).hasPrefix("Pillar,Rule,Why,"))
            let wrong = try await client.execute(uri: "/?format=csv&table=nope", method: .get)
            #expect(wrong.status == .badRequest)
            #expect(String(buffer: wrong.body).contains("countries, capacity, years"))
        }
        let cells = ["=HYPERLINK(\"x\")", "-1.5", "+cmd", "@SUM(A1)", "\tTAB", "plain"].map(CSVField.escape)
        #expect(cells == ["\"'=HYPERLINK(\"\"x\"\")\"", "-1.5", "'+cmd", "'@SUM(A1)", "'\tTAB", "plain"])
    }

    @Test("a country's and the region's money tables give each year's total, the same as the portfolio's for that year")
    func moneyTotals() async throws {
        let app = try await WebFixture.application()
        let store = try await WebFixture.shared.store()
        // A country's table, and the region's (whose shares follow the total).
        for (uri, countries) in [("/countries/SV?format=csv&table=mix", ["SV"]), ("/?format=csv&table=years", [])] {
            let csv = try await app.test(.router) { client in
                try await client.execute(uri: uri, method: .get) { String(buffer: $0.body) }
            }
            let lines = csv.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let header = try #require(lines.first)
            let total = try #require(header.firstIndex(of: "Total"))
            #expect(total > 1 && lines.count > 5)
            for row in lines.dropFirst() {
                let year = try #require(Int(row[0].dropFirst(2).prefix(4)))
                let cents = row[1...total].map { DecimalText.cents($0)?.value ?? -1 }
                // The pillars add up to the total, and the total is the portfolio's, summed apart.
                #expect(cents.dropLast().reduce(0, +) == cents.last, "\(uri) \(year)")
                let portfolio = try await store.portfolio(
                    PortfolioQuery(
                        measure: .disbursement, countries: countries, fromYear: year, toYear: year, source: .iati))
                let summed = portfolio.cells.reduce(0) { $0 + $1.usdCents }
                #expect(summed == cents.last, "\(uri) \(year)")
            }
        }
    }

    @Test("the aged pipeline lists, largest first, the programs the accountability check counts, each traceable")
    func agedPipeline() async throws {
        let app = try await WebFixture.application()
        let store = try await WebFixture.shared.store()
        let (csv, html) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/countries/MX?format=csv&table=pipeline", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/countries/MX?lang=es", method: .get) { String(buffer: $0.body) }
            )
        }
        let reader = try CSVReader(
            path: try Scratch.file("pipeline-MX.csv", csv), displayName: "pipeline-MX.csv")
        #expect(try reader.next())
        var identifiers: [String] = []
        var notDisbursed: [Cents] = []
        while try reader.next() {
            identifiers.append(try reader.string(1, field: "IATI identifier"))
            let money = try (4...6).map { DecimalText.cents(try reader.string($0, field: "USD"))?.value ?? -1 }
            // Not disbursed is committed less disbursed, and something is left.
            #expect(money[2] == money[0] - money[1] && money[2] > 0, "\(identifiers.last ?? "")")
            notDisbursed.append(money[2])
        }
        // The same programs the check counts (the fixture's day, 2025-11-29; the file's of 2025-04-03), largest first.
        let programs = try await store.accountability(country: "MX", asOf: "2025-11-29")
        let counted = AccountabilitySummary(programs, asOf: "2025-11-29").agedPipelinePrograms
        #expect(!counted.isEmpty && Set(identifiers) == Set(counted) && identifiers.count == counted.count)
        #expect(notDisbursed == notDisbursed.sorted(by: >))
        // The page takes them from its brief, whose check read them once: the same programs, the same facts.
        let brief = try await BriefBuilder(store: store).brief(
            country: "MX", asOf: "2025-11-29", source: .iati, measure: .disbursement)
        #expect(brief.agedPipeline == programs.filter { $0.isAgedPipeline(asOf: "2025-11-29") })
        #expect(brief.agedPipeline.map(\.identifier) == brief.accountability?.agedPipelinePrograms)
        #expect(
            html.contains(
                "Compromisos antiguos sin desembolsar: programas con USD 1,000 o más en el ámbito para México"))
        #expect(html.contains("(\(counted.count))"))
    }

    @Test("a country page shows its State Department budget by account, a year a row, with the share; CSV in dollars")
    func budgetByAccount() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/countries/MX", method: .get) { String(buffer: $0.body) }
            #expect(html.contains("State Department budget by account"))
            // FY2017 (request): INCLE 80,000 + NADR 1,160 + IMET 1,500 + FMF 3,000 thousand = 85,660 of 134,664.
            #expect(html.contains("<th scope=\"row\">FY2017</th><td class=\"num\">80,000,000</td>"))
            // Beside it, the Greenbook's obligations from the same accounts (Python sums the bundled rows: 174,482,596).
            #expect(
                html.contains(
                    "<td class=\"num\">85,660,000</td><td class=\"num\">174,482,596</td><td class=\"num\">134,664,000</td>"
                ))
            #expect(html.contains("a difference is not an underspend or an overspend"))
            #expect(html.contains(">64%<") && html.contains("<td>request</td>"))
            let csv = try await client.execute(uri: "/countries/MX?format=csv&table=budget", method: .get)
            let lines = String(buffer: csv.body).split(separator: "\r\n")
            let header =
                "Fiscal year,INCLE,NADR,IMET,FMF,Security assistance,Obligated from these accounts (Greenbook),"
                + "All accounts,Security assistance share,Basis,Import"
            #expect(lines.first.map(String.init) == header)
            #expect(
                lines.last?.hasPrefix("FY2017,80000000.00,1160000.00,1500000.00,3000000.00,85660000.00,174482596.00,")
                    == true)
            let spanish = try await client.execute(uri: "/countries/MX?lang=es", method: .get) {
                String(buffer: $0.body)
            }
            #expect(
                spanish.contains("Presupuesto del Departamento de Estado por cuenta")
                    && spanish.contains("<td>solicitud</td>"))
        }
        // The region page: the Western Hemisphere's countries and regional programs, security assistance by year.
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/", method: .get) { String(buffer: $0.body) }
            #expect(html.contains("id=\"table-budget-region\""))
            #expect(
                html.contains(
                    "<th scope=\"row\">State Western Hemisphere Regional</th><td class=\"num\">244,270,000</td>"))
            #expect(
                html.contains(
                    "<a href=\"/countries/MX\">Mexico</a></th><td class=\"num\">90,660,000</td><td class=\"num\">85,660,000</td>"
                ))
            let csv = try await client.execute(uri: "/?format=csv&table=budget-region", method: .get)
            #expect(String(buffer: csv.body).contains("\r\nRegional programs' part of it,0.4"))
        }
        // A ledger with no budget table shows no such table.
        let (_, bare) = try await WebFixture.ledger(iati: ["iati-activities/usaid-us-gov-1/usaid-mx.xml"])
        try await bare.test(.router) { client in
            let html = try await client.execute(uri: "/countries/MX", method: .get) { String(buffer: $0.body) }
            #expect(html.contains("Money by pillar") && !html.contains("State Department budget"))
        }
    }

    @Test("Spanish pages say fiscal years, measures, coverage notes and signal statuses in Spanish")
    func spanishWords() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            for uri in ["/countries/MX?lang=es", "/?lang=es", "/programs/US-GOV-1-72052318CA00005?lang=es"] {
                let html = try await client.execute(uri: uri, method: .get) { String(buffer: $0.body) }
                #expect(html.contains(/>AF2\d</), "\(uri): a chart label as AF24")
                #expect(!html.contains(/\bFY\d/), "\(uri): an English fiscal year")
                #expect(!html.contains("disbursements") && !html.contains(">disbursement<"), "\(uri)")
                #expect(!html.contains("Crosswalk:"), "\(uri): the sources' crosswalk line in English")
            }
            let mexico = try await client.execute(uri: "/countries/MX?lang=es", method: .get) {
                String(buffer: $0.body)
            }
            #expect(
                mexico.contains("Pilares de justicia y anticorrupción, desembolsos de IATI, AF2024 frente a AF2023"))
            #expect(mexico.contains(/Reparto de la carga: .*\(AF20\d\d–AF20\d\d desembolsos\)/))
            // Coverage notes, the Greenbook's withheld shares and signal statuses, in Spanish too.
            let region = try await client.execute(uri: "/?lang=es&source=greenbook", method: .get) {
                String(buffer: $0.body)
            }
            #expect(region.contains("El Greenbook (préstamos y donaciones de EE. UU. en el exterior)"))
            #expect(region.contains("El Greenbook nombra cuentas, no sectores: solo los fondos militares"))
            #expect(!region.contains("names accounts, not sectors"))
            let signals = try await client.execute(uri: "/signals?lang=es", method: .get) { String(buffer: $0.body) }
            #expect(signals.contains("<td>sin registro</td>") && !signals.contains("<td>no record</td>"))
            // Joint strategies are feminine: "ninguna registrada", never "ninguno".
            #expect(signals.contains("<td>ninguna registrada</td>") && !signals.contains("ninguno registrado"))
            let english = try await client.execute(uri: "/countries/MX", method: .get) { String(buffer: $0.body) }
            #expect(english.contains("IATI disbursements, FY2024 against FY2023") && english.contains(">FY24<"))
            // Program titles in Spanish where USAID's file gives one (the largest programs, the programs table, the
            // aged pipeline, the search page and the API), in English on English pages. PROJUST's USD 15 left is under
            // the aged pipeline's floor, so RED-DH stands for that table.
            let projust = (
                en: "(PROJUST) Mexico Promoting Justice Reform / Promoviendo la Justicia",
                es: "(PROJUST) México Promoviendo la Reforma de la Justicia / Promoviendo la Justicia"
            )
            let spanishProgramTitles = mexico.components(separatedBy: projust.es).count - 1
            #expect(spanishProgramTitles == 2 && !mexico.contains(projust.en), "\(spanishProgramTitles)")
            let pipeline = try #require(mexico.firstMatch(of: /<table id="table-pipeline"[\s\S]*?<\/table>/)?.output)
            #expect(
                pipeline.contains("Actividad de Rendición de Cuentas en Derechos Humanos (RED-DH)")
                    && !pipeline.contains("Human Rights Accountability Activity (RED-DH)"))
            #expect(english.contains(projust.en) && !english.contains(projust.es))
            let found = try await client.execute(uri: "/search?q=PROJUST&lang=es", method: .get) {
                String(buffer: $0.body)
            }
            #expect(found.contains(projust.es) && !found.contains(projust.en))
            let api = try await client.execute(uri: "/api/v1/activities?q=PROJUST&lang=es", method: .get) {
                String(buffer: $0.body)
            }
            #expect(api.contains("\"title\":\"\(projust.es)\""))
            // Organisation types and purpose codes by their Spanish names (Code for IATI's lists), English in English.
            let program = try await client.execute(uri: "/programs/US-GOV-1-72052318CA00005?lang=es", method: .get) {
                String(buffer: $0.body)
            }
            #expect(program.contains("<td>Gobierno (10)</td>") && !program.contains("Government (10)"))
            #expect(program.contains("<td>15160 Derechos humanos</td>") && !program.contains("15160 Human rights"))
        }
    }

    @Test("every program link on a country page opens its program, identifiers with '/', '#' or ':' included")
    func programLinksResolve() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            // El Salvador's USAID file has `US-GOV-1-519-FSN-SAL/BEN-DG-FY22`, whose '/' once split the path.
            let html = try await client.execute(uri: "/countries/SV?format=csv&table=programs", method: .get) {
                String(buffer: $0.body)
            }
            #expect(html.contains("US-GOV-1-519-FSN-SAL/BEN-DG-FY22"))
            let page = try await client.execute(uri: "/countries/SV", method: .get) { String(buffer: $0.body) }
            let links = page.matches(of: /href="(\/programs\/[^"]+)"/).map { String($0.1) }
            #expect(links.contains("/programs/US-GOV-1-519-FSN-SAL%2FBEN-DG-FY22"))
            #expect(links.count > 100)
            for link in links {
                let response = try await client.execute(
                    uri: link.replacingOccurrences(of: "&amp;", with: "&"), method: .get)
                #expect(response.status == .ok, "\(link)")
            }
        }
    }

    @Test("each aged-pipeline and local-implementer row of a country's CSV names the run of its own program's file")
    func rowRunsOfAccountabilityTables() async throws {
        // El Salvador from two files: USAID's (run 1) and BCIE's (run 2).
        let (_, app) = try await WebFixture.ledger(iati: [
            "iati-activities/usaid-us-gov-1/usaid-sv.xml", "iati-activities/bcie-xm-dac-46007/bcie.xml",
        ])
        let (pipeline, local) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/countries/SV?format=csv&table=pipeline", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/countries/SV?format=csv&table=local", method: .get) {
                    String(buffer: $0.body)
                }
            )
        }
        func rows(_ csv: String) -> [[Substring]] {
            csv.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        }
        // Identifier second, runs last; titles with commas are quoted, so the identifier is read from the row's end.
        let programs = rows(pipeline).map { (identifier: $0.dropLast(12).last ?? "", runs: $0.last ?? "") }
        #expect(programs.contains { $0.identifier.hasPrefix("XM-DAC-46007-") })
        #expect(programs.contains { $0.identifier.hasPrefix("US-GOV-1-") })
        for program in programs {
            #expect(program.runs == (program.identifier.hasPrefix("XM-DAC-46007-") ? "2" : "1"), "\(program)")
        }
        // BCIE implements its own loans (a multilateral, not a partner-country body): every local body is USAID's.
        let bodies = rows(local)
        #expect(!bodies.isEmpty && bodies.allSatisfy { $0.last == "1" })
    }

    @Test("a country page lists its programs' indicators with a past target, worst first, as the brief counts them")
    func resultsTable() async throws {
        // BCIE reports results for El Salvador (USAID's files report none).
        let (store, app) = try await WebFixture.ledger(iati: [
            "iati-activities/usaid-us-gov-1/usaid-sv.xml", "iati-activities/bcie-xm-dac-46007/bcie.xml",
        ])
        let csv = try await app.test(.router) { client in
            try await client.execute(uri: "/countries/SV?format=csv&table=results", method: .get) {
                String(buffer: $0.body)
            }
        }
        let rows = csv.split(separator: "\r\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        // The thresholds the statuses were given by are named beside them.
        let html = try await app.test(.router) { client in
            try await client.execute(uri: "/countries/SV", method: .get) { String(buffer: $0.body) }
        }
        #expect(html.contains("; on track from 90% of the way to the target, at risk from 50%"))
        // The brief's sentence, computed apart from the same readings.
        let counts = ResultsStatus(try await store.indicatorReadings(country: "SV", asOf: "2025-11-29"))
        #expect(rows.count == counts.indicators && counts.indicators > 0)
        #expect(rows.filter { $0.first == "off track" }.count == counts.offTrack)
        #expect(rows.filter { $0.first == "not assessable" }.count == counts.notAssessable)
        // Worst first: every off-track row comes before any other.
        let statuses = rows.map { String($0.first ?? "") }
        #expect(statuses == statuses.sorted { ($0 == "off track" ? 0 : 1) < ($1 == "off track" ? 0 : 1) })
        // Source and run, then who co-signed (no one: IATI files are not co-signed), the file's date (BCIE's), and
        // why a reading is not assessable: the one here has its target equal to its baseline.
        #expect(rows.allSatisfy { $0.dropLast().suffix(4) == ["IATI", "2", "", "2025-12-12"] })
        #expect(rows.filter { $0.last == "target_is_baseline" }.count == counts.notAssessable)
        #expect(rows.filter { $0.last == "" }.count == counts.indicators - counts.notAssessable)

        // A program office's monitoring file then stands for the BCIE program's results: each row names it, and a
        // program the ledger holds no money for is listed without a link to a program page.
        let run = try await MonitoringImporter(store: store).importFile(
            path: try Scratch.file("SYNTHETIC-monitoring-sv.csv", syntheticMonitoring)
        ).run
        let (monitored, monitoredHTML) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/countries/SV?format=csv&table=results", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/countries/SV", method: .get) { String(buffer: $0.body) }
            )
        }
        let sources = monitored.split(separator: "\r\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).dropLast(3).suffix(2).joined(separator: " ")
        }
        #expect(sources == Array(repeating: "monitoring \(run.id)", count: 3))
        #expect(monitoredHTML.contains("<a href=\"/imports/\(run.id)\">\(run.id)</a>"))
        // A program only the monitoring file names has a page of its periods.
        #expect(monitoredHTML.contains("<a href=\"/programs/SYNTHETIC-OFFICE-SV-001\">SYNTHETIC-OFFICE-SV-001</a>"))
        let officePage = try await app.test(.router) { client in
            try await client.execute(uri: "/programs/SYNTHETIC-OFFICE-SV-001", method: .get) {
                ($0.status, String(buffer: $0.body))
            }
        }
        #expect(officePage.0 == .ok)
        #expect(officePage.1.contains("id=\"table-monitoring\"") && officePage.1.contains("no imported IATI file"))
        #expect(monitoredHTML.contains("all from the program office&#39;s monitoring data"))
        // The API gives the same readings, each as its documented schema has it.
        let api = try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/results?country=SV&asOf=2026-02-01", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
        }
        let contract = try OpenAPIContract(yaml: try OpenAPIDocument.yaml())
        let schema = try contract.responseSchema(
            template: "/api/v1/results", status: 200, contentType: "application/json")
        #expect(try contract.validate(api, schema) == [])
        #expect(api["status"]?["fromMonitoring"]?.double == 3)
        #expect(api["readings"]?.items.map { $0["source"]?.string } == ["monitoring", "monitoring", "monitoring"])
        // Two months on, the office's own program's second period is late; the country page lists it too.
        #expect(api["unreported"]?.items.map { $0["daysOverdue"]?.double } == [32])
        #expect(monitoredHTML.contains("id=\"table-unreported\""))
        // That late period is also a file to fill in, linked under the late periods, as `atalaya report due` writes
        // it; on the page's own day no monitoring period is due, and no link is shown.
        #expect(!monitoredHTML.contains("due.csv"))
        let (later, due, badDate, badParameter) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/countries/SV?asOf=2026-02-01&lang=es", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/countries/SV/due.csv?asOf=2026-02-01", method: .get) {
                    ($0.status, $0.headers[.contentType], $0.headers[.contentDisposition], String(buffer: $0.body))
                },
                try await client.execute(uri: "/countries/SV/due.csv?asOf=2026-02-31", method: .get) { $0.status },
                try await client.execute(uri: "/countries/SV/due.csv?as_of=2026-02-01", method: .get) { $0.status }
            )
        }
        #expect(
            later.contains(
                "El periodo de seguimiento entre ellos también es un archivo para completar: "
                    + "<a href=\"/countries/SV/due.csv?asOf=2026-02-01&amp;lang=es\" download>"
                    + "atalaya-due-SV-2026-02-01.csv</a>"))
        let stored = try await store.monitoringPeriods(country: "SV").map(\.period)
        #expect(due.0 == .ok && due.1 == "text/csv; charset=utf-8")
        #expect(due.2 == "attachment; filename=\"atalaya-due-SV-2026-02-01.csv\"")
        #expect(due.3 == MonitoringTemplate(stored: stored, asOf: "2026-02-01").csv())
        #expect(
            due.3.split(separator: "\n").dropFirst() == [
                "SYNTHETIC-OFFICE-SV-001,SV,Municipal violence prevention plans adopted,true,,2025-07-01,2025-12-31,20,"
            ])
        #expect(badDate == .badRequest && badParameter == .badRequest)
        // The region's results page links the same periods from every country monitoring data names (here El
        // Salvador alone), as `atalaya report due` without --country writes them.
        let (regionPage, regionDue) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/results?asOf=2026-02-01", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/results/due.csv?asOf=2026-02-01", method: .get) {
                    ($0.headers[.contentDisposition], String(buffer: $0.body))
                }
            )
        }
        #expect(
            regionPage.contains(
                "<a href=\"/results/due.csv?asOf=2026-02-01\" download>atalaya-due-region-2026-02-01.csv</a>"))
        #expect(regionDue.0 == "attachment; filename=\"atalaya-due-region-2026-02-01.csv\"")
        #expect(regionDue.1 == due.3)

        // The monitored program's page lists its monitoring periods beside its IATI results.
        let programPage = try await app.test(.router) { client in
            try await client.execute(uri: "/programs/XM-DAC-46007-500459", method: .get) { String(buffer: $0.body) }
        }
        let monitoringTable = try #require(programPage.firstRange(of: "id=\"table-monitoring\"")).lowerBound
        #expect(programPage[monitoringTable...].contains("in the results and reporting of SV"))
        #expect(programPage[monitoringTable...].components(separatedBy: "<a href=\"/imports/\(run.id)\">").count == 4)
    }

    @Test("empty results, late periods and warnings say what their emptiness means, and where results can come from")
    func programWithoutResults() async throws {
        let (store, app) = try await WebFixture.ledger(iati: ["iati-activities/usaid-us-gov-1/usaid-sv.xml"])
        // SYNTHETIC: an activity whose file names an indicator with no period.
        _ = try await IATIImporter(store: store, allocator: try WebFixture.allocator()).importFile(
            path: try Scratch.file(
                "SYNTHETIC-indicator-without-period.xml",
                """
                <iati-activities version="2.03"><iati-activity last-updated-datetime="2025-04-30T00:00:00"
                  default-currency="USD"><iati-identifier>SYNTHETIC-NO-PERIOD-1</iati-identifier>
                <reporting-org ref="XM-SYNTHETIC"><narrative>X</narrative></reporting-org>
                <title><narrative>Court administration</narrative></title><recipient-country code="SV"/>
                <sector code="15130"/><transaction><transaction-type code="3"/>
                <transaction-date iso-date="2024-01-15"/><value value-date="2024-01-15">1000.00</value></transaction>
                <result type="1"><title><narrative>Courts</narrative></title>
                <indicator measure="1" ascending="1"><title><narrative>Cases closed</narrative></title></indicator>
                </result></iati-activity></iati-activities>
                """))
        let usaid = "/programs/US-GOV-1-AID-519-A-17-00002"
        let page = { (uri: String) in
            try await app.test(.router) { client in
                try await client.execute(uri: uri, method: .get) { String(buffer: $0.body) }
            }
        }
        // USAID's files carry no results: the page says so and names the command that adds a program office's own.
        #expect(
            try await page(usaid).contains(
                "Its IATI file reports no result indicators for this program; a program office can add its own with "
                    + "<code>atalaya import monitoring</code>."))
        #expect(try await page(usaid + "?lang=es").contains("Su archivo IATI no informa indicadores de resultados"))
        #expect(
            try await page("/programs/SYNTHETIC-NO-PERIOD-1").contains(
                "Its IATI file names result indicators for this program, but no period of any of them."))
        // The country's results and late periods say what their emptiness means, and so does a run's warnings.
        let country = try await page("/countries/SV")
        #expect(country.contains("No indicator of these programs has a target in a period that ended before "))
        #expect(country.contains("No indicator period of these programs ended before "))
        #expect(!country.contains("Nothing to show."))
        #expect(try await page("/imports/1").contains("The file was read without a warning."))
        // With the office's data (SYNTHETIC), the page points to it, below.
        _ = try await MonitoringImporter(store: store).importFile(
            path: try Scratch.file(
                "SYNTHETIC-monitoring-usaid-sv.csv",
                """
                program,country,indicator,ascending,baseline,period_start,period_end,target,actual
                US-GOV-1-AID-519-A-17-00002,SV,Human rights complaints resolved,true,0,2024-01-01,2024-12-31,50,40

                """))
        let monitored = try await page(usaid)
        #expect(monitored.contains("Its IATI file reports no result indicators for this program; the program office"))
        #expect(monitored.contains("id=\"table-monitoring\"") && monitored.contains("Human rights complaints resolved"))
        #expect(!monitored.contains("Nothing to show."))
    }

    @Test("a period that ended after its file was made is marked on the pages, its file's date in the CSV")
    func endedAfterItsFile() async throws {
        let (store, app) = try await WebFixture.ledger(iati: ["iati-activities/bcie-xm-dac-46007/bcie.xml"])
        _ = try await IATIImporter(store: store, allocator: try WebFixture.allocator()).importFile(
            path: try Scratch.file("SYNTHETIC-after-file.xml", syntheticAfterFileActivity))
        let (page, late, readings, region, regionLate) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/countries/SV", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/countries/SV?format=csv&table=unreported", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/countries/SV?format=csv&table=results", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/results?lang=es", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/results?format=csv&table=unreported", method: .get) {
                    String(buffer: $0.body)
                }
            )
        }
        // The page marks the end of the one late period after the file (of two), and says what the mark means.
        let table = try #require(page.firstRange(of: "id=\"table-unreported\"")).lowerBound
        let unreported = page[table..<(try #require(page[table...].firstRange(of: "</table>")).upperBound)]
        #expect(unreported.contains("<td>2025-06-30*</td>") && unreported.contains("<td>2025-03-31</td>"))
        #expect(unreported.contains("* Ended on or after the day its file was made: only a newer file can report it."))
        #expect(page.contains("1 of the 2 without an actual ended on or after the day its file was made"))
        // The CSV keeps the end as given, with the file's date (a column the page leaves out) beside it.
        let lateRows = late.split(separator: "\r\n").map(String.init)
        #expect(lateRows.first?.hasSuffix(",Source,Import run,File date") == true)
        #expect(
            lateRows.dropFirst().map { $0.split(separator: ",").suffix(1).joined() } == ["2025-05-01", "2025-05-01"])
        #expect(!late.contains("*"))
        // The reading whose period ended after the file: its actual is a value to date, marked so.
        #expect(page.contains("<td>2025-09-30*</td>"))
        #expect(
            page.contains(
                "* The end of the period falls on or after the day its file was made: an actual, where given, is"))
        // The file's date is the next to last column; the last says why a reading is not assessable.
        let fileDates = readings.split(separator: "\r\n").dropFirst().map {
            $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().last ?? ""
        }
        #expect(fileDates.filter { $0 == "2025-05-01" }.count == 2)
        #expect(fileDates.filter { $0 == "2025-12-12" }.count == 10)
        // The region's page says the same, in Spanish here.
        #expect(region.contains("1 de los 2 sin valor venció el día en que se hizo su archivo o después"))
        #expect(region.contains("<td>2025-06-30*</td>"))
        #expect(region.contains("* Venció el día en que se hizo su archivo o después"))
        #expect(regionLate.split(separator: "\r\n").first?.hasSuffix(",Import run,File date") == true)
    }

    @Test("a program page marks the periods whose end falls on or after its file's date, as the World Bank's do")
    func programPeriodsAfterFile() async throws {
        // The World Bank's El Salvador file (made 2025-04-14) reports a project's periods to its closing date with
        // the values to date: of P171316's 23 periods, 21 end on or after the file's date, counted here off the raw
        // file (its budgets' periods left out).
        let (_, app) = try await WebFixture.ledger(iati: ["iati-activities/worldbank-44000/worldbank-sv.xml"])
        let text = try String(
            contentsOfFile: SharedData.path("iati-activities/worldbank-44000/worldbank-sv.xml"), encoding: .utf8)
        let begin = try #require(text.range(of: "<iati-identifier>44000-P171316</iati-identifier>")).lowerBound
        let end = try #require(text[begin...].range(of: "</iati-activity>")).lowerBound
        let ends = text[begin..<end].matches(of: /<period>.*?<period-end iso-date="([^"]+)"/.dotMatchesNewlines())
            .map { String($0.1) }
        let counted = ends.filter { $0 >= "2025-04-14" }.count
        #expect(ends.count == 23 && counted == 21)
        let (page, csv) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/programs/44000-P171316", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/programs/44000-P171316?format=csv&table=results", method: .get) {
                    String(buffer: $0.body)
                }
            )
        }
        let start = try #require(page.firstRange(of: "id=\"table-results\"")).lowerBound
        let table = page[start..<(try #require(page[start...].firstRange(of: "</table>")).upperBound)]
        #expect(table.components(separatedBy: "*</td>").count - 1 == counted)
        #expect(table.contains("The end of the period falls on or after the day its file was made"))
        #expect(table.contains("The file is dated 2025-04-14."))
        // The CSV keeps the periods as given.
        #expect(!csv.contains("*"))
    }

    @Test("a program's results say why a period has no progress, on its page in both languages and in its JSON")
    func unassessableProgress() async throws {
        // The World Bank's water project in El Salvador: its connections (0.00 to 130,000.00, none yet) read as 0%;
        // its target of 72,0000 people is no number; its outage hours and working ratio are to fall, though the file
        // says higher is better for every indicator.
        let (_, app) = try await WebFixture.ledger(iati: ["iati-activities/worldbank-44000/worldbank-sv.xml"])
        let (english, spanish, json) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/programs/44000-P178734", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/programs/44000-P178734?lang=es", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/api/v1/activities/44000-P178734", method: .get) {
                    try JSONValue.parse(bytes($0.body))
                }
            )
        }
        let rows = { (page: String) throws -> [String] in
            let start = try #require(page.firstRange(of: "id=\"table-results\"")).lowerBound
            let end = try #require(page[start...].firstRange(of: "</table>")).upperBound
            let pieces: [String] = page[start..<end].components(separatedBy: "<tr>")
            return Array(pieces.dropFirst(2))
        }
        let englishRows = try rows(english)
        #expect(englishRows.count == 11)
        let connections = englishRows.first { $0.contains("Number of connections rehabilitated") } ?? ""
        #expect(connections.contains(">130,000.00<") && connections.contains(">0%<"))
        let why = englishRows.compactMap { row in row.firstMatch(of: />n\/a: ([^<]*)</).map { String($0.1) } }
        #expect(
            why.sorted() == [
                "a value is not a number", "a value is not a number",
                "target below the baseline, yet higher is better", "target below the baseline, yet higher is better",
                "target below the baseline, yet higher is better",
            ])
        #expect(
            try rows(spanish).filter { $0.contains(">s/d: meta bajo la línea de base, aunque más alto es mejor<") }
                .count
                == 3)
        let periods = (json["results"]?.items ?? []).flatMap { $0["indicators"]?.items ?? [] }
            .flatMap { $0["periods"]?.items ?? [] }
        #expect(periods.count == 11)
        let reasons = periods.compactMap { $0["unassessable"]?.string }
        #expect(
            reasons.sorted() == [
                "not_a_number", "not_a_number", "wrong_direction", "wrong_direction", "wrong_direction",
            ])
        #expect(periods.filter { $0["progress"] != nil }.count == 6)
    }

    @Test("the region page draws each year's beyond-interdiction share, as the portfolio JSON gives it")
    func shareTrend() async throws {
        let app = try await WebFixture.application()
        let (html, json, greenbook) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/api/v1/portfolio", method: .get) {
                    try JSONValue.parse(bytes($0.body))
                },
                try await client.execute(uri: "/?source=greenbook", method: .get) { String(buffer: $0.body) }
            )
        }
        let section = try #require(html.firstRange(of: "<section aria-labelledby=\"trend-h\">"))
        let trend = String(html[section.lowerBound...]).components(separatedBy: "</section>")[0]
        #expect(trend.components(separatedBy: "<polyline ").count - 1 == 2)
        let years = json["sharesByYear"]?.items ?? []
        #expect(years.count > 5)
        for year in years {
            let fiscalYear = try #require(year["fiscalYear"]?.double.map { Int($0) })
            let share = try #require(year["beyondInterdiction"]?.double)
            let denominator = try #require(year["denominatorUSD"]?.double)
            // A share short of all never reads as 100%, nor one above none as 0%.
            let whole = Int((share * 100).rounded())
            let percent = share < 1 && whole == 100 ? "&gt;99" : share > 0 && whole == 0 ? "&lt;1" : "\(whole)"
            // The files' vintage, 2025-04-03, falls inside FY2025: that year is partial.
            let partial = fiscalYear >= 2025 ? " (partial)" : ""
            #expect(
                trend.contains(
                    "<title>FY\(fiscalYear)\(partial) Beyond interdiction: \(percent)% of USD "
                        + DecimalText.formatWhole(Cents((denominator * 100).rounded())) + " classified</title>"),
                "FY\(fiscalYear)")
        }
        // The region marks the partial year as a country's brief does, in both charts, and says why under the bars.
        #expect(trend.contains(">FY25*</text>") && !trend.contains("FY24*"))
        let bars = try #require(html.components(separatedBy: "<section aria-labelledby=\"bars-h\">").last)
            .components(separatedBy: "</section>")[0]
        #expect(bars.contains(">FY25*</text>") && !bars.contains("FY24*"))
        #expect(
            bars.contains(
                "* Partial year: the data&#39;s vintage is 2025-04-03, inside FY2025; later money is not in the files yet. "
                    + "Compare complete years only."))
        // So do the tables by year; their CSV keeps the year as it is.
        #expect(
            html.contains("<th scope=\"row\">FY2025 (partial)</th>") && html.contains("<th scope=\"row\">FY2024</th>"))
        let yearsCSV = try await app.test(.router) { client in
            try await client.execute(uri: "/?format=csv&table=years", method: .get) { String(buffer: $0.body) }
        }
        #expect(yearsCSV.contains("\r\nFY2025,") && !yearsCSV.contains("partial"))
        // The Greenbook's figures end years before its vintage: nothing is marked.
        #expect(!greenbook.contains("Partial year") && !greenbook.contains("*</text>"))
        // A little of FY2013's classified money went to interdiction: the share is short of all.
        #expect(trend.contains("<title>FY2013 Beyond interdiction: &gt;99% of USD 43,338,409 classified</title>"))
        // The Greenbook's shares are withheld, so it draws none.
        #expect(!greenbook.contains("trend-h"))
        // A country page draws its own years, the partial one (after the data's vintage) marked as the brief does.
        let mexico = try await app.test(.router) { client in
            try await client.execute(uri: "/countries/MX", method: .get) { String(buffer: $0.body) }
        }
        let start = try #require(mexico.firstRange(of: "<section aria-labelledby=\"trend-h\">"))
        let country = String(mexico[start.lowerBound...]).components(separatedBy: "</section>")[0]
        #expect(
            country.contains(
                "Mexico: beyond-interdiction and institution-building shares by fiscal year — disbursements, USD, IATI, "
                    + "U.S. fiscal years</title>"))
        #expect(country.contains(">FY25*</text>") && country.contains("<title>FY2025 (partial) Beyond interdiction: "))
        #expect(!country.contains("FY24*") && country.contains("<title>FY2024 Beyond interdiction: "))
        let mix = try #require(mexico.components(separatedBy: "id=\"table-mix\"").last)
        #expect(
            mix.contains("<th scope=\"row\">FY2025 (partial)</th>") && mix.contains("<th scope=\"row\">FY2024</th>"))
    }

    @Test("the results page puts each country's counts side by side, as each country's report counts them")
    func regionalResults() async throws {
        let (store, app) = try await WebFixture.ledger(iati: ["iati-activities/bcie-xm-dac-46007/bcie.xml"])
        let (html, csv, spanish, api) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/results", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/results?format=csv&table=results-countries", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/results?lang=es", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/api/v1/results?asOf=2025-11-29", method: .get) {
                    try JSONValue.parse(bytes($0.body))
                }
            )
        }
        #expect(html.contains("<h1>Results across the region</h1>") && html.contains("id=\"table-results\""))
        #expect(html.contains("<a href=\"/countries/SV#table-results\">El Salvador</a>"))
        #expect(html.contains("<li><a href=\"/results\">Results</a></li>"))
        #expect(
            spanish.contains("<h1>Resultados en la región</h1>") && spanish.contains("Región, cada indicador una vez"))
        // Each country's row, computed apart from the store's readings for that country.
        let lines = csv.split(separator: "\r\n").dropFirst()
        let rows = lines.dropLast().map { $0.split(separator: ",").map(String.init) }
        // By name, not by code: El Salvador (SV) before Guatemala (GT).
        #expect(rows.map(\.first) == ["Argentina", "Belize", "Costa Rica", "El Salvador", "Guatemala"])
        for (code, row) in zip(["AR", "BZ", "CR", "SV", "GT"], rows) {
            let counts = ResultsStatus(try await store.indicatorReadings(country: code, asOf: "2025-11-29"))
            #expect(
                Array(row.dropFirst().prefix(5))
                    == [counts.indicators, counts.offTrack, counts.atRisk, counts.onTrack, counts.notAssessable].map(
                        String.init), "\(code)")
        }
        // Then the periods ended and the share reported: BCIE's all have an actual.
        #expect(lines.last == "\"Region, each indicator once\",36,35,0,0,1,0,36,1.0000")
        #expect(html.contains("Reporting completeness: 100% of 36 past indicator periods have an actual value."))
        #expect(spanish.contains("Completitud de los informes: 100% de 36 periodos vencidos tienen un valor real."))
        // The API without a country: every country's report, as its schema documents.
        let contract = try OpenAPIContract(yaml: try OpenAPIDocument.yaml())
        let schema = try contract.responseSchema(
            template: "/api/v1/results", status: 200, contentType: "application/json")
        #expect(try contract.validate(api, schema) == [])
        #expect(api["countries"]?.items.map { $0["country"]?.string } == ["AR", "BZ", "CR", "GT", "SV"])
        #expect(api["status"]?["indicators"]?.double == 36)
    }

    @Test("a country's ForeignAssistance.gov page shows how much of the country totals the imported detail covers")
    func coverageTable() async throws {
        let (_, app) = try await WebFixture.ledger(
            iati: [],
            fa: [
                "foreignassistance-gov/complete-dataset-extracts/Ecuador_2022-2002_Econ_Other.csv",
                "foreignassistance-gov/country-summary/vintage-2022-12/US_foreign_aid_summary.csv",
            ])
        let (html, csv, spanish) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/countries/EC?source=fa&measure=obligation", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(
                    uri: "/countries/EC?source=fa&measure=obligation&format=csv&table=coverage", method: .get
                ) { String(buffer: $0.body) },
                try await client.execute(uri: "/countries/EC?source=fa&measure=obligation&lang=es", method: .get) {
                    String(buffer: $0.body)
                }
            )
        }
        #expect(html.contains("id=\"table-coverage\""))
        #expect(html.contains("the detail sums to more than the country total"))
        // The CSV keeps exact amounts and the share as a fraction; a year the detail does not reach is empty.
        // Every row then says what the figures are and which runs (the export's, 1, and the totals', 2) its figures
        // come from: the totals' alone in a year the detail does not reach.
        let rows = csv.split(separator: "\r\n").map(String.init)
        #expect(
            rows.first == "Fiscal year,Country total,Imported detail,Share,source,measure,currency,dollars,"
                + "fiscal_year_basis,runs")
        let context = ",fa,obligation,USD,current,us_federal,1 2"
        #expect(rows.contains("2017,18030116.00,18030116.00,1.0000" + context))
        #expect(rows.contains("2022,7030650.00,36811992.00,5.2359" + context))
        #expect(rows.contains("2001,64512401.00,,,fa,obligation,USD,current,us_federal,2"))
        #expect(spanish.contains("el detalle suma más que el total del país"))
        #expect(!html.contains("class=\"hint\""))
        // The export holds obligations only: a page in disbursements says so and links to them.
        let (country, region, signals) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/countries/EC?source=fa&measure=disbursement", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/?source=fa&measure=disbursement&lang=es", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/signals?source=fa&measure=disbursement", method: .get) {
                    String(buffer: $0.body)
                }
            )
        }
        #expect(signals.contains("<a href=\"/signals?source=fa&amp;measure=obligation\">obligations</a>"))
        #expect(
            country.contains(
                "<p class=\"hint\">No in-scope disbursements here; ForeignAssistance.gov holds <a "
                    + "href=\"/countries/EC?source=fa&amp;measure=obligation\">obligations</a> for these filters.</p>"))
        #expect(
            region.contains(
                "ForeignAssistance.gov tiene <a href=\"/?source=fa&amp;measure=obligation&amp;lang=es\">obligaciones</a>"
            ))
    }

    @Test("a country page whose source holds nothing for it links to the sources that do")
    func otherSources() async throws {
        let app = try await WebFixture.application()
        let (colombia, spanish, mexico) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/countries/CO", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/countries/CO?lang=es", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/countries/MX", method: .get) { String(buffer: $0.body) }
            )
        }
        // USAID's files hold nothing for Colombia; the Greenbook's rows do.
        #expect(
            colombia.contains(
                "<p class=\"hint\">No in-scope money for Colombia in IATI; <a href=\"/countries/CO?source=greenbook\">"
                    + "the Greenbook</a> holds money for it.</p>"))
        #expect(
            spanish.contains(
                "<p class=\"hint\">Sin montos en el ámbito para Colombia en IATI; <a "
                    + "href=\"/countries/CO?source=greenbook&amp;lang=es\">el Greenbook</a> tiene montos para este país.</p>"
            ))
        #expect(!mexico.contains("class=\"hint\""))
        // The tables with nothing to show for Colombia in IATI are left out; its context and budget stay.
        let tables = { (html: String) in
            html.components(separatedBy: "<table id=\"table-").dropFirst().map { $0.prefix { $0 != "\"" } }
        }
        #expect(tables(colombia) == ["capacity-years", "budget"])
        #expect(
            tables(mexico) == [
                "mix", "capacity-years", "donors", "local", "pipeline", "budget", "results", "unreported", "programs",
            ])
    }

    @Test("a country page says who pays: the U.S. Government and each other donor with IATI files, as the report")
    func donorTable() async throws {
        let (store, app) = try await WebFixture.ledger(iati: [
            "iati-activities/usaid-us-gov-1/usaid-sv.xml", "iati-activities/bcie-xm-dac-46007/bcie.xml",
            "iati-activities/worldbank-44000/worldbank-sv.xml",
        ])
        let (html, csv, spanish, region) = try await app.test(.router) { client in
            (
                try await client.execute(uri: "/countries/SV", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/countries/SV?format=csv&table=donors", method: .get) {
                    String(buffer: $0.body)
                },
                try await client.execute(uri: "/countries/SV?lang=es", method: .get) { String(buffer: $0.body) },
                try await client.execute(uri: "/?from=2020&to=2024&format=csv&table=donors", method: .get) {
                    String(buffer: $0.body)
                }
            )
        }
        #expect(html.contains("id=\"table-donors\""))
        #expect(html.contains("the U.S. Government&#39;s part of all donors&#39; classified money: 97%"))
        // The CSV's amounts are the report's, to the cent; the World Bank's file has none in scope here.
        let mix = try await DonorMixBuilder(store: store).donorMix(
            countries: ["SV"], from: nil, to: nil, measure: .disbursement, scope: .security, usSource: .iati)
        // Each row then names its source, what the figures are and the runs behind its own: its publisher's file
        // (found here by the publisher each run records), the World Bank's though none of its money is in scope.
        let context = ",disbursement,USD,current,us_federal,security,"
        #expect(mix.sources.count == 3)
        let runOf = { (publisher: String) in
            mix.sources.filter { $0.publisher == publisher }.map { String($0.id) }.joined(separator: " ")
        }
        #expect(
            csv.split(separator: "\r\n").map(String.init) == [
                "Donor,USD,Beyond interdiction,Institution building,source,measure,currency,dollars,fiscal_year_basis,"
                    + "scope,runs",
                "U.S. Government (IATI: US-GOV-1),\(DecimalText.format(mix.providers[0].totalCents)),1.0000,0.8862,iati"
                    + context + runOf("US-GOV-1"),
                "Banco Centroamericano de Integración Económica (XM-DAC-46007),10735652.00,1.0000,1.0000,iati"
                    + context + runOf("XM-DAC-46007"),
                "World Bank (44000),0.00,,,iati" + context + runOf("44000"),
            ])
        #expect(!runOf("US-GOV-1").isEmpty && !runOf("XM-DAC-46007").isEmpty && !runOf("44000").isEmpty)
        #expect(spanish.contains("Quién paga: el Gobierno de EE. UU. (sus archivos IATI)"))
        #expect(spanish.contains("<th scope=\"row\">Gobierno de EE. UU. (IATI: US-GOV-1)</th>"))
        // The region's page: every recipient, in the years its filter asks for.
        let regional = try await DonorMixBuilder(store: store).donorMix(
            countries: [], from: 2020, to: 2024, measure: .disbursement, scope: .security, usSource: .iati)
        let bcie = try #require(regional.providers.first { $0.id == "XM-DAC-46007" })
        #expect(
            region.split(separator: "\r\n").contains {
                $0.hasPrefix(
                    "Banco Centroamericano de Integración Económica (XM-DAC-46007),\(DecimalText.format(bcie.totalCents)),"
                        + String(
                            format: "%.4f,%.4f,iati,", bcie.mix.beyondInterdictionShare!,
                            bcie.mix.institutionBuildingShare!))
            })
    }

    @Test("the crosswalk page shows the server's rules and says when the ledger was classified with another")
    func crosswalkPage() async throws {
        let allocator = try WebFixture.allocator()
        var other = allocator.crosswalk
        other.version = "9.9-test-synthetic"
        let web = try AtalayaWeb(
            store: try await WebFixture.shared.store(), crosswalk: other, ratesSource: allocator.rates.source,
            settings: WebSettings(requestTimeout: WebFixture.requestTimeout, today: { "2025-11-29" }))
        let html = try await Application(router: web.router()).test(.router) { client in
            try await client.execute(uri: "/crosswalk", method: .get) { String(buffer: $0.body) }
        }
        #expect(html.contains("atalaya-pillars 9.9-test-synthetic: 28 rules"))
        #expect(
            html.contains(
                "This ledger&#39;s figures were classified with atalaya-pillars 1.3.0, not with the crosswalk shown here"
            ))
        // In the order they are tried: the row numbers run 1…28 and the rule ids follow the file.
        let ids = html.matches(of: /<tr id="rule-([^"]+)">/).map { String($0.1) }
        #expect(ids == other.rules.map(\.id))
        let same = try await WebFixture.application()
        let plain = try await same.test(.router) { client in
            try await client.execute(uri: "/crosswalk", method: .get) { String(buffer: $0.body) }
        }
        #expect(!plain.contains("were classified with"))
    }

    @Test("the imports page: dates without times, activity counts for IATI runs only, SHA-256 in the CSV")
    func importsPage() async throws {
        let app = try await WebFixture.application()
        let runs = try await WebFixture.shared.store().runs()
        let greenbook = try #require(runs.first { $0.source == "greenbook" })
        let mexico = try #require(runs.first { $0.fileName == "usaid-mx.xml" })
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/imports", method: .get) { String(buffer: $0.body) }
            let row = { (run: ImportRun) in
                html.components(separatedBy: "<a href=\"/imports/\(run.id)\">").dropFirst().first?
                    .components(separatedBy: "</tr>").first ?? ""
            }
            // The Greenbook's rows are rows, not new or updated activities; Mexico's 289 activities are new.
            #expect(
                row(greenbook).contains("<td class=\"num\">–</td><td class=\"num\">–</td><td class=\"num\">17,519</td>")
            )
            #expect(row(mexico).contains("<td class=\"num\">2025-04-03</td>"))
            #expect(
                row(mexico).contains("<td class=\"num\">289</td><td class=\"num\">0</td><td class=\"num\">3,350</td>"))
            #expect(!html.contains(mexico.sha256) && !html.contains("T20:52"))
            // Each source by its name on the page (its code stays in the CSV, below), in either language.
            #expect(row(mexico).contains("<td>IATI</td><td>usaid-mx.xml</td>"))
            #expect(row(greenbook).contains("<td>Greenbook</td>"))
            let spanish = try await client.execute(uri: "/imports?lang=es", method: .get) { String(buffer: $0.body) }
            #expect(
                spanish.contains("<td>series de indicadores</td>")
                    && spanish.contains("<td>registros de contactos</td>"))
            #expect(!spanish.contains("<td>indicators</td>") && !spanish.contains("<td>engagements</td>"))
            for source in Set(runs.map(\.source)) {
                #expect(ReportLanguage.en.runSource(source) != source && ReportLanguage.es.runSource(source) != source)
            }
            let csv = try await client.execute(uri: "/imports?format=csv&table=runs", method: .get) {
                String(buffer: $0.body)
            }
            let lines = csv.split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasSuffix(",New,Updated,Rows,Warnings,SHA-256") == true)
            #expect(
                lines.contains {
                    $0.hasPrefix("\(mexico.id),iati,usaid-mx.xml,") && $0.hasSuffix(",289,0,3350,0,\(mexico.sha256)")
                })
            #expect(lines.contains { $0.hasPrefix("\(greenbook.id),greenbook,") && $0.contains(",,,17519,") })
        }
    }

    @Test("a removed run leaves the figures at once and is listed apart; its page says when it went")
    func removedRun() async throws {
        let (store, app) = try await WebFixture.ledger(iati: [
            "iati-activities/usaid-us-gov-1/usaid-pa.xml", "iati-activities/usaid-us-gov-1/usaid-caribbean.xml",
        ])
        let caribbean = try #require(try await store.runs().last)
        try await app.test(.router) { client in
            let get = { (uri: String) in try await client.execute(uri: uri, method: .get) { String(buffer: $0.body) } }
            // Read once before, so that a cached page would be served after if the cache missed the removal.
            let before = try await get("/imports")
            #expect(before.contains("usaid-caribbean.xml") && !before.contains("id=\"table-removed-runs\""))
            #expect(try await get("/api/v1/portfolio?scope=all").contains("usaid-caribbean.xml"))
            let removed = try await store.removeRun(caribbean.id)

            let after = try await get("/imports")
            let listed = try #require(after.components(separatedBy: "id=\"table-removed-runs\"").last)
            // The source by its name on the page, by its code in the CSV.
            #expect(listed.contains("<th scope=\"row\">\(caribbean.id)</th><td>IATI</td><td>usaid-caribbean.xml</td>"))
            #expect(listed.contains("<td class=\"num\">14</td>"))
            #expect(!after.contains("<a href=\"/imports/\(caribbean.id)\">"))
            #expect(!(try await get("/api/v1/portfolio?scope=all")).contains("usaid-caribbean.xml"))
            let csv = try await get("/imports?format=csv&table=removed-runs")
            #expect(csv.contains("\(caribbean.id),iati,usaid-caribbean.xml,") && csv.contains(caribbean.sha256))
            // The API lists it too, as its document says.
            let contract = try OpenAPIContract(yaml: try OpenAPIDocument.yaml())
            let api = try await client.execute(uri: "/api/v1/runs/removed", method: .get) { response in
                try JSONValue.parse(bytes(response.body))
            }
            let schema = try contract.responseSchema(
                template: "/api/v1/runs/removed", status: 200, contentType: "application/json")
            #expect(try contract.validate(api, schema).isEmpty)
            #expect(api["items"]?.items.first?["run"]?["fileName"]?.string == "usaid-caribbean.xml")
            #expect(api["items"]?.items.first?["records"] == .integer(14))
            try await client.execute(uri: "/imports/\(caribbean.id)", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(
                    String(buffer: response.body).contains(
                        "import run \(caribbean.id) (usaid-caribbean.xml) was removed on \(removed.removedAt.prefix(10))"
                    ))
            }
        }
    }

    @Test("a run's page lists every warning with its line, a page at a time, and its CSV has them all")
    func runWarnings() async throws {
        // USAID's Caribbean file names 43 recipients by non-ISO codes: a warning each.
        let (store, app) = try await WebFixture.ledger(iati: ["iati-activities/usaid-us-gov-1/usaid-caribbean.xml"])
        let run = try #require(try await store.runs().first)
        #expect(run.warnings == 43)
        try await app.test(.router) { client in
            let html = try await client.execute(uri: "/imports/\(run.id)?limit=2", method: .get) {
                String(buffer: $0.body)
            }
            #expect(html.contains("Warnings (1–2 / \(run.warnings))"))
            // The kind in words, in either language; the CSV keeps its code (checked below).
            #expect(html.contains("<td>recipient code not ISO 3166-1 (kept as given)</td>"))
            let spanish = try await client.execute(uri: "/imports/\(run.id)?limit=2&lang=es", method: .get) {
                String(buffer: $0.body)
            }
            #expect(spanish.contains("<td>código de receptor no ISO 3166-1 (se conserva)</td>"))
            #expect(
                spanish.contains("Los mensajes se guardaron en inglés al importar el archivo y se muestran traducidos"))
            // The message in Spanish, its values as written; the CSV keeps it as stored (checked below).
            #expect(
                spanish.contains("no es ISO 3166-1; se conserva como code:") && !spanish.contains("is not ISO 3166-1"))
            // Every kind the importers write has its words in both languages.
            for kind in ImportWarning.Kind.allCases.map(\.rawValue) + ["missing_value", "two_scores"] {
                #expect(ReportLanguage.en.warningKind(kind) != kind && ReportLanguage.es.warningKind(kind) != kind)
            }
            #expect(html.contains("rel=\"next\" href=\"/imports/\(run.id)?limit=2&amp;offset=2\""))
            // A page past the last warning shows none, and does not say the file had none.
            let past = try await client.execute(uri: "/imports/\(run.id)?limit=2&offset=100000", method: .get) {
                String(buffer: $0.body)
            }
            #expect(past.contains("Nothing to show.") && !past.contains("without a warning"))
            #expect(past.contains("Warnings (0 / \(run.warnings))"))
            let csv = try await client.execute(uri: "/imports/\(run.id)?limit=2&format=csv", method: .get) {
                String(buffer: $0.body)
            }
            let stored = try await store.warnings(run: run.id)
            #expect(csv.split(separator: "\r\n").count == 1 + stored.count)
            #expect(
                csv.split(separator: "\r\n").dropFirst().first?.hasPrefix("\(stored[0].line),\(stored[0].kind),")
                    == true)
            for uri in ["/imports/999", "/imports/0"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == (uri.hasSuffix("0") ? .badRequest : .notFound), "\(uri)")
            }
        }
    }

    @Test("a warning's command shows as code on its run's page, in either language; the CSV keeps it as stored")
    func warningCommands() async throws {
        // ForeignAssistance.gov's 2022 summary imported after its 2023 vintage: its rows stay out, with a warning.
        let store = try SQLiteStore.inMemory()
        let importer = OfficialImporter(
            store: store, classifier: OfficialClassifier(crosswalk: try WebFixture.allocator().crosswalk))
        let summary = { (vintage: String) in
            SharedData.path("foreignassistance-gov/country-summary/vintage-\(vintage)")
        }
        _ = try await importer.importFile(
            path: summary("2023-10/us_foreign_aid_country.csv"), source: .fa, vintage: "2023-10-21")
        let older = try await importer.importFile(
            path: summary("2022-12/US_foreign_aid_summary.csv"), source: .fa, vintage: "2022-12-15")
        #expect(older.warningsByKind["older_vintage"] == 1)
        let app = try WebFixture.application(store: store)
        try await app.test(.router) { client in
            func get(_ uri: String) async throws -> String {
                try await client.execute(uri: uri, method: .get) { String(buffer: $0.body) }
            }
            let path = "/imports/\(older.outcome.run.id)"
            let english = try await get(path)
            #expect(english.contains("; kept for <code>runs --diff</code>, left out of the figures</td>"))
            let spanish = try await get(path + "?lang=es")
            #expect(spanish.contains("; se conservan para <code>runs --diff</code>, fuera de las cifras</td>"))
            #expect(!english.contains("`") && !spanish.contains("`"))
            #expect(try await get(path + "?format=csv").contains("kept for `runs --diff`, left out of the figures"))
        }
    }

    @Test("unknown pages and programs are 404 pages for a browser")
    func notFound() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            for uri in ["/programs/no-such-activity", "/countries/ZZ", "/elsewhere"] {
                let response = try await client.execute(uri: uri, method: .get, headers: [.accept: "text/html"])
                #expect(response.status == .notFound, "\(uri)")
                #expect(String(buffer: response.body).contains("<h1>404 Not found</h1>"), "\(uri)")
            }
        }
    }
}

extension Decimal {
    /// Rounded half away from zero to `scale` decimal places, as the pages round money.
    func rounded(_ scale: Int) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, .plain)
        return result
    }

    @Test("the brief alone, to print: the CLI's page with its stylesheet served, linked from the country page")
    func printableBrief() async throws {
        let app = try await WebFixture.application()
        try await app.test(.router) { client in
            let country = try await client.execute(uri: "/countries/MX?lang=es&asOf=2025-06-30", method: .get) {
                String(buffer: $0.body)
            }
            #expect(
                country.contains(
                    "<p class=\"print\"><a href=\"/countries/MX/brief?source=iati&amp;asOf=2025-06-30&amp;lang=es\">"
                        + "La nota sola, para imprimir (una página)</a> · <a href=\"/countries/MX/brief?source=iati&amp;"
                        + "asOf=2025-06-30&amp;format=md&amp;lang=es\">Markdown</a></p>"))
            let (status, headers, page) = try await client.execute(
                uri: "/countries/MX/brief?source=iati&asOf=2025-06-30&lang=es", method: .get
            ) { ($0.status, $0.headers, String(buffer: $0.body)) }
            #expect(status == .ok && headers[.contentType] == "text/html; charset=utf-8")
            #expect(
                page.contains("<html lang=\"es\">")
                    && page.contains("<link rel=\"stylesheet\" href=\"/assets/brief.css\">"))
            // The CSP allows no inline style or script: the page has none.
            #expect(!page.contains("<style") && !page.contains("style=") && !page.contains("<script"))
            #expect(page.contains("<main id=\"main\"><header><h1>México: nota sobre cooperación en seguridad</h1>"))
            #expect(page.contains("Al 2025-06-30."))
            #expect(page.contains("<a href=\"/programs/US-GOV-1-") && page.contains("?lang=es\"><code>"))
            // The same brief the command line writes, but for where its stylesheet lives and the link back.
            let css = try await client.execute(uri: "/assets/brief.css", method: .get) { String(buffer: $0.body) }
            #expect(css == CountryBriefRenderer.stylesheet && css.contains("@media print"))
            // As Markdown, to paste into a memo: what `atalaya brief --format md` writes.
            let (type, markdown) = try await client.execute(
                uri: "/countries/MX/brief?source=iati&asOf=2025-06-30&lang=es&format=md", method: .get
            ) { ($0.headers[.contentType], String(buffer: $0.body)) }
            #expect(type == "text/markdown; charset=utf-8")
            #expect(markdown.hasPrefix("# México: nota sobre cooperación en seguridad\n\nAl 2025-06-30."))
            let refused = try await client.execute(uri: "/countries/MX/brief?format=pdf", method: .get) { $0.status }
            #expect(refused == .badRequest)
        }
        // A partner's server prints its own country's brief, and no other.
        let partner = try WebFixture.application(store: try await WebFixture.shared.store(), partner: "SV")
        try await partner.test(.router) { client in
            let own = try await client.execute(uri: "/countries/SV/brief", method: .get) { $0.status }
            let other = try await client.execute(uri: "/countries/MX/brief", method: .get) { $0.status }
            #expect(own == .ok && other == .forbidden)
        }
    }

    @Test("a table of ten shown columns or more is marked wide (set smaller); one of nine is not, CSV-only ones aside")
    func wideTables() throws {
        let (query, css) = (try QueryItems(nil), try Assets().stylesheet)
        func table(columns: Int, csvOnly: Set<Int> = []) -> String {
            let names = (0..<columns).map { "column \($0)" }
            let row = names.map { DataTable.Cell(stringLiteral: $0) }
            return DataTable(id: "t", caption: "T", columns: names, rows: [row], csvOnly: csvOnly)
                .html(path: "/", query: query, language: .en)
        }
        #expect(table(columns: 10).contains("<table id=\"table-t\" class=\"wide\">"))
        #expect(table(columns: 9).contains("<table id=\"table-t\"><caption>"))
        #expect(table(columns: 10, csvOnly: [9]).contains("<table id=\"table-t\"><caption>"))
        // The stylesheet sets such a table smaller, and lets every numeric column's heading wrap over its figures.
        #expect(css.contains("table.wide { font-size: .8rem; }"))
        #expect(css.contains("thead th.num { white-space: normal;"))
    }
}
