import Foundation

// MARK: - Watch signals: what is worth watching per country, with the data behind each

/// One signal for one country: a status and a sentence that names the data behind it.
public struct Signal: Sendable, Equatable, Codable {
    /// Which signal.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// High-level engagement: days since the last, count in the last 12 months.
        case engagement
        /// Money for judicial reform and anti-corruption: amount, share, change from the prior year.
        case justiceAntiCorruption = "justice_anti_corruption"
        /// Agreements and joint strategies whose pillars go beyond interdiction, and their commitments.
        case jointStrategies = "joint_strategies"
    }

    /// Which signal.
    public var kind: Kind
    /// A short status (`recent`, `lapsed`, `rising`, `falling`, `no record` …).
    public var status: String
    /// The headline figure, when there is one.
    public var value: String?
    /// One sentence: what it means and which data it rests on.
    public var explanation: String

    /// Creates a signal.
    public init(kind: Kind, status: String, value: String?, explanation: String) {
        self.kind = kind
        self.status = status
        self.value = value
        self.explanation = explanation
    }
}

/// The signals of one country as of a date.
public struct CountrySignals: Sendable, Equatable, Codable {
    /// The country (ISO alpha-2).
    public var country: String
    /// The date the signals are computed for.
    public var asOf: String
    /// The signals.
    public var signals: [Signal]
    /// The accountability checks of the country's IATI programs, beside the signals.
    public var accountability: AccountabilitySummary?
    /// Local-ownership and multilateral shares of the country's IATI money.
    public var ownership: OwnershipShares?
    /// Indicator progress of the country's IATI programs.
    public var results: ResultsStatus?
    /// Other publishers' money on the same purpose codes.
    public var burdenSharing: BurdenSharing?
    /// The programs `accountability` sums, each with its own facts (not encoded: the summary stands for them).
    public var programs: [ProgramAccountability] = []

    /// Creates a set of signals.
    public init(
        country: String, asOf: String, signals: [Signal], accountability: AccountabilitySummary? = nil,
        ownership: OwnershipShares? = nil, results: ResultsStatus? = nil, burdenSharing: BurdenSharing? = nil,
        programs: [ProgramAccountability] = []
    ) {
        self.programs = programs
        self.results = results
        self.burdenSharing = burdenSharing
        self.country = country
        self.asOf = asOf
        self.signals = signals
        self.accountability = accountability
        self.ownership = ownership
    }

    enum CodingKeys: String, CodingKey {
        case country, asOf, signals, accountability, ownership, results, burdenSharing
    }
}

/// The language of generated sentences.
public enum ReportLanguage: String, Sendable, CaseIterable, Codable {
    /// English.
    case en
    /// Spanish.
    case es

    /// The English or the Spanish text.
    public func pick(_ english: String, _ spanish: String) -> String { self == .en ? english : spanish }

    /// A pillar as a table names it: its id in English (what `--pillar` takes), a short name in Spanish:
    /// `law_enforcement`, `policía`.
    public func pillar(_ pillar: Pillar) -> String { pick(pillar.rawValue, pillar.shortLabelES) }

    /// A measure's plural name: `disbursements`, `desembolsos`.
    public func measure(_ measure: Measure) -> String {
        switch measure {
        case .commitment: pick("commitments", "compromisos")
        case .disbursement: pick("disbursements", "desembolsos")
        case .expenditure: pick("expenditures", "gastos")
        case .obligation: pick("obligations", "obligaciones")
        }
    }

    /// A measure's singular name, for one transaction or part: `disbursement`, `desembolso`.
    public func oneMeasure(_ measure: Measure) -> String {
        switch measure {
        case .commitment: pick("commitment", "compromiso")
        case .disbursement: pick("disbursement", "desembolso")
        case .expenditure: pick("expenditure", "gasto")
        case .obligation: pick("obligation", "obligación")
        }
    }

    /// An engagement's kind in words: `joint strategy`, `estrategia conjunta`.
    public func kind(_ kind: Engagement.Kind) -> String {
        switch kind {
        case .visit: pick("visit", "visita")
        case .dialogue: pick("dialogue", "diálogo")
        case .agreement: pick("agreement", "acuerdo")
        case .jointStrategy: pick("joint strategy", "estrategia conjunta")
        case .other: pick("other", "otro")
        }
    }

    /// An engagement's level in words: `head of state`, `jefes de Estado`.
    public func level(_ level: Engagement.Level) -> String {
        switch level {
        case .headOfState: pick("head of state", "jefes de Estado o de Gobierno")
        case .ministerial: pick("ministerial", "ministerial")
        case .seniorOfficial: pick("senior official", "altos funcionarios")
        case .working: pick("working", "técnico")
        }
    }

