import AtalayaBundledData
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaSQLite
import AtalayaStore
import AtalayaTestSupport
import AtalayaWeb
import Foundation
import Hummingbird
import Logging

/// One ledger for the web tests, built once: USAID's Mexico, El Salvador and Ecuador IATI files, the bundled
/// Greenbook rows, the real engagements, the WGI series and the State Department's budget tables of FY2016–17.
actor WebFixture {
    static let shared = WebFixture()

    private var built: SQLiteStore?

    func store() async throws -> SQLiteStore {
        if let built { return built }
        let store = try SQLiteStore.inMemory()
        let allocator = try Self.allocator()
        let iati = IATIImporter(store: store, allocator: allocator)
        for country in ["mx", "sv", "ec"] {
            _ = try await iati.importFile(path: SharedData.path("iati-activities/usaid-us-gov-1/usaid-\(country).xml"))
        }
        _ = try await OfficialImporter(store: store, classifier: OfficialClassifier(crosswalk: allocator.crosswalk))
            .importFile(
                path: BundledData.demoGreenbook.path, source: .greenbook, vintage: BundledData.demoGreenbookVintage)
        _ = try await EngagementImporter(store: store).importFile(
            path: SharedData.path("engagements/engagements-2025.csv"))
        _ = try await SeriesImporter(store: store).importFile(
            path: SharedData.path("country-indicators/wgi/2020_Worldwide_Governance_Indicators_1996-2019.csv"),
            source: .wgi, edition: "2020")
        // The State Department's budget tables for FY2016 and FY2017 (the President's requests): FY2016 from a sheet
        // of CSIS's workbook (so that the API's sources name a sheet), FY2017 from its CSV copy.
        let budget = SharedData.path("state-dept-cbj-account-by-country")
        _ = try await AccountBudgetImporter(store: store).importFile(
            path: budget + "/STATE budget by country.xlsx", vintage: "2016-04-06", basis: .request, encoding: .utf8,
            sheet: "FY16 (r)")
        _ = try await AccountBudgetImporter(store: store).importFile(
            path: budget + "/STATE budget by country.17.csv", vintage: "2016-04-06", basis: .request,
            encoding: .windows1252)
        built = store
        return store
    }

    /// The tests' request limit, well above the server's 10 s: the whole suite runs at once on two cores, and a page
    /// that answers in 30 ms alone has waited past 30 s for a thread while PostgreSQL suites ran beside it (and
    /// `/signals?source=fa` past 180 s once, behind the other web tests' requests on the fixture's one in-memory
    /// queue). A limit here tests nothing (the timeout test sets its own); it only keeps a hung request from hanging
    /// the run.
    static let requestTimeout: Duration = .seconds(600)

    static func allocator() throws -> Allocator {
        Allocator(
            crosswalk: try ReferenceData.crosswalk(path: BundledData.crosswalk.path),
            rates: try ReferenceData.exchangeRates(path: BundledData.exchangeRates.path))
    }

    /// The application over the shared ledger, with a fixed "today" so signals are deterministic.
    static func web(timeout: Duration = requestTimeout) async throws -> AtalayaWeb {
        let allocator = try allocator()
        return try AtalayaWeb(
            store: try await shared.store(), crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source,
            settings: WebSettings(requestTimeout: timeout, today: { "2025-11-29" }),
            organisationTypes: try CodelistReader.codeNames(
                english: BundledData.organisationTypeCodelist.path,
                spanish: BundledData.spanishOrganisationTypeCodelist.path),
            sectorNames: try CodelistReader.codeNames(
                english: BundledData.sectorCodelist.path, spanish: BundledData.spanishSectorCodelist.path))
    }

    /// A new in-memory ledger holding the IATI `files` (paths under ../shared/data), and the application over it,
    /// for tests that need a ledger of their own.
    static func ledger(iati files: [String], fa official: [String] = []) async throws -> (
        store: SQLiteStore, app: some ApplicationProtocol
    ) {
        let store = try SQLiteStore.inMemory()
        let allocator = try allocator()
        let importer = IATIImporter(store: store, allocator: allocator)
        for file in files { _ = try await importer.importFile(path: SharedData.path(file)) }
        let officialImporter = OfficialImporter(
            store: store, classifier: OfficialClassifier(crosswalk: allocator.crosswalk))
        for file in official {
            _ = try await officialImporter.importFile(path: SharedData.path(file), source: .fa, vintage: "2022-12-15")
        }
        let web = try AtalayaWeb(
            store: store, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source,
            settings: WebSettings(requestTimeout: requestTimeout, today: { "2025-11-29" }))
        return (store, Application(router: web.router()))
    }

    /// The application over `store`; with `partner`, a partner's server that answers for that country only; its
    /// pages in `language` for a browser that prefers neither English nor Spanish.
    static func application(
        store: SQLiteStore, partner: String? = nil, language: ReportLanguage = .en
    ) throws -> some ApplicationProtocol {
        let allocator = try allocator()
        let web = try AtalayaWeb(
            store: store, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source,
            settings: WebSettings(
                requestTimeout: requestTimeout, today: { "2025-11-29" }, partnerCountry: partner,
                defaultLanguage: language))
        var logger = Logger(label: "atalaya.web.tests")
        logger.logLevel = .warning
        return Application(router: web.router(), logger: logger)
    }

    /// A Hummingbird application over the shared ledger.
    static func application(timeout: Duration = requestTimeout) async throws -> some ApplicationProtocol {
        var logger = Logger(label: "atalaya.web.tests")
        logger.logLevel = .warning
        return Application(router: try await web(timeout: timeout).router(), logger: logger)
    }
}

/// A response body's bytes.
func bytes(_ buffer: ByteBuffer) -> Data { Data(buffer.readableBytesView) }
