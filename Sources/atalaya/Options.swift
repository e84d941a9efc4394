public import ArgumentParser
import AtalayaBundledData
import AtalayaDomain
import AtalayaIngest
import AtalayaPostgres
import AtalayaSQLite
import AtalayaStore
import Foundation
import Logging

/// Options every command shares.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger file (env ATALAYA_DB).", valueName: "path"))
    var db: String = ProcessInfo.processInfo.environment["ATALAYA_DB"] ?? "atalaya.sqlite"

    @Option(
        name: .long, help: ArgumentHelp("A crosswalk JSON file to use instead of the bundled one.", valueName: "file"))
    var crosswalk: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "An IMF annual-average exchange-rate CSV to use instead of the bundled one.", valueName: "file"))
    var exchangeRates: String?

    @Option(
        name: .customLong("database"),
        help: ArgumentHelp(
            "A PostgreSQL ledger, postgres://USER@HOST:PORT/DB[?sslmode=require&pool=N] (env ATALAYA_DATABASE_URL).",
            valueName: "url"))
    var databaseFlag: String?

    /// The PostgreSQL URL from the flag, else the environment; nil for the SQLite ledger.
    var database: String? { databaseFlag ?? ProcessInfo.processInfo.environment["ATALAYA_DATABASE_URL"] }

    /// Where the ledger is, for messages: the SQLite path, or the PostgreSQL URL without its password.
    var location: String { database.map(PostgresLocation.redacted) ?? db }

    /// Runs `body` with the ledger: PostgreSQL when `--database` (or `ATALAYA_DATABASE_URL`) is given, its pool
    /// open for exactly as long as the body; the SQLite file otherwise, made if missing only when `creating` (the
    /// commands that import), so that a mistyped `--db` is an error rather than an empty report. A ledger made here
    /// is in WAL mode when the command ends.
    func withStore<Result: Sendable>(
        creating: Bool = false, _ body: @Sendable (any LedgerStore) async throws -> Result
    ) async throws -> Result {
        try await withStore(creating: creating, loading: {}) { store, _ in try await body(store) }
    }

    /// `withStore(creating:_:)`, with what `load` returns (the crosswalk and rates a command classifies with) made
    /// on another thread while the SQLite ledger opens: each takes about 10 ms, a new ledger's schema with its syncs
    /// and the reference files alike, which a command's start would otherwise spend one after the other. When `load`
    /// throws, a ledger made for this call is removed again.
    func withStore<Loaded: Sendable, Result: Sendable>(
        creating: Bool = false, loading load: @escaping @Sendable () throws -> Loaded,
        _ body: @Sendable (any LedgerStore, Loaded) async throws -> Result
    ) async throws -> Result {
        guard let database else {
            async let loading = load()
            guard creating || FileManager.default.fileExists(atPath: db) else {
                throw LedgerUnavailable(
                    """
                    no ledger at \(db). Import files into it first (`atalaya import iati --db \(db) FILE…`), or load \
                    the bundled data with `atalaya demo --db \(db)`.
                    """)
            }
            guard creating, !FileManager.default.fileExists(atPath: db) else {
                let store = try SQLiteStore(path: db)
                return try await body(store, try await loading)
            }
            // A new ledger, which nobody reads before this command ends, is filled without the write-ahead log and
            // set to WAL mode at the end, whatever the command did (see `SQLiteStore.creatingNew`).
            let store = try SQLiteStore.creatingNew(path: db)
            let loaded: Loaded
            do {
                loaded = try await loading
            } catch {
                // Reference files that cannot be read leave no ledger behind: the one just made for this command,
                // which nobody else has opened (it is not yet in WAL mode), goes again.
                try? FileManager.default.removeItem(atPath: db)
                throw error
            }
            let result: Result
            do {
                result = try await body(store, loaded)
            } catch {
                try? await store.useWriteAheadLog()
                throw error
            }
            try await store.useWriteAheadLog()
            return result
        }
        var logger = Logger(label: "atalaya")
        logger.logLevel = .warning
        return try await PostgresStore.withStore(try PostgresLocation(url: database), logger: logger) { store in
            let applied = try await store.appliedMigrations()
            if let unknown = applied.first(where: { !PostgresStore.migrationNames.contains($0) }) {
                throw LedgerUnavailable(
                    "the PostgreSQL ledger was upgraded by a newer Atalaya (migration \(unknown)); use the newer atalaya"
                )
            }
            let pending = Set(PostgresStore.migrationNames).subtracting(applied)
            guard pending.isEmpty else {
                throw LedgerUnavailable(
                    "the PostgreSQL ledger needs `atalaya migrate` first (\(pending.count) pending)")
            }
            return try await body(store, try load())
        }
    }

    func allocator() throws -> Allocator {
        Allocator(
            crosswalk: try ReferenceData.crosswalk(path: crosswalk ?? BundledData.crosswalk.path),
            rates: try ReferenceData.exchangeRates(path: exchangeRates ?? BundledData.exchangeRates.path))
    }
}

/// A ledger a command cannot use as it stands (missing, or its schema not this version's): said plainly, without the
/// usage lines ArgumentParser prints after a `ValidationError`, since the command line itself was right.
struct LedgerUnavailable: Error, CustomStringConvertible {
    /// What is wrong and what to do.
    var description: String

