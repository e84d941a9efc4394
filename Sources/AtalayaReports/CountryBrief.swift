public import AtalayaDomain
public import AtalayaStore
import Foundation

// MARK: - The country brief: one printable page for a policymaker

/// Everything one country's brief shows, gathered from the ledger.
public struct CountryBrief: Sendable {
    /// The country (ISO alpha-2).
    public var country: String
    /// The date the brief is written for.
    public var asOf: String
    /// The source of the money figures.
    public var source: PortfolioQuery.Source
    /// The measure of the money figures.
    public var measure: Measure
    /// In-scope money by fiscal year and pillar (converted or current USD cents), oldest year first: every year of
    /// `years` (a year with none has no pillar), or none when no year holds money.
    public var mix: [(year: Int, byPillar: [Pillar: Cents])]
    /// The import runs each year of `mix` sums, sorted (each in `sources`); none for a year with no money.
    public var runsByYear: [Int: [Int64]] = [:]
    /// Why shares are not shown for this source, if so.
    public var sharesWithheld: String?
    /// What the source covers and leaves out.
    public var coverage: [String]
    /// The latest value of each context series (one per source, edition and indicator), with the earliest too.
    public var context: [(latest: SeriesPoint, earliest: SeriesPoint?)]
    /// The watch signals.
    public var signals: [Signal]
    /// The accountability checks of the country's IATI programs.
    public var accountability: AccountabilitySummary?
    /// Local-ownership and multilateral shares.
    public var ownership: OwnershipShares?
    /// Indicator progress.
    public var results: ResultsStatus?
    /// Other publishers' money on the same purpose codes.
    public var burdenSharing: BurdenSharing?
    /// The IATI programs the accountability check counts as an aged pipeline, each with its facts.
    public var agedPipeline: [ProgramAccountability]
    /// The latest engagements, newest first.
    public var engagements: [Engagement]
    /// The largest programs.
    public var programs: [ProgramTotal]
    /// The import runs behind the money figures.
    public var sources: [ImportRun]
    /// The crosswalk in force.
    public var crosswalk: String?
    /// The first fiscal year the data does not cover in full (its vintage falls inside it), if shown.
    public var partialFrom: (year: Int, vintage: String)?
    /// The fiscal years the money covers (`BriefBuilder.window`), when known.
    public var years: ClosedRange<Int>?

    /// Creates a brief.
    public init(
        country: String, asOf: String, source: PortfolioQuery.Source, measure: Measure,
        mix: [(year: Int, byPillar: [Pillar: Cents])], sharesWithheld: String?, coverage: [String],
        context: [(latest: SeriesPoint, earliest: SeriesPoint?)], signals: [Signal], engagements: [Engagement],
        programs: [ProgramTotal], sources: [ImportRun], crosswalk: String?, years: ClosedRange<Int>? = nil,
        partialFrom: (year: Int, vintage: String)? = nil, accountability: AccountabilitySummary? = nil,
        ownership: OwnershipShares? = nil, results: ResultsStatus? = nil, burdenSharing: BurdenSharing? = nil,
        agedPipeline: [ProgramAccountability] = []
    ) {
        self.agedPipeline = agedPipeline
        self.burdenSharing = burdenSharing
        self.ownership = ownership
        self.results = results
        self.partialFrom = partialFrom
        self.years = years
        self.accountability = accountability
        self.country = country
        self.asOf = asOf
        self.source = source
        self.measure = measure
        self.mix = mix
        self.sharesWithheld = sharesWithheld
        self.coverage = coverage
        self.context = context
        self.signals = signals
        self.engagements = engagements
        self.programs = programs
        self.sources = sources
        self.crosswalk = crosswalk
    }

    /// The shares over every year shown.
    public var totalMix: PortfolioMix {
        var byPillar: [Pillar: Cents] = [:]
        for year in mix { for (pillar, cents) in year.byPillar { byPillar[pillar, default: 0] += cents } }
        return PortfolioMix(byPillar: byPillar)
    }
}

/// The language of a brief.
public typealias BriefLanguage = ReportLanguage

