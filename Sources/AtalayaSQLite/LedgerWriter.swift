import AtalayaDomain
import AtalayaStore
import GRDB

// MARK: - Writing activities and allocations inside one import transaction

/// The rows of one write transaction, gathered per table and stored a table at a time (see `StagedRows`).
///
/// The rows that others refer to (activities, narratives, transactions, results, indicators) get their ids here,
/// counting up from the highest stored when the transaction began, as SQLite would have (but for reusing the id of
/// a row deleted during the import): the transaction holds the ledger's only writer. Every new row's id is therefore
/// above every stored row's, which `NarrativeSearch` relies on. An activity's rows are staged whole, so an activity
/// with very many transactions holds them all until it is stored.
final class LedgerWriter {
    let activity: StagedRows
    /// Narrative rows; `NarrativeSearch` writes their full-text entries (see `v7LeanerWrites`).
    let narrative: StagedRows
    let participatingOrg: StagedRows
    let activityRecipient: StagedRows
    let activitySector: StagedRows
    let transaction: StagedRows
    let transactionSector: StagedRows
    let transactionRecipient: StagedRows
    let budget: StagedRows
    let result: StagedRows
    let indicator: StagedRows
    let period: StagedRows
    let allocation: StagedRows
    /// Every table's rows, parents before children, in the order `flush` stores them.
    private let tables: [StagedRows]
    /// The identifiers of the activities staged and not yet stored.
    private var stagedIdentifiers: Set<String> = []
    /// The next id of each table whose rows are referred to.
    private var next: (activity: Int64, narrative: Int64, transaction: Int64, result: Int64, indicator: Int64)

    init(_ db: Database) throws {
        func nextID(_ table: String) throws -> Int64 {
            try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM \(table)") ?? 1
        }
        next = (
            try nextID("activity"), try nextID("narrative"), try nextID("txn"), try nextID("result"),
            try nextID("indicator")
        )
        activity = try StagedRows(
            db, table: "activity",
            columns: [
                "id", "iati_identifier", "run_id", "source_line", "last_updated", "default_currency",
                "default_language", "hierarchy", "humanitarian", "status", "reporting_org_ref", "reporting_org_type",
                "reporting_org_names", "funding_account", "dates",
            ])
        narrative = try StagedRows(
            db, table: "narrative", columns: ["id", "activity_id", "owner", "seq", "language", "text"])
        participatingOrg = try StagedRows(
            db, table: "participating_org",
            columns: ["activity_id", "seq", "ref", "role", "type", "activity_ref", "names"])
        activityRecipient = try StagedRows(
            db, table: "activity_recipient",
            columns: ["activity_id", "seq", "kind", "code", "vocabulary", "percentage_milli"])
        activitySector = try StagedRows(
            db, table: "activity_sector",
            columns: ["activity_id", "seq", "vocabulary", "code", "percentage_milli", "name"])
        transaction = try StagedRows(
            db, table: "txn",
            columns: [
                "id", "activity_id", "seq", "ref", "type", "date", "value_cents", "currency", "value_date",
                "provider_ref", "provider_type", "provider_activity", "provider_names", "receiver_ref",
                "receiver_type", "receiver_activity", "receiver_names", "funding_account", "source_line",
            ])
        transactionSector = try StagedRows(
            db, table: "txn_sector", columns: ["txn_id", "seq", "vocabulary", "code", "percentage_milli", "name"])
        transactionRecipient = try StagedRows(
            db, table: "txn_recipient", columns: ["txn_id", "seq", "kind", "code", "vocabulary", "percentage_milli"])
        budget = try StagedRows(
            db, table: "budget",
            columns: [
                "activity_id", "seq", "type", "status", "period_start", "period_end", "value_cents", "currency",
                "value_date",
            ])
        result = try StagedRows(db, table: "result", columns: ["id", "activity_id", "seq", "type", "titles"])
        indicator = try StagedRows(
            db, table: "indicator",
            columns: ["id", "result_id", "seq", "measure", "ascending", "titles", "baseline_year", "baseline_value"])
        period = try StagedRows(
            db, table: "indicator_period",
            columns: ["indicator_id", "seq", "period_start", "period_end", "target", "actual", "comments"])
        allocation = try StagedRows(
            db, table: "allocation",
            columns: [
                "txn_id", "activity_id", "part", "measure", "fiscal_year", "calendar_year", "recipient_kind",
                "recipient_code", "recipient_vocabulary", "recipient", "sector_vocabulary", "sector_code",
                "funding_account", "publisher", "pillar", "rule_id", "amount_cents", "currency", "usd_cents",
                "rate_year", "flags",
            ])
        tables = [
            activity, narrative, participatingOrg, activityRecipient, activitySector, transaction, transactionSector,
            transactionRecipient, budget, result, indicator, period, allocation,
        ]
    }

