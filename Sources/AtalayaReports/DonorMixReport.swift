public import AtalayaDomain
import AtalayaStore
import Foundation

// MARK: - Who pays: the combined view as a table, CSV and JSON

/// Renders a `DonorMix`: each donor's money and its mix by pillar, the U.S. part of the whole, the notes and files.
public struct DonorMixReport: Sendable {
    /// The view.
    public var mix: DonorMix

    /// Wraps a view.
    public init(_ mix: DonorMix) { self.mix = mix }

    /// The pillars of the table's columns, in taxonomy order (out of scope only with `--scope all`).
    private var pillars: [Pillar] {
        let held = Set(mix.providers.flatMap { $0.cells.compactMap(\.pillar) })
        return Pillar.allCases.filter { held.contains($0) }
    }

    /// What the view covers, as the table's title says it.
    private func title(in l: ReportLanguage) -> String {
        let place =
            mix.countries.isEmpty
            ? l.pick("every recipient", "todos los receptores") : mix.countries.map(l.labelled).joined(separator: ", ")
        let years = Self.years(from: mix.fromYear, to: mix.toYear, basis: mix.basis, in: l)
        return l.pick("Who pays", "Quién paga") + " — \(place), \(l.measure(mix.measure)), "
            + l.pick("current USD", "USD corrientes") + ", \(years)"
    }

    /// The years a view covers, named with their basis: "U.S. fiscal years FY2020–FY2024", "calendar years from
    /// 2021", "años fiscales de EE. UU. AF2020–AF2024".
    static func years(from: Int?, to: Int?, basis: FiscalYearBasis, in l: ReportLanguage = .en) -> String {
        let fiscal = basis == .usFederal
        let (one, many) =
            fiscal
            ? (
                l.pick("U.S. fiscal year", "año fiscal de EE. UU."),
                l.pick("U.S. fiscal years", "años fiscales de EE. UU.")
            )
            : (l.pick("calendar year", "año calendario"), l.pick("calendar years", "años calendario"))
        let year = { (year: Int) in fiscal ? l.fiscalYear(year) : String(year) }
        return switch (from, to) {
        case (let from?, let to?) where from == to: "\(one) \(year(from))"
        case (let from?, let to?): "\(many) \(year(from))–\(year(to))"
        case (let from?, nil): "\(many) " + l.pick("from", "desde") + " \(year(from))"
        case (nil, let to?): "\(many) " + l.pick("to", "hasta") + " \(year(to))"
        case (nil, nil): l.pick("every \(one)", "todos los \(many)")
        }
    }

