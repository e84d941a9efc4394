import AtalayaDomain
import AtalayaStore
import GRDB

// MARK: - Writing activities and allocations inside one import transaction

/// The prepared statements of one write transaction.
struct LedgerWriter {
    let activity: PreparedInsert
    /// A narrative row; `NarrativeSearch` writes its full-text entry (see `v7LeanerWrites`).
    let narrative: PreparedInsert
    let participatingOrg: PreparedInsert
    let activityRecipient: PreparedInsert
    let activitySector: PreparedInsert
    let transaction: PreparedInsert
    let transactionSector: PreparedInsert
    let transactionRecipient: PreparedInsert
    let budget: PreparedInsert
    let result: PreparedInsert
    let indicator: PreparedInsert
    let period: PreparedInsert
    let allocation: PreparedInsert

    init(_ db: Database) throws {
        activity = try PreparedInsert(
            db,
            """
            INSERT INTO activity (iati_identifier, run_id, source_line, last_updated, default_currency, default_language,
              hierarchy, humanitarian, status, reporting_org_ref, reporting_org_type, reporting_org_names, funding_account, dates)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
            """)
        narrative = try PreparedInsert(
            db, "INSERT INTO narrative (activity_id, owner, seq, language, text) VALUES (?1, ?2, ?3, ?4, ?5)")
        participatingOrg = try PreparedInsert(
            db,
            "INSERT INTO participating_org (activity_id, seq, ref, role, type, activity_ref, names) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        )
        activityRecipient = try PreparedInsert(
            db,
            "INSERT INTO activity_recipient (activity_id, seq, kind, code, vocabulary, percentage_milli) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        )
        activitySector = try PreparedInsert(
            db,
            "INSERT INTO activity_sector (activity_id, seq, vocabulary, code, percentage_milli, name) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        )
        transaction = try PreparedInsert(
            db,
            """
            INSERT INTO txn (activity_id, seq, ref, type, date, value_cents, currency, value_date, provider_ref, provider_type,
              provider_activity, provider_names, receiver_ref, receiver_type, receiver_activity, receiver_names,
              funding_account, source_line)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
            """)
        transactionSector = try PreparedInsert(
            db,
            "INSERT INTO txn_sector (txn_id, seq, vocabulary, code, percentage_milli, name) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        )
        transactionRecipient = try PreparedInsert(
            db,
            "INSERT INTO txn_recipient (txn_id, seq, kind, code, vocabulary, percentage_milli) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        )
        budget = try PreparedInsert(
            db,
            """
            INSERT INTO budget (activity_id, seq, type, status, period_start, period_end, value_cents, currency, value_date)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """)
        result = try PreparedInsert(db, "INSERT INTO result (activity_id, seq, type, titles) VALUES (?1, ?2, ?3, ?4)")
        indicator = try PreparedInsert(
            db,
            """
            INSERT INTO indicator (result_id, seq, measure, ascending, titles, baseline_year, baseline_value)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
        period = try PreparedInsert(
            db,
            """
            INSERT INTO indicator_period (indicator_id, seq, period_start, period_end, target, actual, comments)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """)
        allocation = try PreparedInsert(
            db,
            """
            INSERT INTO allocation (txn_id, activity_id, part, measure, fiscal_year, calendar_year, recipient_kind,
              recipient_code, recipient_vocabulary, recipient, sector_vocabulary, sector_code, funding_account, publisher,
              pillar, rule_id, amount_cents, currency, usd_cents, rate_year, flags)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)
            """)
    }

    /// Writes an activity and everything in it, and its narratives' search entries through `search`; returns the
    /// row id and the transactions' row ids in order.
    func insert(_ value: Activity, run: Int64, search: NarrativeSearch) throws -> (id: Int64, transactions: [Int64]) {
        activity.bind(1, value.identifier)
        activity.bind(2, run)
        activity.bind(3, value.line)
        activity.bind(4, value.lastUpdated)
        activity.bind(5, value.defaultCurrency)
        activity.bind(6, value.defaultLanguage)
        activity.bind(7, value.hierarchy)
        activity.bind(8, value.humanitarian.map { $0 ? 1 : 0 })
        activity.bind(9, value.status)
        activity.bind(10, value.reportingOrg.ref)
        activity.bind(11, value.reportingOrg.type)
        activity.bind(12, narratives: value.reportingOrg.names)
        activity.bind(13, value.fundingAccount)
        activity.bind(14, object: value.dates)
        let id = try activity.run()

        // Titles, then descriptions, each list walked where it lies (an array of the two lists copied both).
        for (seq, item) in value.titles.enumerated() {
            try insertNarrative(item, owner: "title", activity: id, seq: seq, search: search)
        }
        for (seq, item) in value.descriptions.enumerated() {
            try insertNarrative(item, owner: "description", activity: id, seq: seq, search: search)
        }
        for (seq, org) in value.participatingOrgs.enumerated() {
            try insertParticipatingOrg(org, activity: id, seq: seq)
        }
        for (seq, recipient) in value.recipients.enumerated() {
            try insertRecipient(activityRecipient, owner: id, seq: seq, recipient)
        }
        for (seq, sector) in value.sectors.enumerated() {
            try insertSector(activitySector, owner: id, seq: seq, sector)
        }
        var transactionIDs: [Int64] = []
        transactionIDs.reserveCapacity(value.transactions.count)
        for (seq, item) in value.transactions.enumerated() {
            transactionIDs.append(try insertTransaction(item, activity: id, seq: seq))
        }
        for (seq, item) in value.budgets.enumerated() {
            budget.bind(1, id)
            budget.bind(2, seq)
            budget.bind(3, item.type)
            budget.bind(4, item.status)
            budget.bind(5, item.periodStart)
            budget.bind(6, item.periodEnd)
            budget.bind(7, item.valueCents)
            budget.bind(8, item.currency)
            budget.bind(9, item.valueDate)
            try budget.run()
        }
        for (seq, item) in value.results.enumerated() {
            result.bind(1, id)
            result.bind(2, seq)
            result.bind(3, item.type)
            result.bind(4, narratives: item.titles)
            let resultID = try result.run()
            for (indicatorSeq, measure) in item.indicators.enumerated() {
                indicator.bind(1, resultID)
                indicator.bind(2, indicatorSeq)
                indicator.bind(3, measure.measure)
                indicator.bind(4, measure.ascending ? 1 : 0)
                indicator.bind(5, narratives: measure.titles)
                indicator.bind(6, measure.baselineYear)
                indicator.bind(7, measure.baselineValue)
                let indicatorID = try indicator.run()
                for (periodSeq, span) in measure.periods.enumerated() {
                    period.bind(1, indicatorID)
                    period.bind(2, periodSeq)
                    period.bind(3, span.start)
                    period.bind(4, span.end)
                    period.bind(5, span.target)
                    period.bind(6, span.actual)
                    period.bind(7, narratives: span.comments)
                    try period.run()
                }
            }
        }
        return (id, transactionIDs)
    }

    private func insertNarrative(
        _ item: Narrative, owner: String, activity id: Int64, seq: Int, search: NarrativeSearch
    ) throws {
        narrative.bind(1, id)
        narrative.bind(2, owner)
        narrative.bind(3, seq)
        narrative.bind(4, item.language)
        narrative.bind(5, item.text)
        try search.add(narrative: try narrative.run(), text: item.text)
    }

    private func insertParticipatingOrg(_ org: Organisation, activity id: Int64, seq: Int) throws {
        participatingOrg.bind(1, id)
        participatingOrg.bind(2, seq)
        participatingOrg.bind(3, org.ref)
        participatingOrg.bind(4, org.role)
        participatingOrg.bind(5, org.type)
        participatingOrg.bind(6, org.activityID)
        participatingOrg.bind(7, narratives: org.names)
        try participatingOrg.run()
    }

    private func insertTransaction(_ item: Transaction, activity id: Int64, seq: Int) throws -> Int64 {
        transaction.bind(1, id)
        transaction.bind(2, seq)
        transaction.bind(3, item.ref)
        transaction.bind(4, item.type)
        transaction.bind(5, item.date)
        transaction.bind(6, item.valueCents)
        transaction.bind(7, item.currency)
        transaction.bind(8, item.valueDate)
        transaction.bind(9, item.provider?.ref)
        transaction.bind(10, item.provider?.type)
        transaction.bind(11, item.provider?.activityID)
        transaction.bind(12, narratives: item.provider?.names)
        transaction.bind(13, item.receiver?.ref)
        transaction.bind(14, item.receiver?.type)
        transaction.bind(15, item.receiver?.activityID)
        transaction.bind(16, narratives: item.receiver?.names)
        transaction.bind(17, item.fundingAccount)
        transaction.bind(18, item.line)
        let transactionID = try transaction.run()
        for (sectorSeq, sector) in item.sectors.enumerated() {
            try insertSector(transactionSector, owner: transactionID, seq: sectorSeq, sector)
        }
        for (recipientSeq, recipient) in item.recipients.enumerated() {
            try insertRecipient(transactionRecipient, owner: transactionID, seq: recipientSeq, recipient)
        }
        return transactionID
    }

    private func insertRecipient(_ statement: PreparedInsert, owner: Int64, seq: Int, _ recipient: RecipientShare)
        throws
    {
        statement.bind(1, owner)
        statement.bind(2, seq)
        statement.bind(3, recipient.kind.rawValue)
        statement.bind(4, recipient.code)
        statement.bind(5, recipient.vocabulary)
        statement.bind(6, recipient.percentage)
        try statement.run()
    }

    private func insertSector(_ statement: PreparedInsert, owner: Int64, seq: Int, _ sector: SectorShare) throws {
        statement.bind(1, owner)
        statement.bind(2, seq)
        statement.bind(3, sector.vocabulary)
        statement.bind(4, sector.code)
        statement.bind(5, sector.percentage)
        statement.bind(6, sector.name)
        try statement.run()
    }

    /// Writes the allocations of one activity.
    func insertAllocations(
        _ allocations: [Allocation], activity id: Int64, transactions: [Int64], publisher: String?
    ) throws {
        for item in allocations {
            try insertAllocation(item, activity: id, transactions: transactions, publisher: publisher)
        }
    }

    private func insertAllocation(_ item: Allocation, activity id: Int64, transactions: [Int64], publisher: String?)
        throws
    {
        allocation.bind(1, transactions[item.transactionIndex])
        allocation.bind(2, id)
        allocation.bind(3, item.part)
        allocation.bind(4, item.measure.rawValue)
        allocation.bind(5, item.fiscalYear)
        allocation.bind(6, item.calendarYear)
        allocation.bind(7, item.recipient.kind.rawValue)
        allocation.bind(8, item.recipient.code)
        allocation.bind(9, item.recipient.vocabulary)
        allocation.bind(10, item.recipient.reportKey)
        allocation.bind(11, item.sectorVocabulary)
        allocation.bind(12, item.sectorCode)
        allocation.bind(13, item.fundingAccount)
        allocation.bind(14, publisher)
        allocation.bind(15, item.pillar.rawValue)
        allocation.bind(16, item.ruleID)
        allocation.bind(17, item.amountCents)
        allocation.bind(18, item.currency)
        allocation.bind(19, item.usdCents)
        allocation.bind(20, item.rateYear)
        allocation.bind(21, item.flags.rawValue)
        try allocation.run()
    }
}
