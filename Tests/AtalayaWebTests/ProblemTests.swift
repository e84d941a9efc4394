import AtalayaStore
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
}
