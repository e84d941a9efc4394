import AtalayaDomain

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// MARK: - A streaming RFC 4180 reader over bytes

/// Reads RFC 4180 CSV from a file in fixed-size chunks: one record at a time, fields as bytes, bounded memory.
///
/// Quoted fields may hold commas, line breaks and doubled quotes; CRLF and LF both end records; a UTF-8 BOM is
/// skipped. A quote inside an unquoted field, text after a closing quote, an unterminated quote, a lone carriage
/// return or an oversized field is an `IngestError` naming the line and column. Fields are only decoded (and
/// UTF-8 checked) when asked for.
public final class CSVReader: FieldRow {
    /// Size limits that keep hostile input from exhausting memory.
    public struct Limits: Sendable {
        /// The longest field, in bytes.
        public var maxFieldBytes: Int
        /// The most fields in one record.
        public var maxFields: Int

        /// Creates limits.
        public init(maxFieldBytes: Int = 1 << 20, maxFields: Int = 1024) {
            self.maxFieldBytes = maxFieldBytes
            self.maxFields = maxFields
        }
    }

    private let file: String
    private let limits: Limits
    private var descriptor: Int32
    private var chunk: [UInt8]
    private var chunkEnd = 0
    private var position = 0
    private var atEOF = false
    private var startOfFile = true

    // Fields are read many times per record, so these two skip the runtime exclusivity check. That is safe: the
    // reader is not Sendable (one thread), and no closure it runs while reading them (`withBytes`) can reach
    // `readRecord`, the only writer, which mutates them on local copies only.
    /// The bytes of the current record without the quotes that enclose or escape (commas stay, between fields).
    @exclusivity(unchecked) private var record: [UInt8] = []
    /// Where each field of the current record starts in `record`.
    @exclusivity(unchecked) private var starts: [Int] = []
    /// Where each field of the current record ends in `record`.
    @exclusivity(unchecked) private var ends: [Int] = []
    private var physicalLine = 1
    /// Long texts decoded recently, by column (see `decode(_:column:)`). Like `record`, it skips the runtime
    /// exclusivity check: only `decode`, on this one thread, reads or writes it, and it calls nothing that does.
    @exclusivity(unchecked) private var recent = RecentTexts<Void>()

    /// The SHA-256 of the bytes read so far, computed on its own thread, when asked for at `init`.
    private let digest: BackgroundDigest?
    /// The hex SHA-256 of the whole file, once it has been read to the end (nil when not asked for).
    public private(set) var sha256: String?

    /// The 1-based line on which the current record starts.
    public private(set) var line = 0
    /// Bytes consumed so far (for progress).
    public private(set) var bytesRead = 0