/// Renders a `CountryBrief` as Markdown or as a self-contained HTML page with an SVG chart.
public struct CountryBriefRenderer: Sendable {
    /// The brief.
    public var brief: CountryBrief
    /// The language.
    public var language: BriefLanguage

    /// Creates a renderer.
    public init(brief: CountryBrief, language: BriefLanguage) {
        self.brief = brief
        self.language = language
    }

    private func t(_ english: String, _ spanish: String) -> String { language == .en ? english : spanish }

    /// The recipient's name: a country's, a region's (`South America, regional`), a non-ISO code as such.
    private var countryName: String { language.countryName(brief.country) }

    private func label(_ pillar: Pillar) -> String { language == .en ? pillar.label : pillar.labelES }

    private var measureWord: String { language.measure(brief.measure) }

    /// USD millions to one decimal, rounded in integers (money never passes through floating point).
    private func money(_ cents: Cents) -> String {
        cents == 0 ? "0.0" : PortfolioReport.millions(cents)
    }

    private var title: String {
        t("\(countryName): security cooperation brief", "\(countryName): nota sobre cooperación en seguridad")
    }

    private var subtitle: String {
        t(
            "As of \(brief.asOf). Money \(language.fromSource(brief.source)) (\(measureWord), U.S. dollars, U.S. "
                + "fiscal years "
                + "October–September).",
            "Al \(brief.asOf). Montos \(language.fromSource(brief.source)) (\(measureWord), dólares de EE. UU., "
                + "años fiscales de "
                + "EE. UU., octubre–septiembre).")
    }

    /// The largest programs' heading: the years and the measure their figures sum, those of the money section (a
    /// program's in-scope money in that window, not its whole life); plain when none is listed.
    private var programsHeading: String {
        let plain = t("Largest programs", "Programas más grandes")
        guard !brief.programs.isEmpty else { return plain }
        let years = (brief.mix.isEmpty ? nil : brief.years).map { ", " + language.fiscalYears($0) } ?? ""
        return plain + years + t(" (in-scope \(measureWord), USD)", " (\(measureWord) en el ámbito, USD)")
    }

    /// The money section's heading, with the fiscal years it covers when known and some hold money (with none, every
    /// year to the as-of date's was looked at).
    private var moneyHeading: String {
        let years = (brief.mix.isEmpty ? nil : brief.years).map {
            ", " + language.fiscalYears($0)
        }
        return t("Where the money goes", "A dónde va el dinero") + (years ?? "") + " (USD " + t("millions", "millones")
            + ")"
    }

    private var sharesLine: String {
        if let withheld = brief.sharesWithheld {
            return t("Shares not computed: ", "Proporciones no calculadas: ") + language.sentence(withheld) + "."
        }
        let mix = brief.totalMix
        guard mix.classifiedTotal > 0 else {
            // Shares of nothing (or of a net negative, money taken back) would be figures with no meaning.
            return mix.classifiedTotal == 0
                ? t(
                    "Beyond interdiction and institution building: not measurable; no classified security cooperation "
                        + "in this source.",
                    "Más allá de la interdicción y fortalecimiento institucional: no medible; no hay cooperación en "
                        + "seguridad clasificada en esta fuente.")
                : t(
                    "Beyond interdiction and institution building: not measurable; classified security cooperation "
                        + "nets to less than zero in this source (money taken back).",
                    "Más allá de la interdicción y fortalecimiento institucional: no medible; la cooperación en "
                        + "seguridad clasificada suma menos de cero en esta fuente (fondos devueltos).")
        }
        let percent = { (share: Double?) in share.map { ShareText.percent($0) } ?? t("n/a", "s/d") }
        return t(
            "Beyond interdiction: \(percent(mix.beyondInterdictionShare)) of classified security cooperation went to "
                + "pillars other than interdiction; institution building (police, justice, anti-corruption, "
                + "governance): \(percent(mix.institutionBuildingShare)).",
            "Más allá de la interdicción: \(percent(mix.beyondInterdictionShare)) de la cooperación en seguridad "
                + "clasificada fue a pilares distintos de la interdicción; fortalecimiento institucional (policía, "
                + "justicia, anticorrupción, gobernanza): \(percent(mix.institutionBuildingShare)).")
    }

