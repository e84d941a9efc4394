import AtalayaTestSupport
import Foundation
import Testing

@testable import AtalayaIngest

/// A ZIP archive written byte by byte for these tests: each entry's stored bytes given as they are (method 0 stored,
/// 8 deflated), with the CRC-32 and size of what they hold.
private func zipArchive(_ entries: [(path: String, method: UInt16, data: [UInt8], content: [UInt8])]) -> [UInt8] {
    func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
    var file: [UInt8] = []
    var directory: [UInt8] = []
    for entry in entries {
        let name = Array(entry.path.utf8)
        let sizes =
            le32(crc32(entry.content)) + le32(UInt32(entry.data.count)) + le32(UInt32(entry.content.count))
        let offset = UInt32(file.count)
        file += le32(0x0403_4b50) + le16(20) + le16(0) + le16(Int(entry.method)) + le16(0) + le16(0) + sizes
        file += le16(name.count) + le16(0) + name + entry.data
        directory += le32(0x0201_4b50) + le16(20) + le16(20) + le16(0) + le16(Int(entry.method)) + le16(0) + le16(0)
        directory += sizes + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
    }
    let start = UInt32(file.count)
    file += directory
    file += le32(0x0605_4b50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
    file += le32(UInt32(directory.count)) + le32(start) + le16(0)
    return file
}

/// The CRC-32 of ZIP (reflected polynomial 0xEDB88320), bit by bit.
private func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

/// `bytes` as one deflate stored block (final or not), as a deflate stream may hold them.
private func storedBlock(_ bytes: [UInt8], final: Bool) -> [UInt8] {
    let length = bytes.count
    return [final ? 1 : 0, UInt8(length & 0xFF), UInt8(length >> 8), ~UInt8(length & 0xFF), ~UInt8(length >> 8)]
        + bytes
}

/// A workbook of one sheet, its parts stored, the sheet deflated as `sheetData` (its content `sheet`).
private func workbook(named name: String, sheetData: [UInt8], sheet: [UInt8]) throws -> String {
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    let book = Array(
        #"<workbook xmlns="\#(main)" xmlns:r="\#(relations)"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            .utf8)
    let rels = Array(
        #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relations)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            .utf8)
    let types = Array(#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.utf8)
    let bytes = zipArchive([
        ("[Content_Types].xml", 0, types, types), ("xl/workbook.xml", 0, book, book),
        ("xl/_rels/workbook.xml.rels", 0, rels, rels), ("xl/worksheets/sheet1.xml", 8, sheetData, sheet),
    ])
    return try Scratch.file(name, contents: Data(bytes))
}

@Suite("ZIP archives")
struct ZIPArchiveTests {
    static let sheet = Array(
        #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>42</v></c></row></sheetData></worksheet>"#
            .utf8)

    @Test("a part deflated as stored blocks reads; stored parts read; each checked against its CRC-32")
    func storedAndDeflated() throws {
        let path = try workbook(
            named: "blocks-SYNTHETIC.xlsx",
            sheetData: storedBlock(Array(Self.sheet[..<40]), final: false)
                + storedBlock(Array(Self.sheet[40...]), final: true),
            sheet: Self.sheet)
        #expect(try sheetRows(path).map(\.cells) == [["42"]])
    }

    /// Found by fuzzing (fuzz/, FuzzTables): a deflate stream that has not ended where its entry's data does. The
    /// inflate loop of ZIPFoundation 0.9.20 on Linux read on to the end of the file and then asked for more forever.
    @Test(
        "a deflate stream still open where its entry ends is damaged, refused at once, never read on",
        .timeLimit(.minutes(1)))
    func openEndedStream() throws {
        // The sheet in a non-final block, then a stored block that claims 65,535 bytes more than the file holds.
        let path = try workbook(
            named: "open-ended-SYNTHETIC.xlsx",
            sheetData: storedBlock(Self.sheet, final: false) + [0, 0xFF, 0xFF, 0, 0],
            sheet: Self.sheet)
        let error = try #require(workbookError(path))
        #expect(error.field == "xl/worksheets/sheet1.xml")
        #expect(
            error.message
                == "the workbook is damaged: xl/worksheets/sheet1.xml's deflated data ends before its deflate stream does"
        )
    }

    @Test("what a workbook's archive never is, refused as what it is")
    func refusedArchives() throws {
        // ZIP64 sizes, an encrypted entry, a method other than stored or deflated.
        var zip64 = zipArchive([("xl/workbook.xml", 0, [1], [1])])
        let directory = zip64.count - 22 - (46 + "xl/workbook.xml".utf8.count)
        for at in (directory + 20)..<(directory + 24) { zip64[at] = 0xFF }
        let encrypted = zipArchive([("xl/workbook.xml", 0, [1], [1])])
        var flagged = encrypted
        flagged[encrypted.count - 22 - (46 + "xl/workbook.xml".utf8.count) + 8] = 1
        for (name, bytes, message) in [
            ("zip64-SYNTHETIC.zip", zip64, "a ZIP64 archive, which Atalaya does not read"),
            ("encrypted-SYNTHETIC.zip", flagged, "xl/workbook.xml is encrypted"),
            (
                "short-SYNTHETIC.zip", Array(encrypted.prefix(30)),
                "no end of central directory: not a ZIP archive, or cut short"
            ),
        ] {
            let path = try Scratch.file(name, contents: Data(bytes))
            #expect(throws: ZIPArchive.Damaged.self) { try ZIPArchive(path: path) }
            do {
                _ = try ZIPArchive(path: path)
            } catch {
                #expect("\(error)" == message, "\(name)")
            }
        }
        let bzip2 = try Scratch.file(
            "method-SYNTHETIC.zip", contents: Data(zipArchive([("xl/workbook.xml", 12, [1], [1])])))
        let archive = try ZIPArchive(path: bzip2)
        let entry = try #require(archive["xl/workbook.xml"])
        #expect(throws: ZIPArchive.Damaged.self) { _ = try archive.extract(entry, chunkSize: 16) { _ in } }
    }
}
