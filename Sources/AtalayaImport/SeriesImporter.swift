public import AtalayaDomain
public import AtalayaIngest
public import AtalayaStore
import Foundation

// MARK: - One indicator file into the ledger

/// Imports outcome-series files (WGI, homicide, long CSV): hashes, streams and writes each in one transaction.
public struct SeriesImporter: Sendable {
    /// The ledger.
    public let store: any LedgerStore
    /// The reader (with its size limits).
    public let reader: SeriesReader

    /// Creates an importer.
    public init(store: any LedgerStore, reader: SeriesReader = SeriesReader()) {
        self.store = store
        self.reader = reader
    }

    /// Imports `path` as `source`; `edition` names the release (WDI files state theirs). `sheet` names an Excel
    /// workbook's sheet (needed only when it has several).
    public func importFile(
        path: String, source: SeriesSource, edition: String?, sheet: String? = nil, displayName: String? = nil
    ) async throws -> ImportOutcome {
        let name = displayName ?? (path as NSString).lastPathComponent
        if source != .homicide && source != .gitoc && (edition ?? "").isEmpty {
            throw IngestError(
                file: name, field: "--edition",
                message:
                    "\(source.rawValue) files carry no release date; say which edition this is (e.g. --edition 2020)")
        }
        let sha = try FileDigest.sha256(path: path)
        let read = try Workbook.sheetToRead(path: path, displayName: name, named: sheet)
        do {
            return try await importSeries(
                path: path, name: name, sha: sha, source: source, edition: edition, sheet: sheet, read: read)
        } catch let repeated as RepeatedSeriesPoint {
            throw IngestError(
                file: name, line: repeated.line,
                message:
                    "\(repeated.country) \(repeated.indicator) \(repeated.year) is given again (first on line "
                    + "\(repeated.firstLine)); a file gives each country, indicator and year once")
        }
    }

    private func importSeries(
        path: String, name: String, sha: String, source: SeriesSource, edition: String?, sheet: String?, read: String?
    ) async throws -> ImportOutcome {
        let reader = self.reader
        return try await store.importSeries(
            ImportDraft(
                source: "indicators", fileName: name, sha256: sha, byteCount: try FileDigest.byteCount(path: path),
                sheet: read)
        ) { accept in
            let facts = try reader.read(
                path: path, displayName: name, source: source, edition: edition, sheet: read ?? sheet, point: accept)
            var warnings: [StoredWarning] = []
            if facts.twoScores > 0 {
                warnings.append(
                    StoredWarning(
                        kind: "two_scores", line: 1, activity: nil,
                        message: "\(counted(facts.twoScores, "cell gives", "cells give")) two ratings, as 3(6) "
                            + "(Freedom House rated South Africa's population groups apart): no single value, so none is "
                            + "kept"))
            }
            if facts.missing > 0 {
                warnings.append(
                    StoredWarning(
                        kind: "missing_value", line: 1, activity: nil,
                        message: "\(counted(facts.missing, "cell is", "cells are")) empty or NA: no value for that "
                            + "year, which is not zero"))
            }
            return ImportFacts(
                publisher: Self.publisher(source), vintage: edition ?? facts.statedEdition,
                formatVersion: source.rawValue, warnings: warnings)
        }
    }

    static func publisher(_ source: SeriesSource) -> String {
        switch source {
        case .wgi: "World Bank, Worldwide Governance Indicators"
        case .homicide: "UNODC via World Bank WDI (VC.IHR.PSRC.P5)"
        case .long: "user-supplied series"
        case .gitoc: "GI-TOC, Global Organized Crime Index"
        case .cpi: "Transparency International, Corruption Perceptions Index"
        case .wjp: "World Justice Project, Rule of Law Index"
        case .fsi: "Fund for Peace, Fragile States Index"
        case .fh: "Freedom House, Freedom in the World"
        }
    }
}
