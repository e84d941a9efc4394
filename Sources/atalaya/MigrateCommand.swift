import ArgumentParser
import AtalayaPostgres
import AtalayaSQLite
import Logging

/// `atalaya migrate`: bring a ledger's schema up to date, once per deployment.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending schema migrations to the ledger (SQLite, or PostgreSQL with --database).")

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        guard let url = ledger.database else {
            let applied = try SQLiteStore(path: ledger.db).migratedOnOpen  // opening a SQLite ledger migrates it
            print(
                applied.isEmpty
                    ? "\(ledger.db): schema already at \(SQLiteStore.migrationNames.last ?? "nothing")"
                    : "\(ledger.db): applied \(applied.joined(separator: ", "))")
            return
        }
        let location = try PostgresLocation(url: url)
        var logger = Logger(label: "atalaya.migrate")
        logger.logLevel = .warning
        let applied = try await PostgresStore.withStore(location, logger: logger) { store in try await store.migrate() }
        let target = PostgresLocation.redacted(url)
        print(
            applied.isEmpty
                ? "\(target): schema already at \(PostgresStore.migrationNames.last ?? "nothing")"
                : "\(target): applied \(applied.joined(separator: ", "))")
    }
}
