public import AtalayaDomain
public import AtalayaIngest
import Foundation

// MARK: - One IATI file read and classified, with nothing written

/// Reads, splits and classifies an IATI file exactly as an import does, without a ledger: what the file holds and
/// what it would warn about, for checking a file before importing it.
public struct IATICheck: Sendable {
    /// The crosswalk and rates that classify what is read.
    public let allocator: Allocator
    /// The reader (with its size limits).
    public let reader: IATIReader

    /// Creates a check with the importer's defaults.
    public init(allocator: Allocator, reader: IATIReader = IATIReader()) {
        self.allocator = allocator
        self.reader = reader
    }

    /// What one file holds.
    public struct Report: Sendable {
        /// The version, vintage and publisher, and the activities and transactions read.
        public var facts: IATIFileFacts
        /// The transactions that are commitments, disbursements or expenditures: the ones figures count.
        public var measuredTransactions: Int
        /// The parts transactions split into (by sector and country), by pillar; `out_of_scope` included.
        public var partsByPillar: [Pillar: Int]
        /// Warnings by kind, as an import would store them. An import may add `stale_activity`, which depends on
        /// what the ledger already holds.
        public var warningsByKind: [String: Int]
    }

    /// Reads and classifies the file at `path` on the calling thread; throws `IngestError` (file, line, column)
    /// exactly where an import would refuse the file.
    public func check(
        path: String, displayName: String? = nil, progress: (Int) -> Void = { _ in }
    ) throws -> Report {
        let name = displayName ?? (path as NSString).lastPathComponent
        var parts: [Pillar: Int] = [:]
        var measured = 0
        var warnings: [String: Int] = [:]
        var amounts = IATIFileAmounts()
        let facts = try reader.read(
            path: path, displayName: name, progress: progress,
            warning: { warnings[$0.kind.rawValue, default: 0] += 1 },
            activity: { activity in
                measured += activity.transactions.count { Measure(iatiTransactionType: $0.type) != nil }
                let allocations = allocator.allocations(for: activity)
                try amounts.add(activity, allocations: allocations, file: name)
                for allocation in allocations { parts[allocation.pillar, default: 0] += 1 }
            })
        return Report(
            facts: facts, measuredTransactions: measured, partsByPillar: parts, warningsByKind: warnings)
    }
}
