public import Foundation

// MARK: - JSON files people write: errors that say where

/// Why a JSON document a person wrote (a crosswalk, engagement records) could not be read, and where: the line
/// and column of a syntax error, or the path of the field at fault (`rules[3].pillar`).
public struct JSONInputProblem: Error, Sendable, Equatable {
    /// The 1-based line of a syntax error.
    public var line: Int?
    /// The 1-based column of a syntax error, in characters (Unicode scalars, as an editor counts them), not bytes.
    public var column: Int?
    /// The field at fault, as a path (`[0].pillars[1]`); nil for the document as a whole.
    public var field: String?
    /// What is wrong, in plain words.
    public var message: String

    /// Creates a problem.
    public init(line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// Decodes `T` from `data`, turning a decoding error into a problem that says where.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(JSONInputProblem) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            throw JSONInputProblem(error, in: data)
        } catch {
            throw JSONInputProblem(message: "\(error)")
        }
    }

    /// The problem behind `error`, met while decoding `data`.
    public init(_ error: DecodingError, in data: Data) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(field: Self.path(context.codingPath), message: "missing \"\(key.stringValue)\"")
        case .valueNotFound(_, let context):
            self.init(field: Self.path(context.codingPath), message: "a value is required, not null")
        case .typeMismatch(let type, let context):
            self.init(field: Self.path(context.codingPath), message: "expected \(Self.kind(of: type))")
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            self.init(field: Self.path(context.codingPath), message: context.debugDescription)
        case .dataCorrupted:
            self = Self.syntax(data)
        @unknown default:
            self.init(message: "\(error)")
        }
    }

    /// A coding path as a person reads it: `rules[3].pillar`.
    public static func path(_ codingPath: [any CodingKey]) -> String? {
        guard !codingPath.isEmpty else { return nil }
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += (out.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return out
    }

    /// What a JSON value of `type` looks like, for "expected …".
    private static func kind(of type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type, is Decimal.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }

    /// A syntax error located. JSONDecoder says only that the data is not valid JSON; JSONSerialization, given the
    /// same bytes, names the byte where it stopped ("around character 15"), which becomes a line and column here.
    private static func syntax(_ data: Data) -> JSONInputProblem {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let reason = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "not valid JSON"
            if reason.hasPrefix("Unexpected end of file") {
                let (line, column) = place(ofByte: data.count, in: data)
                return JSONInputProblem(line: line, column: column, message: "the file ends inside a value")
            }
            if reason.hasPrefix("Invalid UTF-8") {
                // The reason gives where the string holding the bytes starts; the place is the first bad byte.
                let (line, column) = place(ofByte: firstInvalidUTF8(in: data, from: byteOffset(in: reason)), in: data)
                return JSONInputProblem(line: line, column: column, message: "bytes that are not UTF-8")
            }
            if let offset = byteOffset(in: reason), let cut = reason.range(of: " around character ") {
                // "Invalid value around character 15." becomes "not valid JSON: invalid value" at its line and column.
                let (line, column) = place(ofByte: offset, in: data)
                let what = reason[..<cut.lowerBound]
                return JSONInputProblem(
                    line: line, column: column,
                    message: "not valid JSON: " + what.prefix(1).lowercased() + what.dropFirst())
            }
            return JSONInputProblem(message: "not valid JSON: \(reason)")
        }
        return JSONInputProblem(message: "not valid JSON")
    }

    /// The number after "character " in JSONSerialization's reason: the 0-based byte offset where it stopped.
    private static func byteOffset(in reason: String) -> Int? {
        guard let range = reason.range(of: "character ") else { return nil }
        return Int(reason[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
    }

    /// The offset of the first byte, at or after `start`, that does not begin a valid UTF-8 sequence.
    private static func firstInvalidUTF8(in data: Data, from start: Int?) -> Int {
        let start = min(max(start ?? 0, 0), data.count)
        var bytes = data.dropFirst(start).makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = start
        while case .valid(let scalar) = parser.parseScalar(from: &bytes) { offset += scalar.count }
        return offset
    }

    /// The 1-based line and column of the byte at `offset`; the column counts the characters before it on its line
    /// (each byte that does not continue a UTF-8 sequence starts one), so "Economía" is eight columns, not nine.
    private static func place(ofByte offset: Int, in data: Data) -> (Int, Int) {
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}

/// Decodes a string-valued enum, or throws an error that names the value given and lists the values taken
/// (`"justise" is not one of interdiction, intelligence, …`) where synthesised decoding says "Cannot initialize".
public func decodeListedValue<T: RawRepresentable & CaseIterable>(from decoder: any Decoder) throws -> T
where T.RawValue == String {
    let container = try decoder.singleValueContainer()
    let given = try container.decode(String.self)
    guard let value = T(rawValue: given) else {
        throw DecodingError.dataCorruptedError(
            in: container, debugDescription: listedValueMessage(given, T.allCases.map(\.rawValue)))
    }
    return value
}

/// `"given" is not one of a, b, c`.
public func listedValueMessage(_ given: String, _ values: [String]) -> String {
    "\"\(given)\" is not one of \(values.joined(separator: ", "))"
}
