import AtalayaDomain
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaIngest

func foreignAssistance(_ relative: String) -> String { SharedData.path("foreignassistance-gov/\(relative)") }

let ecuadorExport = foreignAssistance("complete-dataset-extracts/Ecuador_2022-2002_Econ_Other.csv")
let greenbookCSV = foreignAssistance("greenbook/us_foreignaid_greenbook_1946-2020.derived.csv")

/// Reads every row of an official file.
func officialRows(_ path: String, name: String = "file.csv") throws -> (OfficialFileFacts, [OfficialAmount]) {
    var rows: [OfficialAmount] = []
    let facts = try OfficialReader().read(path: path, displayName: name) { rows.append($0) }
    return (facts, rows)
}

@Suite("ForeignAssistance.gov and Greenbook reader")
struct OfficialReaderTests {
    @Test("Ecuador's 51-column export: 2,212 rows; obligations by fiscal year as Python's csv module sums them")
    func ecuador() throws {
        let (facts, rows) = try officialRows(ecuadorExport)
        #expect(facts.layout == .faComplete51)
        #expect(rows.count == 2212)
        #expect(Set(rows.map(\.recipient)) == ["EC"])
        #expect(Set(rows.map(\.measure)) == [.obligation])
        var byYear: [Int: Cents] = [:]
        for row in rows { byYear[row.fiscalYear.year, default: 0] += row.currentCents ?? 0 }
        // Known answers: Python 3.11 csv.DictReader over the same file, summing "Current Dollar Amount".
        #expect(byYear[2002] == 64_251_031_00)
        #expect(byYear[2015] == 35_088_212_00)
        #expect(byYear[2020] == 143_759_694_00)
        #expect(byYear[2022] == 36_811_992_00)
        #expect(byYear.values.reduce(0, +) == 1_025_331_334_00)
        #expect(rows.compactMap(\.constantCents).reduce(0, +) == 1_173_680_220_00)
        // Redacted rows stay (with their amounts) and are flagged.
        #expect(rows.filter(\.redacted).count == 428)
        #expect(rows.first?.fundingAccount == "72x1035")
        #expect(rows.first?.usSectorID == "37")
        #expect(rows.first?.purposeCode == "72050")
    }

    @Test("the Greenbook: 75,002 rows, names mapped to ISO codes, 323 transition-quarter rows")
    func greenbook() throws {
        let (facts, rows) = try officialRows(greenbookCSV)
        #expect(facts.layout == .greenbook)
        #expect(rows.count == 75_002)
        #expect(rows.filter(\.fiscalYear.transitionQuarter).count == 323)
        #expect(rows.filter(\.fiscalYear.transitionQuarter).allSatisfy { $0.fiscalYear.label == "1976TQ" })
        #expect(rows.reduce(0) { $0 + ($1.currentCents ?? 0) } == 1_372_272_602_998_00)
        let colombia2015 = rows.filter { $0.recipient == "CO" && $0.fiscalYear == OfficialFiscalYear(year: 2015) }
        #expect(colombia2015.reduce(0) { $0 + ($1.currentCents ?? 0) } == 839_585_900_00)
        let fmf = colombia2015.first { $0.fundingAccountName == "Foreign Military Financing Program" }
        #expect(fmf?.currentCents == 27_000_000_00)
        #expect(fmf?.objective == "Military")
        #expect(rows.contains { $0.recipient == "BS" })  // "Bahamas, The"
        #expect(rows.contains { $0.recipient == "gb:latin-america-and-caribbean-not-specified" })
    }

