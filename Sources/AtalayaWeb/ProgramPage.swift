import AtalayaDomain
import AtalayaReports
import AtalayaStore
import Foundation

// MARK: - The program page: participants, money over time, the pillar split with its rules, results

extension AtalayaWeb {
    func program(_ identifier: String, _ request: PageRequest) async throws -> (title: String, sections: [PageSection])
    {
        let l = request.language
        // A partner's server shows only its country's monitoring periods.
        let everyCountry = try await store.monitoringPeriods(program: identifier)
        let monitored = everyCountry.filter { (scope.country ?? $0.period.country) == $0.period.country }
        guard let stored = try await store.explain(identifier: identifier) else {
            // A program only a monitoring file names (by the office's own code) has its periods, and nothing else.
            guard !monitored.isEmpty else {
                if everyCountry.isEmpty {
                    throw try await scope.programMissing(identifier, store: store)
                }
                throw scope.programOutside(identifier)
            }
            let head =
                "<h1>\(HTML.escape(identifier))</h1><p class=\"lede\">"
                + HTML.escape(
                    l.pick(
                        "A program known from a program office's monitoring data only: no imported IATI file "
                            + "describes it, so the ledger holds no money for it.",
                        "Un programa conocido solo por los datos de seguimiento de una oficina: ningún archivo IATI "
                            + "importado lo describe, así que el registro no tiene montos para él.")) + "</p>"
            return (identifier, [.html(head), .table(monitoringTable(monitored, besideIATI: false, request))])
        }
        guard let explained = scope.restrict(stored, monitoredHere: !monitored.isEmpty) else {
            throw scope.programOutside(identifier)
        }
        let activity = explained.activity
        let title = activity.title(preferring: l.rawValue) ?? identifier
        let notes = Dictionary(
            crosswalk.rules.map { ($0.id, $0.note.map(l.crosswalkNote)) }, uniquingKeysWith: { first, _ in first })
        var head = "<h1>\(HTML.escape(title))</h1><p class=\"lede\"><code>\(HTML.escape(identifier))</code> — "
        head += HTML.escape(activity.reportingOrg.names.first?.text ?? activity.reportingOrg.ref ?? "?") + "</p>"
        if let description = activity.description(preferring: l.rawValue) {
            head += "<details><summary>" + l.pick("Description", "Descripción") + "</summary><p>"
            head += HTML.escape(String(description.prefix(4000))) + "</p></details>"
        }
        if let partner = scope.country {
            head +=
                "<p class=\"note\">"
                + HTML.escape(
                    l.pick(
                        "This server answers for \(l.countryName(partner)) only: the money below is the parts of the "
                            + "program's transactions placed on it; the budgets and IATI results are the program's own, "
                            + "for every country it covers, as its publisher gives them.",
                        "Este servidor responde solo por \(l.countryName(partner)): los montos siguientes son las partes "
                            + "de las transacciones del programa asignadas a ese país; los presupuestos y resultados IATI "
                            + "son los del programa, para todos los países que abarca, tal como los publica.")) + "</p>"
        }
        head +=
            "<p><a href=\"/api/v1/activities/\(HTML.escape(Self.pathSegment(identifier)))\">JSON</a></p>"
        var sections: [PageSection] = [.html(head)]

        // The countries the program's money goes to, for which an implementer may count as a partner-country body.
        let countries = explained.recipientCountries
        sections.append(
            .table(
                DataTable(
                    id: "participants", caption: l.pick("Participating organisations", "Organizaciones participantes"),
                    columns: [
                        l.pick("Organisation", "Organización"), l.pick("Role", "Función"),
                        l.pick("Reference", "Referencia"),
                        l.pick("Type", "Tipo"),
                        l.pick("Partner-country body (why)", "Entidad del país socio (por qué)"),
                    ],
                    rows: activity.participatingOrgs.map { org in
                        [
                            DataTable.Cell(org.names.first?.text ?? org.ref ?? "?"),
                            DataTable.Cell(Self.role(org.role, l)),
                            DataTable.Cell(org.ref ?? "–"),
                            DataTable.Cell(
                                org.type.map { code in
                                    organisationTypes.name(code, in: l).map { "\($0) (\(code))" } ?? code
                                } ?? "–"),
                            Self.partnerCountryCell(org, countries: countries, l),
                        ]
                    })))

        // Money over time: converted parts by fiscal year, commitments and disbursements side by side, never added.
        var byYear: [Int: [Measure: Cents]] = [:]
        var split: [String: (pillar: Pillar, rule: String, cents: [Measure: Cents])] = [:]
        var recipients: [String: RecipientMoney] = [:]
        var unconverted = 0
        for transaction in explained.transactions {
            for part in transaction.parts {
                recipients[part.recipient.reportKey, default: RecipientMoney()].add(part)
                guard let usd = part.usdCents else {
                    unconverted += 1
                    continue
                }
                if let year = part.fiscalYear { byYear[year, default: [:]][part.measure, default: 0] += usd }
                let key = "\(part.pillar.rawValue)|\(part.ruleID)"
                var entry = split[key] ?? (part.pillar, part.ruleID, [:])
                entry.cents[part.measure, default: 0] += usd
                split[key] = entry
            }
        }
        sections.append(.html(moneyChart(byYear, language: l, unconverted: unconverted)))
        let measures = Measure.allCases.filter { measure in split.values.contains { $0.cents[measure] != nil } }
        sections.append(
            .table(
                DataTable(
                    id: "split",
                    caption: l.pick(
                        "Pillar split and the rule for each part", "División por pilar y la regla de cada parte")
                        + " (USD, " + (explained.crosswalk ?? "crosswalk") + ")",
                    columns: [l.pick("Pillar", "Pilar"), l.pick("Rule", "Regla"), l.pick("Why", "Por qué")]
                        + measures.map { l.measure($0).capitalized },
                    numeric: Set(3..<(3 + measures.count)),
                    rows: split.values.sorted { ($0.pillar, $0.rule) < ($1.pillar, $1.rule) }.map { entry in
                        [
                            DataTable.Cell(l.label(entry.pillar)),
                            DataTable.Cell(
                                entry.rule,
                                link: entry.rule == Crosswalk.defaultRuleID
                                    ? nil : request.link("/crosswalk") + "#rule-" + entry.rule),
                            DataTable.Cell(
                                (notes[entry.rule] ?? nil)
                                    ?? (entry.rule == Crosswalk.defaultRuleID
                                        ? l.pick(
                                            "no rule matched; not security cooperation",
                                            "ninguna regla coincide; no es cooperación en seguridad")
                                        : "–")),
                        ] + measures.map { entry.cents[$0].map(DataTable.Cell.money) ?? "" }
                    })))

        sections.append(.table(recipientTable(recipients, measures: measures, unconverted: unconverted, request)))

        if !activity.budgets.isEmpty {
            sections.append(.table(budgetTable(activity.budgets, request)))
        }

        var resultRows: [[DataTable.Cell]] = []
        // A period whose end falls on or after the day the file was made is marked: its actual is a value to date.
        let fileDate = FileDate.of(vintage: explained.run.vintage)
        var marked = false
        for result in activity.results {
            for indicator in result.indicators {
                for period in indicator.periods {
                    let reading = IndicatorReading(period: period, in: indicator)
                    let span = [period.start, period.end].compactMap { $0 }.joined(separator: " – ")
                    let late = period.end.map { FileDate.endedAfter(periodEnd: $0, fileDate: fileDate) } ?? false
                    marked = marked || late
                    resultRows.append([
                        DataTable.Cell(indicator.titles.first?.text ?? result.titles.first?.text ?? "?"),
                        late ? DataTable.Cell.shown(span, as: span + FileDate.mark) : DataTable.Cell(span),
                        DataTable.Cell(indicator.baselineValue ?? "–"), DataTable.Cell(period.target ?? "–"),
                        DataTable.Cell(period.actual ?? "–"), DataTable.Cell(l.progress(reading)),
                    ])
                }
            }
        }
        var results = DataTable(
            id: "results",
            caption: l.pick("Results: progress toward targets", "Resultados: avance hacia las metas")
                + " — " + l.pick("(actual − baseline) / (target − baseline)", "(real − base) / (meta − base)")
                + (marked
                    ? ". " + FileDate.readingNote(in: l)
                        + l.pick(
                            " The file is dated \(fileDate ?? "")", " El archivo es del \(fileDate ?? "")")
                        + "."
                    : ""),
            columns: [
                l.pick("Indicator", "Indicador"), l.pick("Period", "Período"),
                l.pick("Baseline", "Línea de base"),
                l.pick("Target", "Meta"), l.pick("Actual", "Real"), l.pick("Progress", "Avance"),
            ], numeric: [2, 3, 4, 5], rows: resultRows)
        // Many files report no results (USAID's carry none): say so, and where results can come from.
        let named = activity.results.contains { !$0.indicators.isEmpty }
        results.empty =
            named
            ? l.pick(
                "Its IATI file names result indicators for this program, but no period of any of them.",
                "Su archivo IATI nombra indicadores de resultados para este programa, pero ningún período de ellos.")
            : monitored.isEmpty
                ? l.pick(
                    "Its IATI file reports no result indicators for this program; a program office can add its own with "
                        + "`atalaya import monitoring`.",
                    "Su archivo IATI no informa indicadores de resultados para este programa; una oficina de programa "
                        + "puede añadir los suyos con `atalaya import monitoring`.")
                : l.pick(
                    "Its IATI file reports no result indicators for this program; the program office's monitoring data "
                        + "below does.",
                    "Su archivo IATI no informa indicadores de resultados para este programa; los datos de seguimiento de "
                        + "la oficina de programa, abajo, sí.")
        sections.append(.table(results))
        if !monitored.isEmpty {
            sections.append(.table(monitoringTable(monitored, besideIATI: true, request)))
        }
        let (limit, offset) = try request.query.paging(defaultLimit: Self.transactionsPerPage)
        sections.append(.table(transactionTable(explained, request, limit: limit, offset: offset)))
        let held = explained.transactions.count
        if offset > 0 || held > limit {
            sections.append(.html(pager(request, limit: limit, offset: offset, total: held)))
        }
        let run = explained.run
        sections.append(
            .html(
                "<section class=\"sources\"><h2>" + l.pick("Source", "Fuente") + "</h2><p>"
                    + HTML.escape(
                        "\(run.fileLabel) — \(run.publisher ?? "?"), " + l.pick("vintage", "versión")
                            + " \(run.vintage ?? "?"), sha256 \(run.sha256), " + l.pick("line", "línea")
                            + " \(activity.line)")
                    + "</p></section>"))
        return (title, sections)
    }