    /// Stores every staged row: before anything reads or deletes stored rows, and before the import ends.
    func flush() throws {
        for table in tables { try table.flush() }
        stagedIdentifiers.removeAll(keepingCapacity: true)
    }

    /// Whether an activity with this identifier is staged and not yet stored (a file that gives it twice).
    func isStaged(_ identifier: String) -> Bool {
        stagedIdentifiers.contains(identifier)
    }

    /// Stores the staged rows once any table has enough (see `StagedRows.isFull`).
    func flushIfFull() throws {
        if tables.contains(where: \.isFull) { try flush() }
    }

    /// Stages an activity and everything in it, and writes its narratives' search entries through `search`; returns
    /// the ids its row and its transactions' rows will have.
    func insert(_ value: Activity, run: Int64, search: NarrativeSearch) throws -> (id: Int64, transactions: [Int64]) {
        let id = next.activity
        next.activity += 1
        stagedIdentifiers.insert(value.identifier)
        activity.add(id)
        activity.add(value.identifier)
        activity.add(run)
        activity.add(value.line)
        activity.add(value.lastUpdated)
        activity.add(value.defaultCurrency)
        activity.add(value.defaultLanguage)
        activity.add(value.hierarchy)
        activity.add(value.humanitarian.map { $0 ? 1 : 0 })
        activity.add(value.status)
        activity.add(value.reportingOrg.ref)
        activity.add(value.reportingOrg.type)
        activity.add(narratives: value.reportingOrg.names)
        activity.add(value.fundingAccount)
        activity.add(object: value.dates)

        // Titles, then descriptions, each list walked where it lies (an array of the two lists copied both), each
        // element read in place (`forEachInPlace`): a copy of each retained and released its texts.
        try value.titles.forEachInPlace { seq, item in
            try insertNarrative(item, owner: "title", activity: id, seq: seq, search: search)
        }
        try value.descriptions.forEachInPlace { seq, item in
            try insertNarrative(item, owner: "description", activity: id, seq: seq, search: search)
        }
        value.participatingOrgs.forEachInPlace { seq, org in insertParticipatingOrg(org, activity: id, seq: seq) }
        value.recipients.forEachInPlace { seq, recipient in
            insertRecipient(activityRecipient, owner: id, seq: seq, recipient)
        }
        value.sectors.forEachInPlace { seq, sector in insertSector(activitySector, owner: id, seq: seq, sector) }
        var transactionIDs: [Int64] = []
        transactionIDs.reserveCapacity(value.transactions.count)
        value.transactions.forEachInPlace { seq, item in
            transactionIDs.append(insertTransaction(item, activity: id, seq: seq))
        }
        for (seq, item) in value.budgets.enumerated() {
            budget.add(id)
            budget.add(seq)
            budget.add(item.type)
            budget.add(item.status)
            budget.add(item.periodStart)
            budget.add(item.periodEnd)
            budget.add(item.valueCents)
            budget.add(item.currency)
            budget.add(item.valueDate)
        }
        for (seq, item) in value.results.enumerated() {
            let resultID = next.result
            next.result += 1
            result.add(resultID)
            result.add(id)
            result.add(seq)
            result.add(item.type)
            result.add(narratives: item.titles)
            for (indicatorSeq, measure) in item.indicators.enumerated() {
                let indicatorID = next.indicator
                next.indicator += 1
                indicator.add(indicatorID)
                indicator.add(resultID)
                indicator.add(indicatorSeq)
                indicator.add(measure.measure)
                indicator.add(measure.ascending ? 1 : 0)
                indicator.add(narratives: measure.titles)
                indicator.add(measure.baselineYear)
                indicator.add(measure.baselineValue)
                for (periodSeq, span) in measure.periods.enumerated() {
                    period.add(indicatorID)
                    period.add(periodSeq)
                    period.add(span.start)
                    period.add(span.end)
                    period.add(span.target)
                    period.add(span.actual)
                    period.add(narratives: span.comments)
                }
            }
        }
        return (id, transactionIDs)
    }

