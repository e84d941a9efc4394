public import Foundation

// MARK: - Data that ships with Atalaya (each folder has its PROVENANCE.md)

/// The crosswalk, the exchange-rate table, two IATI codelists and the demo files (IATI, ForeignAssistance.gov,
/// Greenbook, outcome series, engagements) shipped with the project.
public enum BundledData {
    /// The default pillar crosswalk.
    public static var crosswalk: URL { resource("crosswalk/pillars-v1.json") }

    /// The IATI Sector codelist (DAC 5-digit purpose codes and their names).
    public static var sectorCodelist: URL { resource("codelists/Sector.xml") }

    /// The IATI OrganisationType codelist (10 Government, 70 Private Sector, …).
    public static var organisationTypeCodelist: URL { resource("codelists/OrganisationType.xml") }

    /// The Spanish names of the Sector codelist's purpose codes (Code for IATI's JSON, 2022).
    public static var spanishSectorCodelist: URL { resource("codelists/es/Sector.json") }

    /// The Spanish names of the OrganisationType codelist's codes (10 Gobierno, 70 Sector privado, …).
    public static var spanishOrganisationTypeCodelist: URL { resource("codelists/es/OrganisationType.json") }

    /// The IMF annual-average exchange rates.
    public static var exchangeRates: URL { resource("exchange-rates/imf_exchangerates_A_ENDA_USD.csv") }

    /// The bundled USAID Latin America IATI files, sorted by name.
    public static var demoIATIFiles: [URL] {
        let folder = resource("iati")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// The bundled Greenbook rows for Latin America and the Caribbean (economic and military obligations).
    public static var demoGreenbook: URL { resource("greenbook/us_foreignaid_greenbook_lac_1946-2020.csv") }

    /// The edition date of the bundled Greenbook (prepared by USAID Data Services).
    public static let demoGreenbookVintage = "2022-08-09"

    /// The ForeignAssistance.gov exports for Ecuador and El Salvador (economic obligations FY2002–2022, by sector
    /// and account), sorted by name.
    public static var demoForeignAssistance: [URL] {
        ["Ecuador_2022-2002_Econ_Other.csv", "El_Salvador_2022-2002_Econ_Other.csv"].map {
            resource("foreignassistance/" + $0)
        }
    }

    /// The date the bundled ForeignAssistance.gov exports were published at (they carry none of their own).
    public static let demoForeignAssistanceVintage = "2022-12-15"

    /// ForeignAssistance.gov's country totals for Ecuador and El Salvador (every objective and transaction type),
    /// rows copied unchanged from the published file.
    public static var demoForeignAssistanceTotals: URL {
        resource("foreignassistance/us_foreign_aid_country_ecu_slv.csv")
    }

    /// The vintage of the bundled country totals.
    public static let demoForeignAssistanceTotalsVintage = "2023-10-21"

    /// The World Bank's governance estimates (WGI, 2020 release) for the 33 states of Latin America and the
    /// Caribbean, rows copied unchanged from the published file.
    public static var demoWGI: URL { resource("indicators/wgi_2020_celac33_1996-2019.csv") }

    /// The WGI release the bundled rows come from.
    public static let demoWGIEdition = "2020"

    /// UNODC's intentional homicide rates as the World Bank's WDI publishes them (the file states its edition).
    public static var demoHomicide: URL { resource("indicators/API_VC.IHR.PSRC.P5_DS2_en_csv_v2_4355130.csv") }

    /// Three real U.S.–partner engagements of 2025, each with its public source.
    public static var demoEngagements: URL { resource("engagements/engagements-2025.csv") }

    private static func resource(_ path: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent(path)
    }
}
