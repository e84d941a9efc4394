import AtalayaCosign
import AtalayaDomain
import AtalayaImport
import AtalayaIngest
import AtalayaReports
import AtalayaStore
import AtalayaTestSupport
import Crypto
import Foundation
import Testing

@testable import AtalayaSQLite

@Suite("Partner counterparts co-sign their own country's monitoring data")
struct CosignTests {
    let asOf = "2025-11-29"

    /// A ledger with BCIE's IATI file and the SYNTHETIC El Salvador monitoring file, a key for a SYNTHETIC
    /// counterpart in a folder of its own, and the monitoring file's path.
    func ledger(
        _ engine: Engine,
        _ body: (any TestLedger, _ key: Curve25519.Signing.PrivateKey, _ monitoring: String, _ run: Int64) async throws
            -> Void
    ) async throws {
        try await engine.withLedger { store in
            _ = try await IATIImporter(store: store, allocator: try bundledAllocator()).importFile(path: bcieFile)
            let monitoring = try Scratch.file("SYNTHETIC-monitoring-sv.csv", syntheticMonitoring)
            let run = try await MonitoringImporter(store: store).importFile(path: monitoring).run.id
            let keyFile = (monitoring as NSString).deletingLastPathComponent + "/SYNTHETIC-counterpart.key"
            _ = try CosignKeys.generate(writingTo: keyFile)
            try await body(store, try CosignKeys.read(path: keyFile), monitoring, run)
        }
    }

    /// A statement signed by `key` with fields of the test's choosing (what `cosign sign` would refuse to make).
    func statement(
        _ key: Curve25519.Signing.PrivateKey, sha256: String, country: String, file: String = "SYNTHETIC.csv"
    ) throws -> Cosignature {
        let signedAt = "2025-11-20T10:00:00Z"
        let signature = try key.signature(
            for: Cosignature.message(sha256: sha256, country: country, signedAt: signedAt))
        return Cosignature(
            file: file, sha256: sha256, country: country, signedAt: signedAt, publicKey: CosignKeys.publicKey(of: key),
            signature: signature.base64EncodedString())
    }

    @Test(
        "a co-signature is verified, recorded once, counted in the results, and goes with its run or its key",
        arguments: Engine.available)
    func recorded(_ engine: Engine) async throws {
        try await ledger(engine) { store, key, monitoring, run in
            let signer = try await store.registerCosigner(
                country: "SV", name: "SYNTHETIC Ministry of Justice", publicKey: CosignKeys.publicKey(of: key))
            #expect(try await store.cosigners() == [signer])
            let before = try await store.generation()
            // Signed as `cosign sign` signs, written and read back as `cosign record` reads it.
            let cosignature = try CosignFile.sign(path: monitoring, country: "SV", key: key)
            #expect(cosignature.sha256 == (try FileDigest.sha256(path: monitoring)))
            try CosignFile.write(cosignature, to: monitoring + ".cosign")
            #expect(throws: CosignError.self) { try CosignFile.write(cosignature, to: monitoring + ".cosign") }
            let recorder = CosignRecorder(store: store)
            let first = try await recorder.record(path: monitoring + ".cosign")
            #expect(!first.alreadyRecorded && first.record.run == run && first.record.signer == signer.name)
            #expect(try await recorder.record(path: monitoring + ".cosign").alreadyRecorded)
            #expect(try await store.scalar("SELECT COUNT(*) FROM cosignature") == 1)
            #expect(try await store.generation() != before)

            // The three monitoring readings come from the co-signed run; the sentence and the JSON say so.
            let report = ResultsReport(
                country: "SV", asOf: asOf, readings: try await store.indicatorReadings(country: "SV", asOf: asOf),
                thresholds: .standard, cosignatures: try await store.cosignatures(country: "SV"))
            #expect(report.status.fromMonitoring == 3 && report.status.cosigned == 3)
            #expect(
                report.status.sentence.hasSuffix(
                    "; all from the program office's monitoring data, 3 co-signed by the partner country."))
            #expect(report.status.sentence(in: .es).hasSuffix(", 3 refrendados por el país socio."))
            let json = try JSONSerialization.jsonObject(with: Data(try report.json().utf8)) as? [String: Any]
            let readings = json?["readings"] as? [[String: Any]] ?? []
            #expect(readings.allSatisfy { ($0["cosignedBy"] as? [[String: String]])?.first?["signer"] == signer.name })
            #expect(
                report.csv().contains(
                    ",monitoring,\(run),SYNTHETIC Ministry of Justice (\(cosignature.signedAt)),,false,\n"))

