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

    /// A JSON string literal.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
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