    /// Who the program's money is for: each recipient its transactions are split to, with its converted money by
    /// measure (never added across measures) and the fiscal years of its parts; the largest disbursed first.
    func recipientTable(
        _ recipients: [String: RecipientMoney], measures: [Measure], unconverted: Int, _ request: PageRequest
    ) -> DataTable {
        let l = request.language
        let order = recipients.sorted { a, b in
            let (x, y) = (a.value.cents, b.value.cents)
            return ((x[.disbursement] ?? 0), (x[.commitment] ?? 0), b.key)
                > ((y[.disbursement] ?? 0), (y[.commitment] ?? 0), a.key)
        }
        var caption = l.pick(
            "Recipients: each one's part of the money, in scope or not (USD)",
            "Receptores: la parte de los montos de cada uno, en el ámbito o no (USD)")
        if unconverted > 0 {
            caption += l.pick(
                "; \(unconverted) parts with no exchange rate are left out, the JSON lists them",
                "; \(unconverted) partes sin tipo de cambio no figuran, el JSON las lista")
        }
        return DataTable(
            id: "recipients", caption: caption,
            columns: [l.pick("Recipient", "Receptor")] + measures.map { l.measure($0).capitalized } + [
                l.pick("Fiscal years", "Años fiscales")
            ],
            numeric: Set(measures.indices.map { $0 + 1 }),
            rows: order.map { key, money in
                // The CSV keeps the recipient's key (`MX`, `region:380`, `code:1000`); the page names it.
                var recipient = DataTable.Cell.shown(
                    key, as: key == "none" ? l.pick("No recipient", "Sin receptor") : l.countryName(key))
                if key != "none" { recipient.link = request.link("/countries/" + key) }
                return [recipient] + measures.map { money.cents[$0].map(DataTable.Cell.money) ?? "" } + [
                    DataTable.Cell.shown(
                        money.years.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "",
                        as: money.years.map(l.fiscalYears) ?? "–")
                ]
            })
    }

