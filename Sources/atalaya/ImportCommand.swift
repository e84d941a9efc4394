import ArgumentParser
import AtalayaImport
import AtalayaIngest
import AtalayaSQLite
import AtalayaStore
import Foundation

/// `atalaya import iati FILE…`.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import files into the ledger.", subcommands: [IATI.self])

    struct IATI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "iati",
            abstract:
                "Import IATI 2.01–2.03 activity files (each file atomically; the same file twice changes nothing).")

        @OptionGroup var ledger: LedgerOptions

        @Argument(help: "IATI activity XML files.")
        var files: [String]

        func run() async throws {
            let importer = IATIImporter(store: try ledger.openStore(), allocator: try ledger.allocator())
            var failures = 0
            for file in files {
                do {
                    let report = try await ImportProgress.importing(file, with: importer)
                    print(ImportProgress.summary(report))
                } catch let error as IngestError {
                    failures += 1
                    Console.error("error: \(error.description)\n  nothing from this file was imported.")
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }
}

/// Progress on a terminal, plain lines otherwise, and the summary after each file.
enum ImportProgress {
    static func importing(_ file: String, with importer: IATIImporter) async throws -> IATIImporter.Report {
        let name = (file as NSString).lastPathComponent
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let terminal = Console.stderrIsTerminal
        if !terminal { Console.error("importing \(file)") }
        let report = try await importer.importFile(path: file, displayName: name) { bytes in
            guard terminal, size > 0 else { return }
            let fraction = min(1, Double(bytes) / Double(size))
            let filled = Int(fraction * 30)
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(Int(fraction * 100))% \(name)".utf8))
        }
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        return report
    }

    static func summary(_ report: IATIImporter.Report) -> String {
        let run = report.run
        if report.alreadyImported {
            return "\(run.fileName): already imported as run \(run.id) (same SHA-256); nothing changed"
        }
        var line =
            "\(run.fileName): run \(run.id) — activities \(run.activitiesNew) new, \(run.activitiesUpdated) updated, "
        line += "\(run.activitiesUnchanged) unchanged; \(run.transactions) transactions"
        if report.warningsByKind.isEmpty {
            line += "; no warnings"
        } else {
            line +=
                "; warnings: "
                + report.warningsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                    separator: ", ")
        }
        return line
    }
}
