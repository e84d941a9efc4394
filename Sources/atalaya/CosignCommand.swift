import ArgumentParser
import AtalayaCosign
import AtalayaDomain
import AtalayaStore
import Foundation

/// `atalaya cosign keygen|sign|register|record|list|revoke`: a partner counterpart co-signs their own country's
/// monitoring file with a key of their own, and the office records the co-signature beside the imported file.
struct CosignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cosign",
        abstract: "Partner counterparts co-sign their own country's monitoring data (Ed25519 signatures).",
        discussion: """
            The counterpart makes a key (keygen) and sends the office its public key, which the office registers for \
            their country (register). The counterpart signs a monitoring file whose every line is for their country \
            (sign: FILE.cosign beside it); the office imports the file (`atalaya import monitoring`) and records the \
            co-signature (record), which is checked against the registered key and the imported file's SHA-256. \
            The results then show which readings a partner co-signed.
            """,
        subcommands: [Keygen.self, Sign.self, Register.self, Record.self, List.self, Revoke.self])

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keygen",
            abstract: "Make a signing key: the private key goes to --out (readable by you only); prints the public key."
        )

        @Option(help: ArgumentHelp("Where to write the private key; an existing file is refused.", valueName: "path"))
        var out: String
        @Option(help: "en or es: the lines printed and why a key is refused.")
        var lang: ReportLanguage = .en

        func run() throws {
            let publicKey = try saying(in: lang) { try CosignKeys.generate(writingTo: out) }
            print(
                lang.pick(
                    "private key written to \(out); keep it to yourself",
                    "clave privada escrita en \(out); no la comparta con nadie"))
            print(
                lang.pick(
                    "public key (send it to the program office): ",
                    "clave pública (envíela a la oficina del programa): ")
                    + publicKey)
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign",
            abstract: "Co-sign a monitoring file for your country: writes FILE.cosign beside it.")

        @Option(help: ArgumentHelp("Your private key file (from keygen).", valueName: "path")) var key: String
        @Option(help: "Your country, ISO alpha-2; every line of the file must be for it.", transform: isoCountry)
        var country: String
        @Argument(help: "The monitoring CSV file, or a workbook of one sheet.") var file: String
        @Option(help: "en or es: the line printed and why a key or file is refused.")
        var lang: ReportLanguage = .en

        func run() throws {
            let out = file + ".cosign"
            let cosignature = try saying(in: lang) {
                let cosignature = try CosignFile.sign(path: file, country: country, key: try CosignKeys.read(path: key))
                try CosignFile.write(cosignature, to: out)
                return cosignature
            }
            let digest = "sha256 \(cosignature.sha256.prefix(12))…"
            print(
                lang.pick(
                    "\(out): \(cosignature.country) co-signs \(cosignature.file), \(digest); send both files to the "
                        + "program office",
                    "\(out): \(cosignature.country) refrenda \(cosignature.file), \(digest); envíe ambos archivos a la "
                        + "oficina del programa"))
        }
    }

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register", abstract: "Register a counterpart's public key for their country.")

        @OptionGroup var ledger: LedgerOptions
        @Option(help: "The country they co-sign for, ISO alpha-2.", transform: isoCountry) var country: String
        @Option(help: "Who they are (institution and office).") var name: String
        @Argument(help: "Their public key, as keygen printed it.") var publicKey: String

        func run() async throws {
            guard CosignKeys.publicKey(publicKey) != nil else {
                throw ValidationError(
                    "\(publicKey) is not an Ed25519 public key (base64 of 32 bytes, as keygen prints)")
            }
            let name = name.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw ValidationError("--name is empty") }
            let (country, key) = (country, publicKey)
            let signer = try await ledger.withStore(creating: true) {
                try await $0.registerCosigner(country: country, name: name, publicKey: key)
            }
            print("registered \(signer.name) for \(signer.country)")
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Check and record co-signatures (FILE.cosign) of imported monitoring files.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: ".cosign files.") var files: [String]

        func run() async throws {
            let files = self.files
            let failures = try await ledger.withStore { store in
                let recorder = CosignRecorder(store: store)
                var failures = 0
                for file in files {
                    do {
                        let (record, already) = try await recorder.record(path: file)
                        print(
                            "\(file): run \(record.run) co-signed for \(record.country) by \(record.signer), signed "
                                + "\(record.signedAt)" + (already ? " (recorded before; nothing changed)" : ""))
                    } catch let error as CosignError {
                        failures += 1
                        Console.error("error: \(error.description)\n  nothing was recorded.")
                    } catch let error as LedgerQueryError {
                        failures += 1
                        Console.error("error: \(file): \(error.description)\n  nothing was recorded.")
                    }
                }
                return failures
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "The registered counterparts and the runs each co-signed.")

        @OptionGroup var ledger: LedgerOptions

        func run() async throws {
            let (signers, signed) = try await ledger.withStore { store in
                let signers = try await store.cosigners()
                var signed: [String: [RecordedCosignature]] = [:]
                for country in Set(signers.map(\.country)) {
                    signed[country] = try await store.cosignatures(country: country)
                }
                return (signers, signed)
            }
            if signers.isEmpty { print("no counterpart is registered") }
            for signer in signers {
                let runs = (signed[signer.country] ?? []).filter { $0.signer == signer.name }.map { String($0.run) }
                print(
                    "\(signer.country)  \(signer.name)  \(signer.publicKey)  registered \(signer.registeredAt.prefix(10))"
                        + (signer.revokedAt.map { ", revoked \($0.prefix(10))" } ?? "")
                        + (runs.isEmpty ? "" : "; co-signed run \(runs.joined(separator: ", "))"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a counterpart's key: their co-signatures stop counting.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: "The public key.") var publicKey: String

        func run() async throws {
            let key = publicKey
            let signer = try await ledger.withStore { try await $0.revokeCosigner(publicKey: key) }
            print("revoked the key of \(signer.name) (\(signer.country)); their co-signatures no longer count")
        }
    }
}

/// Runs `body`, giving an error it throws in `language` (`Error: …`, as every command's errors are printed).
private func saying<Value>(in language: ReportLanguage, _ body: () throws -> Value) throws -> Value {
    do {
        return try body()
    } catch {
        throw SaidError(description: CounterpartMessages.text(of: error, in: language))
    }
}

/// An error already in the counterpart's language.
private struct SaidError: Error, CustomStringConvertible {
    let description: String
}
