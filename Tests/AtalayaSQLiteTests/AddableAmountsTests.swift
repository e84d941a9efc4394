import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Testing

@Suite("Ledger: amounts beyond any real budget are refused or reported, never a crash")
struct AddableAmountsTests {
    /// 10^16 and 1.5 × 10^16 dollars: each file fits under the bound (2^61 cents, about 2.3 × 10^18), the two together
    /// do not.
    static let first = syntheticHugeAmounts(
        identifier: "SYNTHETIC-HUGE-1", values: ["10000000000000000.00"], budget: "92233720368547758.075")
    static let second = syntheticHugeAmounts(identifier: "SYNTHETIC-HUGE-2", values: ["15000000000000000"])

    @Test(
        "a file adding past 2^61 cents is refused at its line; two that fit alone make reports say so, until one goes",
        arguments: Engine.available)
    func refusedOrReported(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = IATIImporter(store: store, allocator: try bundledAllocator())
            let first = try await importer.importFile(path: try Scratch.file("SYNTHETIC-huge-1.xml", Self.first))
            // A budget that rounds past what cents hold is left out with a warning, where rounding it crashed.
            let warnings = try await store.warnings(run: first.run.id)
            #expect(
                warnings.map { "\($0.kind) \($0.line)" } == ["unreadable_value 7"], "\(warnings.map(\.message))")
            let message = try #require(warnings.first?.message)
            #expect(message.contains("within ±92,233,720,368,547,758.07"))
            #expect(
                ReportLanguage.es.warningMessage(kind: "unreadable_value", message)
                    == "el valor del presupuesto \"92233720368547758.075\" no es un número decimal simple (sin "
                    + "exponente ni separadores) dentro de ±92,233,720,368,547,758.07; el presupuesto no se importó")

            // Three transactions of 10^16 dollars: the third passes the bound, on line 10.
            let refused = syntheticHugeAmounts(
                identifier: "SYNTHETIC-HUGE-3", values: Array(repeating: "10000000000000000", count: 3))
            let error = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: try Scratch.file("SYNTHETIC-huge-3.xml", refused))
            }
            #expect(error?.line == 10)
            #expect(error?.message.contains("transaction values add up past 2^61 cents") == true)
            // 10^16 Kuwaiti dinars fit; at 2024's 0.3067 dinars a dollar, their 3.26 × 10^18 U.S. cents do not.
            let dinars = syntheticHugeAmounts(
                identifier: "SYNTHETIC-HUGE-4", values: ["10000000000000000"], currency: "KWD")
            let converted = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: try Scratch.file("SYNTHETIC-huge-4.xml", dinars))
            }
            #expect(converted?.line == 8)
            #expect(converted?.message.contains("transactions' parts in USD add up past 2^61 cents") == true)
            #expect(try await store.runs().count == 1)
            #expect(try await store.scalar("SELECT COUNT(*) FROM activity") == 1)

            let second = try await importer.importFile(path: try Scratch.file("SYNTHETIC-huge-2.xml", Self.second))
            let query = PortfolioQuery(measure: .disbursement, countries: ["MX"])
            let portfolio = await #expect(throws: AmountsTooLarge.self) { _ = try await store.portfolio(query) }
            #expect(portfolio?.what == "the portfolio's converted cells")
            await #expect(throws: AmountsTooLarge.self) {
                _ = try await store.accountability(country: "MX", asOf: "2026-01-01")
            }
            await #expect(throws: AmountsTooLarge.self) { _ = try await store.implementedMoney(country: "MX") }
            // One activity alone can be added and explained.
            let explained = try #require(try await store.explain(identifier: "SYNTHETIC-HUGE-2"))
            #expect(explained.transactions.map(\.valueCents) == [1_500_000_000_000_000_000])

            _ = try await store.removeRun(second.run.id)
            let figures = try await store.portfolio(query)
            #expect(figures.cells.reduce(0) { $0 + $1.usdCents } == 1_000_000_000_000_000_000)
            #expect(
                try await store.scalar("SELECT SUM(value_cents) FROM txn") == 1_000_000_000_000_000_000)
        }
    }

    @Test(
        "a ledger written past the bound by another tool answers an activity with an error", arguments: Engine.available
    )
    func writtenPastTheBound(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = IATIImporter(store: store, allocator: try bundledAllocator())
            _ = try await importer.importFile(path: try Scratch.file("SYNTHETIC-huge-1.xml", Self.first))
            // Another tool writes a second transaction near the limit into the same activity (no import would).
            try await store.execute(
                "UPDATE txn SET value_cents = 9223372036854775807 WHERE activity_id = (SELECT MIN(id) FROM activity)")
            try await store.execute(
                "UPDATE allocation SET amount_cents = 9223372036854775807, usd_cents = 9223372036854775807")
            let error = await #expect(throws: AmountsTooLarge.self) {
                _ = try await store.explain(identifier: "SYNTHETIC-HUGE-1")
            }
            #expect(error?.what == "SYNTHETIC-HUGE-1's transactions")
        }
    }

    @Test(
        "files that fit alone but whose sum passes 64 bits in the database give the same error, not a bare SQL one",
        arguments: Engine.available)
    func databaseSumPastSixtyFourBits(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            // SYNTHETIC: five files of 2 × 10^16 dollars to Mexico in FY2024, each under the bound (2^61 cents,
            // about 2.3 × 10^18); their 10^19 cents pass what the database's 64-bit sum holds (about 9.2 × 10^18).
            let importer = IATIImporter(store: store, allocator: try bundledAllocator())
            for index in 1...5 {
                let file = syntheticHugeAmounts(identifier: "SYNTHETIC-HUGE-\(index)", values: ["20000000000000000"])
                _ = try await importer.importFile(path: try Scratch.file("SYNTHETIC-huge-\(index).xml", file))
            }
            let query = PortfolioQuery(measure: .disbursement, countries: ["MX"])
            let error = await #expect(throws: AmountsTooLarge.self) { _ = try await store.portfolio(query) }
            #expect(error == .databaseSum)
            #expect(error?.description.contains("take it out with `atalaya runs --remove RUN`") == true)
            // Grouped by publisher, as `report donors` asks, the same.
            await #expect(throws: AmountsTooLarge.databaseSum) {
                _ = try await store.portfolio(PortfolioQuery(measure: .disbursement, groupBy: .publisher))
            }
            // Three of them add up in 64 bits, and past the bound a report adds to: the report's own error says so.
            for run in try await store.runs().prefix(2) { _ = try await store.removeRun(run.id) }
            let three = await #expect(throws: AmountsTooLarge.self) { _ = try await store.portfolio(query) }
            #expect(three?.what == "the portfolio's converted cells")
            // One alone is a figure again.
            for run in try await store.runs().prefix(2) { _ = try await store.removeRun(run.id) }
            let figures = try await store.portfolio(query)
            #expect(figures.cells.map(\.usdCents) == [2_000_000_000_000_000_000])
        }
    }

    @Test(
        "a value its value date's rate makes more dollars than cents hold is kept unconverted, with a warning at its line",
        arguments: Engine.available)
    func conversionBeyondCents(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            // SYNTHETIC: a million reais dated 1955 (a typo for 2015, say): at the IMF's 1955 rate, 3.07 × 10^-14
            // reais a dollar, some 3.3 × 10^19 dollars, past what cents hold.
            let file = syntheticHugeAmounts(
                identifier: "SYNTHETIC-BRL-1955", values: ["1000000"], currency: "BRL", valueDate: "1955-03-01")
            let run = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(
                path: try Scratch.file("SYNTHETIC-brl-1955.xml", file)
            ).run
            let warnings = try await store.warnings(run: run.id)
            #expect(warnings.map { "\($0.kind) \($0.line)" } == ["conversion_beyond_cents 8"])
            let message = try #require(warnings.first?.message)
            #expect(
                message
                    == "transaction value 1000000.00 BRL dated 1955-03-01 converts past what cents hold at that year's "
                    + "rate; check the value date; reported unconverted")
            #expect(
                ReportLanguage.es.warningMessage(kind: "conversion_beyond_cents", message)
                    == "el valor de la transacción 1000000.00 BRL con fecha 1955-03-01 excede lo que admiten los "
                    + "centavos al tipo de cambio de ese año; revise la fecha de valor; se informa sin convertir")
            // The part says why it has no dollars: not a missing rate (the table has 1955's), but its size.
            let part = try #require(
                try await store.explain(identifier: "SYNTHETIC-BRL-1955")?.transactions.first?.parts.first)
            #expect(part.usdCents == nil && part.flags == [.beyondCents])
            #expect(part.flags.names(.en) == ["too large to convert at its year's rate"])
            // Never dropped: the portfolio keeps it in its currency, beside the table.
            let figures = try await store.portfolio(PortfolioQuery(measure: .disbursement, countries: ["MX"]))
            #expect(figures.cells.isEmpty)
            #expect(figures.unconverted.map { "\($0.currency ?? "-") \($0.cents)" } == ["BRL 100000000"])
        }
    }

    @Test(
        "official files and budget tables whose amounts add past 2^61 cents are refused at their line, writing nothing",
        arguments: Engine.available)
    func officialRefused(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            // SYNTHETIC: three obligations of 10^16 dollars to Ecuador; the third passes the bound, on line 4.
            let columns = OfficialLayout.faComplete51.columns
            let rows = (1...3).map { index in
                SyntheticCSV.line(
                    columns,
                    [
                        "Country Code": "ECU", "Country Name": "Ecuador", "Fiscal Year": "2020",
                        "Transaction Type Name": "Obligations", "Current Dollar Amount": "10000000000000000",
                        "Constant Dollar Amount": "1", "Activity Name": "SYNTHETIC \(index)",
                    ])
            }
            let fa = try Scratch.file(
                "fa-complete-51-SYNTHETIC-huge.csv", ([columns.joined(separator: ",")] + rows).joined(separator: "\n"))
            let official = OfficialImporter(
                store: store, classifier: OfficialClassifier(crosswalk: try bundledAllocator().crosswalk))
            let refused = await #expect(throws: IngestError.self) {
                _ = try await official.importFile(path: fa, source: .fa, vintage: "2022-12-15")
            }
            #expect(refused?.line == 4)
            #expect(refused?.field == "current dollars")

            // SYNTHETIC: a budget table of 24 countries at the most a figure may be, 999,999,999,999 thousands.
            let countries = [
                "Peru", "Chile", "Mexico", "Colombia", "Ecuador", "Bolivia", "Brazil", "Argentina", "Uruguay",
                "Paraguay", "Venezuela", "Guatemala", "Honduras", "Nicaragua", "Panama", "Jamaica", "Haiti", "Cuba",
                "Belize", "Guyana", "Suriname", "Barbados", "Grenada", "Dominica",
            ]
            let most = "\"999,999,999,999\""
            let table = try Scratch.file(
                "SYNTHETIC-state-budget-huge.csv",
                (["Country,Total,INCLE,Fiscal Year"] + countries.map { "\($0),\(most),\(most),2018" })
                    .joined(separator: "\n") + "\n")
            let budget = await #expect(throws: IngestError.self) {
                _ = try await AccountBudgetImporter(store: store).importFile(
                    path: table, vintage: "2018-01-01", basis: .request, encoding: .utf8)
            }
            // The accounts count, not the row's total: 23 rows make 2.29999999999977 × 10^18 cents, the 24th passes.
            #expect(budget?.line == 25)
            #expect(budget?.message.contains("add up past 2^61 cents") == true)
            #expect(try await store.runs().isEmpty)
            #expect(try await store.scalar("SELECT COUNT(*) FROM official_amount") == 0)
            #expect(try await store.scalar("SELECT COUNT(*) FROM account_budget") == 0)
        }
    }

    @Test(
        "percentages near 64 bits are left out with warnings, and indicator values no report can use read as no progress",
        arguments: Engine.available)
    func hostileSharesAndValues(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = IATIImporter(store: store, allocator: try bundledAllocator())
            let run = try await importer.importFile(
                path: try Scratch.file("SYNTHETIC-shares.xml", syntheticHostileShares)
            ).run
            let warnings = try await store.warnings(run: run.id)
            // The indicator's target (1e309, infinite as a double) and actual (NaN) are flagged too, on their line.
            let flagged =
                (6...9).map { "unreadable_value \($0)" } + Array(repeating: "indicator_value_not_number 14", count: 2)
            #expect(warnings.map { "\($0.kind) \($0.line)" } == flagged)
            let starts = warnings.suffix(2).map { $0.message.prefix(26) }
            #expect(starts == [#"indicator target "1e309" i"#, #"indicator actual "NaN" is "#])
            // With every percentage left out, the 100 dollars split equally, to the cent.
            let explained = try #require(try await store.explain(identifier: "SYNTHETIC-SHARES-1"))
            #expect(explained.transactions.first?.parts.map(\.amountCents) == [2_500, 2_500, 2_500, 2_500])
            let readings = try await store.indicatorReadings(country: "MX", asOf: "2026-01-01")
            #expect(readings.map(\.title) == ["Cases closed"])
            #expect(readings.first?.progress == nil)
            let status = ResultsStatus(readings)
            #expect(status.notAssessable == 1)
            #expect(status.sentence.hasPrefix("Results: of 1 indicator with a past target"))
        }
    }
}
