import AtalayaDomain
import AtalayaReports

// MARK: - Server-rendered pages: the layout every page shares, and tables that download as CSV

/// HTML escaping for text and attribute values.
enum HTML {
    /// Escapes `&`, `<`, `>`, `"` and `'`.
    static func escape(_ text: String) -> String { CountryBriefRenderer.escape(text) }
}

/// One page in the site's layout: skip link, navigation, language switch, main content, footer.
struct Page: Sendable {
    /// The document title.
    var title: String
    /// The page language.
    var language: ReportLanguage
    /// The request path, for the language switch.
    var path: String
    /// The request's query, for the language switch.
    var query: QueryItems
    /// The main content, already HTML.
    var body: String
    /// The one country a partner's server answers for: its navigation leads to that country, not the region, and
    /// leaves out the import history it does not show.
    var partner: String?

    init(
        title: String, language: ReportLanguage, path: String, query: QueryItems, body: String, partner: String? = nil
    ) {
        self.title = title
        self.language = language
        self.path = path
        self.query = query
        self.body = body
        self.partner = partner
    }

    init(
        title: String, language: ReportLanguage, path: String, query: [String: String], body: String,
        partner: String? = nil
    ) {
        self.init(
            title: title, language: language, path: path,
            query: QueryItems(pairs: query.map { ($0.key, $0.value) }), body: body, partner: partner)
    }

    /// The whole document. Styles come from `/assets/atalaya.css` (the CSP allows no inline style or script).
    func render() -> String {
        let l = language
        let other: ReportLanguage = l == .en ? .es : .en
        // The switch names its language: a reader's choice holds against what their browser prefers.
        let switchLink = HTML.escape(path + query.setting("lang", other.rawValue).encoded)
        // Links keep the language as `PageRequest.link` does.
        let carried = query.carriesLanguage(l)
        let lang = carried ? "?lang=\(l.rawValue)" : ""
        var links: [(String, String)] = [
            ("/", partner.map { l.countryName($0) } ?? l.pick("Region", "Región")),
            ("/signals", l.pick("Signals", "Señales")), ("/results", l.pick("Results", "Resultados")),
            ("/search", l.pick("Search", "Buscar")),
            ("/crosswalk", l.pick("Crosswalk", "Correspondencias")),
        ]
        // A partner's server does not show the import history.
        if partner == nil { links.append(("/imports", l.pick("Imports", "Importaciones"))) }
        links.append(("/api/v1/openapi.yaml", "API"))
        let nav = links.map {
            "<li><a href=\"\($0.0)\($0.0.hasPrefix("/api") ? "" : lang)\">\(HTML.escape($0.1))</a></li>"
        }.joined()
        return """
            <!doctype html>
            <html lang="\(l.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · Atalaya</title>
            <link rel="stylesheet" href="/assets/atalaya.css">
            <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
            </head><body>
            <a class="skip" href="#main">\(l.pick("Skip to content", "Ir al contenido"))</a>
            <header class="site"><a class="brand" href="/\(lang)">Atalaya</a>
            <nav aria-label="\(l.pick("Main", "Principal"))"><ul>\(nav)</ul></nav>
            <form class="search" action="/search" method="get" role="search">
            <label for="site-q">\(l.pick("Search programs", "Buscar programas"))</label>
            <input id="site-q" name="q" type="search" maxlength="200">\(carried ? "<input type=\"hidden\" name=\"lang\" value=\"\(l.rawValue)\">" : "")
            <button type="submit">\(l.pick("Search", "Buscar"))</button></form>
            <a class="lang" href="\(switchLink)" hreflang="\(other.rawValue)" lang="\(other.rawValue)">\(other == .es ? "Español" : "English")</a>
            </header>
            <main id="main">
            \(body)
            </main>
            <footer class="site"><p>\(l.pick(
                "Figures name their measure, currency, fiscal year and source file. Sources are never added together; a correlation is not a cause.",
                "Cada cifra indica su medida, moneda, año fiscal y archivo de origen. Las fuentes nunca se suman; una correlación no es una causa."))</p></footer>
            </body></html>

            """
    }
}

/// A table shown on a page and downloadable as CSV (`?format=csv&table=ID`).
struct DataTable: Sendable {
    /// Where a page of a longer list is, for its caption: ` (51–100 / 1,234)`, or ` (0 / 160)` past the last.
    static func window(offset: Int, shown: Int, of total: Int) -> String {
        " (" + (shown == 0 ? "0" : "\(offset + 1)–\(offset + shown)") + " / " + DecimalText.formatCount(total) + ")"
    }

    /// The identifier used in the download link.
    var id: String
    /// The caption.
    var caption: String
    /// The column headers.
    var columns: [String]
    /// Indexes of numeric columns (right-aligned).
    var numeric: Set<Int>
    /// The rows, each cell text with an optional link.
    var rows: [[Cell]]
    /// Indexes of columns only the CSV has (a whole SHA-256 that the page's row links to).
    var csvOnly: Set<Int>
    /// An anchor for each row (`rule-dac-justice`), for links into the table; none when nil.
    var rowIDs: [String]?
    /// Columns the CSV adds after the others, each with the same value in every row: what the figures are (a money
    /// table's source, measure, currency and runs), which the page says around the table and a file alone would not.
    var context: [(name: String, value: String)]
    /// The import runs each row sums, in row order: the CSV's `runs` column gives each row its own in place of the
    /// table's (`context`); nil where the rows' runs are not known apart.
    var rowRuns: [[Int64]]?
    /// What the page says in place of rows when there are none, its `backquoted` commands as code; nil says
    /// "Nothing to show."
    var empty: String?