    /// The transactions a program page shows at a time (`limit` and `offset` page through them); its CSV has all.
    static let transactionsPerPage = 200

    /// Every transaction's parts, as `atalaya explain` prints them: where each part went, the rule that placed it,
    /// its amount in USD (and as reported when any part was in another currency), its fiscal year and its caveats
    /// (when any part has one); a transaction of a type that is no measure (incoming funds, a loan repayment) is
    /// listed as not counted. The page shows `limit` transactions from `offset`, oldest first; the CSV has every one.
    func transactionTable(_ explained: ExplainedActivity, _ request: PageRequest, limit: Int, offset: Int) -> DataTable
    {
        let l = request.language
        // The columns are those of the whole program, whichever page is shown.
        let parts = explained.transactions.flatMap(\.parts)
        let showsReported = parts.contains { $0.currency != "USD" }
        let showsCaveats = parts.contains { !$0.flags.isEmpty }
        let all = explained.transactionsByDate
        let shown = request.query.string("format") == "csv" ? all[...] : all.dropFirst(offset).prefix(limit)
        var rows: [[DataTable.Cell]] = []
        for transaction in shown {
            let head = [
                DataTable.Cell(String(transaction.index + 1)), DataTable.Cell(transaction.date ?? "–"),
            ]
            guard !transaction.parts.isEmpty else {
                let value = DecimalText.formatGrouped(transaction.valueCents) + " " + (transaction.currency ?? "")
                let what =
                    Measure(iatiTransactionType: transaction.type).map { l.oneMeasure($0) + ": " + value }
                    ?? l.pick(
                        "type \(transaction.type), not a measure: \(value) not counted",
                        "tipo \(transaction.type), no es una medida: \(value) no se cuenta")
                let blanks = 4 + (showsReported ? 2 : 0) + 2 + (showsCaveats ? 1 : 0)
                rows.append(head + [DataTable.Cell(what)] + Array(repeating: "", count: blanks))
                continue
            }
            for part in transaction.parts {
                let key = part.recipient.reportKey
                let sector = part.sectorCode.map { code -> DataTable.Cell in
                    let name = part.sectorVocabulary == "1" ? sectorNames.name(code, in: l) : nil
                    let vocabulary = part.sectorVocabulary.map {
                        " (" + l.pick("vocabulary", "vocabulario") + " \($0))"
                    }
                    return DataTable.Cell.shown(code, as: name.map { "\(code) \($0)" } ?? code + (vocabulary ?? ""))
                }
                let placed: [DataTable.Cell] = [
                    DataTable.Cell.shown(part.measure.rawValue, as: l.oneMeasure(part.measure)),
                    DataTable.Cell.shown(
                        key, as: key == "none" ? l.pick("No recipient", "Sin receptor") : l.countryName(key)),
                    sector ?? DataTable.Cell.shown("", as: "–"),
                    DataTable.Cell.shown(part.pillar.rawValue, as: l.label(part.pillar)),
                    DataTable.Cell(
                        part.ruleID,
                        link: part.ruleID == Crosswalk.defaultRuleID
                            ? nil : request.link("/crosswalk") + "#rule-" + part.ruleID),
                ]
                let reported: [DataTable.Cell] =
                    showsReported
                    ? [DataTable.Cell.money(part.amountCents), DataTable.Cell(part.currency ?? "–")] : []
                let usd = [
                    part.usdCents.map(DataTable.Cell.money)
                        ?? DataTable.Cell.shown("", as: l.pick("no rate", "sin tipo de cambio")),
                    part.fiscalYear.map { DataTable.Cell.shown(String($0), as: l.fiscalYear($0)) }
                        ?? DataTable.Cell.shown("", as: "–"),
                ]
                let caveats = showsCaveats ? [DataTable.Cell(part.flags.names(l).joined(separator: "; "))] : []
                rows.append(head + placed + reported + usd + caveats)
            }
        }
        let reportedColumns = showsReported ? [l.pick("Amount", "Monto"), l.pick("Currency", "Moneda")] : []
        let columns =
            [
                l.pick("Transaction", "Transacción"), l.pick("Date", "Fecha"), l.pick("Measure", "Medida"),
                l.pick("Recipient", "Receptor"),
                l.pick("Sector", "Sector"), l.pick("Pillar", "Pilar"), l.pick("Rule", "Regla"),
            ] + reportedColumns + ["USD", l.pick("Fiscal year", "Año fiscal")]
            + (showsCaveats ? [l.pick("Caveats", "Advertencias")] : [])
        // The number, the date (kept on one line), the amounts.
        let usdColumn = 7 + reportedColumns.count
        var table = DataTable(
            id: "transactions",
            caption: l.pick(
                "Transactions, oldest first (numbered as in the file), each split into its parts, and the rule "
                    + "behind each part",
                "Transacciones, de la más antigua a la más reciente (numeradas como en el archivo), cada una "
                    + "dividida en sus partes, y la regla de cada parte")
                // A page of them says which: its first and last by date, of how many.
                + (offset > 0 || all.count > limit
                    ? DataTable.window(offset: offset, shown: shown.count, of: all.count) : ""),
            columns: columns, numeric: Set([0, 1, usdColumn] + (showsReported ? [7] : [])), rows: rows)
        if shown.isEmpty && !all.isEmpty {
            let count = DecimalText.formatCount(all.count)
            table.empty = l.pick(
                "Past the last of its \(count) transactions: the pages before this one hold them.",
                "Más allá de la última de sus \(count) transacciones: las páginas anteriores las contienen.")
        }
        return table
    }

