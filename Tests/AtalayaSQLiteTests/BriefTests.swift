import AtalayaDomain
import AtalayaImport
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaSQLite

@Suite("Country brief")
struct BriefTests {
    /// Mexico's ledger: USAID's IATI file, the real engagements, WGI, homicide rates, the WJP and CPI indices and
    /// GI-TOC's two editions.
    static func mexicoLedger(_ engine: Engine, _ body: (any TestLedger) async throws -> Void) async throws {
        try await engine.withLedger { store in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(path: usaid("mx"))
            _ = try await EngagementImporter(store: store).importFile(path: engagementsFile)
            let series = SeriesImporter(store: store)
            _ = try await series.importFile(path: wgiFile, source: .wgi, edition: "2020")
            _ = try await series.importFile(path: homicideFile, source: .homicide, edition: nil)
            _ = try await series.importFile(
                path: SharedData.path("country-indicators/wjp-rule-of-law/2020_WJP_Rule_Of_Law_2013-2020.csv"),
                source: .wjp, edition: "2020")
            _ = try await series.importFile(
                path: SharedData.path("country-indicators/transparency-cpi/cpi_2012-2020.derived.csv"), source: .cpi,
                edition: "2020")
            for edition in ["2021", "2023"] {
                _ = try await series.importFile(
                    path: SharedData.path(
                        "country-indicators/gitoc-organized-crime-index/global_oc_index_\(edition).derived.csv"),
                    source: .gitoc, edition: nil)
            }
            try await body(store)
        }
    }

