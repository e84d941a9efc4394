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

    /// Creates a set of signals.
    public init(
        country: String, asOf: String, signals: [Signal], accountability: AccountabilitySummary? = nil,
        ownership: OwnershipShares? = nil, results: ResultsStatus? = nil, burdenSharing: BurdenSharing? = nil
    ) {
        self.results = results
        self.burdenSharing = burdenSharing
        self.country = country
        self.asOf = asOf
        self.signals = signals
        self.accountability = accountability
        self.ownership = ownership
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
}

/// Computes signals from engagements and portfolio cells; pure. Status values are stable codes (English);
/// the figure and the explanation are in the language asked for.
public enum SignalBoard {
    /// (a) High-level engagement: days since the last one on or before `asOf`, and how many in the 365 days to it.
    public static func engagement(
        _ engagements: [Engagement], country: String, asOf: String, recorded: Int, language: ReportLanguage = .en
    ) -> Signal {
        let l = language
        let past = engagements.filter { $0.countries.contains(country) && $0.date <= asOf }
        guard let last = past.max(by: { $0.date < $1.date }), let days = DayCount.days(from: last.date, to: asOf) else {
            return Signal(
                kind: .engagement, status: "no record", value: nil,
                explanation: l.pick(
                    "No high-level engagement with \(country) is recorded up to \(asOf) (the ledger holds \(recorded) "
                        + "engagement records in all); absence of a record is not absence of contact.",
                    "No hay contacto de alto nivel con \(country) registrado hasta el \(asOf) (el registro tiene "
                        + "\(recorded) contactos en total); la falta de registro no es falta de contacto."))
        }
        let lastYear = past.filter { (DayCount.days(from: $0.date, to: asOf) ?? .max) < 365 }.count
        let status = days <= 90 ? "recent" : days <= 365 ? "within a year" : "lapsed"
        let kind = last.kind.rawValue.replacingUnderscores
        let level = last.level.rawValue.replacingUnderscores
        return Signal(
            kind: .engagement, status: status,
            value: l.pick(
                "\(days) days since the last; \(lastYear) in 12 months",
                "\(days) días desde el último; \(lastYear) en 12 meses"),
            explanation: l.pick(
                "Last: \(last.date), \(kind) at \(level) level (\(last.summary)) — source \(last.sourceURL). "
                    + "Counted from the engagements recorded in this ledger (\(recorded) in all).",
                "Último: \(last.date), \(kind), nivel \(level) (\(last.summary)) — fuente \(last.sourceURL). "
                    + "Contado sobre los contactos registrados (\(recorded) en total)."))
    }