    /// The periods monitoring files give a program, each with its run; `besideIATI` when the page also shows the
    /// program's IATI results, which these replace in the countries they cover.
    func monitoringTable(_ monitored: [StoredMonitoringPeriod], besideIATI: Bool, _ request: PageRequest) -> DataTable {
        let l = request.language
        let countries = Set(monitored.map(\.period.country)).sorted().joined(separator: ", ")
        return DataTable(
            id: "monitoring",
            caption: besideIATI
                ? l.pick(
                    "Results from the program office's monitoring data, which stand in place of the IATI results "
                        + "above in the results and reporting of \(countries)",
                    "Resultados de los datos de seguimiento de la oficina del programa, que sustituyen a los "
                        + "resultados IATI de arriba en los resultados e informes de \(countries)")
                : l.pick(
                    "Results from the program office's monitoring data (\(countries))",
                    "Resultados de los datos de seguimiento de la oficina del programa (\(countries))"),
            columns: [
                l.pick("Country", "País"), l.pick("Indicator", "Indicador"), l.pick("Period", "Período"),
                l.pick("Baseline", "Línea de base"), l.pick("Target", "Meta"), l.pick("Actual", "Real"),
                l.pick("Progress", "Avance"), l.pick("Import run", "Importación"),
            ], numeric: [3, 4, 5, 6, 7],
            rows: monitored.map { stored in
                let period = stored.period
                return [
                    DataTable.Cell(period.country), DataTable.Cell(period.indicator),
                    DataTable.Cell("\(period.periodStart) – \(period.periodEnd)"),
                    DataTable.Cell(period.baseline ?? "–"), DataTable.Cell(period.target ?? "–"),
                    DataTable.Cell(period.actual ?? "–"), DataTable.Cell(l.progress(stored.reading)),
                    DataTable.Cell(String(stored.run), link: request.runLink(stored.run)),
                ]
            })
    }

