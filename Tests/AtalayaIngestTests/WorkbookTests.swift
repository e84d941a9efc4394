import AtalayaDomain
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaIngest

let greenbookWorkbook = foreignAssistance("greenbook/us_foreignaid_greenbook.xlsx")

/// Every row of sheet `sheet`, as text.
func sheetRows(_ path: String, sheet: String? = nil, limits: Workbook.Limits = Workbook.Limits()) throws
    -> [(line: Int, cells: [String])]
{
    let workbook = try Workbook(path: path, displayName: "book.xlsx", limits: limits)
    var rows: [(Int, [String])] = []
    try workbook.read(sheet: try workbook.sheet(named: sheet)) { rows.append(($0.line, $0.strings)) }
    return rows
}

/// The error reading `path`'s sheet throws (nil when it reads).
func workbookError(_ path: String, limits: Workbook.Limits = Workbook.Limits()) -> IngestError? {
    do {
        _ = try sheetRows(path, limits: limits)
        return nil
    } catch let error as IngestError {
        return error
    } catch {
        Issue.record("not an IngestError: \(error)")
        return nil
    }
}

@Suite("Excel workbooks")
struct WorkbookTests {
    @Test("the Greenbook's workbook reads as its CSV copy does, row for row and field for field")
    func greenbookAsItsCSV() throws {
        let workbook = try Workbook(path: greenbookWorkbook, displayName: "us_foreignaid_greenbook.xlsx")
        #expect(workbook.sheetNames == ["Economic and Military Aid"])
        #expect(workbook.modified == "2022-08-09T17:52:02Z")
        var fromSheet: [OfficialAmount] = []
        let facts = try OfficialReader().read(path: greenbookWorkbook, displayName: "book.xlsx", hashing: true) {
            fromSheet.append($0)
        }
        #expect(facts.layout == .greenbook)
        #expect(facts.rows == 75_002)
        #expect(facts.sha256 == (try FileDigest.sha256(path: greenbookWorkbook)))
        let (_, fromCSV) = try officialRows(greenbookCSV)
        #expect(fromSheet.count == fromCSV.count)
        // The CSV was made from the sheet by another program (PROVENANCE.md): its six title rows dropped, values
        // unchanged. So each row is the CSV's, six lines down.
        var differing = 0
        for (sheet, csv) in zip(fromSheet, fromCSV) {
            var moved = csv
            moved.line += 6
            if sheet != moved { differing += 1 }
        }
        #expect(differing == 0)
        #expect(fromSheet.first?.line == 8)
        #expect(fromSheet.reduce(0) { $0 + ($1.currentCents ?? 0) } == 1_372_272_602_998_00)
        #expect(fromSheet.filter(\.fiscalYear.transitionQuarter).count == 323)
    }

    @Test(
        "indicator workbooks read as their CSV copies: the CPI's one sheet, GI-TOC's 2023 and 2021 sheets",
        arguments: [
            (
                "transparency-cpi/Corruption Perception Index.xlsx", nil, "transparency-cpi/cpi_2012-2020.derived.csv",
                SeriesSource.cpi, "2020", 1_589
            ),
            (
                "gitoc-organized-crime-index/global_oc_index.xlsx", "2023_dataset",
                "gitoc-organized-crime-index/global_oc_index_2023.derived.csv", .gitoc, nil, 6_948
            ),
            (
                "gitoc-organized-crime-index/global_oc_index.xlsx", "2021_dataset",
                "gitoc-organized-crime-index/global_oc_index_2021.derived.csv", .gitoc, nil, 5_790
            ),
        ] as [(String, String?, String, SeriesSource, String?, Int)])
    func indicatorWorkbooks(
        _ workbook: String, sheet: String?, copy: String, source: SeriesSource, edition: String?, count: Int
    ) throws {
        func points(_ path: String, sheet: String?) throws -> [SeriesPoint] {
            var points: [SeriesPoint] = []
            try SeriesReader().read(
                path: SharedData.path("country-indicators/" + path), displayName: "file", source: source,
                edition: edition, sheet: sheet
            ) { points.append($0) }
            return points
        }
        let fromSheet = try points(workbook, sheet: sheet)
        // The copies were made from these sheets by another program (PROVENANCE.md): the same values, written the
        // same way (GI-TOC's 5.0999999999999996 in the sheet is 5.1 in both), on the same lines.
        #expect(fromSheet == (try points(copy, sheet: nil)))
        #expect(fromSheet.count == count)
        if source == .gitoc { #expect(fromSheet.contains { $0.value == "5.1" }) }
    }

    @Test("cells as Excel shows them: shared, inline and rich text, numbers, booleans, gaps, escapes")
    func cells() throws {
        let path = try SyntheticWorkbook.file(
            "cells-SYNTHETIC.xlsx",
            sheets: [
                (
                    "One",
                    [
                        [.text("Name"), nil, .inline("Amount & more")],
                        [
                            .text("line_x000D__x000A_two"), .raw(type: "b", xml: "<v>1</v>"), .number("1.5E+3"),
                            .number("2.5E-2"), .number("-1976.9"), .raw(type: "e", xml: "<v>#N/A</v>"),
                            .raw(type: "inlineStr", xml: "<is><r><t>Rich </t></r><r><t>text</t></r></is>"),
                            .raw(type: "str", xml: "<f>A1</f><v>formula</v>"), .number("+7"),
                            .number("5.0999999999999996"), .number("0.30000000000000004"),
                            .number("1.2345678901234567E+20"), .number("-4.4000000000000004E-3"),
                        ],
                        [],
                        [nil, nil, nil, .number("12345678901234")],
                    ]
                )
            ])
        let rows = try sheetRows(path)
        #expect(rows.map(\.line) == [1, 2, 4])
        #expect(rows[0].cells == ["Name", "", "Amount & more"])
        #expect(
            rows[1].cells == [
                "line\r\ntwo", "TRUE", "1500", "0.025", "-1976.9", "#N/A", "Rich text", "formula", "7",
                // Binary doubles written at 17 digits read as Excel shows them, at 15.
                "5.1", "0.3", "123456789012346000000", "-0.0044",
            ])
        #expect(rows[2].cells == ["", "", "", "12345678901234"])
    }