    private func signalName(_ kind: Signal.Kind) -> String { language.signalName(kind) }

    private func seriesName(_ point: SeriesPoint) -> String { ContextSeries.name(point.indicator, in: language) }

    private func value(_ point: SeriesPoint) -> String { ContextSeries.text(point) }

    /// The change from the earliest value to the latest, with the margin's verdict where there is one; a dash
    /// when there is one value only.
    private func change(_ earliest: SeriesPoint?, _ latest: SeriesPoint) -> String {
        earliest.map { ContextSeries.changeCell(from: $0, to: latest, in: language) } ?? "–"
    }

    private var glossary: [String] {
        [
            t(
                "Pillars are where Atalaya's crosswalk places each dollar by its sector, account or keywords; every "
                    + "figure can be traced to its rule with `atalaya explain`.",
                "Los pilares son donde la tabla de correspondencias de Atalaya ubica cada dólar según su sector, cuenta "
                    + "o palabras clave; cada cifra puede rastrearse hasta su regla con `atalaya explain`.")
        ]
            // The WGI scale is explained only beside WGI figures.
            + (brief.context.contains { $0.latest.source == .wgi }
                ? [
                    t(
                        "WGI estimates run from about −2.5 to +2.5 (higher is better); the ± is the published standard "
                            + "error; \"within the margin\": the 90% intervals overlap.",
                        "Las estimaciones WGI van de −2.5 a +2.5 aproximadamente (más alto es mejor); el ± es el error "
                            + "estándar publicado; «dentro del margen»: los intervalos del 90% se superponen.")
                ] : [])
            // So is GI-TOC's, whose editions score countries afresh and are never joined into one line.
            + (brief.context.contains { $0.latest.source == .gitoc }
                ? [
                    t(
                        "GI-TOC scores run from 1 to 10 (higher resilience is better); each edition is its own "
                            + "assessment, so only its own years are compared.",
                        "Las puntuaciones del GI-TOC van de 1 a 10 (más resiliencia es mejor); cada edición es una "
                            + "evaluación propia, así que solo se comparan sus propios años.")
                ] : [])
            // And the rule-of-law and corruption indices', when shown.
            + (brief.context.contains { $0.latest.indicator == "wjp.overall" || $0.latest.indicator == "cpi.score" }
                ? [
                    t(
                        "WJP scores run from 0 to 1 and Transparency International's CPI from 0 (highly corrupt) to "
                            + "100 (very clean); higher is better. The CPI compares across years from 2012, when its "
                            + "method changed.",
                        "El WJP va de 0 a 1 y el IPC de Transparency International de 0 (muy corrupto) a 100 (muy "
                            + "limpio); más alto es mejor. El IPC es comparable entre años desde 2012, cuando cambió su "
                            + "método.")
                ] : [])
            + [
                t(
                    "Figures beside each other show association, never cause.",
                    "Las cifras juntas muestran asociación, nunca causa.")
            ]
    }

    // MARK: Markdown

    /// A note for the brief's readers, who read a page and not the command line: its options (`(--source
    /// greenbook)`) left out.
    static func forReaders(_ note: String) -> String {
        note.replacingOccurrences(of: " (--source greenbook)", with: "")
    }

    /// Escaped HTML with the Markdown's `backquoted` spans (a command) as `<code>` elements; unchanged when its
    /// backquotes do not pair.
    public static func codeSpans(_ html: String) -> String {
        let parts = html.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count > 1, parts.count % 2 == 1 else { return html }
        return parts.enumerated().map { $0.offset % 2 == 1 ? "<code>\($0.element)</code>" : String($0.element) }
            .joined()
    }

    /// Escaped HTML with a coverage note's "the Greenbook (--source greenbook)" as a link to `href` (the same view
    /// from the Greenbook), the command line's option dropped.
    public static func linkingGreenbook(_ html: String, href: String, language: BriefLanguage) -> String {
        let name = language == .en ? "the Greenbook" : "el Greenbook"
        return html.replacingOccurrences(
            of: "\(name) (--source greenbook)", with: "<a href=\"\(escape(href))\">\(name)</a>")
    }

