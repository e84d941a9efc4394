import AtalayaCosign
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaInsights
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Foundation
import Testing

/// The BCIE file: its activity 500459 reports ten IATI indicators for El Salvador (read off the file by hand).
let bcieFile = SharedData.path("iati-activities/bcie-xm-dac-46007/bcie.xml")

@Suite("A program office's monitoring data")
struct MonitoringTests {
    let asOf = "2025-11-29"

    /// Runs `body` with a ledger on `engine` holding the BCIE file, and a monitoring importer into it.
    func ledger(_ engine: Engine, _ body: (any TestLedger, MonitoringImporter) async throws -> Void) async throws {
        try await engine.withLedger { store in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(path: bcieFile)
            try await body(store, MonitoringImporter(store: store))
        }
    }

    @Test(
        "a monitoring file stands for a program's results in place of its IATI ones, and for its reporting",
        arguments: Engine.available)
    func replacesIATIResults(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let before = try await store.indicatorReadings(country: "SV", asOf: asOf)
            #expect(before.count == 10)
            #expect(try await store.monitoredCountries() == [])
            #expect(before.allSatisfy { $0.source == .iati && $0.run == 1 })
            // One of the ten cannot be assessed, and every output says why: its target is its baseline (0 and 0).
            let unassessed = before.filter { $0.unassessable != nil }
            #expect(unassessed.map(\.title) == ["Inversión en salud (equipo, tecnología)"])
            #expect(unassessed.map(\.unassessable) == [.targetIsBaseline])
            let iatiReport = ResultsReport(country: "SV", asOf: asOf, readings: before, thresholds: .standard)
            let iatiLines = iatiReport.csv().split(separator: "\n")
            #expect(iatiLines.first?.hasSuffix(",ended_after_file,unassessable") == true)
            #expect(iatiLines.filter { $0.hasSuffix(",target_is_baseline") }.count == 1)
            #expect(iatiLines.dropFirst().filter { $0.hasSuffix(",") }.count == 9)
            #expect(iatiReport.table().contains("n/a: target equals the baseline"))
            let iatiJSON = try JSONSerialization.jsonObject(with: Data(try iatiReport.json().utf8)) as? [String: Any]
            let reasons = (iatiJSON?["readings"] as? [[String: Any]])?.compactMap { $0["unassessable"] as? String }
            #expect(reasons == ["target_is_baseline"])
            let beforeStatus = ResultsStatus(before)
            #expect(beforeStatus.notAssessableBecause == ["target_is_baseline": 1])
            #expect(beforeStatus.sentence.contains(", 1 not assessable (1 with the target at the baseline); 9 report"))
            #expect(
                beforeStatus.sentence(in: .es).contains(
                    "9 rezagados, 1 no evaluable (1 con la meta igual a la línea de base)"))
            // The periods listed as late or unreported are the ones the reporting completeness finds without an
            // actual, counted apart: before the monitoring file, and after it (below).
            try await expectUnreportedMatchesCompleteness(store, asOf: asOf)
            let path = try Scratch.file("SYNTHETIC-monitoring-sv.csv", syntheticMonitoring)
            let run = try await importer.importFile(path: path, office: "SYNTHETIC office", vintage: "2025-11-01").run
            #expect(run.source == "monitoring")
            #expect(
                (run.activitiesNew, run.activitiesUpdated, run.activitiesUnchanged, run.transactions) == (5, 0, 0, 5))
            #expect(run.publisher == "SYNTHETIC office")
            #expect(run.vintage == "2025-11-01")
            #expect(try await importer.importFile(path: path).alreadyImported)
            // The file's "sv" is stored as SV: one country.
            #expect(try await store.monitoredCountries() == ["SV"])

            // Each monitored indicator's latest past period with a target; the period ending after the as-of date is
            // not yet due. The IATI indicators of the monitored activity give way: one source per program.
            let readings = try await store.indicatorReadings(country: "SV", asOf: asOf)
            #expect(readings.allSatisfy { $0.source == .monitoring && $0.run == run.id })
            // Each carries its file's date (the `--vintage` given); every period here ended before it.
            #expect(readings.allSatisfy { $0.fileDate == "2025-11-01" && !$0.endedAfterFile })
            #expect(
                readings.map { "\($0.activity)|\($0.title)|\($0.periodEnd ?? "")|\($0.actual ?? "")" } == [
                    "SYNTHETIC-OFFICE-SV-001|Municipal violence prevention plans adopted|2025-06-30|3",
                    "XM-DAC-46007-500459|Case backlog in pilot courts|2025-06-30|1100",
                    "XM-DAC-46007-500459|Judges trained in oral trial procedure|2025-06-30|290",
                ])
            // By hand: 3 of 10 (no baseline, taken as 0) is off track; the backlog falling 100 of the 300 to its
            // target (lower is better) is a third of the way, off track; 290 of 300 judges is 96.7%, on track.
            let status = ResultsStatus(readings)
            #expect((status.onTrack, status.atRisk, status.offTrack, status.notAssessable) == (1, 0, 2, 0))
            #expect(status.baselineAssumed == 1)
            #expect(status.fromMonitoring == 3)
            #expect(status.sentence.hasSuffix("all from the program office's monitoring data."))

            // The monitored activity's reporting counts its monitoring periods, cross-checked by a plain count.
            let programs = try await store.accountability(country: "SV", asOf: asOf)
            let bcie = try #require(programs.first { $0.identifier == "XM-DAC-46007-500459" })
            #expect(bcie.monitored)
            let past = try await store.scalar(
                """
                SELECT COUNT(*) FROM monitoring_period
                WHERE program = 'XM-DAC-46007-500459' AND country = 'SV' AND period_end < '\(asOf)'
                """)
            #expect((bcie.indicators, bcie.pastPeriods, bcie.reportedPeriods) == (2, Int(past ?? -1), 3))
            #expect(programs.filter(\.monitored).count == 1)
            let summary = AccountabilitySummary(programs, asOf: asOf)
            #expect(summary.monitoredPrograms == 1)
            #expect(summary.sentences[1].contains("Indicators of 1 program come from the program office's monitoring"))

            // The program's own periods, every one with its run, for its page.
            let periods = try await store.monitoringPeriods(program: "XM-DAC-46007-500459")
            #expect(
                periods.map { "\($0.period.indicator)|\($0.period.periodEnd)" } == [
                    "Case backlog in pilot courts|2025-06-30", "Judges trained in oral trial procedure|2024-12-31",
                    "Judges trained in oral trial procedure|2025-06-30",
                ])
            #expect(periods.allSatisfy { $0.run == run.id && $0.period.country == "SV" })
            #expect(periods.map(\.period.line) == [4, 2, 3])

            // The report other tools read: worst first, each with its status, progress and source.
            let report = ResultsReport(country: "SV", asOf: asOf, readings: readings, thresholds: .standard)
            #expect(
                report.csv().split(separator: "\n").dropFirst().map { $0.split(separator: ",").first ?? "" } == [
                    "off track", "off track", "on track",
                ])
            let json = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any]
            let counted = json?["status"] as? [String: Any]
            #expect(counted?["fromMonitoring"] as? Int == 3)
            #expect((json?["readings"] as? [[String: Any]])?.first?["status"] as? String == "off track")

            // Every monitored period ended by the as-of date has an actual; two months on, the office's own
            // program's second period is late.
            try await expectUnreportedMatchesCompleteness(store, asOf: asOf)
            #expect(try await store.unreportedPeriods(country: "SV", asOf: asOf).isEmpty)
            let late = try await store.unreportedPeriods(country: "SV", asOf: "2026-02-01")
            #expect(
                late.map { "\($0.activity)|\($0.periodEnd)|\($0.source)" } == [
                    "SYNTHETIC-OFFICE-SV-001|2025-12-31|monitoring"
                ])
            #expect(late.first?.daysOverdue(asOf: "2026-02-01") == 32)
            // It ended after the file (of 1 November 2025) was made: still late, and said to be beyond that file.
            #expect(late.first?.fileDate == "2025-11-01" && late.first?.endedAfterFile == true)
            try await expectUnreportedMatchesCompleteness(store, asOf: "2026-02-01")

            // Elsewhere nothing changes: the file covers El Salvador only.
            #expect(try await store.indicatorReadings(country: "HN", asOf: asOf).allSatisfy { $0.source == .iati })
        }
    }

    @Test(
        "the periods due are the monitoring periods listed as unreported, in a file that imports back as they are stored",
        arguments: Engine.available)
    func periodsDue(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            _ = try await importer.importFile(
                path: try Scratch.file("SYNTHETIC-monitoring-sv.csv", syntheticMonitoring), vintage: "2025-11-01")
            // A second program whose indicator needs quoting, and begins as a spreadsheet formula would: the file
            // writes it exactly, so that its line names the period the ledger holds.
            let quoted = """
                program,country,indicator,ascending,baseline,period_start,period_end,target,actual
                SYNTHETIC-OFFICE-SV-002,SV,"=Cases ""closed"", by court",false,-5,2025-07-01,2025-09-30,-20,
                SYNTHETIC-OFFICE-SV-002,SV,"=Cases ""closed"", by court",false,-5,2025-10-01,2025-12-31,-30,-31
                """
            _ = try await importer.importFile(path: try Scratch.file("SYNTHETIC-monitoring-sv-2.csv", quoted))
            let stored = try await store.monitoringPeriods(country: "SV")
            #expect(stored.count == 7)
            #expect(try await store.monitoringPeriods(country: "HN").isEmpty)
            #expect(MonitoringTemplate.header == MonitoringReader.columns)
            // An IATI program with two periods past and no actual: left out of the file, and said so.
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(
                path: try Scratch.file("SYNTHETIC-after-file.xml", syntheticAfterFileActivity))

            // Before any is due, and two months on: the same periods `report results --unreported` lists from
            // monitoring data, counted there by their own query.
            #expect(
                MonitoringTemplate(stored: stored.map(\.period), asOf: asOf).periods.map(\.periodEnd) == ["2025-09-30"])
            let later = "2026-02-01"
            let unreported = try await store.unreportedPeriods(country: "SV", asOf: later)
            let listed = unreported.filter { $0.source == .monitoring }
            #expect(
                unreported.filter { $0.source == .iati }.map(\.activity) == ["SYNTHETIC-AFTER-1", "SYNTHETIC-AFTER-1"])
            let due = MonitoringTemplate(stored: stored.map(\.period), asOf: later, unreportedInIATI: 2)
            #expect(
                due.note(country: "SV") == """
                    2 periods ended before 2026-02-01 with no actual in the monitoring data for SV
                    2 more, of programs whose results come from their IATI files, are left out: their publishers \
                    report them there, and a monitoring file that gives a program's periods stands for all its \
                    results in that country (`atalaya report results --unreported` lists them)
                    """)
            #expect(
                due.note(country: "SV", in: .es) == """
                    2 periodos vencieron antes del 2026-02-01 sin valor real en los datos de seguimiento de SV
                    2 más, de programas cuyos resultados vienen de sus archivos IATI, quedan fuera: sus publicadores \
                    los informan allí, y un archivo de seguimiento que da periodos de un programa reemplaza todos sus \
                    resultados en ese país (`atalaya report results --unreported` los lista)
                    """)
            #expect(
                due.periods.map { "\($0.program)|\($0.indicator)|\($0.periodEnd)" }
                    == UnreportedPeriod.longestOverdueFirst(listed).map { "\($0.activity)|\($0.title)|\($0.periodEnd)" }
                    .sorted())
            #expect(
                due.csv() == """
                    program,country,indicator,ascending,baseline,period_start,period_end,target,actual
                    SYNTHETIC-OFFICE-SV-001,SV,Municipal violence prevention plans adopted,true,,2025-07-01,2025-12-31,20,
                    SYNTHETIC-OFFICE-SV-002,SV,"=Cases ""closed"", by court",false,-5,2025-07-01,2025-09-30,-20,

                    """)

            // Read back, the file gives each period as stored; imported as it is, it changes no value.
            let path = try Scratch.file("SYNTHETIC-monitoring-due.csv", due.csv())
            var read: [MonitoringPeriod] = []
            try MonitoringReader().read(path: path, displayName: "due") { read.append($0) }
            let key = { (period: MonitoringPeriod) in
                "\(period.program)|\(period.country)|\(period.indicator)|\(period.ascending)|\(period.baseline ?? "-")|"
                    + "\(period.periodStart)|\(period.periodEnd)|\(period.target ?? "-")|\(period.actual ?? "-")"
            }
            #expect(read.map(key) == due.periods.map(key))
            let unchanged = try await importer.importFile(path: path).run
            #expect((unchanged.activitiesNew, unchanged.activitiesUpdated, unchanged.activitiesUnchanged) == (0, 0, 2))

            // Filled in and imported back: each period is updated where it stands, and none is due any longer.
            let filled = due.csv().replacingOccurrences(of: ",20,\n", with: ",20,12\n")
                .replacingOccurrences(of: ",-20,\n", with: ",-20,-18\n")
            let run = try await importer.importFile(path: try Scratch.file("SYNTHETIC-monitoring-filled.csv", filled))
                .run
            #expect((run.activitiesNew, run.activitiesUpdated, run.activitiesUnchanged) == (0, 2, 0))
            let after = try await store.monitoringPeriods(country: "SV")
            #expect(after.count == 7)
            #expect(MonitoringTemplate(stored: after.map(\.period), asOf: later).periods.isEmpty)
            #expect(try await store.unreportedPeriods(country: "SV", asOf: later).map(\.source) == [.iati, .iati])
            #expect(
                after.filter { $0.run == run.id }.map { "\($0.period.periodEnd)|\($0.period.actual ?? "")" }
                    == ["2025-12-31|12", "2025-09-30|-18"])
        }
    }

    @Test(
        "a newer file replaces, takes over and adds periods; only a run that replaced nothing can be removed",
        arguments: Engine.available)
    func newerFileAndRemoval(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let iatiReadings = try await store.indicatorReadings(country: "SV", asOf: asOf)
            let first = try await importer.importFile(
                path: try Scratch.file("SYNTHETIC-monitoring-sv.csv", syntheticMonitoring)
            ).run
            // Removed, the first file leaves the ledger as it was: the IATI readings are back.
            let removed = try await store.removeRun(first.id)
            #expect(removed.records == 5)
            #expect(try await store.indicatorReadings(country: "SV", asOf: asOf) == iatiReadings)
            #expect(try await store.scalar("SELECT COUNT(*) FROM monitoring_period") == 0)

            let again = try await importer.importFile(
                path: try Scratch.file("SYNTHETIC-monitoring-sv.csv", syntheticMonitoring)
            ).run
            #expect(again.id > first.id)
            // The next quarter's file: a corrected actual, a period as it was, a new period.
            let newer = """
                program,country,indicator,ascending,baseline,period_start,period_end,target,actual
                XM-DAC-46007-500459,SV,Judges trained in oral trial procedure,true,0,2025-01-01,2025-06-30,300,310
                XM-DAC-46007-500459,SV,Case backlog in pilot courts,false,1200,2025-01-01,2025-06-30,900,1100
                XM-DAC-46007-500459,SV,Case backlog in pilot courts,false,1200,2025-07-01,2025-09-30,850,800
                """
            let second = try await importer.importFile(
                path: try Scratch.file("SYNTHETIC-monitoring-sv-q3.csv", newer)
            ).run
            #expect((second.activitiesNew, second.activitiesUpdated, second.activitiesUnchanged) == (1, 1, 1))
            let readings = try await store.indicatorReadings(country: "SV", asOf: asOf)
            let judges = try #require(readings.first { $0.title.hasPrefix("Judges") })
            #expect((judges.actual, judges.run) == ("310", second.id))
            let backlog = try #require(readings.first { $0.title.hasPrefix("Case backlog") })
            #expect((backlog.periodEnd, backlog.actual) == ("2025-09-30", "800"))

            // The second run replaced a value the first gave: removing it cannot bring that back.
            let refusal = await #expect(throws: LedgerQueryError.self) { _ = try await store.removeRun(second.id) }
            #expect(refusal?.description.contains("replaced or took over 2 periods") == true)
            // The first can go: it takes the three periods still its own, the second file's stay.
            #expect(try await store.removeRun(again.id).records == 3)
            #expect(try await store.scalar("SELECT COUNT(*) FROM monitoring_period") == 3)
            #expect(
                try await store.scalar("SELECT COUNT(*) FROM monitoring_period WHERE run_id = \(second.id)") == 3)
        }
    }

    @Test(
        "an IATI period that ended with no actual is listed as late, as the reporting completeness counts it",
        arguments: Engine.available)
    func lateIATIPeriod(_ engine: Engine) async throws {
        try await ledger(engine) { store, _ in
            // No real file staged here leaves a past period without an actual (BCIE and the World Bank report
            // every one), so one SYNTHETIC activity does: a 2024 period reported, a 2025 one not.
            let file = Self.syntheticCourtsActivity(
                "SYNTHETIC-LATE-1",
                indicators: """
                    <indicator measure="1" ascending="1"><title><narrative>Cases closed</narrative></title>
                    <period><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
                      <target value="100"/><actual value="80"/></period>
                    <period><period-start iso-date="2025-01-01"/><period-end iso-date="2025-06-30"/>
                      <target value="150"/></period>
                    </indicator>
                    """)
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(
                path: try Scratch.file("SYNTHETIC-late.xml", file))
            let late = try await store.unreportedPeriods(country: "SV", asOf: asOf)
            #expect(
                late.map { "\($0.activity)|\($0.title)|\($0.periodEnd)|\($0.target ?? "")|\($0.source)" } == [
                    "SYNTHETIC-LATE-1|Cases closed|2025-06-30|150|iati"
                ])
            #expect(late.first?.daysOverdue(asOf: asOf) == 152)
            try await expectUnreportedMatchesCompleteness(store, asOf: asOf)
        }
    }

    @Test(
        "an actual that is no value (N/A, NaN, a dash where a number belongs) is no report; a qualitative answer is one",
        arguments: Engine.available)
    func placeholderActuals(_ engine: Engine) async throws {
        try await ledger(engine) { store, _ in
            // SYNTHETIC: six periods that ended in 2024; two reported ("80"; "No" to a qualitative question), four
            // not: "N/A" and "NaN" where a number belongs, " n/a" to a qualitative one, "—" with no measure stated.
            func indicator(_ measure: String?, _ actuals: [String]) -> String {
                let periods = actuals.enumerated().map { index, actual in
                    "<period><period-start iso-date=\"2024-0\(index * 6 + 1)-01\"/>"
                        + "<period-end iso-date=\"2024-\(index == 0 ? "06-30" : "12-31")\"/>"
                        + "<target value=\"100\"/><actual value=\"\(actual)\"/></period>"
                }
                return "<indicator\(measure.map { " measure=\"\($0)\"" } ?? "") ascending=\"1\">"
                    + "<title><narrative>Indicator \(measure ?? "none")</narrative></title>"
                    + periods.joined() + "</indicator>"
            }
            let file = Self.syntheticCourtsActivity(
                "SYNTHETIC-PLACEHOLDER-1",
                indicators: indicator("1", ["N/A", "80"]) + indicator("2", ["NaN"]) + indicator("5", ["No", " n/a"])
                    + indicator(nil, ["—"]))
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(
                path: try Scratch.file("SYNTHETIC-placeholder.xml", file))
            let program = try #require(
                try await store.accountability(country: "SV", asOf: asOf).first {
                    $0.identifier == "SYNTHETIC-PLACEHOLDER-1"
                })
            #expect((program.pastPeriods, program.reportedPeriods) == (6, 2))
            let late = try await store.unreportedPeriods(country: "SV", asOf: asOf).filter {
                $0.activity == "SYNTHETIC-PLACEHOLDER-1"
            }
            #expect(
                late.map { "\($0.title) \($0.periodEnd)" }.sorted() == [
                    "Indicator 1 2024-06-30", "Indicator 2 2024-06-30", "Indicator 5 2024-12-31",
                    "Indicator none 2024-06-30",
                ])
            try await expectUnreportedMatchesCompleteness(store, asOf: asOf)
            // Read at its latest period, each says the same: no actual, where "NaN" read as "not a number" before.
            let report = try await ResultsBuilder(store: store, thresholds: .standard).report(country: "SV", asOf: asOf)
            let readings = report.readings.filter { $0.activity == "SYNTHETIC-PLACEHOLDER-1" }
            #expect(
                readings.map { "\($0.title) \($0.unassessable?.rawValue ?? "assessed")" }.sorted() == [
                    "Indicator 1 assessed", "Indicator 2 missing_value", "Indicator 5 missing_value",
                    "Indicator none missing_value",
                ])
        }
    }

    @Test(
        "a period that ended after its file was made is said apart: late but beyond that file, or a value to date",
        arguments: Engine.available)
    func endedAfterItsFile(_ engine: Engine) async throws {
        try await ledger(engine) { store, _ in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(
                path: try Scratch.file("SYNTHETIC-after-file.xml", syntheticAfterFileActivity))
            let late = try await store.unreportedPeriods(country: "SV", asOf: asOf).filter {
                $0.activity == "SYNTHETIC-AFTER-1"
            }
            #expect(late.map(\.periodEnd) == ["2025-03-31", "2025-06-30"])
            #expect(late.map(\.fileDate) == ["2025-05-01", "2025-05-01"])
            #expect(late.map(\.endedAfterFile) == [false, true])
            // The accountability check's own count (SQL) agrees with the list, program by program.
            try await expectUnreportedMatchesCompleteness(store, asOf: asOf)
            let program = try #require(
                try await store.accountability(country: "SV", asOf: asOf).first { $0.identifier == "SYNTHETIC-AFTER-1" }
            )
            #expect((program.pastPeriods, program.reportedPeriods, program.unreportedAfterFile) == (3, 1, 1))

            // The reading's period ended after the file too: its actual is a value to date, and marked so.
            let report = try await ResultsBuilder(store: store, thresholds: .standard).report(country: "SV", asOf: asOf)
            let reading = try #require(report.readings.first { $0.activity == "SYNTHETIC-AFTER-1" })
            #expect(reading.title == "Judges trained" && reading.endedAfterFile && reading.fileDate == "2025-05-01")
            // "Cases closed" is read at its latest period with a target, the late one, which ended after the file too.
            #expect(
                report.readings.filter(\.endedAfterFile).map(\.title).sorted() == ["Cases closed", "Judges trained"])
            #expect(report.status.endedAfterFile == 2)
            #expect(
                report.status.sentence.contains(
                    "; 2 are read at a period that ended on or after the day their file was made (values to date)"))
            let table = report.table()
            #expect(table.contains("2025-09-30*"))
            #expect(
                table.contains(
                    "\n* The end of the period falls on or after the day its file was made: an actual, where given, is")
            )
            // BCIE's ten periods ended before its file (12 December 2025) and have actuals, as has one of the three
            // here; of the two late, one ended after its file.
            #expect(
                report.completeness.sentence
                    == "Reporting completeness: 85% of 13 past indicator periods have an actual value; 1 of the 2 "
                    + "without an actual ended on or after the day its file was made (only a newer file can report it)."
            )
            #expect(report.completeness == ReportingCompleteness(reported: 11, unreported: 2, afterFile: 1))
            #expect(report.unreportedTable().contains("2025-06-30*"))
            #expect(
                report.unreportedTable().hasSuffix(
                    "\n* Ended on or after the day its file was made: only a newer file can report it.\n"))
            let csv = report.unreportedCSV().split(separator: "\n").map(String.init)
            #expect(
                csv.first == "days_overdue,program,indicator,period_end,target,source,run,file_date,ended_after_file")
            #expect(
                csv.filter { $0.contains("SYNTHETIC-AFTER-1") }.map {
                    $0.split(separator: ",").suffix(2).joined(separator: ",")
                } == ["2025-05-01,false", "2025-05-01,true"])
            let json = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any]
            let flags = (json?["unreported"] as? [[String: Any]])?.compactMap { $0["endedAfterFile"] as? Bool }
            #expect(flags?.filter { $0 }.count == 1)
            #expect((json?["completeness"] as? [String: Any])?["unreportedAfterFile"] as? Int == 1)

            // The brief's accountability check says the same, from its own count.
            let summary = AccountabilitySummary(try await store.accountability(country: "SV", asOf: asOf), asOf: asOf)
            #expect(summary.unreportedAfterFile == 1)
            #expect(summary.sentences[2] == report.completeness.sentence)
            // The brief says both, in its results and reporting sentences.
            let brief = CountryBriefRenderer(
                brief: try await BriefBuilder(store: store).brief(
                    country: "SV", asOf: asOf, source: .iati, measure: .disbursement),
                language: .en
            ).markdown()
            #expect(brief.contains("\n- " + report.status.sentence + "\n"))
            #expect(brief.contains("\n- " + report.completeness.sentence + "\n"))
            #expect(
                summary.sentences(in: .es)[2]
                    == "Completitud de los informes: 85% de 13 periodos vencidos tienen un valor real; 1 de los 2 sin "
                    + "valor venció el día en que se hizo su archivo o después (solo un archivo más reciente puede "
                    + "informarlo).")

            // A vintage that does not open with a date (as a publisher may write one) gives no file date: nothing is
            // said apart, in the list or in the accountability check's count.
            let undated = syntheticAfterFileActivity.replacingOccurrences(
                of: "2025-05-01T08:00:00Z", with: "SYNTHETIC spring 2025"
            ).replacingOccurrences(of: "SYNTHETIC-AFTER-1", with: "SYNTHETIC-AFTER-2")
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(
                path: try Scratch.file("SYNTHETIC-after-file-undated.xml", undated))
            let undatedLate = try await store.unreportedPeriods(country: "SV", asOf: asOf).filter {
                $0.activity == "SYNTHETIC-AFTER-2"
            }
            #expect(undatedLate.count == 2)
            #expect(undatedLate.allSatisfy { $0.fileDate == nil && !$0.endedAfterFile })
            try await expectUnreportedMatchesCompleteness(store, asOf: asOf)
        }
    }

    @Test(
        "a country known only from monitoring data gets its results sentence in the signals and the brief",
        arguments: Engine.available)
    func monitoringOnlyCountry(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let file = """
                program,country,indicator,ascending,baseline,period_start,period_end,target,actual
                SYNTHETIC-GT-1,GT,Cases closed,true,0,2025-01-01,2025-06-30,10,9
                """
            _ = try await MonitoringImporter(store: store).importFile(
                path: try Scratch.file("SYNTHETIC-monitoring-gt.csv", file))
            let signals = try await SignalsBuilder(store: store).signals(
                countries: ["GT"], asOf: asOf, source: .iati, measure: .disbursement)
            #expect(signals.first?.accountability == nil)  // no money, so no checks on money
            #expect(signals.first?.results?.onTrack == 1)
            #expect(SignalsReport(countries: signals).table().contains("  results:\n    Results: of 1 indicator with"))
            // In Spanish, the table's own words as well as the signals' sentences.
            let spanish = SignalsReport(
                countries: try await SignalsBuilder(store: store).signals(
                    countries: ["GT"], asOf: asOf, source: .iati, measure: .disbursement, language: .es),
                language: .es
            ).table()
            #expect(spanish.hasPrefix("Guatemala (GT) — señales al \(asOf)\n  Contacto de alto nivel: sin registro\n"))
            #expect(
                spanish.contains("\n  Fondos para justicia y anticorrupción: sin datos\n    Sin montos en el ámbito"))
            #expect(spanish.contains("  resultados:\n    Resultados: de 1 indicador con una meta vencida"))
            let brief = try await BriefBuilder(store: store).brief(
                country: "GT", asOf: asOf, source: .iati, measure: .disbursement)
            #expect(
                CountryBriefRenderer(brief: brief, language: .en).markdown().contains(
                    "- Results: of 1 indicator with a past target, 1 on track"))
            #expect(
                CountryBriefRenderer(brief: brief, language: .es).html().contains(
                    "<li>Resultados: de 1 indicador con una meta vencida"))
        }
    }

    @Test(
        "an office's workbook of a sheet per country: each sheet is a run of its own, imported once",
        arguments: Engine.available)
    func workbookSheets(_ engine: Engine) async throws {
        try await engine.withLedger { store in
            let importer = MonitoringImporter(store: store)
            let header = MonitoringReader.columns.map { SyntheticWorkbook.Cell.text($0) }
            func row(_ country: String, _ actual: String) -> [SyntheticWorkbook.Cell?] {
                [
                    .text("SYNTHETIC-\(country)-1"), .text(country), .text("Cases closed"), .text("true"),
                    .number("0"), .text("2025-01-01"), .text("2025-06-30"), .number("10"), .number(actual),
                ]
            }
            let book = try SyntheticWorkbook.file(
                "monitoring-sheet-per-country-SYNTHETIC.xlsx",
                sheets: [("SV", [header, row("SV", "9")]), ("HN", [header, row("HN", "4")])])
            let salvador = try await importer.importFile(path: book, onlyCountry: "SV", sheet: "SV")
            let honduras = try await importer.importFile(path: book, onlyCountry: "HN", sheet: "HN")
            #expect(!salvador.alreadyImported && !honduras.alreadyImported)
            #expect(salvador.run.sha256 == honduras.run.sha256)
            #expect(salvador.run.fileLabel == "monitoring-sheet-per-country-SYNTHETIC.xlsx[SV]")
            #expect(honduras.run.sheet == "HN" && honduras.run.formatVersion == "monitoring-xlsx")
            #expect(honduras.run.activitiesNew == 1)
            // Without --vintage, the workbook's last-saved date (2024-03-05) is the day its file was made; one given
            // stands, and a workbook that records no date gives none.
            #expect(salvador.run.vintage == "2024-03-05" && honduras.run.vintage == "2024-03-05")
            let stated = try SyntheticWorkbook.file(
                "monitoring-stated-SYNTHETIC.xlsx", sheets: [("GT", [header, row("GT", "5")])])
            #expect(try await importer.importFile(path: stated, vintage: "2025-07-15").run.vintage == "2025-07-15")
            let undated = try SyntheticWorkbook.file(
                "monitoring-undated-SYNTHETIC.xlsx", sheets: [("PA", [header, row("PA", "6")])], modified: nil)
            #expect(try await importer.importFile(path: undated).run.vintage == nil)
            #expect(try await store.monitoredCountries() == ["GT", "HN", "PA", "SV"])
            let again = try await importer.importFile(path: book, sheet: "HN")
            #expect(again.alreadyImported && again.run.id == honduras.run.id)
            #expect(try await store.scalar("SELECT COUNT(*) FROM monitoring_period") == 4)
        }
    }

    @Test("bad monitoring files say file, line and field, and change nothing", arguments: Engine.available)
    func badFiles(_ engine: Engine) async throws {
        try await ledger(engine) { store, importer in
            let header = MonitoringReader.columns.joined(separator: ",")
            let good = "P-1,SV,Cases closed,true,0,2025-01-01,2025-03-31,10,4"
            for (row, field, message) in [
                ("P-1,XX,Cases closed,true,0,2025-04-01,2025-06-30,10,4", "country", "ISO 3166-1"),
                ("P-1,SV,Cases closed,yes,0,2025-04-01,2025-06-30,10,4", "ascending", "neither true"),
                ("P-1,SV,Cases closed,true,0,2025-04-01,2025-06-31,10,4", "period_end", "not a date"),
                // Shapes `Int` and a split on `-` once let through, stored as typed and sorted before every date.
                ("P-1,SV,Cases closed,true,0,2025-+4-01,2025-06-30,10,4", "period_start", "not a date"),
                ("P-1,SV,Cases closed,true,0,2025-04-01,2025--6-30,10,4", "period_end", "not a date"),
                ("P-1,SV,Cases closed,true,0,2025-04-01,2025-03-30,10,4", "period_end", "before the period's start"),
                ("P-1,SV,Cases closed,true,0,2025-04-01,2025-06-30,12%,4", "target", "not a number"),
                ("P-1,SV,Cases closed,true,0,2025-04-01,2025-06-30,10,\"1,000\"", "actual", "not a number"),
                (",SV,Cases closed,true,0,2025-04-01,2025-06-30,10,4", "program", "empty"),
                ("P-1,SV,Cases \u{0}closed,true,0,2025-04-01,2025-06-30,10,4", "indicator", "NUL"),
                ("P-1,SV,Cases closed,true,0,2025-01-01,2025-03-31,10,5", nil, "given again (first on line 2)"),
            ] as [(String, String?, String)] {
                let path = try Scratch.file("SYNTHETIC-monitoring-bad.csv", header + "\n" + good + "\n" + row + "\n")
                let error = await #expect(throws: IngestError.self) { _ = try await importer.importFile(path: path) }
                #expect(error?.file == "SYNTHETIC-monitoring-bad.csv")
                #expect(error?.line == 3)
                #expect(error?.field == field)
                #expect(error?.message.contains(message) == true, "\(error?.message ?? "")")
            }
            // A partner counterpart's file, limited to their own country, may not report for another.
            let neighbour = try Scratch.file(
                "SYNTHETIC-monitoring-gt.csv",
                header + "\n" + good.replacingOccurrences(of: ",SV,", with: ",GT,") + "\n"
                    + good + "\n")
            let foreign = await #expect(throws: IngestError.self) {
                _ = try await importer.importFile(path: neighbour, onlyCountry: "GT")
            }
            #expect((foreign?.line, foreign?.field) == (3, "country"))
            #expect(foreign?.message == "SV is not GT, the only country this file may report for")
            // The counterpart, who imports with --lang es, reads these refusals in Spanish, a period given twice too.
            #expect(
                foreign.map { CounterpartMessages.text(of: $0, in: .es) }
                    == "SYNTHETIC-monitoring-gt.csv:3: country: SV no es GT, el único país sobre el que este archivo "
                    + "puede informar")
            let twice = try Scratch.file("SYNTHETIC-monitoring-twice.csv", header + "\n" + good + "\n" + good + "\n")
            let repeated = await #expect(throws: IngestError.self) { _ = try await importer.importFile(path: twice) }
            #expect(
                repeated.map { CounterpartMessages.text(of: $0, in: .es) }
                    == "SYNTHETIC-monitoring-twice.csv:3: P-1 en SV, \"Cases closed\", periodo que termina el "
                    + "2025-03-31, aparece de nuevo (antes en la línea 2); un archivo da cada programa, país, indicador "
                    + "y periodo una sola vez")

            // A field far past any indicator name (2 MB) is refused where it stands, not read into memory whole.
            let huge = try Scratch.file(
                "SYNTHETIC-monitoring-huge.csv",
                header + "\n" + good + "\nP-2,SV," + String(repeating: "x", count: 2 << 20)
                    + ",true,0,2025-01-01,2025-03-31,1,1\n")
            let tooLong = await #expect(throws: IngestError.self) { _ = try await importer.importFile(path: huge) }
            #expect(tooLong?.line == 3)

            // Bytes that are not UTF-8, and a header that is not the layout.
            var bytes = Data((header + "\n" + good + "\nP-2,SV,Casos ").utf8)
            bytes.append(contentsOf: [0xFF, 0xFE])
            bytes.append(Data(",true,0,2025-01-01,2025-03-31,10,4\n".utf8))
            let latin = try Scratch.file("SYNTHETIC-monitoring-bytes.csv", contents: bytes)
            let notUTF8 = await #expect(throws: IngestError.self) { _ = try await importer.importFile(path: latin) }
            #expect((notUTF8?.line, notUTF8?.field) == (3, "indicator"))
            let renamed = try Scratch.file(
                "SYNTHETIC-monitoring-header.csv", header.replacingOccurrences(of: "actual", with: "achieved") + "\n")
            let layout = await #expect(throws: IngestError.self) { _ = try await importer.importFile(path: renamed) }
            #expect(layout?.line == 1)
            #expect(layout?.message.contains("missing actual; not a monitoring column: achieved") == true)

            #expect(try await store.scalar("SELECT COUNT(*) FROM monitoring_period") == 0)
            #expect(try await store.runs().map(\.source) == ["iati"])
        }
    }

    /// A SYNTHETIC IATI file of one court-administration activity for El Salvador, USD 1,000 disbursed in 2024, whose
    /// one result holds `indicators` (XML).
    static func syntheticCourtsActivity(_ identifier: String, indicators: String) -> String {
        syntheticActivityFile(
            identifier: identifier, country: "SV", lastUpdated: "2025-07-01T00:00:00", title: "Court administration",
            results: "<result type=\"1\"><title><narrative>Courts</narrative></title>\(indicators)</result>")
    }

    /// The unreported periods of El Salvador's programs with money equal, program by program, their past periods less
    /// those with an actual as the accountability checks count them.
    func expectUnreportedMatchesCompleteness(_ store: any TestLedger, asOf: String) async throws {
        let programs = try await store.accountability(country: "SV", asOf: asOf)
        let late = try await store.unreportedPeriods(country: "SV", asOf: asOf)
        let reported = try await store.reportedPeriods(country: "SV", asOf: asOf)
        #expect(programs.contains { $0.pastPeriods > 0 })
        for program in programs {
            #expect(
                late.filter { $0.activity == program.identifier }.count == program.pastPeriods
                    - program.reportedPeriods,
                "\(program.identifier) as of \(asOf)")
            #expect(
                reported.filter { $0.activity == program.identifier }.count == program.reportedPeriods,
                "\(program.identifier) as of \(asOf)")
            #expect(
                late.filter { $0.activity == program.identifier && $0.endedAfterFile }.count
                    == program.unreportedAfterFile,
                "\(program.identifier) as of \(asOf)")
        }
        #expect(late.map(\.periodEnd) == late.map(\.periodEnd).sorted())
    }
}
