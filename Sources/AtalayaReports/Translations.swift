public import AtalayaDomain

// MARK: - Atalaya's fixed sentences and status codes in Spanish

extension ReportLanguage {
    /// One of Atalaya's fixed English sentences (a source's coverage note, why shares are withheld) in this
    /// language; a sentence not in the table is returned as given.
    public func sentence(_ english: String) -> String {
        guard self == .es else { return english }
        return Self.spanishSentences[english] ?? english
    }

    /// A signal's status code (`no record`, `rising`, …; stable and English in JSON) in this language.
    public func status(_ code: String) -> String {
        guard self == .es else { return code }
        return Self.spanishStatuses[code] ?? code
    }

    private static let spanishSentences: [String: String] = [
        "IATI holds what each publisher chose to publish. USAID's files carry no military (FMF, IMET, DoD "
            + "counter-drug) or State INL money, so a small interdiction share here is not evidence of a small one "
            + "overall; compare the Greenbook (--source greenbook).":
            "IATI contiene lo que cada publicador decidió publicar. Los archivos de USAID no incluyen fondos "
            + "militares (FMF, IMET, antidrogas del Departamento de Defensa) ni de INL del Departamento de Estado: "
            + "una proporción baja de interdicción aquí no prueba que lo sea en total; compare con el Greenbook "
            + "(--source greenbook).",
        "Amounts are converted to U.S. dollars at IMF annual average rates for the year of each value date.":
            "Los montos se convierten a dólares de EE. UU. con el tipo de cambio promedio anual del FMI del año de "
            + "cada fecha de valor.",
        "The Greenbook (U.S. Overseas Loans and Grants) gives obligations by country, fiscal year and "
            + "account, economic and military, through FY2020. It names accounts but not sectors, so "
            + "accounts that fund several pillars (INCLE, the Andean Counterdrug Initiative, NADR) are in "
            + "scope but unclassified.":
            "El Greenbook (préstamos y donaciones de EE. UU. en el exterior) da obligaciones por país, año fiscal y "
            + "cuenta, económicas y militares, hasta el AF2020. Nombra cuentas pero no sectores: las cuentas que "
            + "financian varios pilares (INCLE, la Iniciativa Andina Antidrogas, NADR) están en el ámbito pero sin "
            + "clasificar.",
        "ForeignAssistance.gov, as imported: the rows of the exports loaded, by U.S. fiscal year. It already "
            + "holds what USAID publishes to IATI; never add the two.":
            "ForeignAssistance.gov, tal como se importó: las filas de las exportaciones cargadas, por año fiscal "
            + "de EE. UU. Ya contiene lo que USAID publica en IATI; nunca sume ambas fuentes.",
        "No military rows are imported for this source: FMF, IMET and DoD counter-drug money is missing "
            + "here, not zero.":
            "No hay filas militares importadas para esta fuente: los fondos de FMF, IMET y antidrogas del "
            + "Departamento de Defensa faltan aquí; no son cero.",
        "Constant U.S. dollars as the dataset states them (its own base year).":
            "Dólares constantes de EE. UU., como los da la fuente (con su propio año base).",
        "Current (historical) U.S. dollars, as obligated in each year.":
            "Dólares corrientes (históricos) de EE. UU., tal como se obligaron cada año.",
        PortfolioReport.greenbookSharesWithheld:
            "el Greenbook nombra cuentas, no sectores: solo los fondos militares y antidrogas pueden ubicarse en un "
            + "pilar, y una proporción exageraría la interdicción; use --source fa o iati para la composición",
    ]

    private static let spanishStatuses: [String: String] = [
        "no record": "sin registro", "recent": "reciente", "within a year": "en el último año",
        "lapsed": "interrumpido", "no data": "sin datos", "rising": "en aumento", "falling": "en descenso",
        "steady": "estable", "new": "nuevo", "none": "ninguno", "not measurable": "no medible",
        "none recorded": "ninguno registrado",
        "interdiction only or pillars not recorded": "solo interdicción o pilares no registrados",
        "commitments overdue": "compromisos vencidos", "in place": "vigente",
        "on track": "en camino", "at risk": "en riesgo", "off track": "rezagado", "not assessable": "no evaluable",
    ]
}
