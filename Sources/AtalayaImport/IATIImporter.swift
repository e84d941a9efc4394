public import AtalayaDomain
public import AtalayaIngest
public import AtalayaStore
import Foundation
import Synchronization

// MARK: - One IATI file into the ledger, atomically

/// Imports IATI files: hashes the file, streams it through the reader and writes it in one transaction.
public struct IATIImporter: Sendable {
    /// The ledger.
    public let store: any LedgerStore
    /// The crosswalk and rates that classify what is imported.
    public let allocator: Allocator
    /// The reader (with its size limits).
    public let reader: IATIReader

    /// Creates an importer.
    public init(store: any LedgerStore, allocator: Allocator, reader: IATIReader = IATIReader()) {
        self.store = store
        self.allocator = allocator
        self.reader = reader
    }

    /// What importing one file did.
    public struct Report: Sendable {
        /// The run record, new or earlier.
        public var run: ImportRun
        /// True when the same bytes had been imported before and nothing changed.
        public var alreadyImported: Bool
        /// Warnings by kind.
        public var warningsByKind: [String: Int]
    }

    /// Imports the file at `path`; throws `IngestError` (file, line, column) and writes nothing when it is bad.
    public func importFile(
        path: String, displayName: String? = nil, progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> Report {
        let name = displayName ?? (path as NSString).lastPathComponent
        // As for official files: a file whose size no stored run has cannot be one already imported, so it is hashed
        // while it is read rather than in a pass of its own before (0.15 s of a 2.2 s import of 55 MB).
        let byteCount = try FileDigest.byteCount(path: path)
        let sha = try await store.mayHoldFile(byteCount: byteCount) ? try FileDigest.sha256(path: path) : nil
        let reader = self.reader
        let allocator = self.allocator
        // Every warning the reading side counted, by kind (the ledger keeps the first of each kind whole).
        let counted = Mutex<[String: Int]>([:])
        let outcome = try await store.importFile(
            ImportDraft(source: "iati", fileName: name, sha256: sha, byteCount: byteCount), allocator: allocator
        ) { accept in
            // The file is read, split, classified and summed on a thread of its own while this one writes the ledger.
            // With libxml2 reading was the larger half of the work and the split went to the writer; with Atalaya's
            // own parser the writer was the larger (busy throughout, the reader waiting a third of the time), and
            // the split back on the reading side took the import 0.53 s → 0.46 s (paired medians of 9). Splitting on
            // whichever side had time (the reader while a batch waited for the writer) measured no faster (1.015×).
            // At most two batches wait between them: more let the reader run ahead by 5 MB of activities at no gain.
            typealias Read = (facts: IATIFileFacts, warnings: WarningLog, rollup: RunRollupSums)
            let read = try BatchPipe<ClassifiedActivity, Read>.run(
                batchSize: 64, capacity: 2,
                produce: { emit in
                    var warnings = WarningLog()
                    var rollup = RunRollupSums()
                    var amounts = IATIFileAmounts()
                    let facts = try reader.read(
                        path: path, displayName: name, hashing: sha == nil, progress: progress,
                        warning: { warning in
                            warnings.add(
                                StoredWarning(
                                    kind: warning.kind.rawValue, line: warning.line, activity: warning.activity,
                                    message: warning.message))
                        },
                        activity: { activity in
                            let classified = ClassifiedActivity(activity, allocator: allocator)
                            for warning in classified.conversionWarnings() { warnings.add(warning) }
                            try amounts.add(activity, allocations: classified.allocations, file: name)
                            rollup.add(classified.allocations, publisher: activity.reportingOrg.ref)
                            try emit(classified)
                        })
                    return (facts, warnings, rollup)
                },
                consume: { classified in _ = try accept(classified) })
            // In the order of the file's lines (and as given, within a line).
            let warnings = read.warnings.kept.enumerated()
                .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
            counted.withLock { $0 = read.warnings.counts }
            return ImportFacts(
                publisher: read.facts.publisher, vintage: read.facts.generated, formatVersion: read.facts.version,
                warnings: warnings, sha256: read.facts.sha256, rollup: read.rollup,
                warningsNotKept: read.warnings.notKept)
        }
        switch outcome {
        case .alreadyImported(let run):
            return Report(run: run, alreadyImported: true, warningsByKind: [:])
        case .imported(let run):
            // The reading side's counts, and the ledger's own: the activities it found stored and newer, the rest of
            // the run's count (also kept only up to `WarningLog.keptPerKind`).
            var byKind = counted.withLock { $0 }
            let stale = run.warnings - byKind.values.reduce(0, +)
            if stale > 0 { byKind[ImportWarning.Kind.staleActivity.rawValue] = stale }
            return Report(run: run, alreadyImported: false, warningsByKind: byKind)
        }
    }
}

extension ClassifiedActivity {
    /// A warning for each transaction whose value its value date's rate makes more dollars than cents hold (Brazil's
    /// 1955 rate makes a million reais some 3 × 10^19 dollars): kept unconverted, at its line, with the date to check.
    func conversionWarnings() -> [StoredWarning] {
        // The common case, on the import's hot path: nothing to say, and nothing allocated to say it.
        guard allocations.contains(where: { $0.flags.contains(.beyondCents) }) else { return [] }
        let indices = Set(allocations.filter { $0.flags.contains(.beyondCents) }.map(\.transactionIndex))
        return indices.sorted().map { index in
            let transaction = activity.transactions[index]
            return StoredWarning(
                kind: ImportWarning.Kind.conversionBeyondCents.rawValue, line: transaction.line,
                activity: activity.identifier,
                message:
                    "transaction value \(DecimalText.format(transaction.valueCents)) \(transaction.currency ?? "") "
                    + "dated \(transaction.valueDate ?? transaction.date ?? "?") converts past what cents hold at that "
                    + "year's rate; check the value date; reported unconverted")
        }
    }
}
