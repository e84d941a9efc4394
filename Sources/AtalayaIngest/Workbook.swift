import AtalayaDomain
import Foundation

// MARK: - Excel workbooks (.xlsx) read in place: parts inflated and parsed as they stream

/// An Office Open XML workbook (`.xlsx`): its sheets by name, its shared strings and its last-saved date. A sheet is
/// read row by row as its part is inflated (`Workbook.read(sheet:limits:row:)`): memory holds the shared strings and
/// one row, whatever the sheet's size. Every part is parsed by the strict XML stream (no DTD, no entities, nothing
/// fetched) and inflated up to a size limit, so a ZIP bomb is refused rather than unpacked.
public final class Workbook {
    /// Size limits on inflated parts: the workbook's own small parts, its shared strings, a sheet.
    public struct Limits: Sendable {
        /// The workbook, relationships and properties parts (a few KB in real files).
        public var smallPartBytes: UInt64 = 8 << 20
        /// The shared strings, which are held in memory while a sheet is read.
        public var sharedStringBytes: UInt64 = 64 << 20
        /// The most shared strings.
        public var sharedStringCount = 4_000_000
        /// One sheet's XML (the Greenbook's 75,000 rows are 30 MB).
        public var sheetBytes: UInt64 = 4 << 30

        /// Creates the default limits.
        public init() {}
    }

    /// The file, as the user named it.
    public let displayName: String
    /// The sheets' names, in the workbook's order.
    public let sheetNames: [String]
    /// The date the workbook was last saved (`dcterms:modified`, e.g. `2022-08-09T17:52:02Z`), when it says.
    public let modified: String?
    /// The size limits.
    public let limits: Limits

    private let archive: ZIPArchive
    /// Each sheet's part, by name.
    private let sheetParts: [String: String]
    private let sharedStringsPart: String?
    /// For each cell style (`s`), whether its number format shows a date or time.
    private let dateStyles: [Bool]
    /// Whether dates count from 1904 (old Mac workbooks) rather than 1900.
    private let date1904: Bool

