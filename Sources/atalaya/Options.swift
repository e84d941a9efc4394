public import ArgumentParser
import AtalayaBundledData
import AtalayaDomain
import AtalayaIngest
import AtalayaPostgres
import AtalayaSQLite
import Foundation

/// Options every command shares.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: "The ledger file (env ATALAYA_DB).")
    var db: String = ProcessInfo.processInfo.environment["ATALAYA_DB"] ?? "atalaya.sqlite"

    @Option(name: .long, help: "A crosswalk JSON file to use instead of the bundled one.")
    var crosswalk: String?

    @Option(name: .long, help: "An IMF annual-average exchange-rate CSV to use instead of the bundled one.")
    var exchangeRates: String?

    @Option(
        name: .long,
        help: "A PostgreSQL ledger, postgres://USER@HOST:PORT/DB[?sslmode=require&pool=N] (env ATALAYA_DATABASE_URL).")
    var database: String? = ProcessInfo.processInfo.environment["ATALAYA_DATABASE_URL"]

    func openStore() throws -> SQLiteStore {
        if let database {
            // Unfinished: the PostgreSQL ledger holds the schema only (`atalaya migrate`); see the README.
            throw ValidationError(
                "\(PostgresLocation.redacted(database)): on PostgreSQL only `atalaya migrate` works so far; imports, "
                    + "reports and the server run on the SQLite ledger (--db)")
        }
        return try SQLiteStore(path: db)
    }

    func allocator() throws -> Allocator {
        Allocator(
            crosswalk: try ReferenceData.crosswalk(path: crosswalk ?? BundledData.crosswalk.path),
            rates: try ReferenceData.exchangeRates(path: exchangeRates ?? BundledData.exchangeRates.path))
    }
}

/// Writes to standard error.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
}

extension Measure: ExpressibleByArgument {}
extension FiscalYearBasis: ExpressibleByArgument {}
extension SeriesSource: ExpressibleByArgument {}
