public import AtalayaDomain
public import AtalayaIngest
public import AtalayaStore
import Foundation

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
        let outcome = try await store.importFile(
            ImportDraft(source: "iati", fileName: name, sha256: sha, byteCount: byteCount), allocator: allocator
        ) { accept in
            // The file is read on its own thread while this one splits, classifies and sums each activity and the
            // ledger writes it: reading is the larger half of the work (about 1.1 s of CPU to the writer's 0.85 s for
            // a 61 MB file, with the split on the reading side), so the split goes to the side with time to spare.
            // At most two batches wait between them: more let the reader run ahead by 5 MB of activities at no gain.
            var conversionWarnings: [StoredWarning] = []
            var rollup = RunRollupSums()
            var amounts = IATIFileAmounts()
            let (facts, readWarnings) = try BatchPipe<Activity, (IATIFileFacts, [StoredWarning])>.run(
                batchSize: 64, capacity: 2,
                produce: { emit in
                    var warnings: [StoredWarning] = []
                    let facts = try reader.read(
                        path: path, displayName: name, hashing: sha == nil, progress: progress,
                        warning: { warning in
                            warnings.append(
                                StoredWarning(
                                    kind: warning.kind.rawValue, line: warning.line, activity: warning.activity,
                                    message: warning.message))
                        },
                        activity: emit)
                    return (facts, warnings)
                },
                consume: { activity in
                    let classified = ClassifiedActivity(activity, allocator: allocator)
                    conversionWarnings += classified.conversionWarnings()
                    try amounts.add(activity, allocations: classified.allocations, file: name)
                    rollup.add(classified.allocations, publisher: activity.reportingOrg.ref)
                    _ = try accept(classified)
                })
            // In the order of the file's lines (and as given, within a line).
            let warnings = (readWarnings + conversionWarnings).enumerated()
                .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
            return ImportFacts(
                publisher: facts.publisher, vintage: facts.generated, formatVersion: facts.version, warnings: warnings,
                sha256: facts.sha256, rollup: rollup)
        }
        switch outcome {
        case .alreadyImported(let run):
            return Report(run: run, alreadyImported: true, warningsByKind: [:])
        case .imported(let run):
            let warnings = try await store.warnings(run: run.id)
            return Report(
                run: run, alreadyImported: false,
                warningsByKind: Dictionary(grouping: warnings, by: \.kind).mapValues(\.count))
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
