import AtalayaDomain
import AtalayaImport
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import Foundation
import Testing

@testable import AtalayaSQLite

@Suite("Country brief")
struct BriefTests {
    /// Mexico's ledger: USAID's IATI file, the real engagements, WGI and homicide rates.
    static func mexicoLedger() async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory()
        _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(path: usaid("mx"))
        _ = try await EngagementImporter(store: store).importFile(path: engagementsFile)
        let series = SeriesImporter(store: store)
        _ = try await series.importFile(path: wgiFile, source: .wgi, edition: "2020")
        _ = try await series.importFile(path: homicideFile, source: .homicide, edition: nil)
        return store
    }

    @Test("Mexico: the mix adds up to the portfolio, partial years are marked, every section is there")
    func mexico() async throws {
        let store = try await Self.mexicoLedger()
        let brief = try await BriefBuilder(store: store).brief(
            country: "MX", asOf: "2025-11-29", source: .iati, measure: .disbursement)
        // The chart's money equals the portfolio report's for the same years, computed separately.
        let portfolio = try await store.portfolio(
            PortfolioQuery(measure: .disbursement, countries: ["MX"], fromYear: 2019, toYear: 2026))
        let chart = brief.mix.flatMap(\.byPillar.values).reduce(0, +)
        #expect(chart == portfolio.cells.reduce(0) { $0 + $1.usdCents })
        #expect(brief.partialFrom?.year == 2025)  // USAID's file is dated 2025-04-03
        #expect(brief.signals.map(\.kind) == [.engagement, .justiceAntiCorruption, .jointStrategies])
        #expect(brief.engagements.map(\.date) == ["2025-10-15", "2025-09-03"])
        #expect(brief.programs.count == 5)
        #expect(brief.programs.map(\.usdCents) == brief.programs.map(\.usdCents).sorted(by: >))

        let markdown = CountryBriefRenderer(brief: brief, language: .en).markdown()
        #expect(markdown.hasPrefix("# Mexico: security cooperation brief"))
        #expect(markdown.contains("FY2025*"))
        #expect(markdown.contains("| Rule of law (WGI) | -0.73 ± 0.19 (1996) | -0.66 ± 0.14 (2019) | wgi, 2020 |"))
        #expect(markdown.contains("usaid-mx.xml"))
        #expect(markdown.contains("never cause"))
    }

    @Test("the HTML page is self-contained, escaped, with an accessible SVG chart, in Spanish on request")
    func html() async throws {
        let store = try await Self.mexicoLedger()
        var brief = try await BriefBuilder(store: store).brief(
            country: "MX", asOf: "2025-11-29", source: .iati, measure: .disbursement)
        brief.engagements[0].summary = "Talks on <script>alert(1)</script> & \"more\""
        let page = CountryBriefRenderer(brief: brief, language: .es).html()
        #expect(page.hasPrefix("<!doctype html>"))
        #expect(page.contains("<html lang=\"es\">"))
        #expect(page.contains("<svg role=\"img\""))
        #expect(page.contains("<title id=\"chart-title\">"))
        #expect(!page.contains("<script"))
        #expect(page.contains("Talks on &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot;"))
        #expect(page.contains("México: nota sobre cooperación en seguridad"))
        #expect(page.contains("Estado de derecho (WGI)"))
        #expect(!page.contains("http://") || page.contains("href=\"https://"))
        // One bar segment per pillar and year with money.
        let segments = brief.mix.reduce(0) { $0 + $1.byPillar.values.filter { $0 > 0 }.count }
        #expect(
            page.components(separatedBy: "<rect x=").count - 1 == segments
                + Set(
                    brief.mix.flatMap { year in
                        year.byPillar.filter { $0.value > 0 }.map(\.key)
                    }
                ).count)
    }
}
