import AtalayaDomain
import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaIngest

/// Reads every record of a CSV text with the given chunk size.
func records(_ text: String, chunkSize: Int = 1 << 20, limits: CSVReader.Limits = CSVReader.Limits()) throws
    -> [[String]]
{
    try records(bytes: Array(text.utf8), chunkSize: chunkSize, limits: limits)
}

func records(bytes: [UInt8], chunkSize: Int = 1 << 20, limits: CSVReader.Limits = CSVReader.Limits()) throws
    -> [[String]]
{
    let path = try Scratch.file("synthetic.csv", contents: Data(bytes))
    let reader = try CSVReader(path: path, displayName: "synthetic.csv", limits: limits, chunkSize: chunkSize)
    var out: [[String]] = []
    while try reader.next() {
        out.append(try (0..<reader.fieldCount).map { try reader.string($0, field: "f\($0)") })
    }
    return out
}

/// Expects an `IngestError` and returns it.
func ingestError(_ body: () throws -> Void) -> IngestError? {
    do {
        try body()
        return nil
    } catch let error as IngestError {
        return error
    } catch {
        return nil
    }
}

@Suite("CSV reader (RFC 4180)")
struct CSVReaderTests {
    @Test("quoted commas, line breaks and doubled quotes; CRLF and LF; a BOM; blank lines; no final newline")
    func rfc4180() throws {
        let text = "\u{FEFF}a,b,c\r\n\"x, y\",\"line one\nline two\",\"say \"\"hi\"\"\"\r\n\n1,,3\n\"\",last,\"\""
        #expect(
            try records(text) == [
                ["a", "b", "c"], ["x, y", "line one\nline two", "say \"hi\""], ["1", "", "3"], ["", "last", ""],
            ])
    }

    @Test("a compressed or archived file is refused as what it is")
    func archives() throws {
        let real = try Array(
            Data(contentsOf: URL(fileURLWithPath: SharedData.path("exchange-rates/imf_exchangerates_A_ENDA_USD.csv"))))
        for (magic, says) in [
            ([UInt8]([0x1F, 0x8B, 0x08]), "gzip-compressed"), (Array("PK".utf8) + [3, 4], "a ZIP archive"),
        ] {
            let error = ingestError { _ = try records(bytes: magic + real) }
            #expect(
                error?.message.hasPrefix("the file is \(says)") == true && error?.line == 1,
                "\(String(describing: error))")
        }
        #expect(try records(bytes: real).count > 10_000)
        // The staged workbooks, which a user may well try first: named as workbooks, with what to do instead.
        for workbook in [
            "country-indicators/gitoc-organized-crime-index/global_oc_index.xlsx",
            "foreignassistance-gov/greenbook/us_foreignaid_greenbook.xlsx",
        ] {
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: SharedData.path(workbook))))
            let error = ingestError { _ = try records(bytes: bytes) }
            #expect(
                error?.message == "the file is an Excel workbook (.xlsx, a ZIP archive); save the sheet as CSV (UTF-8) "
                    + "and import that", "\(workbook): \(String(describing: error))")
        }
        let xls = ingestError { _ = try records(bytes: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + real) }
        #expect(xls?.message.hasPrefix("the file is an Office 97–2003 document (an Excel .xls workbook?)") == true)
    }

    @Test("the line of each record is where it starts, counting line breaks inside quotes")
    func lines() throws {
        let path = try Scratch.file("synthetic.csv", "h1,h2\n\"a\nb\nc\",x\nnext,row\n")
        let reader = try CSVReader(path: path, displayName: "synthetic.csv")
        var lines: [Int] = []
        while try reader.next() { lines.append(reader.line) }
        #expect(lines == [1, 2, 5])
    }

    @Test("broken quoting and stray bytes are errors with the line")
    func errors() throws {
        let stray = ingestError { _ = try records("a,b\nx,y\"z\n") }
        #expect(stray?.line == 2)
        #expect(stray?.message.contains("quote inside an unquoted field") == true)
        let after = ingestError { _ = try records("a,b\n\"x\"y,z\n") }
        #expect(after?.message.contains("after a closing quote") == true)
        let open = ingestError { _ = try records("a,b\n1,2\n\"never closed,\nmore\n") }
        #expect(open?.line == 3)
        #expect(open?.message.contains("never closed") == true)
        let carriage = ingestError { _ = try records("a,b\rc\n") }
        #expect(carriage?.message.contains("carriage return") == true)
    }

    @Test("a first line separated by semicolons or tabs is refused as such; one semicolon in a field is text")
    func separators() throws {
        // As Excel saves "CSV" where the decimal separator is a comma (es-CO, es-AR, es-ES…): `;` between fields.
        let semicolons = ingestError { _ = try records("\u{FEFF}program;country;target\r\nX;SV;290,5\r\n") }
        #expect(semicolons?.line == 1)
        #expect(semicolons?.message.hasPrefix("the fields are separated by semicolons (;), not commas") == true)
        let tabs = ingestError { _ = try records("\n\nprogram\tcountry\ttarget\nX\tSV\t290\n") }
        #expect(tabs?.line == 3 && tabs?.message.hasPrefix("the fields are separated by tabs, not commas") == true)
        // Semicolons inside a real CSV's fields, on the first line or later, are only text.
        #expect(try records("a;b;c,d\nx;y;z\n") == [["a;b;c", "d"], ["x;y;z"]])
        #expect(try records("title; one\nx,y\n") == [["title; one"], ["x", "y"]])
    }

    @Test("limits: an oversized field and too many fields are refused, not buffered")
    func limits() throws {
        let limits = CSVReader.Limits(maxFieldBytes: 1000, maxFields: 10)
        let big = ingestError { _ = try records("a\n" + String(repeating: "x", count: 5000) + "\n", limits: limits) }
        #expect(big?.message.contains("longer than 1000 bytes") == true)
        let bigQuoted = ingestError {
            _ = try records("a\n\"" + String(repeating: "x", count: 5000) + "\"\n", limits: limits)
        }
        #expect(bigQuoted?.line == 2)
        let wide = ingestError { _ = try records(String(repeating: "a,", count: 50) + "\n", limits: limits) }
        #expect(wide?.message.contains("more than 10 fields") == true)
    }

    @Test("bytes that are not UTF-8 are an error naming the field, when the field is read")
    func encoding() throws {
        let latin1: [UInt8] = Array("name\n".utf8) + [0x4D, 0xE9, 0x78, 0x69, 0x63, 0x6F, 0x0A]  // "México" in Latin-1
        let error = ingestError { _ = try records(bytes: latin1) }
        #expect(error?.line == 2)
        #expect(error?.field == "f0")
        #expect(error?.message.contains("not valid UTF-8") == true)
    }

    @Test("the eight-bytes-at-a-time search for the byte that ends a run agrees with a byte-by-byte one")
    func runEnds() {
        let plain = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        for quotedOnly in [false, true] {
            for length in 0...20 {
                for position in 0..<max(length, 1) {
                    for special: UInt8 in [0x22, 0x0A, 0x2C, 0x0D, 0x00, 0xFF] {
                        var bytes = Array(plain.prefix(length))
                        if position < length { bytes[position] = special }
                        // A second special byte later must not hide the first.
                        if position + 3 < length { bytes[position + 3] = 0x22 }
                        let expected =
                            bytes.firstIndex { $0 == 0x22 || $0 == 0x0A || (!quotedOnly && ($0 == 0x2C || $0 == 0x0D)) }
                            ?? length
                        let found = bytes.withUnsafeBufferPointer {
                            Scan.firstOf(quoteOrLineFeed: quotedOnly, in: $0, from: 0, to: length)
                        }
                        #expect(found == expected, "\(bytes) \(quotedOnly)")
                    }
                }
            }
        }
    }

    @Test("the eight-bytes-at-a-time ASCII check agrees with a byte-by-byte one at every position and length")
    func plainASCII() {
        for length in 0...24 {
            let clean = [UInt8](repeating: 0x61, count: length)
            #expect(clean.withUnsafeBufferPointer(CSVReader.isPlainASCII))
            for position in 0..<length {
                for odd: UInt8 in [0x00, 0x7F, 0x80, 0xC3, 0xFF] {
                    var bytes = clean
                    bytes[position] = odd
                    let expected = odd != 0x00 && odd < 0x80
                    #expect(bytes.withUnsafeBufferPointer(CSVReader.isPlainASCII) == expected, "\(length) \(position)")
                }
            }
        }
    }

    @Test("a NUL byte in a field is an error naming the field, whether the rest is ASCII or not")
    func nulBytes() throws {
        for field: [UInt8] in [[0x61, 0x00, 0x62], [0xC3, 0xA9, 0x00], Array("0123456789\u{0}".utf8)] {
            let error = ingestError { _ = try records(bytes: Array("name\n".utf8) + field + [0x0A]) }
            #expect(error?.line == 2)
            #expect(error?.field == "f0")
            #expect(error?.message.contains("NUL") == true)
        }
    }

    @Test("a byte search in a field finds the needle anywhere, and nothing in a shorter field")
    func fieldContains() throws {
        let path = try Scratch.file(
            "synthetic.csv", "USAID redacted this field,NGO - Redacted,edacte,,Redacted,xedactedx,cccccc\n")
        let reader = try CSVReader(path: path, displayName: "synthetic.csv")
        #expect(try reader.next())
        let found = (0..<reader.fieldCount).map { reader.field($0, contains: BytePattern("edacted")) }
        #expect(found == [true, true, false, false, true, true, false])
    }

    @Test("the SHA-256 computed while reading is the file's, at every chunk size, and only once read to the end")
    func hashedWhileReading() throws {
        let path = SharedData.path("foreignassistance-gov/complete-dataset-extracts/Ecuador_2022-2002_Econ_Other.csv")
        let expected = try FileDigest.sha256(path: path)
        for chunk in [16, 4096, 1 << 20] {
            let reader = try CSVReader(path: path, displayName: "Ecuador.csv", chunkSize: chunk, hashing: true)
            #expect(try reader.next())
            #expect(reader.sha256 == nil)
            while try reader.next() {}
            #expect(reader.sha256 == expected, "chunk \(chunk)")
        }
        let empty = try CSVReader(path: try Scratch.file("empty.csv", ""), displayName: "empty.csv", hashing: true)
        #expect(try !empty.next())
        #expect(empty.sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let plain = try CSVReader(path: path, displayName: "Ecuador.csv")
        while try plain.next() {}
        #expect(plain.sha256 == nil)
    }

    @Test("whole-dollar amounts are read from the bytes; anything else is left to the full decimal reader")
    func plainIntegers() throws {
        let path = try Scratch.file("synthetic.csv", "25000000,-4100,0,12.5, 7,,-,9999999999999999,99999999999999999\n")
        let reader = try CSVReader(path: path, displayName: "synthetic.csv")
        #expect(try reader.next())
        let values = (0..<reader.fieldCount).map { reader.plainIntegerCents($0) }
        #expect(values == [2_500_000_000, -410_000, 0, nil, nil, nil, nil, 999_999_999_999_999_900, nil])
    }

    @Test("fuzz: random fields written as CSV read back the same at every chunk size")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 20_261_129)
        let alphabet = Array("ab,\"\n\r x1é€".unicodeScalars)
        for _ in 0..<300 {
            let rows = (0..<Int.random(in: 1...6, using: &generator)).map { _ in
                (0..<Int.random(in: 1...5, using: &generator)).map { _ in
                    String(
                        String.UnicodeScalarView(
                            (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                                alphabet.randomElement(using: &generator)!
                            }))
                }
            }
            // A record that is one empty field is a blank line, which the reader skips by design.
            let kept = rows.filter { $0 != [""] }
            let text = rows.map { row in row.map(Self.quoted).joined(separator: ",") }.joined(separator: "\r\n")
            let chunk = Int.random(in: 16...64, using: &generator)
            #expect(try records(text, chunkSize: chunk) == kept, "chunk \(chunk): \(text.debugDescription)")
        }
    }

    @Test("long values that repeat down a column read back exactly, including ones that share a cache slot")
    func repeatedValues() throws {
        // Same length and same first, middle and last eight bytes (one slot of the reader's recent texts), and a
        // decomposed "é" beside a precomposed one: each row must read back its own bytes.
        let values = [
            "Rule of law: courts and prosecutors", "Rule of LAW: courts aND prosecutors",
            "R\u{E9}forme de la justice p\u{E9}nale", "Re\u{301}forme de la justice p\u{E9}nale",
        ]
        var rows: [[String]] = []
        for index in 0..<40 { rows.append([values[index % 4], values[(index / 3) % 4], "short"]) }
        let text = rows.map { $0.map(Self.quoted).joined(separator: ",") }.joined(separator: "\n")
        for chunk in [16, 64, 1 << 20] {
            let read = try records(text, chunkSize: chunk)
            #expect(read.map { $0.map { Array($0.utf8) } } == rows.map { $0.map { Array($0.utf8) } })
        }
    }

    @Test("fuzz: random bytes never crash or hang; they read or fail with a line")
    func garbage() throws {
        var generator = SeededGenerator(seed: 7)
        let bytes: [UInt8] = [0x22, 0x2C, 0x0A, 0x0D, 0x61, 0xFF, 0xC3, 0xA9, 0x00, 0x20]
        for _ in 0..<300 {
            let input = (0..<Int.random(in: 0...200, using: &generator)).map { _ in
                bytes.randomElement(using: &generator)!
            }
            do {
                _ = try records(bytes: input, chunkSize: Int.random(in: 16...40, using: &generator))
            } catch let error as IngestError {
                #expect(error.line != nil)
            }
        }
    }

    static func quoted(_ field: String) -> String {
        // Scalars, not Characters: "\r\n" is one Character and would hide both.
        guard field.unicodeScalars.contains(where: { "\",\n\r".unicodeScalars.contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// A deterministic random number generator (SplitMix64) so fuzz cases repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Windows-1252")
struct Windows1252Tests {
    @Test("bytes decode by the code page: 0xF4 is ô, 0x80 is €, 0x93 0x94 are curly quotes")
    func decode() throws {
        let bytes: [UInt8] = Array("name\n".utf8) + [0x43, 0xF4, 0x74, 0x65, 0x20, 0x80, 0x93, 0x94, 0x0A]
        let path = try Scratch.file("synthetic-1252.csv", contents: Data(bytes))
        let reader = try CSVReader(path: path, displayName: "synthetic-1252.csv")
        #expect(try reader.next())
        #expect(try reader.next())
        #expect(reader.windows1252(0) == "Côte €\u{201C}\u{201D}")
    }
}
