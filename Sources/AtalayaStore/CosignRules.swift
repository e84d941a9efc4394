public import AtalayaDomain

// MARK: - What a co-signature must be to be recorded, in the same words on every engine

/// The checks a verified co-signature passes before either engine records it, and their refusals in words.
public enum CosignRules {
    /// What the ledger knows of the run a co-signature names.
    public struct RunFacts: Sendable {
        /// The run, by the signed SHA-256; nil when no stored run has it.
        public var run: ImportRun?
        /// How many of the run's periods are for another country than the co-signature's.
        public var otherCountryPeriods: Int
        /// One such other country.
        public var otherCountry: String?

        /// Creates the facts.
        public init(run: ImportRun?, otherCountryPeriods: Int = 0, otherCountry: String? = nil) {
            self.run = run
            self.otherCountryPeriods = otherCountryPeriods
            self.otherCountry = otherCountry
        }
    }

    /// A key registered before, refused.
    public static func alreadyRegistered(_ signer: Cosigner) -> LedgerQueryError {
        LedgerQueryError(
            "this key is already registered, for \(signer.country) as \(signer.name) on \(signer.registeredAt.prefix(10))"
        )
    }

    /// A country code a signer cannot be registered for, refused.
    public static func notACountry(_ country: String) -> LedgerQueryError {
        LedgerQueryError("\(country) is not an ISO 3166-1 alpha-2 country code (such as SV)")
    }

    /// A key no signer has, refused.
    public static func unknownKey(_ publicKey: String) -> LedgerQueryError {
        LedgerQueryError(
            "no registered co-signer has the key \(publicKey); the office registers it first with "
                + "`atalaya cosign register --country CODE --name NAME KEY`")
    }

    /// Why `cosignature` cannot be recorded, or nil when it can.
    public static func refusal(_ cosignature: Cosignature, signer: Cosigner?, facts: RunFacts) -> LedgerQueryError? {
        guard let signer else { return unknownKey(cosignature.publicKey) }
        if let revoked = signer.revokedAt {
            return LedgerQueryError(
                "the key of \(signer.name) (\(signer.country)) was revoked on \(revoked.prefix(10))")
        }
        guard signer.country == cosignature.country else {
            return LedgerQueryError(
                "\(signer.name) co-signs for \(signer.country), and this co-signature is for \(cosignature.country)")
        }
        guard let run = facts.run else {
            return LedgerQueryError(
                "no imported file has the SHA-256 \(cosignature.sha256) (\(cosignature.file)); import it first with "
                    + "`atalaya import monitoring --country \(cosignature.country) \(cosignature.file)`")
        }
        guard run.source == "monitoring" else {
            return LedgerQueryError(
                "run \(run.id) (\(run.fileLabel)) is a \(run.source) import; only monitoring files are co-signed")
        }
        if facts.otherCountryPeriods > 0 {
            return LedgerQueryError(
                "run \(run.id) (\(run.fileLabel)) holds \(counted(facts.otherCountryPeriods, "period", "periods")) for "
                    + "\(facts.otherCountry ?? "another country"), not \(cosignature.country); a counterpart co-signs "
                    + "their own country's file only")
        }
        return nil
    }

    /// The SQL for how many of a run's periods are for another country than `country`, and one such country.
    public static func otherCountriesSQL(run: String, country: String) -> String {
        "SELECT COUNT(*), MIN(country) FROM monitoring_period WHERE run_id = \(run) AND country <> \(country)"
    }

    /// The SQL for the co-signatures that count for `country` (run, country, signer, signed, recorded), by run and
    /// signer (`collation` as `MonitoringSQL`'s).
    public static func countingSQL(country: String, collation: String = "") -> String {
        """
        SELECT c.run_id, s.country, s.name, c.signed_at, c.recorded_at
        FROM cosignature c JOIN cosigner s ON s.id = c.cosigner_id
        WHERE s.country = \(country) AND s.revoked_at IS NULL
        ORDER BY c.run_id, s.name\(collation)
        """
    }
}