            // A revoked key's co-signatures stop counting, and it signs nothing more.
            _ = try await store.revokeCosigner(publicKey: signer.publicKey)
            #expect(try await store.cosignatures(country: "SV") == [])
            await #expect(throws: LedgerQueryError.self) { _ = try await recorder.record(path: monitoring + ".cosign") }
            // A second key, registered anew, co-signs; removing the run takes its co-signatures with it.
            let other = Curve25519.Signing.PrivateKey()
            _ = try await store.registerCosigner(
                country: "SV", name: "SYNTHETIC Attorney General", publicKey: CosignKeys.publicKey(of: other))
            _ = try await store.recordCosignature(try CosignFile.sign(path: monitoring, country: "SV", key: other))
            #expect(try await store.cosignatures(country: "SV").map(\.signer) == ["SYNTHETIC Attorney General"])
            _ = try await store.removeRun(run)
            #expect(try await store.cosignatures(country: "SV") == [])
            #expect(try await store.scalar("SELECT COUNT(*) FROM cosignature") == 0)
        }
    }

    @Test("what cannot be co-signed is refused in words and records nothing", arguments: Engine.available)
    func refused(_ engine: Engine) async throws {
        try await ledger(engine) { store, key, monitoring, run in
            let sha = try FileDigest.sha256(path: monitoring)
            func refusal(_ cosignature: Cosignature) async -> String {
                do {
                    _ = try await store.recordCosignature(cosignature)
                    return "recorded"
                } catch {
                    return "\(error)"
                }
            }
            // A key no one registered.
            #expect(await refusal(try statement(key, sha256: sha, country: "SV")).contains("no registered co-signer"))
            // A signer of Honduras co-signing for El Salvador.
            _ = try await store.registerCosigner(
                country: "HN", name: "SYNTHETIC Honduras ministry", publicKey: CosignKeys.publicKey(of: key))
            #expect(
                await refusal(try statement(key, sha256: sha, country: "SV"))
                    == "SYNTHETIC Honduras ministry co-signs for HN, and this co-signature is for SV")
            // A file the ledger does not hold; a file that is not monitoring data (BCIE's IATI file, run 1).
            #expect(
                await refusal(try statement(key, sha256: String(repeating: "0", count: 64), country: "HN"))
                    .hasPrefix("no imported file has the SHA-256 0000"))
            #expect(
                await refusal(try statement(key, sha256: try FileDigest.sha256(path: bcieFile), country: "HN"))
                    .hasSuffix("is a iati import; only monitoring files are co-signed"))
            // The El Salvador file, signed for Honduras: its periods are another country's.
            #expect(
                await refusal(try statement(key, sha256: sha, country: "HN"))
                    == "run \(run) (SYNTHETIC-monitoring-sv.csv) holds 5 periods for SV, not HN; a counterpart co-signs "
                    + "their own country's file only")
            #expect(try await store.scalar("SELECT COUNT(*) FROM cosignature") == 0)
            // `cosign sign` itself refuses a file with another country's lines.
            #expect(throws: IngestError.self) { _ = try CosignFile.sign(path: monitoring, country: "HN", key: key) }
            // A workbook of two sheets: the signature would cover both, and only one is imported at a time.
            let header = MonitoringReader.columns.map { SyntheticWorkbook.Cell.text($0) }
            let book = try SyntheticWorkbook.file(
                "monitoring-two-sheets-SYNTHETIC.xlsx", sheets: [("SV", [header]), ("HN", [header])])
            let twoSheets = #expect(throws: IngestError.self) {
                _ = try CosignFile.sign(path: book, country: "SV", key: key)
            }
            #expect(
                twoSheets?.message
                    == "a workbook of 2 sheets cannot be co-signed: a co-signature covers the whole file, and each "
                    + "sheet is imported apart; save the sheet for SV as a workbook of its own")
            // Registration: the same key twice, and a code that is not a country.
            await #expect(throws: LedgerQueryError.self) {
                _ = try await store.registerCosigner(
                    country: "SV", name: "again", publicKey: CosignKeys.publicKey(of: key))
            }
            await #expect(throws: LedgerQueryError.self) {
                _ = try await store.registerCosigner(
                    country: "XX", name: "nowhere", publicKey: CosignKeys.publicKey(of: Curve25519.Signing.PrivateKey())
                )
            }
            #expect(try await store.cosigners().count == 1)
        }
    }

    @Test("a statement changed after signing, or a file that is not one, is an error that says so")
    func tampered() throws {
        let key = Curve25519.Signing.PrivateKey()
        let signed = try statement(key, sha256: String(repeating: "a", count: 64), country: "SV")
        try CosignFile.check(signed, file: "ok.cosign")
        var moved = signed
        moved.country = "HN"
        var later = signed
        later.signedAt = "2025-11-21T10:00:00Z"
        var otherKey = signed
        otherKey.publicKey = CosignKeys.publicKey(of: Curve25519.Signing.PrivateKey())
        for changed in [moved, later, otherKey] {
            #expect(throws: CosignError.self) { try CosignFile.check(changed, file: "changed.cosign") }
        }
        var upper = signed
        upper.sha256 = upper.sha256.uppercased()
        #expect(throws: CosignError.self) { try CosignFile.check(upper, file: "upper.cosign") }
        // Not JSON, too large, a key file that is not a key: each says which file.
        let garbage = try Scratch.file("garbage.cosign", "\u{FF}\u{FE}not json")
        let huge = try Scratch.file("huge.cosign", String(repeating: " ", count: 20_000) + "{}")
        for (path, words) in [(garbage, "is not a co-signature file"), (huge, "is over 16384 bytes")] {
            #expect {
                _ = try CosignFile.read(path: path)
            } throws: { error in
                "\(error)".contains(words)
            }
        }
        let notKey = try Scratch.file("not.key", "hello\n")
        #expect(throws: CosignError.self) { _ = try CosignKeys.read(path: notKey) }
        // A new key is readable by its owner only, and never overwrites a file.
        let keyFile = (notKey as NSString).deletingLastPathComponent + "/new.key"
        let publicKey = try CosignKeys.generate(writingTo: keyFile)
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(CosignKeys.publicKey(of: try CosignKeys.read(path: keyFile)) == publicKey)
        #expect(throws: CosignError.self) { _ = try CosignKeys.generate(writingTo: keyFile) }
        #expect(throws: CosignError.self) { _ = try CosignKeys.generate(writingTo: notKey) }
    }

    @Test("what keygen and sign refuse is said in Spanish, each refusal from its template, the English unchanged")
    func refusalsInSpanish() throws {
        let key = Curve25519.Signing.PrivateKey()
        let header = MonitoringReader.columns.joined(separator: ",")
        let good = "SYNTHETIC-1,PA,Cases closed,true,0,2025-01-01,2025-06-30,10,5"
        /// The error signing `text` as a monitoring file for Panama throws, said in Spanish.
        func signing(_ text: String, name: String = "SYNTHETIC-monitoring.csv") throws -> String {
            let path = try Scratch.file(name, text)
            return try spanish { _ = try CosignFile.sign(path: path, country: "PA", key: key) }
        }
        /// The error `body` throws, in Spanish; its English is the error's own description.
        func spanish(_ body: () throws -> Void) throws -> String {
            do {
                try body()
            } catch {
                #expect(CounterpartMessages.text(of: error, in: .en) == "\(error)")
                return CounterpartMessages.text(of: error, in: .es)
            }
            Issue.record("nothing was refused")
            return ""
        }
        func line(_ fields: KeyValuePairs<String, String>) -> String {
            SyntheticCSV.line(MonitoringReader.columns, fields)
        }

        // The monitoring file, line by line and field by field.
        let expected: [(String, String)] = [
            ("", "SYNTHETIC-monitoring.csv:1: el archivo está vacío"),
            (
                "program,country,indicator\n",
                "SYNTHETIC-monitoring.csv:1: el encabezado de un archivo de seguimiento nombra \(header) en cualquier "
                    + "orden (faltan: ascending, baseline, period_start, period_end, target, actual)"
            ),
            (
                header + ",notes\n",
                "SYNTHETIC-monitoring.csv:1: el encabezado de un archivo de seguimiento nombra \(header) en cualquier "
                    + "orden (no son columnas de seguimiento: notes)"
            ),
            (
                header.replacingOccurrences(of: "actual", with: "result") + "\n",
                "SYNTHETIC-monitoring.csv:1: el encabezado de un archivo de seguimiento nombra \(header) en cualquier "
                    + "orden (faltan: actual; no son columnas de seguimiento: result)"
            ),
            (
                header + ",target\n",
                "SYNTHETIC-monitoring.csv:1: el encabezado de un archivo de seguimiento nombra \(header) en cualquier "
                    + "orden (una columna aparece dos veces)"
            ),
            (
                "\(header)\n\(good)\nSYNTHETIC-2,PA\n",
                "SYNTHETIC-monitoring.csv:3: 2 campos donde el encabezado tiene 9"
            ),
            (
                "program;country;indicator\n1;2;3\n",
                "SYNTHETIC-monitoring.csv:1: los campos están separados por punto y coma (;), no por comas, como "
                    + "guarda CSV una hoja de cálculo en un idioma que escribe comas decimales: use el libro (.xlsx) "
                    + "mismo donde el comando lee libros (--sheet), o guarde el CSV con comas entre campos y puntos en "
                    + "los números"
            ),
            (
                "program\tcountry\tindicator\n",
                "SYNTHETIC-monitoring.csv:1: los campos están separados por tabuladores, no por comas, como guarda "
                    + "CSV una hoja de cálculo en un idioma que escribe comas decimales: use el libro (.xlsx) mismo "
                    + "donde el comando lee libros (--sheet), o guarde el CSV con comas entre campos y puntos en los "
                    + "números"
            ),
            (
                "\(header)\n\"SYNTHETIC-1,PA\n",
                "SYNTHETIC-monitoring.csv:2: un campo entre comillas nunca se cierra (el archivo puede estar truncado)"
            ),
            (
                "\(header)\r\(good)\n",
                "SYNTHETIC-monitoring.csv:1: un retorno de carro sin salto de línea a continuación"
            ),
            (
                "\(header)\nSYNTHETIC\"1,PA\n",
                "SYNTHETIC-monitoring.csv:2: una comilla dentro de un campo sin comillas (campo 1); ponga el campo "
                    + "entero entre comillas"
            ),
            (
                "\(header)\n\"SYNTHETIC-1\"x,PA\n",
                "SYNTHETIC-monitoring.csv:2: texto después de la comilla de cierre (campo 1)"
            ),
            (
                "\(header)\n" + String(repeating: "x,", count: 1024) + "x\n",
                "SYNTHETIC-monitoring.csv:2: más de 1024 campos en un registro"
            ),
            (
                "\(header)\n" + String(repeating: "x", count: (1 << 20) + 1) + "\n",
                "SYNTHETIC-monitoring.csv:2: un campo de más de 1048576 bytes"
            ),
            (
                "\(header)\n" + line(["country": "P\u{0}A"]),
                "SYNTHETIC-monitoring.csv:2: country: contiene un byte NUL (0x00)"
            ),
            (
                "\(header)\n" + line(["country": ""]),
                "SYNTHETIC-monitoring.csv:2: country: vacío; cada periodo indica su country"
            ),
            (
                "\(header)\n" + line(["country": "PAN"]),
                "SYNTHETIC-monitoring.csv:2: country: \"PAN\" no es un código ISO 3166-1 alfa-2; ¿quiso decir "
                    + "PA (Panama)? (PAN es su código alfa-3)"
            ),
            (
                "\(header)\n" + line(["country": "Panama"]),
                "SYNTHETIC-monitoring.csv:2: country: \"Panama\" no es un código ISO 3166-1 alfa-2; ¿quiso decir "
                    + "PA (Panama)?"
            ),
            (
                "\(header)\n" + line(["country": "XX"]),
                "SYNTHETIC-monitoring.csv:2: country: \"XX\" no es un código ISO 3166-1 alfa-2"
            ),
            (
                "\(header)\n" + line(["country": "SV"]),
                "SYNTHETIC-monitoring.csv:2: country: SV no es PA, el único país sobre el que este archivo puede "
                    + "informar"
            ),
            (
                "\(header)\n" + line(["country": "PA", "ascending": "sí"]),
                "SYNTHETIC-monitoring.csv:2: ascending: \"sí\" no es ni true (más alto es mejor) ni false (más bajo "
                    + "es mejor)"
            ),
            (
                "\(header)\n" + line(["country": "PA", "ascending": "true", "period_start": "30/06/2025"]),
                "SYNTHETIC-monitoring.csv:2: period_start: \"30/06/2025\" no es una fecha (AAAA-MM-DD)"
            ),
            (
                "\(header)\n"
                    + line([
                        "country": "PA", "ascending": "true", "period_start": "2025-07-01", "period_end": "2025-06-30",
                    ]),
                "SYNTHETIC-monitoring.csv:2: period_end: 2025-06-30 es anterior al inicio del periodo, 2025-07-01"
            ),
            (
                "\(header)\n"
                    + line([
                        "program": "SYNTHETIC-1", "country": "PA", "indicator": "x", "ascending": "true",
                        "period_start": "2025-01-01", "period_end": "2025-06-30", "target": "1.000,5",
                    ]),
                "SYNTHETIC-monitoring.csv:2: target: \"1.000,5\" no es un número (dígitos, con signo y punto decimal "
                    + "opcionales)"
            ),
        ]
        for (text, said) in expected { #expect(try signing(text) == said) }
        // A value of a megabyte is quoted by its first 59 characters, not repeated whole.
        let huge =
            "\(header)\n"
            + line(["country": "PA", "ascending": "true", "period_start": String(repeating: "9", count: 1 << 20)])
        #expect(
            try signing(huge)
                == "SYNTHETIC-monitoring.csv:2: period_start: \"\(String(repeating: "9", count: 59))…\" no es una fecha "
                + "(AAAA-MM-DD)")
        // "Justicia" with a Latin-1 é (0xE9), as a spreadsheet saves CSV in Windows-1252.
        let latin1 = try Scratch.file(
            "SYNTHETIC-monitoring.csv",
            contents: Data("\(header)\nSYNTHETIC-1,PA,Justic".utf8) + [0xE9]
                + Data(",true,0,2025-01-01,2025-06-30,10,5\n".utf8))
        #expect(
            try spanish { _ = try CosignFile.sign(path: latin1, country: "PA", key: key) }
                == "SYNTHETIC-monitoring.csv:2: indicator: no es UTF-8 válido (si el archivo es Windows-1252 o "
                + "Latin-1, guárdelo antes como UTF-8)")

        // The files around it: one that is not there, a folder, a workbook of two sheets, a `.cosign` already there.
        let folder = (try Scratch.file("SYNTHETIC-monitoring.csv", "\(header)\n\(good)\n") as NSString)
            .deletingLastPathComponent
        let monitoring = folder + "/SYNTHETIC-monitoring.csv"
        #expect(
            try spanish { _ = try CosignFile.sign(path: folder + "/SYNTHETIC-absent.csv", country: "PA", key: key) }
                == "SYNTHETIC-absent.csv: no se puede abrir: no existe el archivo o la carpeta")
        let cells = MonitoringReader.columns.map { SyntheticWorkbook.Cell.text($0) }
        let book = try SyntheticWorkbook.file(
            "monitoring-two-sheets-SYNTHETIC.xlsx", sheets: [("PA", [cells]), ("HN", [cells])])
        #expect(
            try spanish { _ = try CosignFile.sign(path: book, country: "PA", key: key) }
                == "monitoring-two-sheets-SYNTHETIC.xlsx: un libro de 2 hojas no se puede refrendar: un refrendo cubre "
                + "el archivo entero, y cada hoja se importa por separado; guarde la hoja de PA como un libro aparte")
        let cosignature = try CosignFile.sign(path: monitoring, country: "PA", key: key)
        try CosignFile.write(cosignature, to: monitoring + ".cosign")
        #expect(
            try spanish { try CosignFile.write(cosignature, to: monitoring + ".cosign") }
                == "\(monitoring).cosign: ya existe; un refrendo nunca se sobrescribe (bórrelo usted para refrendar de "
                + "nuevo)")

        // The key: made where one is, or in no folder; read from nowhere, a folder, or a file that is not a key.
        let keyFile = folder + "/SYNTHETIC-counterpart.key"
        _ = try CosignKeys.generate(writingTo: keyFile)
        #expect(
            try spanish { _ = try CosignKeys.generate(writingTo: keyFile) }
                == "\(keyFile): ya existe; una clave nunca se sobrescribe (elija otro nombre, o bórrela usted)")
        #expect(
            try spanish { _ = try CosignKeys.generate(writingTo: folder + "/absent/SYNTHETIC.key") }
                == "\(folder)/absent/SYNTHETIC.key: no se puede crear: no existe el archivo o la carpeta")
        #expect(
            try spanish { _ = try CosignKeys.read(path: folder + "/SYNTHETIC-absent.key") }
                == "\(folder)/SYNTHETIC-absent.key: no se puede leer: no existe el archivo o la carpeta")
        #expect(try spanish { _ = try CosignKeys.read(path: folder) } == "\(folder): es una carpeta, no un archivo")
        #expect(
            try spanish { _ = try CosignKeys.read(path: monitoring) }
                == "\(monitoring): no es una clave de firma de Atalaya (32 bytes en base64, como los escribe "
                + "`cosign keygen`)")

        // Refusals a test cannot bring about on demand (a full disk, a write that fails midway, a read error after
        // the open), from their English as the code writes it.
        #expect(
            CounterpartMessages.text(of: CosignError("k", "could not be written: No space left on device"), in: .es)
                == "k: no se pudo escribir: no queda espacio en el disco")
        let unwritable = CosignError(
            "f.cosign", "cannot be written (an existing file is never overwritten): Permission denied")
        #expect(
            CounterpartMessages.text(of: unwritable, in: .es)
                == "f.cosign: no se puede escribir (un archivo existente nunca se sobrescribe): permiso denegado")
        #expect(
            CounterpartMessages.text(of: IngestError(file: "f.csv", message: "cannot read: Is a directory"), in: .es)
                == "f.csv: no se puede leer: es una carpeta")

        // A message no template knows stays in English, and says so; so does an error of another kind.
        #expect(
            CounterpartMessages.text(of: IngestError(file: "f.csv", line: 3, message: "something new"), in: .es)
                == "f.csv:3: something new (en inglés)")
        #expect(CounterpartMessages.text(of: CancellationError(), in: .es).hasSuffix(" (en inglés)"))
    }

    @Test("the results sentence says how many readings a partner co-signed, beside where they come from")
    func sentence() {
        func reading(_ source: IndicatorReading.Source, run: Int64?) -> IndicatorReading {
            IndicatorReading(
                activity: "SYNTHETIC-1", title: "x", ascending: true, baseline: "0", target: "10", actual: "9",
                periodEnd: "2025-06-30", source: source, run: run)
        }
        let readings = [reading(.iati, run: 1), reading(.monitoring, run: 2), reading(.monitoring, run: 3)]
        // Run 1 is IATI: co-signing counts monitoring runs only.
        let status = ResultsStatus(readings, cosignedRuns: [1, 2])
        #expect(status.cosigned == 1)
        #expect(
            status.sentence.hasSuffix(
                "; 2 from the program office's monitoring data (1 co-signed by the partner country), the rest from "
                    + "IATI files."))
        #expect(status.sentence(in: .es).contains("(1 refrendado por el país socio), el resto de archivos IATI."))
        #expect(!ResultsStatus(readings).sentence.contains("co-signed"))
    }
}