    /// True when `path` starts as an `.xlsx` does (a ZIP whose first entry is the Office manifest, naming `xl/`).
    public static func isWorkbook(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64 << 10)) ?? Data()
        return ArchiveMagic.isExcelWorkbook(head)
    }

    /// Opens the workbook at `path` and reads its sheet list and properties; an `IngestError` naming the part at
    /// fault when it is not a workbook Atalaya can read.
    public init(path: String, displayName: String, limits: Limits = Limits()) throws {
        self.displayName = displayName
        self.limits = limits
        do {
            archive = try ZIPArchive(path: path)
        } catch {
            throw IngestError(
                file: displayName, message: "not a readable .xlsx workbook: the ZIP archive cannot be opened (\(error))"
            )
        }
        let workbookPart = "xl/workbook.xml"
        let book = try Self.parse(
            WorkbookSheetsHandler(), part: workbookPart, in: archive, file: displayName, limit: limits.smallPartBytes)
        let sheets = book.sheets
        date1904 = book.date1904
        let relations = try Self.parse(
            RelationshipsHandler(), part: "xl/_rels/workbook.xml.rels", in: archive, file: displayName,
            limit: limits.smallPartBytes
        ).targets
        var parts: [String: String] = [:]
        for sheet in sheets {
            guard let target = relations[sheet.relation]?.target else {
                throw IngestError(
                    file: displayName, field: workbookPart,
                    message: "sheet \"\(sheet.name)\" names relationship \(sheet.relation), which the workbook lacks")
            }
            parts[sheet.name] = Self.resolve(target)
        }
        sheetNames = sheets.map(\.name)
        sheetParts = parts
        sharedStringsPart = relations.values.first { $0.type.hasSuffix("/sharedStrings") }.map {
            Self.resolve($0.target)
        }
        let stylesPart = relations.values.first { $0.type.hasSuffix("/styles") }.map { Self.resolve($0.target) }
        if let stylesPart, archive[stylesPart] != nil {
            dateStyles = try Self.parse(
                StylesHandler(), part: stylesPart, in: archive, file: displayName, limit: limits.smallPartBytes
            ).dateStyles
        } else {
            dateStyles = []
        }
        modified =
            archive["docProps/core.xml"] == nil
            ? nil
            : try Self.parse(
                PropertiesHandler(), part: "docProps/core.xml", in: archive, file: displayName,
                limit: limits.smallPartBytes
            ).modified
    }

    /// The sheet `name`, or when nil the workbook's only sheet; an error listing the sheets otherwise.
    public func sheet(named name: String?) throws -> String {
        if let name {
            guard sheetNames.contains(name) else {
                throw IngestError(
                    file: displayName, field: "--sheet",
                    message: "no sheet \"\(name)\"; the workbook has " + listed)
            }
            return name
        }
        guard sheetNames.count == 1 else {
            throw IngestError(
                file: displayName, field: "--sheet",
                message: "the workbook has \(sheetNames.count) sheets (\(listed)); name one with --sheet")
        }
        return sheetNames[0]
    }

    /// The sheets' names for a message: the first 20, then how many more.
    private var listed: String {
        let shown = sheetNames.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ")
        return sheetNames.count > 20 ? shown + " and \(sheetNames.count - 20) more" : shown
    }

    /// The sheet an import of `path` reads, which its run names: `name` checked, or a one-sheet workbook's only
    /// sheet; nil when `path` is not a workbook (a CSV file, which `--sheet` does not apply to).
    public static func sheetToRead(path: String, displayName: String, named name: String?) throws -> String? {
        guard isWorkbook(path: path) else { return nil }
        return try Workbook(path: path, displayName: displayName).sheet(named: name)
    }

    /// The place of a relationship's target in the archive (targets are relative to `xl/`, or absolute).
    private static func resolve(_ target: String) -> String {
        target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    /// Streams sheet `name`'s rows to `row`, in order, each once, empty rows skipped. Cells are read as Excel shows
    /// them: shared and inline strings as text, numbers as plain decimal text (`1976.9`; `1.5E+3` as `1500`; see
    /// `OfficeText.number`), booleans as `TRUE`/`FALSE`, errors as written (`#N/A`). A date is a number to Excel: a
    /// number whose cell style shows a date is read as that date (`2024-03-31`, or `2024-03-31T14:30:00` with a time
    /// of day), in the workbook's date system. `progress` receives the file's bytes read so far (an estimate, from the
    /// sheet's part inflated).
    public func read(
        sheet name: String, limits fieldLimits: CSVReader.Limits = CSVReader.Limits(),
        progress: (Int) -> Void = { _ in }, row: (SheetRow) throws -> Void
    ) throws {
        guard let part = sheetParts[try sheet(named: name)] else { return }
        let strings =
            try sharedStringsPart.map { part in
                archive[part] == nil
                    ? SharedStrings()
                    : try Self.parse(
                        SharedStringsHandler(
                            maxBytes: Int(limits.sharedStringBytes), maxCount: limits.sharedStringCount),
                        part: part, in: archive, file: displayName, limit: limits.sharedStringBytes
                    ).strings
            } ?? SharedStrings()
        let place = "\(displayName)[\(name)]"
        // Progress is in the file's bytes, as for a CSV file: the sheet's part inflated so far, scaled by how much
        // it was deflated (an estimate for a progress bar, nothing more).
        let entry = archive[part]
        let scale = Double(entry?.compressedSize ?? 1) / Double(max(entry?.uncompressedSize ?? 1, 1))
        var inflated = 0
        // The handler lives only for this parse, so `row` does not outlive the call.
        try withoutActuallyEscaping(row) { row in
            let handler = SheetHandler(
                file: place, strings: strings, dates: ExcelDates(styles: dateStyles, date1904: date1904),
                limits: fieldLimits, row: row)
            try Self.stream(part: part, in: archive, file: displayName, limit: limits.sheetBytes, handler: handler) {
                // Every 4 MB inflated.
                if (inflated + $0) >> 22 != inflated >> 22 { progress(Int(Double(inflated + $0) * scale)) }
                inflated += $0
            }
        }
        progress(Int(Double(inflated) * scale))
    }

    /// Parses a small part with `handler` and hands the handler back.
    private static func parse<Handler: XMLStreamHandler>(
        _ handler: Handler, part: String, in archive: ZIPArchive, file: String, limit: UInt64
    ) throws -> Handler {
        try stream(part: part, in: archive, file: file, limit: limit, handler: handler) { _ in }
        return handler
    }

    /// Inflates `part` chunk by chunk into the XML stream; refuses a part larger than `limit` once inflated
    /// (whatever its header claims) and one whose checksum fails.
    private static func stream(
        part: String, in archive: ZIPArchive, file: String, limit: UInt64, handler: some XMLStreamHandler,
        inflated: (Int) -> Void
    ) throws {
        guard let entry = archive[part] else {
            throw IngestError(file: file, field: part, message: "the workbook has no part \(part)")
        }
        let place = "\(file)[\(part)]"
        var stream = XMLStream(displayName: place)
        stream.documents = "workbook parts"
        var total: UInt64 = 0
        var checksum: UInt32 = 0
        try stream.parse(handler: handler) { feed in
            do {
                checksum = try archive.extract(entry, chunkSize: 256 << 10) { chunk in
                    total += UInt64(chunk.count)
                    guard total <= limit else {
                        throw IngestError(
                            file: file, field: part,
                            message: "larger than \(limit >> 20) MB once inflated; refused (a ZIP bomb?)")
                    }
                    inflated(chunk.count)
                    try feed(chunk)
                }
            } catch let error as IngestError {
                throw error
            } catch {
                throw IngestError(file: file, field: part, message: "the workbook is damaged: \(error)")
            }
        }
        guard checksum == entry.checksum else {
            throw IngestError(file: file, field: part, message: "the workbook is damaged: the part fails its checksum")
        }
    }
}

