public import Logging
public import ServiceLifecycle

// MARK: - Watching a shared ledger's database between requests

/// A service beside the server that asks the ledger's database every `interval` whether it can be reached (as
/// `/healthz` does), so that once it goes away the requests after are answered at once with a `ledger-unavailable`
/// problem instead of the first of them waiting for the pool until the request limit (the pool has no acquire
/// timeout of its own), and once it is back they are served again. For PostgreSQL; an embedded SQLite ledger is in
/// the process and is never away.
public struct LedgerWatch: Service {
    let web: AtalayaWeb
    let interval: Duration
    let logger: Logger

    /// A watch over `web`'s ledger, every `interval` (5 s by default: one short connection each time), logging
    /// when the database goes away and when it is back.
    public init(_ web: AtalayaWeb, every interval: Duration = .seconds(5), logger: Logger) {
        self.web = web
        self.interval = interval
        self.logger = logger
    }

    /// Checks until the server shuts down.
    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    // The outcome is recorded in the server's health; a failure here is not the service's.
                    let wasAway = web.health.unreachable
                    do {
                        try await web.requireLedger()
                        if wasAway { logger.notice("the ledger's database answers again") }
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        if !wasAway {
                            logger.error("the ledger's database is out of reach", metadata: ["why": "\(error)"])
                        }
                    }
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            return  // shut down with the server
        }
    }
}
