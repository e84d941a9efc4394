import AtalayaDomain
import AtalayaReports
import AtalayaStore
import Foundation

// MARK: - One activity for the API: who takes part, each transaction's split and rule, and its results

/// An activity with its participants, transactions split to pillars with the rule for each part, and results.
struct ActivityDetailJSON: Encodable, Sendable {
    struct Participant: Encodable, Sendable {
        var role: String?
        var ref: String?
        var type: String?
        var name: String?
    }

    struct Part: Encodable, Sendable {
        var measure: String
        var fiscalYear: Int?
        var recipient: String
        var sector: String?
        var pillar: String
        var rule: String
        var ruleNote: String?
        var amount: Decimal
        var currency: String?
        var amountUSD: Decimal?
        var rateYear: Int?
    }

    struct Transaction: Encodable, Sendable {
        var index: Int
        var type: String
        var date: String?
        var value: Decimal
        var currency: String?
        var parts: [Part]
    }

    struct Period: Encodable, Sendable {
        var start: String?
        var end: String?
        var target: String?
        var actual: String?
        var progress: Double?
        var unassessable: IndicatorReading.Unassessable?
    }

    struct IndicatorJSON: Encodable, Sendable {
        var title: String
        var measure: String?
        var ascending: Bool
        var baseline: String?
        var baselineYear: String?
        var periods: [Period]
    }

    struct Result: Encodable, Sendable {
        var type: String?
        var title: String
        var indicators: [IndicatorJSON]
    }

    struct BudgetJSON: Encodable, Sendable {
        var type: String?
        var status: String?
        var periodStart: String?
        var periodEnd: String?
        var value: Decimal
        var currency: String?
        var valueDate: String?
    }

    struct Source: Encodable, Sendable {
        var run: Int64
        var file: String
        var sha256: String
        var vintage: String?
    }

    var identifier: String
    var title: String
    var descriptions: [Narrative]
    var publisher: String?
    var status: String?
    var participants: [Participant]
    var transactions: [Transaction]
    var results: [Result]
    /// Planned money as the publisher states it, in its currency; never added to the transactions.
    var budgets: [BudgetJSON]
    var source: Source
    var crosswalk: String?
    /// The country a partner's server answers for: each transaction keeps only its parts placed there.
    var partnerCountry: String?

    init(_ explained: ExplainedActivity, crosswalk: Crosswalk, partnerCountry: String? = nil) {
        let activity = explained.activity
        let notes = Dictionary(crosswalk.rules.map { ($0.id, $0.note) }, uniquingKeysWith: { first, _ in first })
        identifier = activity.identifier
        title = activity.title() ?? ""
        descriptions = activity.descriptions
        publisher = activity.reportingOrg.ref
        status = activity.status
        participants = activity.participatingOrgs.map {
            Participant(role: $0.role, ref: $0.ref, type: $0.type, name: $0.names.first?.text)
        }
        transactions = explained.transactions.map { transaction in
            Transaction(
                index: transaction.index, type: transaction.type, date: transaction.date,
                value: PortfolioReport.decimal(transaction.valueCents), currency: transaction.currency,
                parts: transaction.parts.map { part in
                    Part(
                        measure: part.measure.rawValue, fiscalYear: part.fiscalYear,
                        recipient: part.recipient.reportKey, sector: part.sectorCode, pillar: part.pillar.rawValue,
                        rule: part.ruleID, ruleNote: notes[part.ruleID] ?? nil,
                        amount: PortfolioReport.decimal(part.amountCents), currency: part.currency,
                        amountUSD: part.usdCents.map(PortfolioReport.decimal), rateYear: part.rateYear)
                })
        }
        results = activity.results.map { result in
            Result(
                type: result.type, title: result.titles.first?.text ?? "",
                indicators: result.indicators.map { indicator in
                    IndicatorJSON(
                        title: indicator.titles.first?.text ?? "", measure: indicator.measure,
                        ascending: indicator.ascending, baseline: indicator.baselineValue,
                        baselineYear: indicator.baselineYear,
                        periods: indicator.periods.map {
                            let reading = IndicatorReading(period: $0, in: indicator)
                            return Period(
                                start: $0.start, end: $0.end, target: $0.target, actual: $0.actual,
                                // Rounded for the document; the figure is the one the results table reads. A
                                // progress past 10^305 (an actual of 1e308) stays as it is: scaled, it was infinite,
                                // which JSON cannot hold.
                                progress: reading.progress.map {
                                    let rounded = ($0 * 1000).rounded() / 1000
                                    return rounded.isFinite ? rounded : $0
                                }, unassessable: reading.unassessable)
                        })
                })
        }
        budgets = activity.budgets.map {
            BudgetJSON(
                type: $0.type, status: $0.status, periodStart: $0.periodStart, periodEnd: $0.periodEnd,
                value: PortfolioReport.decimal($0.valueCents), currency: $0.currency, valueDate: $0.valueDate)
        }
        source = Source(
            run: explained.run.id, file: explained.run.fileName, sha256: explained.run.sha256,
            vintage: explained.run.vintage)
        self.crosswalk = explained.crosswalk
        self.partnerCountry = partnerCountry
    }
}
