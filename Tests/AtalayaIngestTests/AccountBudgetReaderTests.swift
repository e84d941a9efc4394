import AtalayaDomain
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaIngest

/// The CSIS copy of the State Department's budget table for fiscal year 20`yy`.
func stateBudgetFile(_ yy: String) -> String {
    SharedData.path("state-dept-cbj-account-by-country/STATE budget by country.\(yy).csv")
}

/// The encoding each staged table needs: the copies of FY2012 on are Windows-1252.
func stateBudgetEncoding(_ yy: String) -> TextEncoding { Int(yy)! >= 12 ? .windows1252 : .utf8 }

let stateBudgetYears = ["08", "09", "10", "11", "12", "13", "14", "15", "16", "17"]

/// The CSIS workbook the ten CSV copies were saved from, a sheet a fiscal year.
let stateBudgetWorkbook = SharedData.path("state-dept-cbj-account-by-country/STATE budget by country.xlsx")

/// The workbook's sheet for fiscal year 20`yy`: FY2016 and FY2017 are marked `(r)`, requests.
func stateBudgetSheet(_ yy: String) -> String { Int(yy)! >= 16 ? "FY\(yy) (r)" : "FY\(yy)" }

@Suite("State Department budget tables by country and account")
struct AccountBudgetReaderTests {
    func read(_ yy: String) throws -> (AccountBudgetTable, [ImportWarning]) {
        var warnings: [ImportWarning] = []
        let table = try AccountBudgetReader(encoding: stateBudgetEncoding(yy)).read(
            path: stateBudgetFile(yy), displayName: "STATE budget by country.\(yy).csv"
        ) { warnings.append($0) }
        return (table, warnings)
    }

    /// A country's figures in a table, by account.
    func accounts(_ table: AccountBudgetTable, _ country: String) -> [String: Int64] {
        Dictionary(table.lines.filter { $0.country == country }.map { ($0.account, $0.thousands) }, uniquingKeysWith: +)
    }

