import ArgumentParser
import AtalayaDomain
import AtalayaReports
import AtalayaSQLite
import AtalayaStore

/// `atalaya runs`: the import history.
struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The import history: files, SHA-256, vintages, counts.")

    @OptionGroup var ledger: LedgerOptions

    @Option(name: .long, help: "Show the warnings of this run.")
    var warnings: Int64?

    func run() async throws {
        let store = try ledger.openStore()
        if let warnings {
            for warning in try await store.warnings(run: warnings) {
                print("line \(warning.line)\t\(warning.kind)\t\(warning.activity ?? "-")\t\(warning.message)")
            }
            return
        }
        let rows = try await store.runs().map { run in
            [
                String(run.id), run.fileName, run.publisher ?? "", run.vintage ?? "", run.importedAt,
                String(run.activitiesNew), String(run.activitiesUpdated), String(run.activitiesUnchanged),
                String(run.transactions), String(run.warnings), String(run.sha256.prefix(12)),
            ]
        }
        print(
            TextTable.render(
                header: [
                    "run", "file", "publisher", "vintage", "imported", "new", "updated", "unchanged", "transactions",
                    "warnings", "sha256",
                ], rows: rows))
    }
}

/// `atalaya classify`: re-apply a crosswalk without re-import.
struct Classify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-apply the crosswalk (and exchange rates) to every stored transaction, without re-import.")

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        let allocator = try ledger.allocator()
        let written = try await ledger.openStore().reclassify(allocator: allocator)
        print("classified \(written) allocations with \(allocator.crosswalk.id) \(allocator.crosswalk.version)")
    }
}

/// `atalaya explain ID`: each transaction's split and the rule behind every part.
struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how each transaction of an activity is split and which rule placed every part.")

    @OptionGroup var ledger: LedgerOptions

    @Argument(help: "The IATI identifier.")
    var identifier: String

    func run() async throws {
        guard let explained = try await ledger.openStore().explain(identifier: identifier) else {
            Console.error("error: no activity \(identifier) in \(ledger.db)")
            throw ExitCode(1)
        }
        let rules = Dictionary(
            (try ledger.allocator().crosswalk.rules).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        print(ExplainReport.render(explained, rules: rules), terminator: "")
    }
}
