public import AtalayaDomain
import AtalayaIngest
public import Crypto
public import Foundation

// MARK: - Signing a monitoring file, and reading and checking the `.cosign` file that carries the signature

/// A co-signature's file: `FILE.cosign` beside the monitoring file, the statement as JSON with its keys sorted.
public enum CosignFile {
    /// A `.cosign` file's largest size: its statement is under 400 bytes.
    static let maximumFileSize = 16 * 1024

    /// Signs the monitoring file at `path` for `country` with `key`: the file (CSV, or a workbook of one sheet) must
    /// read as monitoring data, every line for `country` (a counterpart co-signs their own country's figures only).
    /// `now` is the signing time.
    public static func sign(
        path: String, country: String, key: Curve25519.Signing.PrivateKey, now: Date = Date()
    ) throws -> Cosignature {
        let name = (path as NSString).lastPathComponent
        // A signature covers the file's bytes: every sheet of a workbook, so it must be a workbook of one sheet, which
        // the check below reads whole.
        if Workbook.isWorkbook(path: path) {
            let sheets = try Workbook(path: path, displayName: name).sheetNames
            guard sheets.count == 1 else {
                throw IngestError(
                    file: name,
                    message: "a workbook of \(sheets.count) sheets cannot be co-signed: a co-signature covers the "
                        + "whole file, and each sheet is imported apart; save the sheet for \(country) as a "
                        + "workbook of its own")
            }
        }
        _ = try MonitoringReader(onlyCountry: country).read(path: path, displayName: name) { _ in }
        let sha256 = try FileDigest.sha256(path: path)
        let signedAt = now.formatted(.iso8601)
        let signature = try key.signature(
            for: Cosignature.message(sha256: sha256, country: country, signedAt: signedAt))
        return Cosignature(
            file: name, sha256: sha256, country: country, signedAt: signedAt,
            publicKey: CosignKeys.publicKey(of: key), signature: signature.base64EncodedString())
    }

    /// Writes `cosignature` to `path`; an existing file is refused.
    public static func write(_ cosignature: Cosignature, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(cosignature)
        data.append(0x0A)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch CocoaError.fileWriteFileExists {
            throw CosignError(path, "exists; a co-signature is never overwritten (remove it yourself to sign again)")
        } catch {
            throw CosignError(
                path, "cannot be written (an existing file is never overwritten): \(error.localizedDescription)")
        }
    }

    /// The statement in the `.cosign` file at `path`, its signature checked against the key it names: a file
    /// that is not one, or whose signature does not verify, is an error that says so.
    public static func read(path: String) throws -> Cosignature {
        let name = (path as NSString).lastPathComponent
        let data = try readBounded(path: path, limit: maximumFileSize, name: name)
        guard data.count <= maximumFileSize else {
            throw CosignError(name, "is over \(maximumFileSize) bytes; a co-signature file is a few hundred")
        }
        let cosignature: Cosignature
        do {
            cosignature = try JSONDecoder().decode(Cosignature.self, from: data)
        } catch {
            throw CosignError(name, "is not a co-signature file (JSON with format \(Cosignature.format))")
        }
        try check(cosignature, file: name)
        return cosignature
    }

    /// Checks `cosignature`'s fields and its signature against the key it names.
    public static func check(_ cosignature: Cosignature, file: String) throws {
        guard cosignature.format == Cosignature.format else {
            throw CosignError(file, "has format \"\(cosignature.format)\"; this Atalaya reads \(Cosignature.format)")
        }
        guard cosignature.sha256.utf8.count == 64,
            cosignature.sha256.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw CosignError(file, "sha256 is not 64 lowercase hexadecimal digits") }
        guard Countries.iso2.contains(cosignature.country) else {
            throw CosignError(
                file,
                "country \"\(cosignature.country)\" is not an ISO 3166-1 alpha-2 code"
                    + Countries.suggestion(for: cosignature.country))
        }
        guard DayCount.isDate(String(cosignature.signedAt.prefix(10))), cosignature.signedAt.utf8.count <= 40 else {
            throw CosignError(file, "signedAt \"\(cosignature.signedAt.prefix(40))\" is not a time (ISO 8601)")
        }
        guard let key = CosignKeys.publicKey(cosignature.publicKey) else {
            throw CosignError(file, "publicKey is not an Ed25519 public key (base64 of 32 bytes)")
        }
        guard cosignature.signature.utf8.count == 88, let signature = Data(base64Encoded: cosignature.signature),
            key.isValidSignature(signature, for: cosignature.message)
        else {
            throw CosignError(
                file,
                "the signature does not verify: the statement was changed after it was signed, or was not signed with "
                    + "this key")
        }
    }
}
