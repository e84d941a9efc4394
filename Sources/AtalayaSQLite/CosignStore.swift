public import AtalayaDomain
import AtalayaStore
import GRDB

// MARK: - Partner counterparts' keys and co-signatures

extension SQLiteStore {
    /// The columns of a signer, in `Cosigner`'s order.
    private static let cosignerColumns = "id, country, name, public_key, registered_at, revoked_at"

    private static func cosigner(_ row: Row) -> Cosigner {
        Cosigner(
            id: row[0], country: row[1], name: row[2], publicKey: row[3], registeredAt: row[4], revokedAt: row[5])
    }

    private static func cosigner(_ db: Database, publicKey: String) throws -> Cosigner? {
        try Row.fetchOne(
            db, sql: "SELECT \(cosignerColumns) FROM cosigner WHERE public_key = ?", arguments: [publicKey]
        ).map(cosigner)
    }

    /// See `LedgerStore.registerCosigner`.
    public func registerCosigner(country: String, name: String, publicKey: String) async throws -> Cosigner {
        guard Countries.iso2.contains(country) else { throw CosignRules.notACountry(country) }
        return try await writer.write { db in
            if let known = try Self.cosigner(db, publicKey: publicKey) { throw CosignRules.alreadyRegistered(known) }
            try db.execute(
                sql: "INSERT INTO cosigner (country, name, public_key, registered_at) VALUES (?, ?, ?, ?)",
                arguments: [country, name, publicKey, Self.now()])
            guard let stored = try Self.cosigner(db, publicKey: publicKey) else {
                throw DatabaseError(message: "the signer just registered vanished")
            }
            return stored
        }
    }

    /// See `LedgerStore.cosigners`.
    public func cosigners() async throws -> [Cosigner] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.cosignerColumns) FROM cosigner ORDER BY id").map(Self.cosigner)
        }
    }

    /// See `LedgerStore.revokeCosigner`.
    public func revokeCosigner(publicKey: String) async throws -> Cosigner {
        try await writer.write { db in
            guard let signer = try Self.cosigner(db, publicKey: publicKey), signer.revokedAt == nil else {
                throw CosignRules.unknownKey(publicKey)
            }
            try db.execute(
                sql: "UPDATE cosigner SET revoked_at = ? WHERE id = ?", arguments: [Self.now(), signer.id])
            return try Self.cosigner(db, publicKey: publicKey) ?? signer
        }
    }

    /// See `LedgerStore.recordCosignature`.
    public func recordCosignature(_ cosignature: Cosignature) async throws -> (
        record: RecordedCosignature, alreadyRecorded: Bool
    ) {
        try await writer.write { db in
            let signer = try Self.cosigner(db, publicKey: cosignature.publicKey)
            var facts = CosignRules.RunFacts(run: try Self.run(db, sha256: cosignature.sha256))
            if let run = facts.run {
                let others = try Row.fetchOne(
                    db, sql: CosignRules.otherCountriesSQL(run: "?1", country: "?2"),
                    arguments: [run.id, cosignature.country])
                facts.otherCountryPeriods = others?[0] ?? 0
                facts.otherCountry = others?[1]
            }
            if let refusal = CosignRules.refusal(cosignature, signer: signer, facts: facts) { throw refusal }
            guard let signer, let run = facts.run else { throw CosignRules.unknownKey(cosignature.publicKey) }
            let known = try Row.fetchOne(
                db, sql: "SELECT signed_at, recorded_at FROM cosignature WHERE run_id = ? AND cosigner_id = ?",
                arguments: [run.id, signer.id])
            if let known {
                return (
                    RecordedCosignature(
                        run: run.id, country: signer.country, signer: signer.name, signedAt: known[0],
                        recordedAt: known[1]), true
                )
            }
            let recordedAt = Self.now()
            try db.execute(
                sql: """
                    INSERT INTO cosignature (run_id, cosigner_id, signed_at, signature, recorded_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [run.id, signer.id, cosignature.signedAt, cosignature.signature, recordedAt])
            return (
                RecordedCosignature(
                    run: run.id, country: signer.country, signer: signer.name, signedAt: cosignature.signedAt,
                    recordedAt: recordedAt), false
            )
        }
    }

    /// See `LedgerStore.cosignatures`.
    public func cosignatures(country: String) async throws -> [RecordedCosignature] {
        try await read { db in
            try Row.fetchAll(db, sql: CosignRules.countingSQL(country: "?"), arguments: [country]).map {
                RecordedCosignature(run: $0[0], country: $0[1], signer: $0[2], signedAt: $0[3], recordedAt: $0[4])
            }
        }
    }
}
