import AtalayaDomain
import AtalayaStore
import HTTPTypes

// MARK: - A partner's server: every page and answer for one country (`serve --country`)

/// The one country a server answers for (a partner-country counterpart's own), or none: every country. Under a
/// scope, a request that names another country, a program with no money or monitoring data there, or the import
/// history (whose files and warnings cover other countries) is a 403 `out-of-scope` problem, never a silent answer
/// for something else; a request that names no country is answered for the scope's.
struct PartnerScope: Sendable, Equatable {
    /// The ISO 3166-1 alpha-2 code, or nil for every country.
    let country: String?

    /// The countries a request may ask for: what it names, or under a scope the scope's country (named or not).
    func countries(_ requested: [String], parameter: String) throws -> [String] {
        guard let country else { return requested }
        if let other = requested.first(where: { $0 != country }) {
            throw Problem.outOfScope(
                "this server answers for \(country) only; \(parameter)=\(other) is outside it", parameter: parameter
            ).spanish("este servidor responde solo por \(country); \(parameter)=\(other) queda fuera")
        }
        return [country]
    }

    /// The one country a request may ask for: what it names (or nil), or under a scope the scope's country.
    func country(_ requested: String?, parameter: String) throws -> String? {
        try countries(requested.map { [$0] } ?? [], parameter: parameter).first ?? requested
    }

    /// Refuses what a scoped server never shows: the import history's files and warnings cover every country.
    func requireWhole(_ what: String) throws {
        guard let country else { return }
        throw Problem.outOfScope(
            "this server answers for \(country) only, and \(what) covers every country; the figures name their "
                + "source files"
        ).spanish(
            "este servidor responde solo por \(country), y esto abarca todos los países; las cifras nombran sus "
                + "archivos de origen")
    }

    /// An activity as a scoped server shows it: each transaction keeps only its parts placed on the scope's country
    /// (a regional program's other countries are not shown), and a transaction with none is left out. Nil when
    /// the activity has no part there and no monitoring period of the country (`monitoredHere`): outside the scope.
    func restrict(_ explained: ExplainedActivity, monitoredHere: Bool) -> ExplainedActivity? {
        guard let country else { return explained }
        var restricted = explained
        restricted.transactions = explained.transactions.compactMap { transaction in
            var kept = transaction
            kept.parts = transaction.parts.filter { $0.recipient.kind == .country && $0.recipient.code == country }
            return kept.parts.isEmpty ? nil : kept
        }
        return restricted.transactions.isEmpty && !monitoredHere ? nil : restricted
    }

    /// No activity `identifier` in the ledger; the one meant when exactly one identifier holds it (any case) and,
    /// on a partner's server, has money in its country.
    func programMissing(_ identifier: String, store: any LedgerStore) async throws -> Problem {
        let near = try await store.identifiers(holding: identifier, country: country)
        let guess = near.count == 1 ? near[0] : nil
        return Problem.notFound(
            "no activity \(identifier) in the ledger" + (guess.map { "; did you mean \($0)?" } ?? "")
        )
        .spanish("no hay actividad \(identifier) en el registro" + (guess.map { "; ¿quiso decir \($0)?" } ?? ""))
    }

    /// The 403 for a program outside the scope.
    func programOutside(_ identifier: String) -> Problem {
        Problem.outOfScope(
            "this server answers for \(country ?? "?") only, and \(identifier) has no money or monitoring data there"
        ).spanish(
            "este servidor responde solo por \(country ?? "?"), y \(identifier) no tiene montos ni datos de seguimiento "
                + "allí")
    }
}

extension Problem {
    /// A request for something outside the server's partner scope.
    static func outOfScope(_ detail: String, parameter: String? = nil) -> Problem {
        Problem(.forbidden, title: "Outside this server's country", detail: detail, parameter: parameter)
    }
}
