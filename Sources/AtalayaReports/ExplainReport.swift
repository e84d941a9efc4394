public import AtalayaDomain
public import AtalayaStore

// MARK: - "Why is this dollar here?"

/// Renders an activity's transactions, their parts and the rule behind each part.
public enum ExplainReport {
    /// Plain text for a terminal in `l`'s words; `sectorNames` names DAC 5-digit purpose codes (vocabulary 1). Codes
    /// (pillar keys, rule ids, currencies) stay as they are, with the pillar's name beside its key in Spanish.
    public static func render(
        _ explained: ExplainedActivity, rules: [String: Crosswalk.Rule], sectorNames: [String: String] = [:],
        language l: ReportLanguage = .en
    ) -> String {
        let activity = explained.activity
        let unknown = l.pick("unknown", "desconocida")
        var out =
            "\(activity.identifier)\n  \(activity.title(preferring: l.rawValue) ?? l.pick("(no title)", "(sin título)"))\n"
        out += l.pick("  publisher ", "  publicador ") + "\(activity.reportingOrg.ref ?? "?"), "
        out += l.pick("last updated ", "última actualización ") + "\(activity.lastUpdated ?? unknown)\n"
        out += l.pick("  source: run ", "  fuente: importación ") + "\(explained.run.id), \(explained.run.fileName) "
        out += l.pick("line ", "línea ") + "\(activity.line), " + l.pick("vintage ", "versión ")
        out += "\(explained.run.vintage ?? unknown), sha256 \(explained.run.sha256.prefix(12))…\n"
        out += l.pick("  crosswalk: ", "  tabla de correspondencias: ")
        out += "\(explained.crosswalk ?? l.pick("none applied", "ninguna"))\n"
        // Who implements it, and for which recipients the local-ownership share counts it a partner-country body.
        let countries = explained.recipientCountries
        for org in activity.participatingOrgs where org.role == "4" {
            let implementer = Implementer(org)
            out += l.pick("  implemented by ", "  ejecutado por ") + (org.names.first?.text ?? org.ref ?? "?")
            out += org.type.map { l.pick(" (type \($0))", " (tipo \($0))") } ?? ""
            let local = countries.compactMap { code in
                implementer.localEvidence(to: code).map { "\(code) (\($0.label(in: l)))" }
            }
            if !local.isEmpty {
                out += l.pick(
                    "; a partner-country body of \(local.joined(separator: ", ")) in the local-ownership share",
                    "; un organismo del país socio de \(local.joined(separator: ", ")) en la proporción de "
                        + "apropiación local")
            }
            out += "\n"
        }
        for transaction in explained.transactionsByDate {
            let measure =
                Measure(iatiTransactionType: transaction.type).map { l.oneMeasure($0) }
                ?? l.pick("type \(transaction.type) (not a measure)", "tipo \(transaction.type) (no es una medida)")
            out += l.pick("\ntransaction ", "\ntransacción ") + "\(transaction.index + 1): \(measure) "
            out += "\(transaction.date ?? l.pick("no date", "sin fecha")) "
            out += "\(DecimalText.formatGrouped(transaction.valueCents)) "
            out += "\(transaction.currency ?? l.pick("(no currency)", "(sin moneda)"))\n"
            for part in transaction.parts {
                let sector =
                    part.sectorCode.map { code in
                        let name = part.sectorVocabulary == "1" ? sectorNames[code].map { " " + $0 } ?? "" : ""
                        return l.pick("sector ", "sector ") + "\(code)\(name) ("
                            + l.pick("vocabulary ", "vocabulario ") + "\(part.sectorVocabulary ?? "?"))"
                    } ?? l.pick("no sector", "sin sector")
                let usd =
                    part.usdCents.map { cents in
                        let year = part.rateYear.map(String.init) ?? "?"
                        return part.currency == "USD"
                            ? l.pick("USD, no conversion", "USD, sin conversión")
                            : l.pick(
                                "USD \(DecimalText.formatGrouped(cents)) at the \(year) rate",
                                "USD \(DecimalText.formatGrouped(cents)) al tipo de cambio de \(year)")
                    } ?? l.pick("not converted (no rate)", "sin convertir (sin tipo de cambio)")
                out += l.pick("  part ", "  parte ") + "\(part.part + 1): "
                out += "\(DecimalText.formatGrouped(part.amountCents)) \(part.currency ?? "") → "
                out += "\(l.labelled(part.recipient.reportKey)), \(sector), "
                out += "\(l.pick("FY", "AF"))\(part.fiscalYear.map(String.init) ?? "?"), \(usd)\n"
                out +=
                    l == .en
                    ? "    pillar \(part.pillar.rawValue) by rule \(part.ruleID)"
                    : "    pilar \(part.pillar.rawValue) (\(part.pillar.labelES)) según la regla \(part.ruleID)"
                if let note = rules[part.ruleID]?.note { out += ": \(l.crosswalkNote(note))" }
                if part.ruleID == Crosswalk.defaultRuleID {
                    out += l.pick(
                        ": no rule matched; not security cooperation",
                        ": ninguna regla coincide; no es cooperación en seguridad")
                }
                out += "\n"
                if !part.flags.isEmpty {
                    out +=
                        l.pick("    caveats: ", "    salvedades: ") + part.flags.names(l).joined(separator: ", ") + "\n"
                }
            }
        }
        return out + summary(explained, in: l) + budgets(activity.budgets, in: l)
    }

