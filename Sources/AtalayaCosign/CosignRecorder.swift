public import AtalayaDomain
public import AtalayaStore

// MARK: - Recording a co-signature in the ledger

/// Reads a `.cosign` file, checks its signature, and records it in the ledger, which checks who signed and what.
public struct CosignRecorder: Sendable {
    /// The ledger.
    public let store: any LedgerStore

    /// Creates a recorder.
    public init(store: any LedgerStore) { self.store = store }

    /// Records the co-signature in `path`; a file whose signature does not verify, or that the ledger refuses
    /// (an unknown or revoked key, another country, a file not imported), changes nothing.
    public func record(path: String) async throws -> (record: RecordedCosignature, alreadyRecorded: Bool) {
        try await store.recordCosignature(try CosignFile.read(path: path))
    }
}
