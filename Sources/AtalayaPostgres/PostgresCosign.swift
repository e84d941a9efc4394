public import AtalayaDomain
import AtalayaStore
import Logging
import PostgresNIO

// MARK: - Partner counterparts' keys and co-signatures on PostgreSQL

extension PostgresStore {
    private static func cosigner(_ connection: PostgresConnection, publicKey: String, logger: Logger) async throws
        -> Cosigner?
    {
        for try await (id, country, name, key, registered, revoked) in try await connection.query(
            """
            SELECT id, country, name, public_key, registered_at, revoked_at FROM cosigner WHERE public_key = \(publicKey)
            """, logger: logger
        ).decode((Int64, String, String, String, String, String?).self) {
            return Cosigner(
                id: id, country: country, name: name, publicKey: key, registeredAt: registered, revokedAt: revoked)
        }
        return nil
    }

    /// See `LedgerStore.registerCosigner`.
    public func registerCosigner(country: String, name: String, publicKey: String) async throws -> Cosigner {
        guard Countries.iso2.contains(country) else { throw CosignRules.notACountry(country) }
        let logger = self.logger
        return try await holdingImportLock { connection in
            if let known = try await Self.cosigner(connection, publicKey: publicKey, logger: logger) {
                throw CosignRules.alreadyRegistered(known)
            }
            try await connection.query(
                """
                INSERT INTO cosigner (country, name, public_key, registered_at)
                VALUES (\(country), \(name), \(publicKey), \(Self.now()))
                """, logger: logger)
            guard let stored = try await Self.cosigner(connection, publicKey: publicKey, logger: logger) else {
                throw LedgerQueryError("the signer just registered vanished")
            }
            return stored
        }
    }

    /// See `LedgerStore.cosigners`.
    public func cosigners() async throws -> [Cosigner] {
        try await withConnection { connection in
            var signers: [Cosigner] = []
            for try await (id, country, name, key, registered, revoked) in try await connection.query(
                "SELECT id, country, name, public_key, registered_at, revoked_at FROM cosigner ORDER BY id",
                logger: logger
            ).decode((Int64, String, String, String, String, String?).self) {
                signers.append(
                    Cosigner(
                        id: id, country: country, name: name, publicKey: key, registeredAt: registered,
                        revokedAt: revoked))
            }
            return signers
        }
    }

    /// See `LedgerStore.revokeCosigner`.
    public func revokeCosigner(publicKey: String) async throws -> Cosigner {
        let logger = self.logger
        return try await holdingImportLock { connection in
            guard let signer = try await Self.cosigner(connection, publicKey: publicKey, logger: logger),
                signer.revokedAt == nil
            else { throw CosignRules.unknownKey(publicKey) }
            try await connection.query(
                "UPDATE cosigner SET revoked_at = \(Self.now()) WHERE id = \(signer.id)", logger: logger)
            return try await Self.cosigner(connection, publicKey: publicKey, logger: logger) ?? signer
        }
    }

    /// See `LedgerStore.recordCosignature`: under the import lock, so that the run cannot be removed meanwhile.
    public func recordCosignature(_ cosignature: Cosignature) async throws -> (
        record: RecordedCosignature, alreadyRecorded: Bool
    ) {
        let logger = self.logger
        return try await holdingImportLock { connection in
            let signer = try await Self.cosigner(connection, publicKey: cosignature.publicKey, logger: logger)
            var facts = CosignRules.RunFacts(
                run: try await Self.run(connection, sha256: cosignature.sha256, logger: logger))
            if let run = facts.run {
                var binds = PostgresBindings()
                binds.append(run.id)
                binds.append(cosignature.country)
                let sql = CosignRules.otherCountriesSQL(run: "$1", country: "$2")
                for try await (count, country) in try await connection.query(
                    PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger
                ).decode((Int64, String?).self) {
                    facts.otherCountryPeriods = Int(count)
                    facts.otherCountry = country
                }
            }
            if let refusal = CosignRules.refusal(cosignature, signer: signer, facts: facts) { throw refusal }
            guard let signer, let run = facts.run else { throw CosignRules.unknownKey(cosignature.publicKey) }
            for try await (signedAt, recordedAt) in try await connection.query(
                """
                SELECT signed_at, recorded_at FROM cosignature WHERE run_id = \(run.id) AND cosigner_id = \(signer.id)
                """, logger: logger
            ).decode((String, String).self) {
                return (
                    RecordedCosignature(
                        run: run.id, country: signer.country, signer: signer.name, signedAt: signedAt,
                        recordedAt: recordedAt), true
                )
            }
            let recordedAt = Self.now()
            try await connection.query(
                """
                INSERT INTO cosignature (run_id, cosigner_id, signed_at, signature, recorded_at)
                VALUES (\(run.id), \(signer.id), \(cosignature.signedAt), \(cosignature.signature), \(recordedAt))
                """, logger: logger)
            return (
                RecordedCosignature(
                    run: run.id, country: signer.country, signer: signer.name, signedAt: cosignature.signedAt,
                    recordedAt: recordedAt), false
            )
        }
    }

    /// See `LedgerStore.cosignatures`.
    public func cosignatures(country: String) async throws -> [RecordedCosignature] {
        var binds = PostgresBindings()
        binds.append(country)
        let sql = CosignRules.countingSQL(country: "$1", collation: #" COLLATE "C""#)
        return try await withConnection { connection in
            var records: [RecordedCosignature] = []
            for try await (run, country, signer, signedAt, recordedAt) in try await connection.query(
                PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger
            ).decode((Int64, String, String, String, String).self) {
                records.append(
                    RecordedCosignature(
                        run: run, country: country, signer: signer, signedAt: signedAt, recordedAt: recordedAt))
            }
            return records
        }
    }
}
