import AtalayaDomain
import AtalayaIngest
public import AtalayaStore
import Foundation

// MARK: - A program office's monitoring file into the ledger

/// Imports monitoring files: hashes, streams and writes each in one transaction.
public struct MonitoringImporter: Sendable {
    /// The ledger.
    public let store: any LedgerStore

    /// Creates an importer.
    public init(store: any LedgerStore) { self.store = store }

    /// Imports `path`; `office` names the program office (or partner counterpart) whose data it is, `vintage` the
    /// date it describes (YYYY-MM-DD), both kept with the run; with `onlyCountry`, every line must be for that country.
    /// `sheet` names an Excel workbook's sheet (needed only when it has several). Without `vintage`, a workbook's own
    /// last-saved date is the run's vintage, as for the official files: the day its file was made, against which a
    /// period's end is read (a CSV file states none, and its run has no vintage).
    public func importFile(
        path: String, office: String? = nil, vintage: String? = nil, onlyCountry: String? = nil, sheet: String? = nil,
        displayName: String? = nil
    ) async throws -> ImportOutcome {
        let name = displayName ?? (path as NSString).lastPathComponent
        if let vintage, !DayCount.isDate(vintage) {
            throw IngestError(file: name, field: "--vintage", message: "\"\(vintage)\" is not a date (YYYY-MM-DD)")
        }
        let sha = try FileDigest.sha256(path: path)
        let book = Workbook.isWorkbook(path: path) ? try Workbook(path: path, displayName: name) : nil
        let read = try book?.sheet(named: sheet)
        let vintage =
            vintage ?? book?.modified.map { String($0.prefix(10)) }.flatMap { DayCount.isDate($0) ? $0 : nil }
        let draft = ImportDraft(
            source: "monitoring", fileName: name, sha256: sha, byteCount: try FileDigest.byteCount(path: path),
            sheet: read)
        let format = read == nil ? "monitoring-csv" : "monitoring-xlsx"
        do {
            return try await store.importMonitoring(draft) { accept in
                try MonitoringReader(onlyCountry: onlyCountry).read(
                    path: path, displayName: name, sheet: read ?? sheet, period: accept)
                return ImportFacts(publisher: office, vintage: vintage, formatVersion: format, warnings: [])
            }
        } catch let repeated as RepeatedMonitoringPeriod {
            throw IngestError(
                file: name, line: repeated.line,
                message:
                    "\(repeated.program) in \(repeated.country), \"\(repeated.indicator)\", period ending "
                    + "\(repeated.periodEnd) is given again (first on line \(repeated.firstLine)); a file gives each "
                    + "program, country, indicator and period once")
        }
    }
}