    @Test("all ten tables: every heading known, each row's total equal to its accounts but one the source left empty")
    func everyTable() throws {
        for yy in stateBudgetYears {
            let (table, warnings) = try read(yy)
            #expect(table.fiscalYear == 2000 + Int(yy)!)
            // Each table but FY2008's ends with the State Department document it was taken from.
            #expect(
                (table.sourceDocument?.hasPrefix("http://www.state.gov/documents/organization/") ?? false)
                    == (yy != "08"), "\(yy)")
            // Python's csv module finds the same: in FY2010 the African Development Fund has 155,000 under Other*
            // and an empty total; every other row's total is the sum of its accounts.
            if yy == "10" {
                #expect(warnings.map(\.kind) == [.totalMismatch])
                #expect(
                    warnings.first?.message
                        == "African Development Fund: Total (empty) is not 155,000, the sum of its accounts; the "
                        + "accounts are kept")
                #expect(warnings.first?.line == 268)
            } else {
                #expect(warnings.isEmpty, "\(yy): \(warnings.map(\.message))")
            }
            let countries = Set(table.lines.compactMap(\.country))
            #expect(countries.count > 130, "\(yy)")
            #expect(table.lines.allSatisfy { $0.thousands != 0 })
            #expect(
                table.lines.filter { $0.kind == .subtotal }.map(\.name).uniqued() == [
                    "TOTAL", "Africa", "East Asia and Pacific", "Europe and Eurasia", "Near East",
                    "South and Central Asia",
                    "Western Hemisphere",
                ])
        }
    }

    @Test("known answers: Mexico and Colombia as CSIS's provenance and Python's csv module read them")
    func knownAnswers() throws {
        let (fy17, _) = try read("17")
        #expect(accounts(fy17, "MX") == ["ESF": 49_004, "INCLE": 80_000, "NADR": 1_160, "IMET": 1_500, "FMF": 3_000])
        #expect(accounts(fy17, "MX").values.reduce(0, +) == 134_664)
        #expect(
            accounts(fy17, "CO") == ["ESF": 187_328, "INCLE": 143_000, "NADR": 21_000, "IMET": 1_400, "FMF": 38_525])
        // The "Total"/"All Accounts" column of each year (Python), against the sum of the accounts kept.
        let mexico: [String: Int64] = [
            "08": 53_854, "09": 318_779, "10": 582_658, "11": 178_145, "12": 329_680, "13": 265_064, "14": 206_768,
            "15": 165_168, "16": 142_160, "17": 134_664,
        ]
        for (yy, total) in mexico {
            let (table, _) = try read(yy)
            #expect(accounts(table, "MX").values.reduce(0, +) == total, "FY\(yy)")
        }
        let (fy10, _) = try read("10")
        #expect(accounts(fy10, "MX")["INCLE"] == 284_000)
        #expect(accounts(fy10, "MX")["FMF"] == 265_250)
        // "The Bahamas" is a country the ISO table spells otherwise; "-" is zero and not stored.
        let (fy09, _) = try read("09")
        #expect(accounts(fy09, "BS")["INCLE"] == 500)
        #expect(accounts(fy09, "BS")["FMF"] == 150)
        #expect(accounts(fy09, "HN")["INCLE"] == nil)
        // A heading's spellings are one account: GHCS-USAID (FY2008–10) and GHP-USAID (FY2011 on).
        let (fy08, _) = try read("08")
        #expect(fy08.lines.contains { $0.account == "GHP-USAID" && $0.heading == "GHCS- USAID" })
        #expect(fy17.lines.contains { $0.account == "GHP-USAID" && $0.heading == "GHP USAID" })
    }

    @Test("names wrapped onto two lines are joined; rows that are not countries are kept as other, never a country")
    func wrappedNames() throws {
        let (fy16, _) = try read("16")
        let dcha = try #require(fy16.lines.first { $0.line == 185 })
        #expect(dcha.name == "DCHA - Democracy, Conflict, and Humanitarian Assistance")
        #expect(dcha.kind == .other && dcha.country == nil)
        #expect(fy16.lines.contains { $0.name == "State Western Hemisphere Regional" && $0.account == "INCLE" })
        // A name, a line with nothing, then the figures on a line of their own (FY2008's MERC).
        let (fy08, _) = try read("08")
        #expect(
            fy08.lines.first { $0.line == 134 }?.name
                == "MERC - (Middle East Regional Cooperation) and MEM (Middle East Multilaterals)")
        #expect(fy08.lines.first { $0.line == 136 }?.name == "Middle East Partnership Initiative (MEPI)")
        // Windows-1252's ’ (0x92) read as such.
        let (fy13, _) = try read("13")
        #expect(fy13.lines.contains { $0.name == "S/GWI - Ambassador-at-Large for Global Women’s Issues" })
    }

    @Test("each region's rows are those its subtotal counts, account by account: countries and regional programs")
    func regions() throws {
        let (fy16, warnings) = try read("16")
        #expect(warnings.isEmpty)  // every region's rows add up to its subtotal, in all ten files (above)
        #expect(fy16.lines.first { $0.country == "MX" }?.region == "WHA")
        #expect(fy16.lines.first { $0.country == "NG" }?.region == "AF")
        let regional = fy16.lines.filter { $0.name == "State Western Hemisphere Regional" }
        #expect(Set(regional.map(\.region)) == ["WHA"])
        // Its security assistance (INCLE 225,000 + NADR 1,770 + FMF 17,500) as the file gives it.
        #expect(
            regional.filter { BudgetAccount.named($0.account)?.isSecurityAssistance == true }.reduce(0) {
                $0 + $1.thousands
            } == 244_270)
        #expect(fy16.lines.filter { $0.kind == .subtotal }.allSatisfy { $0.region == nil })
        // Functional bureaus and organisations follow the last region and no subtotal counts them.
        #expect(fy16.lines.first { $0.name == "CT - Counterterrorism" }?.region == nil)
        // Cross-check: the Western Hemisphere's subtotal, account by account, is the sum of the rows placed in it.
        var subtotal: [String: Int64] = [:]
        var members: [String: Int64] = [:]
        for line in fy16.lines {
            if line.kind == .subtotal && line.name == "Western Hemisphere" {
                subtotal[line.account, default: 0] += line.thousands
            }
            if line.region == "WHA" { members[line.account, default: 0] += line.thousands }
        }
        #expect(subtotal == members && subtotal["INCLE"] == 464_000)
    }

    @Test("SYNTHETIC: a region whose rows do not add up to its subtotal places none of them, and says so")
    func unbalancedRegion() throws {
        let text = """
            Country,Total,INCLE,FMF,Fiscal Year
            Western Hemisphere,"1,000",900,100,2016
            Mexico,900,700,200,2016
            Peru,100,100,-,2016
            Africa,50,50,-,2016
            Kenya,50,50,-,2016

            """
        var warnings: [ImportWarning] = []
        let table = try AccountBudgetReader().read(
            path: try Scratch.file("SYNTHETIC-state-budget-regions.csv", text), displayName: "synthetic"
        ) { warnings.append($0) }
        // Mexico and Peru reach the total (1,000) but not INCLE's 900 and FMF's 100 account by account.
        #expect(warnings.map(\.kind) == [.regionUnbalanced])
        #expect(warnings.first?.line == 2)
        #expect(table.lines.first { $0.country == "MX" }?.region == nil)
        #expect(table.lines.first { $0.country == "KE" }?.region == "AF")
    }

    @Test("a Windows-1252 table read as UTF-8 is refused with the line, the field and the way to read it")
    func wrongEncoding() throws {
        let error = try #require(
            throws: IngestError.self,
            performing: {
                try AccountBudgetReader().read(
                    path: stateBudgetFile("12"), displayName: "STATE budget by country.12.csv")
            })
        #expect(error.line == 228)
        #expect(error.field == "Country")
        #expect(error.message.contains("--encoding windows-1252"))
    }

    @Test(
        "SYNTHETIC tables that are wrong say where: heading, amount, year, repeated country, no total, NUL, empty",
        arguments: [
            (
                "Country,Total,INCLE,XYZ,Fiscal Year\nMexico,1,1,-,2016\n", 1, "unknown account \"XYZ\"",
                Optional("header")
            ),
            (
                "Country,Total,INCLE,Fiscal Year\nMexico,\"1,25\",\"1,25\",2016\n", 2, "\"1,25\" is not an amount",
                "INCLE"
            ),
            (
                "Country,Total,INCLE,Fiscal Year\nMexico,1,1,2016\nPeru,1,1,2015\n", 3, "one file holds one",
                "Fiscal Year"
            ),
            ("Country,Total,INCLE,Fiscal Year\nMexico,1,1,2016\nMexico,2,2,2016\n", 3, "on line 2 already", "Country"),
            ("Country,INCLE,ESF,Fiscal Year\nMexico,1,1,2016\n", 1, "no row total", "header"),
            ("Country,Total,INCLE,INCLE,Fiscal Year\nMexico,1,1,2016\n", 1, "again", "header"),
            ("Country,Total,INCLE,Fiscal Year\nMexico,1,1,16\n", 2, "not a fiscal year", "Fiscal Year"),
            ("Country,Total,INCLE,Fiscal Year\n,1,1,2016\n", 2, "figures with no name", "Country"),
            ("Country,Total,INCLE,Fiscal Year\nMex\u{0}ico,1,1,2016\n", 2, "NUL", "Country"),
            ("Country,Total,INCLE,Fiscal Year\n", 2, "no row gives a figure", nil),
            ("", 1, "empty", nil),
        ])
    func refused(_ text: String, _ line: Int, _ message: String, _ field: String?) throws {
        for encoding in TextEncoding.allCases {
            let path = try Scratch.file("SYNTHETIC-state-budget.csv", text)
            let error = try #require(
                throws: IngestError.self,
                performing: { try AccountBudgetReader(encoding: encoding).read(path: path, displayName: "synthetic") })
            #expect(error.line == line, "\(encoding): \(error)")
            #expect(error.message.contains(message), "\(encoding): \(error)")
            #expect(error.field == field, "\(encoding): \(error)")
        }
    }

    @Test(
        "the workbook's sheets read as their CSV copies, row for row; FY2009's two header rows as one; FY2010 refused")
    func workbookSheets() throws {
        let book = "STATE budget by country.xlsx"
        for yy in stateBudgetYears where yy != "10" {
            var warnings: [ImportWarning] = []
            let sheet = try AccountBudgetReader().read(
                path: stateBudgetWorkbook, displayName: book, sheet: stateBudgetSheet(yy)
            ) { warnings.append($0) }
            let (copy, copyWarnings) = try read(yy)
            #expect(sheet.fiscalYear == copy.fiscalYear)
            #expect(sheet.sourceDocument == copy.sourceDocument, "\(yy)")
            #expect(sheet.linesWithoutFigures == copy.linesWithoutFigures, "\(yy)")
            #expect(warnings.map(\.kind) == copyWarnings.map(\.kind), "\(yy)")
            // FY2009's sheet heads the table with two rows where its copy has one, so its rows are one further down.
            let shift = yy == "09" ? 1 : 0
            let key = { (figure: AccountFigure, shift: Int) in
                "\(figure.line - shift) \(figure.name) \(figure.kind) \(figure.country ?? "-") \(figure.region ?? "-") "
                    + "\(figure.account) \(figure.thousands)"
            }
            #expect(sheet.lines.count > 600, "\(yy)")
            #expect(sheet.lines.map { key($0, shift) } == copy.lines.map { key($0, 0) }, "\(yy)")
        }
        let fy2010 = try #require(
            throws: IngestError.self,
            performing: { try AccountBudgetReader().read(path: stateBudgetWorkbook, displayName: book, sheet: "FY10") })
        #expect(fy2010.file == "\(book)[FY10]")
        #expect(fy2010.line == 1)
        #expect(fy2010.column == 4)
        #expect(fy2010.message.contains("a column with no heading"))
        // Windows-1252 is for the CSV copies; a workbook names no sheet the workbook lacks; a CSV file has no sheet.
        let encoding = try #require(
            throws: IngestError.self,
            performing: {
                try AccountBudgetReader(encoding: .windows1252).read(
                    path: stateBudgetWorkbook, displayName: book, sheet: "FY15")
            })
        #expect(encoding.field == "--encoding")
        #expect(throws: IngestError.self) {
            try AccountBudgetReader().read(path: stateBudgetWorkbook, displayName: book, sheet: "FY18")
        }
        #expect(throws: IngestError.self) {
            try AccountBudgetReader().read(path: stateBudgetFile("15"), displayName: "15", sheet: "FY15")
        }
    }

    @Test("SYNTHETIC: a header of two rows is read as one when each column is headed in one of them, and only then")
    func twoRowHeader() throws {
        let path = try Scratch.file(
            "SYNTHETIC-state-budget-two-rows.csv",
            "Country,,INCLE,\n,Total,,Fiscal Year\nMexico,\"1,250\",\"1,250\",2016\n")
        let table = try AccountBudgetReader().read(path: path, displayName: "synthetic")
        #expect(
            table.lines.map { "\($0.line) \($0.country ?? "-") \($0.account) \($0.thousands)" } == ["3 MX INCLE 1250"])
        let both = try Scratch.file(
            "SYNTHETIC-state-budget-two-rows-both.csv", "Country,,INCLE,\n,Total,ESF,Fiscal Year\nMexico,1,1,2016\n")
        let error = try #require(
            throws: IngestError.self,
            performing: { try AccountBudgetReader().read(path: both, displayName: "synthetic") })
        #expect(error.line == 1)
        #expect(error.message.contains("the last column is \"\""))
    }

    @Test("a workbook's amounts are whole numbers as Excel writes them, or text as the CSV copies write it")
    func wholeNumbers() {
        #expect(AccountBudgetReader.wholeNumber("41613692") == 41_613_692)
        #expect(AccountBudgetReader.wholeNumber("-875000") == -875_000)
        #expect(AccountBudgetReader.wholeNumber("999999999999") == 999_999_999_999)
        for bad in ["1250.5", "1E3", "1.25E+3", "", "-", "1,250", "1000000000000", " 12", "+12", "--1"] {
            #expect(AccountBudgetReader.wholeNumber(bad) == nil, "\(bad)")
        }
    }

    @Test("SYNTHETIC: a 50 MB name is refused by the CSV reader's field limit, not read into memory")
    func hugeField() throws {
        var data = Data("Country,Total,INCLE,Fiscal Year\n".utf8)
        data.append(Data(repeating: UInt8(ascii: "A"), count: 50 << 20))
        data.append(Data(",1,1,2016\n".utf8))
        let path = try Scratch.file("SYNTHETIC-state-budget-huge.csv", contents: data)
        #expect(throws: IngestError.self) { try AccountBudgetReader().read(path: path, displayName: "synthetic") }
    }

    @Test("SYNTHETIC: a long heading, year or name is cut to 60 characters in the refusal or warning that names it")
    func longValuesCut() throws {
        let long = String(repeating: "z", count: 100_000)
        let cut = String(repeating: "z", count: 59) + "…"
        func refusal(_ text: String) throws -> IngestError {
            let path = try Scratch.file("SYNTHETIC-state-budget-long.csv", text)
            return try #require(
                throws: IngestError.self,
                performing: { try AccountBudgetReader().read(path: path, displayName: "synthetic") })
        }
        let first = try refusal("\(long),Total,INCLE,Fiscal Year\nMexico,1,1,2016\n")
        #expect(first.message == "the first column is \"\(cut)\" where a budget table has \"Country\"")
        let year = try refusal("Country,Total,INCLE,Fiscal Year\nMexico,1,1,\(long)\n")
        #expect(year.message == "\"\(cut)\" is not a fiscal year (e.g. 2016)")
        // The first column's heading is the field of a row's refusal.
        let unnamed = try refusal("$ in thousands \(long),Total,INCLE,Fiscal Year\n,1,1,2016\n")
        #expect(unnamed.field == "$ in thousands " + String(repeating: "z", count: 44) + "…")
        #expect(unnamed.message == "figures with no name")
        var warnings: [ImportWarning] = []
        let path = try Scratch.file(
            "SYNTHETIC-state-budget-long-name.csv", "Country,Total,INCLE,Fiscal Year\n\(long),2,1,2016\n")
        let table = try AccountBudgetReader().read(path: path, displayName: "synthetic") { warnings.append($0) }
        #expect(table.lines.map(\.name) == [long], "the name is kept whole")
        #expect(warnings.map(\.message) == ["\(cut): Total 2 is not 1, the sum of its accounts; the accounts are kept"])
    }

    @Test("amounts in thousands: groups of three, - for zero, a sign; nothing else")
    func thousands() {
        #expect(AccountBudgetReader.thousands("-") == 0)
        #expect(AccountBudgetReader.thousands("215") == 215)
        #expect(AccountBudgetReader.thousands("1,250") == 1_250)
        #expect(AccountBudgetReader.thousands("-875,000") == -875_000)
        #expect(AccountBudgetReader.thousands("25,207,133") == 25_207_133)
        // The most it reads, a quadrillion dollars less a thousand, is still cents: it is rendered and summed as such.
        let most = AccountBudgetReader.thousands("-999,999,999,999")
        #expect(most == -999_999_999_999)
        #expect(DecimalText.formatWhole((most ?? 0) * 100_000) == "-999,999,999,999,000")
        for bad in [
            "1,25", "12,3456", ",100", "1.5", "1 000", "--1", "", "1,,000", "(100)", "9,999,999,999,999,999,999",
            "1,000,000,000,000", "-999,999,999,999,999,999",
        ] {
            #expect(AccountBudgetReader.thousands(bad) == nil, "\(bad)")
        }
    }

    @Test("every heading the ten tables use is one known account")
    func headings() {
        let seen = [
            "GHCS- USAID", "GHCS- STATE", "GHCS-USAID", "GHCS-State", "GHP- USAID", "GHP- STATE", "GHP-USAID",
            "GHP-STATE", "GHP USAID", "GHP STATE", "PL 480", "P.L. 480", "FFP", "Other*", "Other**", "AID Admin", "DA",
            "ESF", "AEECA", "INCLE", "NADR", "PKO", "IMET", "FMF", "MRA", "IO&P", "IDA", "DF",
        ]
        for heading in seen { #expect(BudgetAccount.heading(heading) != nil, "\(heading)") }
        #expect(BudgetAccount.heading("GHCS-State")?.key == "GHP-STATE")
        #expect(BudgetAccount.heading("PL 480")?.key == "FFP")
        #expect(BudgetAccount.heading("Total") == nil)
        #expect(BudgetAccount.all.filter(\.isSecurityAssistance).map(\.key) == ["INCLE", "NADR", "PKO", "IMET", "FMF"])
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
