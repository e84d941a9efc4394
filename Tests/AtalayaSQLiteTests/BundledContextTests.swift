import AtalayaBundledData
import AtalayaDomain
import AtalayaImport
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

/// The outcome series and engagements `atalaya demo` imports beside the money are the published files (or their
/// rows for the region, copied unchanged), and read as those files do.
@Suite("The demo's bundled context: governance estimates, homicide rates, engagements")
struct BundledContextTests {
    /// The 33 states of Latin America and the Caribbean whose rows the bundled WGI file keeps (ISO alpha-3).
    static let region = Set(
        ("ATG ARG BHS BRB BLZ BOL BRA CHL COL CRI CUB DMA DOM ECU SLV GRD GTM GUY HTI HND JAM MEX NIC PAN PRY PER KNA "
            + "LCA VCT SUR TTO URY VEN").split(separator: " ").map(String.init))

    @Test("the homicide rates and the engagements are the staged files byte for byte")
    func copies() throws {
        #expect(
            try Data(contentsOf: BundledData.demoHomicide)
                == Data(contentsOf: URL(fileURLWithPath: homicideFile)))
        #expect(
            try Data(contentsOf: BundledData.demoEngagements)
                == Data(contentsOf: URL(fileURLWithPath: SharedData.path("engagements/engagements-2025.csv"))))
    }

    @Test("the WGI file is the published file's header and its lines for the region's 33 states, unchanged")
    func wgiRows() throws {
        // Each line of the published file, its code read as the third quoted field (names may hold commas).
        let published = try Data(contentsOf: URL(fileURLWithPath: wgiFile))
        let lines = published.split(separator: Data("\r\n".utf8), omittingEmptySubsequences: false).dropLast()
        let code = /^"[0-9]+","(?:[^"]|"")*","([A-Z]{3})",/
        var kept = [lines.first!]
        for line in lines.dropFirst() {
            let text = String(decoding: line, as: UTF8.self)
            let match = try #require(text.firstMatch(of: code), "\(text.prefix(40))")
            if Self.region.contains(String(match.1)) { kept.append(line) }
        }
        #expect(kept.count == 1 + 33 * 21 * 6)
        var expected = Data()
        for line in kept { expected += line + Data("\r\n".utf8) }
        #expect(try Data(contentsOf: BundledData.demoWGI) == expected)
    }

    @Test("the bundled WGI rows import to the same points as the whole published file gives the region")
    func wgiPoints() async throws {
        let alpha2 = Set(["MX", "SV", "CO", "HT", "TT", "KN"])
        func points(_ path: String) async throws -> [String: [SeriesPoint]] {
            var byCountry: [String: [SeriesPoint]] = [:]
            try await Engine.sqlite.withLedger { store in
                _ = try await SeriesImporter(store: store).importFile(
                    path: path, source: .wgi, edition: BundledData.demoWGIEdition)
                for country in alpha2 {
                    byCountry[country] = try await store.series(country: country, indicatorPrefix: "wgi.").map {
                        var point = $0
                        point.line = 0  // the files number their lines apart
                        return point
                    }
                }
            }
            return byCountry
        }
        let bundled = try await points(BundledData.demoWGI.path)
        #expect(bundled == (try await points(wgiFile)))
        // Mexico's rule of law in 2019, as the published file gives it.
        let mexico = try #require(bundled["MX"]?.first { $0.indicator == "wgi.rule_of_law" && $0.year == 2019 })
        #expect(mexico.value == "-0.658103585243225" && mexico.standardError == 0.141015768051147)
        #expect(bundled.values.allSatisfy { $0.count > 100 })
    }
}