    /// What a budget table's figures are, as stated at import.
    public func budgetBasis(_ basis: BudgetBasis) -> String {
        switch basis {
        case .actual: pick("actual", "ejecutado")
        case .estimate: pick("estimate", "estimado")
        case .request: pick("request", "solicitud")
        case .unstated: pick("not stated", "sin indicar")
        }
    }

    /// A recipient's name in this language: ISO names, IATI region names, what a non-ISO code is, else the key.
    public func countryName(_ code: String) -> String {
        Countries.names(ofKey: code).map { self == .en ? $0.en : $0.es } ?? code
    }

    /// A recipient as a command line's table leads with it, its code then its name in this language: `SV (El
    /// Salvador)`, `MX (México)`; a key with no name is shown bare.
    public func labelled(_ key: String) -> String {
        Countries.names(ofKey: key).map { "\(key) (\(self == .en ? $0.en : $0.es))" } ?? key
    }

    /// Recipient keys in the order a reader looks for them: countries alphabetically by their name in this language
    /// (accents and case aside: `El Salvador` before `Jamaica`, `México` between `Jamaica` and `Nicaragua`), then
    /// regions, non-ISO codes and other keys by key.
    public func byName(_ keys: some Sequence<String>) -> [String] {
        let named = keys.map { key in
            (
                key: key, isCountry: Countries.iso2.contains(key),
                name: countryName(key).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            )
        }
        let sorted = named.sorted { a, b in
            if a.isCountry != b.isCountry { return a.isCountry }
            if a.isCountry && a.name != b.name { return a.name < b.name }
            return a.key < b.key
        }
        return sorted.map { $0.key }
    }

    /// A U.S. fiscal year's label: `FY2024`, `AF2024` (año fiscal); `short` gives `FY24`, `AF24`.
    public func fiscalYear(_ year: Int, short: Bool = false) -> String {
        pick("FY", "AF") + (short ? String(String(year).suffix(2)) : String(year))
    }

    /// A span of U.S. fiscal years: `FY2018–FY2022`, or `FY2020` when it is one year.
    public func fiscalYears(_ years: ClosedRange<Int>) -> String {
        years.count == 1
            ? fiscalYear(years.lowerBound) : "\(fiscalYear(years.lowerBound))–\(fiscalYear(years.upperBound))"
    }

    /// A list of recipients by name, the first `limit` of them and how many more: `Brazil, Chile, Costa Rica and 2
    /// more`; `none` (money given to no recipient) reads as such.
    public func recipientList(_ keys: [String], limit: Int = 3) -> String {
        let names = keys.prefix(limit).map { $0 == "none" ? pick("no recipient", "sin receptor") : countryName($0) }
        let more = keys.count - names.count
        return names.joined(separator: ", ") + (more > 0 ? pick(" and \(more) more", " y \(more) más") : "")
    }
}

/// Computes signals from engagements and portfolio cells; pure. Status values are stable codes (English);
/// the figure and the explanation are in the language asked for.
public enum SignalBoard {
    /// (a) High-level engagement: days since the last one on or before `asOf`, and how many in the 365 days to it.
    public static func engagement(
        _ engagements: [Engagement], country: String, asOf: String, recorded: Int, language: ReportLanguage = .en
    ) -> Signal {
        let l = language
        let name = l.countryName(country)
        let past = engagements.filter { $0.countries.contains(country) && $0.date <= asOf }
        // How far the record itself reaches, for every country, once nothing at all was recorded in the last 90
        // days: a long silence may be the record's, not the partners'.
        let newest = engagements.map(\.date).filter { $0 <= asOf }.max()
        let reach =
            newest.flatMap { date in
                (DayCount.days(from: date, to: asOf) ?? 0) > 90
                    ? l.pick(", none after \(date)", ", ninguno posterior al \(date)") : nil
            } ?? ""
        guard let last = past.max(by: { $0.date < $1.date }), let days = DayCount.days(from: last.date, to: asOf) else {
            return Signal(
                kind: .engagement, status: "no record", value: nil,
                explanation: l.pick(
                    "No high-level engagement with \(name) is recorded up to \(asOf) (the ledger holds "
                        + "\(counted(recorded, "engagement record", "engagement records")) in all\(reach)); absence "
                        + "of a record is not absence of contact.",
                    "No hay contacto de alto nivel con \(name) registrado hasta el \(asOf) (el registro tiene "
                        + "\(counted(recorded, "contacto", "contactos")) en total\(reach)); la falta de registro no es "
                        + "falta de contacto."))
        }
        let lastYear = past.filter { (DayCount.days(from: $0.date, to: asOf) ?? .max) < 365 }.count
        let status = days <= 90 ? "recent" : days <= 365 ? "within a year" : "lapsed"
        let kind = l.kind(last.kind)
        let level = l.level(last.level)
        return Signal(
            kind: .engagement, status: status,
            value: l.pick(
                "\(counted(days, "day", "days")) since the last; \(lastYear) in 12 months",
                "\(counted(days, "día", "días")) desde el último; \(lastYear) en 12 meses"),
            explanation: l.pick(
                "Last: \(last.date), \(kind) at \(level) level (\(last.summary)) — source \(last.sourceURL). "
                    + "Counted from the engagements recorded in this ledger (\(recorded) in all\(reach)).",
                "Último: \(last.date), \(kind), nivel \(level) (\(last.summary)) — fuente \(last.sourceURL). "
                    + "Contado sobre los contactos registrados (\(recorded) en total\(reach))."))
    }