    /// The activity's budgets by fiscal year, type, status and currency, in the currency stated: planned money, apart
    /// from the transactions above and never added to them.
    func budgetTable(_ budgets: [Budget], _ request: PageRequest) -> DataTable {
        let l = request.language
        let types = ["1": l.pick("original", "original"), "2": l.pick("revised", "revisado")]
        let statuses = ["1": l.pick("indicative", "indicativo"), "2": l.pick("committed", "comprometido")]
        return DataTable(
            id: "budgets",
            caption: l.pick(
                "Budgets: planned money as the publisher states it, by U.S. fiscal year of each period's start; "
                    + "original and revised apart (a revision restates the plan), never added to the transactions",
                "Presupuestos: montos previstos según el publicador, por año fiscal de EE. UU. del inicio de cada "
                    + "periodo; original y revisado por separado (la revisión reformula el plan), nunca sumados a "
                    + "las transacciones"),
            columns: [
                l.pick("Fiscal year", "Año fiscal"), l.pick("Type", "Tipo"), l.pick("Status", "Estado"),
                l.pick("Currency", "Moneda"), l.pick("Amount", "Monto"), l.pick("Budgets", "Presupuestos"),
            ], numeric: [4, 5],
            rows: BudgetLine.lines(budgets).map { line in
                [
                    DataTable.Cell(line.fiscalYear.map { l.fiscalYear($0) } ?? "–"),
                    DataTable.Cell(line.type.map { types[$0] ?? $0 } ?? "–"),
                    DataTable.Cell(line.status.map { statuses[$0] ?? $0 } ?? "–"),
                    DataTable.Cell(line.currency ?? l.pick("none stated", "no indicada")),
                    DataTable.Cell.money(line.valueCents), DataTable.Cell.count(line.budgets),
                ]
            })
    }

