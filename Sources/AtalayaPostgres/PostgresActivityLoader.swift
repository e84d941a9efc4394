import AtalayaDomain
import AtalayaStore
import Logging
import PostgresNIO

// MARK: - Stored activities read back as domain values, many at a time (for explain and reclassification)

/// Loads stored activities with their texts, organisations, recipients, sectors and transactions: one query per
/// table for the whole set, not per activity. Results are not loaded (explain reads them on its own).
enum PostgresActivityLoader {
    /// A loaded activity, its import run and its transactions' row ids in file order.
    struct Loaded {
        var activity: Activity
        var run: Int64
        var transactionIDs: [Int64]
    }

    /// The activities with these row ids, keyed by id; unknown ids are absent.
    static func load(_ connection: PostgresConnection, ids: [Int64], logger: Logger) async throws -> [Int64: Loaded] {
        var loaded: [Int64: Loaded] = [:]
        for try await a in try await connection.query(
            """
            SELECT id, run_id, iati_identifier, last_updated, default_currency, default_language, hierarchy,
              humanitarian, status, reporting_org_ref, reporting_org_type, reporting_org_names, funding_account,
              dates, source_line
            FROM activity WHERE id = ANY(\(ids))
            """, logger: logger
        ).decode(
            (
                Int64, Int64, String, String?, String?, String?, Int64, Int64?, String?, String?, String?, String,
                String?, String, Int64
            ).self)
        {
            let activity = Activity(
                identifier: a.2, lastUpdated: a.3, defaultCurrency: a.4, defaultLanguage: a.5, hierarchy: Int(a.6),
                humanitarian: a.7.map { $0 == 1 }, status: a.8,
                reportingOrg: Organisation(ref: a.9, type: a.10, names: JSONText.readNarratives(a.11)),
                fundingAccount: a.12, dates: JSONText.readObject(a.13), line: Int(a.14))
            loaded[a.0] = Loaded(activity: activity, run: a.1, transactionIDs: [])
        }
        for try await (id, owner, language, text) in try await connection.query(
            """
            SELECT activity_id, owner, language, text FROM narrative WHERE activity_id = ANY(\(ids))
            ORDER BY activity_id, owner COLLATE "C", seq
            """, logger: logger
        ).decode((Int64, String, String?, String).self) {
            let narrative = Narrative(language: language, text: text)
            if owner == "title" {
                loaded[id]?.activity.titles.append(narrative)
            } else {
                loaded[id]?.activity.descriptions.append(narrative)
            }
        }
        for try await (id, ref, role, type, activityRef, names) in try await connection.query(
            """
            SELECT activity_id, ref, role, type, activity_ref, names FROM participating_org
            WHERE activity_id = ANY(\(ids)) ORDER BY activity_id, seq
            """, logger: logger
        ).decode((Int64, String?, String?, String?, String?, String).self) {
            loaded[id]?.activity.participatingOrgs.append(
                Organisation(
                    ref: ref, type: type, role: role, activityID: activityRef, names: JSONText.readNarratives(names)))
        }
        for (id, shares) in try await recipients(connection, "activity_recipient", "activity_id", ids, logger) {
            loaded[id]?.activity.recipients = shares
        }
        for (id, shares) in try await sectors(connection, "activity_sector", "activity_id", ids, logger) {
            loaded[id]?.activity.sectors = shares
        }
        var transactionIDs: [Int64] = []
        var places: [Int64: (activity: Int64, position: Int)] = [:]
        for try await t in try await connection.query(
            """
            SELECT id, activity_id, ref, type, date, value_cents, currency, value_date, provider_ref, provider_type,
              provider_activity, provider_names, receiver_ref, receiver_type, receiver_activity, receiver_names,
              funding_account, source_line
            FROM txn WHERE activity_id = ANY(\(ids)) ORDER BY activity_id, seq
            """, logger: logger
        ).decode(
            (
                Int64, Int64, String?, String, String?, Int64, String?, String?, String?, String?, String?, String?,
                String?, String?, String?, String?, String?, Int64
            ).self)
        {
            let organisation = { (ref: String?, type: String?, activityID: String?, names: String?) in
                names.map {
                    Organisation(ref: ref, type: type, activityID: activityID, names: JSONText.readNarratives($0))
                }
            }
            guard loaded[t.1] != nil else { continue }
            transactionIDs.append(t.0)
            places[t.0] = (t.1, loaded[t.1]?.transactionIDs.count ?? 0)
            loaded[t.1]?.transactionIDs.append(t.0)
            loaded[t.1]?.activity.transactions.append(
                Transaction(
                    ref: t.2, type: t.3, date: t.4, valueCents: t.5, currency: t.6, valueDate: t.7,
                    provider: organisation(t.8, t.9, t.10, t.11), receiver: organisation(t.12, t.13, t.14, t.15),
                    fundingAccount: t.16, line: Int(t.17)))
        }
        // Each transaction's own sectors and recipients, placed by its position within its activity.
        for (transaction, shares) in try await sectors(connection, "txn_sector", "txn_id", transactionIDs, logger) {
            guard let (owner, position) = places[transaction] else { continue }
            loaded[owner]?.activity.transactions[position].sectors = shares
        }
        for (transaction, shares) in try await recipients(
            connection, "txn_recipient", "txn_id", transactionIDs, logger)
        {
            guard let (owner, position) = places[transaction] else { continue }
            loaded[owner]?.activity.transactions[position].recipients = shares
        }
        return loaded
    }

    private static func recipients(
        _ connection: PostgresConnection, _ table: String, _ owner: String, _ ids: [Int64], _ logger: Logger
    ) async throws -> [Int64: [RecipientShare]] {
        var binds = PostgresBindings()
        binds.append(ids)
        var out: [Int64: [RecipientShare]] = [:]
        for try await (id, kind, code, vocabulary, percentage) in try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT \(owner), kind, code, vocabulary, percentage_milli FROM \(table)
                    WHERE \(owner) = ANY($1) ORDER BY \(owner), seq
                    """, binds: binds), logger: logger
        ).decode((Int64, String, String, String?, Int64?).self) {
            out[id, default: []].append(
                RecipientShare(
                    kind: RecipientKind(rawValue: kind) ?? .nonISOCountry, code: code, vocabulary: vocabulary,
                    percentage: percentage))
        }
        return out
    }

    private static func sectors(
        _ connection: PostgresConnection, _ table: String, _ owner: String, _ ids: [Int64], _ logger: Logger
    ) async throws -> [Int64: [SectorShare]] {
        var binds = PostgresBindings()
        binds.append(ids)
        var out: [Int64: [SectorShare]] = [:]
        for try await (id, vocabulary, code, percentage, name) in try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT \(owner), vocabulary, code, percentage_milli, name FROM \(table)
                    WHERE \(owner) = ANY($1) ORDER BY \(owner), seq
                    """, binds: binds), logger: logger
        ).decode((Int64, String, String, Int64?, String?).self) {
            out[id, default: []].append(
                SectorShare(vocabulary: vocabulary, code: code, percentage: percentage, name: name))
        }
        return out
    }
}
