public import AtalayaDomain
import Foundation

// MARK: - Loading the crosswalk and the exchange-rate table from files

/// Reads the reference files that classification depends on.
public enum ReferenceData {
    /// Reads and validates a crosswalk JSON file.
    public static func crosswalk(path: String) throws -> Crosswalk {
        let data = try contents(of: path, "the crosswalk file")
        do {
            return try Crosswalk.decode(data)
        } catch let error as Crosswalk.Invalid {
            throw IngestError(file: path, line: error.line, column: error.column, message: error.description)
        }
    }

    /// Reads the IMF annual-average exchange-rate CSV.
    public static func exchangeRates(path: String) throws -> ExchangeRates {
        let data = try contents(of: path, "the exchange-rate file")
        let name = (path as NSString).lastPathComponent
        do {
            return try data.withUnsafeBytes {
                try ExchangeRates.parseIMF(
                    bytes: $0.bindMemory(to: UInt8.self),
                    source: "IMF IFS annual average (ENDA) via Code for IATI, \(name)")
            }
        } catch let error as ExchangeRates.Invalid {
            throw IngestError(file: path, line: error.line, field: error.field, message: error.message)
        }
    }

    /// The bytes of the file at `path`, or an error that gives the system's reason ("No such file or directory").
    private static func contents(of path: String, _ what: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw IngestError(file: path, message: "cannot read \(what): \(FileDigest.reason(error))")
        }
    }
}
