public import AtalayaDomain

// MARK: - The bundled crosswalk's notes in Spanish

extension ReportLanguage {
    /// A crosswalk rule's note (or the crosswalk's description) in this language. The notes are the bundled
    /// crosswalk's, keyed by their English text: a crosswalk a user wrote, or a note they changed, is shown as they
    /// wrote it. Presentation only: the rules, and so the crosswalk's version, are the same in either language.
    public func crosswalkNote(_ english: String) -> String {
        guard self == .es else { return english }
        return Self.crosswalkNotesES[english] ?? english
    }

    private static let crosswalkNotesES: [String: String] = [
        "The pillar crosswalk of DESIGN.md. Rules are tried in order; the first match places the money. Specific "
            + "rules (keywords within a sector, funding accounts) come before sector defaults. Keyword rules only look "
            + "inside security and governance sectors so that a word like 'intelligence' in a health programme does "
            + "not pull it in. A dollar no rule matches is out of scope. DAC purpose codes: OECD DAC CRS codes as in "
            + "the IATI Sector codelist (vocabulary 1); U.S. sectors: the USG Standardized Program Structure as USAID "
            + "publishes it under vocabulary 99. ForeignAssistance.gov rows: the International Purpose Code is the DAC "
            + "code, the US Sector ID is vocabulary FA (FA:7 is Rule of Law and Human Rights), the Funding Account ID "
            + "is the account. Greenbook rows carry only account names and the Economic/Military category, so version "
            + "1.1 adds account-name and objective rules; accounts that fund several pillars (INCLE, the Andean "
            + "Counterdrug Initiative, NADR) are in scope but unclassified there, because the Greenbook gives no "
            + "sector to split them. Version 1.2 adds a title rule: a program whose title says it prevents violence or "
            + "crime (in English or Spanish) goes to prevention when it carries a governance purpose code, as USAID "
            + "codes several of its violence-prevention programs (15112, 15150); its description alone does not move "
            + "it, as many governance programs mention violence prevention in passing. Version 1.3 applies the same "
            + "titles to security system management and reform (15210), as USAID codes El Salvador's Crime and "
            + "Violence Prevention Project and a regional crime-prevention program; a police (15132) or justice "
            + "purpose code keeps its pillar whatever the title.":
            "La tabla de correspondencias de pilares de DESIGN.md. Las reglas se prueban en orden; la primera que "
            + "coincide ubica el dinero. Las reglas específicas (palabras clave dentro de un sector, cuentas de "
            + "financiamiento) van antes que las de sector. Las reglas de palabras clave solo miran dentro de los "
            + "sectores de seguridad y gobernanza, para que una palabra como 'inteligencia' en un programa de salud no "
            + "lo atraiga. Un dólar que ninguna regla ubica queda fuera del ámbito. Códigos de propósito del CAD: los "
            + "códigos CRS del CAD de la OCDE, como en la lista de sectores de IATI (vocabulario 1); sectores de "
            + "EE. UU.: la estructura estandarizada de programas del gobierno de EE. UU. como la publica USAID bajo el "
            + "vocabulario 99. Filas de ForeignAssistance.gov: el International Purpose Code es el código del CAD, el "
            + "US Sector ID es el vocabulario FA (FA:7 es Estado de derecho y derechos humanos) y el Funding Account ID "
            + "es la cuenta. Las filas del Greenbook solo traen nombres de cuentas y la categoría económica o militar, "
            + "así que la versión 1.1 añade reglas por nombre de cuenta y por objetivo; las cuentas que financian "
            + "varios pilares (INCLE, la Iniciativa Andina Antidrogas, NADR) están en el ámbito pero sin clasificar "
            + "allí, porque el Greenbook no da un sector para dividirlas. La versión 1.2 añade una regla por título: un "
            + "programa cuyo título dice que previene la violencia o el delito (en inglés o en español) va a "
            + "prevención cuando lleva un código de propósito de gobernanza, como USAID codifica varios de sus "
            + "programas de prevención de la violencia (15112, 15150); su descripción sola no lo mueve, porque muchos "
            + "programas de gobernanza mencionan de paso la prevención de la violencia. La versión 1.3 aplica los "
            + "mismos títulos a la gestión y reforma del sistema de seguridad (15210), como USAID codifica el Proyecto "
            + "de Prevención del Delito y la Violencia de El Salvador y un programa regional de prevención del delito; "
            + "un código de policía (15132) o de justicia conserva su pilar, diga lo que diga el título.",
        "Foreign Military Financing (Treasury account 11x1082).":
            "Financiamiento Militar Extranjero (cuenta del Tesoro 11x1082).",
        "International Military Education and Training (Treasury account 11x1081).":
            "Educación y Entrenamiento Militar Internacional (cuenta del Tesoro 11x1081).",
        "DoD Drug Interdiction and Counter-Drug Activities (Treasury account 97x0105).":
            "Interdicción de drogas y actividades antidrogas del Departamento de Defensa (cuenta del Tesoro 97x0105).",
        "Foreign Military Financing by the name the Greenbook gives (grants and direct loans).":
            "Financiamiento Militar Extranjero por el nombre que le da el Greenbook (donaciones y préstamos directos).",
        "International Military Education and Training by the Greenbook's name.":
            "Educación y Entrenamiento Militar Internacional por el nombre del Greenbook.",
        "DoD Drug Interdiction and Counter-Drug Activities by the Greenbook's name.":
            "Interdicción de drogas y actividades antidrogas del Departamento de Defensa por el nombre del Greenbook.",
        "U.S. law-enforcement agencies' own assistance accounts (DEA, FBI, ATF) by the Greenbook's names.":
            "Cuentas de asistencia propias de las agencias policiales de EE. UU. (DEA, FBI, ATF) por los nombres del "
            + "Greenbook.",
        "Governance and justice money whose activity is about corruption, in English or Spanish.":
            "Dinero de gobernanza y justicia cuya actividad trata de la corrupción, en inglés o en español.",
        "Governance money whose program's title says it prevents or reduces violence or crime, in English or Spanish "
            + "(USAID codes several such programs 15112 or 15150); titles only, as descriptions mention violence "
            + "prevention in passing.":
            "Dinero de gobernanza cuyo programa dice en su título que previene o reduce la violencia o el delito, en "
            + "inglés o en español (USAID codifica varios de esos programas 15112 o 15150); solo títulos, porque las "
            + "descripciones mencionan de paso la prevención de la violencia.",
        "Security system management and reform (15210) money whose program's title says it prevents or reduces "
            + "violence or crime, in English or Spanish (USAID codes El Salvador's Crime and Violence Prevention "
            + "Project 15210); titles only.":
            "Dinero de gestión y reforma del sistema de seguridad (15210) cuyo programa dice en su título que previene "
            + "o reduce la violencia o el delito, en inglés o en español (USAID codifica 15210 el Proyecto de "
            + "Prevención del Delito y la Violencia de El Salvador); solo títulos.",
        "U.S. sector Good Governance (99:2002) with anti-corruption keywords; ForeignAssistance.gov US Sector ID 8.":
            "Sector de EE. UU. Buen gobierno (99:2002) con palabras clave de anticorrupción; US Sector ID 8 de "
            + "ForeignAssistance.gov.",
        "Maritime and air interdiction, eradication and military counter-drug work within security sectors.":
            "Interdicción marítima y aérea, erradicación y trabajo militar antidrogas dentro de los sectores de "
            + "seguridad.",
        "Intelligence and information sharing within security and justice sectors.":
            "Inteligencia e intercambio de información dentro de los sectores de seguridad y justicia.",
        "DAC 16063 Narcotics control.": "CAD 16063 Control de estupefacientes.",
        "DAC 15132 Police; 15210 Security system management and reform.":
            "CAD 15132 Policía; 15210 Gestión y reforma del sistema de seguridad.",
        "DAC 15130 Legal and judicial development, 15131 Justice policy, 15134 Judicial affairs, 15135 Ombudsman, "
            + "15137 Prisons.":
            "CAD 15130 Desarrollo legal y judicial, 15131 Política de justicia, 15134 Asuntos judiciales, 15135 "
            + "Defensoría del pueblo, 15137 Prisiones.",
        "DAC 15113 Anti-corruption organisations, 15118 National audit, 15125 Public procurement.":
            "CAD 15113 Organizaciones anticorrupción, 15118 Auditoría nacional, 15125 Contratación pública.",
        "DAC 15110-15112 public sector and decentralisation, 15150-15153 democratic participation, elections, "
            + "legislatures, media, 15160 human rights, 15170 women's rights organisations.":
            "CAD 15110-15112 sector público y descentralización, 15150-15153 participación democrática, elecciones, "
            + "legislaturas, medios, 15160 derechos humanos, 15170 organizaciones de derechos de las mujeres.",
        "DAC 15220 peace-building, 15240 reintegration and SALW control, 15261 child soldiers, 15180 ending violence "
            + "against women and girls, 31165 and 43050 alternative development.":
            "CAD 15220 construcción de paz, 15240 reintegración y control de armas pequeñas y ligeras, 15261 niños "
            + "soldado, 15180 fin de la violencia contra mujeres y niñas, 31165 y 43050 desarrollo alternativo.",
        "DAC 15136 Immigration; 15190 orderly, safe and regular migration.":
            "CAD 15136 Inmigración; 15190 migración ordenada, segura y regular.",
        "U.S. sector Rule of Law and Human Rights (99:2001) where the DAC code placed nothing; ForeignAssistance.gov "
            + "US Sector ID 7.":
            "Sector de EE. UU. Estado de derecho y derechos humanos (99:2001) donde el código del CAD no ubicó nada; "
            + "US Sector ID 7 de ForeignAssistance.gov.",
        "U.S. sector Counter-Narcotics (99:1004); ForeignAssistance.gov US Sector ID 4.":
            "Sector de EE. UU. Lucha contra los estupefacientes (99:1004); US Sector ID 4 de ForeignAssistance.gov.",
        "U.S. sector Transnational Crime (99:1005) and Stabilization Operations and Security Sector Reform (99:1003); "
            + "ForeignAssistance.gov US Sector ID 5, 3.":
            "Sector de EE. UU. Delincuencia transnacional (99:1005) y Operaciones de estabilización y reforma del "
            + "sector de seguridad (99:1003); US Sector ID 5 y 3 de ForeignAssistance.gov.",
        "U.S. sector Conflict Mitigation and Reconciliation (99:1006); ForeignAssistance.gov US Sector ID 6.":
            "Sector de EE. UU. Mitigación de conflictos y reconciliación (99:1006); US Sector ID 6 de "
            + "ForeignAssistance.gov.",
        "Security money no pillar covers: DAC 15230 peacekeeping, 15250 mine action; U.S. sectors Counter-Terrorism "
            + "(99:1001) and Combating WMD (99:1002).":
            "Dinero de seguridad que ningún pilar cubre: CAD 15230 mantenimiento de la paz, 15250 acción contra minas; "
            + "sectores de EE. UU. Antiterrorismo (99:1001) y Lucha contra las armas de destrucción masiva (99:1002).",
        "U.S. sectors Counter-Terrorism (99:1001) and Combating Weapons of Mass Destruction (99:1002); "
            + "ForeignAssistance.gov US Sector ID 1, 2.":
            "Sectores de EE. UU. Antiterrorismo (99:1001) y Lucha contra las armas de destrucción masiva (99:1002); "
            + "US Sector ID 1 y 2 de ForeignAssistance.gov.",
        "Accounts that fund several pillars at once: INCLE (counter-narcotics, police and justice), the Andean "
            + "Counterdrug Initiative and NADR. In scope; unclassified when no sector or purpose code placed the "
            + "money first (always so in the Greenbook).":
            "Cuentas que financian varios pilares a la vez: INCLE (antidrogas, policía y justicia), la Iniciativa "
            + "Andina Antidrogas y NADR. En el ámbito; sin clasificar cuando ningún sector ni código de propósito "
            + "ubicó el dinero antes (siempre así en el Greenbook).",
        "Military assistance no account rule names (Excess Defense Articles, the old Military Assistance Programs, "
            + "Defense operation and maintenance): the pillar 'Interdiction and military operations'.":
            "Asistencia militar que ninguna regla de cuenta nombra (artículos de defensa excedentes, los antiguos "
            + "Programas de Asistencia Militar, operación y mantenimiento de Defensa): el pilar 'Interdicción y "
            + "operaciones militares'.",
    ]
}
