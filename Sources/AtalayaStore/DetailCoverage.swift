public import AtalayaDomain

// MARK: - How much of a country's ForeignAssistance.gov totals the imported detail covers

/// A country's ForeignAssistance.gov country totals beside the transaction-level rows imported for it, year by year
/// for one measure: how much of the total the detail covers. Both are shown as published; neither is adjusted, and a
/// year one of them lacks is shown as missing, never as zero.
public struct DetailCoverage: Sendable, Equatable, Codable {
    /// One fiscal year (or period, such as `1976tq`).
    public struct Year: Sendable, Equatable, Codable {
        /// The fiscal period as the files give it.
        public var fiscalPeriod: String
        /// The fiscal year it counts in.
        public var fiscalYear: Int
        /// The country total (every objective), current U.S. cents; nil when no totals file gives the year.
        public var totalCents: Cents?
        /// The imported detail's sum, current U.S. cents; nil when no detail row falls in the year.
        public var detailCents: Cents?
        /// The runs whose rows make this year's two figures, in order.
        public var runs: [Int64]

        /// Creates a year.
        public init(fiscalPeriod: String, fiscalYear: Int, totalCents: Cents?, detailCents: Cents?, runs: [Int64] = [])
        {
            self.fiscalPeriod = fiscalPeriod
            self.fiscalYear = fiscalYear
            self.totalCents = totalCents
            self.detailCents = detailCents
            self.runs = runs
        }

        /// Detail / total; nil without both or with a total of zero or less.
        public var share: Double? {
            guard let totalCents, totalCents > 0, let detailCents else { return nil }
            return Double(detailCents) / Double(totalCents)
        }
    }

    /// The country (ISO alpha-2 or a ForeignAssistance.gov key).
    public var country: String
    /// The measure (obligation, disbursement, …).
    public var measure: OfficialMeasure
    /// The years, newest first.
    public var years: [Year]
    /// The objectives the imported detail holds for the country and measure (`Economic`, `Military`).
    public var detailObjectives: [String]
    /// The runs behind the figures.
    public var sources: [ImportRun]

    /// Creates the comparison.
    public init(
        country: String, measure: OfficialMeasure, years: [Year], detailObjectives: [String], sources: [ImportRun]
    ) {
        self.country = country
        self.measure = measure
        self.years = years
        self.detailObjectives = detailObjectives
        self.sources = sources
    }

    /// What a reader must know to read the shares: what each side counts, and where they disagree.
    public var notes: [String] { notes(in: .en) }

    /// The notes in `language` (the objectives as the files name them).
    public func notes(in language: ReportLanguage) -> [String] {
        let l = language
        let objectives = detailObjectives.joined(separator: l.pick(" and ", " y "))
        var notes = [
            detailObjectives.isEmpty
                ? l.pick(
                    "Country totals count every objective; no detail rows are imported for this measure.",
                    "Los totales del país cuentan todos los objetivos; no hay filas detalladas importadas para esta "
                        + "medida.")
                : l.pick(
                    "Country totals count every objective; the imported detail holds \(objectives) rows.",
                    "Los totales del país cuentan todos los objetivos; el detalle importado tiene filas \(objectives).")
        ]
        if !detailObjectives.isEmpty, !detailObjectives.contains(where: { $0.lowercased() == "military" }) {
            notes.append(
                l.pick(
                    "No military detail is imported: where a total includes military money, the share shows the "
                        + "economic part only.",
                    "No hay detalle militar importado: donde un total incluye montos militares, la proporción muestra "
                        + "solo la parte económica."))
        }
        let over = years.filter { ($0.share ?? 0) > 1 }
        if !over.isEmpty {
            let list = over.map(\.fiscalPeriod).joined(separator: ", ")
            notes.append(
                l.pick(
                    "In \(counted(over.count, "year", "years")) (\(list)) the detail sums to more than the country "
                        + "total: the files were published apart and do not reconcile there; neither is adjusted.",
                    "En \(counted(over.count, "año", "años")) (\(list)) el detalle suma más que el total del país: los "
                        + "archivos se publicaron por separado y no concuerdan; ninguno se ajusta."))
        }
        return notes
    }

    /// The SQL both engines run: per dataset (`fa-complete`, `fa-summary`) and fiscal period, the year and the sum of
    /// current cents of the current rollup rows for `country` and `measure` (placeholders).
    public static func sumsSQL(country: String, measure: String) -> String {
        """
        SELECT dataset, fiscal_period, MIN(fiscal_year), CAST(SUM(current_cents) AS BIGINT) FROM official_rollup
        WHERE dataset IN ('fa-complete', 'fa-summary') AND superseded_by IS NULL AND recipient = \(country)
          AND measure = \(measure)
        GROUP BY dataset, fiscal_period
        """
    }

    /// The SQL for the imported detail's objectives for `country` and `measure`, in order (`collation` as
    /// `MonitoringSQL`'s).
    public static func objectivesSQL(country: String, measure: String, collation: String = "") -> String {
        """
        SELECT DISTINCT objective\(collation) FROM official_rollup
        WHERE dataset = 'fa-complete' AND superseded_by IS NULL AND recipient = \(country) AND measure = \(measure)
          AND objective <> ''
        ORDER BY 1
        """
    }

    /// The runs behind the whole comparison, in order: every period's, once.
    public static func runs(_ periodRuns: [(period: String, run: Int64)]) -> [Int64] {
        Set(periodRuns.map(\.run)).sorted()
    }

    /// The SQL for each fiscal period's runs (`fiscal_period`, `run_id`), in order; `runs` takes the table's from them.
    public static func periodRunsSQL(country: String, measure: String) -> String {
        """
        SELECT DISTINCT fiscal_period, run_id FROM official_rollup
        WHERE dataset IN ('fa-complete', 'fa-summary') AND superseded_by IS NULL AND recipient = \(country)
          AND measure = \(measure)
        ORDER BY 1, 2
        """
    }

    /// Joins the per-dataset sums into years, newest first, each with its runs from `periodRuns`.
    public static func years(
        _ sums: [(dataset: String, period: String, year: Int, cents: Cents?)],
        periodRuns: [(period: String, run: Int64)]
    ) -> [Year] {
        var byPeriod: [String: Year] = [:]
        for sum in sums {
            var year =
                byPeriod[sum.period]
                ?? Year(fiscalPeriod: sum.period, fiscalYear: sum.year, totalCents: nil, detailCents: nil)
            if sum.dataset == OfficialDataset.faSummary.rawValue {
                year.totalCents = sum.cents
            } else {
                year.detailCents = sum.cents
            }
            byPeriod[sum.period] = year
        }
        for (period, run) in periodRuns { byPeriod[period]?.runs.append(run) }
        return byPeriod.values.sorted { ($0.fiscalYear, $0.fiscalPeriod) > ($1.fiscalYear, $1.fiscalPeriod) }
    }
}
