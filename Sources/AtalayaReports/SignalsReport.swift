public import AtalayaDomain
import Foundation

// MARK: - The signals board

/// Renders watch signals for people (table) and programs (JSON).
public struct SignalsReport: Sendable {
    /// The signals, one set per country.
    public var countries: [CountrySignals]

    /// Creates a report.
    public init(countries: [CountrySignals]) { self.countries = countries }

    /// One block per country: signal, status, figure, and the sentence that names the data.
    public func table() -> String {
        var out = ""
        for entry in countries {
            let name = Countries.names[entry.country]?.en ?? entry.country
            out += "\(name) (\(entry.country)) — signals as of \(entry.asOf)\n"
            for signal in entry.signals {
                out += "  \(signal.kind.rawValue): \(signal.status)"
                if let value = signal.value { out += " — \(value)" }
                out += "\n    \(signal.explanation)\n"
            }
            if let checks = entry.accountability {
                out += "  accountability (IATI programs with in-scope money):\n"
                let more =
                    (entry.ownership?.sentences ?? []) + (entry.results.map { [$0.sentence] } ?? [])
                    + (entry.burdenSharing.map { [$0.sentence] } ?? [])
                for sentence in checks.sentences + more { out += "    \(sentence)\n" }
            } else if let results = entry.results {
                // Results a monitoring file gives for programs the ledger holds no money for.
                out += "  results:\n    \(results.sentence)\n"
            }
            out += "\n"
        }
        return out
    }

    /// The signals as JSON.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(countries), as: UTF8.self)
    }
}
