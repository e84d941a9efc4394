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
        for transaction in explained.transactions {
            let measure =
                Measure(iatiTransactionType: transaction.type)?.rawValue ?? "type \(transaction.type) (not a measure)"
            out += "\ntransaction \(transaction.index + 1): \(measure) \(transaction.date ?? "no date") "
            out += "\(DecimalText.format(transaction.valueCents)) \(transaction.currency ?? "(no currency)")\n"
            for part in transaction.parts {
                let sector =
                    part.sectorCode.map { code in
                        let name = part.sectorVocabulary == "1" ? sectorNames[code].map { " " + $0 } ?? "" : ""
                        return "sector \(code)\(name) (vocabulary \(part.sectorVocabulary ?? "?"))"
                    } ?? "no sector"
                let usd =
                    part.usdCents.map {
                        "USD \(DecimalText.format($0)) at \(part.rateYear.map(String.init) ?? "?") rate"
                    } ?? "not converted"
                out +=
                    "  part \(part.part + 1): \(DecimalText.format(part.amountCents)) \(part.currency ?? "")  → \(Countries.labelled(part.recipient.reportKey)), \(sector), "
                out += "FY\(part.fiscalYear.map(String.init) ?? "?"), \(usd)\n"
                out += "    pillar \(part.pillar.rawValue) by rule \(part.ruleID)"
                if let note = rules[part.ruleID]?.note { out += ": \(note)" }
                if part.ruleID == Crosswalk.defaultRuleID { out += ": no rule matched; not security cooperation" }
                out += "\n"
                if !part.flags.isEmpty { out += "    caveats: \(part.flags.names.joined(separator: ", "))\n" }
            }
        }
        return out
    }
}
