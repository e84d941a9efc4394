import AtalayaImport
import AtalayaSQLite
import AtalayaStore
import AtalayaTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import AtalayaWeb

@Suite("Web: errors never leak internals")
struct ProblemTests {
    struct SecretFailure: Error, CustomStringConvertible {
        var description: String { "disk I/O error at /var/lib/secret/ledger.sqlite" }
    }

    @Test("an unexpected error is a 500 problem that names no internals, with the security headers")
    func internalError() async throws {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.get("/api/v1/boom") { _, _ -> Response in throw SecretFailure() }
        router.get("/boom") { _, _ -> Response in throw SecretFailure() }
        var logger = Logger(label: "atalaya.web.tests")
        logger.logLevel = .critical
        try await Application(router: router, logger: logger).test(.router) { client in
            let api = try await client.execute(uri: "/api/v1/boom", method: .get)
            #expect(api.status == .internalServerError)
            #expect(api.headers[.contentType] == "application/problem+json")
            let body = String(buffer: api.body)
            #expect(body.contains("the server log has the detail"))
            #expect(!body.contains("secret") && !body.contains("SecretFailure"))
            #expect(api.headers[.contentSecurityPolicy] != nil)
            let page = try await client.execute(uri: "/boom", method: .get, headers: [.accept: "text/html"])
            #expect(page.status == .internalServerError)
            #expect(!String(buffer: page.body).contains("secret"))
        }
    }

    @Test("amounts a report cannot add are a 500 problem that says so, and the server answers on")
    func amountsTooLarge() async throws {
        // Two SYNTHETIC files of 10^16 and 1.5 × 10^16 dollars to Mexico: each fits, the two cannot be added.
        let store = try SQLiteStore.inMemory()
        let importer = IATIImporter(store: store, allocator: try WebFixture.allocator())
        for (index, value) in ["10000000000000000", "15000000000000000"].enumerated() {
            let file = syntheticHugeAmounts(identifier: "SYNTHETIC-HUGE-\(index)", values: [value])
            _ = try await importer.importFile(path: try Scratch.file("SYNTHETIC-huge-\(index).xml", file))
        }
        try await WebFixture.application(store: store).test(.router) { client in
            let api = try await client.execute(uri: "/api/v1/portfolio?country=MX", method: .get)
            #expect(api.status == .internalServerError)
            let body = String(buffer: api.body)
            #expect(body.contains(#""type":"/api/v1/problems#amounts-too-large""#), "\(body)")
            #expect(body.contains("the portfolio's converted cells add up past 2^61 cents"))
            let page = try await client.execute(
                uri: "/countries/MX?lang=es", method: .get, headers: [.accept: "text/html"])
            #expect(page.status == .internalServerError)
            #expect(String(buffer: page.body).contains("Montos demasiado grandes para sumar"))
            let problems = try await client.execute(uri: "/api/v1/problems", method: .get)
            #expect(String(buffer: problems.body).contains(#"id="amounts-too-large""#))
            // One program alone can be added, and the server is still there to show it.
            let program = try await client.execute(uri: "/programs/SYNTHETIC-HUGE-1", method: .get)
            #expect(program.status == .ok)
        }
    }

    @Test("a program whose actual is near the largest double answers its JSON with that progress, not a 500")
    func progressNearTheLargestDouble() async throws {
        // SYNTHETIC: baseline 10, target 20, actual 1e308: a progress of 10^307, which the JSON's rounding (× 1,000)
        // made infinite, and JSON holds no infinity.
        let file = syntheticHostileShares.replacingOccurrences(of: #"value="1e308""#, with: #"value="10""#)
            .replacingOccurrences(
                of: #"<target value="1e309"/><actual value="NaN"/>"#,
                with: #"<target value="20"/><actual value="1e308"/>"#)
        let store = try SQLiteStore.inMemory()
        _ = try await IATIImporter(store: store, allocator: try WebFixture.allocator()).importFile(
            path: try Scratch.file("SYNTHETIC-progress.xml", file))
        try await WebFixture.application(store: store).test(.router) { client in
            let api = try await client.execute(uri: "/api/v1/activities/SYNTHETIC-SHARES-1", method: .get)
            #expect(api.status == .ok)
            #expect(String(buffer: api.body).contains(#""progress":1e+307"#), "\(String(buffer: api.body).suffix(400))")
            let page = try await client.execute(uri: "/programs/SYNTHETIC-SHARES-1", method: .get)
            #expect(page.status == .ok)
        }
    }
}
