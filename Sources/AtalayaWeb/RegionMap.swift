import AtalayaDomain

// MARK: - The region as a tile grid: one square per country, coloured by beyond-interdiction share

/// A tile-grid map of Latin America and the Caribbean, drawn as SVG; each tile links to its country page.
struct RegionMap: Sendable {
    /// Grid positions (column, row), west to east and north to south.
    static let tiles: [String: (column: Int, row: Int)] = [
        "MX": (0, 0), "CU": (4, 0), "BS": (5, 0),
        "GT": (1, 1), "BZ": (2, 1), "JM": (4, 1), "HT": (5, 1), "DO": (6, 1), "KN": (8, 1), "AG": (9, 1),
        "SV": (1, 2), "HN": (2, 2), "DM": (9, 2),
        "NI": (2, 3), "VC": (8, 3), "LC": (9, 3), "BB": (10, 3),
        "CR": (2, 4), "PA": (3, 4), "GD": (9, 4),
        "CO": (4, 5), "VE": (5, 5), "GY": (6, 5), "SR": (7, 5), "TT": (9, 5),
        "EC": (3, 6), "PE": (4, 6), "BO": (5, 6), "BR": (6, 6),
        "CL": (4, 7), "PY": (5, 7), "AR": (5, 8), "UY": (6, 8),
    ]

    /// Five steps from pale to dark for 0–20 %, …, 80–100 % beyond interdiction.
    static let palette = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"]
    /// For a country with no classified money (or when shares are withheld).
    static let noData = "#d9d9d9"

    /// Each country's beyond-interdiction share (nil: no classified money).
    var shares: [String: Double?]
    /// The language of the labels.
    var language: ReportLanguage
    /// The link for a country.
    var link: @Sendable (String) -> String

    /// The fill for a share.
    static func fill(_ share: Double?) -> String {
        guard let share, !share.isNaN else { return noData }
        // Clamped before it becomes an `Int`: a share far outside 0–1 (money taken back) does not fit one.
        return palette[min(palette.count - 1, Int(min(max(share, 0), 1) * Double(palette.count)))]
    }

    /// The SVG with its legend.
    func svg() -> String {
        let size = 46.0
        let gap = 4.0
        let l = language
        var svg =
            "<svg role=\"img\" class=\"map\" viewBox=\"0 0 \(Int(11 * (size + gap))) \(Int(9 * (size + gap) + 40))\" "
        svg += "width=\"100%\" aria-labelledby=\"map-title\"><title id=\"map-title\">"
        svg += HTML.escape(
            l.pick(
                "Beyond-interdiction share by country (tile grid; each tile links to the country)",
                "Proporción más allá de la interdicción por país (cuadrícula; cada cuadro enlaza al país)"))
        svg += "</title>"
        for (code, position) in Self.tiles.sorted(by: { $0.key < $1.key }) {
            let x = Double(position.column) * (size + gap)
            let y = Double(position.row) * (size + gap)
            let known = shares[code]
            let share = known ?? nil
            let fill = Self.fill(share)
            let dark = (share ?? 0) >= 0.6
            let name = l.countryName(code)
            let tip =
                known == nil
                ? "\(name): "
                    + l.pick(
                        "no money in this source with these filters", "sin montos en esta fuente con estos filtros")
                : "\(name): " + l.pick("beyond interdiction ", "más allá de la interdicción ") + l.percent(share)
            let tile =
                "<rect x=\"\(Int(x))\" y=\"\(Int(y))\" width=\"\(Int(size))\" height=\"\(Int(size))\" rx=\"4\" "
                + "fill=\"\(fill)\" stroke=\"#555\" stroke-width=\"\(known == nil ? 0 : 1)\"/>"
                + "<text x=\"\(Int(x + size / 2))\" y=\"\(Int(y + size / 2 + 5))\" text-anchor=\"middle\" "
                + "fill=\"\(dark ? "#ffffff" : "#1a1a1a")\">\(code)</text>"
            if known == nil {
                svg += "<g class=\"tile\"><title>\(HTML.escape(tip))</title>\(tile)</g>"
            } else {
                svg += "<a class=\"tile\" href=\"\(HTML.escape(link(code)))\" aria-label=\"\(HTML.escape(tip))\">"
                svg += "<title>\(HTML.escape(tip))</title>\(tile)</a>"
            }
        }
        let legendY = Int(9 * (size + gap)) + 8
        // Steps wide enough for "20–40%" at the larger size a phone draws it (the stylesheet's narrow rule).
        for (index, colour) in Self.palette.enumerated() {
            svg += "<rect x=\"\(index * 80)\" y=\"\(legendY)\" width=\"76\" height=\"12\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(index * 80)\" y=\"\(legendY + 26)\">\(index * 20)–\((index + 1) * 20)%</text>"
        }
        svg += "<rect x=\"420\" y=\"\(legendY)\" width=\"76\" height=\"12\" fill=\"\(Self.noData)\"/>"
        svg += "<text x=\"420\" y=\"\(legendY + 26)\">" + HTML.escape(l.pick("no data", "sin datos")) + "</text>"
        return svg + "</svg>"
    }
}
