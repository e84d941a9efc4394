public import AtalayaDomain
public import AtalayaStore
import Foundation

// MARK: - Who pays: each donor's money by pillar, U.S. money from one chosen source

/// U.S. money from one source beside each other donor's from IATI, by pillar (DESIGN.md's combined view; gathered by
/// `DonorMixBuilder` in AtalayaInsights).
public struct DonorMix: Sendable, Equatable {
    /// The provider id of the U.S. Government, whichever source its money comes from.
    public static let usGovernment = "us-government"

    /// True for an IATI publisher of the U.S. Government (`US-GOV-1`; see `USGovernmentPublisher`).
    public static func isUSPublisher(_ publisher: String) -> Bool { USGovernmentPublisher.contains(publisher) }

    /// One donor and its money.
    public struct Provider: Sendable, Equatable {
        /// `us-government`, or the IATI publisher's identifier (`XM-DAC-46007`; `none` when a file names none).
        public var id: String
        /// Its name, as its latest imported activity gives it.
        public var name: String
        /// The source its money comes from.
        public var source: PortfolioQuery.Source
        /// Its money by recipient, fiscal year and pillar.
        public var cells: [PortfolioCell]
        /// For the U.S. Government from IATI, the U.S. publishers the ledger holds, which its name lists.
        public var usPublishers: [String]

        /// Creates a provider.
        public init(id: String, name: String, source: PortfolioQuery.Source, cells: [PortfolioCell]) {
            self.id = id
            self.name = name
            self.source = source
            self.cells = cells
            usPublishers = []
        }

        /// The U.S. Government, its money from `source` (for IATI, from the files of `publishers`), named in English.
        public init(usGovernmentFrom source: PortfolioQuery.Source, publishers: [String], cells: [PortfolioCell]) {
            self.init(
                id: DonorMix.usGovernment, name: Self.usGovernmentName(source: source, publishers: publishers, in: .en),
                source: source, cells: cells)
            usPublishers = publishers
        }

        /// The U.S. Government's name: `U.S. Government (IATI: US-GOV-1)`, `Gobierno de EE. UU. (ForeignAssistance.gov)`.
        static func usGovernmentName(source: PortfolioQuery.Source, publishers: [String], in l: ReportLanguage)
            -> String
        {
            let whence =
                source == .fa
                ? "ForeignAssistance.gov"
                : publishers.isEmpty
                    ? l.pick(
                        "no U.S. publisher's IATI file imported",
                        "ningún archivo IATI de un publicador de EE. UU. importado")
                    : "IATI: " + publishers.joined(separator: ", ")
            return l.pick("U.S. Government", "Gobierno de EE. UU.") + " (\(whence))"
        }

        /// Its money by pillar, over every recipient and year asked for.
        public var byPillar: [Pillar: Cents] {
            cells.reduce(into: [:]) { sums, cell in
                if let pillar = cell.pillar { sums[pillar, default: 0] += cell.usdCents }
            }
        }

        /// Its mix: the beyond-interdiction and institution-building shares.
        public var mix: PortfolioMix { PortfolioMix(byPillar: byPillar) }

        /// Every converted amount it has in the view.
        public var totalCents: Cents { cells.reduce(0) { $0 + $1.usdCents } }

        /// Its name in this language: the U.S. Government's in Spanish as `Gobierno de EE. UU. (IATI: US-GOV-1)`;
        /// another donor's as its files give it.
        public func name(in l: ReportLanguage) -> String {
            guard id == DonorMix.usGovernment else { return name }
            return Self.usGovernmentName(source: source, publishers: usPublishers, in: l)
        }
    }

    /// The recipients asked for; empty for all.
    public var countries: [String]
    /// The first year asked for, on `basis`.
    public var fromYear: Int?
    /// The last year asked for, on `basis`.
    public var toYear: Int?
    /// What the years are: U.S. fiscal years, or calendar years (IATI only).
    public var basis: FiscalYearBasis
    /// The one measure of every figure.
    public var measure: Measure
    /// Where the U.S. money comes from (`fa` or `iati`).
    public var usSource: PortfolioQuery.Source
    /// The U.S. Government first, then the other donors by their money, largest first.
    public var providers: [Provider]
    /// Money that could not be converted to dollars, in its own currency, with the provider it is a donor's.
    public var unconverted: [Unconverted]

    /// A donor's money that could not be converted (no rate for its year, or no currency): reported, never added.
    public struct Unconverted: Sendable, Equatable {
        /// The provider's id, as `Provider.id`.
        public var provider: String
        /// The amount, in its own currency.
        public var cell: UnconvertedCell

        /// Pairs an amount with its provider.
        public init(provider: String, cell: UnconvertedCell) {
            self.provider = provider
            self.cell = cell
        }
    }
    /// The import runs behind the figures.
    public var sources: [ImportRun]
    /// The crosswalk the IATI side was classified with.
    public var crosswalk: String?