    @Test("an as-of date that does not exist is refused by the brief and the signals, not printed on them")
    func asOfNotADate() async throws {
        // Only the year and month were read: the brief said "As of 2025-01-zz" and found no engagement before it.
        try await Engine.sqlite.withLedger { store in
            for asOf in ["2025-01-zz", "2025-02-30", "2025-+1-01"] {
                let refusal = LedgerQueryError("--as-of \(asOf) is not a date (YYYY-MM-DD)")
                await #expect(throws: refusal) {
                    _ = try await BriefBuilder(store: store).brief(
                        country: "MX", asOf: asOf, source: .iati, measure: .disbursement)
                }
                await #expect(throws: refusal) {
                    _ = try await SignalsBuilder(store: store).signals(
                        countries: ["MX"], asOf: asOf, source: .iati, measure: .disbursement)
                }
            }
        }
    }

    @Test(
        "Mexico: the mix adds up to the portfolio, partial years are marked, every section is there",
        arguments: Engine.available)
    func mexico(_ engine: Engine) async throws {
        try await Self.mexicoLedger(engine) { store in
            let brief = try await BriefBuilder(store: store).brief(
                country: "MX", asOf: "2025-11-29", source: .iati, measure: .disbursement)
            // Its years are the eight to the file's last (FY2025: nothing is held for FY2026).
            #expect(brief.years == 2018...2025)
            #expect(
                try await store.portfolio(
                    PortfolioQuery(measure: .disbursement, countries: ["MX"], fromYear: 2026, toYear: 2026)
                ).cells.isEmpty)
            // The chart's money equals the portfolio report's for the same years, computed separately.
            let portfolio = try await store.portfolio(
                PortfolioQuery(measure: .disbursement, countries: ["MX"], fromYear: 2018, toYear: 2025))
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
            // The years in the heading; the partial year's note, not "nothing later", says why they end there.
            #expect(markdown.contains("\n## Where the money goes, FY2018–FY2025 (USD millions)\n"))
            // The largest programs sum the same window and measure, and say so.
            #expect(markdown.contains("\n## Largest programs, FY2018–FY2025 (in-scope disbursements, USD)\n"))
            let largest = try await store.largestPrograms(
                PortfolioQuery(measure: .disbursement, countries: ["MX"], fromYear: 2018, toYear: 2025), limit: 5)
            #expect(largest == brief.programs)
            #expect(
                markdown.contains(
                    "\n* Partial year: the data's vintage is 2025-04-03, inside FY2025; later money is not in the file yet."
                )
                    && !markdown.contains("Nothing later"))
            // Each line's change, with the margin's verdict where the source publishes an error (WGI).
            #expect(
                markdown.contains(
                    "| Rule of law (WGI) | -0.73 ± 0.19 (1996) | -0.66 ± 0.14 (2019) | +0.07, within the margin | "
                        + "WGI, 2020 |"))
            #expect(markdown.contains("usaid-mx.xml"))
            // Organized-crime resilience from GI-TOC's newest edition alone: 2021's 4.46 is another assessment.
            #expect(
                markdown.contains("| Resilience to organized crime (GI-TOC) | – | 4.21 (2023) | – | GI-TOC, 2023 |"))
            #expect(markdown.contains("GI-TOC scores run from 1 to 10") && !markdown.contains("4.46"))
            // The rule-of-law and corruption indices, as read off the files (Mexico's rows), in the order shown.
            #expect(markdown.contains("| Rule of Law Index (WJP) | 0.47 (2013) | 0.44 (2020) | -0.03 | WJP, 2020 |"))
            #expect(
                markdown.contains("| Corruption Perceptions Index (TI) | 34 (2012) | 31 (2020) | -3 | TI CPI, 2020 |"))
            #expect(
                brief.context.map(\.latest.indicator) == [
                    "wgi.rule_of_law", "wgi.control_of_corruption", "wgi.government_effectiveness", "wjp.overall",
                    "cpi.score", "homicide.per_100k", "gitoc.resilience",
                ])
            #expect(markdown.contains("Transparency International's CPI from 0 (highly corrupt) to 100"))
            #expect(markdown.contains("never cause"))
            #expect(markdown.contains("Beyond interdiction: "))
            // The brief is read, not run: the coverage note names the Greenbook without the command line's option.
            #expect(markdown.contains("compare the Greenbook.") && !markdown.contains("--source"))
            #expect(!CountryBriefRenderer(brief: brief, language: .es).html().contains("--source"))
            // The command that traces a figure is code on the page, not Markdown's backquotes.
            let page = CountryBriefRenderer(brief: brief, language: .es).html()
            #expect(markdown.contains("with `atalaya explain`."))
            #expect(page.contains("con <code>atalaya explain</code>.") && !page.contains("`"))

            // A partner with nothing in the source: no shares of nothing, in either language.
            let none = try await BriefBuilder(store: store).brief(
                country: "CO", asOf: "2025-11-29", source: .iati, measure: .disbursement)
            let english = CountryBriefRenderer(brief: none, language: .en).markdown()
            // No years named: every year to the as-of date's holds nothing.
            #expect(english.contains("\n## Where the money goes (USD millions)\n\nNo in-scope money in this source."))
            #expect(english.contains("\n## Largest programs\n\nNo IATI activity with in-scope money for this country."))
            #expect(english.contains("\nBeyond interdiction and institution building: not measurable; no classified "))
            #expect(!english.contains("n/a of classified"))
            let spanish = CountryBriefRenderer(brief: none, language: .es).markdown()
            #expect(spanish.contains("\nMás allá de la interdicción y fortalecimiento institucional: no medible;"))
            // No agreement recorded: said in words, not as a row of zeros.
            let joint = try #require(none.signals.first { $0.kind == .jointStrategies })
            #expect(joint.status == "none recorded" && joint.value == nil)
            #expect(english.contains("**Joint strategies beyond interdiction**: none recorded. No agreement or joint "))
            // The WGI scale is explained beside WGI figures only; association-not-cause always.
            #expect(markdown.contains("WGI estimates run from about"))
            var withoutSeries = none
            withoutSeries.context = []
            let plain = CountryBriefRenderer(brief: withoutSeries, language: .en).markdown()
            #expect(!plain.contains("WGI estimates") && plain.contains("show association, never cause."))
        }
    }

    @Test(
        "spending beside an outcome: complete years only, one edition, sums as the portfolio gives them",
        arguments: Engine.available)
    func association(_ engine: Engine) async throws {
        try await Self.mexicoLedger(engine) { store in
            let result = try await AssociationBuilder(store: store).association(
                country: "MX", pillar: .governance, indicator: "wgi.control_of_corruption", lag: 1, edition: nil,
                source: .iati, measure: .disbursement)
            #expect(result.edition == "2020")
            // WGI's 2020 edition ends in 2019, so FY2013–FY2018 pair up; the money is the portfolio's.
            #expect(result.association.pairs.map(\.fiscalYear) == Array(2013...2018))
            let portfolio = try await store.portfolio(
                PortfolioQuery(measure: .disbursement, countries: ["MX"], fromYear: 2013, toYear: 2018))
            let governance = portfolio.cells.filter { $0.pillar == .governance }.reduce(0) { $0 + $1.usdCents }
            #expect(result.association.pairs.reduce(0) { $0 + $1.cents } == governance)
            #expect(result.association.sentence.hasPrefix("Only 6 years pair up"))
            #expect(result.money == "IATI disbursements" && result.source == .iati && result.measure == .disbursement)
            #expect(
                AssociationBuilder.money(source: result.source, measure: result.measure, in: .es)
                    == "desembolsos de IATI")
            // A missing edition, or a mistyped indicator, names what the country has.
            func refusal(_ indicator: String, edition: String? = nil, country: String = "MX") async -> String? {
                do {
                    _ = try await AssociationBuilder(store: store).association(
                        country: country, pillar: .justice, indicator: indicator, lag: 1, edition: edition,
                        source: .iati, measure: .disbursement)
                    return nil
                } catch { return (error as? LedgerQueryError)?.description }
            }
            #expect(
                await refusal("wgi.rule_of_law", edition: "1999")
                    == "no wgi.rule_of_law values for MX in edition 1999; its editions: 2020")
            // 97 series: CPI's score, GI-TOC's 36 (2021 and 2023), WDI's homicide rate, WGI's 6 and WJP's 53.
            let series =
                "97 series: cpi.score, 36 gitoc.…, homicide.per_100k, 6 wgi.…, 53 wjp.… "
                + "(atalaya report series --country MX lists them)"
            #expect(await refusal("wgi.rl") == "no wgi.rl series for MX; it has \(series)")
            #expect(
                await refusal("Rule of Law")
                    == "no Rule of Law series for MX; it has \(series); did you mean wgi.rule_of_law?")
            #expect(await refusal("homicide")?.hasSuffix("; did you mean homicide.per_100k?") == true)
            #expect(await refusal("wgi")?.hasSuffix(series) == true)  // six hold "wgi": too many to guess
            #expect(
                await refusal("corruption")?.hasSuffix("; did you mean wgi.control_of_corruption?") == true)
            #expect(
                await refusal("wgi.rule_of_law", country: "VA")
                    == "no series imported for VA; import one first (atalaya import indicators)")
        }
    }

    @Test(
        "the HTML page is self-contained, escaped, with an accessible SVG chart, in Spanish on request",
        arguments: Engine.available)
    func html(_ engine: Engine) async throws {
        try await Self.mexicoLedger(engine) { store in
            var brief = try await BriefBuilder(store: store).brief(
                country: "MX", asOf: "2025-11-29", source: .iati, measure: .disbursement, language: .es)
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
            // The generated sentences are in Spanish too: signals, accountability, coverage.
            #expect(page.contains("días desde el último"))
            #expect(page.contains("Ejecución: se desembolsó"))
            // Past 100%: of Mexico's 111 programs, 9 disbursed more in scope than their file commits (counted in SQL
            // over the allocations, in-scope money to MX by activity, the same 9 of 111).
            #expect(page.contains("Ejecución: se desembolsó el 103% de USD 392,290,754 comprometidos en 111 programas"))
            #expect(page.contains(" 9 programas desembolsaron más de lo que sus archivos comprometen."))
            #expect(page.contains("IATI contiene lo que cada publicador"))
            #expect(!page.contains("days since the last"))
            #expect(!page.contains("IATI holds what each publisher"))
            // Its sources' footer too (a file's vintage is its "versión").
            #expect(page.contains("usaid-mx.xml — US-GOV-1, versión 2025-04-03") && !page.contains(", vintage "))
            // Each engagement links to its source.
            #expect(page.contains("<a href=\"https://pubt.io/view/BFB7337684A019A603AA40AD0784BA00CABA2D3A\">"))
            // The largest programs by their Spanish titles, each title its own span (cut with "…" on paper, so that a
            // program takes one line and its figures stay whole).
            #expect(
                page.contains(
                    "<ul class=\"programs\"><li><span class=\"title\">(PROJUST) México Promoviendo la Reforma de la "
                        + "Justicia / Promoviendo la Justicia</span> (<code>US-GOV-1-AID-523-C-14-00003</code>)"))
            #expect(page.contains(".programs .title{display:inline-block;max-width:40%;white-space:nowrap"))
            // One bar segment per pillar and year with money, and a legend entry per pillar drawn.
            let segments = brief.mix.reduce(0) { $0 + $1.byPillar.values.filter { $0 > 0 }.count }
            #expect(page.components(separatedBy: "<rect x=").count - 1 == segments)
            let drawn = Set(
                brief.mix.flatMap { year in year.byPillar.filter { $0.value > 0 }.map { entry in entry.key } })
            #expect(page.components(separatedBy: "<li><svg class=\"swatch\"").count - 1 == drawn.count)
        }
    }
}