    @Test("the 56-column layout and the summary layout are recognised; 1976TQ and transaction dates are kept")
    func otherLayouts() throws {
        let columns = OfficialLayout.faComplete56.columns
        let row = SyntheticCSV.line(
            columns,
            [
                "Country Code": "COL", "Country Name": "Colombia", "Fiscal Year": "1976TQ",
                "Transaction Date": "31DEC1976", "Transaction Type Name": "Disbursements",
                "Current Dollar Amount": "1250.50", "Constant Dollar Amount": "5000",
                "Activity Description": "Line one, with a comma\nand \"quotes\"", "Funding Account ID": "19x1022",
            ])
        let path = try Scratch.file(
            "fa-complete-56-synthetic.csv", columns.joined(separator: ",") + "\n" + row + "\n")
        let (facts, rows) = try officialRows(path)
        #expect(facts.layout == .faComplete56)
        #expect(rows.first?.fiscalYear == OfficialFiscalYear(year: 1976, transitionQuarter: true))
        #expect(rows.first?.measure == .disbursement)
        #expect(rows.first?.currentCents == 1_250_50)
        #expect(rows.first?.transactionDate == "31DEC1976")
        #expect(rows.first?.fundingAccount == "19x1022")
        #expect(rows.first?.activityDescription == "Line one, with a comma\nand \"quotes\"")

        let (summary, summaryRows) = try officialRows(
            foreignAssistance("country-summary/vintage-2023-10/us_foreign_aid_country.csv"))
        #expect(summary.layout == .faSummary)
        #expect(summaryRows.count == 23_166)
        let mexico2022 = summaryRows.first {
            $0.recipient == "MX" && $0.fiscalYear.year == 2022 && $0.measure == .obligation
        }
        #expect(mexico2022?.currentCents == 216_552_506_00)
    }

    @Test("bad input: unknown header, unmappable country, broken quoting, mis-encoding — each says where")
    func badInput() throws {
        let header = try String(contentsOfFile: ecuadorExport, encoding: .utf8).prefix { $0 != "\n" }
        let lines = try String(contentsOfFile: ecuadorExport, encoding: .utf8).split(
            separator: "\n", maxSplits: 3, omittingEmptySubsequences: false)
        let good = String(lines[1])

        let renamed = header.replacingOccurrences(of: "Funding Acount ID", with: "Fund ID")
        let unknownHeader = ingestError {
            _ = try officialRows(try Scratch.file("h.csv", renamed + "\n" + good + "\n"))
        }
        #expect(unknownHeader?.line == 1)
        #expect(unknownHeader?.column == 32)
        #expect(unknownHeader?.message.contains("\"Fund ID\"") == true)

        let unknownCountry = good.replacingOccurrences(of: "218,ECU,Ecuador", with: "999,XYZ,Atlantis")
        let country = ingestError {
            _ = try officialRows(try Scratch.file("c.csv", header + "\n" + good + "\n" + unknownCountry + "\n"))
        }
        #expect(country?.line == 3)
        #expect(country?.field == "Country Code")
        #expect(country?.message.contains("XYZ") == true)

        let unclosed = ingestError {
            _ = try officialRows(try Scratch.file("q.csv", header + "\n" + good + "\n\"218,ECU\n"))
        }
        #expect(unclosed?.line == 3)

        var latin1 = Data((header + "\n").utf8)
        latin1.append(Data(good.replacingOccurrences(of: "Ecuador", with: "Ecuad\u{F3}r").utf8))
        let index = latin1.firstRange(of: Data([0xC3, 0xB3]))!
        latin1.replaceSubrange(index, with: [0xF3])  // ó in ISO-8859-1
        let encoding = ingestError { _ = try officialRows(try Scratch.file("e.csv", contents: latin1)) }
        #expect(encoding?.line == 2)
        #expect(encoding?.message.contains("UTF-8") == true)

        // A NUL byte is valid UTF-8, but no ledger text may hold one (PostgreSQL's cannot): refused, not cut.
        let nul = good.replacingOccurrences(of: "218,ECU,Ecuador", with: "218,ECU,Ecua\u{0}dor")
        let nulError = ingestError { _ = try officialRows(try Scratch.file("n.csv", header + "\n" + nul + "\n")) }
        #expect(nulError?.line == 2)
        #expect(nulError?.field == "Country Name")
        #expect(nulError?.message.contains("NUL") == true)

        let amount = good.replacingOccurrences(of: ",25000000,", with: ",25 million,")
        let badAmount = ingestError { _ = try officialRows(try Scratch.file("a.csv", header + "\n" + amount + "\n")) }
        #expect(badAmount?.field == "Current Dollar Amount")
    }
}
