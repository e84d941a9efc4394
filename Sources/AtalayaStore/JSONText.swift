public import AtalayaDomain
import Foundation

// MARK: - Small JSON texts without JSONEncoder on the hot path

/// Writes the few JSON shapes the ledger stores, the same on every engine.
public enum JSONText {
    /// `[{"lang":"en","text":"…"}]`.
    public static func narratives(_ items: [Narrative]) -> String {
        var out: [UInt8] = []
        appendNarratives(items, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 of `narratives(items)` to `out` (the import's writer binds it without making a String).
    public static func appendNarratives(_ items: [Narrative], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: #"{"lang":"#.utf8)
            if let language = item.language {
                appendQuoted(language, to: &out)
            } else {
                out.append(contentsOf: "null".utf8)
            }
            out.append(contentsOf: #","text":"#.utf8)
            appendQuoted(item.text, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `{"key":"value"}` with keys sorted.
    public static func object(_ dictionary: [String: String]) -> String {
        var out: [UInt8] = []
        appendObject(dictionary, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 of `object(dictionary)` to `out` (the import's writer binds it without making a String).
    public static func appendObject(_ dictionary: [String: String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, key) in dictionary.keys.sorted().enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendQuoted(key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendQuoted(dictionary[key]!, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, everything else as is.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 of `quoted(text)` to `out`.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        // The common case, nothing to escape: the bytes as they are, without a look at each one.
        let needsEscape = { (byte: UInt8) in byte < 0x20 || byte == 0x22 || byte == 0x5C }
        // A native string's bytes are scanned in place, a tight loop; `utf8.contains` stepped through String indices.
        guard
            text.utf8.withContiguousStorageIfAvailable({ $0.contains(where: needsEscape) })
                ?? text.utf8.contains(where: needsEscape)
        else {
            out.append(contentsOf: text.utf8)
            out.append(0x22)
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case _ where byte < 0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)  // bytes of other characters, multi-byte UTF-8 included, unchanged
            }
        }
        out.append(0x22)
    }

    private struct StoredNarrative: Decodable {
        var lang: String?
        var text: String
    }

    /// Reads what `narratives` wrote; empty for anything else. Text exactly as `narratives` writes it is read by a
    /// small scanner (JSONDecoder took a tenth of reclassifying a ledger); any other spelling of the same JSON (a
    /// database that re-serialises it with spaces, say) goes through JSONDecoder.
    public static func readNarratives(_ json: String) -> [Narrative] {
        if let items = NarrativeScanner.scan(json) { return items }
        guard let items = try? JSONDecoder().decode([StoredNarrative].self, from: Data(json.utf8)) else { return [] }
        return items.map { Narrative(language: $0.lang, text: $0.text) }
    }

    /// The name to show from a stored narrative list: the English one, else one with no language, else the first.
    public static func preferredName(_ json: String) -> String? {
        let names = readNarratives(json).filter { !$0.text.isEmpty }
        return (names.first { $0.language == "en" } ?? names.first { $0.language == nil } ?? names.first)?.text
    }

    /// Reads what `object` wrote; empty for anything else.
    public static func readObject(_ json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }
}

/// Reads `[{"lang":…,"text":…},…]` in exactly the spelling `JSONText.narratives` writes; nil at the first byte that
/// differs, for the caller to fall back on a full JSON parser.
enum NarrativeScanner {
    static func scan(_ json: String) -> [Narrative]? {
        var json = json
        return json.withUTF8 { bytes in
            var scanner = Cursor(bytes: bytes)
            return scanner.narratives()
        }
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var at = 0

        mutating func narratives() -> [Narrative]? {
            guard take("[") else { return nil }
            var items: [Narrative] = []
            if take("]") { return at == bytes.count ? items : nil }
            while true {
                guard take("{\"lang\":") else { return nil }
                let language: String?
                if take("null") {
                    language = nil
                } else {
                    guard let text = string() else { return nil }
                    language = text
                }
                guard take(",\"text\":"), let text = string(), take("}") else { return nil }
                items.append(Narrative(language: language, text: text))
                if take(",") { continue }
                guard take("]"), at == bytes.count else { return nil }
                return items
            }
        }

        /// Consumes `literal` if the bytes at the cursor spell it.
        mutating func take(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard at + count <= bytes.count else { return false }
            for offset in 0..<count where bytes[at + offset] != literal.utf8Start[offset] { return false }
            at += count
            return true
        }

        /// A string literal with the escapes `JSONText.quoted` writes (and `\/`, `\b`, `\f`); nil for a surrogate
        /// escape or anything malformed.
        mutating func string() -> String? {
            guard at < bytes.count, bytes[at] == 0x22 else { return nil }
            at += 1
            var out: [UInt8] = []
            while at < bytes.count {
                let byte = bytes[at]
                at += 1
                switch byte {
                case 0x22:
                    return String(decoding: out, as: UTF8.self)
                case 0x5C:
                    guard at < bytes.count else { return nil }
                    let escaped = bytes[at]
                    at += 1
                    switch escaped {
                    case 0x22, 0x5C, 0x2F: out.append(escaped)
                    case 0x6E: out.append(0x0A)
                    case 0x72: out.append(0x0D)
                    case 0x74: out.append(0x09)
                    case 0x62: out.append(0x08)
                    case 0x66: out.append(0x0C)
                    case 0x75:
                        guard at + 4 <= bytes.count,
                            let value = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16),
                            let scalar = Unicode.Scalar(value)
                        else { return nil }
                        at += 4
                        out += Array(String(Character(scalar)).utf8)
                    default: return nil
                    }
                case ..<0x20:
                    return nil
                default:
                    out.append(byte)
                }
            }
            return nil
        }
    }
}