    private func insertNarrative(
        _ item: Narrative, owner: String, activity id: Int64, seq: Int, search: NarrativeSearch
    ) throws {
        let narrativeID = next.narrative
        next.narrative += 1
        narrative.add(narrativeID)
        narrative.add(id)
        narrative.add(owner)
        narrative.add(seq)
        narrative.add(item.language)
        narrative.add(item.text)
        try search.add(narrative: narrativeID, text: item.text)
    }

    private func insertParticipatingOrg(_ org: Organisation, activity id: Int64, seq: Int) {
        participatingOrg.add(id)
        participatingOrg.add(seq)
        participatingOrg.add(org.ref)
        participatingOrg.add(org.role)
        participatingOrg.add(org.type)
        participatingOrg.add(org.activityID)
        participatingOrg.add(narratives: org.names)
    }

    private func insertTransaction(_ item: Transaction, activity id: Int64, seq: Int) -> Int64 {
        let transactionID = next.transaction
        next.transaction += 1
        transaction.add(transactionID)
        transaction.add(id)
        transaction.add(seq)
        transaction.add(item.ref)
        transaction.add(item.type)
        transaction.add(item.date)
        transaction.add(item.valueCents)
        transaction.add(item.currency)
        transaction.add(item.valueDate)
        transaction.add(item.provider?.ref)
        transaction.add(item.provider?.type)
        transaction.add(item.provider?.activityID)
        transaction.add(narratives: item.provider?.names)
        transaction.add(item.receiver?.ref)
        transaction.add(item.receiver?.type)
        transaction.add(item.receiver?.activityID)
        transaction.add(narratives: item.receiver?.names)
        transaction.add(item.fundingAccount)
        transaction.add(item.line)
        item.sectors.forEachInPlace { sectorSeq, sector in
            insertSector(transactionSector, owner: transactionID, seq: sectorSeq, sector)
        }
        item.recipients.forEachInPlace { recipientSeq, recipient in
            insertRecipient(transactionRecipient, owner: transactionID, seq: recipientSeq, recipient)
        }
        return transactionID
    }

    private func insertRecipient(_ statement: StagedRows, owner: Int64, seq: Int, _ recipient: RecipientShare) {
        statement.add(owner)
        statement.add(seq)
        statement.add(recipient.kind.rawValue)
        statement.add(recipient.code)
        statement.add(recipient.vocabulary)
        statement.add(recipient.percentage)
    }

    private func insertSector(_ statement: StagedRows, owner: Int64, seq: Int, _ sector: SectorShare) {
        statement.add(owner)
        statement.add(seq)
        statement.add(sector.vocabulary)
        statement.add(sector.code)
        statement.add(sector.percentage)
        statement.add(sector.name)
    }

    /// Stages the allocations of one activity.
    func insertAllocations(_ allocations: [Allocation], activity id: Int64, transactions: [Int64], publisher: String?) {
        for item in allocations {
            insertAllocation(item, activity: id, transactions: transactions, publisher: publisher)
        }
    }

    private func insertAllocation(_ item: Allocation, activity id: Int64, transactions: [Int64], publisher: String?) {
        allocation.add(transactions[item.transactionIndex])
        allocation.add(id)
        allocation.add(item.part)
        allocation.add(item.measure.rawValue)
        allocation.add(item.fiscalYear)
        allocation.add(item.calendarYear)
        allocation.add(item.recipient.kind.rawValue)
        allocation.add(item.recipient.code)
        allocation.add(item.recipient.vocabulary)
        allocation.add(item.recipient.reportKey)
        allocation.add(item.sectorVocabulary)
        allocation.add(item.sectorCode)
        allocation.add(item.fundingAccount)
        allocation.add(publisher)
        allocation.add(item.pillar.rawValue)
        allocation.add(item.ruleID)
        allocation.add(item.amountCents)
        allocation.add(item.currency)
        allocation.add(item.usdCents)
        allocation.add(item.rateYear)
        allocation.add(item.flags.rawValue)
    }
}