@Suite("Fixed sentences in Spanish")
struct TranslationTests {
    @Test("every coverage note a source can give, and the Greenbook's withheld shares, has its Spanish")
    func coverageNotes() {
        var notes = SourceCoverage.iati + [PortfolioReport.greenbookSharesWithheld]
        for dataset in [OfficialDataset.greenbook, .faComplete, .faSummary] {
            for objectives in [["Economic"], ["Economic", "Military"]] {
                for constant in [false, true] {
                    notes += SourceCoverage.official(dataset, objectives: objectives, constantDollars: constant)
                }
            }
        }
        for note in Set(notes) {
            #expect(ReportLanguage.es.sentence(note) != note, "no Spanish for: \(note)")
            #expect(ReportLanguage.en.sentence(note) == note)
        }
    }

    @Test("engagement kinds and levels are words in either language, never the stored codes")
    func engagementWords() {
        for kind in Engagement.Kind.allCases {
            #expect(!ReportLanguage.en.kind(kind).contains("_") && !ReportLanguage.es.kind(kind).contains("_"))
        }
        for level in Engagement.Level.allCases {
            #expect(!ReportLanguage.en.level(level).contains("_") && !ReportLanguage.es.level(level).contains("_"))
        }
        let dialogue = Engagement(
            date: "2025-10-15", kind: .dialogue, level: .seniorOfficial, countries: ["MX"],
            summary: "SYNTHETIC test record.", sourceURL: "https://example.org/synthetic")
        let spanish = SignalBoard.engagement([dialogue], country: "MX", asOf: "2025-11-29", recorded: 1, language: .es)
        #expect(spanish.explanation.hasPrefix("Último: 2025-10-15, diálogo, nivel altos funcionarios ("))
        let english = SignalBoard.engagement([dialogue], country: "MX", asOf: "2025-11-29", recorded: 1)
        #expect(english.explanation.hasPrefix("Last: 2025-10-15, dialogue at senior official level ("))
    }
}

