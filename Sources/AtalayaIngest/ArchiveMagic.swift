// MARK: - Compressed and archived files, known by their first bytes

/// Names a compressed or archived file by its first bytes, so that a reader refuses it as what it is rather than
/// reporting the parse error its bytes happen to cause.
enum ArchiveMagic {
    private static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    private static let known: [(magic: [UInt8], what: String)] = [
        ([0x1F, 0x8B], "gzip-compressed; decompress it first (gunzip)"),
        (zip, "a ZIP archive; extract the file from it first"),
        ([0x42, 0x5A, 0x68], "bzip2-compressed; decompress it first (bunzip2)"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed; decompress it first (unxz)"),
        // The OLE2 compound file of Office 97–2003; for a data file, almost always an Excel sheet.
        (
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            "an Office 97–2003 document (an Excel .xls workbook?); save the sheet as CSV (UTF-8) and import that"
        ),
    ]

    /// "gzip-compressed; decompress it first (gunzip)" and the like, or nil when `head` starts as none of them.
    static func describe(_ head: some Collection<UInt8>) -> String? {
        if isExcelWorkbook(head) {
            return "an Excel workbook (.xlsx, a ZIP archive); save the sheet as CSV (UTF-8) and import that"
        }
        return known.first { head.starts(with: $0.magic) }?.what
    }

    /// True for a ZIP whose first entry is the Office Open XML manifest (`[Content_Types].xml`): a workbook, or
    /// another Office document, known from its first bytes alone (512 are enough).
    static func isOfficeDocument(_ head: some Collection<UInt8>) -> Bool {
        let bytes = Array(head.prefix(30 + 19))
        guard bytes.starts(with: zip), bytes.count == 49 else { return false }
        let nameLength = Int(bytes[26]) | Int(bytes[27]) << 8
        return nameLength == 19 && bytes[30...].elementsEqual("[Content_Types].xml".utf8)
    }

    /// True for a ZIP whose first entry is the Office Open XML manifest (`[Content_Types].xml`) and that names the
    /// workbook's folder (`xl/`) in the bytes at hand, as every `.xlsx` staged in ../shared/data does.
    static func isExcelWorkbook(_ head: some Collection<UInt8>) -> Bool {
        let bytes = Array(head.prefix(64 << 10))
        guard isOfficeDocument(bytes) else { return false }
        let folder = Array("xl/".utf8)
        return bytes.indices.dropLast(folder.count).contains { bytes[$0..<($0 + folder.count)].elementsEqual(folder) }
    }
}