    /// Commitments and disbursements per fiscal year as paired bars (SVG), never stacked together.
    func moneyChart(_ byYear: [Int: [Measure: Cents]], language l: ReportLanguage, unconverted: Int) -> String {
        // The axis reads in the unit the largest bar needs: a program of a few thousand dollars is not "0.0" million.
        let top = max(1, byYear.values.flatMap { $0.values }.map { max(0, $0) }.max() ?? 1)
        let unit = ChartUnit(highest: top)
        var out = "<section aria-labelledby=\"money-h\"><h2 id=\"money-h\">"
        out += l.pick("Money over time", "Montos en el tiempo") + " (" + unit.name(l) + ")</h2>"
        out +=
            "<p class=\"note\">"
            + l.pick(
                "All of the activity's money, in scope or not, by U.S. fiscal year; the table below splits it by pillar.",
                "Todos los montos de la actividad, en el ámbito o no, por año fiscal de EE. UU.; la tabla siguiente los "
                    + "divide por pilar.") + "</p>"
        if unconverted > 0 {
            out +=
                "<p class=\"note\">"
                + HTML.escape(
                    l.pick(
                        "\(unconverted) parts have no exchange rate and are left out of the chart; the JSON lists them.",
                        "\(unconverted) partes no tienen tipo de cambio y no figuran en el gráfico; el JSON las lista.")
                )
                + "</p>"
        }
        if byYear.values.contains(where: { $0.values.contains { $0 < 0 } }) {
            out +=
                "<p class=\"note\">"
                + HTML.escape(
                    l.pick(
                        "Negative amounts (reversals, de-obligations) are not drawn; the split table below carries them.",
                        "Los montos negativos (reversiones) no se dibujan; la tabla de división los incluye."))
                + "</p>"
        }
        let years = byYear.keys.sorted()
        guard !years.isEmpty else {
            return out + "<p>" + l.pick("No converted money.", "Sin montos convertidos.") + "</p></section>"
        }
        // Only the measures with a bar to draw: a legend entry with no bar reads as a zero.
        let series: [(Measure, String)] = [
            (.commitment, "#8c6d31"), (.disbursement, "#3182bd"), (.expenditure, "#756bb1"),
        ].filter { measure, _ in byYear.values.contains { ($0[measure] ?? 0) > 0 } }
        guard !series.isEmpty else {
            return out + "<p>"
                + l.pick(
                    "Nothing to draw: every converted amount is negative or zero.",
                    "Nada que dibujar: todos los montos convertidos son negativos o cero.") + "</p></section>"
        }
        let frame = ChartFrame(labels: years.map { l.fiscalYear($0, short: true) }, height: 220)
        var svg = frame.open(
            title: l.pick("Commitments and disbursements by fiscal year", "Compromisos y desembolsos por año fiscal"),
            id: "money-title", highest: top, unit: unit)
        for (index, year) in years.enumerated() {
            let x0 = frame.columnStart(index, inset: 0.1)
            let barWidth = frame.slot * 0.8 / Double(series.count)
            for (offset, (measure, colour)) in series.enumerated() {
                let cents = max(0, byYear[year]?[measure] ?? 0)
                guard cents > 0 else { continue }
                let h = frame.barHeight(cents, highest: top)
                let x = x0 + Double(offset) * barWidth
                svg += "<rect x=\"\(ChartFrame.fixed(x))\" y=\"\(ChartFrame.fixed(frame.baseline - h))\" "
                svg += "width=\"\(ChartFrame.fixed(barWidth))\" height=\"\(ChartFrame.fixed(h))\" fill=\"\(colour)\">"
                svg +=
                    "<title>"
                    + HTML.escape("\(l.fiscalYear(year)) \(l.measure(measure)): USD \(DecimalText.formatWhole(cents))")
                    + "</title></rect>"
            }
            svg += frame.label(index)
        }
        return out + svg + "</svg>"
            + ChartFrame.legend(series.map { (colour: $0.1, label: l.measure($0.0)) }) + "</section>"
    }