@Suite("Accountability checks")
struct AccountabilityTests {
    /// A new ledger holding USAID's file for `country` (`usaid-xx.xml`), and the country's programs as its
    /// accountability check reads them on 2025-11-29.
    static func programs(
        of country: String, _ engine: Engine, _ body: (any TestLedger, [ProgramAccountability]) async throws -> Void
    ) async throws {
        try await engine.withLedger { store in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator())
                .importFile(path: usaid(country.lowercased()))
            try await body(store, try await store.accountability(country: country, asOf: "2025-11-29"))
        }
    }

    @Test(
        "El Salvador's aged pipeline leaves out five programs with USD 1 to 8 left; the pipeline keeps every cent",
        arguments: Engine.available)
    func agedPipelineFloor(_ engine: Engine) async throws {
        try await Self.programs(of: "SV", engine) { store, programs in
            let summary = AccountabilitySummary(programs, asOf: "2025-11-29")
            // The known answer, computed apart: a Python script summed the ledger's in-scope SV allocations per
            // activity and dated each first commitment (transaction types 2 and C) against the file's 2025-04-03:
            // 26 programs with something undisbursed from over 730 days before, five of them with USD 1 to 8 left.
            let residues: [String: Cents] = [
                "US-GOV-1-72051918C00001": 100, "US-GOV-1-72051919LA00001": 200, "US-GOV-1-72051921M00001": 200,
                "US-GOV-1-72051918F00002": 400, "US-GOV-1-72051918CA00003": 800,
            ]
            let old = programs.filter { ($0.pipelineAge(asOf: "2025-11-29") ?? 0) > 730 && $0.pipelineCents > 0 }
            #expect(old.count == 26)
            #expect(
                Dictionary(
                    uniqueKeysWithValues: old.filter { !$0.isAgedPipeline(asOf: "2025-11-29") }.map {
                        ($0.identifier, $0.pipelineCents)
                    }) == residues)
            #expect(summary.agedPipelinePrograms.count == 21)
            #expect(Set(summary.agedPipelinePrograms).isDisjoint(with: residues.keys))
            #expect(
                programs.filter { $0.isAgedPipeline(asOf: "2025-11-29") }.reduce(0) { $0 + $1.pipelineCents }
                    == 47_405_612_00)
            // The pipeline total still holds every program's remainder, the residues' 17 dollars among them.
            #expect(summary.pipelineCents == programs.reduce(0) { $0 + $1.pipelineCents })
            #expect(summary.sentences[0].contains("USD 1,000 or more of it committed over two years before"))
        }
    }

    @Test(
        "Mexico's USAID programs: counted as the allocations are, none reports an outcome indicator",
        arguments: Engine.available)
    func mexico(_ engine: Engine) async throws {
        try await Self.programs(of: "MX", engine) { store, programs in
            let counted = try await store.scalar(
                """
                SELECT COUNT(DISTINCT activity_id) FROM allocation
                WHERE recipient = 'MX' AND pillar <> 'out_of_scope' AND usd_cents IS NOT NULL
                """)
            #expect(programs.count == Int(counted ?? -1))
            let committed = try await store.scalar(
                """
                SELECT SUM(usd_cents) FROM allocation WHERE recipient = 'MX' AND pillar <> 'out_of_scope'
                  AND usd_cents IS NOT NULL AND measure = 'commitment'
                """)
            let summary = AccountabilitySummary(programs, asOf: "2025-11-29")
            #expect(summary.committedCents == committed)
            #expect(summary.withoutIndicator.count == programs.count)  // USAID's files carry no results
            #expect(summary.reportingCompleteness == nil)
        }
    }

    @Test(
        "Jamaica: the ownership denominator is the in-scope disbursements, and the Government of Jamaica counts",
        arguments: Engine.available)
    func jamaica(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(path: usaid("jm"))
            let money = try await store.implementedMoney(country: "JM")
            let total = try await store.scalar(
                """
                SELECT SUM(usd_cents) FROM allocation WHERE recipient = 'JM' AND measure = 'disbursement'
                  AND pillar <> 'out_of_scope' AND usd_cents IS NOT NULL
                """)
            #expect(money.reduce(0) { $0 + $1.cents } == total)
            let shares = OwnershipShares(money, country: "JM")
            #expect(shares.denominatorCents + shares.unnamedCents == total)
            #expect(shares.localCents > 0)
            #expect(shares.localCents < shares.denominatorCents)
        }
    }

    @Test(
        "Venezuela: the U.S. NGOs USAID types as national (22) are not partner-country bodies, its local vendors are",
        arguments: Engine.available)
    func venezuelaNationalNGOs(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(path: usaid("ve"))
            let money = try await store.implementedMoney(country: "VE")
            // Freedom House, the National Democratic Institute, CEPPS and the Pan-American Development Foundation
            // implement in-scope money as type 22; none is Venezuelan, and none names Venezuela.
            let implementers = money.flatMap { activity in activity.implementers }
            let national = implementers.filter { implementer in implementer.type == "22" }
            let freedomHouse = national.filter { implementer in implementer.names.contains("Freedom House") }
            #expect(freedomHouse.count == 6)
            let nationalLocal = national.filter { implementer in implementer.isLocal(to: "VE") }
            #expect(national.count >= 10 && nationalLocal.isEmpty)
            // The one implementer placed in Venezuela is USAID's bucket for its local vendors there.
            let local = implementers.filter { implementer in implementer.isLocal(to: "VE") }
            #expect(Set(local.flatMap { implementer in implementer.names }) == ["Unspecified Vendors - Venezuela"])
            let shares = OwnershipShares(money, country: "VE")
            #expect(shares.denominatorCents > 100_000_000_00 && shares.localCents == 872_00)
            #expect(shares.sentences[0].hasPrefix("Local ownership: <1% implemented by partner-country bodies"))
        }
    }

    @Test(
        "Mexico: the civil associations USAID types as regional NGOs or private sector are partner-country bodies",
        arguments: Engine.available)
    func mexicoCivilAssociations(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(path: usaid("mx"))
            let money = try await store.implementedMoney(country: "MX")
            let implementers = money.flatMap { activity in activity.implementers }
            let local = implementers.filter { implementer in implementer.isLocal(to: "MX") }
            // Read off the list by hand: 25 Mexican organisations, each a civil association (A.C.) or named for Mexico
            // or Mexicans, typed as regional NGOs or private sector, none as a partner-country NGO.
            let names = Set(local.flatMap { implementer in implementer.names })
            #expect(names.count == 25)
            #expect(names.contains("Instituto para la Seguridad y la Democracia, A.C."))
            #expect(names.contains("TRANSPARENCIA MEXICANA AC") && names.contains("Mexico Evalua, A.C."))
            #expect(names.contains("CONSEJO CIUDADANO DE SEGURIDAD Y JUSTICIA DE CHIHUAHUA A.C."))
            #expect(Set(local.map { implementer in implementer.type ?? "none" }) == ["23", "70"])
            // Each name ends in "A.C." or names Mexico or Mexicans (checked here by plain string tests); identifiers,
            // where given, are DUNS or UEI numbers that place no one.
            let evidenced = names.filter { name in
                let upper = name.uppercased()
                return upper.hasSuffix("A.C.") || upper.hasSuffix("A.C") || upper.hasSuffix(" AC")
                    || upper.contains("MEXIC")
            }
            #expect(evidenced == names)
            #expect(!local.contains { implementer in implementer.ref?.hasPrefix("MX-") == true })
            // The share's numerator, summed again here from each activity's equal parts.
            var byHand: Cents = 0
            for activity in money where !activity.implementers.isEmpty {
                let parts = Split.largestRemainder(
                    activity.cents, weights: Array(repeating: 1, count: activity.implementers.count))
                for (implementer, cents) in zip(activity.implementers, parts) {
                    if let name = implementer.names.first, names.contains(name) { byHand += cents }
                }
            }
            let shares = OwnershipShares(money, country: "MX")
            #expect(shares.localCents == byHand && byHand > 30_000_000_00)
            #expect(shares.sentences[0].hasPrefix("Local ownership: 8% implemented by partner-country bodies"))
            // `explain` says so of the program, as its page does.
            let explained = try #require(try await store.explain(identifier: "US-GOV-1-AID-523-A-16-00003"))
            #expect(
                ExplainReport.render(explained, rules: [:]).contains(
                    "\n  implemented by CONSEJO CIUDADANO DE SEGURIDAD Y JUSTICIA DE CHIHUAHUA A.C. (type 70); a "
                        + "partner-country body of MX (legal form) in the local-ownership share\n"))
        }
    }

    @Test(
        "BCIE in El Salvador: ten indicators with past targets, each read from its latest past period",
        arguments: Engine.available)
    func bcieResults(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(
                path: SharedData.path("iati-activities/bcie-xm-dac-46007/bcie.xml"))
            let readings = try await store.indicatorReadings(country: "SV", asOf: "2025-11-29")
            // Read off the file by hand: activity 500459 reports ten indicators, period ending 2025-01-06, actual 0.
            #expect(readings.count == 10)
            #expect(Set(readings.map(\.activity)) == ["XM-DAC-46007-500459"])
            #expect(readings.allSatisfy { $0.actual == "0" && $0.periodEnd == "2025-01-06" })
            // Nine count units and one a percentage (measure 2), as the file states.
            #expect(readings.compactMap(\.measure).sorted() == Array(repeating: "1", count: 9) + ["2"])
            let status = ResultsStatus(readings)
            #expect(status.offTrack == 9)
            #expect(status.notAssessable == 1)  // its target is 0, the same as the (unreported) baseline
            #expect(try await store.indicatorReadings(country: "SV", asOf: "2025-01-01").isEmpty)
        }
    }

    @Test(
        "World Bank budgets by fiscal year: original and revised apart, as read off the file, summing what is stored",
        arguments: Engine.available)
    func worldBankBudgets(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(
                path: SharedData.path("iati-activities/worldbank-44000/worldbank-sv.xml"))
            let explained = try #require(try await store.explain(identifier: "44000-P169677"))
            // Read off the file apart (a scan of its <budget> elements): 164 monthly budgets, each month given as an
            // original and a revised one; FY2024's original plan 46,250,000.02 USD and its revision 62,499,999.98.
            #expect(explained.activity.budgets.count == 164)
            let lines = BudgetLine.lines(explained.activity.budgets)
            #expect(
                lines.filter { $0.fiscalYear == 2024 } == [
                    BudgetLine(
                        fiscalYear: 2024, type: "1", status: "1", currency: "USD", valueCents: 46_250_000_02,
                        budgets: 12),
                    BudgetLine(
                        fiscalYear: 2024, type: "2", status: "1", currency: "USD", valueCents: 62_499_999_98,
                        budgets: 12),
                ])
            let stored = try await store.scalar(
                """
                SELECT SUM(value_cents) FROM budget
                WHERE activity_id = (SELECT id FROM activity WHERE iati_identifier = '44000-P169677')
                """)
            #expect(lines.reduce(0) { $0 + $1.valueCents } == stored)
            #expect(
                ExplainReport.budgets(explained.activity.budgets).contains(
                    "FY2024 revised, indicative: 62,499,999.98 USD"))
        }
    }

    @Test(
        "burden sharing in El Salvador: BCIE and World Bank money on the purpose codes USAID funds",
        arguments: Engine.available)
    func burdenSharing(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = IATIImporter(store: store, allocator: try bundledAllocator())
            _ = try await importer.importFile(path: usaid("sv"))
            _ = try await importer.importFile(path: SharedData.path("iati-activities/bcie-xm-dac-46007/bcie.xml"))
            _ = try await importer.importFile(path: SharedData.path("iati-activities/worldbank-44000/worldbank-sv.xml"))
            let sharing = try await store.burdenSharing(country: "SV", measure: .disbursement, from: 2021, to: 2025)
            // Independently: the U.S. codes first, then every publisher's money on them, summed here.
            let scope = """
                recipient = 'SV' AND measure = 'disbursement' AND pillar <> 'out_of_scope' AND usd_cents IS NOT NULL
                  AND fiscal_year BETWEEN 2021 AND 2025
                """
            let codes = try await store.scalar(
                "SELECT COUNT(DISTINCT sector_code) FROM allocation WHERE \(scope) AND publisher LIKE 'US-%'")
            #expect(sharing.purposeCodes == Int(codes ?? -1))
            let others = try await store.scalar(
                """
                SELECT SUM(usd_cents) FROM allocation
                WHERE \(scope) AND publisher NOT LIKE 'US-%'
                  AND sector_code IN (SELECT sector_code FROM allocation WHERE \(scope) AND publisher LIKE 'US-%')
                """)
            #expect(sharing.byPublisher.filter { !$0.isUS }.reduce(0) { $0 + $1.cents } == others)
            #expect(sharing.byPublisher.contains { $0.publisher == "XM-DAC-46007" })
            #expect(sharing.sentence.contains("other publishers in this ledger put"))
            // The signals compare complete years only: on 3 December 2026, FY2026 has ended, but USAID's file is of
            // April 2025 (BCIE's of December 2025), so the five years end with FY2024, as the money signal's do.
            // BCIE's one in-scope disbursement there (USD 10.7 million, FY2025) is outside them: beside USAID's
            // part of a year it would overstate BCIE's share.
            let builder = SignalsBuilder(store: store)
            let signals = try await builder.signals(
                countries: ["SV"], asOf: "2026-12-03", source: .iati, measure: .disbursement)
            let window = try #require(signals.first?.burdenSharing)
            #expect(window.fromYear == 2020 && window.toYear == 2024)
            let names = try await store.publisherNames()
            let stored = try await store.burdenSharing(country: "SV", measure: .disbursement, from: 2020, to: 2024)
            #expect(window == stored.naming(names))
            #expect(window.sentence.hasPrefix("Burden sharing: no other publisher in this ledger has in-scope money"))
            #expect(window.sentence.contains("(FY2020–FY2024 disbursements)"))
            let moneySignal = try #require(signals.first?.signals.first { $0.kind == .justiceAntiCorruption })
            // Two files with their own vintages: the comparison, and the brief's partial year, name the older.
            #expect(
                moneySignal.explanation.hasSuffix(
                    " Only complete fiscal years are compared: the oldest vintage among the files is 2025-04-03, so "
                        + "the last complete year is FY2024."))
            let brief = try await BriefBuilder(store: store).brief(
                country: "SV", asOf: "2026-12-03", source: .iati, measure: .disbursement, language: .es)
            #expect(
                CountryBriefRenderer(brief: brief, language: .es).markdown().contains(
                    "\n* Año parcial: la versión más antigua de estos archivos es 2025-04-03, dentro del AF2025; los "
                        + "montos posteriores aún no están en los archivos."))
            // The portfolio table names the older one too, in the same words.
            let recent = PortfolioQuery(measure: .disbursement, countries: ["SV"], fromYear: 2024)
            #expect(
                PortfolioReport(query: recent, figures: try await store.portfolio(recent), ratesSource: "IMF").table()
                    .contains(
                        "\n* Partial year: the oldest vintage among these files is 2025-04-03, inside FY2025; later "
                            + "money is not in the files yet. Compare complete years only.\n"))
            // Committed, BCIE's FY2020 judicial-development loan is inside the years, named as its file names it.
            let committed = try #require(
                try await builder.signals(
                    countries: ["SV"], asOf: "2026-12-03", source: .iati, measure: .commitment
                ).first?.burdenSharing)
            #expect(committed.fromYear == 2020 && committed.toYear == 2024)
            #expect(
                committed.sentence.contains(
                    "put Banco Centroamericano de Integración Económica (XM-DAC-46007) USD 54,500,000"))
            // Years in which the U.S. funds nothing in scope there leave nothing to compare with, and say so.
            let none = try await store.burdenSharing(country: "SV", measure: .disbursement, from: 2040, to: 2041)
            #expect(none.purposeCodes == 0)
            #expect(
                none.sentence
                    == "Burden sharing: not measurable; the U.S. funds no purpose code here in scope (FY2040–FY2041 "
                    + "disbursements).")
            // One code is a code, in either language; several are codes.
            let one = BurdenSharing(
                fromYear: 2020, toYear: 2024, measure: .disbursement,
                byPublisher: [.init(publisher: "US-GOV-1", cents: 100_00)], purposeCodes: 1)
            #expect(one.sentence.contains("in-scope money on the 1 purpose code the U.S. funds here"))
            #expect(one.sentence(in: .es).contains("montos en el código de propósito que EE. UU. financia aquí"))
            #expect(window.sentence.contains("in-scope money on the \(window.purposeCodes) purpose codes the U.S."))
        }
    }

    @Test("delivery, aged pipeline and completeness, each with its denominator")
    func summary() {
        let programs = [
            ProgramAccountability(
                identifier: "SYNTHETIC-A", title: "a", committedCents: 100_000_00, disbursedCents: 40_000_00,
                firstCommitment: "2020-01-15", indicators: 2, pastPeriods: 4, reportedPeriods: 3),
            ProgramAccountability(
                identifier: "SYNTHETIC-B", title: "b", committedCents: 100_000_00, disbursedCents: 100_000_00,
                firstCommitment: "2025-01-15", indicators: 0, pastPeriods: 0, reportedPeriods: 0),
            ProgramAccountability(
                identifier: "SYNTHETIC-C", title: "c", committedCents: 0, disbursedCents: 50_000_00,
                firstCommitment: nil, indicators: 1, pastPeriods: 1, reportedPeriods: 0),
            // Two years and a half before the as-of date, but its file, of a year and a half after the commitment,
            // does not know what was disbursed since: not aged.
            ProgramAccountability(
                identifier: "SYNTHETIC-D", title: "d", committedCents: 100_000_00, disbursedCents: 0,
                firstCommitment: "2023-05-01", indicators: 1, pastPeriods: 0, reportedPeriods: 0,
                vintage: "2024-11-01T12:00:00Z"),
        ]
        let summary = AccountabilitySummary(programs, asOf: "2025-11-29")
        #expect(summary.deliveryRate == 140.0 / 300.0)  // C had nothing committed
        #expect(summary.pipelineCents == 160_000_00)
        #expect(programs[3].pipelineAge(asOf: "2025-11-29") == 550)
        #expect(programs[3].pipelineAge(asOf: "2024-06-01") == 397)  // an as-of date before the file's date counts
        var undated = programs[3]
        undated.vintage = "spring 2024"
        #expect(undated.pipelineAge(asOf: "2025-11-29") == 943)  // no date in the vintage: the as-of date's age
        #expect(summary.agedPipelinePrograms == ["SYNTHETIC-A"])
        #expect(AccountabilitySummary(programs, asOf: "2026-11-29").agedPipelinePrograms == ["SYNTHETIC-A"])
        #expect(summary.withoutIndicator == ["SYNTHETIC-B"])
        #expect(summary.reportingCompleteness == 0.6)
        #expect(summary.sentences[0].hasPrefix("Delivery: 47% of USD 300,000 committed to 4 programs"))
        #expect(
            summary.sentences[0].contains(
                "1 program with USD 1,000 or more of it committed over two years before its file's date"))
        #expect(summary.sentences[1] == "Outcome indicators: 1 of 4 programs reports none.")
        #expect(summary.sentences(in: .es)[1] == "Indicadores de resultado: 1 de 4 programas no reporta ninguno.")
        #expect(summary.sentences[2].hasSuffix("of 5 past indicator periods have an actual value."))
        let one = AccountabilitySummary([programs[2]], asOf: "2025-11-29")
        #expect(one.sentences[1] == "Outcome indicators: 0 of 1 program report none.")
        #expect(one.sentences[2] == "Reporting completeness: 0% of 1 past indicator period has an actual value.")
        #expect(
            one.sentences(in: .es)[2] == "Completitud de los informes: 0% de 1 periodo vencido tiene un valor real.")
        // With no period ended there is nothing to measure, rather than "n/a of 0".
        let none = AccountabilitySummary([programs[1]], asOf: "2025-11-29")
        #expect(none.sentences[2] == "Reporting completeness: not measurable; no indicator period has ended.")
        #expect(
            summary.overDisbursedPrograms.isEmpty && !summary.sentences[0].contains("disbursed more than"))
        // Past 100% the sentence says which programs lift it.
        let old = ProgramAccountability(
            identifier: "SYNTHETIC-F", title: "d", committedCents: 50_000_00, disbursedCents: 150_000_00,
            firstCommitment: "2013-01-15", indicators: 0, pastPeriods: 0, reportedPeriods: 0)
        let over = AccountabilitySummary([programs[0], old], asOf: "2025-11-29")
        #expect(over.deliveryRate == 190.0 / 150.0 && over.overDisbursedPrograms == ["SYNTHETIC-F"])
        #expect(
            over.sentences[0].hasSuffix(
                "over two years before its file's date. 1 program disbursed more than its file commits."))
        #expect(over.sentences(in: .es)[0].hasSuffix(" 1 programa desembolsó más de lo que su archivo compromete."))
        // Commitments netting below zero, or none recorded, leave no rate: the sentence says why, not "n/a of".
        let takenBack = ProgramAccountability(
            identifier: "SYNTHETIC-E", title: "e", committedCents: -500_000_00, disbursedCents: 3_000_00,
            firstCommitment: "2013-01-15", indicators: 0, pastPeriods: 0, reportedPeriods: 0)
        #expect(
            AccountabilitySummary([takenBack, programs[1]], asOf: "2025-11-29").sentences[0]
                == "Delivery: not measurable; commitments to 2 programs net to USD -400,000 (more taken back than "
                + "committed); USD 0 is in the pipeline.")
        #expect(
            one.sentences[0]
                == "Delivery: not measurable; no money committed to the 1 program is recorded; USD 0 is in the pipeline."
        )
        #expect(
            AccountabilitySummary([takenBack], asOf: "2025-11-29").sentences(in: .es)[0]
                == "Ejecución: no medible; los compromisos en 1 programa suman USD -500,000 (se retiró más de lo "
                + "comprometido); USD 0 siguen pendientes.")
        // Several programs: the plural.
        let more = AccountabilitySummary([old, old], asOf: "2025-11-29")
        #expect(more.sentences[0].hasSuffix(" 2 programs disbursed more than their files commit."))
        #expect(
            more.sentences(in: .es)[0].hasSuffix(" 2 programas desembolsaron más de lo que sus archivos comprometen."))
    }

    @Test(
        "the CPI is compared from 2012 on: a score before its method changed is not shown as the earliest",
        arguments: Engine.available)
    func corruptionIndexFrom2012(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            // SYNTHETIC: Mexico's 2020 and 2012 scores as published, and a made-up 2011 one on the old scale.
            let file = try Scratch.file("SYNTHETIC-cpi-2011.csv", "Country Name,2020,2012,2011\nMexico,31,34,3\n")
            _ = try await SeriesImporter(store: store).importFile(path: file, source: .cpi, edition: "2020")
            let brief = try await BriefBuilder(store: store).brief(
                country: "MX", asOf: "2025-11-29", source: .iati, measure: .disbursement)
            let cpi = try #require(brief.context.first { $0.latest.indicator == "cpi.score" })
            #expect(cpi.earliest?.year == 2012 && cpi.earliest?.number == 34 && cpi.latest.number == 31)
        }
    }
}
