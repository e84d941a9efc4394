import AtalayaBundledData
import AtalayaDomain
import AtalayaIngest
import AtalayaPostgres
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Testing

@testable import AtalayaWeb

@Suite("Web: a PostgreSQL ledger out of reach is said at once")
struct LedgerUnavailableTests {
    /// Runs `body` against a server over a PostgreSQL ledger on a closed port (1 on loopback), whose pool would wait
    /// for it for as long as a query waits; `timeout` is the server's request limit. With `watch`, a `LedgerWatch`
    /// runs beside it at that interval, and `body` starts once it has found the database away.
    func withUnreachableLedger(
        timeout: Duration, watch: Duration? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let location = try PostgresLocation(url: "postgres://atalaya@127.0.0.1:1/ledger?sslmode=disable")
        let logger = {
            var logger = Logger(label: "atalaya.web.tests")
            logger.logLevel = .critical
            return logger
        }()
        let store = PostgresStore(location: location, logger: logger)
        let allocator = try WebFixture.allocator()
        let web = try AtalayaWeb(
            store: store, crosswalk: allocator.crosswalk, ratesSource: allocator.rates.source,
            settings: WebSettings(requestTimeout: timeout, today: { "2025-11-29" }))
        let app = Application(router: web.router(), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.client.run() }
            defer { group.cancelAll() }
            if let watch {
                group.addTask { try await LedgerWatch(web, every: watch, logger: logger).run() }
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(120)
                while !web.health.unreachable && clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
                #expect(web.health.unreachable, "the watch did not find the database away")
            }
            try await app.test(.router, body)
        }
    }

    @Test("health and pages answer a ledger-unavailable 503 with the system's reason, the second at once")
    func unreachable() async throws {
        // Five minutes: an answer well before that was not waiting for the pool (the margin is for a loaded machine).
        try await withUnreachableLedger(timeout: .seconds(300)) { client in
            let clock = ContinuousClock()
            func get(_ uri: String) async throws -> (status: HTTPResponse.Status, json: JSONValue, took: Duration) {
                let start = clock.now
                let (status, body) = try await client.execute(uri: uri, method: .get) { ($0.status, bytes($0.body)) }
                return (status, try JSONValue.parse(body), clock.now - start)
            }
            // The health check asks the database first: refused at once, in the system's words.
            let health = try await get("/healthz")
            #expect(health.status == .serviceUnavailable && health.took < .seconds(120))
            #expect(health.json["type"]?.string == "/api/v1/problems#ledger-unavailable")
            #expect(
                health.json["detail"]?.string
                    == "the server cannot reach the PostgreSQL ledger ledger at 127.0.0.1:1 as atalaya: "
                    + "Connection refused; it answers again once the database is back")
            // Every request after a failed check asks first, and is answered at once.
            let portfolio = try await get("/api/v1/portfolio")
            #expect(portfolio.status == .serviceUnavailable && portfolio.took < .seconds(120))
            #expect(portfolio.json["type"]?.string == "/api/v1/problems#ledger-unavailable")
        }
    }

    @Test("a request that outlasts the limit on a ledger out of reach says so, not that it was slow")
    func firstRequest() async throws {
        try await withUnreachableLedger(timeout: .seconds(1)) { client in
            let json = try await client.execute(uri: "/api/v1/crosswalk", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            #expect(json["status"] == .integer(503))
            #expect(json["type"]?.string == "/api/v1/problems#ledger-unavailable")
        }
    }

    @Test("with the watch beside the server, even the first request after the database went is answered at once")
    func watched() async throws {
        try await withUnreachableLedger(timeout: .seconds(300), watch: .milliseconds(200)) { client in
            let clock = ContinuousClock()
            let start = clock.now
            let json = try await client.execute(uri: "/api/v1/crosswalk", method: .get) {
                try JSONValue.parse(bytes($0.body))
            }
            // Without the watch this request would wait for the pool until the five-minute limit.
            #expect(clock.now - start < .seconds(120))
            #expect(json["type"]?.string == "/api/v1/problems#ledger-unavailable")
        }
    }
}
