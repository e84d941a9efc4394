import AtalayaDomain
import AtalayaStore
import Logging
import PostgresNIO

// MARK: - An activity and its allocations as COPY rows, table by table

/// The rows of one batch for each ledger table, with the columns COPY fills.
struct TableRows {
    var activity = CopyRows()
    var narrative = CopyRows()
    var participatingOrg = CopyRows()
    var activityRecipient = CopyRows()
    var activitySector = CopyRows()
    var transaction = CopyRows()
    var transactionSector = CopyRows()
    var transactionRecipient = CopyRows()
    var budget = CopyRows()
    var result = CopyRows()
    var indicator = CopyRows()
    var period = CopyRows()
    var allocation = CopyRows()

    /// Each table with its columns, parents before children (foreign keys are checked row by row).
    var tables: [(String, [String], CopyRows)] {
        [
            (
                "activity",
                [
                    "id", "iati_identifier", "run_id", "source_line", "last_updated", "default_currency",
                    "default_language", "hierarchy", "humanitarian", "status", "reporting_org_ref",
                    "reporting_org_type", "reporting_org_names", "funding_account", "dates",
                ], activity
            ),
            ("narrative", ["activity_id", "owner", "seq", "language", "text"], narrative),
            (
                "participating_org", ["activity_id", "seq", "ref", "role", "type", "activity_ref", "names"],
                participatingOrg
            ),
            (
                "activity_recipient", ["activity_id", "seq", "kind", "code", "vocabulary", "percentage_milli"],
                activityRecipient
            ),
            (
                "activity_sector", ["activity_id", "seq", "vocabulary", "code", "percentage_milli", "name"],
                activitySector
            ),
            (
                "txn",
                [
                    "id", "activity_id", "seq", "ref", "type", "date", "value_cents", "currency", "value_date",
                    "provider_ref", "provider_type", "provider_activity", "provider_names", "receiver_ref",
                    "receiver_type", "receiver_activity", "receiver_names", "funding_account", "source_line",
                ], transaction
            ),
            ("txn_sector", ["txn_id", "seq", "vocabulary", "code", "percentage_milli", "name"], transactionSector),
            (
                "txn_recipient", ["txn_id", "seq", "kind", "code", "vocabulary", "percentage_milli"],
                transactionRecipient
            ),
            (
                "budget",
                [
                    "activity_id", "seq", "type", "status", "period_start", "period_end", "value_cents", "currency",
                    "value_date",
                ], budget
            ),
            ("result", ["id", "activity_id", "seq", "type", "titles"], result),
            (
                "indicator",
                ["id", "result_id", "seq", "measure", "ascending", "titles", "baseline_year", "baseline_value"],
                indicator
            ),
            (
                "indicator_period",
                ["indicator_id", "seq", "period_start", "period_end", "target", "actual", "comments"], period
            ),
            (
                "allocation",
                [
                    "txn_id", "activity_id", "part", "measure", "fiscal_year", "calendar_year", "recipient_kind",
                    "recipient_code", "recipient_vocabulary", "recipient", "sector_vocabulary", "sector_code",
                    "funding_account", "publisher", "pillar", "rule_id", "amount_cents", "currency", "usd_cents",
                    "rate_year", "flags",
                ], allocation
            ),
        ]
    }

