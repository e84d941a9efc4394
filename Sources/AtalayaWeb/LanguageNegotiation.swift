import AtalayaDomain
import Foundation

// MARK: - Which language a page is in when the request does not say

/// The page language a browser prefers, read from its `Accept-Language` header (RFC 9110 §12.5.4): the language
/// of English and Spanish with the higher weight, the first named on a tie; nil when it names neither (the server's
/// default then holds). A region tag counts for its language (`es-SV` is Spanish), and `*` names neither.
enum LanguageNegotiation {
    /// A page's language: as its query asks (`lang`), else as the browser prefers, else `fallback` (the server's
    /// `--lang`). A `lang` that is not a language is the query's error to report.
    static func page(_ query: QueryItems, acceptLanguage: String?, fallback: ReportLanguage) throws -> ReportLanguage {
        try query.explicitLanguage() ?? preferred(acceptLanguage) ?? fallback
    }

    /// The preferred language of the two, or nil.
    static func preferred(_ header: String?) -> ReportLanguage? {
        guard let header, header.utf8.count <= 1024 else { return nil }
        var best: (language: ReportLanguage, weight: Double)?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first?.lowercased() else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard let language = ReportLanguage(rawValue: primary) else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            guard weight > 0, weight <= 1 else { continue }
            if best == nil || weight > best!.weight { best = (language, weight) }
        }
        return best?.language
    }
}
