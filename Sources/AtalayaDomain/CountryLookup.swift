import Foundation

extension Countries {
    /// The ISO code a person may mean by a country's name in English or Spanish (`Mexico`, `méxico`, `Brasil`,
    /// `Bolivia` for `Bolivia (Plurinational State of)`), case and accents ignored; nil when no name matches, or
    /// several do. For suggestions in error messages only: the ledger is keyed by code, never by a guessed name.
    public static func code(named name: String) -> String? {
        let wanted = USGovernmentCodes.fold(name)
        guard !wanted.isEmpty else { return nil }
        if let code = USGovernmentCodes.countryNames[wanted] { return code }
        let matches = Set(
            names.compactMap { code, names in
                [names.en, names.es].contains { full in
                    let folded = USGovernmentCodes.fold(full)
                    return folded == wanted || folded.components(separatedBy: " (").first == wanted
                } ? code : nil
            })
        return matches.count == 1 ? matches.first : nil
    }

    /// `; did you mean MX (Mexico)?` when `text` names a country, or is its ISO 3166-1 alpha-3 code (`MEX`, as
    /// ForeignAssistance.gov and indicator files write them), else `otherwise`: the end of an error message about a
    /// recipient code.
    public static func suggestion(for text: String, otherwise: String = "") -> String {
        if text.count == 3, let alpha2 = USGovernmentCodes.alpha3[text.uppercased()], iso2.contains(alpha2) {
            return "; did you mean \(labelled(alpha2))? (\(text.uppercased()) is its alpha-3 code)"
        }
        return code(named: text).map { "; did you mean \(labelled($0))?" } ?? otherwise
    }
}