    @Test("a number in a date style reads as its date, in the workbook's date system; other numbers stay numbers")
    func dates() throws {
        let row: [SyntheticWorkbook.Cell?] = [
            .styled(1, "45382"), .styled(2, "45382.604166666664"), .styled(1, "1"), .styled(1, "59"), .styled(1, "61"),
            .styled(3, "45382"), .styled(4, "45382.5"), .styled(1, "0.99999999999"), .styled(2, "0.604166666666667"),
            .styled(1, "0"),
        ]
        let path = try SyntheticWorkbook.file("dates-SYNTHETIC.xlsx", sheets: [("S", [row])])
        #expect(
            try sheetRows(path)[0].cells == [
                "2024-03-31", "2024-03-31T14:30:00", "1900-01-01", "1900-02-28", "1900-03-01", "45382", "45382.5",
                "1900-01-01",
                // A time of day with no date (day 0, which Excel shows as 1900-01-00) is a time, not 1899-12-31.
                "14:30:00", "00:00:00",
            ])
        // Lotus's 29 February 1900, which Excel counts as day 60, is no date.
        let leap = try SyntheticWorkbook.file("leap-SYNTHETIC.xlsx", sheets: [("S", [[.styled(1, "60")]])])
        #expect(workbookError(leap)?.message == #""60" in a date cell is not a date Atalaya can read"#)
        #expect(workbookError(leap)?.field == "A1")
        // Old Mac workbooks count from 1904.
        let mac = try SyntheticWorkbook.file(
            "date1904-SYNTHETIC.xlsx", sheets: [("S", [[.styled(1, "0"), .styled(1, "43920")]])],
            extra: [
                "xl/workbook.xml":
                    #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ])
        #expect(try sheetRows(mac)[0].cells == ["1904-01-01", "2024-03-31"])
        // Format codes: a day, month, year, hour or second outside quotes, escapes and brackets.
        for (code, isDate) in [
            ("General", false), ("0.00", false), ("#,##0", false), ("[Red]0.00", false), ("0.00E+00", false),
            ("\"Day \"0", false), ("yyyy-mm-dd", true), ("[$-409]mmmm d, yyyy", true), ("[h]:mm:ss", true),
            ("d/m/yy", true),
        ] {
            #expect(StylesHandler.isDate(format: 164, code: code) == isDate, "\(code)")
        }
        #expect(StylesHandler.isDate(format: 14, code: nil))
        #expect(!StylesHandler.isDate(format: 3, code: nil))
    }

    @Test("a program office's monitoring workbook reads as its CSV: Excel dates, TRUE/FALSE cells, numbers")
    func monitoringWorkbook() throws {
        // syntheticMonitoring's five periods as an office keeps them in Excel: dates as date cells (serial days),
        // `ascending` as boolean cells, figures as numbers, an empty baseline as no cell.
        let header = MonitoringReader.columns.map { SyntheticWorkbook.Cell.text($0) }
        func period(
            _ program: String, _ country: String, _ indicator: String, _ ascending: Bool, _ baseline: String?,
            _ start: String, _ end: String, _ target: String, _ actual: String?
        ) -> [SyntheticWorkbook.Cell?] {
            [
                .text(program), .text(country), .text(indicator), .raw(type: "b", xml: "<v>\(ascending ? 1 : 0)</v>"),
                baseline.map { .number($0) }, .styled(1, start), .styled(1, end), .number(target),
                actual.map { .number($0) },
            ]
        }
        let judges = "Judges trained in oral trial procedure"
        let plans = "Municipal violence prevention plans adopted"
        let rows: [[SyntheticWorkbook.Cell?]] = [
            header,
            period("XM-DAC-46007-500459", "SV", judges, true, "0", "45292", "45657", "200", "150"),
            period("XM-DAC-46007-500459", "SV", judges, true, "0", "45658", "45838", "300", "290"),
            period(
                "XM-DAC-46007-500459", "sv", "Case backlog in pilot courts", false, "1200", "45658", "45838", "900",
                "1100"),
            period("SYNTHETIC-OFFICE-SV-001", "SV", plans, true, nil, "45658", "45838", "10", "3"),
            period("SYNTHETIC-OFFICE-SV-001", "SV", plans, true, nil, "45839", "46022", "20", nil),
        ]
        let book = try SyntheticWorkbook.file("monitoring-SYNTHETIC.xlsx", sheets: [("Results", rows)])
        let csv = try Scratch.file("monitoring-SYNTHETIC.csv", syntheticMonitoring)
        var fromSheet: [MonitoringPeriod] = []
        var fromCSV: [MonitoringPeriod] = []
        #expect(try MonitoringReader().read(path: book, displayName: "book.xlsx") { fromSheet.append($0) } == 5)
        try MonitoringReader().read(path: csv, displayName: "file.csv") { fromCSV.append($0) }
        #expect(fromSheet == fromCSV)
        // A partner's file read for its own country only, as from CSV.
        do {
            try MonitoringReader(onlyCountry: "PA").read(path: book, displayName: "book.xlsx") { _ in }
            Issue.record("read another country's workbook")
        } catch let error as IngestError {
            #expect(error.file == "book.xlsx[Results]")
            #expect(error.line == 2)
            #expect(error.field == "country")
        }
    }

    @Test("phonetic readings are not part of a shared string; runs are joined")
    func sharedStringRuns() throws {
        let strings =
            #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>東京</t></r><r><t xml:space="preserve"> 都</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>"#
        let path = try SyntheticWorkbook.file(
            "phonetic-SYNTHETIC.xlsx", sheets: [("S", [[.raw(type: "s", xml: "<v>0</v>"), .number("1")]])],
            extra: ["xl/sharedStrings.xml": strings])
        #expect(try sheetRows(path)[0].cells == ["東京 都", "1"])
    }

    @Test("a workbook of several sheets needs one named; a missing one is listed against those there are")
    func sheets() throws {
        let path = try SyntheticWorkbook.file(
            "sheets-SYNTHETIC.xlsx",
            sheets: [("FY17 (r)", [[.number("1")]]), ("FY16 (r)", [[.number("2")]])])
        #expect(try sheetRows(path, sheet: "FY16 (r)").map(\.cells) == [["2"]])
        let workbook = try Workbook(path: path, displayName: "book.xlsx")
        #expect(throws: IngestError.self) { try workbook.sheet(named: nil) }
        do {
            _ = try workbook.sheet(named: "FY15")
        } catch let error as IngestError {
            #expect(error.message == #"no sheet "FY15"; the workbook has "FY17 (r)", "FY16 (r)""#)
        }
        let unnamed = try SyntheticWorkbook.file(
            "unnamed-sheet-SYNTHETIC.xlsx", sheets: [("S", [[.number("1")]])],
            extra: [
                "xl/workbook.xml":
                    #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S"/></sheets></workbook>"#
            ])
        let refused = workbookError(unnamed)
        #expect(refused?.file == "book.xlsx[xl/workbook.xml]")
        #expect(refused?.line == 1)
        #expect(refused?.message == "a <sheet> without a name or a relationship id")

        // A name no spreadsheet writes would be part of every place the import names; it is refused, cut in the
        // message. Many sheets are listed by their first 20.
        let long = String(repeating: "n", count: 256)
        let longName = try SyntheticWorkbook.file(
            "long-sheet-name-SYNTHETIC.xlsx", sheets: [("S", [[.number("1")]]), (long, [[.number("2")]])])
        let tooLong = workbookError(longName)
        #expect(tooLong?.file == "book.xlsx[xl/workbook.xml]")
        #expect(
            tooLong?.message
                == "sheet 2's name is 256 characters long, past what any spreadsheet writes (Excel allows 31): \""
                + String(repeating: "n", count: 59) + "…\"")
        let longest = try SyntheticWorkbook.file(
            "longest-sheet-name-SYNTHETIC.xlsx", sheets: [(String(long.dropFirst()), [[.number("3")]])])
        #expect(try sheetRows(longest, sheet: String(long.dropFirst())).map(\.cells) == [["3"]])
        let many = try SyntheticWorkbook.file(
            "many-sheets-SYNTHETIC.xlsx", sheets: (1...23).map { ("S\($0)", [[.number("\($0)")]]) })
        do {
            _ = try Workbook(path: many, displayName: "book.xlsx").sheet(named: nil)
            Issue.record("a workbook of 23 sheets read with none named")
        } catch let error as IngestError {
            #expect(
                error.message
                    == "the workbook has 23 sheets ("
                    + (1...20).map { "\"S\($0)\"" }.joined(separator: ", ")
                    + " and 3 more); name one with --sheet")
        }
    }

    @Test("a sheet whose XML is not right is refused with its part, line and cell")
    func badSheets() throws {
        func refusal(_ rowsXML: String) throws -> IngestError? {
            let path = try SyntheticWorkbook.file(
                "bad-SYNTHETIC.xlsx", sheets: [("S", [[.text("x")]])],
                extra: [
                    "xl/worksheets/sheet1.xml":
                        #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
                        + rowsXML + "</sheetData></worksheet>"
                ])
            return workbookError(path)
        }
        let outOfRange = try refusal(#"<row r="1"><c r="A1" t="s"><v>7</v></c></row>"#)
        #expect(outOfRange?.field == "A1")
        #expect(outOfRange?.message == #"shared string "7" that the workbook does not have"#)
        let backwards = try refusal(#"<row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>2</v></c></row>"#)
        #expect(backwards?.message == #"cell "A2" out of place in row 2"#)
        let rowsDown = try refusal(#"<row r="3"/><row r="2"/>"#)
        #expect(rowsDown?.message.hasPrefix(#"row number "2" after row 3"#) == true)
        let notNumber = try refusal(#"<row r="1"><c r="A1"><v>12abc</v></c></row>"#)
        #expect(notNumber?.message == #""12abc" is not a number"#)
        #expect(notNumber?.file == "book.xlsx[S]")
        #expect(notNumber?.line == 1)
        let wide = try refusal(#"<row r="1"><c r="XFD1"><v>1</v></c></row>"#)
        #expect(wide?.message == "a cell in column 16384, past the limit of 1024 columns")
        let entity = try refusal(#"<row r="1"><c r="A1" t="inlineStr"><is><t>&bomb;</t></is></c></row>"#)
        #expect(entity?.file == "book.xlsx[xl/worksheets/sheet1.xml]")
        #expect(entity?.message.contains("bomb") == true, "\(String(describing: entity))")
    }

    @Test("hostile workbooks: a DOCTYPE, a huge cell, a ZIP bomb, a truncated or damaged archive; nothing crashes")
    func hostile() throws {
        let doctype = try SyntheticWorkbook.file(
            "doctype-SYNTHETIC.xlsx", sheets: [("S", [[.number("1")]])],
            extra: [
                "xl/sharedStrings.xml":
                    #"<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><sst><si><t>&b;</t></si></sst>"#
            ])
        #expect(workbookError(doctype)?.message.contains("DOCTYPE") == true)

        let huge = try SyntheticWorkbook.file(
            "huge-cell-SYNTHETIC.xlsx", sheets: [("S", [[.inline(String(repeating: "a", count: 2 << 20))]])])
        #expect(workbookError(huge)?.message == "longer than 1048576 bytes")

        // 64 MB of blank space deflates to about 64 KB; a limit of 8 MB stops it early, whatever the header says.
        let blank = Data(repeating: 0x20, count: 64 << 20)
        let sheet =
            Data(
                (#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).utf8)
            + blank + Data("</sheetData></worksheet>".utf8)
        let bomb = try SyntheticWorkbook.file(
            "bomb-SYNTHETIC.xlsx", sheets: [("S", [[.number("1")]])],
            extra: ["xl/worksheets/sheet1.xml": String(decoding: sheet, as: UTF8.self)])
        var limits = Workbook.Limits()
        limits.sheetBytes = 8 << 20
        #expect(workbookError(bomb, limits: limits)?.message == "larger than 8 MB once inflated; refused (a ZIP bomb?)")

        let real = try Data(contentsOf: URL(fileURLWithPath: greenbookWorkbook))
        let truncated = try Scratch.file("truncated-SYNTHETIC.xlsx", contents: real.prefix(1 << 20))
        #expect(Workbook.isWorkbook(path: truncated))
        #expect(workbookError(truncated)?.message.hasPrefix("not a readable .xlsx workbook") == true)

        // Bytes flipped in the middle of the sheet's deflated data: an inflate error, a checksum failure, or XML that
        // is not well-formed, but always an error.
        var damaged = real
        for offset in stride(from: 2_000_000, to: 2_000_400, by: 7) { damaged[offset] ^= 0x5A }
        let damagedPath = try Scratch.file("damaged-SYNTHETIC.xlsx", contents: damaged)
        #expect(workbookError(damagedPath) != nil)
    }

    @Test("fuzz: a small workbook with each of its bytes in turn changed reads or fails with an error, never crashes")
    func everyByteDamaged() throws {
        let path = try SyntheticWorkbook.file(
            "fuzz-SYNTHETIC.xlsx",
            sheets: [("S", [[.text("Name"), .text("Amount")], [.inline("Colombia"), .number("1.5E+3")]])])
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var refused = 0
        for offset in original.indices {
            var bytes = original
            bytes[offset] ^= 0xFF
            let damaged = try Scratch.file("fuzz-\(offset)-SYNTHETIC.xlsx", contents: bytes)
            defer { try? FileManager.default.removeItem(atPath: damaged) }
            do {
                _ = try sheetRows(damaged)
            } catch is IngestError {
                refused += 1
            }
        }
        // Most changes land in a part the reader reads or in the archive's directory, and are caught (1,206 of 1,887
        // when written); the rest land in what no reader checks (a timestamp, a part such as [Content_Types].xml).
        #expect(refused > original.count / 2, "\(refused) of \(original.count)")
    }

    @Test("a sheet held whole is bounded by its cells, empty ones counted too")
    func heldSheetBounded() throws {
        // Each row: a value in A and one in column 1,000, so 998 empty cells between.
        let row: [SyntheticWorkbook.Cell?] = [.number("1")] + Array(repeating: nil, count: 998) + [.number("2")]
        let path = try SyntheticWorkbook.file(
            "wide-rows-SYNTHETIC.xlsx", sheets: [("S", Array(repeating: row, count: 100))])
        let workbook = try Workbook(path: path, displayName: "book.xlsx")
        #expect(try SheetRows(workbook, sheet: "S", limits: CSVReader.Limits()).fieldCount == 0)
        do {
            _ = try SheetRows(workbook, sheet: "S", limits: CSVReader.Limits(), maxBytes: 1 << 20)
            Issue.record("held a sheet past its bound")
        } catch let error as IngestError {
            #expect(error.message == "more than 1 MB of cells; a sheet this large is read from its CSV copy")
            #expect(error.line == 66)
        }
    }

    @Test(
        "an official workbook: the header under title rows, empty cells right of it kept out, a value there refused")
    func officialSheet() throws {
        let header = OfficialLayout.greenbook.columns.map { SyntheticWorkbook.Cell.text($0) }
        let row: [SyntheticWorkbook.Cell?] = [
            .number("2015"), .text("Latin America and Caribbean"), .text("Colombia"), .text("Military"),
            .text("Foreign Military Financing"), .text("Department of State"),
            .text("Foreign Military Financing Program"),
            .number("27000000"), .number("2.83E+7"),
        ]
        let path = try SyntheticWorkbook.file(
            "greenbook-SYNTHETIC.xlsx",
            sheets: [
                (
                    "Economic and Military Aid",
                    [
                        [.text("A title")], [], header + [.raw(type: nil, xml: "")], row + [.inline(" ")],
                        row + [nil, .number("1")],
                    ]
                )
            ])
        var rows: [OfficialAmount] = []
        do {
            try OfficialReader().read(path: path, displayName: "book.xlsx") { rows.append($0) }
            Issue.record("read a row wider than its header")
        } catch let error as IngestError {
            #expect(error.file == "book.xlsx[Economic and Military Aid]")
            #expect(error.line == 5)
            #expect(error.message == "a value in K5, right of the header's 9 columns")
        }
        #expect(rows.count == 1)
        #expect(rows.first?.line == 4)
        #expect(rows.first?.recipient == "CO")
        #expect(rows.first?.currentCents == 27_000_000_00)
        #expect(rows.first?.constantCents == 28_300_000_00)
    }
}