    /// Orders the providers: the U.S. Government, then the rest by their money.
    public init(
        countries: [String], fromYear: Int?, toYear: Int?, basis: FiscalYearBasis = .usFederal, measure: Measure,
        usSource: PortfolioQuery.Source, providers: [Provider], unconverted: [Unconverted], sources: [ImportRun],
        crosswalk: String?
    ) {
        self.countries = countries
        self.fromYear = fromYear
        self.toYear = toYear
        self.basis = basis
        self.measure = measure
        self.usSource = usSource
        let us = providers.filter { $0.id == Self.usGovernment }
        self.providers =
            us
            + providers.filter { $0.id != Self.usGovernment }.sorted {
                ($0.totalCents, $1.id) > ($1.totalCents, $0.id)
            }
        self.unconverted = unconverted
        self.sources = sources
        self.crosswalk = crosswalk
    }

    /// The U.S. Government's part of all donors' classified security cooperation (every pillar but unclassified
    /// and out of scope), with the two amounts; nil when there is none.
    public var usShare: (share: Double, usCents: Cents, allCents: Cents)? {
        let all = providers.reduce(0) { $0 + $1.mix.classifiedTotal }
        guard all > 0 else { return nil }
        let us = providers.first { $0.id == Self.usGovernment }?.mix.classifiedTotal ?? 0
        return (Double(us) / Double(all), us, all)
    }

    /// What the view counts and leaves out, so that a donor missing is not read as a donor paying nothing.
    public var notes: [String] { notes(in: .en) }

    /// The notes in this language.
    public func notes(in l: ReportLanguage) -> [String] {
        let usFrom =
            usSource == .fa
            ? l.pick(
                "U.S. Government money is ForeignAssistance.gov's (every agency it reports); U.S. publishers' IATI "
                    + "files are left out, as ForeignAssistance.gov already holds what they publish.",
                "Los montos del Gobierno de EE. UU. son los de ForeignAssistance.gov (todas las agencias que informa); "
                    + "los archivos IATI de los publicadores de EE. UU. se dejan fuera, pues ForeignAssistance.gov ya "
                    + "contiene lo que publican.")
            : l.pick(
                "U.S. Government money is that of the U.S. publishers' IATI files (identifiers under US-GOV-), which "
                    + "hold what those agencies chose to publish (USAID's files carry no military aid).",
                "Los montos del Gobierno de EE. UU. son los de los archivos IATI de sus publicadores (identificadores "
                    + "bajo US-GOV-), que contienen lo que esas agencias decidieron publicar (los archivos de USAID no "
                    + "incluyen ayuda militar).")
        // Donors listed at 0 because their files hold nothing in the view (not amounts that net to 0, nor amounts
        // left in their currency, which are listed apart).
        let unconverted = Set(unconverted.map(\.provider))
        let atZero = providers.filter { $0.cells.isEmpty && !unconverted.contains($0.id) }
            .map { $0.id == Self.usGovernment ? $0.name : "\($0.name) (\($0.id))" }
        let measures = l.measure(measure)
        let listed = atZero.joined(separator: "; ")
        return [
            usFrom,
            l.pick(
                "Other donors are those whose IATI files are imported into this ledger; a donor with no file imported "
                    + "is absent from the view, not a donor that paid nothing.",
                "Los demás donantes son aquellos cuyos archivos IATI se importaron en estos datos; un donante sin "
                    + "archivo importado no aparece, lo que no significa que no haya pagado."),
        ]
            + (atZero.isEmpty
                ? []
                : [
                    l.pick(
                        "Listed at 0, \(listed): \(atZero.count == 1 ? "its files hold" : "their files hold") "
                            + "no in-scope \(measures) for these recipients and years; that is what the files say, "
                            + "not a finding that nothing was paid.",
                        "Con 0, \(listed): sus archivos no contienen \(measures) en el ámbito para estos receptores y años; es lo que dicen los archivos, no "
                            + "una constatación de que no se pagó nada.")
                ])
            + [
                l.pick(
                    "A donor's money may include money it received from another (a U.S. grant passed through a "
                        + "multilateral bank); IATI's provider-org would trace it, and it is not subtracted here.",
                    "Los montos de un donante pueden incluir fondos recibidos de otro (una donación de EE. UU. canalizada "
                        + "por un banco multilateral); el provider-org de IATI permitiría rastrearlos, y aquí no se restan."
                ),
                l.pick(
                    "All figures are \(measures) in current U.S. dollars by "
                        + (basis == .usFederal ? "U.S. fiscal year (October to September)" : "calendar year")
                        + ": IATI amounts converted at the IMF's annual average rate for their value date"
                        + (usSource == .fa ? ", ForeignAssistance.gov's as reported" : "")
                        + ". Other measures are never added in.",
                    "Todas las cifras son \(measures) en dólares corrientes de EE. UU. por "
                        + (basis == .usFederal ? "año fiscal de EE. UU. (octubre a septiembre)" : "año calendario")
                        + ": los montos de IATI convertidos al tipo de cambio promedio anual del FMI del año de su fecha "
                        + "de valor" + (usSource == .fa ? ", los de ForeignAssistance.gov tal como se informan" : "")
                        + ". Nunca se suman otras medidas."),
            ]
    }
}
