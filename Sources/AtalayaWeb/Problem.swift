import AtalayaDomain
import Foundation
public import HTTPTypes
import Hummingbird

// MARK: - RFC 9457 problem details: every error a client sees

/// An error answered as `application/problem+json` (RFC 9457); its detail is written for the client.
public struct Problem: Error, Sendable, Equatable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A short, stable summary of the problem type.
    public var title: String
    /// What went wrong in this request and how to fix it.
    public var detail: String
    /// The query parameter or path segment at fault, when one is.
    public var parameter: String?
    /// The problem type's name when its status has several (`ledger-unavailable` among the 503s).
    var typeName: String?
    /// The detail in Spanish, for the error page a Spanish reader gets (the JSON stays in English); without it, the
    /// page says the detail is in English.
    var detailES: String?

    /// Creates a problem.
    public init(_ status: HTTPResponse.Status, title: String, detail: String, parameter: String? = nil) {
        self.status = status
        self.title = title
        self.detail = detail
        self.parameter = parameter
    }

    /// A query parameter that is malformed or out of range.
    public static func badParameter(_ name: String, _ detail: String) -> Problem {
        Problem(.badRequest, title: "Invalid parameter", detail: detail, parameter: name)
    }

    /// A resource that does not exist.
    public static func notFound(_ detail: String) -> Problem {
        Problem(.notFound, title: "Not found", detail: detail)
    }

    /// The problem with its detail in Spanish too.
    func spanish(_ detail: String) -> Problem {
        var problem = self
        problem.detailES = detail
        return problem
    }

    /// The title in Spanish, for the error page.
    var titleES: String {
        [
            "Invalid parameter": "Parámetro no válido", "Not found": "No encontrado",
            "Outside this server's country": "Fuera del país de este servidor", "Timeout": "Tiempo agotado",
            "Ledger unavailable": "Registro no disponible", "Method not allowed": "Método no permitido",
            "Internal error": "Error interno", "URI too long": "Dirección demasiado larga",
            "Amounts too large to add": "Montos demasiado grandes para sumar",
        ][title] ?? title
    }

    /// The ledger's database out of reach (`reason` in the system's or the server's words).
    public static func ledgerUnavailable(_ reason: String) -> Problem {
        var problem = Problem(
            .serviceUnavailable, title: "Ledger unavailable",
            detail: "the server \(reason); it answers again once the database is back")
        problem.typeName = "ledger-unavailable"
        return problem.spanish(
            "el servidor no alcanza la base de datos del registro (en inglés: \(reason)); responde de nuevo cuando "
                + "vuelva")
    }

    /// Amounts the ledger holds that a report cannot add exactly (`AddableAmounts`): the data's fault, not the
    /// request's, and said in full, as the operator has a run to remove.
    static func amountsTooLarge(_ error: AmountsTooLarge) -> Problem {
        var problem = Problem(.internalServerError, title: "Amounts too large to add", detail: error.description)
        problem.typeName = "amounts-too-large"
        return problem.spanish(
            "los montos de esta respuesta suman más de 2^61 centavos (unos 23 mil billones), más de lo que Atalaya "
                + "puede sumar con exactitud; un archivo importado tiene montos fuera de todo presupuesto real "
                + "(en inglés: \(error.description))")
    }

    /// The `type` URI: a page of the API reference.
    var type: String {
        if let typeName { return "/api/v1/problems#" + typeName }
        return switch status.code {
        case 400: "/api/v1/problems#invalid-parameter"
        case 403: "/api/v1/problems#out-of-scope"
        case 404: "/api/v1/problems#not-found"
        case 405: "/api/v1/problems#method-not-allowed"
        case 414: "/api/v1/problems#uri-too-long"
        case 503: "/api/v1/problems#timeout"
        // Any other client error means no more than its status (RFC 9457's default); it is not the server's fault.
        case 400..<500: "about:blank"
        default: "/api/v1/problems#internal"
        }
    }

    /// The response: problem JSON for the API and for clients that ask for JSON, a short page otherwise, in the
    /// reader's language (the detail in English, said so, when it has no Spanish).
    func response(
        instance: String, html: Bool, partner: String? = nil, language: ReportLanguage = .en
    ) -> Response {
        var headers: HTTPFields = [:]
        if status == .methodNotAllowed { headers[.allow] = "GET, HEAD" }
        guard !html else {
            headers[.contentType] = "text/html; charset=utf-8"
            headers[.vary] = "Accept-Language"
            let shownTitle = language == .es ? titleES : title
            // A sentence on the page: its first letter capitalised (the JSON keeps the detail as written).
            let sentence = { (text: String) in HTML.escape(text.prefix(1).uppercased() + text.dropFirst()) }
            let shownDetail =
                language == .es ? (detailES.map(sentence) ?? "En inglés: " + HTML.escape(detail)) : sentence(detail)
            let page = Page(
                title: "\(status.code) \(shownTitle)", language: language, path: instance,
                query: language == .es ? ["lang": "es"] : [:],
                body: "<h1>\(status.code) \(HTML.escape(shownTitle))</h1><p>\(shownDetail)</p>"
                    + "<p><a href=\"/\(language == .es ? "?lang=es" : "")\">Atalaya</a></p>", partner: partner)
            return Response(
                status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page.render())))
        }
        headers[.contentType] = "application/problem+json"
        let body = ProblemBody(
            type: type, title: title, status: Int(status.code), detail: detail, instance: instance,
            parameter: parameter)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data("{\"status\":\(status.code)}".utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private struct ProblemBody: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var instance: String
        var parameter: String?
    }
}
