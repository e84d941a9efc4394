import Logging
import NIOCore
import PostgresNIO

// MARK: - Rows for COPY … FROM STDIN in PostgreSQL's text format

/// A buffer of rows in COPY's text format: tab-separated, `\N` for NULL, backslash escapes for the separators.
struct CopyRows {
    /// The rows so far.
    private(set) var buffer = ByteBuffer()
    /// How many rows.
    private(set) var count = 0

    /// A field value: text, a whole number or NULL.
    enum Field {
        case text(String?)
        case integer(Int64?)
        case real(Double?)
    }

    /// Appends one row.
    mutating func append(_ fields: Field...) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch field {
            case .text(nil), .integer(nil), .real(nil):
                buffer.writeStaticString("\\N")
            case .integer(let value?):
                buffer.writeString(String(value))
            case .real(let value?):
                // Swift's shortest round-trip form; PostgreSQL reads it back to the same double.
                buffer.writeString(String(value))
            case .text(let value?):
                // Most texts need no escape: copied whole.
                guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                    buffer.writeString(value)
                    continue
                }
                for byte in value.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                    case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                    case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                    case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                    default: buffer.writeInteger(byte)
                    }
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
        count += 1
    }
}

extension CopyRows.Field {
    /// A text field.
    static func t(_ value: String?) -> Self { .text(value) }
    /// An integer field.
    static func i(_ value: Int64?) -> Self { .integer(value) }
    /// A floating-point field (indicator values only: money is never a double).
    static func r(_ value: Double?) -> Self { .real(value) }
    /// An integer field from `Int`.
    static func i(_ value: Int?) -> Self { .integer(value.map(Int64.init)) }
}

extension PostgresConnection {
    /// Copies the rows into `table`'s `columns` by COPY … FROM STDIN; nothing when there are none.
    func copy(_ rows: CopyRows, into table: String, columns: [String], logger: Logger) async throws {
        guard rows.count > 0 else { return }
        let data = rows.buffer
        try await copyFrom(table: table, columns: columns, logger: logger) { try await $0.write(data) }
    }
}
