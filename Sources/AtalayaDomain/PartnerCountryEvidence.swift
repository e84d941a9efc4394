import Foundation

// MARK: - What in an organisation's name places it in a partner country

/// Why an implementer counts as a partner-country body.
public enum LocalEvidence: String, Sendable, Codable, CaseIterable {
    /// Typed by its publisher as a partner-country NGO (24) or a company of the recipient country (72).
    case partnerCountryType = "type"
    /// Its identifier is in the recipient's register (starts with the country's code).
    case identifier
    /// Its name names the country or its people.
    case name
    /// Its name ends in a legal form registered in the country.
    case legalForm = "legal_form"

    /// The evidence in a word or two.
    public func label(in language: ReportLanguage) -> String {
        switch self {
        case .partnerCountryType: language.pick("type 24 or 72", "tipo 24 o 72")
        case .identifier: language.pick("identifier", "identificador")
        case .name: language.pick("name", "nombre")
        case .legalForm: language.pick("legal form", "forma jurídica")
        }
    }
}

/// The words in an organisation's name that place it in a country: the country's names, the word its people are
/// called by (Spanish, Portuguese, French or English), and the legal forms registered there. Publishers' organisation
/// types do not say this: USAID types Mexican civil associations as regional NGOs (23) or plain private sector (70),
/// and U.S. NGOs as national ones (22), and gives them no identifier.
public enum PartnerCountryEvidence {
    /// The start of a word its people are called by (folded): `mexican` for Mexicano, Mexicana, Mexican.
    static let demonyms: [String: [String]] = [
        "AG": ["antiguan"], "AR": ["argentin"], "BB": ["barbadian", "barbadens"], "BO": ["bolivian"],
        "BR": ["brasileir", "brazilian"], "BS": ["bahamian"], "BZ": ["belizean", "belicen"],
        "CL": ["chilen", "chilean"], "CO": ["colombian"], "CR": ["costarricens", "costa rican"], "CU": ["cuban"],
        "DO": ["dominicana", "dominicano"], "EC": ["ecuatorian", "ecuadorian"], "GD": ["grenadian"],
        "GT": ["guatemaltec", "guatemalan"], "GY": ["guyanese"], "HN": ["honduren", "honduran"],
        "HT": ["haitian", "haitien"], "JM": ["jamaican"], "MX": ["mexican"], "NI": ["nicaraguens", "nicaraguan"],
        "PA": ["panamen", "panamanian"], "PE": ["peruan", "peruvian"], "PY": ["paraguay"], "SR": ["surinam"],
        "SV": ["salvadoren"], "TT": ["trinidad"], "UY": ["uruguay"], "VE": ["venezolan", "venezuelan"],
    ]

    /// Legal forms registered in the country, as the end of a name (folded, letters of an abbreviation joined):
    /// `ac` is Mexico's asociación civil ("A.C.", "AC"); `sa de cv` a company of Mexico, El Salvador or Honduras.
    static let legalForms: [String: [String]] = [
        "MX": ["ac", "sc", "iap", "abp", "sa de cv", "sapi de cv", "s de rl de cv", "s de rl"],
        "SV": ["sa de cv", "sociedad anonima de capital variable"], "HN": ["sa de cv", "s de rl"],
        "EC": ["cia ltda"], "CO": ["sas"],
    ]

    /// Names of a place elsewhere that hold a country's name: New Mexico is a U.S. state.
    static let elsewhere: [String: [String]] = ["MX": ["new mexico"]]

    /// How a name places its organisation in `country`, if it does: it names the country (English or Spanish, whole
    /// words) or its people (the start of a word) (`.name`), or ends in a legal form registered there while naming no
    /// other country of the region (`.legalForm`).
    public static func evidence(_ name: String, in country: String) -> LocalEvidence? {
        let folded = " " + joinedAbbreviations(SearchableText.fold(name)) + " "
        if mentions(folded, country) { return .name }
        guard let forms = legalForms[country] else { return nil }
        let core = folded.hasSuffix(" not mapped ") ? String(folded.dropLast(" not mapped ".count)) + " " : folded
        guard forms.contains(where: { core.hasSuffix(" " + $0 + " ") }) else { return nil }
        let others = Countries.latinAmericaAndCaribbean.filter { $0 != country }
        return others.contains { mentions(folded, $0) } ? nil : .legalForm
    }

    /// Every country's folded names, English and Spanish ("Bolivia (Plurinational State of)" as "Bolivia").
    static let foldedNames: [String: [String]] = Dictionary(
        uniqueKeysWithValues: Countries.names.map { code, names in
            let short = [names.en, names.es].map { String($0.prefix { $0 != "(" }) }
            let folded = short.map { joinedAbbreviations(SearchableText.fold($0)) }
            return (code, folded.filter { !$0.isEmpty })
        })

    /// True when the folded, space-padded `text` names `country` as whole words, or its people at the start of a
    /// word, outside the places elsewhere that hold its name: "Dominica" is not named by "República Dominicana".
    static func mentions(_ text: String, _ country: String) -> Bool {
        let cleaned = (elsewhere[country] ?? []).reduce(text) {
            $0.replacingOccurrences(of: " " + $1 + " ", with: " ")
        }
        return (foldedNames[country] ?? []).contains { cleaned.contains(" " + $0 + " ") }
            || (demonyms[country] ?? []).contains { cleaned.contains(" " + $0) }
    }

    /// Joins runs of one-letter words, so that "s a de c v" (from "S.A. de C.V.") reads as "sa de cv", as "SA DE CV".
    static func joinedAbbreviations(_ folded: String) -> String {
        var words: [String] = []
        var letters = ""
        for word in folded.split(separator: " ") {
            if word.count == 1 {
                letters += word
                continue
            }
            if !letters.isEmpty { words.append(letters) }
            letters = ""
            words.append(String(word))
        }
        if !letters.isEmpty { words.append(letters) }
        return words.joined(separator: " ")
    }
}
