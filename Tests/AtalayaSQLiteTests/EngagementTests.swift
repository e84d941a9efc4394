import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaInsights
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaSQLite

let engagementsFile = SharedData.path("engagements/engagements-2025.csv")

@Suite("Engagements and watch signals")
struct EngagementTests {
    /// Runs `body` with a new ledger on `engine` and an importer into it.
    func ledger(_ engine: Engine, _ body: (any TestLedger, EngagementImporter) async throws -> Void) async throws {
        try await engine.withLedger { store in try await body(store, EngagementImporter(store: store)) }
    }

    @Test("the three real engagements import once; a second import changes nothing", arguments: Engine.available)
    func realRecords(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let first = try await importer.importFile(path: engagementsFile)
            #expect(first.new == 3)
            #expect(try await importer.importFile(path: engagementsFile).alreadyImported)
            let mexico = try await store.engagements(country: "MX")
            #expect(mexico.map(\.date) == ["2025-09-03", "2025-10-15"])
            #expect(mexico.last?.kind == .dialogue)
            #expect(mexico.last?.sourceURL.hasPrefix("https://") == true)
            #expect(mexico.first?.topics.contains("fentanyl trafficking") == true)
        }
    }

    @Test(
        "engagements kept in Excel, dates as date cells: the same records as the CSV, each sheet a run",
        arguments: Engine.available)
    func workbook(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            // The real file's three records, written as an office keeps them in Excel (SYNTHETIC workbook): text
            // cells, and the dates as Excel date serials in a date style.
            let real = try EngagementReader().read(path: engagementsFile, displayName: "engagements-2025.csv")
            let epoch = try #require(DayCount.ordinal("1899-12-30"))
            func date(_ text: String) throws -> SyntheticWorkbook.Cell {
                .styled(1, String(try #require(DayCount.ordinal(text)) - epoch))
            }
            var rows: [[SyntheticWorkbook.Cell?]] = [EngagementReader.csvColumns.map { .text($0) }]
            for record in real {
                rows.append(
                    [
                        try date(record.date), try record.endDate.map(date), .text(record.kind.rawValue),
                        .text(record.level.rawValue), .text(record.countries.joined(separator: "; ")),
                        record.usParticipants.map { .text($0) }, record.partnerParticipants.map { .text($0) },
                        .text(record.topics.joined(separator: "; ")), .text(record.summary), .text(record.sourceURL),
                        try record.sourcePublished.map(date),
                    ])
            }
            let book = try SyntheticWorkbook.file(
                "engagements-SYNTHETIC.xlsx", sheets: [("2025", rows), ("notes", [[.text("kept apart")]])])
            #expect(try EngagementReader().read(path: book, displayName: "book.xlsx", sheet: "2025") == real)
            let fromBook = try await importer.importFile(path: book, sheet: "2025")
            #expect(fromBook.new == 3 && fromBook.run?.sheet == "2025")
            // The CSV then finds every record already recorded (same date, kind, source and summary).
            let fromCSV = try await importer.importFile(path: engagementsFile)
            #expect(fromCSV.new == 0 && fromCSV.known == 3)
            #expect(try await importer.importFile(path: book, sheet: "2025").alreadyImported)
            // A sheet laid out otherwise is refused with its place, and writes nothing.
            let refused = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: book, sheet: "notes")
            }
            #expect(refused?.file == "engagements-SYNTHETIC.xlsx[notes]" && refused?.line == 1)
            #expect(try await store.runs().count == 2)
        }
    }

    @Test("bad records say file, line and field, and nothing is written", arguments: Engine.available)
    func badRecords(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let header = EngagementReader.csvColumns.joined(separator: ",")
            let good = "2025-01-10,,visit,ministerial,CO,,,security,A visit.,https://example.org/a,2025-01-09"
            for (row, field) in [
                ("2025-01-11,,summit,ministerial,CO,,,,A summit.,https://example.org/b,", "kind"),
                ("2025-01-11,,visit,ministerial,XX,,,,A visit.,https://example.org/b,", "countries"),
                ("2025-02-30,,visit,ministerial,CO,,,,A visit.,https://example.org/b,", "date"),
                (",,visit,ministerial,CO,,,,A visit with no date.,https://example.org/b,", "date"),
                ("2025-01-11,,visit,ministerial,CO,,,,A visit.,,", "source_url"),
                ("2025-01-11,,visit,ministerial,CO,,,,A vi\u{0}sit.,https://example.org/b,", "summary"),
            ] {
                let path = try Scratch.file("synthetic-engagements.csv", header + "\n" + good + "\n" + row + "\n")
                let error = await #expect(throws: IngestError.self) { _ = try await importer.importFile(path: path) }
                #expect(error?.line == 3)
                #expect(error?.field == field)
            }
            #expect(try await store.engagements(country: nil).isEmpty)
            #expect(try await store.runs().isEmpty)
        }
    }

    @Test("a JSON file may leave out topics, pillars and commitments; its errors name the key, or line and column")
    func jsonRecords() throws {
        let reader = EngagementReader()
        // The real records, written as JSON (the shape `engagement list --format json` prints), read back the same.
        let real = try reader.read(path: engagementsFile, displayName: "engagements-2025.csv")
        let encoded = try JSONEncoder().encode(real)
        #expect(
            try reader.read(path: try Scratch.file("real.json", contents: encoded), displayName: "real.json") == real)

        let minimal = """
            [{"date": "2025-03-01", "kind": "visit", "level": "ministerial", "countries": ["MX"],
              "summary": "SYNTHETIC test record.", "sourceURL": "https://example.org/synthetic"}]
            """
        let read = try reader.read(path: try Scratch.file("synthetic.json", minimal), displayName: "synthetic.json")
        #expect(read.count == 1 && read[0].topics.isEmpty && read[0].pillars.isEmpty && read[0].commitments.isEmpty)

        func refusal(_ json: String) -> IngestError? {
            #expect(throws: IngestError.self) {
                _ = try reader.read(path: try Scratch.file("synthetic-bad.json", json), displayName: "bad.json")
            }
        }
        let kind = refusal(minimal.replacingOccurrences(of: #""visit""#, with: #""visitt""#))
        #expect(kind?.field == "[0].kind")
        #expect(kind?.message == "\"visitt\" is not one of visit, dialogue, agreement, joint_strategy, other")
        let pillar = refusal(
            minimal.replacingOccurrences(of: #""countries""#, with: #""pillars": ["justise"], "countries""#))
        #expect(pillar?.field == "[0].pillars[0]")
        #expect(pillar?.message.hasPrefix("\"justise\" is not one of interdiction, intelligence, ") == true)
        let end = refusal(
            minimal.replacingOccurrences(of: #""countries""#, with: #""endDate": "2025-02-01", "countries""#))
        #expect(end?.field == "[0].endDate")
        let countries = refusal(minimal.replacingOccurrences(of: #"["MX"]"#, with: #""MX""#))
        #expect(countries?.field == "[0].countries" && countries?.message == "expected an array")
        // A syntax error: JSONDecoder says only "not valid JSON"; the error gives the line and column.
        let syntax = refusal(minimal.replacingOccurrences(of: #""summary""#, with: #"summary"#))
        #expect(syntax?.line == 2 && syntax?.column == 3 && syntax?.field == nil)
        #expect(syntax?.message == "not valid JSON: invalid value")
        // Columns count characters as an editor does: "Economía" and "—" before the error are one column each, though
        // UTF-8 spends two and three bytes on them ("summary" is at character 35 of its line, byte 39).
        let accented = refusal(
            minimal.replacingOccurrences(
                of: #"  "summary""#, with: #"  "topics": ["Economía — señal"], summary"#))
        #expect(accented?.line == 2 && accented?.column == 35 && accented?.message == "not valid JSON: invalid value")
        // Hostile nesting is refused where the parser stops, not by exhausting the stack.
        let deep = refusal(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        #expect(deep?.message == "not valid JSON: too many nested arrays or dictionaries" && deep?.line == 1)
        let truncated = refusal(String(minimal.dropLast(3)))
        #expect(truncated?.line == 2 && truncated?.message == "the file ends inside a value")
        // A Latin-1 "É" (0xC9) before "SYNTHETIC" on line 2, where the summary's text starts at column 15.
        let parts = minimal.components(separatedBy: "SYNTHETIC")
        let latin1 = Data(parts[0].utf8) + [0xC9] + Data(("SYNTHETIC" + parts[1]).utf8)
        let notUTF8 = try Scratch.file("synthetic-latin1.json", contents: latin1)
        let encoding = #expect(throws: IngestError.self) { _ = try reader.read(path: notUTF8, displayName: "x.json") }
        #expect(encoding?.line == 2 && encoding?.column == 15 && encoding?.message == "bytes that are not UTF-8")
    }

    @Test(
        "signals: days since the last engagement, and how many in twelve months, as of a date",
        arguments: Engine.available)
    func engagementSignal(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(path: engagementsFile)
            let all = try await store.engagements(country: nil)
            let recent = SignalBoard.engagement(all, country: "MX", asOf: "2025-11-29", recorded: all.count)
            #expect(recent.status == "recent")
            #expect(recent.value == "45 days since the last; 2 in 12 months")
            let nextDay = SignalBoard.engagement(all, country: "MX", asOf: "2025-10-16", recorded: all.count)
            #expect(nextDay.value == "1 day since the last; 2 in 12 months")
            #expect(recent.explanation.contains("https://pubt.io/"))
            let later = SignalBoard.engagement(all, country: "MX", asOf: "2027-01-01", recorded: all.count)
            #expect(later.status == "lapsed")
            #expect(later.value?.hasSuffix("0 in 12 months") == true)
            // A lapse the record itself shares is said: nothing was recorded for anyone after Mexico's last.
            #expect(later.explanation.hasSuffix("(3 in all, none after 2025-10-15)."))
            let laterES = SignalBoard.engagement(
                all, country: "MX", asOf: "2027-01-01", recorded: all.count, language: .es)
            #expect(laterES.explanation.hasSuffix("(3 en total, ninguno posterior al 2025-10-15)."))
            let before = SignalBoard.engagement(all, country: "MX", asOf: "2025-01-01", recorded: all.count)
            #expect(before.status == "no record")
            #expect(before.explanation.contains("(the ledger holds 3 engagement records in all)"))
            let one = SignalBoard.engagement(Array(all.prefix(1)), country: "CO", asOf: "2025-11-29", recorded: 1)
            #expect(one.explanation.contains("(the ledger holds 1 engagement record in all)"))
            // A record silent for over 90 days says how far it reaches; within them it need not.
            let stale = SignalBoard.engagement(Array(all.prefix(1)), country: "CO", asOf: "2026-01-01", recorded: 1)
            #expect(stale.explanation.contains("(the ledger holds 1 engagement record in all, none after 2025-09-03)"))
            #expect(!recent.explanation.contains("none after"))
            #expect(
                SignalBoard.engagement(all, country: "CO", asOf: "2025-11-29", recorded: all.count).status
                    == "no record")
        }
    }

    @Test(
        "joint strategies beyond interdiction count their commitments: met, overdue, open", arguments: Engine.available)
    func jointStrategies(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let json = """
                [{"date": "2024-03-01", "kind": "joint_strategy", "level": "ministerial", "countries": ["CO"],
                  "topics": ["justice reform"], "pillars": ["justice", "anti_corruption"],
                  "summary": "SYNTHETIC test record: a joint strategy on justice reform.",
                  "sourceURL": "https://example.org/synthetic", "commitments": [
                    {"text": "open a prosecutors' unit", "due": "2024-12-31", "status": "met"},
                    {"text": "publish case statistics", "due": "2025-06-30", "status": "open"},
                    {"text": "pass a procurement law", "due": "2026-06-30", "status": "open"}]},
                 {"date": "2024-04-01", "kind": "agreement", "level": "senior_official", "countries": ["CO"],
                  "pillars": ["interdiction"], "summary": "SYNTHETIC test record: an interdiction agreement.",
                  "sourceURL": "https://example.org/synthetic-2", "topics": [], "commitments": []}]
                """
            let path = try Scratch.file("synthetic-engagements.json", json)
            #expect(try await importer.importFile(path: path).new == 2)
            let all = try await store.engagements(country: "CO")
            #expect(all.first?.commitments.count == 3)
            let signal = SignalBoard.jointStrategies(all, country: "CO", asOf: "2025-11-29")
            #expect(signal.status == "commitments overdue")
            #expect(signal.value == "1 beyond interdiction; commitments 1 met, 1 overdue")
            let bad = try Scratch.file("synthetic-bad.json", #"[{"date": "2024-03-01", "kind": "visit"}]"#)
            let error = await #expect(throws: IngestError.self) { _ = try await importer.importFile(path: bad) }
            #expect(error?.message.contains("missing") == true)
        }
    }

    @Test(
        "with no country named, signals watch every country the source pays and every engagement partner",
        arguments: Engine.available)
    func defaultCountries(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let builder = SignalsBuilder(store: store)
            #expect(try await builder.defaultCountries(source: .iati).isEmpty)
            // USAID's Central America file pays Panama and region:489 among others; no engagement is with them.
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(path: usaid("489"))
            let paid = try await store.recipients().filter { $0.sources.contains(.iati) }.map(\.code)
            #expect(paid.contains("region:489") && !paid.contains("MX") && !paid.contains("EC"))
            _ = try await importer.importFile(path: engagementsFile)
            let watched = try await builder.defaultCountries(source: .iati)
            #expect(watched == (paid.filter { Countries.iso2.contains($0) } + ["EC", "MX"]).sorted())
            // The Greenbook holds nothing here: only the engagements' partners.
            #expect(try await builder.defaultCountries(source: .greenbook) == ["EC", "MX"])
        }
    }

    @Test(
        "the signals alone (the signals page's) are the signals with the checks, which they leave out",
        arguments: Engine.available)
    func signalsWithoutChecks(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(path: usaid("pa"))
            _ = try await importer.importFile(path: engagementsFile)
            let builder = SignalsBuilder(store: store)
            let countries = ["MX", "PA"]
            let full = try await builder.signals(
                countries: countries, asOf: "2025-06-30", source: .iati, measure: .disbursement)
            let alone = try await builder.signals(
                countries: countries, asOf: "2025-06-30", source: .iati, measure: .disbursement, checks: false)
            #expect(full.map(\.signals) == alone.map(\.signals))
            // Panama's programs have money here, so the full signals carry their checks; the others none.
            let panama = try #require(full.last)
            #expect(panama.accountability != nil && panama.ownership != nil && panama.burdenSharing != nil)
            let bare = try #require(alone.last)
            #expect(bare.accountability == nil && bare.ownership == nil && bare.results == nil)
            #expect(bare.burdenSharing == nil)
        }
    }

    @Test(
        "justice and anti-corruption money: complete years only, agreeing with a sum over the rows",
        arguments: Engine.available)
    func moneySignal(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let official = OfficialImporter(
                store: store, classifier: OfficialClassifier(crosswalk: try bundledAllocator().crosswalk))
            _ = try await official.importFile(path: ecuadorExport, source: .fa, vintage: "2022-12-15")
            let signals = try await SignalsBuilder(store: store).signals(
                countries: ["EC"], asOf: "2023-06-01", source: .fa, measure: .obligation)
            let money = try #require(signals.first?.signals.first { $0.kind == .justiceAntiCorruption })
            // The vintage (2022-12-15) completes FY2022; the rows give the same amount summed independently.
            let rows = try await store.scalar(
                """
                SELECT SUM(current_cents) FROM official_amount WHERE recipient = 'EC' AND fiscal_year = 2022
                  AND measure = 'obligation' AND pillar IN ('justice', 'anti_corruption')
                """)
            let expected = "USD \(DecimalText.formatWhole(rows ?? 0)) in FY2022"
            #expect(money.value?.hasPrefix(expected) == true, "\(money.value ?? "nil") vs \(expected)")
            #expect(money.explanation.contains("last complete year is FY2022"))
        }
    }

    @Test("day counts across leap years and month ends")
    func days() {
        #expect(DayCount.days(from: "2024-02-28", to: "2024-03-01") == 2)
        #expect(DayCount.days(from: "2023-02-28", to: "2023-03-01") == 1)
        #expect(DayCount.days(from: "2024-12-31", to: "2025-01-01") == 1)
        #expect(DayCount.days(from: "2000-01-01", to: "2001-01-01") == 366)
        #expect(!DayCount.isDate("2025-02-29"))
        #expect(!DayCount.isDate("2025-13-01"))
        #expect(!DayCount.isDate("25-01-01"))
    }
}