    /// A table cell.
    struct Cell: Sendable, ExpressibleByStringLiteral {
        /// The value as the CSV has it.
        var text: String
        var link: String?
        /// What the page shows instead of `text`, when it differs.
        var shown: String?
        /// Whether the page shows the text's `backquoted` spans (commands) as code.
        var showsCommands = false

        init(_ text: String, link: String? = nil) {
            self.text = text
            self.link = link
        }

        init(stringLiteral value: String) { self.init(value) }

        /// A value the CSV keeps whole and the page shortens (a date without its time, a SHA-256's first digits).
        static func shown(_ text: String, as shown: String) -> Cell {
            var cell = Cell(text)
            cell.shown = shown
            return cell
        }

        /// A message the CSV keeps as stored and the page shows as `shown`, its `backquoted` commands as code.
        static func message(_ text: String, as shown: String) -> Cell {
            var cell = Cell.shown(text, as: shown)
            cell.showsCommands = true
            return cell
        }

        /// A count: bare in the CSV, with thousands separators on the page.
        static func count(_ value: Int) -> Cell { shown(String(value), as: DecimalText.formatCount(value)) }

        /// Money in dollars: exact in the CSV (`1234567.89`), whole dollars with thousands separators on the page
        /// (`1,234,568`), as the command line's tables print it.
        static func money(_ cents: Cents) -> Cell {
            var cell = Cell(DecimalText.format(cents))
            cell.shown = DecimalText.formatWhole(cents)
            return cell
        }
    }

    init(
        id: String, caption: String, columns: [String], numeric: Set<Int> = [], rows: [[Cell]], csvOnly: Set<Int> = [],
        rowIDs: [String]? = nil, context: [(name: String, value: String)] = [], rowRuns: [[Int64]]? = nil
    ) {
        self.context = context
        self.rowRuns = rowRuns
        self.id = id
        self.caption = caption
        self.columns = columns
        self.numeric = numeric
        self.rows = rows
        self.csvOnly = csvOnly
        self.rowIDs = rowIDs
    }

    /// How many shown columns make a table `wide` (set smaller by the stylesheet).
    static let wideColumns = 10

    /// The table as HTML with a CSV download link built from the page's query.
    func html(path: String, query: QueryItems, language: ReportLanguage) -> String {
        let download = path + query.setting("format", "csv").setting("table", id).encoded
        // Ten columns or more (the region's pillars by year on ForeignAssistance.gov) are set smaller, so that a
        // desktop shows the last column without scrolling sideways.
        let wide = columns.count - csvOnly.count >= Self.wideColumns ? " class=\"wide\"" : ""
        var out = "<div class=\"table\"><table id=\"table-\(HTML.escape(id))\"\(wide)><caption>\(HTML.escape(caption)) "
        out += "<a class=\"download\" href=\"\(HTML.escape(download))\">"
        out += language.pick("Download CSV", "Descargar CSV") + "</a></caption><thead><tr>"
        for (index, column) in columns.enumerated() where !csvOnly.contains(index) {
            out += "<th scope=\"col\"\(numeric.contains(index) ? " class=\"num\"" : "")>\(HTML.escape(column))</th>"
        }
        out += "</tr></thead><tbody>"
        if rows.isEmpty {
            out +=
                "<tr><td colspan=\"\(columns.count - csvOnly.count)\">"
                + (empty.map { CountryBriefRenderer.codeSpans(HTML.escape($0)) }
                    ?? language.pick("Nothing to show.", "Nada que mostrar."))
            out += "</td></tr>"
        }
        for (number, row) in rows.enumerated() {
            out += rowIDs.map { "<tr id=\"\(HTML.escape($0[number]))\">" } ?? "<tr>"
            for (index, cell) in row.enumerated() where !csvOnly.contains(index) {
                let tag = index == 0 ? "th scope=\"row\"" : "td"
                let close = index == 0 ? "th" : "td"
                let escaped = HTML.escape(cell.shown ?? cell.text)
                let text = cell.showsCommands ? CountryBriefRenderer.codeSpans(escaped) : escaped
                let content = cell.link.map { "<a href=\"\(HTML.escape($0))\">\(text)</a>" } ?? text
                out += "<\(tag)\(numeric.contains(index) ? " class=\"num\"" : "")>\(content)</\(close)>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    /// The table as RFC 4180 CSV; cells a spreadsheet would run as a formula are neutralised.
    func csv() -> String {
        let values = context.map(\.value)
        let runsColumn = context.firstIndex { $0.name == "runs" }
        let lines = rows.enumerated().map { number, row in
            var own = values
            if let runsColumn, let rowRuns, rowRuns.indices.contains(number) {
                own[runsColumn] = rowRuns[number].map(String.init).joined(separator: " ")
            }
            return row.map(\.text) + own
        }
        return ([columns + context.map(\.name)] + lines)
            .map { $0.map(CSVField.escape).joined(separator: ",") }
            .joined(separator: "\r\n") + "\r\n"
    }
}

/// Labels shared by pages.
extension ReportLanguage {
    /// A pillar's name in this language.
    func label(_ pillar: Pillar) -> String { self == .en ? pillar.label : pillar.labelES }

    /// A share as a whole percentage, `n/a` when there is none.
    func percent(_ share: Double?) -> String {
        share.map { ShareText.percent($0) } ?? pick("n/a", "s/d")
    }
}
