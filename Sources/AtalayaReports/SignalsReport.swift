public import AtalayaDomain
import Foundation

// MARK: - The signals board

/// Renders watch signals for people (table) and programs (JSON).
public struct SignalsReport: Sendable {
    /// The signals, one set per country.
    public var countries: [CountrySignals]
    /// The language of the table (the signals' own sentences are in the language they were built in).
    public var language: ReportLanguage

    /// Creates a report.
    public init(countries: [CountrySignals], language: ReportLanguage = .en) {
        self.countries = countries
        self.language = language
    }

    /// One block per country: signal, status, figure, and the sentence that names the data. In English each signal
    /// is named by its code (`justice_anti_corruption: rising`), as in the JSON; in Spanish by its name and status
    /// in words.
    public func table() -> String {
        let l = language
        var out = ""
        for entry in countries {
            let name = l.countryName(entry.country)
            out += l.pick(
                "\(name) (\(entry.country)) — signals as of \(entry.asOf)\n",
                "\(name) (\(entry.country)) — señales al \(entry.asOf)\n")
            for signal in entry.signals {
                out += "  " + l.pick(signal.kind.rawValue, l.signalName(signal.kind)) + ": " + l.status(signal.status)
                if let value = signal.value { out += " — \(value)" }
                out += "\n    \(signal.explanation)\n"
            }
            if let checks = entry.accountability {
                out += l.pick(
                    "  accountability (IATI programs with in-scope money):\n",
                    "  rendición de cuentas (programas IATI con montos en el ámbito):\n")
                let more =
                    (entry.ownership?.sentences(in: l) ?? []) + (entry.results.map { [$0.sentence(in: l)] } ?? [])
                    + (entry.burdenSharing.map { [$0.sentence(in: l)] } ?? [])
                for sentence in checks.sentences(in: l) + more { out += "    \(sentence)\n" }
            } else if let results = entry.results {
                // Results a monitoring file gives for programs the ledger holds no money for.
                out += l.pick("  results:\n", "  resultados:\n") + "    \(results.sentence(in: l))\n"
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