    /// Creates the error.
    init(_ description: String) { self.description = description }
}

/// Writes to standard error.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

/// An ISO 3166-1 alpha-2 code from the command line, upper-cased (`mx` → `MX`). Any other text is refused: the ledger
/// keys countries by ISO code, so a mistyped one could only answer "no data".
func isoCountry(_ text: String) throws -> String {
    let code = text.uppercased()
    guard Countries.iso2.contains(code) else {
        throw ValidationError("\"\(text)\" is not an ISO 3166-1 alpha-2 code" + Countries.suggestion(for: text))
    }
    return code
}

/// A recipient as the ledger keys it: ISO codes upper-cased and checked (`mx` → `MX`); `region:489`, `code:1000`,
/// `wb:LCN` and `none` as given.
func recipientKey(_ text: String) throws -> String {
    if text.contains(":") || text == "none" { return text }
    guard Countries.iso2.contains(text.uppercased()) else {
        throw ValidationError(
            "\"\(text)\" is not an ISO 3166-1 alpha-2 code"
                + Countries.suggestion(
                    for: text, otherwise: " (a recipient code that is not ISO is kept as code:\(text))"))
    }
    return text.uppercased()
}

/// A recipient with a brief, as with a country page: an ISO code or a `region:`/`code:` key; money with no recipient
/// (`none`) has none.
func briefRecipient(_ text: String) throws -> String {
    let key = try recipientKey(text)
    guard key != "none" else {
        throw ValidationError("money given to no recipient has no brief; name a country, a region or a code")
    }
    return key
}

/// A year on the command line: `2020`, or `FY2020` (any case) for a U.S. fiscal year (`WrittenYear`).
typealias YearArgument = WrittenYear

extension WrittenYear {
    /// `parse`, its refusal as the argument parser's error.
    static func argument(_ text: String) throws -> WrittenYear {
        do { return try parse(text) } catch { throw ValidationError(error.message) }
    }
}

/// `--from` and `--to`: the first and last year a report covers.
struct YearRangeOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("First year: 2020, or FY2020 as the tables head it.", valueName: "year"),
        transform: YearArgument.argument)
    var from: YearArgument?

    @Option(
        name: .long, help: ArgumentHelp("Last year: 2025, or FY2025.", valueName: "year"),
        transform: YearArgument.argument)
    var to: YearArgument?

    /// The first year, if given.
    var first: Int? { from?.year }

    /// The last year, if given.
    var last: Int? { to?.year }

    /// Refuses `--from` after `--to`, and a fiscal year (`FY2020`) where the years are calendar years.
    func check(calendarYears: Bool = false) throws {
        if let from, let to, from.year > to.year {
            throw ValidationError("--from \(from.year) is after --to \(to.year)")
        }
        for (name, argument) in [("--from", from), ("--to", to)] {
            if let refusal = argument?.refusal(calendarYears: calendarYears, name: name, option: "--calendar-year") {
                throw ValidationError(refusal.message)
            }
        }
    }
}

/// A pillar id, or an error that lists the ids.
func pillarID(_ text: String) throws -> Pillar {
    guard let pillar = Pillar(rawValue: text) else {
        throw ValidationError(listedValueMessage(text, Pillar.allCases.map(\.rawValue)))
    }
    return pillar
}

extension Measure: ExpressibleByArgument {}
extension Pillar: ExpressibleByArgument {}
extension FiscalYearBasis: ExpressibleByArgument {}
extension SeriesSource: ExpressibleByArgument {}
extension ReportLanguage: ExpressibleByArgument {}
extension BudgetBasis: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}

/// Where an indicator counts as on track or at risk, for the commands that count results (brief, signals, serve).
struct ResultsThresholdOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Percent of the way from baseline to target from which an indicator is on track (env ATALAYA_ON_TRACK; default 90).",
            valueName: "percent"))
    var onTrack: Double?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Percent of the way from which it is at risk; below, off track (env ATALAYA_AT_RISK; default 50).",
            valueName: "percent"))
    var atRisk: Double?

    /// The thresholds asked for: flags, then the environment, then 90% and 50%.
    func thresholds() throws -> ResultsThresholds {
        let environment = ProcessInfo.processInfo.environment
        func percent(_ flag: Double?, _ variable: String, _ standard: Double) throws -> Double {
            if let flag { return flag }
            guard let text = environment[variable] else { return standard }
            guard let value = Double(text) else { throw ValidationError("\(variable)=\(text) is not a number") }
            return value
        }
        do {
            return try ResultsThresholds(
                onTrackPercent: try percent(onTrack, "ATALAYA_ON_TRACK", 90),
                atRiskPercent: try percent(atRisk, "ATALAYA_AT_RISK", 50))
        } catch let invalid as ResultsThresholds.Invalid {
            throw ValidationError(invalid.message)
        }
    }
}

/// The DAC purpose codes' names in `language`, as the pages give them (`CodeNames`): Code for IATI's Spanish where it
/// has one, the bundled codelist's English otherwise; the Spanish list is read only when asked for.
func sectorNames(in language: ReportLanguage) throws -> [String: String] {
    let english = try CodelistReader.names(path: BundledData.sectorCodelist.path)
    guard language == .es else { return english }
    return CodeNames(english: english, spanish: try CodelistReader.names(json: BundledData.spanishSectorCodelist.path))
        .names(in: language)
}