    /// (b) Justice and anti-corruption money in the latest fiscal year with in-scope money up to `fiscalYear`:
    /// amount, share of classified security cooperation, change from the year before.
    public static func justiceAntiCorruption(
        cells: [PortfolioCellSummary], country: String, fiscalYear: Int, sourceLabel: String,
        language: ReportLanguage = .en
    ) -> Signal {
        let l = language
        let name = l.countryName(country)
        let years = Set(cells.filter { $0.pillar.isInScope && $0.year <= fiscalYear }.map(\.year))
        guard let year = years.max() else {
            return Signal(
                kind: .justiceAntiCorruption, status: "no data", value: nil,
                explanation: l.pick(
                    "No in-scope money for \(name) up to FY\(fiscalYear) in \(sourceLabel); missing data, not zero.",
                    "Sin montos en el ámbito para \(name) hasta el AF\(fiscalYear) en \(sourceLabel); faltan datos, "
                        + "no es cero."))
        }
        func sums(_ year: Int) -> (target: Cents, classified: Cents) {
            var target: Cents = 0
            var classified: Cents = 0
            for cell in cells where cell.year == year {
                if cell.pillar == .justice || cell.pillar == .antiCorruption { target += cell.cents }
                if cell.pillar.isInScope && cell.pillar != .unclassified { classified += cell.cents }
            }
            return (target, classified)
        }
        let (amount, classified) = sums(year)
        let (prior, _) = sums(year - 1)
        // Whether the year before holds in-scope money at all: none on these pillars is then a zero, not a gap.
        let priorHeld = years.contains(year - 1)
        let share = classified > 0 ? Double(amount) / Double(classified) : nil
        let change: Double? = prior != 0 ? Double(amount - prior) / Double(abs(prior)) : nil
        let status: String
        if let change {
            status = change > 0.1 ? "rising" : change < -0.1 ? "falling" : "steady"
        } else {
            status = amount > 0 ? "new" : "none"
        }
        // With no classified money that year (only unclassified, or money taken back) there is no share to give.
        let shareText =
            share.map {
                l.pick("\(ShareText.percent($0)) of classified", "\(ShareText.percent($0)) de lo clasificado")
            }
            ?? (classified == 0
                ? l.pick("no classified money that year", "sin montos clasificados ese año")
                : l.pick("classified money nets below zero that year", "lo clasificado suma menos de cero ese año"))
        let changeText =
            change.map {
                let percent = ShareText.change($0)
                return l.pick("\(percent) on FY\(year - 1)", "\(percent) frente a AF\(year - 1)")
            }
            ?? (!priorHeld
                ? l.pick("no FY\(year - 1) money to compare with", "sin montos en AF\(year - 1) con que comparar")
                : amount == 0
                    ? l.pick("none in FY\(year - 1) either", "tampoco en AF\(year - 1)")
                    : l.pick("none in FY\(year - 1)", "ninguno en AF\(year - 1)"))
        let amountText = DecimalText.formatWhole(amount)
        // A year before the last complete one is the latest with money: said, so that it is not read as current.
        let since = l.fiscalYears((year + 1)...max(year + 1, fiscalYear))
        let latest =
            year < fiscalYear
            ? l.pick(
                " FY\(year) is the latest year with in-scope money for \(name) up to FY\(fiscalYear); this source holds "
                    + "none for \(since).",
                " El AF\(year) es el último año con montos en el ámbito para \(name) hasta el AF\(fiscalYear); esta "
                    + "fuente no tiene ninguno para \(since).") : ""
        return Signal(
            kind: .justiceAntiCorruption, status: status,
            value: l.pick(
                "USD \(amountText) in FY\(year), \(shareText), \(changeText)",
                "USD \(amountText) en AF\(year), \(shareText), \(changeText)"),
            explanation: l.pick(
                "Justice and anti-corruption pillars, \(sourceLabel), FY\(year) against FY\(year - 1); the share's "
                    + "denominator is all classified security cooperation for \(name) that year "
                    + "(USD \(DecimalText.formatWhole(classified))).\(latest)",
                "Pilares de justicia y anticorrupción, \(sourceLabel), AF\(year) frente a AF\(year - 1); el "
                    + "denominador es toda la cooperación en seguridad clasificada para \(name) ese año "
                    + "(USD \(DecimalText.formatWhole(classified))).\(latest)"))
    }