    /// The brief as Markdown (the chart as a table).
    public func markdown() -> String {
        var out = "# \(title)\n\n\(subtitle)\n\n"
        out +=
            "## \(moneyHeading)\n\n"
        out += mixTable()
        out += "\n\(sharesLine)\n\n"
        out += "## " + t("Signals", "Señales") + "\n\n"
        for signal in brief.signals {
            out += "- **\(signalName(signal.kind))**: \(language.status(signal.status))"
            if let value = signal.value { out += " — \(value)" }
            out += ". \(signal.explanation)\n"
        }
        if let checks = brief.accountability {
            out += "\n" + t("Accountability (IATI programs):", "Rendición de cuentas (programas IATI):") + "\n\n"
            for sentence in checks.sentences(in: language) + extraChecks { out += "- \(sentence)\n" }
        } else if let results = brief.results {
            // Results a monitoring file gives for programs the ledger holds no money for.
            out += "\n- \(results.sentence(in: language))\n"
        }
        out += "\n## " + t("Context: partner capacity", "Contexto: capacidad del socio") + "\n\n"
        if brief.context.isEmpty {
            out += t("No outcome series imported for this country.\n", "No hay series de resultados importadas.\n")
        } else {
            out +=
                "| " + t("Indicator", "Indicador") + " | " + t("Earliest", "Primero") + " | "
                + t("Latest", "Último") + " | " + t("Change", "Cambio") + " | "
                + t("Source, edition", "Fuente, edición")
                + " |\n|---|---|---|---|---|\n"
            for (latest, earliest) in brief.context {
                let first = earliest.map { "\(value($0)) (\($0.year))" } ?? "–"
                out +=
                    "| \(seriesName(latest)) | \(first) | \(value(latest)) (\(latest.year)) | \(change(earliest, latest)) | "
                    + "\(language.seriesEdition(latest)) |\n"
            }
        }
        out += "\n## " + t("Recent high-level engagements", "Contactos de alto nivel recientes") + "\n\n"
        if brief.engagements.isEmpty { out += t("None recorded.\n", "Ninguno registrado.\n") }
        for engagement in brief.engagements {
            out +=
                "- \(engagement.date) — \(language.kind(engagement.kind)), \(language.level(engagement.level)): "
                + "\(engagement.summary) ([\(t("source", "fuente"))](\(engagement.sourceURL)))\n"
        }
        out += "\n## " + programsHeading + "\n\n"
        if let note = programsNote { out += note + (brief.programs.isEmpty ? "\n" : "\n\n") }
        for program in brief.programs {
            out +=
                "- \(programTitle(program)) (`\(program.identifier)`): USD \(money(program.usdCents)) "
                + t("million", "millones") + ", \(label(program.mainPillar))\n"
        }
        out += "\n## " + t("What the figures cover, and their sources", "Qué cubren las cifras y sus fuentes") + "\n\n"
        for note in brief.coverage { out += "- \(Self.forReaders(language.sentence(note)))\n" }
        for run in brief.sources {
            out +=
                "- \(run.fileLabel) — \(run.publisher ?? "?"), " + t("vintage", "versión") + " \(run.vintage ?? "?"), "
                + "sha256 \(run.sha256.prefix(12))…\n"
        }
        if let crosswalk = brief.crosswalk {
            out += "- " + t("Crosswalk", "Tabla de correspondencias") + ": \(crosswalk)\n"
        }
        for line in glossary { out += "- \(line)\n" }
        return out
    }

    private func mixTable() -> String {
        let pillars = Pillar.allCases.filter { pillar in brief.mix.contains { ($0.byPillar[pillar] ?? 0) != 0 } }
        guard !brief.mix.isEmpty else { return t("No in-scope money in this source.\n", "Sin montos en el ámbito.\n") }
        var out =
            "| " + t("Pillar", "Pilar") + " | "
            + brief.mix.map { language.fiscalYear($0.year) + mark($0.year) }.joined(separator: " | ")
            + " |\n"
        out += "|---|" + brief.mix.map { _ in "---:|" }.joined() + "\n"
        for pillar in pillars {
            out +=
                "| \(label(pillar)) | "
                + brief.mix.map { year in year.byPillar[pillar].map(money) ?? "–" }.joined(separator: " | ") + " |\n"
        }
        return out + yearNote.map { "\n\($0)\n" }.joined()
    }