/// The current row of a sheet, read in place: valid only during the `row` call that receives it.
public final class SheetRow: FieldRow {
    /// The sheet's 1-based row number.
    public internal(set) var line = 0
    /// The bytes of the row's cells, one after another.
    private var record: [UInt8] = []
    /// Where each cell starts and ends in `record`, by column (A is 0); an absent cell is empty.
    private var starts: [Int] = []
    private var ends: [Int] = []
    /// For a cell that holds a shared string, that string already made (trimmed), so that a text repeated down a
    /// column is decoded once for the whole sheet; nil for other cells.
    private var shared: [String?] = []

    /// The number of columns up to the last cell the row has.
    public var fieldCount: Int { ends.count }

    /// Calls `body` with the UTF-8 bytes of column `index` (empty past the row's last cell).
    public func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard index < ends.count else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try record.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[starts[index]..<ends[index]]))
        }
    }

    /// Column `index` as text ("" when empty).
    public func string(_ index: Int, field: String) throws -> String {
        withBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Column `index` as text with surrounding spaces removed, or nil when empty.
    public func optionalString(_ index: Int, field: String) throws -> String? {
        if index < shared.count, let text = shared[index] { return text.isEmpty ? nil : text }
        return withBytes(index) { bytes in
            let trimmed = FieldBytes.trimmed(bytes)
            return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
        }
    }

    /// The row's cells as text, every column up to its last cell.
    public var strings: [String] {
        (0..<fieldCount).map { index in withBytes(index) { String(decoding: $0, as: UTF8.self) } }
    }

    /// Whether every cell is empty.
    var isBlank: Bool { zip(starts, ends).allSatisfy { $0 == $1 } }

    /// Starts row `number`.
    func begin(_ number: Int) {
        line = number
        record.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        shared.removeAll(keepingCapacity: true)
    }

    /// Sets column `column`, which is right of every column set so far, to `bytes`.
    func set(_ column: Int, _ bytes: some Collection<UInt8>) {
        pad(to: column)
        starts.append(record.count)
        record.append(contentsOf: bytes)
        ends.append(record.count)
        shared.append(nil)
    }

    /// Sets column `column` to shared string `index`.
    func set(_ column: Int, shared index: Int, from strings: SharedStrings) {
        pad(to: column)
        starts.append(record.count)
        strings.withString(index) { record.append(contentsOf: $0) }
        ends.append(record.count)
        shared.append(strings.trimmed[index])
    }

    private func pad(to column: Int) {
        while ends.count < column {
            starts.append(record.count)
            ends.append(record.count)
            shared.append(nil)
        }
    }
}

/// A sheet's rows held in memory and read one after another, as a CSV file's records are: for the small sheets of
/// indicator and monitoring workbooks, whose readers ask for the next record as they go. Trailing empty cells are
/// dropped, so a row may be shorter than its header (Excel leaves empty cells out), never longer with a value; a row
/// of blank cells is skipped, as a blank line is.
final class SheetRows: RowSource {
    private var rows: [(line: Int, cells: [[UInt8]])] = []
    private var position = -1
    private let place: String

