import AtalayaDomain
import AtalayaReports
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AtalayaWeb

/// A page's language: as its link names it, else as the browser prefers, else the server's default.
@Suite("Web: the pages' language")
struct LanguageTests {
    @Test("Accept-Language: the higher weight of English and Spanish, the first on a tie; regions count")
    func negotiation() {
        let cases: [(String?, ReportLanguage?)] = [
            ("es-SV,es;q=0.9,en;q=0.8", .es), ("en-US,en;q=0.9,es;q=0.8", .en), ("EN", .en),
            ("fr-FR,fr;q=0.9", nil), ("fr, es;q=0.5", .es), ("es;q=0, en;q=0.1", .en),
            ("es;q=0.8, en;q=0.8", .es), ("en;q=0.7, es", .es), ("*", nil), ("es;q=abc", nil), ("es;q=2", nil),
            ("", nil), (nil, nil), (String(repeating: "es,", count: 400), nil),
        ]
        for (header, expected) in cases {
            #expect(LanguageNegotiation.preferred(header) == expected, "\(header ?? "nil")")
        }
    }

    /// The page at `uri` with an `Accept-Language` header, or none.
    static func get(
        _ app: some ApplicationProtocol, _ uri: String, accept: String?
    ) async throws -> (html: String, vary: String?) {
        try await app.test(.router) { client in
            var headers: HTTPFields = [:]
            if let accept { headers[.acceptLanguage] = accept }
            return try await client.execute(uri: uri, method: .get, headers: headers) {
                (String(buffer: $0.body), $0.headers[.vary])
            }
        }
    }

    @Test("a Spanish browser gets Spanish pages with no lang in the link; the same link, cached, is English for others")
    func browserPreference() async throws {
        let app = try await WebFixture.application()
        // Alternating, so that a cached answer for one language would show up in the other's.
        for _ in 0..<2 {
            let spanish = try await Self.get(app, "/signals", accept: "es-SV,es;q=0.9,en;q=0.5")
            #expect(spanish.html.contains("<html lang=\"es\">") && spanish.html.contains("Señales"))
            #expect(spanish.vary == "Accept-Language")
            // Its links carry Spanish on; the switch names English.
            #expect(spanish.html.contains("<li><a href=\"/crosswalk?lang=es\">"))
            #expect(spanish.html.contains("<a class=\"lang\" href=\"/signals?lang=en\" hreflang=\"en\""))
            let english = try await Self.get(app, "/signals", accept: "en-GB,en;q=0.9")
            #expect(english.html.contains("<html lang=\"en\">") && !english.html.contains("Señales"))
            #expect(english.html.contains("<li><a href=\"/crosswalk\">"))
            let none = try await Self.get(app, "/signals", accept: nil)
            #expect(none.html.contains("<html lang=\"en\">"))
        }
    }

    @Test("a language chosen in the link holds against the browser's, and its links keep it")
    func chosenLanguage() async throws {
        let app = try await WebFixture.application()
        let english = try await Self.get(app, "/?lang=en&source=greenbook", accept: "es")
        #expect(english.html.contains("<html lang=\"en\">") && english.html.contains("The region at a glance"))
        #expect(english.html.contains("<li><a href=\"/signals?lang=en\">"))
        #expect(english.html.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"))
        #expect(english.html.contains("href=\"/countries/MX?source=greenbook&amp;lang=en\""))
        #expect(english.html.contains("<a class=\"lang\" href=\"/?source=greenbook&amp;lang=es\" hreflang=\"es\""))
        let spanish = try await Self.get(app, "/?lang=es", accept: "en")
        #expect(spanish.html.contains("<html lang=\"es\">") && spanish.html.contains("La región de un vistazo"))
    }

    @Test("the server's default language holds for a browser that prefers neither; the API keeps its own default")
    func serverDefault() async throws {
        let app = try WebFixture.application(store: try await WebFixture.shared.store(), language: .es)
        #expect(try await Self.get(app, "/", accept: nil).html.contains("La región de un vistazo"))
        #expect(try await Self.get(app, "/", accept: "fr-FR, fr;q=0.9").html.contains("La región de un vistazo"))
        #expect(try await Self.get(app, "/", accept: "en-US").html.contains("The region at a glance"))
        // JSON is the API's, in English unless `lang` says otherwise, whatever the browser or the server's default.
        let signals = try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/signals?country=MX", method: .get, headers: [.acceptLanguage: "es"]
            ) { String(buffer: $0.body) }
        }
        #expect(signals.contains("Justice and anti-corruption pillars, IATI disbursements"))
        #expect(!signals.contains("Pilares de justicia"))
    }

    @Test("error pages are in the reader's language too; a detail with no Spanish is said to be in English")
    func errorPages() async throws {
        let partner = try WebFixture.application(store: try await WebFixture.shared.store(), partner: "SV")
        let html: HTTPFields = [.accept: "text/html", .acceptLanguage: "es-SV,es;q=0.9"]
        let (status, page) = try await partner.test(.router) { client in
            try await client.execute(uri: "/countries/MX", method: .get, headers: html) {
                ($0.status, String(buffer: $0.body))
            }
        }
        #expect(status == .forbidden && page.contains("<html lang=\"es\">"))
        #expect(page.contains("<h1>403 Fuera del país de este servidor</h1>"))
        #expect(page.contains("<p>Este servidor responde solo por SV; code=MX queda fuera</p>"))
        let app = try await WebFixture.application()
        let missing = try await app.test(.router) { client in
            try await client.execute(uri: "/nope?lang=es", method: .get, headers: [.accept: "text/html"]) {
                String(buffer: $0.body)
            }
        }
        #expect(missing.contains("<h1>404 No encontrado</h1><p>No hay página ni ruta de la API en /nope</p>"))
        let invalid = try await app.test(.router) { client in
            try await client.execute(uri: "/?from=2030&to=2020", method: .get, headers: html) {
                String(buffer: $0.body)
            }
        }
        #expect(invalid.contains("<h1>400 Parámetro no válido</h1><p>En inglés: from (2030) is after to (2020)</p>"))
        // The API's problems stay in English, whatever the browser prefers.
        let json = try await app.test(.router) { client in
            try await client.execute(
                uri: "/api/v1/activities/NOPE", method: .get, headers: [.acceptLanguage: "es"]
            ) { String(buffer: $0.body) }
        }
        #expect(json.contains("\"detail\":\"no activity NOPE in the ledger\""))
    }

    @Test("the bundled crosswalk's description and every rule's note read in Spanish on its page and a program's")
    func crosswalkNotes() async throws {
        let crosswalk = try WebFixture.allocator().crosswalk
        for text in crosswalk.rules.compactMap(\.note) + [crosswalk.description].compactMap({ $0 }) {
            #expect(ReportLanguage.es.crosswalkNote(text) != text, "\(text)")
            #expect(ReportLanguage.en.crosswalkNote(text) == text)
        }
        // A note the bundled crosswalk does not have (a user's own) is shown as written.
        #expect(
            ReportLanguage.es.crosswalkNote("SYNTHETIC note of a user's rule.") == "SYNTHETIC note of a user's rule.")
        let app = try await WebFixture.application()
        let page = try await Self.get(app, "/crosswalk", accept: "es").html
        #expect(page.contains("<td>CAD 15130 Desarrollo legal y judicial, 15131 Política de justicia"))
        #expect(page.contains("La tabla de correspondencias de pilares de DESIGN.md."))
        let program = try await Self.get(app, "/programs/US-GOV-1-72052318CA00005", accept: "es").html
        #expect(program.contains("CAD 15") && !program.contains(">DAC 15"))
    }
}