    /// (b) Justice and anti-corruption money in the latest fiscal year with in-scope money up to `fiscalYear`:
    /// amount, share of classified security cooperation, change from the year before.
    public static func justiceAntiCorruption(
        cells: [PortfolioCellSummary], country: String, fiscalYear: Int, sourceLabel: String,
        language: ReportLanguage = .en
    ) -> Signal {
        let l = language
        let years = Set(cells.filter { $0.pillar.isInScope && $0.year <= fiscalYear }.map(\.year))
        guard let year = years.max() else {
            return Signal(
                kind: .justiceAntiCorruption, status: "no data", value: nil,
                explanation: l.pick(
                    "No in-scope money for \(country) up to FY\(fiscalYear) in \(sourceLabel); missing data, not zero.",
                    "Sin montos en el ámbito para \(country) hasta el AF\(fiscalYear) en \(sourceLabel); faltan datos, "
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
        let share = classified > 0 ? Double(amount) / Double(classified) : nil
        let change: Double? = prior != 0 ? Double(amount - prior) / Double(abs(prior)) : nil
        let status: String
        if let change {
            status = change > 0.1 ? "rising" : change < -0.1 ? "falling" : "steady"
        } else {
            status = amount > 0 ? "new" : "none"
        }
        let shareText = share.map { String(Int(($0 * 100).rounded())) + "%" } ?? "n/a"
        let changeText =
            change.map { ($0 >= 0 ? "+" : "") + String(Int(($0 * 100).rounded())) + "%" }
            ?? l.pick("no FY\(year - 1) money", "sin montos en AF\(year - 1)")
        let amountText = DecimalText.formatWhole(amount)
        return Signal(
            kind: .justiceAntiCorruption, status: status,
            value: l.pick(
                "USD \(amountText) in FY\(year), \(shareText) of classified, \(changeText) on FY\(year - 1)",
                "USD \(amountText) en AF\(year), \(shareText) de lo clasificado, \(changeText) frente a AF\(year - 1)"),
            explanation: l.pick(
                "Justice and anti-corruption pillars, \(sourceLabel), FY\(year) against FY\(year - 1); the share's "
                    + "denominator is all classified security cooperation for \(country) that year "
                    + "(USD \(DecimalText.formatWhole(classified))).",
                "Pilares de justicia y anticorrupción, \(sourceLabel), AF\(year) frente a AF\(year - 1); el "
                    + "denominador es toda la cooperación en seguridad clasificada para \(country) ese año "
                    + "(USD \(DecimalText.formatWhole(classified)))."))
    }

    /// (c) Agreements and joint strategies with pillars beyond interdiction, and their commitments as of `asOf`.
    public static func jointStrategies(
        _ engagements: [Engagement], country: String, asOf: String, language: ReportLanguage = .en
    ) -> Signal {
        let l = language
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
            "\(agreements.count) agreements or joint strategies recorded with \(country) up to \(asOf); "
                + "\(beyond.count) name pillars beyond interdiction",
            "\(agreements.count) acuerdos o estrategias conjuntas registrados con \(country) hasta el \(asOf); "
                + "\(beyond.count) nombran pilares más allá de la interdicción")
        if unrecorded > 0 {
            explanation += l.pick(
                " (\(unrecorded) have no pillars recorded, so they are not counted)",
                " (\(unrecorded) no tienen pilares registrados y no se cuentan)")
        }
        explanation += l.pick(
            "; \(commitments.count) commitments: \(met) met, \(overdue) overdue.",
            "; \(commitments.count) compromisos: \(met) cumplidos, \(overdue) vencidos.")
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

extension String {
    /// `joint_strategy` as `joint strategy`.
    var replacingUnderscores: String { split(separator: "_").joined(separator: " ") }
}

/// One program's accountability facts (the gaps GAO-10-837 and GAO-20-388 found): delivery, indicators, reporting.
public struct ProgramAccountability: Sendable, Equatable, Codable {
    /// The IATI identifier.
    public var identifier: String
    /// Its title.
    public var title: String
    /// In-scope commitments for the country, U.S. cents.
    public var committedCents: Cents
    /// In-scope disbursements for the country, U.S. cents.
    public var disbursedCents: Cents
    /// The first commitment's date.
    public var firstCommitment: String?
    /// Result indicators the activity reports.
    public var indicators: Int
    /// Indicator periods that ended before the as-of date.
    public var pastPeriods: Int
    /// Of those, periods with an actual value.
    public var reportedPeriods: Int

    /// Creates the facts.
    public init(
        identifier: String, title: String, committedCents: Cents, disbursedCents: Cents, firstCommitment: String?,
        indicators: Int, pastPeriods: Int, reportedPeriods: Int
    ) {
        self.identifier = identifier
        self.title = title
        self.committedCents = committedCents
        self.disbursedCents = disbursedCents
        self.firstCommitment = firstCommitment
        self.indicators = indicators
        self.pastPeriods = pastPeriods
        self.reportedPeriods = reportedPeriods
    }

    /// Committed but not disbursed (never negative).
    public var pipelineCents: Cents { max(0, committedCents - disbursedCents) }
}

/// The accountability checks of one country's programs, with their denominators.
public struct AccountabilitySummary: Sendable, Equatable, Codable {
    /// Programs with in-scope money.
    public var programs: Int
    /// Disbursed / committed over programs with commitments; nil when nothing was committed.
    public var deliveryRate: Double?
    /// Committed, the denominator of the delivery rate, U.S. cents.
    public var committedCents: Cents
    /// Disbursed, U.S. cents.
    public var disbursedCents: Cents
    /// Committed but not disbursed, U.S. cents.
    public var pipelineCents: Cents
    /// Programs with a pipeline whose first commitment is more than two years old.
    public var agedPipelinePrograms: [String]
    /// Programs without any result indicator.
    public var withoutIndicator: [String]
    /// Past indicator periods with an actual / past indicator periods; nil when there are none.
    public var reportingCompleteness: Double?
    /// Past indicator periods, the denominator of completeness.
    public var pastPeriods: Int

    /// Sums the programs' facts as of a date.
    public init(_ programs: [ProgramAccountability], asOf: String) {
        self.programs = programs.count
        committedCents = programs.reduce(0) { $0 + $1.committedCents }
        disbursedCents = programs.filter { $0.committedCents > 0 }.reduce(0) { $0 + $1.disbursedCents }
        deliveryRate = committedCents > 0 ? Double(disbursedCents) / Double(committedCents) : nil
        pipelineCents = programs.reduce(0) { $0 + $1.pipelineCents }
        agedPipelinePrograms = programs.filter { program in
            guard program.pipelineCents > 0, let first = program.firstCommitment,
                let days = DayCount.days(from: String(first.prefix(10)), to: asOf)
            else { return false }
            return days > 730
        }.map(\.identifier)
        withoutIndicator = programs.filter { $0.indicators == 0 }.map(\.identifier)
        pastPeriods = programs.reduce(0) { $0 + $1.pastPeriods }
        let reported = programs.reduce(0) { $0 + $1.reportedPeriods }
        reportingCompleteness = pastPeriods > 0 ? Double(reported) / Double(pastPeriods) : nil
    }

    /// Plain sentences, each with its denominator.
    public var sentences: [String] { sentences(in: .en) }

    /// The sentences in `language`.
    public func sentences(in language: ReportLanguage) -> [String] {
        let l = language
        let percent = { (share: Double?) in share.map { String(format: "%.0f%%", $0 * 100) } ?? "n/a" }
        let committed = DecimalText.formatWhole(committedCents)
        let pipeline = DecimalText.formatWhole(pipelineCents)
        return [
            l.pick(
                "Delivery: \(percent(deliveryRate)) of USD \(committed) committed to \(programs) programs has been "
                    + "disbursed; USD \(pipeline) is in the pipeline, \(agedPipelinePrograms.count) programs with money "
                    + "committed over two years ago.",
                "Ejecución: se desembolsó el \(percent(deliveryRate)) de USD \(committed) comprometidos en "
                    + "\(programs) programas; USD \(pipeline) siguen pendientes, \(agedPipelinePrograms.count) programas "
                    + "con montos comprometidos hace más de dos años."),
            l.pick(
                "Outcome indicators: \(withoutIndicator.count) of \(programs) programs report none.",
                "Indicadores de resultado: \(withoutIndicator.count) de \(programs) programas no reportan ninguno."),
            l.pick(
                "Reporting completeness: \(percent(reportingCompleteness)) of \(pastPeriods) past indicator periods have "
                    + "an actual value.",
                "Completitud de los informes: \(percent(reportingCompleteness)) de \(pastPeriods) periodos vencidos "
                    + "tienen un valor real."),
        ]
    }
}

/// An implementing organisation as the ledger keeps it.
public struct Implementer: Sendable, Equatable {
    /// Its identifier, when given.
    public var ref: String?
    /// Its IATI organisation type code.
    public var type: String?
    /// Its names.
    public var names: [String]

    /// Creates an implementer.
    public init(ref: String?, type: String?, names: [String]) {
        self.ref = ref
        self.type = type
        self.names = names
    }

    /// True for a partner-country body: types 22, 24, 72 anywhere; types 10, 11, 15 (government and public sector)
    /// only when the identifier starts with the recipient's code or a name names the recipient — and never a U.S.
    /// Government body.
    public func isLocal(to country: String) -> Bool {
        guard let type else { return false }
        if ["22", "24", "72"].contains(type) { return true }
        guard ["10", "11", "15"].contains(type) else { return false }
        if let ref, ref.hasPrefix("US-") { return false }
        if names.contains(where: { $0.hasPrefix("U.S.") || $0.contains("United States") }) { return false }
        if let ref, ref.hasPrefix(country + "-") { return true }
        let countryNames = Countries.names[country].map { [$0.en, $0.es] } ?? []
        return names.contains { name in
            countryNames.contains {
                !$0.isEmpty && name.localizedCaseInsensitiveContains($0.components(separatedBy: " (").first ?? $0)
            }
        }
    }

    /// True for a multilateral organisation (type 40).
    public var isMultilateral: Bool { type == "40" }
}

/// Local-ownership and multilateral shares of a country's in-scope money, each with its denominator.
public struct OwnershipShares: Sendable, Equatable, Codable {
    /// Money counted, U.S. cents (in-scope disbursements of activities that name an implementer).
    public var denominatorCents: Cents
    /// Of which implemented by partner-country bodies.
    public var localCents: Cents
    /// Of which implemented through multilateral organisations.
    public var multilateralCents: Cents
    /// In-scope money of activities that name no implementer (left out of the denominator).
    public var unnamedCents: Cents

    /// Splits each activity's money equally among its implementing organisations.
    public init(_ activities: [(cents: Cents, implementers: [Implementer])], country: String) {
        var denominator: Cents = 0
        var local: Cents = 0
        var multilateral: Cents = 0
        var unnamed: Cents = 0
        for activity in activities {
            guard !activity.implementers.isEmpty else {
                unnamed += activity.cents
                continue
            }
            denominator += activity.cents
            let parts = Split.largestRemainder(
                activity.cents, weights: Array(repeating: 1, count: activity.implementers.count))
            for (implementer, cents) in zip(activity.implementers, parts) {
                if implementer.isLocal(to: country) { local += cents }
                if implementer.isMultilateral { multilateral += cents }
            }
        }
        denominatorCents = denominator
        localCents = local
        multilateralCents = multilateral
        unnamedCents = unnamed
    }

    /// Plain sentences with their denominators.
    public var sentences: [String] { sentences(in: .en) }

    /// The sentences in `language`.
    public func sentences(in language: ReportLanguage) -> [String] {
        let l = language
        guard denominatorCents > 0 else {
            return [
                l.pick(
                    "Local ownership and multilateral shares: no implementers named.",
                    "Apropiación local y proporción multilateral: no se nombran ejecutores.")
            ]
        }
        let percent = { (cents: Cents) in String(format: "%.0f%%", Double(cents) / Double(denominatorCents) * 100) }
        let denominator = DecimalText.formatWhole(denominatorCents)
        var text = l.pick(
            "Local ownership: \(percent(localCents)) implemented by partner-country bodies; multilateral: "
                + "\(percent(multilateralCents)); of USD \(denominator) in-scope disbursements whose implementers are "
                + "named (split equally among them)",
            "Apropiación local: \(percent(localCents)) ejecutado por entidades del país socio; multilateral: "
                + "\(percent(multilateralCents)); de USD \(denominator) desembolsados en el ámbito con ejecutores "
                + "nombrados (repartidos por igual entre ellos)")
        if unnamedCents != 0 {
            text += l.pick(
                "; USD \(DecimalText.formatWhole(unnamedCents)) names no implementer",
                "; USD \(DecimalText.formatWhole(unnamedCents)) no nombran ejecutor")
        }
        return [text + "."]
    }
}

/// One indicator's latest past period with a target, as reported.
public struct IndicatorReading: Sendable, Equatable, Codable {
    /// The activity.
    public var activity: String
    /// The indicator's title.
    public var title: String
    /// True when higher is better.
    public var ascending: Bool
    /// The baseline value, as reported.
    public var baseline: String?
    /// The period's target.
    public var target: String?
    /// The period's actual.
    public var actual: String?
    /// When the period ended.
    public var periodEnd: String?

    /// Creates a reading.
    public init(
        activity: String, title: String, ascending: Bool, baseline: String?, target: String?, actual: String?,
        periodEnd: String?
    ) {
        self.activity = activity
        self.title = title
        self.ascending = ascending
        self.baseline = baseline
        self.target = target
        self.actual = actual
        self.periodEnd = periodEnd
    }

    /// (actual − baseline) / (target − baseline), the baseline taken as 0 when not reported; nil when a value is
    /// missing or not a number, or the target equals the baseline.
    public var progress: Double? {
        guard let target = target.flatMap(Double.init), let actual = actual.flatMap(Double.init) else { return nil }
        let base = baseline.flatMap(Double.init) ?? 0
        guard target != base else { return nil }
        let progress = (actual - base) / (target - base)
        // A target on the wrong side of the baseline for the indicator's direction cannot be assessed.
        guard (ascending && target > base) || (!ascending && target < base) else { return nil }
        return progress
    }
}

/// Indicator progress counted by status: on track (≥ `onTrack` of the way), at risk (≥ `atRisk`), off track.
public struct ResultsStatus: Sendable, Equatable, Codable {
    /// Indicators with a past period and a target.
    public var indicators: Int
    /// On track.
    public var onTrack: Int
    /// At risk.
    public var atRisk: Int
    /// Off track.
    public var offTrack: Int
    /// Not assessable (no actual, not a number, no baseline direction, target equal to baseline).
    public var notAssessable: Int
    /// Readings whose baseline was not reported (taken as 0).
    public var baselineAssumed: Int

    /// Counts the readings against the thresholds (defaults 0.9 and 0.5 of the way from baseline to target).
    public init(_ readings: [IndicatorReading], onTrack: Double = 0.9, atRisk: Double = 0.5) {
        indicators = readings.count
        var counts = (0, 0, 0, 0)
        for reading in readings {
            guard let progress = reading.progress else {
                counts.3 += 1
                continue
            }
            if progress >= onTrack { counts.0 += 1 } else if progress >= atRisk { counts.1 += 1 } else { counts.2 += 1 }
        }
        (self.onTrack, self.atRisk, self.offTrack, notAssessable) = counts
        baselineAssumed = readings.filter { $0.baseline == nil && $0.progress != nil }.count
    }

    /// One sentence with its denominator.
    public var sentence: String { sentence(in: .en) }

    /// The sentence in `language`.
    public func sentence(in language: ReportLanguage) -> String {
        let l = language
        guard indicators > 0 else {
            return l.pick(
                "Results: no indicator with a past target is reported.",
                "Resultados: no se reporta ningún indicador con una meta vencida.")
        }
        var text = l.pick(
            "Results: of \(indicators) indicators with a past target, \(onTrack) on track (90% of the way or more), "
                + "\(atRisk) at risk, \(offTrack) off track, \(notAssessable) not assessable",
            "Resultados: de \(indicators) indicadores con una meta vencida, \(onTrack) en camino (90% o más), "
                + "\(atRisk) en riesgo, \(offTrack) rezagados, \(notAssessable) no evaluables")
        if baselineAssumed > 0 {
            text += l.pick(
                "; \(baselineAssumed) report no baseline, taken as 0",
                "; \(baselineAssumed) no reportan línea de base, tomada como 0")
        }
        return text + "."
    }
}

/// Other publishers' in-scope money on the purpose codes the U.S. funds in a country, beside the U.S. money.
public struct BurdenSharing: Sendable, Equatable, Codable {
    /// The first and last fiscal years counted.
    public var fromYear: Int
    /// The last fiscal year counted.
    public var toYear: Int
    /// The measure.
    public var measure: Measure
    /// Money by publisher (IATI organisation identifier) on those codes, U.S. cents, largest first.
    public var byPublisher: [PublisherAmount]
    /// Purpose codes the U.S. funds there.
    public var purposeCodes: Int

    /// One publisher's amount.
    public struct PublisherAmount: Sendable, Equatable, Codable {
        /// The publisher's identifier.
        public var publisher: String
        /// The amount, U.S. cents.
        public var cents: Cents

        /// Creates an amount.
        public init(publisher: String, cents: Cents) {
            self.publisher = publisher
            self.cents = cents
        }

        /// True for a U.S. Government publisher (`US-…`).
        public var isUS: Bool { publisher.hasPrefix("US-") }
    }

    /// Creates a summary.
    public init(fromYear: Int, toYear: Int, measure: Measure, byPublisher: [PublisherAmount], purposeCodes: Int) {
        self.fromYear = fromYear
        self.toYear = toYear
        self.measure = measure
        self.byPublisher = byPublisher
        self.purposeCodes = purposeCodes
    }

    /// One sentence with the years, measure and codes behind it.
    public var sentence: String { sentence(in: .en) }

    /// The sentence in `language`.
    public func sentence(in language: ReportLanguage) -> String {
        let l = language
        let us = byPublisher.filter(\.isUS).reduce(0) { $0 + $1.cents }
        let others = byPublisher.filter { !$0.isUS }
        let years = l.pick(
            "FY\(fromYear)–FY\(toYear) \(measure.rawValue)s", "AF\(fromYear)–AF\(toYear), \(measure.rawValue)")
        guard !others.isEmpty else {
            return l.pick(
                "Burden sharing: no other publisher in this ledger has in-scope money on the \(purposeCodes) purpose "
                    + "codes the U.S. funds here (\(years)); other donors may not be imported.",
                "Reparto de la carga: ningún otro publicador de este registro tiene montos en los \(purposeCodes) "
                    + "códigos de propósito que EE. UU. financia aquí (\(years)); puede que otros donantes no estén "
                    + "importados.")
        }
        let list = others.prefix(3).map { "\($0.publisher) USD \(DecimalText.formatWhole($0.cents))" }
            .joined(separator: ", ")
        let more = others.count > 3 ? l.pick(" and \(others.count - 3) more", " y \(others.count - 3) más") : ""
        return l.pick(
            "Burden sharing: on the \(purposeCodes) purpose codes the U.S. funds here (USD "
                + "\(DecimalText.formatWhole(us)), \(years)), other publishers in this ledger put \(list)\(more).",
            "Reparto de la carga: en los \(purposeCodes) códigos de propósito que EE. UU. financia aquí (USD "
                + "\(DecimalText.formatWhole(us)), \(years)), otros publicadores de este registro aportan \(list)\(more)."
        )
    }
}