    /// The rows of sheet `sheet` (or the only sheet) of the workbook at `path`, held whole, with the name its errors
    /// give (`book.xlsx[Sheet]`); nil when `path` is not a workbook, where a sheet named is an error. Refused past
    /// `maxBytes` of cells.
    static func ofWorkbook(
        path: String, displayName: String, sheet: String?, limits: CSVReader.Limits = CSVReader.Limits(),
        maxBytes: Int = 64 << 20
    ) throws -> (rows: SheetRows, file: String)? {
        guard Workbook.isWorkbook(path: path) else {
            if let sheet {
                throw IngestError(
                    file: displayName, field: "--sheet",
                    message: "\"\(sheet)\" names a sheet, and this is no workbook")
            }
            return nil
        }
        let workbook = try Workbook(path: path, displayName: displayName)
        let name = try workbook.sheet(named: sheet)
        return (try SheetRows(workbook, sheet: name, limits: limits, maxBytes: maxBytes), "\(displayName)[\(name)]")
    }

    /// The sheet's rows, read whole; refused past `maxBytes` of cells (their text, and 16 bytes a cell).
    init(_ workbook: Workbook, sheet: String, limits: CSVReader.Limits, maxBytes: Int = 64 << 20) throws {
        place = "\(workbook.displayName)[\(sheet)]"
        var total = 0
        try workbook.read(sheet: sheet, limits: limits) { row in
            var cells = (0..<row.fieldCount).map { index in row.withBytes(index) { Array($0) } }
            while cells.last?.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) == true {
                cells.removeLast()
            }
            guard !cells.isEmpty else { return }
            // Each cell costs its array's 16 bytes as well, so that a sheet of many empty cells is bounded too.
            total += cells.reduce(0) { $0 + $1.count + 16 }
            guard total <= maxBytes else {
                throw IngestError(
                    file: place, line: row.line,
                    message: "more than \(maxBytes >> 20) MB of cells; a sheet this large is read from its CSV copy")
            }
            rows.append((row.line, cells))
        }
    }

    var line: Int { position >= 0 && position < rows.count ? rows[position].line : 0 }
    var fieldCount: Int { position >= 0 && position < rows.count ? rows[position].cells.count : 0 }

    func next() throws -> Bool {
        position += 1
        return position < rows.count
    }

    func requireFields(_ count: Int) throws {
        guard fieldCount <= count else {
            throw IngestError(
                file: place, line: line, column: fieldCount,
                message: "a value in \(CellReference.name(column: fieldCount - 1, row: line)), right of the header's "
                    + "\(count) columns")
        }
    }

    func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard index < fieldCount else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try rows[position].cells[index].withUnsafeBufferPointer(body)
    }

    func string(_ index: Int, field: String) throws -> String {
        withBytes(index) { String(decoding: $0, as: UTF8.self) }
    }

    func optionalString(_ index: Int, field: String) throws -> String? {
        withBytes(index) { bytes in
            let trimmed = FieldBytes.trimmed(bytes)
            return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self)
        }
    }
}

// MARK: - The parts' handlers

/// The text of the shared-string table, held as one buffer of bytes with the end of each string.
struct SharedStrings {
    var bytes: [UInt8] = []
    var ends: [Int] = []
    /// Each string as text, without the spaces and tabs around it (made once the table is read).
    var trimmed: [String] = []

    var count: Int { ends.count }

    /// A cell's shared-string index (`<v>12</v>`), read from its bytes; nil unless plain digits.
    static func index(_ bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// The bytes of string `index`.
    func withString<R>(_ index: Int, _ body: (ArraySlice<UInt8>) throws -> R) rethrows -> R {
        try body(bytes[(index == 0 ? 0 : ends[index - 1])..<ends[index]])
    }
}

/// What is wrong in a workbook's part; the stream adds the part, line and column.
struct PartError: Error, CustomStringConvertible {
    let description: String
}

/// Element names by the ids the stream declares, and the open elements, for the small handlers below.
class PartHandler: XMLStreamHandler {
    var names: [String] = []
    var stack: [Int] = []
    var wantsText: Bool { false }
    var openElements: [String] { stack.map { names[$0] } }