    /// Adds an activity and everything in it, with row ids taken from `ids`; returns the activity's id and its
    /// transactions' ids in order.
    mutating func add(_ value: Activity, run: Int64, ids: inout RowIDs) -> (id: Int64, transactions: [Int64]) {
        let id = ids.take(\.activity)
        let transactionIDs = value.transactions.map { _ in ids.take(\.transaction) }
        activity.append(
            .i(id), .t(value.identifier), .i(run), .i(value.line), .t(value.lastUpdated), .t(value.defaultCurrency),
            .t(value.defaultLanguage), .i(value.hierarchy), .i(value.humanitarian.map { $0 ? 1 : 0 }),
            .t(value.status), .t(value.reportingOrg.ref), .t(value.reportingOrg.type),
            .t(JSONText.narratives(value.reportingOrg.names)), .t(value.fundingAccount),
            .t(JSONText.object(value.dates)))
        for (owner, narratives) in [("title", value.titles), ("description", value.descriptions)] {
            for (seq, item) in narratives.enumerated() {
                narrative.append(.i(id), .t(owner), .i(seq), .t(item.language), .t(item.text))
            }
        }
        for (seq, org) in value.participatingOrgs.enumerated() {
            participatingOrg.append(
                .i(id), .i(seq), .t(org.ref), .t(org.role), .t(org.type), .t(org.activityID),
                .t(JSONText.narratives(org.names)))
        }
        for (seq, recipient) in value.recipients.enumerated() { Self.add(&activityRecipient, id, seq, recipient) }
        for (seq, sector) in value.sectors.enumerated() { Self.add(&activitySector, id, seq, sector) }
        for (seq, item) in value.transactions.enumerated() {
            let transactionID = transactionIDs[seq]
            transaction.append(
                .i(transactionID), .i(id), .i(seq), .t(item.ref), .t(item.type), .t(item.date), .i(item.valueCents),
                .t(item.currency), .t(item.valueDate), .t(item.provider?.ref), .t(item.provider?.type),
                .t(item.provider?.activityID), .t(item.provider.map { JSONText.narratives($0.names) }),
                .t(item.receiver?.ref), .t(item.receiver?.type), .t(item.receiver?.activityID),
                .t(item.receiver.map { JSONText.narratives($0.names) }), .t(item.fundingAccount), .i(item.line))
            for (sectorSeq, sector) in item.sectors.enumerated() {
                Self.add(&transactionSector, transactionID, sectorSeq, sector)
            }
            for (recipientSeq, recipient) in item.recipients.enumerated() {
                Self.add(&transactionRecipient, transactionID, recipientSeq, recipient)
            }
        }
        for (seq, item) in value.budgets.enumerated() {
            budget.append(
                .i(id), .i(seq), .t(item.type), .t(item.status), .t(item.periodStart), .t(item.periodEnd),
                .i(item.valueCents), .t(item.currency), .t(item.valueDate))
        }
        for (seq, item) in value.results.enumerated() {
            let resultID = ids.take(\.result)
            result.append(.i(resultID), .i(id), .i(seq), .t(item.type), .t(JSONText.narratives(item.titles)))
            for (indicatorSeq, measure) in item.indicators.enumerated() {
                let indicatorID = ids.take(\.indicator)
                indicator.append(
                    .i(indicatorID), .i(resultID), .i(indicatorSeq), .t(measure.measure), .i(measure.ascending ? 1 : 0),
                    .t(JSONText.narratives(measure.titles)), .t(measure.baselineYear), .t(measure.baselineValue))
                for (periodSeq, span) in measure.periods.enumerated() {
                    period.append(
                        .i(indicatorID), .i(periodSeq), .t(span.start), .t(span.end), .t(span.target), .t(span.actual),
                        .t(JSONText.narratives(span.comments)))
                }
            }
        }
        return (id, transactionIDs)
    }

    /// Adds an activity's allocations.
    mutating func add(_ allocations: [Allocation], activity id: Int64, transactions: [Int64], publisher: String?) {
        for item in allocations {
            allocation.append(
                .i(transactions[item.transactionIndex]), .i(id), .i(item.part), .t(item.measure.rawValue),
                .i(item.fiscalYear), .i(item.calendarYear), .t(item.recipient.kind.rawValue), .t(item.recipient.code),
                .t(item.recipient.vocabulary), .t(item.recipient.reportKey), .t(item.sectorVocabulary),
                .t(item.sectorCode), .t(item.fundingAccount), .t(publisher), .t(item.pillar.rawValue), .t(item.ruleID),
                .i(item.amountCents), .t(item.currency), .i(item.usdCents), .i(item.rateYear),
                .i(item.flags.rawValue))
        }
    }

    private static func add(_ rows: inout CopyRows, _ owner: Int64, _ seq: Int, _ recipient: RecipientShare) {
        rows.append(
            .i(owner), .i(seq), .t(recipient.kind.rawValue), .t(recipient.code), .t(recipient.vocabulary),
            .i(recipient.percentage))
    }

    private static func add(_ rows: inout CopyRows, _ owner: Int64, _ seq: Int, _ sector: SectorShare) {
        rows.append(
            .i(owner), .i(seq), .t(sector.vocabulary), .t(sector.code), .i(sector.percentage), .t(sector.name))
    }
}

/// The next row id of each table whose ids an IATI import assigns itself, so that the reading thread can write
/// whole COPY rows (children name their parents' ids) without asking the server. Safe because every writer of these
/// tables holds the import lock for its whole transaction: no one else takes ids from their sequences meanwhile.
struct RowIDs: Sendable {
    var activity: Int64
    var transaction: Int64
    var result: Int64
    var indicator: Int64

    private static var sequences: [(String, WritableKeyPath<RowIDs, Int64>)] {
        [("activity", \.activity), ("txn", \.transaction), ("result", \.result), ("indicator", \.indicator)]
    }

    /// The next id of `table`, taken.
    mutating func take(_ table: WritableKeyPath<RowIDs, Int64>) -> Int64 {
        defer { self[keyPath: table] += 1 }
        return self[keyPath: table]
    }

    /// Each sequence's next value (taken from the sequence, so it is never handed out twice).
    static func start(_ connection: PostgresConnection, logger: Logger) async throws -> RowIDs {
        var ids = RowIDs(activity: 0, transaction: 0, result: 0, indicator: 0)
        for (table, path) in sequences {
            ids[keyPath: path] = try await connection.query(
                "SELECT nextval(pg_get_serial_sequence(\(table), 'id'))", logger: logger
            ).collect()[0].decode(Int64.self)
        }
        return ids
    }

    /// Moves each sequence past the ids taken, so later inserts that take ids from it do not collide.
    func finish(_ connection: PostgresConnection, logger: Logger) async throws {
        for (table, path) in Self.sequences {
            try await connection.query(
                "SELECT setval(pg_get_serial_sequence(\(table), 'id'), \(self[keyPath: path]), false)", logger: logger)
        }
    }
}