    /// A row per donor: its money, each pillar's part of it, and its shares; then all donors, the U.S. part, the
    /// notes and the files, in this language (the pillars by their codes, as `--scope` and the CSV give them).
    public func table(in l: ReportLanguage = .en) -> String {
        var out = title(in: l) + "\n"
        out +=
            mix.usSource == .fa
            ? l.pick(
                "U.S. Government from ForeignAssistance.gov; other donors from their IATI files\n\n",
                "Gobierno de EE. UU. según ForeignAssistance.gov; los demás donantes según sus archivos IATI\n\n")
            : l.pick(
                "U.S. Government and other donors from their IATI files\n\n",
                "Gobierno de EE. UU. y demás donantes según sus archivos IATI\n\n")
        let pillars = self.pillars
        func row(_ name: String, _ byPillar: [Pillar: Cents]) -> [String] {
            let total = byPillar.values.reduce(0, +)
            let mix = PortfolioMix(byPillar: byPillar)
            return [name, DecimalText.formatWhole(total)]
                + pillars.map { pillar in
                    guard total > 0, let cents = byPillar[pillar] else { return "–" }
                    return ShareText.percent(cents, of: total)
                }
                + [mix.beyondInterdictionShare, mix.institutionBuildingShare].map { share in
                    share.map { ShareText.percent($0, decimals: 1) } ?? "–"
                }
        }
        var rows = mix.providers.map { provider in
            row(
                provider.id == DonorMix.usGovernment ? provider.name(in: l) : "\(provider.id) \(provider.name)",
                provider.byPillar)
        }
        let all = mix.providers.reduce(into: [Pillar: Cents]()) { sums, provider in
            for (pillar, cents) in provider.byPillar { sums[pillar, default: 0] += cents }
        }
        rows.append(row(l.pick("All donors", "Todos los donantes"), all))
        out += TextTable.render(
            header: [l.pick("donor", "donante"), "USD"] + pillars.map(l.pillar) + [
                l.pick("beyond interdiction", "más allá de la interdicción"),
                l.pick("institution building", "fortalecimiento institucional"),
            ],
            rows: rows)
        out += l.pick(
            "\n\nPillar columns are each donor's money on the pillar as a share of its own total; the two shares are of "
                + "its classified security cooperation (every pillar but unclassified and out_of_scope).\n",
            "\n\nLas columnas de pilares son los montos de cada donante en el pilar como proporción de su propio total; "
                + "las dos proporciones son de su cooperación en seguridad clasificada (todos los pilares salvo "
                + "sin clasificar y fuera del ámbito).\n")
        if let us = mix.usShare {
            let (share, usd, allUSD) = (
                ShareText.percent(us.share, decimals: 1), DecimalText.formatWhole(us.usCents),
                DecimalText.formatWhole(us.allCents)
            )
            out += l.pick(
                "U.S. Government part of all donors' classified security cooperation: \(share) (USD \(usd) of USD "
                    + "\(allUSD)).\n",
                "Parte del Gobierno de EE. UU. en la cooperación en seguridad clasificada de todos los donantes: "
                    + "\(share) (USD \(usd) de USD \(allUSD)).\n")
        } else {
            out += l.pick(
                "No donor has classified security cooperation in this view.\n",
                "Ningún donante tiene cooperación en seguridad clasificada en esta vista.\n")
        }
        if !mix.unconverted.isEmpty {
            out += l.pick(
                "Not converted (no rate for the year, or no currency), never added in: ",
                "Sin convertir (sin tipo de cambio para el año, o sin moneda), nunca sumado: ")
            out +=
                mix.unconverted.map { money in
                    let cell = money.cell
                    return "\(money.provider) \(cell.country) "
                        + "\(cell.year.map(String.init) ?? l.pick("undated", "sin fecha")) "
                        + "\(cell.currency ?? l.pick("no currency", "sin moneda")) \(DecimalText.format(cell.cents))"
                }.joined(separator: "; ") + ".\n"
        }
        out += "\n" + mix.notes(in: l).map { "- " + $0 }.joined(separator: "\n") + "\n"
        if let crosswalk = mix.crosswalk {
            out += l.pick("Crosswalk: ", "Tabla de correspondencias: ") + crosswalk + "\n"
        }
        out += l.pick("Files:\n", "Archivos:\n")
        for run in mix.sources {
            out += l.pick("  run ", "  importación ") + "\(run.id): \(run.fileLabel) — \(run.source), "
            out +=
                "\(run.publisher ?? "?"), " + l.pick("vintage ", "versión ")
                + (run.vintage ?? l.pick("unknown", "desconocida"))
            out += ", sha256 \(run.sha256.prefix(12))…\n"
        }
        return out
    }