    /// For an implementing organisation, the recipients it counts as a partner-country body of in the local-ownership
    /// share, each with the evidence (`MX:legal_form` in the CSV), or a dash (empty in the CSV) when none; empty for
    /// the other roles.
    static func partnerCountryCell(_ org: Organisation, countries: [String], _ l: ReportLanguage) -> DataTable.Cell {
        guard org.role == "4" else { return "" }
        let implementer = Implementer(org)
        let found = countries.compactMap { code in implementer.localEvidence(to: code).map { (code, $0) } }
        guard !found.isEmpty else { return .shown("", as: "–") }
        return .shown(
            found.map { "\($0):\($1.rawValue)" }.joined(separator: " "),
            as: found.map { "\($0) (\($1.label(in: l)))" }.joined(separator: ", "))
    }

    /// The IATI OrganisationRole name.
    static func role(_ code: String?, _ l: ReportLanguage) -> String {
        switch code {
        case "1": l.pick("Funding", "Financiador")
        case "2": l.pick("Accountable", "Responsable")
        case "3": l.pick("Extending", "Gestor")
        case "4": l.pick("Implementing", "Ejecutor")
        default: code ?? "–"
        }
    }
}

/// One recipient's converted money by measure and the fiscal years of its parts, converted or not.
struct RecipientMoney: Sendable {
    /// Converted USD cents by measure.
    var cents: [Measure: Cents] = [:]
    /// The first and last fiscal years of its dated parts.
    var years: ClosedRange<Int>?

    /// Counts one part: its USD when converted, its fiscal year when dated.
    mutating func add(_ part: Allocation) {
        if let usd = part.usdCents { cents[part.measure, default: 0] += usd }
        if let year = part.fiscalYear {
            years = years.map { min($0.lowerBound, year)...max($0.upperBound, year) } ?? year...year
        }
    }
}
