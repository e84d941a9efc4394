import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

@Suite("Import warnings in Spanish")
struct WarningMessageTests {
    /// The IATI schema's activity test files (they carry `version="xx"`).
    static func schemaActivityFiles() -> [String] {
        let base = SharedData.path("iati-schema-2.03/tests/activity-tests")
        let walker = FileManager.default.enumerator(atPath: base)
        var files: [String] = []
        while let relative = walker?.nextObject() as? String {
            if relative.hasSuffix(".xml") { files.append(base + "/" + relative) }
        }
        return files.sorted()
    }

    @Test("every warning the readers and importers wrote on real and test files reads in Spanish, values kept")
    func everyWarningTranslates() async throws {
        var gathered: [String: Set<String>] = [:]
        // IATI: the schema's test files (placeholder versions, missing identifiers, percentages, unreadable values,
        // transactions with no type or currency…) and USAID's Caribbean file (non-ISO recipient codes).
        let reader = IATIReader(acceptsPlaceholderVersion: true)
        for path in Self.schemaActivityFiles() + [
            usaid("caribbean"), SharedData.path("iati-activities/worldbank-44000/worldbank-sv.xml"),
        ] {
            _ = try? reader.read(
                path: path, warning: { gathered[$0.kind.rawValue, default: []].insert($0.message) }, activity: { _ in })
        }
        // SYNTHETIC: what the real files do not show: an identifier twice, percentages over 100 or short of it,
        // values past the cent, indicator values whose commas may be decimal commas, currencies that are not codes
        // and sectors and recipients without one.
        let synthetic = """
            <iati-activities version="2.03" generated-datetime="2025-01-01T00:00:00Z">
            <iati-activity last-updated-datetime="2025-01-01T00:00:00Z" default-currency="USD">
            <iati-identifier>SYNTHETIC-WARN-1</iati-identifier>
            <reporting-org ref="SYNTHETIC" type="10"><narrative>SYNTHETIC publisher</narrative></reporting-org>
            <recipient-country code="MX" percentage="60"/><recipient-country code="SV" percentage="30"/>
            <sector vocabulary="1" code="15130" percentage="150"/>
            <transaction><transaction-type code="3"/><transaction-date iso-date="2024-01-01"/>
            <value value-date="2024-01-01">100.005</value></transaction>
            <budget><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
            <value value-date="2024-01-01">10.001</value></budget>
            <result type="1"><indicator measure="1" ascending="1"><baseline year="2020" value="1,000"/>
            <period><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
            <target value="2,000"/><actual value="1,500"/></period></indicator></result>
            </iati-activity>
            <iati-activity last-updated-datetime="2025-01-01T00:00:00Z" default-currency="dollars">
            <iati-identifier>SYNTHETIC-WARN-2</iati-identifier>
            <recipient-country code=""/><recipient-region code=""/><sector code=""/>
            <transaction><transaction-type code="3"/><value currency="US$">1</value></transaction>
            <transaction><transaction-type code="3"/><value>1</value></transaction>
            <budget><value currency="EURO">1</value></budget><budget><value>1</value></budget>
            </iati-activity>
            <iati-activity last-updated-datetime="2025-02-01T00:00:00Z">
            <iati-identifier>SYNTHETIC-WARN-1</iati-identifier>
            </iati-activity></iati-activities>
            """
        _ = try reader.read(
            path: try Scratch.file("SYNTHETIC-warnings.xml", synthetic),
            warning: { gathered[$0.kind.rawValue, default: []].insert($0.message) }, activity: { _ in })
        // What the importers add: Freedom House's two-score and empty cells, an older vintage after a newer one, a
        // file with no vintage stated, and a stored activity newer than a file's copy.
        try await Engine.sqlite.withLedger { store in
            _ = try await SeriesImporter(store: store).importFile(
                path: SharedData.path("country-indicators/freedom-house/2020_Freedom_in_the_World_1972-2019.csv"),
                source: .fh, edition: "2020")
            let official = OfficialImporter(
                store: store, classifier: OfficialClassifier(crosswalk: try bundledAllocator().crosswalk))
            _ = try await official.importFile(path: summary2023, source: .fa, vintage: "2023-10-21")
            _ = try await official.importFile(path: summary2022, source: .fa, vintage: "2022-12-15")
            _ = try await official.importFile(path: ecuadorExport, source: .fa, vintage: nil)
            // SYNTHETIC: Ecuador's first row with its current amount left empty, and with its constant amount past
            // the cent.
            let lines = try String(contentsOfFile: ecuadorExport, encoding: .utf8).split(
                separator: "\n", omittingEmptySubsequences: false)
            let row = lines[1].trimmingCharacters(in: .newlines)
            #expect(row.hasSuffix(",25000000,24138264"))
            let edited = [
                String(lines[0]), row.replacingOccurrences(of: ",25000000,24138264", with: ",,24138264"),
                row.replacingOccurrences(of: ",25000000,24138264", with: ",25000000,24138264.125"),
            ]
            _ = try await official.importFile(
                path: try Scratch.file("SYNTHETIC-fa-edited.csv", edited.joined(separator: "\n") + "\n"), source: .fa,
                vintage: "2022-12-16")
            // The State Department's FY2010 table (a row total left empty) and a SYNTHETIC FY2008-style table whose
            // total without GHCS-State is not the total less GHCS-State.
            let budget = AccountBudgetImporter(store: store)
            _ = try await budget.importFile(
                path: budgetTable("10").path, vintage: "2016-04-06", basis: .unstated, encoding: .utf8)
            _ = try await budget.importFile(
                path: try Scratch.file(
                    "SYNTHETIC-state-budget-2008.csv",
                    "Country ,Total,Total without GHCS-State,GHCS- STATE,INCLE,Fiscal Year\n"
                        + "Mexico,\"1,500\",\"1,500\",500,\"1,000\",2008\n"),
                vintage: "2016-04-06", basis: .unstated, encoding: .utf8)
            _ = try await budget.importFile(
                path: try Scratch.file(
                    "SYNTHETIC-state-budget-region.csv",
                    "Country,Total,INCLE,FMF,Fiscal Year\nWestern Hemisphere,100,50,50,2016\nPeru,100,100,-,2016\n"),
                vintage: "2016-04-06", basis: .unstated, encoding: .utf8)
            for run in try await store.runs() {
                for warning in try await store.warnings(run: run.id) {
                    gathered[warning.kind, default: []].insert(warning.message)
                }
            }
        }
        var activity: Activity?
        _ = try IATIReader().read(path: usaid("sv"), warning: { _ in }, activity: { activity = activity ?? $0 })
        let first = try #require(activity)
        let stale = try #require(UpsertResult.decide(first, stored: "2099-01-01T00:00:00Z").1)
        gathered[stale.kind, default: []].insert(stale.message)

        let expected: Set<String> = [
            "non_iso_country", "unreadable_value", "missing_currency", "missing_identifier", "duplicate_identifier",
            "percentages_not_100", "missing_transaction_type", "newer_version", "stale_activity", "vintage_assumed",
            "older_vintage", "two_scores", "missing_value", "rounded_to_cent", "missing_amount", "total_mismatch",
            "region_unbalanced", "indicator_value_not_number", "invalid_currency", "missing_code",
        ]
        #expect(Set(gathered.keys).isSuperset(of: expected), "\(expected.subtracting(gathered.keys))")
        #expect(gathered.values.reduce(0) { $0 + $1.count } > 20)
        for (kind, messages) in gathered {
            for message in messages {
                let spanish = ReportLanguage.es.warningMessage(kind: kind, message)
                #expect(spanish != nil && spanish != message, "\(kind): \(message)")
                #expect(ReportLanguage.en.warningMessage(kind: kind, message) == message)
            }
        }
        // The values stay as written.
        #expect(
            ReportLanguage.es.warningMessage(
                kind: "non_iso_country", #"recipient-country code "1000" is not ISO 3166-1; kept as code:1000"#)
                == #"el código de país receptor "1000" no es ISO 3166-1; se conserva como code:1000"#)
        #expect(
            ReportLanguage.es.warningMessage(kind: "stale_activity", stale.message)
                == "la versión guardada (2099-01-01T00:00:00Z) es más reciente que la de este archivo "
                + "(\(first.lastUpdated ?? "")); se conserva")
        // A message no template knows (written by another version) has no translation, for the page to say so.
        #expect(ReportLanguage.es.warningMessage(kind: "non_iso_country", "something else") == nil)
    }
}