    /// `provider,provider_name,source,measure,fiscal_year_basis,country,fiscal_year,pillar,amount_usd,runs`, one line
    /// per donor, recipient, year and pillar (amounts exact; `fiscal_year` is a calendar year when the basis says
    /// `calendar`; `runs` the import runs the line sums, space-separated).
    public func csv() -> String {
        var lines = [
            "provider,provider_name,source,measure,fiscal_year_basis,country,fiscal_year,pillar,amount_usd,runs"
        ]
        for provider in mix.providers {
            for cell in provider.cells {
                lines.append(
                    [
                        provider.id, provider.name, provider.source.rawValue, mix.measure.rawValue,
                        mix.basis.rawValue, cell.country,
                        cell.period ?? cell.year.map(String.init) ?? "", cell.pillar?.rawValue ?? cell.group,
                        DecimalText.format(cell.usdCents), cell.runs.map(String.init).joined(separator: " "),
                    ].map(CSVField.escape).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The view as JSON: each donor with its money by pillar and its shares, the rows behind them, the U.S. part,
    /// the money not converted, the notes and the files.
    public func json() throws -> String {
        struct Document: Encodable {
            var measure: String
            var usSource: String
            var fiscalYearBasis: String
            var currency = "USD"
            var dollars = "current"
            var countries: [String]
            var fromYear: Int?
            var toYear: Int?
            var providers: [Provider]
            var rows: [Row]
            var usShare: Share?
            var unconverted: [Unconverted]
            var notes: [String]
            var crosswalk: String?
            var sources: [Source]

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(measure, forKey: .measure)
                try container.encode(usSource, forKey: .usSource)
                try container.encode(fiscalYearBasis, forKey: .fiscalYearBasis)
                try container.encode(currency, forKey: .currency)
                try container.encode(dollars, forKey: .dollars)
                try container.encode(countries, forKey: .countries)
                try container.encode(fromYear, forKey: .fromYear)  // null: from the first year held
                try container.encode(toYear, forKey: .toYear)
                try container.encode(providers, forKey: .providers)
                try container.encode(rows, forKey: .rows)
                try container.encode(usShare, forKey: .usShare)  // null when no donor has classified money
                try container.encode(unconverted, forKey: .unconverted)
                try container.encode(notes, forKey: .notes)
                try container.encode(crosswalk, forKey: .crosswalk)
                try container.encode(sources, forKey: .sources)
            }

            enum CodingKeys: String, CodingKey {
                case measure, usSource, fiscalYearBasis, currency, dollars, countries, fromYear, toYear, providers
                case rows, usShare, unconverted, notes, crosswalk, sources
            }
        }
        struct Provider: Encodable {
            var provider: String
            var name: String
            var source: String
            var totalUSD: Decimal
            var byPillar: [String: Decimal]
            var beyondInterdiction: Double?
            var institutionBuilding: Double?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(provider, forKey: .provider)
                try container.encode(name, forKey: .name)
                try container.encode(source, forKey: .source)
                try container.encode(totalUSD, forKey: .totalUSD)
                try container.encode(byPillar, forKey: .byPillar)
                try container.encode(beyondInterdiction, forKey: .beyondInterdiction)  // null when not meaningful
                try container.encode(institutionBuilding, forKey: .institutionBuilding)
            }

            enum CodingKeys: String, CodingKey {
                case provider, name, source, totalUSD, byPillar, beyondInterdiction, institutionBuilding
            }
        }
        struct Row: Encodable {
            var provider: String
            var country: String
            var fiscalYear: Int?
            var pillar: String
            var amountUSD: Decimal
            /// The import runs it sums, each in `sources`.
            var runs: [Int64]

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(provider, forKey: .provider)
                try container.encode(country, forKey: .country)
                try container.encode(fiscalYear, forKey: .fiscalYear)  // null when the year is unknown
                try container.encode(pillar, forKey: .pillar)
                try container.encode(amountUSD, forKey: .amountUSD)
                try container.encode(runs, forKey: .runs)
            }

            enum CodingKeys: String, CodingKey { case provider, country, fiscalYear, pillar, amountUSD, runs }
        }
        struct Share: Encodable {
            var share: Double
            var usUSD: Decimal
            var allUSD: Decimal
            var denominator =
                "all donors' classified security cooperation (every pillar but unclassified and out_of_scope)"
        }
        struct Unconverted: Encodable {
            var provider: String
            var country: String
            var fiscalYear: Int?
            var currency: String?
            var amount: Decimal
            var reason: String
            var runs: [Int64]
        }
        struct Source: Encodable {
            var run: Int64
            var source: String
            var file: String
            var sheet: String?
            var sha256: String
            var publisher: String?
            var vintage: String?
        }
        let decimal = PortfolioReport.decimal
        let document = Document(
            measure: mix.measure.rawValue, usSource: mix.usSource.rawValue, fiscalYearBasis: mix.basis.rawValue,
            countries: mix.countries,
            fromYear: mix.fromYear, toYear: mix.toYear,
            providers: mix.providers.map { provider in
                let shares = provider.mix
                return Provider(
                    provider: provider.id, name: provider.name, source: provider.source.rawValue,
                    totalUSD: decimal(provider.totalCents),
                    byPillar: Dictionary(
                        uniqueKeysWithValues: provider.byPillar.map { ($0.key.rawValue, decimal($0.value)) }),
                    beyondInterdiction: shares.beyondInterdictionShare,
                    institutionBuilding: shares.institutionBuildingShare)
            },
            rows: mix.providers.flatMap { provider in
                provider.cells.map {
                    Row(
                        provider: provider.id, country: $0.country, fiscalYear: $0.year,
                        pillar: $0.pillar?.rawValue ?? $0.group, amountUSD: decimal($0.usdCents), runs: $0.runs)
                }
            },
            usShare: mix.usShare.map {
                Share(share: $0.share, usUSD: decimal($0.usCents), allUSD: decimal($0.allCents))
            },
            unconverted: mix.unconverted.map { money in
                let cell = money.cell
                return Unconverted(
                    provider: money.provider, country: cell.country, fiscalYear: cell.year, currency: cell.currency,
                    amount: decimal(cell.cents), reason: cell.reason, runs: cell.runs)
            },
            notes: mix.notes, crosswalk: mix.crosswalk,
            sources: mix.sources.map {
                Source(
                    run: $0.id, source: $0.source, file: $0.fileName, sheet: $0.sheet, sha256: $0.sha256,
                    publisher: $0.publisher, vintage: $0.vintage)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}
