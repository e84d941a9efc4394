public import AtalayaDomain
public import AtalayaStore
public import Foundation

// MARK: - A page of IATI activities, to find the identifier `explain` takes

/// A page of activities as a table, CSV or JSON (the JSON is `GET /api/v1/activities`'s).
public struct ActivityListReport: Sendable {
    /// The query that made the page.
    public var query: ActivityQuery
    /// The page.
    public var page: ActivityPage

    /// Creates a report.
    public init(query: ActivityQuery, page: ActivityPage) {
        self.query = query
        self.page = page
    }

    /// Identifier, publisher, main pillar, in-scope money in USD (on the query's pillar when it names one) and title
    /// (cut to `titleWidth` characters), with how many match and how to see the rest, in this language (the pillars
    /// by the codes `--pillar` takes in English, by their short names in Spanish; the titles as the query asked for
    /// them).
    public func table(titleWidth: Int = 60, in l: ReportLanguage = .en) -> String {
        guard !page.items.isEmpty else {
            return page.total == 0
                ? l.pick("No activities match.\n", "Ninguna actividad coincide.\n")
                : l.pick(
                    "No activities past --offset \(query.offset) (\(page.total) match).\n",
                    "Ninguna actividad después de --offset \(query.offset) (coinciden \(page.total)).\n")
        }
        let rows = page.items.map { item -> [String] in
            // One line: runs of spaces, tabs and line breaks in a title become one space.
            let line = item.title.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let title = line.count > titleWidth ? line.prefix(titleWidth - 1) + "…" : line
            // Recipients only when the list is not one recipient's: there, every row would name it.
            let recipients = query.country == nil ? [Self.recipients(item.recipients)] : []
            let committed = item.onPillar?.committedCents ?? item.committedCents
            let disbursed = item.onPillar?.disbursedCents ?? item.disbursedCents
            return [
                item.identifier, item.publisher ?? "", item.mainPillar.map(l.pillar) ?? "–",
                DecimalText.formatWhole(committed), DecimalText.formatWhole(disbursed),
            ] + recipients + [item.fiscalYears.map(l.fiscalYears) ?? "–", String(title)]
        }
        let on = query.pillar.map { "\(l.pillar($0)) " } ?? ""
        let header =
            [
                l.pick("activity", "actividad"), l.pick("publisher", "publicador"),
                l.pick("main pillar", "pilar principal"), on + l.pick("committed USD", "comprometido USD"),
                on + l.pick("disbursed USD", "desembolsado USD"),
            ] + (query.country == nil ? [l.pick("recipients", "receptores")] : []) + [
                l.pick("fiscal years", "años fiscales"), l.pick("title", "título"),
            ]
        var out = TextTable.render(header: header, rows: rows)
        let first = query.offset + 1
        let last = query.offset + page.items.count
        out += l.pick(
            "\n\n\(first)–\(last) of \(counted(page.total, "matching activity", "matching activities"))",
            "\n\n\(first)–\(last) de \(counted(page.total, "actividad que coincide", "actividades que coinciden"))")
        if last < page.total {
            out += l.pick("; --offset \(last) for the next", "; --offset \(last) para las siguientes")
        }
        let to = query.country.map { l.pick(" to ", " para ") + l.labelled($0) } ?? ""
        out += l.pick(
            ".\nMoney: IATI commitments and disbursements over all years, ",
            ".\nMontos: compromisos y desembolsos de IATI de todos los años, ")
        out +=
            query.pillar.map {
                l.pick(
                    "on the \($0.rawValue) pillar alone (the main pillar is where most of a program's in-scope money is)",
                    "solo en el pilar \(l.pillar($0)) (el pilar principal es donde está la mayor parte de los montos en "
                        + "el ámbito de un programa)")
            } ?? l.pick("in-scope security cooperation", "cooperación en seguridad en el ámbito")
        out += to
        out += l.pick(
            ", converted to USD at the rate of each value date's year (amounts with no rate are not in these columns).",
            ", convertidos a USD al tipo de cambio del año de cada fecha de valor (los montos sin tipo de cambio no "
                + "están en estas columnas).")
        out +=
            query.country == nil
            ? l.pick(
                "\nRecipients and fiscal years: every recipient its transactions are split to, and the U.S. fiscal "
                    + "years of its first and last dated transaction,",
                "\nReceptores y años fiscales: cada receptor entre los que se dividen sus transacciones, y los años "
                    + "fiscales de EE. UU. de su primera y última transacción con fecha,")
            : l.pick(
                "\nFiscal years: the U.S. fiscal years of its first and last dated transaction\(to),",
                "\nAños fiscales: los años fiscales de EE. UU. de su primera y última transacción con fecha\(to),")
        out += l.pick(" in scope or not.", " en el ámbito o no.")
        out += l.pick(
            "\n`atalaya explain ACTIVITY` shows how each is split, converted and placed, and why.\n",
            "\n`atalaya explain ACTIVIDAD` muestra cómo se divide, convierte y ubica cada una, y por qué.\n")
        return out
    }

