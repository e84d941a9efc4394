public import AtalayaDomain
import AtalayaStore

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

    /// A signal's name in words in this language (`Money for justice and anti-corruption`).
    public func signalName(_ kind: Signal.Kind) -> String {
        switch kind {
        case .engagement: pick("High-level engagement", "Contacto de alto nivel")
        case .justiceAntiCorruption:
            pick("Money for justice and anti-corruption", "Fondos para justicia y anticorrupción")
        case .jointStrategies:
            pick("Joint strategies beyond interdiction", "Estrategias conjuntas más allá de la interdicción")
        }
    }

    /// The sentence saying how many of a run's `counted` warnings were counted and not kept (see `WarningLog`), when
    /// only `kept` of them are; nil when every one was kept.
    public func warningsNotKept(counted: Int, kept: Int) -> String? {
        guard counted > kept else { return nil }
        let more = DecimalText.formatCount(counted - kept)
        let each = DecimalText.formatCount(WarningLog.keptPerKind)
        return pick(
            "\(more) more were counted and not kept: a run keeps the first \(each) warnings of each kind.",
            "Se contaron \(more) avisos más que no se guardaron: una importación guarda los primeros \(each) de cada tipo."
        )
    }

    /// An import warning's kind (`non_iso_country`, …; stable and English in JSON and CSV) in words in this
    /// language; a kind not in the table is returned as given.
    public func warningKind(_ code: String) -> String {
        guard let (english, spanish) = Self.warningKinds[code] else { return code }
        return pick(english, spanish)
    }

    private static let warningKinds: [String: (String, String)] = [
        "non_iso_country": (
            "recipient code not ISO 3166-1 (kept as given)", "código de receptor no ISO 3166-1 (se conserva)"
        ),
        "rounded_to_cent": ("rounded to the cent", "redondeado al centavo"),
        "missing_currency": ("no currency (reported unconverted)", "sin moneda (se informa sin convertir)"),
        "invalid_currency": (
            "currency not a three-letter code (reported unconverted)",
            "moneda que no es un código de tres letras (se informa sin convertir)"
        ),
        "missing_code": ("sector or recipient without a code (ignored)", "sector o receptor sin código (se ignora)"),
        "conversion_beyond_cents": (
            "too large to convert at its year's rate (reported unconverted)",
            "demasiado grande para convertir al tipo de ese año (se informa sin convertir)"
        ),
        "unreadable_value": ("value not a number (not imported)", "valor no numérico (no importado)"),
        "indicator_value_not_number": (
            "indicator value not a number (kept, progress not assessed)",
            "valor de indicador no numérico (conservado, avance sin evaluar)"
        ),
        "missing_identifier": ("no iati-identifier (not imported)", "sin iati-identifier (no importada)"),
        "duplicate_identifier": ("identifier given twice in the file", "identificador repetido en el archivo"),
        "percentages_not_100": (
            "percentages not summing to 100 (normalised)", "porcentajes que no suman 100 (normalizados)"
        ),
        "missing_transaction_type": ("no transaction type (not imported)", "transacción sin tipo (no importada)"),
        "newer_version": (
            "IATI version newer than 2.03 (read as 2.03)", "versión IATI posterior a 2.03 (leída como 2.03)"
        ),
        "stale_activity": (
            "stored version kept (the file's is not newer)",
            "se conserva la versión guardada (la del archivo no es más reciente)"
        ),
        "missing_amount": ("amount left empty (no amount, not zero)", "monto vacío (sin monto, no cero)"),
        "vintage_assumed": ("vintage taken from the file's date", "versión tomada de la fecha del archivo"),
        "older_vintage": ("older vintage (kept out of the figures)", "versión anterior (fuera de las cifras)"),
        "region_unbalanced": (
            "region's rows not adding up to its subtotal (no row placed in it)",
            "filas de una región que no suman su subtotal (ninguna se asigna a ella)"
        ),
        "total_mismatch": (
            "row total not the sum of its accounts (accounts kept)",
            "total de fila distinto de la suma de sus cuentas (se conservan las cuentas)"
        ),
        "missing_value": ("empty or NA cells (no value, not zero)", "celdas vacías o NA (sin valor, no cero)"),
        "two_scores": (
            "cells with two ratings (no single value kept)", "celdas con dos calificaciones (sin valor único)"
        ),
    ]

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
            + "pilar, y una proporción exageraría la interdicción; ForeignAssistance.gov e IATI nombran sectores y "
            + "dan la composición",
    ]

    private static let spanishStatuses: [String: String] = [
        "no record": "sin registro", "recent": "reciente", "within a year": "en el último año",
        "lapsed": "interrumpido", "no data": "sin datos", "rising": "en aumento", "falling": "en descenso",
        "steady": "estable", "new": "nuevo", "none": "ninguno", "not measurable": "no medible",
        "none recorded": "ninguna registrada",  // only said of agreements and joint strategies (feminine)
        "interdiction only or pillars not recorded": "solo interdicción o pilares no registrados",
        "commitments overdue": "compromisos vencidos", "in place": "vigente",
        "on track": "en camino", "at risk": "en riesgo", "off track": "rezagado", "not assessable": "no evaluable",
    ]
}