    private var extraChecks: [String] {
        (brief.ownership?.sentences(in: language) ?? []) + (brief.results.map { [$0.sentence(in: language)] } ?? [])
            + (brief.burdenSharing.map { [$0.sentence(in: language)] } ?? [])
    }

    private func mark(_ year: Int) -> String {
        guard let partial = brief.partialFrom, year >= partial.year else { return "" }
        return "*"
    }

    /// Under the money: that its last year is partial, or else, when its years end before the as-of date's, that
    /// nothing later is held (a source whose figures end early, such as the Greenbook).
    private var yearNote: [String] {
        if let partial = brief.partialFrom, brief.mix.contains(where: { $0.year >= partial.year }) {
            return [
                PortfolioReport.partialYearNote(
                    partial, yearText: language.fiscalYear(partial.year), runs: brief.sources, language: language)
            ]
        }
        guard let last = brief.mix.last?.year, let current = FiscalYearBasis.usFederal.year(of: brief.asOf),
            last < current
        else { return [] }
        let year = language.fiscalYear(last)
        return [
            t(
                "Nothing later is held: \(year) is the latest year with money \(language.fromSource(brief.source)) for "
                    + "\(countryName) up to \(brief.asOf).",
                "No hay montos posteriores: el \(year) es el último año con montos \(language.fromSource(brief.source)) "
                    + "para \(countryName) hasta el \(brief.asOf).")
        ]
    }

    // MARK: HTML

    /// The brief's stylesheet: the page on a screen of any width, and on paper one sheet.
    public static let stylesheet = """
        body{font:15px/1.45 system-ui,sans-serif;color:#1a1a1a;max-width:52rem;margin:1.5rem auto;padding:0 1rem;
        overflow-wrap:break-word}
        h1{font-size:1.5rem;margin:0}h2{font-size:1.1rem;margin:1.2rem 0 .4rem}
        table{border-collapse:collapse}th,td{padding:.2rem .6rem;border-bottom:1px solid #ccc;text-align:left}
        .table{overflow-x:auto}@media (max-width:40rem){th,td{padding:.2rem .3rem}}
        .why{color:#444}footer{font-size:13px;color:#333}
        \(ChartFrame.css)
        @media print{@page{margin:9mm 11mm}body{margin:0;max-width:none;font-size:10px;line-height:1.25}
        h1{font-size:15px}h2{font-size:11.5px;margin:.3rem 0 .1rem}ul{margin:.1rem 0;padding-left:1.1rem}
        p{margin:.2rem 0}svg.chart{max-height:110px}th,td{padding:0 .4rem}.context td{white-space:nowrap}
        .context,.programs{font-size:9px}
        .programs .title{display:inline-block;max-width:40%;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;
        vertical-align:bottom}
        .why{font-size:9px}footer{font-size:8px}
        footer ul{columns:2;column-gap:1.5rem}.screen{display:none}}

        """

    /// The brief as one self-contained, printable HTML page (no scripts, no external resources).
    public func html() -> String { html(stylesheetLink: nil) }

    /// The brief as one printable HTML page: its stylesheet inline, or linked from `stylesheetLink` (a server whose
    /// Content-Security-Policy allows no inline style); `lead` is HTML shown above it on a screen only, and
    /// programs link as in `htmlBody`.
    public func html(
        stylesheetLink: String?, lead: String = "", programLink: ((String) -> String)? = nil,
        greenbookLink: String? = nil
    ) -> String {
        let style =
            stylesheetLink.map { "<link rel=\"stylesheet\" href=\"\(Self.escape($0))\">" }
            ?? "<style>\n\(Self.stylesheet)</style>"
        return """
            <!doctype html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Self.escape(title))</title>
            \(style)</head><body>
            \(lead.isEmpty ? "" : "<p class=\"screen\">\(lead)</p>")<main id="main">\(htmlBody(programLink: programLink, greenbookLink: greenbookLink))</main>
            </body></html>

            """
    }

