import AtalayaDomain
import AtalayaImport
import AtalayaTestSupport
import Foundation
import GRDB
import Testing

@testable import AtalayaSQLite
@testable import AtalayaStore

@Suite("Stored narrative lists read back without JSONDecoder")
struct NarrativeScannerTests {
    /// What JSONDecoder reads from `json`: the reference the scanner must agree with.
    static func decoded(_ json: String) -> [Narrative]? {
        struct Stored: Decodable {
            var lang: String?
            var text: String
        }
        return (try? JSONDecoder().decode([Stored].self, from: Data(json.utf8)))?.map {
            Narrative(language: $0.lang, text: $0.text)
        }
    }

    @Test("the scanner reads back what the writer wrote, escapes and all, as JSONDecoder does")
    func roundTrip() {
        let cases: [[Narrative]] = [
            [],
            [Narrative(language: nil, text: "")],
            [Narrative(language: "en", text: "Rule of law"), Narrative(language: "es", text: "Estado de derecho")],
            [Narrative(language: "es", text: "Fortalecimiento de la justicia penal en México: “reforma” ñ")],
            [Narrative(language: nil, text: "quote \" backslash \\ slash / newline \n return \r tab \t")],
            [Narrative(language: "x\"y", text: "control \u{01}\u{1F} and emoji 🇲🇽 and combining e\u{301}")],
        ]
        for items in cases {
            let json = JSONText.narratives(items)
            // Byte for byte: String equality would let "é" equal "e\u{301}".
            #expect(NarrativeScanner.scan(json)?.map { Array($0.text.utf8) } == items.map { Array($0.text.utf8) })
            #expect(NarrativeScanner.scan(json) == items, "\(json)")
            #expect(Self.decoded(json) == items, "\(json)")
            #expect(JSONText.readNarratives(json) == items)
        }
    }

    @Test("a name is the English one, else one with no language, else the first; empty texts do not count")
    func preferredName() {
        let names = { (items: [(String?, String)]) in
            JSONText.preferredName(JSONText.narratives(items.map { Narrative(language: $0.0, text: $0.1) }))
        }
        #expect(names([("es", "Banco Mundial"), ("en", "World Bank")]) == "World Bank")
        #expect(names([("es", "Banco Mundial"), (nil, "BM")]) == "BM")
        #expect(names([("fr", "Banque mondiale"), ("es", "Banco Mundial")]) == "Banque mondiale")
        #expect(names([("en", ""), ("es", "Banco Mundial")]) == "Banco Mundial")
        #expect(names([]) == nil)
        #expect(JSONText.preferredName("not json") == nil)
    }

    @Test("any other spelling falls back to JSONDecoder, and text that is not JSON reads as nothing")
    func otherSpellings() {
        // As a database that re-serialises JSON (PostgreSQL's jsonb) writes it: spaces, keys in its own order.
        let spaced = #"[{"text": "Police \u00e9 training", "lang": "en"}, {"lang": null, "text": "\ud83c\uddf2"}]"#
        #expect(NarrativeScanner.scan(spaced) == nil)
        #expect(
            JSONText.readNarratives(spaced) == [
                Narrative(language: "en", text: "Police é training"), Narrative(language: nil, text: "🇲"),
            ])
        for broken in ["", "[", "[{\"lang\":null}]", "[{\"lang\":null,\"text\":\"a\"}] x", "{}", "null"] {
            #expect(NarrativeScanner.scan(broken) == nil, "\(broken)")
            #expect(JSONText.readNarratives(broken).isEmpty, "\(broken)")
        }
    }

    @Test("every narrative list stored from real files reads the same through the scanner and JSONDecoder")
    func realFiles() async throws {
        let store = try SQLiteStore.inMemory()
        let importer = IATIImporter(store: store, allocator: try bundledAllocator())
        for country in ["ni", "pa", "caribbean"] { _ = try await importer.importFile(path: usaid(country)) }
        let texts = try await store.writer.read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT names FROM participating_org
                    UNION ALL SELECT reporting_org_names FROM activity
                    UNION ALL SELECT provider_names FROM txn WHERE provider_names IS NOT NULL
                    UNION ALL SELECT receiver_names FROM txn WHERE receiver_names IS NOT NULL
                    """)
        }
        #expect(texts.count > 2_000)
        var nonEmpty = 0
        for json in texts {
            let scanned = NarrativeScanner.scan(json)
            #expect(scanned != nil && scanned == Self.decoded(json), "\(json)")
            if scanned?.isEmpty == false { nonEmpty += 1 }
        }
        #expect(nonEmpty > 2_000)
    }
}
