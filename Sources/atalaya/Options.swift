public import ArgumentParser
import AtalayaBundledData
import AtalayaDomain
import AtalayaIngest
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

    func openStore() throws -> SQLiteStore {
        try SQLiteStore(path: db)
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