    /// The budgets by fiscal year, type and status, in their own currency: planned money, never added to the
    /// transactions; original and revised apart.
    public static func budgets(_ budgets: [Budget], in l: ReportLanguage = .en) -> String {
        guard !budgets.isEmpty else { return "" }
        var out = l.pick(
            "\nBudgets (planned, as stated; by fiscal year of each period's start; original and revised apart, never "
                + "added to the transactions):\n",
            "\nPresupuestos (planificados, tal como se declaran; por año fiscal del inicio de cada período; originales "
                + "y revisados por separado, nunca sumados a las transacciones):\n")
        let types = ["1": l.pick("original", "original"), "2": l.pick("revised", "revisado")]
        let statuses = ["1": l.pick("indicative", "indicativo"), "2": l.pick("committed", "comprometido")]
        let type = l.pick("type ", "tipo ")
        let status = l.pick("status ", "estado ")
        for line in BudgetLine.lines(budgets) {
            out += "  \(l.pick("FY", "AF"))\(line.fiscalYear.map(String.init) ?? "?") "
            out += line.type.map { types[$0] ?? type + $0 } ?? type + "?"
            out += ", " + (line.status.map { statuses[$0] ?? status + $0 } ?? status + "?") + ": "
            out +=
                "\(DecimalText.formatGrouped(line.valueCents)) \(line.currency ?? l.pick("(no currency)", "(sin moneda)")) "
            out += "(\(counted(line.budgets, l.pick("budget", "presupuesto"), l.pick("budgets", "presupuestos"))))\n"
        }
        return out
    }

    /// The parts added up by measure and pillar, in USD, with what could not be converted apart (never added in).
    static func summary(_ explained: ExplainedActivity, in l: ReportLanguage = .en) -> String {
        var usd: [Measure: [Pillar: Cents]] = [:]
        var unconverted: [String: Cents] = [:]
        var otherTypes = 0
        for transaction in explained.transactions {
            guard let measure = Measure(iatiTransactionType: transaction.type) else {
                otherTypes += 1
                continue
            }
            for part in transaction.parts {
                if let cents = part.usdCents {
                    usd[measure, default: [:]][part.pillar, default: 0] += cents
                } else {
                    let currency = part.currency ?? l.pick("no currency", "sin moneda")
                    unconverted["\(currency) (\(l.oneMeasure(measure)))", default: 0] += part.amountCents
                }
            }
        }
        guard !usd.isEmpty || !unconverted.isEmpty || otherTypes > 0 else { return "" }
        var out = l.pick(
            "\nIn all, by measure (USD; each measure on its own, never added to another):\n",
            "\nEn total, por medida (USD; cada medida por separado, nunca sumada a otra):\n")
        for measure in Measure.allCases {
            guard let byPillar = usd[measure] else { continue }
            let total = byPillar.values.reduce(0, +)
            out += "  \(l == .en ? measure.rawValue : l.measure(measure)): USD \(DecimalText.formatGrouped(total))"
            if let outside = byPillar[.outOfScope] {
                out += l.pick(", in scope USD ", ", en el ámbito USD ") + DecimalText.formatGrouped(total - outside)
            }
            let pillars = Pillar.allCases.compactMap { pillar in
                byPillar[pillar].map { "\(l.pillar(pillar)) \(DecimalText.formatGrouped($0))" }
            }
            out += " — " + pillars.joined(separator: ", ") + "\n"
        }
        for (key, cents) in unconverted.sorted(by: { $0.key < $1.key }) {
            out += l.pick("  not converted (no rate): ", "  sin convertir (sin tipo de cambio): ")
            out += "\(DecimalText.formatGrouped(cents)) \(key)\n"
        }
        if otherTypes > 0 {
            out += l.pick(
                "  \(counted(otherTypes, "transaction", "transactions")) of other types (not a measure) not counted\n",
                "  \(counted(otherTypes, "transacción", "transacciones")) de otros tipos (no son medidas) sin contar\n")
        }
        return out
    }
}