    func declare(element id: Int, local: String, namespace: String?) { names.append(local) }
    func start(element id: Int, attributes: borrowing XMLAttributes, line: Int) throws {
        stack.append(id)
        try opened(names[id], attributes: attributes)
    }
    func end(line: Int) throws {
        let id = stack.removeLast()
        try closed(names[id])
    }
    func text(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws {}
    /// Called with each element's local name as it opens.
    func opened(_ name: String, attributes: borrowing XMLAttributes) throws {}
    /// Called with each element's local name as it closes.
    func closed(_ name: String) throws {}
    /// The local name of the element `depth` levels out from the innermost (0 is the innermost).
    func enclosing(_ depth: Int) -> String? { stack.count > depth ? names[stack[stack.count - 1 - depth]] : nil }
}

/// `xl/workbook.xml`: the sheets, in order, with their relationship ids.
final class WorkbookSheetsHandler: PartHandler {
    /// The longest sheet name read: Excel's limit is 31 characters, Google Sheets' 100.
    static let longestName = 255
    var sheets: [(name: String, relation: String)] = []
    var date1904 = false
    override func opened(_ name: String, attributes: borrowing XMLAttributes) throws {
        if name == "workbookPr" {
            let value = attributes["date1904"]
            date1904 = value == "1" || value == "true"
        }
        guard name == "sheet" else { return }
        guard let sheetName = attributes["name"], let relation = attributes["r:id"] ?? attributes["id"] else {
            throw PartError(description: "a <sheet> without a name or a relationship id")
        }
        // A sheet's name becomes part of every place an import names (`book.xlsx[Sheet]`) and of its run's file name.
        guard sheetName.count <= Self.longestName else {
            throw PartError(
                description: "sheet \(sheets.count + 1)'s name is \(sheetName.count) characters long, past what any "
                    + "spreadsheet writes (Excel allows 31): \(quoted(sheetName))")
        }
        sheets.append((sheetName, relation))
    }
}

/// `xl/styles.xml`: which cell styles show numbers as dates or times.
final class StylesHandler: PartHandler {
    private var formats: [Int: String] = [:]
    private var styles: [Int] = []

    /// For each cell style, in order, whether it shows a date or time.
    var dateStyles: [Bool] { styles.map { Self.isDate(format: $0, code: formats[$0]) } }

    override func opened(_ name: String, attributes: borrowing XMLAttributes) throws {
        switch name {
        case "numFmt" where enclosing(1) == "numFmts":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] {
                formats[id] = code
            }
        case "xf" where enclosing(1) == "cellXfs":
            styles.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default:
            break
        }
    }

    /// Whether number format `id` (with its code, when custom) shows a date or time: the built-in formats 14–22 and
    /// 45–47 (27–36 and 50–58 in East Asian versions), or a code with a day, month, year, hour or second once quoted
    /// text, escapes and bracketed parts (colours, locales) are taken out.
    static func isDate(format id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (45...47).contains(id) || (27...36).contains(id) || (50...58).contains(id) {
            return true
        }
        guard let code, id >= 164 || code != "General" else { return false }
        var plain = ""
        var quoted = false
        var bracketed = false
        var escaped = false
        for character in code {
            if escaped {
                escaped = false
            } else if quoted {
                quoted = character != "\""
            } else if bracketed {
                bracketed = character != "]"
            } else if character == "\\" || character == "_" || character == "*" {
                escaped = true
            } else if character == "\"" {
                quoted = true
            } else if character == "[" {
                bracketed = true
            } else {
                plain.append(character)
            }
        }
        return plain.lowercased().contains { "dmyhs".contains($0) }
    }
}

/// Excel's dates: serial days in a cell whose style shows a date.
struct ExcelDates {
    /// For each cell style, whether it shows a date or time.
    let styles: [Bool]
    /// Whether serial 0 is 1904-01-01 (else 1 is 1900-01-01, with Lotus's 29 February 1900 as 60).
    let date1904: Bool

    /// Whether cell style `style` shows a date.
    func isDate(style: Int) -> Bool { style >= 0 && style < styles.count && styles[style] }

