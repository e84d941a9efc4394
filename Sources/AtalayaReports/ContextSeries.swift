public import AtalayaDomain
import Foundation

// MARK: - The outcome series shown as a partner's capacity beside the money

/// The context series of DESIGN.md's "Outcome context": which indicators a brief or the region shows, how each
/// line is chosen (the newest edition only, never joined with another), and how its values are named and written.
public enum ContextSeries {
    /// The indicators shown as context, in this order, when imported.
    public static let indicators = [
        "wgi.rule_of_law", "wgi.control_of_corruption", "wgi.government_effectiveness", "wjp.overall", "cpi.score",
        "homicide.per_100k", "gitoc.resilience",
    ]

    /// The first year an indicator's values compare with its later ones: Transparency International rebuilt the CPI
    /// in 2012, and scores before are on another scale.
    public static let comparableFrom = ["cpi.score": 2012]

    /// One country's line per context indicator held: the newest edition's latest value through `year` (every year
    /// when nil) and, when that edition has an earlier year from `first` on (from its first when nil), the earliest
    /// such value beside it.
    public static func lines(_ points: [SeriesPoint], since first: Int? = nil, through year: Int?) -> [(
        latest: SeriesPoint, earliest: SeriesPoint?
    )] {
        indicators.compactMap { indicator in
            let line = line(points, indicator: indicator, through: year).filter { $0.year >= (first ?? .min) }
            guard let latest = line.last else { return nil }
            return (latest, line.count > 1 ? line.first : nil)
        }
    }

    /// An indicator's line, oldest first: its newest edition's values through `year` (every year when nil), from
    /// the first year they compare; another edition's values are never joined to it.
    public static func line(_ points: [SeriesPoint], indicator: String, through year: Int?) -> [SeriesPoint] {
        let series = points.filter {
            $0.indicator == indicator && $0.year <= (year ?? .max) && $0.year >= comparableFrom[indicator, default: 0]
        }
        guard let edition = series.map(\.edition).max() else { return [] }
        return series.filter { $0.edition == edition }.sorted { $0.year < $1.year }
    }

    /// How far a series moved from `earliest` to `latest`, and, when both carry a published standard error (WGI),
    /// whether beyond its margin: their 90% intervals (±1.645 standard errors) do not overlap, the WGI authors' rule of
    /// thumb (a conservative one) for a change that is more than noise. Nil `beyondMargin` when either has no
    /// standard error.
    public static func change(from earliest: SeriesPoint, to latest: SeriesPoint) -> (
        delta: Double, beyondMargin: Bool?
    ) {
        let delta = latest.number - earliest.number
        guard let first = earliest.standardError, let last = latest.standardError else { return (delta, nil) }
        return (delta, abs(delta) > 1.645 * (first + last))
    }

    /// The change from `earliest` to `latest` with its sign (`+0.07`, `-3` between whole scores such as the CPI's),
    /// zero unsigned.
    static func signedChange(from earliest: SeriesPoint, to latest: SeriesPoint) -> String {
        let whole = [earliest, latest].allSatisfy { $0.number == $0.number.rounded() }
        let delta = latest.number - earliest.number
        let text = whole ? String(format: "%+.0f", delta) : String(format: "%+.2f", delta)
        return ["+0", "-0", "+0.00", "-0.00"].contains(text) ? (whole ? "0" : "0.00") : text
    }

    /// The change as a table cell: `+0.07, within the margin`, `-1.57, beyond the margin`, or the bare change where
    /// the source publishes no standard error.
    public static func changeCell(from earliest: SeriesPoint, to latest: SeriesPoint, in language: ReportLanguage)
        -> String
    {
        let cell = signedChange(from: earliest, to: latest)
        let beyond = change(from: earliest, to: latest).beyondMargin
        switch beyond {
        case true?: return cell + (language == .en ? ", beyond the margin" : ", más allá del margen")
        case false?: return cell + (language == .en ? ", within the margin" : ", dentro del margen")
        case nil: return cell
        }
    }

    /// The change from `earliest` to `latest` in words, with both values and, for WGI, whether it is beyond the
    /// margin of error: "Rule of law (WGI): -0.73 ± 0.19 (1996) to -0.66 ± 0.14 (2019), +0.07; within the margin…".
    public static func changeSentence(from earliest: SeriesPoint, to latest: SeriesPoint, in language: ReportLanguage)
        -> String
    {
        let en = language == .en
        let rounded = signedChange(from: earliest, to: latest)
        let beyond = change(from: earliest, to: latest).beyondMargin
        var sentence =
            "\(name(latest.indicator, in: language)): \(text(earliest)) (\(earliest.year)) "
            + (en ? "to" : "a") + " \(text(latest)) (\(latest.year)), \(rounded)"
        switch beyond {
        case true?:
            sentence +=
                en
                ? "; beyond the margin of error (the 90% intervals do not overlap)"
                : "; más allá del margen de error (los intervalos del 90% no se superponen)"
        case false?:
            sentence +=
                en
                ? "; within the margin of error (the 90% intervals overlap): by the WGI authors' rule of thumb, not a "
                    + "change the data can confirm"
                : "; dentro del margen de error (los intervalos del 90% se superponen): según la regla práctica de los "
                    + "autores del WGI, los datos no confirman un cambio"
        case nil:
            break
        }
        return sentence + "."
    }

    /// An indicator's name in `language` (its code when it is not a context indicator).
    public static func name(_ indicator: String, in language: ReportLanguage) -> String {
        let names: [String: (String, String)] = [
            "wgi.rule_of_law": ("Rule of law (WGI)", "Estado de derecho (WGI)"),
            "wgi.control_of_corruption": ("Control of corruption (WGI)", "Control de la corrupción (WGI)"),
            "wgi.government_effectiveness": ("Government effectiveness (WGI)", "Eficacia del gobierno (WGI)"),
            "wgi.voice_and_accountability": ("Voice and accountability (WGI)", "Voz y rendición de cuentas (WGI)"),
            "wgi.political_stability": ("Political stability (WGI)", "Estabilidad política (WGI)"),
            "wgi.regulatory_quality": ("Regulatory quality (WGI)", "Calidad regulatoria (WGI)"),
            "homicide.per_100k": ("Homicides per 100,000 people", "Homicidios por cada 100,000 habitantes"),
            "wjp.overall": ("Rule of Law Index (WJP)", "Índice de Estado de Derecho (WJP)"),
            "cpi.score": ("Corruption Perceptions Index (TI)", "Índice de Percepción de la Corrupción (TI)"),
            "gitoc.resilience": (
                "Resilience to organized crime (GI-TOC)", "Resiliencia frente al crimen organizado (GI-TOC)"
            ),
        ]
        guard let pair = names[indicator] else { return indicator }
        return language == .en ? pair.0 : pair.1
    }

    /// A value as shown: whole scores (the CPI's 0–100) as published, fractions to two places, with the published
    /// standard error when there is one (`-0.66 ± 0.14`).
    public static func text(_ point: SeriesPoint) -> String {
        var text =
            point.number == point.number.rounded() && abs(point.number) < 1e9
            ? String(Int(point.number)) : String(format: "%.2f", point.number)
        if text == "-0.00" { text = "0.00" }  // a small negative rounds to zero, not to a signed zero
        if let error = point.standardError { text += " ± " + String(format: "%.2f", error) }
        return text
    }
}
