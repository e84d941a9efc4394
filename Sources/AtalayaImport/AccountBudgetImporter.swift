public import AtalayaDomain
public import AtalayaIngest
public import AtalayaStore
import Foundation

// MARK: - One State Department budget table into the ledger

/// Imports budget tables by country and account: each file read and checked whole, then written in one
/// transaction; the same file twice changes nothing.
public struct AccountBudgetImporter: Sendable {
    /// The ledger.
    public let store: any LedgerStore

    /// Creates an importer.
    public init(store: any LedgerStore) { self.store = store }

    /// What one file's import did.
    public struct Report: Sendable {
        /// The run, new or stored before.
        public var outcome: ImportOutcome
        /// The table as read (empty lines when the file was imported before).
        public var table: AccountBudgetTable
        /// Warnings by kind.
        public var warningsByKind: [String: Int]
        /// True when the vintage is the workbook's own last-saved date (no `--vintage` was given).
        public var vintageIsLastSaved = false
    }

    /// Imports `path`, whose figures are `basis`; `vintage` as for official files (when nil, a workbook's own
    /// last-saved date, or a CSV file's modification date with a warning). `sheet` names a workbook's sheet (needed
    /// only when it has several); each sheet is a run of its own.
    public func importFile(
        path: String, vintage: String?, basis: BudgetBasis, encoding: TextEncoding, sheet: String? = nil,
        displayName: String? = nil
    ) async throws -> Report {
        let name = displayName ?? (path as NSString).lastPathComponent
        let (read, stated, assumed, lastSaved) = try OfficialImporter.sheetAndVintage(
            path: path, name: name, sheet: sheet, vintage: vintage)
        let place = ImportRun.label(file: name, sheet: read)
        var warnings = assumed.map { [$0] } ?? []
        let table = try AccountBudgetReader(encoding: encoding).read(
            path: path, displayName: name, sheet: read ?? sheet
        ) { warning in
            warnings.append(
                StoredWarning(
                    kind: warning.kind.rawValue, line: warning.line, activity: warning.activity,
                    message: warning.message))
        }
        var amounts = AmountTotal("amounts")
        for line in table.lines { try amounts.add(line.cents, file: place, line: line.line, field: line.heading) }
        let outcome = try await store.importAccountBudget(
            ImportDraft(
                source: "state-budget", fileName: name, sha256: try FileDigest.sha256(path: path),
                byteCount: try FileDigest.byteCount(path: path), sheet: read),
            table: table, basis: basis,
            facts: ImportFacts(
                publisher: "U.S. Department of State, budget by country and account", vintage: stated,
                formatVersion: "FY\(table.fiscalYear) \(basis.rawValue)", warnings: warnings))
        return Report(
            outcome: outcome, table: table,
            warningsByKind: Dictionary(grouping: warnings, by: \.kind).mapValues(\.count),
            vintageIsLastSaved: lastSaved)
    }
}
