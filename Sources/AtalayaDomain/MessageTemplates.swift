import Foundation

// MARK: - Messages written in English, given in Spanish from the template they were written with

/// Pairs of an English message's template (a regular expression that must match the whole message, its values
/// captured) and the Spanish that says the same with those values (`$1`, `$2`, …).
public struct MessageTemplates: Sendable {
    private let templates: [(pattern: NSRegularExpression, spanish: String)]

    /// Compiles the pairs. The patterns are literals in the source; a test translates a message of each, so one that
    /// did not compile (and is left out) fails it.
    public init(_ pairs: [(english: String, spanish: String)]) {
        templates = pairs.compactMap { english, spanish in
            (try? NSRegularExpression(pattern: "^" + english + "$", options: [.dotMatchesLineSeparators]))
                .map { ($0, spanish) }
        }
    }

    /// `message` in Spanish from the first template that matches it whole, its captured values kept as written; nil
    /// when none does.
    public func spanish(_ message: String) -> String? {
        let whole = NSRange(message.startIndex..., in: message)
        for template in templates {
            guard let match = template.pattern.firstMatch(in: message, range: whole), match.range == whole else {
                continue
            }
            return template.pattern.replacementString(for: match, in: message, offset: 0, template: template.spanish)
        }
        return nil
    }
}
