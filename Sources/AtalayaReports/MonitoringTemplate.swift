public import AtalayaDomain

/// The periods a program office's monitoring files gave that ended before a date with no actual, written in the
/// layout `atalaya import monitoring` reads: the office (or the partner's counterpart) fills in `actual` and imports
/// the file back, and each period filled in is updated where it stands.
public struct MonitoringTemplate: Sendable {
    /// The columns `atalaya import monitoring` reads, in the order its documentation gives them.
    public static let header = [
        "program", "country", "indicator", "ascending", "baseline", "period_start", "period_end", "target", "actual",
    ]

    /// The day before which a period must have ended to be due (`YYYY-MM-DD`).
    public let asOf: String
    /// The periods due, by country, program, indicator and period end; `actual` nil in every one.
    public let periods: [MonitoringPeriod]
    /// How many periods ended with no actual in programs whose results come from their IATI files, in the same
    /// countries: left out, as their publishers report them there.
    public let unreportedInIATI: Int

    /// The periods of `stored` that ended before `asOf` with no actual (as reporting completeness counts a
    /// monitoring period missing), in the order of the file to fill in; `unreportedInIATI` the periods left out.
    public init(stored: [MonitoringPeriod], asOf: String, unreportedInIATI: Int = 0) {
        self.asOf = asOf
        self.unreportedInIATI = unreportedInIATI
        periods = stored.filter { $0.actual == nil && $0.periodEnd < asOf }.sorted {
            ($0.country, $0.program, $0.indicator, $0.periodEnd) < ($1.country, $1.program, $1.indicator, $1.periodEnd)
        }
    }

    /// The file: the header, then one line per period due with its values exactly as stored and `actual` empty.
    /// Fields are quoted as RFC 4180 asks and otherwise written as they are, without the reports' guard against
    /// spreadsheet formulas, so that each line names its period exactly as the ledger keys it.
    public func csv() -> String {
        var out = Self.header.joined(separator: ",") + "\n"
        for period in periods {
            let fields = [
                period.program, period.country, period.indicator, period.ascending ? "true" : "false",
                period.baseline ?? "", period.periodStart, period.periodEnd, period.target ?? "", "",
            ]
            out += fields.map(CSVField.quoted).joined(separator: ",") + "\n"
        }
        return out
    }

    /// What the file holds and what it leaves out, for the person who fills it in (`country` when one was asked),
    /// in `language`.
    public func note(country: String?, in language: ReportLanguage = .en) -> String {
        let (count, left, one) = (periods.count, unreportedInIATI, periods.count == 1)
        var lines = [
            language.pick(
                "\(count) period\(one ? "" : "s") ended before \(asOf) with no actual in the monitoring data"
                    + (country.map { " for \($0)" } ?? ""),
                "\(count) periodo\(one ? "" : "s") \(one ? "venció" : "vencieron") antes del \(asOf) sin valor real en "
                    + "los datos de seguimiento" + (country.map { " de \($0)" } ?? ""))
        ]
        if left > 0 {
            lines.append(
                language.pick(
                    "\(left) more, of programs whose results come from their IATI files, \(left == 1 ? "is" : "are") "
                        + "left out: their publishers report them there, and a monitoring file that gives a program's "
                        + "periods stands for all its results in that country (`atalaya report results --unreported` "
                        + "lists them)",
                    "\(left) más, de programas cuyos resultados vienen de sus archivos IATI, "
                        + "\(left == 1 ? "queda" : "quedan") fuera: sus publicadores los informan allí, y un archivo de "
                        + "seguimiento que da periodos de un programa reemplaza todos sus resultados en ese país "
                        + "(`atalaya report results --unreported` los lista)"))
        }
        return lines.joined(separator: "\n")
    }
}
