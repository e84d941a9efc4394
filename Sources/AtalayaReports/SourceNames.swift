public import AtalayaDomain
public import AtalayaStore

// MARK: - Sources by their names: what a page or a sentence says, where CSV and JSON keep the codes

extension ReportLanguage {
    /// A money source's name as a label: `IATI`, `ForeignAssistance.gov`, `Greenbook`.
    public func sourceLabel(_ source: PortfolioQuery.Source) -> String {
        switch source {
        case .iati: "IATI"
        case .fa: "ForeignAssistance.gov"
        case .greenbook: "Greenbook"
        }
    }

    /// A money source's name inside a sentence: `IATI`, `ForeignAssistance.gov`, `the Greenbook` (`el Greenbook`).
    public func sourceName(_ source: PortfolioQuery.Source) -> String {
        source == .greenbook ? pick("the Greenbook", "el Greenbook") : sourceLabel(source)
    }

    /// Where money comes from, as a sentence says it: `from IATI`, `from the Greenbook`; `de IATI`, `del Greenbook`.
    public func fromSource(_ source: PortfolioQuery.Source) -> String {
        switch self {
        case .en: "from " + sourceName(source)
        case .es: source == .greenbook ? "del Greenbook" : "de " + sourceName(source)
        }
    }

    /// An import run's source (`iati`, `fa`, `state-budget`, … as the run records it) by its name, as a page shows it:
    /// `IATI`, `ForeignAssistance.gov`, `State Department budget tables`; a source this version does not know, as
    /// recorded.
    public func runSource(_ source: String) -> String {
        switch source {
        case "iati": "IATI"
        case "fa": "ForeignAssistance.gov"
        case "greenbook": "Greenbook"
        case "indicators": pick("indicator series", "series de indicadores")
        case "engagements": pick("engagement records", "registros de contactos")
        case "monitoring": pick("monitoring data", "datos de seguimiento")
        case "state-budget": pick("State Department budget tables", "tablas de presupuesto del Departamento de Estado")
        default: source
        }
    }

    /// An outcome series' source as its publisher names it: `WGI`, `UNODC (WDI)`, `TI CPI`.
    public func seriesSource(_ source: SeriesSource) -> String {
        switch source {
        case .wgi: "WGI"
        case .homicide: "UNODC (WDI)"
        case .long: pick("own series", "serie propia")
        case .gitoc: "GI-TOC"
        case .cpi: "TI CPI"
        case .wjp: "WJP"
        case .fsi: pick("Fragile States Index", "Índice de Estados Frágiles")
        case .fh: "Freedom House"
        }
    }

    /// A series' source and edition, as a table cell or a caption names them: `WGI, 2020`.
    public func seriesEdition(_ point: SeriesPoint) -> String {
        "\(seriesSource(point.source)), \(point.edition)"
    }
}
