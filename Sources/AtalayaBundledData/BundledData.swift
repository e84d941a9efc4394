public import Foundation

// MARK: - Data that ships with Atalaya (each folder has its PROVENANCE.md)

/// The crosswalk, the exchange-rate table, two IATI codelists and the demo files (IATI, Greenbook) shipped with
/// the project.
public enum BundledData {
    /// The default pillar crosswalk.
    public static var crosswalk: URL { resource("crosswalk/pillars-v1.json") }

    /// The IATI Sector codelist (DAC 5-digit purpose codes and their names).
    public static var sectorCodelist: URL { resource("codelists/Sector.xml") }

    /// The IATI OrganisationType codelist (10 Government, 70 Private Sector, …).
    public static var organisationTypeCodelist: URL { resource("codelists/OrganisationType.xml") }

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

    private static func resource(_ path: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent(path)
    }
}
