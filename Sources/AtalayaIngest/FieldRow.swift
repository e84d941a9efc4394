import AtalayaDomain

// MARK: - A record of text fields, read in place, whatever file it came from

/// One record of fields read in place: a CSV file's current record or a workbook sheet's current row. Readers that
/// take either (the official files' columns) are written once against it.
protocol FieldRow: AnyObject {
    /// The 1-based line (a sheet's row number) on which the record starts.
    var line: Int { get }
    /// The number of fields in the record.
    var fieldCount: Int { get }
    /// Calls `body` with the raw UTF-8 bytes of field `index` (no copy).
    func withBytes<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R
    /// Field `index` as text; an error naming `field` when it cannot be.
    func string(_ index: Int, field: String) throws -> String
    /// Field `index` as text with surrounding spaces removed, or nil when it is empty.
    func optionalString(_ index: Int, field: String) throws -> String?
}

extension FieldRow {
    /// True when field `index` contains `pattern` (a byte search; no decoding).
    func field(_ index: Int, contains pattern: BytePattern) -> Bool {
        withBytes(index) { pattern.occurs(in: $0) }
    }

    /// True when field `index` is empty.
    func isEmpty(_ index: Int) -> Bool {
        withBytes(index) { $0.isEmpty }
    }

    /// Field `index` as whole units scaled to cents when it is a plain integer (`-12345`), without making a string;
    /// nil otherwise (empty, decimals, spaces, too long), so the caller can fall back to a full reading.
    func plainIntegerCents(_ index: Int) -> Int64? {
        withBytes(index) { FieldBytes.plainIntegerCents($0) }
    }
}

/// Readings of a field's bytes that every kind of record shares.
enum FieldBytes {
    /// `bytes` without the spaces and tabs around them.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
        while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// True for `-12345` and `7`: an optional minus and digits only.
    static func isPlainInteger(_ bytes: [UInt8]) -> Bool {
        let digits = bytes.first == 0x2D ? bytes.dropFirst() : bytes[...]
        return !digits.isEmpty && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// A plain integer (`-12345`, up to 16 digits) scaled to cents; nil for anything else.
    static func plainIntegerCents(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var position = 0
        let negative = bytes[0] == 0x2D
        if negative { position = 1 }
        // Up to 16 digits: ×100 stays far inside Int64.
        guard position < bytes.count, bytes.count - position <= 16 else { return nil }
        var value: Int64 = 0
        while position < bytes.count {
            let digit = bytes[position] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            position += 1
        }
        return (negative ? -value : value) * 100
    }
}

/// Records read one after another: a CSV file's, or a workbook sheet's rows (`SheetRows`).
protocol RowSource: FieldRow {
    /// Moves to the next record; false at the end. Blank records are skipped.
    func next() throws -> Bool
    /// Throws, naming the record's line, unless the record fits a header of `count` fields.
    func requireFields(_ count: Int) throws
}

extension CSVReader: RowSource {}
