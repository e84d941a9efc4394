public import AtalayaDomain

// MARK: - Stored import warnings in Spanish

extension ReportLanguage {
    /// An import warning's message, stored in English at import, in this language: Spanish from the template it was
    /// written with (its values kept as written), or nil when no template matches (a message from an older
    /// version, say), for the caller to show the English and say so.
    public func warningMessage(kind: String, _ message: String) -> String? {
        guard self == .es else { return message }
        return Self.warningTemplates[kind]?.spanish(message)
    }

    /// The English templates of each kind's messages (as the readers and importers write them) and their Spanish.
    private static let warningTemplates: [String: MessageTemplates] = {
        let templates: [String: [(String, String)]] = [
            "non_iso_country": [
                (
                    #"recipient-country code "(.*)" is not ISO 3166-1; kept as code:(.*)"#,
                    #"el código de país receptor "$1" no es ISO 3166-1; se conserva como code:$2"#
                )
            ],
            "indicator_value_not_number": [
                (
                    #"indicator baseline "(.*)" may group thousands or use a decimal comma, and no value beside it writes a decimal point; kept as published, its progress not assessed"#,
                    #"la línea de base "$1" del indicador puede separar miles o usar coma decimal, y ningún valor a su lado escribe un punto decimal; se conserva tal como se publicó, sin evaluar su avance"#
                ),
                (
                    #"indicator target "(.*)" may group thousands or use a decimal comma, and no value beside it writes a decimal point; kept as published, its progress not assessed"#,
                    #"la meta "$1" del indicador puede separar miles o usar coma decimal, y ningún valor a su lado escribe un punto decimal; se conserva tal como se publicó, sin evaluar su avance"#
                ),
                (
                    #"indicator actual "(.*)" may group thousands or use a decimal comma, and no value beside it writes a decimal point; kept as published, its progress not assessed"#,
                    #"el valor real "$1" del indicador puede separar miles o usar coma decimal, y ningún valor a su lado escribe un punto decimal; se conserva tal como se publicó, sin evaluar su avance"#
                ),
                (
                    #"indicator baseline "(.*)" is not a number; kept as published, its progress not assessed"#,
                    #"la línea de base "$1" del indicador no es un número; se conserva tal como se publicó, sin evaluar su avance"#
                ),
                (
                    #"indicator target "(.*)" is not a number; kept as published, its progress not assessed"#,
                    #"la meta "$1" del indicador no es un número; se conserva tal como se publicó, sin evaluar su avance"#
                ),
                (
                    #"indicator actual "(.*)" is not a number; kept as published, its progress not assessed"#,
                    #"el valor real "$1" del indicador no es un número; se conserva tal como se publicó, sin evaluar su avance"#
                ),
            ],
            "unreadable_value": [
                (
                    #"percentage "(.*)" is not a number from 0 to 100; ignored"#,
                    #"el porcentaje "$1" no es un número de 0 a 100; se ignora"#
                ),
                (
                    #"transaction value "(.*)" is not a plain decimal number \(no exponent or separators\) within "#
                        + #"±92,233,720,368,547,758\.07; transaction not imported"#,
                    #"el valor de la transacción "$1" no es un número decimal simple (sin exponente ni separadores) "#
                        + #"dentro de ±92,233,720,368,547,758.07; la transacción no se importó"#
                ),
                (
                    #"budget value "(.*)" is not a plain decimal number \(no exponent or separators\) within "#
                        + #"±92,233,720,368,547,758\.07; budget not imported"#,
                    #"el valor del presupuesto "$1" no es un número decimal simple (sin exponente ni separadores) "#
                        + #"dentro de ±92,233,720,368,547,758.07; el presupuesto no se importó"#
                ),
                // As ledgers imported before 3 December 2026 hold them.
                (
                    #"transaction value "(.*)" is not a number; transaction not imported"#,
                    #"el valor de la transacción "$1" no es un número; la transacción no se importó"#
                ),
                (
                    #"budget value "(.*)" is not a number; budget not imported"#,
                    #"el valor del presupuesto "$1" no es un número; el presupuesto no se importó"#
                ),
            ],
            "rounded_to_cent": [
                (#"transaction value (.*) rounded to the cent"#, #"valor de la transacción $1 redondeado al centavo"#),
                (#"budget value (.*) rounded to the cent"#, #"valor del presupuesto $1 redondeado al centavo"#),
                (#"(.*) (\S+) rounded to the cent"#, #"$1: $2 redondeado al centavo"#),
            ],
            "conversion_beyond_cents": [
                (
                    #"transaction value (\S+) (\S*) dated (\S+) converts past what cents hold at that year's rate; check the value date; reported unconverted"#,
                    #"el valor de la transacción $1 $2 con fecha $3 excede lo que admiten los centavos al tipo de cambio de ese año; revise la fecha de valor; se informa sin convertir"#
                )
            ],
            "missing_currency": [
                (
                    #"transaction value has no currency and the activity no default; reported unconverted"#,
                    #"el valor de la transacción no tiene moneda ni la actividad una por defecto; se informa sin convertir"#
                )
            ],
            "invalid_currency": [
                (
                    #"transaction value currency "(.*)" is not a three-letter code; reported unconverted"#,
                    #"la moneda "$1" del valor de la transacción no es un código de tres letras; se informa sin convertir"#
                ),
                (
                    #"budget value currency "(.*)" is not a three-letter code; kept without a currency"#,
                    #"la moneda "$1" del valor del presupuesto no es un código de tres letras; se conserva sin moneda"#
                ),
                (
                    #"transaction value has no currency and the activity's default-currency "(.*)" is not a three-letter code; reported unconverted"#,
                    #"el valor de la transacción no tiene moneda y la default-currency "$1" de la actividad no es un código de tres letras; se informa sin convertir"#
                ),
                (
                    #"budget value has no currency and the activity's default-currency "(.*)" is not a three-letter code; kept without a currency"#,
                    #"el valor del presupuesto no tiene moneda y la default-currency "$1" de la actividad no es un código de tres letras; se conserva sin moneda"#
                ),
            ],
            "missing_code": [
                (#"sector without a code; ignored"#, #"sector sin código; se ignora"#),
                (#"recipient-country without a code; ignored"#, #"recipient-country sin código; se ignora"#),
                (#"recipient-region without a code; ignored"#, #"recipient-region sin código; se ignora"#),
            ],
            "missing_transaction_type": [
                (
                    #"transaction without a transaction-type; not imported"#,
                    #"transacción sin transaction-type; no se importó"#
                )
            ],
            "newer_version": [
                (
                    #"placeholder IATI version "(.*)"; read as 2\.03"#,
                    #"versión IATI provisional "$1"; leída como 2.03"#
                ),
                (
                    #"IATI version (.*) is newer than 2\.03; read as 2\.03"#,
                    #"la versión IATI $1 es posterior a 2.03; leída como 2.03"#
                ),
            ],
            "missing_identifier": [
                (
                    #"activity without an iati-identifier; not imported"#,
                    #"actividad sin iati-identifier; no se importó"#
                )
            ],
            "duplicate_identifier": [
                (
                    #"(.*) appears twice in this file; the later one replaces the earlier only if its last-updated-datetime is later or missing, as a newer file's would"#,
                    #"$1 aparece dos veces en este archivo; la segunda reemplaza a la primera solo si su last-updated-datetime es posterior o falta, como haría la de un archivo más reciente"#
                )
            ],
            "percentages_not_100": [
                (
                    #"percentage (.*) is over 100; kept, and shares are normalised"#,
                    #"el porcentaje $1 supera 100; se conserva y las partes se normalizan"#
                ),
                (
                    #"recipient percentages sum to (.*), not 100; normalised"#,
                    #"los porcentajes de receptores suman $1, no 100; se normalizan"#
                ),
                (
                    #"sector percentages \(vocabulary (.*)\) sum to (.*), not 100; normalised"#,
                    #"los porcentajes de sectores (vocabulario $1) suman $2, no 100; se normalizan"#
                ),
            ],
            "stale_activity": [
                (
                    #"the stored version \((.*)\) is newer than this file's \((.*)\); kept"#,
                    #"la versión guardada ($1) es más reciente que la de este archivo ($2); se conserva"#
                )
            ],
            "missing_amount": [
                (
                    #"(.*) is empty; kept as no amount, not as zero"#,
                    #"$1 está vacío; se conserva como sin monto, no como cero"#
                )
            ],
            "vintage_assumed": [
                (
                    #"no --vintage given; the file's modification date (.*) is taken as its vintage"#,
                    #"no se indicó --vintage; la fecha de modificación del archivo, $1, se toma como su versión"#
                )
            ],
            "total_mismatch": [
                (
                    #"(.*): (.+) (\S+) is not (\S+), the sum of its accounts; the accounts are kept"#,
                    #"$1: $2 $3 no es $4, la suma de sus cuentas; se conservan las cuentas"#
                ),
                (
                    #"(.*): (.+) (\S+) is not (\S+), the total less GHCS-State; the accounts are kept"#,
                    #"$1: $2 $3 no es $4, el total menos GHCS-State; se conservan las cuentas"#
                ),
            ],
            "region_unbalanced": [
                (
                    #"(.*): the rows after its subtotal do not add up to it account by account; no row is placed in the region"#,
                    #"$1: las filas que siguen a su subtotal no suman lo mismo cuenta por cuenta; ninguna fila se asigna a la región"#
                )
            ],
            "older_vintage": [
                (
                    #"1 row is older than run (\d+)'s vintage for the same country, year and measure; kept for `runs --diff`, left out of the figures"#,
                    #"1 fila es de una versión anterior a la de la importación $1 para el mismo país, año y medida; se conserva para `runs --diff`, fuera de las cifras"#
                ),
                (
                    #"(\S+) rows are older than run (\d+)'s vintage for the same country, year and measure; kept for `runs --diff`, left out of the figures"#,
                    #"$1 filas son de una versión anterior a la de la importación $2 para el mismo país, año y medida; se conservan para `runs --diff`, fuera de las cifras"#
                ),
            ],
            "two_scores": [
                (
                    #"(\S+) cells give two ratings, as 3\(6\) \(Freedom House rated South Africa's population groups apart\): no single value, so none is kept"#,
                    #"$1 celdas dan dos calificaciones, como 3(6) (Freedom House calificó por separado a los grupos de población de Sudáfrica): no hay un valor único, así que no se conserva ninguno"#
                )
            ],
            "missing_value": [
                (
                    #"(\S+) cells are empty or NA: no value for that year, which is not zero"#,
                    #"$1 celdas están vacías o son NA: sin valor para ese año, lo que no es cero"#
                )
            ],
        ]
        return templates.mapValues { MessageTemplates($0.map { (english: $0.0, spanish: $0.1) }) }
    }()
}