    /// (c) Agreements and joint strategies with pillars beyond interdiction, and their commitments as of `asOf`.
    public static func jointStrategies(
        _ engagements: [Engagement], country: String, asOf: String, language: ReportLanguage = .en
    ) -> Signal {
        let l = language
        let name = l.countryName(country)
        let agreements = engagements.filter {
            $0.countries.contains(country) && $0.date <= asOf && ($0.kind == .agreement || $0.kind == .jointStrategy)
        }
        let beyond = agreements.filter(\.isJointStrategyBeyondInterdiction)
        let unrecorded = agreements.filter { $0.pillars.isEmpty }.count
        let commitments = beyond.flatMap(\.commitments)
        let met = commitments.filter { $0.status == .met }.count
        let overdue = commitments.filter { $0.isOverdue(asOf: asOf) }.count
        let status =
            beyond.isEmpty
            ? (agreements.isEmpty ? "none recorded" : "interdiction only or pillars not recorded")
            : overdue > 0 ? "commitments overdue" : "in place"
        var explanation = l.pick(
            counted(agreements.count, "agreement or joint strategy", "agreements or joint strategies")
                + " recorded with \(name) up to \(asOf); "
                + "\(beyond.count) \(beyond.count == 1 ? "names" : "name") pillars beyond interdiction",
            counted(
                agreements.count, "acuerdo o estrategia conjunta registrado",
                "acuerdos o estrategias conjuntas registrados")
                + " con \(name) hasta el \(asOf); "
                + "\(beyond.count) \(beyond.count == 1 ? "nombra" : "nombran") pilares más allá de la interdicción")
        if unrecorded > 0 {
            explanation += l.pick(
                unrecorded == 1
                    ? " (1 has no pillars recorded, so it is not counted)"
                    : " (\(unrecorded) have no pillars recorded, so they are not counted)",
                unrecorded == 1
                    ? " (1 no tiene pilares registrados y no se cuenta)"
                    : " (\(unrecorded) no tienen pilares registrados y no se cuentan)")
        }
        explanation += l.pick(
            "; \(counted(commitments.count, "commitment", "commitments")): \(met) met, \(overdue) overdue.",
            "; \(counted(commitments.count, "compromiso", "compromisos")): \(met) cumplidos, \(overdue) vencidos.")
        guard !agreements.isEmpty else {
            // Nothing recorded: no row of zeros, which would read as a count of something.
            return Signal(
                kind: .jointStrategies, status: status, value: nil,
                explanation: l.pick(
                    "No agreement or joint strategy is recorded with \(name) up to \(asOf); absence of a record is "
                        + "not absence of cooperation.",
                    "No hay acuerdos ni estrategias conjuntas registrados con \(name) hasta el \(asOf); la falta de "
                        + "registro no es falta de cooperación."))
        }
        return Signal(
            kind: .jointStrategies, status: status,
            value: l.pick(
                "\(beyond.count) beyond interdiction; commitments \(met) met, \(overdue) overdue",
                "\(beyond.count) más allá de la interdicción; compromisos \(met) cumplidos, \(overdue) vencidos"),
            explanation: explanation)
    }
}

/// The part of a portfolio cell the signals need: year, pillar, amount in cents.
public struct PortfolioCellSummary: Sendable, Equatable {
    /// The fiscal year.
    public var year: Int
    /// The pillar.
    public var pillar: Pillar
    /// The amount in cents.
    public var cents: Cents

    /// Creates a summary.
    public init(year: Int, pillar: Pillar, cents: Cents) {
        self.year = year
        self.pillar = pillar
        self.cents = cents
    }
}
