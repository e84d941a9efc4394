public import AtalayaDomain
public import AtalayaIngest
public import AtalayaStore
import Foundation

// MARK: - One ForeignAssistance.gov or Greenbook file into the ledger, as a vintage

/// Imports official U.S. CSV files: hashes, streams, classifies and writes each in one transaction.
public struct OfficialImporter: Sendable {
    /// The ledger.
    public let store: any LedgerStore
    /// The crosswalk that places rows on pillars.
    public let classifier: OfficialClassifier
    /// The reader (with its size limits).
    public let reader: OfficialReader

    /// The rollup groups the reading thread holds before it hands their sums to the ledger, which stores them as
    /// they are: memory stays bounded (the ledger holds at most one such hand-over while the reader builds the next).
    public var sumsHandedOverAt = 100_000

    /// Creates an importer into `store`.
    public init(store: any LedgerStore, classifier: OfficialClassifier, reader: OfficialReader = OfficialReader()) {
        self.store = store
        self.classifier = classifier
        self.reader = reader
    }

    /// What importing one file did.
    public struct Report: Sendable {
        /// The run and what it replaced.
        public var outcome: OfficialImport
        /// Warnings by kind.
        public var warningsByKind: [String: Int]
        /// For each run this file replaced rows of: how the figures changed, by country and fiscal year.
        public var changes: [VintageDiff]
        /// True when the vintage is the workbook's own last-saved date (no `--vintage` was given).
        public var vintageIsLastSaved = false
    }

