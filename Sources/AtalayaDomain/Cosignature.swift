// MARK: - Partner counterparts co-sign their own country's monitoring data

/// A partner-country counterpart whose Ed25519 public key a program office registered for one country: only their
/// signature makes a monitoring file of that country co-signed.
public struct Cosigner: Sendable, Equatable, Codable {
    /// The ledger's id for the signer.
    public var id: Int64
    /// The country they co-sign for (ISO 3166-1 alpha-2).
    public var country: String
    /// Who they are, as the office registered them ("Ministerio de Justicia y Seguridad Pública").
    public var name: String
    /// The public key, base64 of its 32 bytes.
    public var publicKey: String
    /// When the office registered the key (UTC, ISO 8601).
    public var registeredAt: String
    /// When the office revoked it, if it did: the signer's co-signatures stop counting.
    public var revokedAt: String?

    /// Creates a signer.
    public init(
        id: Int64, country: String, name: String, publicKey: String, registeredAt: String, revokedAt: String? = nil
    ) {
        self.id = id
        self.country = country
        self.name = name
        self.publicKey = publicKey
        self.registeredAt = registeredAt
        self.revokedAt = revokedAt
    }
}

/// A counterpart's signed statement that one monitoring file's periods for their country are theirs, as the
/// `.cosign` file beside the monitoring file carries it.
public struct Cosignature: Sendable, Equatable, Codable {
    /// The format of the statement and of its file.
    public static let format = "atalaya-cosign-1"

    /// The format (`atalaya-cosign-1`).
    public var format: String
    /// The monitoring file's name when signed (for people; the SHA-256 is what is signed).
    public var file: String
    /// The monitoring file's SHA-256, lowercase hex.
    public var sha256: String
    /// The country the counterpart co-signs for.
    public var country: String
    /// When they signed (UTC, ISO 8601), as their clock gave it.
    public var signedAt: String
    /// Their public key, base64 of its 32 bytes.
    public var publicKey: String
    /// The Ed25519 signature of `message`, base64 of its 64 bytes.
    public var signature: String

    /// Creates a statement.
    public init(
        file: String, sha256: String, country: String, signedAt: String, publicKey: String, signature: String
    ) {
        self.format = Self.format
        self.file = file
        self.sha256 = sha256
        self.country = country
        self.signedAt = signedAt
        self.publicKey = publicKey
        self.signature = signature
    }

    /// The bytes signed: the format, the file's SHA-256, the country and the time, one a line.
    public static func message(sha256: String, country: String, signedAt: String) -> [UInt8] {
        Array("\(format)\nsha256:\(sha256)\ncountry:\(country)\nsigned-at:\(signedAt)\n".utf8)
    }

    /// This statement's signed bytes.
    public var message: [UInt8] { Self.message(sha256: sha256, country: country, signedAt: signedAt) }
}

/// A co-signature the ledger holds: which run, by whom, when.
public struct RecordedCosignature: Sendable, Equatable, Codable {
    /// The monitoring run co-signed.
    public var run: Int64
    /// The country co-signed for.
    public var country: String
    /// The signer's name as registered.
    public var signer: String
    /// When they signed.
    public var signedAt: String
    /// When the office recorded it.
    public var recordedAt: String

    /// Creates a record.
    public init(run: Int64, country: String, signer: String, signedAt: String, recordedAt: String) {
        self.run = run
        self.country = country
        self.signer = signer
        self.signedAt = signedAt
        self.recordedAt = recordedAt
    }
}
