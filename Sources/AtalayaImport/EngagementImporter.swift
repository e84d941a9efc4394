import AtalayaDomain
import AtalayaIngest
public import AtalayaStore
import Foundation

// MARK: - Engagement records into the ledger

/// Imports engagement files (CSV, an Excel workbook's sheet, or JSON) atomically; the same file (or sheet) twice
/// changes nothing.
public struct EngagementImporter: Sendable {
    /// The ledger.
    public let store: any LedgerStore

    /// Creates an importer.
    public init(store: any LedgerStore) { self.store = store }

    /// Reads and checks every record of `path` first (a workbook's sheet `sheet`, needed only when it has several);
    /// writes all of them or, on any error, none.
    public func importFile(path: String, sheet: String? = nil, displayName: String? = nil) async throws
        -> EngagementImport
    {
        let name = displayName ?? (path as NSString).lastPathComponent
        let read = try Workbook.sheetToRead(path: path, displayName: name, named: sheet)
        let engagements = try EngagementReader().read(path: path, displayName: name, sheet: read ?? sheet)
        let sha = try FileDigest.sha256(path: path)
        return try await store.recordEngagements(
            engagements,
            draft: ImportDraft(
                source: "engagements", fileName: name, sha256: sha, byteCount: try FileDigest.byteCount(path: path),
                sheet: read))
    }
}