    /// The page title.
    public var pageTitle: String { title }

    /// What the largest programs are, or why there are none, for the source.
    var programsNote: String? {
        switch brief.source {
        case .greenbook:
            t(
                "The Greenbook names accounts, not programs; ForeignAssistance.gov and IATI name them.",
                "El Greenbook nombra cuentas, no programas; ForeignAssistance.gov e IATI los nombran.")
        case .fa:
            brief.programs.isEmpty
                ? t(
                    "No ForeignAssistance.gov activity with in-scope money for this country in the detail imported.",
                    "Ninguna actividad de ForeignAssistance.gov con montos en el ámbito para este país en el detalle "
                        + "importado.")
                : t(
                    "ForeignAssistance.gov activities by their activity ID, in-scope money of the detail imported; "
                        + "rows without an ID are not ranked.",
                    "Actividades de ForeignAssistance.gov por su ID de actividad, montos en el ámbito del detalle "
                        + "importado; las filas sin ID no se ordenan.")
        case .iati:
            brief.programs.isEmpty
                ? t(
                    "No IATI activity with in-scope money for this country.",
                    "Ninguna actividad IATI con montos en el ámbito para este país.") : nil
        }
    }

    /// A program's title, or what stands for one the publisher redacted.
    func programTitle(_ program: ProgramTotal) -> String {
        program.title.isEmpty
            ? t("(name redacted by the publisher)", "(nombre omitido por el publicador)") : program.title
    }

