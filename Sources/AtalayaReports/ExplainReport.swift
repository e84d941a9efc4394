public import AtalayaDomain
public import AtalayaStore

// MARK: - "Why is this dollar here?"

/// Renders an activity's transactions, their parts and the rule behind each part.
public enum ExplainReport {
    /// Plain text for a terminal; `sectorNames` names DAC 5-digit purpose codes (vocabulary 1).
    public static func render(
        _ explained: ExplainedActivity, rules: [String: Crosswalk.Rule], sectorNames: [String: String] = [:]
    ) -> String {
        let activity = explained.activity
        var out = "\(activity.identifier)\n  \(activity.title() ?? "(no title)")\n"
        out += "  publisher \(activity.reportingOrg.ref ?? "?"), last updated \(activity.lastUpdated ?? "unknown")\n"
        out += "  source: run \(explained.run.id), \(explained.run.fileName) line \(activity.line), "
        out += "vintage \(explained.run.vintage ?? "unknown"), sha256 \(explained.run.sha256.prefix(12))…\n"
        out += "  crosswalk: \(explained.crosswalk ?? "none applied")\n"
        // Who implements it, and for which recipients the local-ownership share counts it a partner-country body.
        let countries = explained.recipientCountries
        for org in activity.participatingOrgs where org.role == "4" {
            let implementer = Implementer(org)
            out += "  implemented by \(org.names.first?.text ?? org.ref ?? "?")"
            out += org.type.map { " (type \($0))" } ?? ""
            let local = countries.compactMap { code in
                implementer.localEvidence(to: code).map { "\(code) (\($0.label(in: .en)))" }
            }
            if !local.isEmpty {
                out += "; a partner-country body of \(local.joined(separator: ", ")) in the local-ownership share"
            }
            out += "\n"
        }
        for transaction in explained.transactionsByDate {
            let measure =
                Measure(iatiTransactionType: transaction.type)?.rawValue ?? "type \(transaction.type) (not a measure)"
            out += "\ntransaction \(transaction.index + 1): \(measure) \(transaction.date ?? "no date") "
            out += "\(DecimalText.formatGrouped(transaction.valueCents)) \(transaction.currency ?? "(no currency)")\n"
            for part in transaction.parts {
                let sector =
                    part.sectorCode.map { code in
                        let name = part.sectorVocabulary == "1" ? sectorNames[code].map { " " + $0 } ?? "" : ""
                        return "sector \(code)\(name) (vocabulary \(part.sectorVocabulary ?? "?"))"
                    } ?? "no sector"
                let usd =
                    part.usdCents.map {
                        part.currency == "USD"
                            ? "USD, no conversion"
                            : "USD \(DecimalText.formatGrouped($0)) at the \(part.rateYear.map(String.init) ?? "?") rate"
                    } ?? "not converted (no rate)"
                out +=
                    "  part \(part.part + 1): \(DecimalText.formatGrouped(part.amountCents)) \(part.currency ?? "") → "
                out += "\(Countries.labelled(part.recipient.reportKey)), \(sector), "
                out += "FY\(part.fiscalYear.map(String.init) ?? "?"), \(usd)\n"
                out += "    pillar \(part.pillar.rawValue) by rule \(part.ruleID)"
                if let note = rules[part.ruleID]?.note { out += ": \(note)" }
                if part.ruleID == Crosswalk.defaultRuleID { out += ": no rule matched; not security cooperation" }
                out += "\n"
                if !part.flags.isEmpty { out += "    caveats: \(part.flags.names.joined(separator: ", "))\n" }
            }
        }
        return out + summary(explained) + budgets(activity.budgets)
    }

    /// The budgets by fiscal year, type and status, in their own currency: planned money, never added to the
    /// transactions; original and revised apart.
    public static func budgets(_ budgets: [Budget]) -> String {
        guard !budgets.isEmpty else { return "" }
        var out = "\nBudgets (planned, as stated; by fiscal year of each period's start; original and revised apart, "
        out += "never added to the transactions):\n"
        let types = ["1": "original", "2": "revised"]
        let statuses = ["1": "indicative", "2": "committed"]
        for line in BudgetLine.lines(budgets) {
            out +=
                "  FY\(line.fiscalYear.map(String.init) ?? "?") \(line.type.map { types[$0] ?? "type " + $0 } ?? "type ?")"
            out += ", \(line.status.map { statuses[$0] ?? "status " + $0 } ?? "status ?"): "
            out += "\(DecimalText.formatGrouped(line.valueCents)) \(line.currency ?? "(no currency)") "
            out += "(\(counted(line.budgets, "budget", "budgets")))\n"
        }
        return out
    }

    /// The parts added up by measure and pillar, in USD, with what could not be converted apart (never added in).
    static func summary(_ explained: ExplainedActivity) -> String {
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
                    unconverted["\(part.currency ?? "no currency") (\(measure.rawValue))", default: 0] +=
                        part.amountCents
                }
            }
        }
        guard !usd.isEmpty || !unconverted.isEmpty || otherTypes > 0 else { return "" }
        var out = "\nIn all, by measure (USD; each measure on its own, never added to another):\n"
        for measure in Measure.allCases {
            guard let byPillar = usd[measure] else { continue }
            let total = byPillar.values.reduce(0, +)
            out += "  \(measure.rawValue): USD \(DecimalText.formatGrouped(total))"
            if let outside = byPillar[.outOfScope] {
                out += ", in scope USD \(DecimalText.formatGrouped(total - outside))"
            }
            let pillars = Pillar.allCases.compactMap { pillar in
                byPillar[pillar].map { "\(pillar.rawValue) \(DecimalText.formatGrouped($0))" }
            }
            out += " — " + pillars.joined(separator: ", ") + "\n"
        }
        for (key, cents) in unconverted.sorted(by: { $0.key < $1.key }) {
            out += "  not converted (no rate): \(DecimalText.formatGrouped(cents)) \(key)\n"
        }
        if otherTypes > 0 {
            out +=
                "  \(otherTypes) transaction\(otherTypes == 1 ? "" : "s") of other types (not a measure) not counted\n"
        }
        return out
    }
}
