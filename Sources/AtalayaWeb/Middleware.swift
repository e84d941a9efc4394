import AtalayaDomain
import AtalayaStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

// MARK: - Safe by default: read-only methods, security headers, and errors as problems without internals

/// Security headers on every response: a CSP with no inline script or style, nosniff, no referrer, no framing.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headers: HTTPFields {
        [
            .contentSecurityPolicy:
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                + "base-uri 'none'",
            .xContentTypeOptions: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("Cross-Origin-Opener-Policy")!: "same-origin",
            HTTPField.Name("Cross-Origin-Resource-Policy")!: "same-origin",
            HTTPField.Name("Permissions-Policy")!: "camera=(), microphone=(), geolocation=()",
        ]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        for field in Self.headers { response.headers[field.name] = field.value }
        return response
    }
}

/// Turns every error into an RFC 9457 problem (or a short HTML page for a browser); internals are logged, never
/// sent: a 500 says only that the log has the detail.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The partner scope's country, for the navigation of an error page.
    var partner: String? = nil
    /// The server's default page language (`serve --lang`).
    var defaultLanguage: ReportLanguage = .en

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let problem: Problem
            switch error {
            case let known as Problem:
                problem = known
            case let http as HTTPError where http.status == .notFound:
                problem = Problem.notFound("no page or API route at \(request.uri.path)")
                    .spanish("no hay página ni ruta de la API en \(request.uri.path)")
            case let http as HTTPError:
                problem = Problem(http.status, title: http.status.reasonPhrase, detail: http.status.reasonPhrase)
            case let amounts as AmountsTooLarge:
                context.logger.error("request failed", metadata: ["error": "\(amounts)"])
                problem = .amountsTooLarge(amounts)
            default:
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
                problem = Problem(
                    .internalServerError, title: "Internal error",
                    detail: "the server could not answer; the server log has the detail"
                ).spanish("el servidor no pudo responder; el registro del servidor tiene el detalle")
            }
            let wantsHTML =
                !request.uri.path.hasPrefix("/api/")
                && (request.headers[.accept].map { $0.contains("text/html") } ?? false)
            // The page's language as a page would have it; a malformed `lang` (maybe the error itself) is passed over.
            let accept = request.headers[.acceptLanguage]
            let language =
                (try? LanguageNegotiation.page(
                    QueryItems(request.uri.query), acceptLanguage: accept, fallback: defaultLanguage))
                ?? LanguageNegotiation.preferred(accept) ?? defaultLanguage
            return problem.response(instance: request.uri.path, html: wantsHTML, partner: partner, language: language)
        }
    }
}

/// Read-only until accounts exist: GET and HEAD only (the router answers HEAD from each GET route), and a bound
/// on the request target.
struct ReadOnlyMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard (request.uri.query?.utf8.count ?? 0) + request.uri.path.utf8.count <= 4096 else {
            throw Problem(.uriTooLong, title: "URI too long", detail: "the request target is limited to 4096 bytes")
        }
        guard request.method == .get || request.method == .head else {
            throw Problem(
                .methodNotAllowed, title: "Method not allowed",
                detail: "the server is read-only: \(request.method) is not accepted; use GET or HEAD")
        }
        return try await next(request, context)
    }
}