    /// The brief's content as HTML elements (header, sections, footer), for embedding in another page; programs
    /// link to `programLink(identifier)` when given.
    public func htmlBody(programLink: ((String) -> String)? = nil, greenbookLink: String? = nil) -> String {
        let markdownless = { (text: String) in Self.escape(text) }
        var body = "<header><h1>\(Self.escape(title))</h1><p>\(Self.escape(subtitle))</p></header>\n"
        body +=
            "<section><h2>\(Self.escape(moneyHeading))</h2>\n"
        body += chart() + "\n" + yearNote.map { "<p>\(Self.escape($0))</p>" }.joined()
        body += "<p>\(markdownless(sharesLine))</p></section>\n"
        body += "<section><h2>" + t("Signals", "Señales") + "</h2><ul>"
        for signal in brief.signals {
            body +=
                "<li><strong>\(Self.escape(signalName(signal.kind)))</strong>: \(Self.escape(language.status(signal.status)))"
            if let value = signal.value { body += " — \(Self.escape(value))" }
            body += ". <span class=\"why\">\(Self.escape(signal.explanation))</span></li>"
        }
        body += "</ul>"
        if let checks = brief.accountability {
            body += "<p>" + t("Accountability (IATI programs):", "Rendición de cuentas (programas IATI):") + "</p><ul>"
            for sentence in checks.sentences(in: language) + extraChecks {
                body += "<li>\(Self.escape(sentence))</li>"
            }
            body += "</ul>"
        } else if let results = brief.results {
            body += "<ul><li>\(Self.escape(results.sentence(in: language)))</li></ul>"
        }
        body += "</section>\n"
        body += "<section><h2>" + t("Context: partner capacity", "Contexto: capacidad del socio") + "</h2>"
        if brief.context.isEmpty {
            body +=
                "<p>" + t("No outcome series imported for this country.", "No hay series de resultados importadas.")
                + "</p>"
        } else {
            body +=
                "<div class=\"table\"><table class=\"context\"><caption>"
                + t("Outcome indicators, earliest and latest", "Indicadores de resultado, primero y último")
                + "</caption><thead><tr><th scope=\"col\">" + t("Indicator", "Indicador") + "</th><th scope=\"col\">"
                + t("Earliest", "Primero") + "</th><th scope=\"col\">" + t("Latest", "Último")
                + "</th><th scope=\"col\">" + t("Change", "Cambio") + "</th><th scope=\"col\">"
                + t("Source, edition", "Fuente, edición") + "</th></tr></thead><tbody>"
            for (latest, earliest) in brief.context {
                body +=
                    "<tr><th scope=\"row\">\(Self.escape(seriesName(latest)))</th><td>"
                    + (earliest.map { Self.escape("\(value($0)) (\($0.year))") } ?? "–") + "</td><td>"
                    + Self.escape("\(value(latest)) (\(latest.year))") + "</td><td>"
                    + Self.escape(change(earliest, latest)) + "</td><td>"
                    + Self.escape(language.seriesEdition(latest)) + "</td></tr>"
            }
            body += "</tbody></table></div>"
        }
        body +=
            "</section>\n<section><h2>" + t("Recent high-level engagements", "Contactos de alto nivel recientes")
            + "</h2><ul>"
        if brief.engagements.isEmpty { body += "<li>" + t("None recorded.", "Ninguno registrado.") + "</li>" }
        for engagement in brief.engagements {
            body +=
                "<li>\(Self.escape(engagement.date)) — \(Self.escape(language.kind(engagement.kind))): "
                + "\(Self.escape(engagement.summary)) <a href=\"\(Self.escape(engagement.sourceURL))\">"
                + t("source", "fuente") + "</a></li>"
        }
        body += "</ul></section>\n<section><h2>" + Self.escape(programsHeading) + "</h2>"
        if let note = programsNote { body += "<p>\(Self.escape(note))</p>" }
        // On paper a long title ends in "…" so that each program takes a line, its figures whole.
        body += "<ul class=\"programs\">"
        // IATI activities have a page of their own; ForeignAssistance.gov's are known by their ID only.
        let programLink = brief.source == .iati ? programLink : nil
        for program in brief.programs {
            body +=
                "<li><span class=\"title\">\(Self.escape(programTitle(program)))</span> ("
                + (programLink.map {
                    "<a href=\"\(Self.escape($0(program.identifier)))\"><code>\(Self.escape(program.identifier))</code></a>"
                } ?? "<code>\(Self.escape(program.identifier))</code>") + "): USD "
                + "\(money(program.usdCents)) " + t("million", "millones")
                + ", \(Self.escape(label(program.mainPillar)))</li>"
        }
        body +=
            "</ul></section>\n<footer><h2>"
            + t("What the figures cover, and their sources", "Qué cubren las cifras y sus fuentes")
            + "</h2><ul>"
        for note in brief.coverage.map(language.sentence) {
            body +=
                "<li>"
                + (greenbookLink.map { Self.linkingGreenbook(Self.escape(note), href: $0, language: language) }
                    ?? Self.escape(Self.forReaders(note))) + "</li>"
        }
        for note in glossary { body += "<li>\(Self.codeSpans(Self.escape(note)))</li>" }
        for run in brief.sources {
            body +=
                "<li>"
                + Self.escape(
                    "\(run.fileLabel) — \(run.publisher ?? "?"), " + t("vintage", "versión")
                        + " \(run.vintage ?? "?"), sha256 \(run.sha256.prefix(12))…"
                )
                + "</li>"
        }
        if let crosswalk = brief.crosswalk {
            body += "<li>" + t("Crosswalk", "Tabla de correspondencias") + ": \(Self.escape(crosswalk))</li>"
        }
        body += "</ul></footer>"
        return body
    }

    /// A stacked bar per fiscal year, one colour per pillar, with a legend; drawn in Swift as SVG.
    func chart() -> String {
        guard !brief.mix.isEmpty else { return "<p>" + t("No in-scope money in this source.", "Sin montos.") + "</p>" }
        return PillarBarChart(
            columns: brief.mix.map {
                (label: language.fiscalYear($0.year, short: true) + mark($0.year), byPillar: $0.byPillar)
            },
            title: t(
                "In-scope money by pillar and fiscal year, USD millions",
                "Montos por pilar y año fiscal, millones de USD"),
            language: language
        ).svg()
    }

    /// Escapes text for HTML content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
