import AtalayaDomain
import AtalayaStore
import Foundation

// MARK: - Query strings, decoded once and validated with errors that name the parameter

/// A request's query parameters (`+` and percent-escapes decoded), read through typed accessors that throw a
/// `Problem` naming the parameter.
struct QueryItems: Sendable {
    /// The decoded pairs in order.
    private(set) var pairs: [(name: String, value: String)]

    /// Decodes a raw query string; a malformed escape is a 400 naming the parameter.
    init(_ raw: String?) throws {
        pairs = []
        guard let raw, !raw.isEmpty else { return }
        for item in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) throws -> String in
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                guard let decoded = spaced.removingPercentEncoding else {
                    throw Problem.badParameter(
                        String(parts[0]),
                        "the query string has a malformed %-escape, or escapes bytes that are not UTF-8 "
                            + "(é is %C3%A9, not %E9)")
                }
                return decoded
            }
            let name = try decode(parts[0])
            pairs.append((name, parts.count > 1 ? try decode(parts[1]) : ""))
        }
    }

    /// Pairs built in code, for links.
    init(pairs: [(name: String, value: String)]) { self.pairs = pairs }

    /// Throws a 400 naming the first parameter that is not in `accepted`, with the ones `path` takes: a misspelt
    /// filter (`contry=MX`, `search=` for `q=`) would otherwise be ignored and answer for everything.
    func requireOnly(_ accepted: Set<String>, path: String) throws {
        guard let unknown = pairs.first(where: { !accepted.contains($0.name) })?.name else { return }
        let takes =
            accepted.isEmpty ? "takes no query parameters" : "takes " + accepted.sorted().joined(separator: ", ")
        let shown = unknown.count > 64 ? unknown.prefix(64) + "…" : Substring(unknown)
        throw Problem.badParameter(String(shown), "unknown parameter \"\(shown)\"; \(path) \(takes)")
    }

    /// The last non-empty value of `name`.
    func string(_ name: String) -> String? {
        pairs.last { $0.name == name && !$0.value.isEmpty }?.value
    }

    /// Every non-empty value of `name`, comma-separated values split.
    func list(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.flatMap { $0.value.split(separator: ",").map(String.init) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// An integer within `range`, or nil when absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.badParameter(
                name, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound); got \"\(text)\"")
        }
        return value
    }

    /// `from` and `to`, the first and last year asked for (1946–2100, the years a ledger holds), each `2020` or
    /// `FY2020` as on the command line (`WrittenYear`) and nil when absent; `from` after `to`, or a fiscal year where
    /// `calendarYears` are asked for, is a 400.
    func yearRange(calendarYears: Bool = false) throws -> (from: Int?, to: Int?) {
        var years: [Int?] = []
        for name in ["from", "to"] {
            guard let text = string(name) else {
                years.append(nil)
                continue
            }
            do throws(WrittenYear.Refusal) {
                let written = try WrittenYear.parse(text)
                if let refusal = written.refusal(calendarYears: calendarYears, name: name, option: "calendarYear=true")
                {
                    throw refusal
                }
                years.append(written.year)
            } catch {
                throw Problem.badParameter(name, "\(name): \(error.message)")
            }
        }
        let (from, to) = (years[0], years[1])
        if let from, let to, from > to { throw Problem.badParameter("from", "from (\(from)) is after to (\(to))") }
        return (from, to)
    }

    /// One of a `RawRepresentable` enum's values, or nil when absent.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T?
    where T.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problem.badParameter(name, "\(name) must be one of \(allowed); got \"\(text)\"")
        }
        return value
    }

    /// A boolean flag (`true`/`false`/`1`/`0`), or nil when absent.
    func flag(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: throw Problem.badParameter(name, "\(name) must be true or false; got \"\(text)\"")
        }
    }

    /// A `YYYY-MM-DD` date that exists (`DayCount.isDate`), in the years 1800–2200, or nil when absent.
    func date(_ name: String) throws -> String? {
        guard let text = string(name) else { return nil }
        guard DayCount.isDate(text), let year = Int(text.prefix(4)), (1800...2200).contains(year) else {
            throw Problem.badParameter(name, "\(name) must be a date as YYYY-MM-DD; got \"\(text)\"")
        }
        return text
    }

    /// The pairs with `name` set to `value` (removed when nil), for a link that changes one parameter.
    func setting(_ name: String, _ value: String?) -> QueryItems {
        var copy = pairs.filter { $0.name != name }
        if let value { copy.append((name, value)) }
        return QueryItems(pairs: copy)
    }

    /// The encoded query string, `?` included; empty when there are no pairs.
    var encoded: String {
        guard !pairs.isEmpty else { return "" }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~:"))
        let escape = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return "?" + pairs.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// The language asked for (`lang=es`), English by default.
    func language() throws -> ReportLanguage {
        try explicitLanguage() ?? .en
    }

    /// Whether a page in `language` asked with this query keeps its language in its links (`lang`): when the
    /// request named it, and always for Spanish, so that a reader who chose a language keeps it whatever their
    /// browser prefers.
    func carriesLanguage(_ language: ReportLanguage) -> Bool { string("lang") != nil || language == .es }

    /// The language asked for (`lang=en`, `lang=es`), or nil when the request names none.
    func explicitLanguage() throws -> ReportLanguage? {
        try choice("lang", ReportLanguage.self)
    }

    /// The paging window: `limit` (1…500, default 50) and `offset` (default 0).
    func paging(defaultLimit: Int = 50) throws -> (limit: Int, offset: Int) {
        (try integer("limit", in: 1...500) ?? defaultLimit, try integer("offset", in: 0...10_000_000) ?? 0)
    }

    /// A recipient code as the ledger keys it (`MX`, `region:489`, `fa:LCN`); case-folded for ISO codes.
    func recipient(_ name: String) throws -> String? {
        guard let text = string(name) else { return nil }
        return try Self.filterRecipient(text, parameter: name)
    }

    /// Every recipient code given for `name`.
    func recipients(_ name: String) throws -> [String] {
        try list(name).map { try Self.filterRecipient($0, parameter: name) }
    }

    /// A recipient to filter by: as `recipientCode`, and a two-letter code must be ISO 3166-1 (the ledger keeps any
    /// other as `code:…`), so that a mistyped filter is a 400 rather than an empty answer.
    static func filterRecipient(_ text: String, parameter: String) throws -> String {
        let code = try recipientCode(text, parameter: parameter)
        guard code.contains(":") || code == "none" || Countries.iso2.contains(code) else {
            throw Problem.badParameter(
                parameter,
                "\(parameter): \"\(text)\" is not an ISO 3166-1 alpha-2 code"
                    + Countries.suggestion(for: text, otherwise: " (a recipient code that is not ISO is code:\(text))"))
        }
        return code
    }

    /// Validates a recipient code's shape: ISO alpha-2 or a `prefix:code` key, printable and short.
    static func recipientCode(_ text: String, parameter: String) throws -> String {
        if text.count == 2, text.allSatisfy({ $0.isASCII && $0.isLetter }) { return text.uppercased() }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ":-_."))
        guard text.count <= 64, text.contains(":") || text == "none",
            text.unicodeScalars.allSatisfy(allowed.contains)
        else {
            throw Problem.badParameter(
                parameter,
                "\(parameter) must be an ISO 3166 alpha-2 code (MX) or a recipient key such as region:489; got \"\(text)\""
                    + Countries.suggestion(for: text))
        }
        return text
    }
}