    /// Serial `text` (`45382`, `45382.604166666664`) as `2024-03-31` or `2024-03-31T14:30:00`; a time of day with no
    /// date (`0.604166666666667`, day 0 of the 1900 system, which Excel shows as 1900-01-00) as `14:30:00`, so that
    /// a date field refuses it rather than read it as 1899-12-31; nil when it is none (negative, 60 in the 1900
    /// system, or past 9999).
    func date(_ text: [UInt8]) -> String? {
        guard let plain = OfficeText.plainDecimal(text), plain.first != UInt8(ascii: "-") else { return nil }
        let point = plain.firstIndex(of: UInt8(ascii: ".")) ?? plain.endIndex
        guard point - plain.startIndex <= 7, var days = Int(String(decoding: plain[..<point], as: UTF8.self)) else {
            return nil
        }
        let fraction = point < plain.endIndex ? Double("0" + String(decoding: plain[point...], as: UTF8.self)) ?? 0 : 0
        var seconds = Int((fraction * 86_400).rounded())
        if seconds == 86_400 {
            days += 1
            seconds = 0
        }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let time = "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        let origin: String
        if date1904 {
            origin = "1904-01-01"
        } else if days == 0 {
            return time
        } else if days == 60 {
            return nil  // 1900-02-29, which Excel counts and the calendar does not have
        } else {
            origin = days < 60 ? "1899-12-31" : "1899-12-30"
        }
        guard let start = DayCount.ordinal(origin), let day = DayCount.date(ordinal: start + days) else {
            return nil
        }
        return seconds > 0 ? "\(day)T\(time)" : day
    }
}

/// A relationships part: each relationship's target and type, by id.
final class RelationshipsHandler: PartHandler {
    var targets: [String: (target: String, type: String)] = [:]
    override func opened(_ name: String, attributes: borrowing XMLAttributes) throws {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets[id] = (target, attributes["Type"] ?? "")
    }
}

/// `docProps/core.xml`: the last-saved date.
final class PropertiesHandler: PartHandler {
    var modified: String?
    private var collecting = false
    private var text: [UInt8] = []
    override var wantsText: Bool { collecting }
    override func opened(_ name: String, attributes: borrowing XMLAttributes) throws {
        collecting = name == "modified"
        text = []
    }
    override func text(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws {
        if text.count < 64 { text.append(contentsOf: bytes.prefix(64)) }
    }
    override func closed(_ name: String) throws {
        if name == "modified" {
            let value = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            modified = value.isEmpty ? nil : value
        }
        collecting = false
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, its runs joined, phonetic readings (`<rPh>`) left out.
final class SharedStringsHandler: PartHandler {
    var strings = SharedStrings()
    private var collecting = false
    private let maxBytes: Int
    private let maxCount: Int

    init(maxBytes: Int, maxCount: Int) {
        self.maxBytes = maxBytes
        self.maxCount = maxCount
    }

    override var wantsText: Bool { collecting }
    override func opened(_ name: String, attributes: borrowing XMLAttributes) throws {
        // Text is a <t> in the <si> or in one of its runs (<r>), not in a phonetic run (<rPh>).
        collecting = name == "t" && (enclosing(1) == "si" || (enclosing(1) == "r" && enclosing(2) == "si"))
    }
    override func text(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws {
        guard strings.bytes.count + bytes.count <= maxBytes else {
            throw PartError(description: "more than \(maxBytes >> 20) MB of text")
        }
        strings.bytes.append(contentsOf: bytes)
    }
    override func closed(_ name: String) throws {
        collecting = false
        guard name == "si" else { return }
        guard strings.count < maxCount else {
            throw PartError(description: "more than \(maxCount) shared strings")
        }
        let start = strings.ends.last ?? 0
        let decoded = OfficeText.unescaped(strings.bytes[start...])
        if decoded.count != strings.bytes.count - start {
            strings.bytes.replaceSubrange(start..., with: decoded)
        }
        strings.ends.append(strings.bytes.count)
        strings.trimmed.append(
            strings.bytes[start...].withUnsafeBufferPointer { String(decoding: FieldBytes.trimmed($0), as: UTF8.self) })
    }
}

/// A sheet part: cells into `SheetRow`, one row at a time. Elements are told apart by the numbers the stream gives
/// their names, matched once to the few a sheet's data uses.
final class SheetHandler: XMLStreamHandler {
    /// The elements that matter, and where: a row in `sheetData`, a cell in a row, a value in a cell, inline text.
    private enum Kind { case sheetData, row, cell, value, inlineString, run, text, other }

    private let file: String
    private let strings: SharedStrings
    private let dates: ExcelDates
    private let limits: CSVReader.Limits
    private let deliver: (SheetRow) throws -> Void
    private let current = SheetRow()
    private var style = 0
    private var kinds: [Kind] = []
    private var names: [String] = []
    private var stack: [Kind] = []
    private var stackNames: [Int] = []
    private var inRow = false
    private var lastRow = 0
    private var column = -1
    private var cellType = CellType.number
    private var reference: String?
    private var value: [UInt8] = []
    private(set) var wantsText = false

    /// The cell types of ECMA-376 (`t`): `n` (the default), `s`, `inlineStr`, `str`, `b`, `e`, `d`.
    private enum CellType { case number, shared, inline, formulaText, boolean, error, date }

    init(
        file: String, strings: SharedStrings, dates: ExcelDates, limits: CSVReader.Limits,
        row: @escaping (SheetRow) throws -> Void
    ) {
        self.file = file
        self.strings = strings
        self.dates = dates
        self.limits = limits
        deliver = row
    }

    var openElements: [String] { stackNames.map { names[$0] } }

    func declare(element id: Int, local: String, namespace: String?) {
        names.append(local)
        let kind: Kind =
            switch local {
            case "sheetData": .sheetData
            case "row": .row
            case "c": .cell
            case "v": .value
            case "is": .inlineString
            case "r": .run
            case "t": .text
            default: .other
            }
        kinds.append(kind)
    }

    /// The cell's place, for errors: `H8`.
    private var cellName: String { reference ?? CellReference.name(column: max(column, 0), row: current.line) }

    private func fail(_ message: String, line: Int? = nil, cell: Bool = true) -> IngestError {
        IngestError(
            file: file, line: line ?? current.line, column: cell && column >= 0 ? column + 1 : nil,
            field: cell ? cellName : nil, message: message)
    }

    func start(element id: Int, attributes: borrowing XMLAttributes, line: Int) throws {
        let kind = kinds[id]
        let parent = stack.last
        stack.append(kind)
        stackNames.append(id)
        switch kind {
        case .row where parent == .sheetData:
            let number: Int
            if let text = attributes["r"] {
                guard let parsed = Int(text), parsed > lastRow, parsed <= 1_048_576 else {
                    throw fail("row number \(quoted(text)) after row \(lastRow): rows must run upward", cell: false)
                }
                number = parsed
            } else {
                number = lastRow + 1
            }
            lastRow = number
            current.begin(number)
            inRow = true
            column = -1
        case .cell where inRow && parent == .row:
            let next: Int
            if let text = attributes["r"] {
                guard let cell = CellReference(text), cell.row == current.line, cell.column > column else {
                    throw fail("cell \(quoted(text)) out of place in row \(current.line)", cell: false)
                }
                next = cell.column
                reference = text
            } else {
                next = column + 1
                reference = nil
            }
            column = next
            guard next < limits.maxFields else {
                throw fail("a cell in column \(next + 1), past the limit of \(limits.maxFields) columns")
            }
            let type = attributes["t"]
            guard let known = Self.cellType(type) else { throw fail("unknown cell type \"\(type ?? "")\"") }
            cellType = known
            style = attributes["s"].flatMap { Int($0) } ?? 0
            value.removeAll(keepingCapacity: true)
        case .value where parent == .cell:
            wantsText = true
        case .text where parent == .inlineString || (parent == .run && stack.dropLast(2).last == .inlineString):
            wantsText = true
        default:
            break
        }
    }

    private static func cellType(_ text: String?) -> CellType? {
        switch text {
        case nil, "n": .number
        case "s": .shared
        case "inlineStr": .inline
        case "str": .formulaText
        case "b": .boolean
        case "e": .error
        case "d": .date
        default: nil
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws {
        guard value.count + bytes.count <= limits.maxFieldBytes else {
            throw fail("longer than \(limits.maxFieldBytes) bytes")
        }
        value.append(contentsOf: bytes)
    }

    func end(line: Int) throws {
        let kind = stack.removeLast()
        stackNames.removeLast()
        switch kind {
        case .value, .text:
            wantsText = false
        case .cell where inRow && stack.last == .row:
            try store()
        case .row where inRow && stack.last == .sheetData:
            inRow = false
            if !current.isBlank { try deliver(current) }
        default:
            break
        }
    }

    /// Puts the finished cell's value in the row, read by its type.
    private func store() throws {
        switch cellType {
        case .shared:
            guard let index = SharedStrings.index(value), index < strings.count else {
                throw fail(
                    "shared string \"\(String(decoding: value, as: UTF8.self))\" that the workbook does not have")
            }
            current.set(column, shared: index, from: strings)
        case .inline:
            current.set(column, OfficeText.unescaped(value[...]))
        case .formulaText, .error, .date:
            current.set(column, value)
        case .boolean:
            current.set(column, Array((value == [0x31] ? "TRUE" : "FALSE").utf8))
        case .number where dates.isDate(style: style) && !value.isEmpty:
            guard let date = dates.date(value) else {
                throw fail(
                    "\"\(String(decoding: value, as: UTF8.self))\" in a date cell is not a date Atalaya can read")
            }
            current.set(column, Array(date.utf8))
        case .number:
            guard !value.isEmpty else { return current.set(column, []) }
            if FieldBytes.isPlainInteger(value) && value.count <= 15 { return current.set(column, value) }
            guard let plain = OfficeText.number(value) else {
                throw fail("\"\(String(decoding: value, as: UTF8.self))\" is not a number")
            }
            current.set(column, plain)
        }
    }
}

/// A cell reference such as `H8`: its 0-based column and 1-based row.
struct CellReference {
    let column: Int
    let row: Int

    init?(_ text: String) {
        var column = 0
        var letters = 0
        var row = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0 && letters < 3:
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0 && digits < 7:
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            default:
                return nil
            }
        }
        guard letters > 0, digits > 0 else { return nil }
        self.column = column - 1
        self.row = row
    }

    /// `H8` for column 7, row 8.
    static func name(column: Int, row: Int) -> String {
        var letters = ""
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
            rest = (rest - 1) / 26
        }
        return letters + String(row)
    }
}

/// Text as Office Open XML writes it.
enum OfficeText {
    /// `bytes` with the `_xHHHH_` escapes of control characters (and `_x005F_`, an underscore) read.
    static func unescaped(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "_")) else { return Array(bytes) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "_"), index + 7 <= bytes.endIndex, bytes[index + 1] == UInt8(ascii: "x"),
                bytes[index + 6] == UInt8(ascii: "_"),
                let code = UInt32(String(decoding: bytes[(index + 2)..<(index + 6)], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(code), code != 0
            {
                out.append(contentsOf: String(Character(scalar)).utf8)
                index += 7
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return out
    }

    /// A number cell's text as Excel shows it, as plain decimal text: written out digit for digit when it has at most
    /// 15 significant digits (`1976.9`, `1.5E+3` as `1500`); with more, which is how Excel writes the binary double
    /// nearest a typed value (`5.0999999999999996` for 5.1), at Excel's own precision of 15 significant digits
    /// (`5.1`). Nil when it is not a number.
    static func number(_ bytes: [UInt8]) -> [UInt8]? {
        let mantissa = bytes.prefix { $0 != UInt8(ascii: "E") && $0 != UInt8(ascii: "e") }
        let significant = mantissa.filter { $0 >= 0x30 && $0 <= 0x39 }.drop { $0 == 0x30 }.count
        guard significant > 15 else { return plainDecimal(bytes) }
        guard let double = Double(String(decoding: bytes, as: UTF8.self)), double.isFinite else { return nil }
        return plainDecimal(Array(String(format: "%.15g", double).utf8))
    }

    /// A number as written in a cell (`9300000`, `-1976.9`, `1.5E+3`, `2.5E-2`) as plain decimal text (`1500`,
    /// `0.025`), digit for digit; nil when it is not a number or its exponent is beyond ±30.
    static func plainDecimal(_ bytes: [UInt8]) -> [UInt8]? {
        let text = bytes.filter { $0 != 0x20 }
        guard let e = text.firstIndex(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }) else {
            guard isDecimal(text[...]) else { return nil }
            return text.first == UInt8(ascii: "+") ? Array(text.dropFirst()) : text
        }
        let mantissa = text[..<e]
        guard isDecimal(mantissa), let exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)),
            abs(exponent) <= 30
        else { return nil }
        let negative = mantissa.first == UInt8(ascii: "-")
        let unsigned = mantissa.drop { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }
        let point = unsigned.firstIndex(of: UInt8(ascii: ".")) ?? unsigned.endIndex
        var digits = Array(unsigned.filter { $0 != UInt8(ascii: ".") })
        var decimals = unsigned.distance(from: point, to: unsigned.endIndex) - (point == unsigned.endIndex ? 0 : 1)
        decimals -= exponent
        if decimals < 0 {
            digits += [UInt8](repeating: UInt8(ascii: "0"), count: -decimals)
            decimals = 0
        }
        if digits.count <= decimals {
            digits = [UInt8](repeating: UInt8(ascii: "0"), count: decimals - digits.count + 1) + digits
        }
        var out = negative ? [UInt8(ascii: "-")] : []
        out += digits[..<(digits.count - decimals)]
        if decimals > 0 { out += [UInt8(ascii: ".")] + digits[(digits.count - decimals)...] }
        return out
    }

    /// `-12.5`, `7`, `.5`: an optional sign, digits, at most one point, at least one digit.
    private static func isDecimal(_ text: ArraySlice<UInt8>) -> Bool {
        let body = text.first == UInt8(ascii: "-") || text.first == UInt8(ascii: "+") ? text.dropFirst() : text
        var points = 0
        var digits = 0
        for byte in body {
            if byte == UInt8(ascii: ".") {
                points += 1
            } else if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else {
                return false
            }
        }
        return digits > 0 && points <= 1
    }
}