    /// Recipient keys for the table, the first three and how many more: `BR CL CR +2`.
    static func recipients(_ keys: [String]) -> String {
        guard !keys.isEmpty else { return "–" }
        return keys.prefix(3).joined(separator: " ") + (keys.count > 3 ? " +\(keys.count - 3)" : "")
    }

    /// One line per activity: `identifier,title,publisher,status,main_pillar,committed_usd,disbursed_usd,recipients,
    /// first_fiscal_year,last_fiscal_year,run` (the recipients' keys separated by spaces; the run its file was
    /// imported by), then, for a query on a pillar, `pillar,pillar_committed_usd,pillar_disbursed_usd`.
    public func csv() -> String {
        var lines = [
            "identifier,title,publisher,status,main_pillar,committed_usd,disbursed_usd,recipients,first_fiscal_year,"
                + "last_fiscal_year,run"
                + (query.pillar == nil ? "" : ",pillar,pillar_committed_usd,pillar_disbursed_usd")
        ]
        for item in page.items {
            let fields = [
                item.identifier, item.title, item.publisher ?? "", item.status ?? "",
                item.mainPillar?.rawValue ?? "",
                DecimalText.format(item.committedCents), DecimalText.format(item.disbursedCents),
                item.recipients.joined(separator: " "), item.fiscalYears.map { String($0.lowerBound) } ?? "",
                item.fiscalYears.map { String($0.upperBound) } ?? "", item.run.map { String($0) } ?? "",
            ]
            let onPillar =
                item.onPillar.map {
                    [$0.pillar.rawValue, DecimalText.format($0.committedCents), DecimalText.format($0.disbursedCents)]
                } ?? []
            lines.append((fields + onPillar).map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"items": [...], "total": N, "limit": L, "offset": O}`, as the API pages it.
    public func json() throws -> String {
        struct Paged: Encodable {
            var items: [ActivityJSON]
            var total: Int
            var limit: Int
            var offset: Int
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let paged = Paged(
            items: page.items.map(ActivityJSON.init), total: page.total, limit: query.limit, offset: query.offset)
        return String(decoding: try encoder.encode(paged), as: UTF8.self)
    }
}

/// An activity in a list, as the API and `atalaya activities --format json` give it (nulls written out).
public struct ActivityJSON: Encodable, Sendable {
    /// The IATI identifier.
    public var identifier: String
    /// The title.
    public var title: String
    /// The publisher's reference.
    public var publisher: String?
    /// The ActivityStatus code.
    public var status: String?
    /// In-scope commitments in USD.
    public var committedUSD: Decimal
    /// In-scope disbursements in USD.
    public var disbursedUSD: Decimal
    /// The pillar with the most in-scope money.
    public var mainPillar: String?
    /// Every recipient its transactions are split to, in scope or not.
    public var recipients: [String]
    /// The U.S. fiscal year of its first dated transaction.
    public var firstFiscalYear: Int?
    /// The U.S. fiscal year of its last dated transaction.
    public var lastFiscalYear: Int?
    /// The import run its file was imported by.
    public var run: Int64?
    /// Its money on the query's pillar, when the query names one.
    public var onPillar: PillarJSON?

    /// Money on one pillar.
    public struct PillarJSON: Encodable, Sendable {
        /// The pillar.
        public var pillar: String
        /// Commitments on it in USD.
        public var committedUSD: Decimal
        /// Disbursements on it in USD.
        public var disbursedUSD: Decimal
    }

    /// The JSON of a summary.
    public init(_ summary: ActivitySummary) {
        identifier = summary.identifier
        title = summary.title
        publisher = summary.publisher
        status = summary.status
        committedUSD = PortfolioReport.decimal(summary.committedCents)
        disbursedUSD = PortfolioReport.decimal(summary.disbursedCents)
        mainPillar = summary.mainPillar?.rawValue
        recipients = summary.recipients
        firstFiscalYear = summary.fiscalYears?.lowerBound
        lastFiscalYear = summary.fiscalYears?.upperBound
        run = summary.run
        onPillar = summary.onPillar.map {
            PillarJSON(
                pillar: $0.pillar.rawValue, committedUSD: PortfolioReport.decimal($0.committedCents),
                disbursedUSD: PortfolioReport.decimal($0.disbursedCents))
        }
    }

    /// Encodes every field, nulls included.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(identifier, forKey: .identifier)
        try container.encode(title, forKey: .title)
        try container.encode(publisher, forKey: .publisher)
        try container.encode(status, forKey: .status)
        try container.encode(committedUSD, forKey: .committedUSD)
        try container.encode(disbursedUSD, forKey: .disbursedUSD)
        try container.encode(mainPillar, forKey: .mainPillar)
        try container.encode(recipients, forKey: .recipients)
        try container.encode(firstFiscalYear, forKey: .firstFiscalYear)
        try container.encode(lastFiscalYear, forKey: .lastFiscalYear)
        try container.encode(run, forKey: .run)
        try container.encode(onPillar, forKey: .onPillar)
    }

    enum CodingKeys: String, CodingKey {
        case identifier, title, publisher, status, committedUSD, disbursedUSD, mainPillar, recipients, firstFiscalYear,
            lastFiscalYear, run, onPillar
    }
}
