// MARK: - The names of an IATI codelist's codes, in the languages Atalaya speaks

/// The names of one codelist's codes in English and Spanish; a code the Spanish list lacks is named in English, and
/// one neither list has is not named (the caller shows it bare).
public struct CodeNames: Sendable {
    /// The English names, by code.
    public let english: [String: String]
    /// The Spanish names, by code.
    public let spanish: [String: String]

    /// Names from the two lists (either may be empty).
    public init(english: [String: String] = [:], spanish: [String: String] = [:]) {
        self.english = english
        self.spanish = spanish
    }

    /// The name of `code` in `language`, else in English; nil when neither list has it.
    public func name(_ code: String, in language: ReportLanguage) -> String? {
        (language == .es ? spanish[code] : nil) ?? english[code]
    }

    /// Every code's name in `language` as `name(_:in:)` gives it, by code: for a table that looks names up itself.
    public func names(in language: ReportLanguage) -> [String: String] {
        language == .es ? english.merging(spanish) { _, spanish in spanish } : english
    }
}