    /// Imports the file at `path` as `source` (`fa` or `greenbook`); `vintage` is the edition date (`YYYY-MM-DD` or
    /// `YYYY-MM`). When nil, an Excel workbook's own last-saved date is used; for a CSV file, which states none, the
    /// file's modification date, and a `vintage_assumed` warning says so. `sheet` names a workbook's sheet (needed
    /// only when it has several).
    public func importFile(
        path: String, source: PortfolioQuery.Source, vintage: String?, sheet: String? = nil,
        displayName: String? = nil, progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> Report {
        let name = displayName ?? (path as NSString).lastPathComponent
        guard source != .iati else {
            throw IngestError(file: name, message: "IATI files are imported with `import iati`")
        }
        let (read, stated, assumed, lastSaved) = try Self.sheetAndVintage(
            path: path, name: name, sheet: sheet, vintage: vintage)
        // A file whose size no stored run has cannot be one already imported: it is hashed while it is read, on
        // the reading thread, rather than in a pass of its own before (about 1 s per GB, on one core).
        let byteCount = try FileDigest.byteCount(path: path)
        let sha = try await store.mayHoldFile(byteCount: byteCount) ? try FileDigest.sha256(path: path) : nil
        let reader = self.reader
        let classifier = self.classifier
        let handOverAt = sumsHandedOverAt
        let firstWarnings = assumed.map { [$0] } ?? []
        let datasets: Set<OfficialDataset> = source == .greenbook ? [.greenbook] : [.faComplete, .faSummary]
        let outcome = try await store.importOfficial(
            ImportDraft(
                source: source.rawValue, fileName: name, sha256: sha, byteCount: byteCount, sheet: read),
            vintage: stated,
            classifier: classifier
        ) { accept in
            // The file is parsed, classified and summed for the rollup on its own thread while the ledger writes
            // on this one.
            let (facts, warnings) = try BatchPipe<OfficialItem, (OfficialFileFacts, [StoredWarning])>.run(
                produce: { emit in
                    let session = classifier.session()
                    var warnings = firstWarnings
                    var sums = OfficialRollupSums()
                    var current = AmountTotal("amounts in current dollars")
                    var constant = AmountTotal("amounts in constant dollars")
                    let facts = try reader.read(
                        path: path, displayName: name, expecting: datasets, hashing: sha == nil, sheet: read ?? sheet,
                        progress: progress,
                        warning: { warning in
                            warnings.append(
                                StoredWarning(
                                    kind: warning.kind.rawValue, line: warning.line, activity: warning.activity,
                                    message: warning.message))
                        },
                        row: { row in
                            if let cents = row.currentCents {
                                try current.add(cents, file: name, line: row.line, field: "current dollars")
                            }
                            if let cents = row.constantCents {
                                try constant.add(cents, file: name, line: row.line, field: "constant dollars")
                            }
                            var row = row
                            if let placed = session.classify(row) {
                                row.placement = OfficialAmount.Placement(pillar: placed.pillar, ruleID: placed.ruleID)
                                sums.add(row, pillar: placed.pillar)
                            }
                            try emit(.row(row))
                            if sums.count >= handOverAt {
                                try emit(.sums(sums))
                                sums = OfficialRollupSums()
                            }
                        })
                    if sums.count > 0 { try emit(.sums(sums)) }
                    return (facts, warnings)
                }, consume: accept)
            return ImportFacts(
                publisher: facts.layout.dataset == .greenbook
                    ? "USAID (U.S. Overseas Loans and Grants)" : "ForeignAssistance.gov",
                vintage: stated, formatVersion: facts.layout.rawValue, warnings: warnings, sha256: facts.sha256)
        }
        var changes: [VintageDiff] = []
        for older in outcome.replaced.keys.sorted() {
            changes.append(try await store.diff(older, outcome.run.id, constantDollars: false))
        }
        let warnings = outcome.alreadyImported ? [] : try await store.warnings(run: outcome.run.id)
        return Report(
            outcome: outcome, warningsByKind: Dictionary(grouping: warnings, by: \.kind).mapValues(\.count),
            changes: changes, vintageIsLastSaved: lastSaved)
    }

    /// What an import of `path` reads and how it dates it: a workbook's sheet, which its run names (`sheet`
    /// checked, or a one-sheet workbook's only sheet; nil for a CSV file), and the vintage, `vintage` as stated or
    /// else a workbook's own last-saved date (`lastSaved`) or a CSV file's modification date with a warning.
    static func sheetAndVintage(path: String, name: String, sheet: String?, vintage: String?) throws -> (
        sheet: String?, vintage: String, assumed: StoredWarning?, lastSaved: Bool
    ) {
        let book = Workbook.isWorkbook(path: path) ? try Workbook(path: path, displayName: name) : nil
        let read = try book?.sheet(named: sheet)
        let saved =
            vintage == nil
            ? book?.modified.map { String($0.prefix(10)) }.flatMap { isVintage($0) ? $0 : nil } : nil
        let (stated, assumed) = try statedVintage(vintage ?? saved, path: path, file: name)
        return (read, stated, assumed, saved != nil)
    }

    /// The vintage of a file that carries none: `vintage` as stated (checked), or else the file's modification date
    /// with a `vintage_assumed` warning that says so.
    static func statedVintage(_ vintage: String?, path: String, file: String) throws -> (String, StoredWarning?) {
        if let vintage {
            guard isVintage(vintage) else {
                throw IngestError(
                    file: file, field: "--vintage", message: "\"\(vintage)\" is not a date (YYYY-MM-DD or YYYY-MM)")
            }
            return (vintage, nil)
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? Date()
        let stated = String(modified.formatted(.iso8601).prefix(10))
        return (
            stated,
            StoredWarning(
                kind: ImportWarning.Kind.vintageAssumed.rawValue, line: 1, activity: nil,
                message: "no --vintage given; the file's modification date \(stated) is taken as its vintage")
        )
    }

    /// True for a date that exists as `YYYY-MM-DD` (`DayCount.isDate`), and for `YYYY-MM` with a month 01–12.
    static func isVintage(_ text: String) -> Bool {
        text.utf8.count == 7 ? DayCount.isDate(text + "-01") : DayCount.isDate(text)
    }
}