    /// Opens `path`; `displayName` names the file in errors. With `hashing`, the file's SHA-256 is computed from the
    /// chunks as they are read (`sha256`, at the end), saving a pass over the file before.
    public init(
        path: String, displayName: String, limits: Limits = Limits(), chunkSize: Int = 1 << 20, hashing: Bool = false
    ) throws {
        file = displayName
        digest = hashing ? BackgroundDigest() : nil
        self.limits = limits
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw IngestError(file: displayName, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        chunk = [UInt8](repeating: 0, count: max(chunkSize, 16))
        record.reserveCapacity(4096)
        starts.reserveCapacity(64)
        ends.reserveCapacity(64)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        digest?.stop()
    }

    /// The number of fields in the current record.
    public var fieldCount: Int { ends.count }

    /// Moves to the next record; false at the end of the file. Blank lines are skipped. A first record that is one
    /// field holding two or more semicolons or tabs and no comma is refused as the wrong separator (`separatorError`).
    public func next() throws -> Bool {
        while true {
            guard try readRecord() else { return false }
            if ends.count == 1 && ends[0] == 0 { continue }
            if !sawRecord {
                sawRecord = true
                if ends.count == 1, let error = separatorError() { throw error }
            }
            return true
        }
    }

    /// True once the first non-blank record has been read.
    private var sawRecord = false

    /// The error for a first line whose fields are separated by semicolons or tabs rather than commas: what a
    /// spreadsheet saves as "CSV" in a language that writes decimal commas (Spanish in most of Latin America), its
    /// numbers then written with commas too. Read as commas, the header would be one long column name, and the error
    /// would say which columns are missing rather than why.
    private func separatorError() -> IngestError? {
        var (commas, semicolons, tabs) = (0, 0, 0)
        for byte in record {
            switch byte {
            case UInt8(ascii: ","): commas += 1
            case UInt8(ascii: ";"): semicolons += 1
            case UInt8(ascii: "\t"): tabs += 1
            default: break
            }
        }
        guard commas == 0, max(semicolons, tabs) >= 2 else { return nil }
        return IngestError(
            file: file, line: line,
            message: "the fields are separated by \(semicolons >= tabs ? "semicolons (;)" : "tabs"), not commas, as a "
                + "spreadsheet saves CSV in a language that writes decimal commas; import the workbook (.xlsx) "
                + "itself where the command reads workbooks (--sheet), or save the CSV with commas between fields "
                + "and points in numbers")
    }

    /// Throws, naming the record's line, unless the current record has exactly `count` fields (the header's).
    public func requireFields(_ count: Int) throws {
        guard fieldCount == count else {
            throw IngestError(file: file, line: line, message: "\(fieldCount) fields where the header has \(count)")
        }
    }

    /// Calls `body` with the raw bytes of field `index` (no copy).
    public func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try record.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[starts[index]..<ends[index]]))
        }
    }

    /// True when field `index` is empty.
    public func isEmpty(_ index: Int) -> Bool {
        starts[index] == ends[index]
    }

    /// Field `index` as text; an error naming `field` when its bytes are not UTF-8 or hold a NUL.
    public func string(_ index: Int, field: String) throws -> String {
        try text(withBytes(index) { decode($0, column: index) }, field: field) ?? ""
    }

    /// Field `index` as text with surrounding spaces removed, or nil when it is empty; trimmed on the bytes.
    public func optionalString(_ index: Int, field: String) throws -> String? {
        let decoded = withBytes(index) { bytes -> Decoded in
            let trimmed = FieldBytes.trimmed(bytes)
            return trimmed.isEmpty ? .empty : decode(trimmed, column: index)
        }
        return try text(decoded, field: field)
    }

    /// What a field's bytes are as text.
    private enum Decoded {
        case empty
        case text(String)
        /// A NUL byte is valid UTF-8 but no text a ledger keeps may hold one (PostgreSQL's text cannot).
        case nul
        case notUTF8
    }

    /// Decodes the bytes of field `column`. A text longer than a small string that this column had recently is
    /// handed back as that same `String` (its bytes compared, not decoded again): values that repeat down a column
    /// (agency, account and sector names, activity descriptions) then share one allocation instead of one per row.
    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, column: Int) -> Decoded {
        // Up to 15 UTF-8 bytes a `String` is stored inline and costs no allocation to make.
        guard bytes.count > 15 else { return Self.decode(bytes) }
        if let seen = recent.find(bytes, salt: column) { return .text(seen.text) }
        let decoded = Self.decode(bytes)
        if case .text(let text) = decoded { recent.keep(text, bytes: bytes, value: (), salt: column) }
        return decoded
    }

    /// Decodes field bytes: plain ASCII (the common case) without the general UTF-8 check, anything else checked.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Decoded {
        if isPlainASCII(bytes) { return .text(String(decoding: bytes, as: UTF8.self)) }
        if let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil { return .nul }
        return String(validating: bytes, as: UTF8.self).map { .text($0) } ?? .notUTF8
    }

    /// The text of a decoded field (nil when empty), or the error naming the field: never a silently cut or changed
    /// value.
    private func text(_ decoded: Decoded, field: String) throws -> String? {
        switch decoded {
        case .empty: return nil
        case .text(let text): return text
        case .nul: throw IngestError(file: file, line: line, field: field, message: "holds a NUL byte (0x00)")
        case .notUTF8:
            throw IngestError(
                file: file, line: line, field: field,
                message: "not valid UTF-8 (if the file is Windows-1252 or Latin-1, save it as UTF-8 first)")
        }
    }

    /// True when every byte is in 0x01...0x7F (ASCII without NUL); eight bytes at a time.
    static func isPlainASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        var index = 0
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A high bit set anywhere, or a zero byte (the classic has-zero-byte test), fails the word.
            if (word | ((word &- ones) & ~word)) & high != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] == 0 || bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    private func fail(_ message: String, column: Int? = nil) -> IngestError {
        IngestError(file: file, line: physicalLine, column: column, message: message)
    }

    private func refill() throws -> Bool {
        if atEOF { return false }
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw fail("read failed: \(String(cString: strerror(errno)))") }
        if count == 0 {
            atEOF = true
            sha256 = digest?.finish()
            return false
        }
        if let digest { chunk.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) } }
        chunkEnd = count
        position = 0
        bytesRead += count
        if startOfFile {
            startOfFile = false
            if let archive = ArchiveMagic.describe(chunk[..<count]) { throw fail("the file is \(archive)") }
            if count >= 3 && chunk[0] == 0xEF && chunk[1] == 0xBB && chunk[2] == 0xBF { position = 3 }
        }
        return true
    }

    /// Reads one record into `record`/`starts`/`ends`; false when the file has no more bytes.
    private func readRecord() throws -> Bool {
        // Work on local copies (moved, not copied) so the hot loop pays no dynamic exclusivity checks.
        var record: [UInt8] = []
        var starts: [Int] = []
        var ends: [Int] = []
        swap(&record, &self.record)
        swap(&starts, &self.starts)
        swap(&ends, &self.ends)
        var lineNumber = physicalLine
        defer {
            swap(&record, &self.record)
            swap(&starts, &self.starts)
            swap(&ends, &self.ends)
            physicalLine = lineNumber
        }
        record.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        starts.append(0)
        line = lineNumber
        var scan = Scan(maxFieldBytes: limits.maxFieldBytes, maxFields: limits.maxFields)
        var sawAnything = false

        while true {
            if position >= chunkEnd {
                guard try refill() else { break }
            }
            sawAnything = true
            let start = position
            let end = chunkEnd
            let outcome = chunk.withUnsafeBufferPointer { bytes in
                scan.run(
                    bytes, from: start, to: end, record: &record, starts: &starts, ends: &ends, line: &lineNumber)
            }
            position = outcome.position
            if let problem = outcome.problem { throw IngestError(file: file, line: lineNumber, message: problem) }
            if outcome.recordEnded { return true }
        }
        // End of file.
        guard sawAnything || !record.isEmpty else { return false }
        if scan.state == .quoted {
            throw IngestError(
                file: file, line: scan.quoteLine,
                message: "a quoted field is never closed (the file may be truncated)")
        }
        if ends.isEmpty && record.isEmpty && scan.state == .fieldStart { return false }
        if let problem = scan.endLastField(record: record, ends: &ends) {
            throw IngestError(file: file, line: lineNumber, message: problem)
        }
        return true
    }
}

