import ArgumentParser
import AtalayaBundledData
import AtalayaDomain
import AtalayaIngest
import AtalayaPostgres
import AtalayaSQLite
import AtalayaStore
import AtalayaWeb
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// `atalaya serve`: the pages and the JSON API over a ledger, until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the portfolio pages and the JSON API (read-only) over HTTP.",
        discussion: """
            Settings come from flags, then the environment (ATALAYA_HOST, ATALAYA_PORT, ATALAYA_DB, \
            ATALAYA_REQUEST_TIMEOUT, ATALAYA_CACHE_MB, ATALAYA_ON_TRACK, ATALAYA_AT_RISK, ATALAYA_COUNTRY, \
            ATALAYA_LANG, LOG_LEVEL), then the defaults. The server binds 127.0.0.1 unless told otherwise and stops \
            gracefully on SIGTERM or SIGINT.

            A page is in the language its link names (?lang=es), else the one the browser prefers of English and \
            Spanish (Accept-Language), else --lang.

            With --country, the server answers for that partner country only: it opens on the country's page, a \
            request that names another country, or a program with no money or monitoring data there, is a 403, and \
            the import history is not shown. It is a view, not an account: put it behind the office's own sign-in.
            """)

    @OptionGroup var ledger: LedgerOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Address to bind (env ATALAYA_HOST; default 127.0.0.1, loopback only).", valueName: "address"))
    var host: String?

    @Option(name: .long, help: "Port (env ATALAYA_PORT; default 8080).")
    var port: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Seconds a request may take (env ATALAYA_REQUEST_TIMEOUT; default 10).", valueName: "seconds"))
    var requestTimeout: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Megabytes of answers kept until the ledger changes (env ATALAYA_CACHE_MB; default 32, 0 off).",
            valueName: "megabytes"))
    var cacheMb: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Answer for this partner country only (ISO 3166-1 alpha-2; env ATALAYA_COUNTRY; default every country).",
            valueName: "code"))
    var country: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The pages' language for a browser that prefers neither English nor Spanish (en or es; env ATALAYA_LANG; default en).",
            valueName: "language"))
    var lang: String?

    @Flag(name: .long, help: "Import the bundled data first (as `atalaya demo` does) when the ledger is new.")
    var demo = false

    @OptionGroup var results: ResultsThresholdOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let host = host ?? environment["ATALAYA_HOST"] ?? "127.0.0.1"
        let port = try port ?? environment["ATALAYA_PORT"].map(Self.integer) ?? 8080
        guard (1...65535).contains(port) else { throw ValidationError("the port must be from 1 to 65535") }
        let timeout = try requestTimeout ?? environment["ATALAYA_REQUEST_TIMEOUT"].map(Self.integer) ?? 10
        guard timeout > 0 else { throw ValidationError("the request timeout must be positive") }
        let cache = try cacheMb ?? environment["ATALAYA_CACHE_MB"].map(Self.integer) ?? 32
        guard (0...4096).contains(cache) else { throw ValidationError("the cache must be 0 to 4096 MB") }
        let thresholds = try results.thresholds()
        let partner = try (country ?? environment["ATALAYA_COUNTRY"]).map(Self.partnerCountry)
        let language = try (lang ?? environment["ATALAYA_LANG"]).map { text in
            guard let language = ReportLanguage(rawValue: text.lowercased()) else {
                throw ValidationError("the language must be en or es; got \"\(text)\"")
            }
            return language
        }
        let settings = WebSettings(
            host: host, port: port, requestTimeout: .seconds(timeout), cacheBytes: cache << 20,
            resultsThresholds: thresholds, partnerCountry: partner, defaultLanguage: language ?? .en)

        let logger = {
            var logger = Logger(label: "atalaya.web")
            logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return logger
        }()
        if let database = ledger.database {
            try await servePostgres(database, settings: settings, logger: logger)
            return
        }
        let exists = FileManager.default.fileExists(atPath: ledger.db)
        guard exists || demo else {
            throw LedgerUnavailable(
                """
                no ledger at \(ledger.db). Load the bundled data first with `atalaya demo --db \(ledger.db)`, or run
                `atalaya serve --demo` to load it and serve.
                """)
        }
        let store = try SQLiteStore(path: ledger.db)
        let allocator = try ledger.allocator()
        if demo { try await Demo.importBundled(into: store, allocator: allocator) }
        if try await store.runs().isEmpty {
            logger.warning("the ledger is empty; import files or start with --demo", metadata: ["db": "\(ledger.db)"])
        }
        let web = try Self.web(store: store, allocator: allocator, settings: settings)
        let db = ledger.db
        let application = web.application(logger: logger) {
            logger.info("serving", metadata: Self.metadata(settings, ["db": "\(db)"]))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await Self.run(group, host: settings.host, port: settings.port)
    }

    /// The web application over `store`, with the bundled IATI codelists' names (organisation types, DAC sectors).
    private static func web(store: any LedgerStore, allocator: Allocator, settings: WebSettings) throws -> AtalayaWeb {
        try AtalayaWeb(
            store: store, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source, settings: settings,
            organisationTypes: try CodelistReader.codeNames(
                english: BundledData.organisationTypeCodelist.path,
                spanish: BundledData.spanishOrganisationTypeCodelist.path),
            sectorNames: try CodelistReader.codeNames(
                english: BundledData.sectorCodelist.path, spanish: BundledData.spanishSectorCodelist.path))
    }

    /// What the "serving" line says: the address, the ledger and, for a partner's server, its country.
    private static func metadata(_ settings: WebSettings, _ ledger: Logger.Metadata) -> Logger.Metadata {
        var metadata = ledger
        metadata["url"] = "http://\(settings.host):\(settings.port)/"
        if let partner = settings.partnerCountry { metadata["country"] = "\(partner)" }
        return metadata
    }

    /// A partner country as `--country` or ATALAYA_COUNTRY gives it: an ISO 3166-1 alpha-2 code, any case.
    private static func partnerCountry(_ text: String) throws -> String {
        let code = text.uppercased()
        guard Countries.iso2.contains(code) else {
            throw ValidationError(
                "country \(text) (--country, ATALAYA_COUNTRY) is not an ISO 3166-1 alpha-2 code, such as SV"
                    + Countries.suggestion(for: text))
        }
        return code
    }

    /// Runs the servers until a signal stops them; an address the system refuses is said in words.
    private static func run(_ group: ServiceGroup, host: String, port: Int) async throws {
        do {
            try await group.run()
        } catch {
            throw ListenError(error, host: host, port: port) ?? error
        }
    }

    private static func integer(_ text: String) throws -> Int {
        guard let value = Int(text) else { throw ValidationError("\(text) is not a whole number") }
        return value
    }

    /// Serves a PostgreSQL ledger: the pool runs beside the server in one service group, so the process keeps no
    /// state but its cache, and any number of processes can share the database.
    private func servePostgres(_ url: String, settings: WebSettings, logger: Logger) async throws {
        let location = try PostgresLocation(url: url)
        let allocator = try ledger.allocator()
        // Checks the schema (and with --demo loads the bundled data) before serving; `withStore` refuses a
        // database that `atalaya migrate` has not brought up to date.
        let demo = self.demo
        try await ledger.withStore { store in
            if demo { try await Demo.importBundled(into: store, allocator: allocator) }
        }
        let store = PostgresStore(location: location, logger: logger)
        let web = try Self.web(store: store, allocator: allocator, settings: settings)
        let application = web.application(logger: logger) {
            logger.info(
                "serving", metadata: Self.metadata(settings, ["database": "\(PostgresLocation.redacted(url))"]))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [store.client, application, LedgerWatch(web, logger: logger)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await Self.run(group, host: settings.host, port: settings.port)
    }
}
