import ArgumentParser
import AtalayaSQLite

/// The `atalaya` command tree; each command parses arguments and calls the libraries.
@main
struct Atalaya: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atalaya",
        abstract: "Where security-cooperation money goes, by pillar, country and fiscal year — and why.",
        version: "atalaya \(release) (ledger schema \(SQLiteStore.migrationNames.last ?? "none"))",
        subcommands: [
            Demo.self, Import.self, Report.self, Runs.self, Classify.self, Activities.self, Explain.self,
            EngagementCommand.self, CosignCommand.self, Signals.self, Brief.self, Serve.self, Migrate.self,
        ])

    /// This build's release number; `--version` adds the ledger schema it reads and writes (the last migration).
    static let release = "0.1.0"

    /// Sets SQLite up before any command opens a ledger, then runs the command.
    static func main() async {
        SQLiteStore.prepareProcess()
        await main(nil)
    }
}
