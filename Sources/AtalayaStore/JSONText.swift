public import AtalayaDomain
import Foundation

// MARK: - Small JSON texts without JSONEncoder on the hot path

/// Writes the few JSON shapes the ledger stores, the same on every engine.
public enum JSONText {
    /// `[{"lang":"en","text":"…"}]`.
    public static func narratives(_ items: [Narrative]) -> String {
        var out = "["
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            out += "{\"lang\":" + (item.language.map(quoted) ?? "null") + ",\"text\":" + quoted(item.text) + "}"
        }
        return out + "]"
    }

    /// `{"key":"value"}` with keys sorted.
    public static func object(_ dictionary: [String: String]) -> String {
        "{" + dictionary.keys.sorted().map { quoted($0) + ":" + quoted(dictionary[$0]!) }.joined(separator: ",") + "}"
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, everything else as is.
    public static func quoted(_ text: String) -> String {
        let needsEscape = { (byte: UInt8) in byte < 0x20 || byte == 0x22 || byte == 0x5C }
        // The common case, nothing to escape: the text between quotes, without walking it scalar by scalar.
        guard text.utf8.contains(where: needsEscape) else { return "\"" + text + "\"" }
        var out: [UInt8] = [0x22]
        out.reserveCapacity(text.utf8.count + 16)
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
        return String(decoding: out, as: UTF8.self)
    }

    private struct StoredNarrative: Decodable {
        var lang: String?
        var text: String
    }

    /// Reads what `narratives` wrote; empty for anything else.
    public static func readNarratives(_ json: String) -> [Narrative] {
        guard let items = try? JSONDecoder().decode([StoredNarrative].self, from: Data(json.utf8)) else { return [] }
        return items.map { Narrative(language: $0.lang, text: $0.text) }
    }

    /// Reads what `object` wrote; empty for anything else.
    public static func readObject(_ json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }
}
