import ArgumentParser
import AtalayaBundledData
import AtalayaDomain
import AtalayaIngest
import AtalayaPostgres
import AtalayaSQLite
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
            Settings come from flags, then the environment (ATALAYA_HOST, ATALAYA_PORT, ATALAYA_DB,
            ATALAYA_REQUEST_TIMEOUT, ATALAYA_CACHE_MB, ATALAYA_ON_TRACK, ATALAYA_AT_RISK, LOG_LEVEL), then the defaults. The server binds 127.0.0.1 unless told otherwise
            and stops gracefully on SIGTERM or SIGINT.
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

        let logger = {
            var logger = Logger(label: "atalaya.web")
            logger.logLevel = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return logger
        }()
        if let database = ledger.database {
            try await servePostgres(
                database, host: host, port: port, timeout: timeout, cache: cache, thresholds: thresholds, logger: logger
            )
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
        let web = try AtalayaWeb(
            store: store, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source,
            settings: WebSettings(
                host: host, port: port, requestTimeout: .seconds(timeout), cacheBytes: cache << 20,
                resultsThresholds: thresholds),
            organisationTypes: try CodelistReader.names(path: BundledData.organisationTypeCodelist.path))
        let db = ledger.db
        let application = web.application(logger: logger) {
            logger.info("serving", metadata: ["url": "http://\(host):\(port)/", "db": "\(db)"])
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await Self.run(group, host: host, port: port)
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
    private func servePostgres(
        _ url: String, host: String, port: Int, timeout: Int, cache: Int, thresholds: ResultsThresholds,
        logger: Logger
    ) async throws {
        let location = try PostgresLocation(url: url)
        let allocator = try ledger.allocator()
        // Checks the schema (and with --demo loads the bundled data) before serving; `withStore` refuses a
        // database that `atalaya migrate` has not brought up to date.
        let demo = self.demo
        try await ledger.withStore { store in
            if demo { try await Demo.importBundled(into: store, allocator: allocator) }
        }
        let store = PostgresStore(location: location, logger: logger)
        let web = try AtalayaWeb(
            store: store, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source,
            settings: WebSettings(
                host: host, port: port, requestTimeout: .seconds(timeout), cacheBytes: cache << 20,
                resultsThresholds: thresholds),
            organisationTypes: try CodelistReader.names(path: BundledData.organisationTypeCodelist.path))
        let application = web.application(logger: logger) {
            logger.info(
                "serving",
                metadata: ["url": "http://\(host):\(port)/", "database": "\(PostgresLocation.redacted(url))"])
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [store.client, application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await Self.run(group, host: host, port: port)
    }
}