/// The RFC 4180 state machine over one chunk; a value type so its loop touches only locals.
///
/// Bytes are not copied field by field: a run of the chunk is copied into the record in one go when a quote, the
/// end of the record or the end of the chunk ends it, commas included, and each field is a range of the record
/// (`starts`, `ends`). Only quotes are left out: the quotes around a field, and the first of each doubled one.
struct Scan {
    enum State {
        case fieldStart, unquoted, quoted, afterQuote
    }

    let maxFieldBytes: Int
    let maxFields: Int
    var state = State.fieldStart
    /// Where the current field starts in the record.
    var fieldStart = 0
    var quoteLine = 0
    var pendingCR = false
    /// Where the field that a carriage return ended ends in the record (the line feed that must follow ends the
    /// record).
    var endAtCR = 0

    init(maxFieldBytes: Int, maxFields: Int) {
        self.maxFieldBytes = maxFieldBytes
        self.maxFields = maxFields
    }

    struct Outcome {
        var position: Int
        var recordEnded: Bool
        var problem: String?
    }

    /// Consumes bytes from `start` until a record ends, the chunk ends, or a problem is found; the bytes consumed
    /// are in `record` when it returns.
    mutating func run(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, record: inout [UInt8], starts: inout [Int],
        ends: inout [Int], line: inout Int
    ) -> Outcome {
        var index = start
        // Bytes from `copyFrom` to `index` belong in the record but are not copied yet: chunk position `j` is at
        // `record.count + (j - copyFrom)` in the record.
        var copyFrom = start
        func copy(upTo stop: Int, record: inout [UInt8]) {
            if stop > copyFrom { record.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyFrom..<stop])) }
        }
        /// Set when the scan stops before the end of the chunk: the record ended, or a problem.
        var stopped: Outcome?
        scanning: while index < end {
            let byte = bytes[index]
            if pendingCR && byte != 0x0A {
                stopped = Outcome(
                    position: index, recordEnded: false, problem: "a carriage return not followed by a line feed")
                break scanning
            }
            switch state {
            case .quoted:
                // Skip the run up to the next quote or line feed in one go.
                let stop = Self.firstOf(quoteOrLineFeed: true, in: bytes, from: index, to: end)
                if stop > index {
                    index = stop
                    if record.count + (index - copyFrom) - fieldStart > maxFieldBytes {
                        stopped = tooLong(index)
                        break scanning
                    }
                    continue
                }
                if byte == 0x22 {
                    // A closing quote, or the first of a doubled one: left out.
                    copy(upTo: index, record: &record)
                    copyFrom = index + 1
                    state = .afterQuote
                } else {
                    line += 1  // a line feed inside quotes: part of the field
                }
                index += 1
            case .fieldStart, .unquoted:
                if byte == 0x22 {
                    guard state == .fieldStart else {
                        stopped = Outcome(
                            position: index, recordEnded: false,
                            problem: "a quote inside an unquoted field (field \(ends.count + 1)); quote the whole field"
                        )
                        break scanning
                    }
                    // The opening quote: left out.
                    copy(upTo: index, record: &record)
                    copyFrom = index + 1
                    state = .quoted
                    quoteLine = line
                    index += 1
                    continue
                }
                let stop = Self.firstOf(quoteOrLineFeed: false, in: bytes, from: index, to: end)
                if stop > index {
                    index = stop
                    state = .unquoted
                    if record.count + (index - copyFrom) - fieldStart > maxFieldBytes {
                        stopped = tooLong(index)
                        break scanning
                    }
                    continue
                }
                let at = record.count + (index - copyFrom)
                index += 1
                stopped = outcome(of: delimiter(byte, at: at, starts: &starts, ends: &ends, line: &line), at: index)
                if stopped != nil { break scanning }
            case .afterQuote:
                index += 1
                if byte == 0x22 {
                    // The second of a doubled quote: kept, as the start of the next run of the field.
                    copyFrom = index - 1
                    state = .quoted
                    continue
                }
                let at = record.count + (index - 1 - copyFrom)
                let delimited = delimiter(byte, at: at, starts: &starts, ends: &ends, line: &line)
                if case .notDelimiter = delimited {
                    stopped = Outcome(
                        position: index, recordEnded: false,
                        problem: "text after a closing quote (field \(ends.count + 1))")
                } else {
                    stopped = outcome(of: delimited, at: index)
                }
                if stopped != nil { break scanning }
            }
        }
        let result = stopped ?? Outcome(position: index, recordEnded: false)
        copy(upTo: result.position, record: &record)
        return result
    }

    /// Where a delimiter at chunk position `index` stops the scan (the record ended, or a problem), or nil.
    private func outcome(of delimited: Delimited, at index: Int) -> Outcome? {
        switch delimited {
        case .recordEnded: Outcome(position: index, recordEnded: true)
        case .problem(let problem): Outcome(position: index, recordEnded: false, problem: problem)
        case .handled, .notDelimiter: nil
        }
    }

    /// Where the first byte that ends a run is, from `start` (`end` when none): a quote or line feed inside quotes,
    /// else also a comma or carriage return. Eight bytes at a time: a byte equal to one of them is a zero byte of
    /// the word XOR that byte repeated, and the lowest zero byte the has-zero-byte test flags is always a true one.
    static func firstOf(
        quoteOrLineFeed quotedOnly: Bool, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int
    ) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeros(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }
        var index = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= end {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                var found = zeros(word ^ (0x22 &* ones)) | zeros(word ^ (0x0A &* ones))
                if !quotedOnly { found |= zeros(word ^ (0x2C &* ones)) | zeros(word ^ (0x0D &* ones)) }
                if found != 0 { return index + found.trailingZeroBitCount / 8 }
                index += 8
            }
        }
        while index < end {
            let byte = bytes[index]
            if byte == 0x22 || byte == 0x0A || (!quotedOnly && (byte == 0x2C || byte == 0x0D)) { return index }
            index += 1
        }
        return end
    }

    private func tooLong(_ index: Int) -> Outcome {
        Outcome(position: index, recordEnded: false, problem: "a field longer than \(maxFieldBytes) bytes")
    }

    enum Delimited {
        case handled, recordEnded, notDelimiter
        case problem(String)
    }

    /// Handles a comma, line feed or carriage return outside quotes, found at `at` in the record.
    mutating func delimiter(
        _ byte: UInt8, at: Int, starts: inout [Int], ends: inout [Int], line: inout Int
    ) -> Delimited {
        switch byte {
        case 0x2C:
            if let problem = endField(at: at, ends: &ends) { return .problem(problem) }
            // The next field starts after the comma (which stays in the record, outside every field).
            fieldStart = at + 1
            starts.append(fieldStart)
            state = .fieldStart
            return .handled
        case 0x0A:
            let end = pendingCR ? endAtCR : at
            pendingCR = false
            if let problem = endField(at: end, ends: &ends) { return .problem(problem) }
            line += 1
            return .recordEnded
        case 0x0D:
            pendingCR = true
            endAtCR = at
            return .handled
        default:
            return .notDelimiter
        }
    }

    /// Closes the current field at `at` in the record; a problem when the record has too many.
    mutating func endField(at: Int, ends: inout [Int]) -> String? {
        ends.append(at)
        return ends.count > maxFields ? "more than \(maxFields) fields in one record" : nil
    }

    /// Closes the last field at the end of the file: where a final carriage return is, else at the record's end.
    mutating func endLastField(record: [UInt8], ends: inout [Int]) -> String? {
        let end = pendingCR ? endAtCR : record.count
        pendingCR = false
        return endField(at: end, ends: &ends)
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let last = utf8.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        if first == utf8.startIndex && last == utf8.index(before: utf8.endIndex) { return self }
        return String(self[first...last])
    }
}
