import AtalayaDomain
import AtalayaReports
import AtalayaStore

// MARK: - The crosswalk page: every rule, in the order it is tried, with what it matches and why

extension AtalayaWeb {
    /// The crosswalk the server was started with, rule by rule; each row has an anchor (`#rule-ID`) that the
    /// program pages' split tables link to, so a reader can see why a dollar is on its pillar.
    func crosswalkPage(_ request: PageRequest) async throws -> (title: String, sections: [PageSection]) {
        let l = request.language
        let label = crosswalk.label
        var intro = "<h1>" + l.pick("The pillar crosswalk", "La tabla de correspondencias de pilares") + "</h1>"
        intro +=
            "<p class=\"lede\">"
            + HTML.escape(
                l.pick(
                    "\(label): \(counted(crosswalk.rules.count, "rule", "rules")), tried in order; the first whose "
                        + "every condition holds places the money, and its id is stored on each part. Money no rule "
                        + "places is out of scope (\(Crosswalk.defaultRuleID)).",
                    "\(label): \(counted(crosswalk.rules.count, "regla", "reglas")), probadas en orden; la primera "
                        + "cuyas condiciones se cumplen todas ubica el dinero, y su identificador queda en cada parte. "
                        + "El dinero que ninguna regla ubica queda fuera del ámbito (\(Crosswalk.defaultRuleID))."))
            + "</p>"
        // The ledger records the crosswalk its figures were classified with; the page shows the server's.
        let applied = try await store.classificationLabel()
        if let applied, applied != label {
            intro +=
                "<p class=\"note\">"
                + HTML.escape(
                    l.pick(
                        "This ledger's figures were classified with \(applied), not with the crosswalk shown here; "
                            + "`atalaya classify` with this file applies it.",
                        "Las cifras de este registro se clasificaron con \(applied), no con la tabla mostrada aquí; "
                            + "`atalaya classify` con este archivo la aplica."))
                + "</p>"
        }
        if let description = crosswalk.description {
            intro += "<p>\(HTML.escape(l.crosswalkNote(description)))</p>"
        }
        intro += "<p><a href=\"/api/v1/crosswalk\">JSON</a></p>"
        let rows: [[DataTable.Cell]] = crosswalk.rules.enumerated().map { index, rule in
            [
                DataTable.Cell(String(index + 1)), DataTable.Cell(rule.id), DataTable.Cell(l.label(rule.pillar)),
                DataTable.Cell(Self.conditions(rule, language: l)),
                DataTable.Cell(rule.note.map(l.crosswalkNote) ?? "–"),
            ]
        }
        return (
            l.pick("Crosswalk", "Correspondencias"),
            [
                .html(intro),
                .table(
                    DataTable(
                        id: "rules",
                        caption: l.pick("Rules, in the order they are tried", "Reglas, en el orden en que se prueban"),
                        columns: [
                            "#", l.pick("Rule", "Regla"), l.pick("Pillar", "Pilar"),
                            l.pick("Matches when", "Coincide cuando"), l.pick("Note", "Nota"),
                        ], numeric: [0], rows: rows, rowIDs: crosswalk.rules.map { "rule-" + $0.id })),
            ]
        )
    }

    /// A rule's conditions in words: every line must hold, any value within a line may.
    static func conditions(_ rule: Crosswalk.Rule, language l: ReportLanguage) -> String {
        let parts: [(String, [String]?)] = [
            (l.pick("DAC purpose code", "código de propósito CAD"), rule.dac),
            (l.pick("DAC code starting", "código CAD que empieza por"), rule.dacPrefixes),
            (l.pick("sector", "sector"), rule.sectors),
            (l.pick("funding account", "cuenta de financiamiento"), rule.fundingAccounts),
            (l.pick("account name", "nombre de cuenta"), rule.fundingAccountNames),
            (l.pick("objective", "objetivo"), rule.objectives),
            (l.pick("words in the title or description", "palabras en el título o la descripción"), rule.keywords),
            (l.pick("words in the title", "palabras en el título"), rule.titleKeywords),
        ]
        return parts.compactMap { name, values in
            guard let values, !values.isEmpty else { return nil }
            return "\(name): \(values.joined(separator: ", "))"
        }.joined(separator: l.pick("; and ", "; y "))
    }
}
