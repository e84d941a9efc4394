import AtalayaDomain
import AtalayaStore
import Foundation
import GRDB

// MARK: - Reading an activity back as a domain value (for reclassification and explain)

/// Loads a stored activity with its transactions, sectors, recipients and texts.
enum ActivityLoader {
    /// The activity and its transactions' row ids in order; nil when the id is unknown.
    static func load(_ db: Database, id: Int64) throws -> (Activity, [Int64])? {
        guard
            let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM activity WHERE id = ?"), arguments: [id])
        else {
            return nil
        }
        var activity = Activity(
            identifier: row["iati_identifier"], lastUpdated: row["last_updated"],
            defaultCurrency: row["default_currency"],
            defaultLanguage: row["default_language"], hierarchy: row["hierarchy"],
            humanitarian: (row["humanitarian"] as Int?).map { $0 == 1 }, status: row["status"],
            reportingOrg: Organisation(
                ref: row["reporting_org_ref"], type: row["reporting_org_type"],
                names: narratives(row["reporting_org_names"])),
            fundingAccount: row["funding_account"], dates: object(row["dates"]), line: row["source_line"])
        for text in try rows(
            db, "SELECT owner, language, text FROM narrative WHERE activity_id = ? ORDER BY owner, seq",
            arguments: [id])
        {
            let narrative = Narrative(language: text[1], text: text[2])
            if text[0] == "title" { activity.titles.append(narrative) } else { activity.descriptions.append(narrative) }
        }
        activity.participatingOrgs = try rows(
            db, "SELECT ref, role, type, activity_ref, names FROM participating_org WHERE activity_id = ? ORDER BY seq",
            arguments: [id]
        ).map { Organisation(ref: $0[0], type: $0[2], role: $0[1], activityID: $0[3], names: narratives($0[4])) }
        activity.recipients = try recipients(db, table: "activity_recipient", owner: "activity_id", id: id)
        activity.sectors = try sectors(db, table: "activity_sector", owner: "activity_id", id: id)

        var transactionIDs: [Int64] = []
        // Columns by position: a name is looked up case-insensitively on every access.
        let transactions = try rows(
            db,
            """
            SELECT id, ref, type, date, value_cents, currency, value_date, provider_ref, provider_type,
              provider_activity, provider_names, receiver_ref, receiver_type, receiver_activity, receiver_names,
              funding_account, source_line
            FROM txn WHERE activity_id = ? ORDER BY seq
            """, arguments: [id])
        for item in transactions {
            let transactionID: Int64 = item[0]
            transactionIDs.append(transactionID)
            activity.transactions.append(
                Transaction(
                    ref: item[1], type: item[2], date: item[3], valueCents: item[4], currency: item[5],
                    valueDate: item[6], provider: organisation(item, from: 7), receiver: organisation(item, from: 11),
                    sectors: try sectors(db, table: "txn_sector", owner: "txn_id", id: transactionID),
                    recipients: try recipients(db, table: "txn_recipient", owner: "txn_id", id: transactionID),
                    fundingAccount: item[15], line: item[16]))
        }
        return (activity, transactionIDs)
    }

    /// The activity's results frameworks with their indicators and periods, in file order.
    static func results(_ db: Database, id: Int64) throws -> [ResultFramework] {
        try rows(
            db, "SELECT id, type, titles FROM result WHERE activity_id = ? ORDER BY seq", arguments: [id]
        )
        .map { result in
            let indicators = try rows(
                db,
                """
                SELECT id, measure, ascending, titles, baseline_year, baseline_value FROM indicator
                WHERE result_id = ? ORDER BY seq
                """, arguments: [result[0] as Int64]
            ).map { indicator in
                Indicator(
                    measure: indicator[1], ascending: indicator[2] as Int == 1, titles: narratives(indicator[3]),
                    baselineYear: indicator[4], baselineValue: indicator[5],
                    periods: try rows(
                        db,
                        """
                        SELECT period_start, period_end, target, actual, comments FROM indicator_period
                        WHERE indicator_id = ? ORDER BY seq
                        """, arguments: [indicator[0] as Int64]
                    ).map {
                        IndicatorPeriod(
                            start: $0[0], end: $0[1], target: $0[2], actual: $0[3], comments: narratives($0[4]))
                    })
            }
            return ResultFramework(type: result[1], titles: narratives(result[2]), indicators: indicators)
        }
    }

    /// The activity's budgets, in file order.
    static func budgets(_ db: Database, id: Int64) throws -> [Budget] {
        try rows(
            db,
            """
            SELECT type, status, period_start, period_end, value_cents, currency, value_date FROM budget
            WHERE activity_id = ? ORDER BY seq
            """, arguments: [id]
        ).map {
            Budget(
                type: $0[0], status: $0[1], periodStart: $0[2], periodEnd: $0[3], valueCents: $0[4], currency: $0[5],
                valueDate: $0[6])
        }
    }

    /// A provider or receiver from four columns starting at `first`: ref, type, activity, names (NULL: none given).
    private static func organisation(_ row: Row, from first: Int) -> Organisation? {
        let names: String? = row[first + 3]
        guard let names else { return nil }
        return Organisation(
            ref: row[first], type: row[first + 1], activityID: row[first + 2], names: narratives(names))
    }

    private static func recipients(_ db: Database, table: String, owner: String, id: Int64) throws -> [RecipientShare] {
        try rows(
            db, "SELECT kind, code, vocabulary, percentage_milli FROM \(table) WHERE \(owner) = ? ORDER BY seq",
            arguments: [id]
        ).map {
            RecipientShare(
                kind: RecipientKind(rawValue: $0[0]) ?? .nonISOCountry, code: $0[1], vocabulary: $0[2],
                percentage: $0[3])
        }
    }

    private static func sectors(_ db: Database, table: String, owner: String, id: Int64) throws -> [SectorShare] {
        try rows(
            db, "SELECT vocabulary, code, percentage_milli, name FROM \(table) WHERE \(owner) = ? ORDER BY seq",
            arguments: [id]
        ).map { SectorShare(vocabulary: $0[0], code: $0[1], percentage: $0[2], name: $0[3]) }
    }

    /// Rows of a statement prepared once per connection: reclassification loads every activity, and preparing
    /// eight statements for each (GRDB's authorizer included) took 60% of its time.
    private static func rows(_ db: Database, _ sql: String, arguments: StatementArguments) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments)
    }

    static func narratives(_ json: String) -> [Narrative] { JSONText.readNarratives(json) }

    private static func object(_ json: String) -> [String: String] { JSONText.readObject(json) }
}
