import Foundation

// MARK: - Outcome series: country indicators with their uncertainty, source and edition

/// A published country indicator series Atalaya reads.
public enum SeriesSource: String, Sendable, Codable, CaseIterable {
    /// World Bank Worldwide Governance Indicators (estimate −2.5…+2.5 with its standard error).
    case wgi
    /// Intentional homicides per 100,000 people (UNODC via World Bank WDI `VC.IHR.PSRC.P5`).
    case homicide
    /// A user's own series in the documented long CSV layout.
    case long
    /// GI-TOC Global Organized Crime Index: criminality and resilience scores (1–10), editions 2021 and 2023.
    case gitoc
    /// Transparency International Corruption Perceptions Index (0–100), wide by year.
    case cpi
    /// World Justice Project Rule of Law Index: overall score, factors and sub-factors (0–1).
    case wjp
    /// Fund for Peace Fragile States Index: total and the twelve indicators (0–10, higher is worse).
    case fsi
    /// Freedom House, Freedom in the World: political rights and civil liberties ratings (1 most free, 7 least).
    case fh
}

/// One value of one indicator for one country and year, as published.
public struct SeriesPoint: Sendable, Equatable, Codable {
    /// Where the series comes from.
    public var source: SeriesSource
    /// The edition (release) of the source; points of different editions are never joined into one line.
    public var edition: String
    /// The indicator (`wgi.rule_of_law`, `homicide.per_100k`, or a `long` file's own name).
    public var indicator: String
    /// ISO 3166-1 alpha-2, or `wb:LCN`/`wgi:ANT` for aggregates and former territories.
    public var country: String
    /// The year the value describes.
    public var year: Int
    /// The value exactly as published (decimal text).
    public var value: String
    /// The value as a number, for charts and association (indicators are not money).
    public var number: Double
    /// The published standard error, when the source gives one (WGI).
    public var standardError: Double?
    /// The line in the file.
    public var line: Int

    /// Creates a point.
    public init(
        source: SeriesSource, edition: String, indicator: String, country: String, year: Int, value: String,
        number: Double, standardError: Double? = nil, line: Int
    ) {
        self.source = source
        self.edition = edition
        self.indicator = indicator
        self.country = country
        self.year = year
        self.value = value
        self.number = number
        self.standardError = standardError
        self.line = line
    }
}

extension SeriesSource {
    /// WGI's indicator names in the long file, to Atalaya's ids.
    public static let wgiIndicators: [String: String] = [
        "VoiceandAccountability": "wgi.voice_and_accountability",
        "PoliticalStability": "wgi.political_stability",
        "GovernmentEffectiveness": "wgi.government_effectiveness",
        "RegulatoryQuality": "wgi.regulatory_quality",
        "RuleofLaw": "wgi.rule_of_law",
        "ControlofCorruption": "wgi.control_of_corruption",
    ]

    /// The recipient key of an alpha-3 code in an indicator file; nil when unknown.
    public static func country(alpha3 code: String) -> String? {
        if let alpha2 = USGovernmentCodes.alpha3[code] { return alpha2 }
        if let legacy = IndicatorCodes.wgiLegacy[code] { return legacy }
        if IndicatorCodes.worldBankAggregates[code] != nil { return "wb:" + code }
        return nil
    }
}

extension SeriesSource {
    /// Folds a country name for matching: lower case, no accents, `&` as `and`, punctuation dropped.
    public static func foldName(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "&", with: "and")
        var out = ""
        var space = false
        for character in folded {
            if character.isLetter || character.isNumber {
                if space && !out.isEmpty { out.append(" ") }
                space = false
                out.append(character)
            } else if character == " " || character == "," || character == "-" || character == "/" {
                space = true
            }
        }
        return out
    }

    /// World Bank–style spellings that indicator files use and ISO names do not, checked by hand.
    static let nameAliases: [String: String] = [
        "korea dpr": "KP", "korea dem peoples rep": "KP", "korea rep": "KR", "congo dem rep": "CD",
        "congo rep": "CG", "st kitts and nevis": "KN", "st vincent and the grenadines": "VC", "st lucia": "LC",
        "egypt arab rep": "EG", "hong kong sar china": "HK", "iran islamic rep": "IR", "lao pdr": "LA",
        "venezuela rb": "VE", "yemen rep": "YE", "cape verde": "CV", "congo democratic republic": "CD",
        "congo republic": "CG", "macedonia": "MK", "micronesia": "FM", "palestine": "PS", "swaziland": "SZ",
        // The FSI scores Israel together with the West Bank: kept apart from both, never guessed.
        "israel and west bank": "fsi:israel-and-west-bank",
    ]

    /// Every known country name, folded by `foldName`.
    static let foldedNames: [String: String] = {
        var table: [String: String] = [:]
        for (name, code) in USGovernmentCodes.countryNames { table[foldName(name)] = code }
        for (code, names) in Countries.names {
            table[foldName(names.en), default: code] = table[foldName(names.en)] ?? code
        }
        for (name, code) in nameAliases { table[name] = code }
        return table
    }()

    /// The ISO alpha-2 code of a country name in an indicator file; nil when not known.
    public static func country(name: String) -> String? {
        foldedNames[foldName(name)]
    }
}
