import AtalayaDomain
public import AtalayaStore
import Logging
import PostgresNIO

// MARK: - Activities on PostgreSQL: lists, search, and one activity with its splits and results

extension PostgresStore {
    /// One page of activities; a text search matches all its words (the last as a prefix) in one title or
    /// description, accents folded and split on anything not a letter or digit, as SQLite's FTS5 does; hits are
    /// ranked by `ts_rank` (SQLite ranks by bm25, so their order may differ).
    public func activities(_ query: ActivityQuery) async throws -> ActivityPage {
        var filter = Filter()
        var join = ""
        var order = "a.iati_identifier COLLATE \"C\""
        if let words = query.searchWords {
            guard !words.isEmpty else { return ActivityPage(items: [], total: 0) }
            // Words are letters and digits only, so the tsquery holds no operator a user typed.
            let expression = words.dropLast().map { $0 + " & " }.joined() + words.last! + ":*"
            filter.binds.append(expression)
            join = """
                JOIN (SELECT n.activity_id AS id, MAX(ts_rank(n.search, q.query)) AS rank
                      FROM narrative n, to_tsquery('simple', public.unaccent($\(filter.binds.count))) AS q(query)
                      WHERE n.search @@ q.query GROUP BY n.activity_id) hit ON hit.id = a.id
                """
            order = "hit.rank DESC, " + order
        }
        if let country = query.country {
            filter.add(
                "EXISTS (SELECT 1 FROM allocation al WHERE al.activity_id = a.id AND al.recipient = ", country, ")")
        }
        if let pillar = query.pillar {
            filter.add(
                "EXISTS (SELECT 1 FROM allocation al WHERE al.activity_id = a.id AND al.pillar = ", pillar.rawValue, ")"
            )
        }
        let whereClause = filter.conditions.isEmpty ? "" : "WHERE " + filter.conditions.joined(separator: " AND ")
        return try await client.withConnection { connection in
            let total =
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "SELECT COUNT(*) FROM activity a \(join) \(whereClause)", binds: filter.binds),
                    logger: logger
                ).collect().first?.decode(Int64.self) ?? 0
            var binds = filter.binds
            binds.append(Int64(query.limit))
            binds.append(Int64(query.offset))
            var rows: [(Int64, String, String, String?, String?)] = []
            for try await row in try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT a.id, a.iati_identifier,
                          COALESCE((SELECT text FROM narrative n WHERE n.activity_id = a.id AND n.owner = 'title'
                                    ORDER BY COALESCE(n.language = 'en', false) DESC, n.seq LIMIT 1), ''),
                          a.reporting_org_ref, a.status
                        FROM activity a \(join) \(whereClause) ORDER BY \(order)
                        LIMIT $\(binds.count - 1) OFFSET $\(binds.count)
                        """, binds: binds), logger: logger
            ).decode((Int64, String, String, String?, String?).self) {
                rows.append(row)
            }
            var items: [ActivitySummary] = []
            for (id, identifier, title, publisher, status) in rows {
                var money: [(measure: String, pillar: Pillar, cents: Cents)] = []
                for try await (measure, pillar, cents) in try await connection.query(
                    """
                    SELECT measure, pillar, SUM(usd_cents)::bigint FROM allocation
                    WHERE activity_id = \(id) AND pillar <> 'out_of_scope' AND usd_cents IS NOT NULL
                      AND measure IN ('commitment', 'disbursement')
                      AND (\(query.country)::text IS NULL OR recipient = \(query.country))
                    GROUP BY measure, pillar
                    """, logger: logger
                ).decode((String, String, Int64).self) {
                    if let pillar = Pillar(rawValue: pillar) { money.append((measure, pillar, cents)) }
                }
                items.append(
                    ActivitySummary(
                        identifier: identifier, title: title, publisher: publisher, status: status, money: money))
            }
            return ActivityPage(items: items, total: Int(total))
        }
    }

    /// An activity with each transaction's split and the rule behind every part, and its results.
    public func explain(identifier: String) async throws -> ExplainedActivity? {
        try await client.withConnection { connection in
            guard
                let row = try await connection.query(
                    """
                    SELECT id, run_id, iati_identifier, last_updated, default_currency, default_language, hierarchy,
                      humanitarian, status, reporting_org_ref, reporting_org_type, reporting_org_names, funding_account,
                      dates, source_line
                    FROM activity WHERE iati_identifier = \(identifier)
                    """, logger: logger
                ).collect().first
            else { return nil }
            let a = try row.decode(
                (
                    Int64, Int64, String, String?, String?, String?, Int64, Int64?, String?, String?, String?, String,
                    String?, String, Int64
                ).self)
            let id = a.0
            var activity = Activity(
                identifier: a.2, lastUpdated: a.3, defaultCurrency: a.4, defaultLanguage: a.5, hierarchy: Int(a.6),
                humanitarian: a.7.map { $0 == 1 }, status: a.8,
                reportingOrg: Organisation(ref: a.9, type: a.10, names: JSONText.readNarratives(a.11)),
                fundingAccount: a.12, dates: JSONText.readObject(a.13), line: Int(a.14))
            for try await (owner, language, text) in try await connection.query(
                "SELECT owner, language, text FROM narrative WHERE activity_id = \(id) ORDER BY owner, seq",
                logger: logger
            ).decode((String, String?, String).self) {
                let narrative = Narrative(language: language, text: text)
                if owner == "title" {
                    activity.titles.append(narrative)
                } else {
                    activity.descriptions.append(narrative)
                }
            }
            for try await (ref, role, type, activityRef, names) in try await connection.query(
                "SELECT ref, role, type, activity_ref, names FROM participating_org WHERE activity_id = \(id) ORDER BY seq",
                logger: logger
            ).decode((String?, String?, String?, String?, String).self) {
                activity.participatingOrgs.append(
                    Organisation(
                        ref: ref, type: type, role: role, activityID: activityRef, names: JSONText.readNarratives(names)
                    ))
            }
            activity.recipients = try await Self.recipients(connection, "activity_recipient", "activity_id", id, logger)
            activity.sectors = try await Self.sectors(connection, "activity_sector", "activity_id", id, logger)
            var transactions: [ExplainedTransaction] = []
            var transactionRows: [PostgresRow] = []
            for try await row in try await connection.query(
                """
                SELECT id, ref, type, date, value_cents, currency, value_date, provider_ref, provider_type,
                  provider_activity, provider_names, receiver_ref, receiver_type, receiver_activity, receiver_names,
                  funding_account, source_line
                FROM txn WHERE activity_id = \(id) ORDER BY seq
                """, logger: logger)
            {
                transactionRows.append(row)
            }
            for (index, row) in transactionRows.enumerated() {
                let t = try row.decode(
                    (
                        Int64, String?, String, String?, Int64, String?, String?, String?, String?, String?, String?,
                        String?, String?, String?, String?, String?, Int64
                    ).self)
                let organisation = { (ref: String?, type: String?, activityID: String?, names: String?) in
                    names.map {
                        Organisation(ref: ref, type: type, activityID: activityID, names: JSONText.readNarratives($0))
                    }
                }
                activity.transactions.append(
                    Transaction(
                        ref: t.1, type: t.2, date: t.3, valueCents: t.4, currency: t.5, valueDate: t.6,
                        provider: organisation(t.7, t.8, t.9, t.10), receiver: organisation(t.11, t.12, t.13, t.14),
                        sectors: try await Self.sectors(connection, "txn_sector", "txn_id", t.0, logger),
                        recipients: try await Self.recipients(connection, "txn_recipient", "txn_id", t.0, logger),
                        fundingAccount: t.15, line: Int(t.16)))
                var parts: [Allocation] = []
                for try await part in try await connection.query(
                    """
                    SELECT part, measure, fiscal_year, calendar_year, recipient_kind, recipient_code,
                      recipient_vocabulary, sector_vocabulary, sector_code, funding_account, pillar, rule_id,
                      amount_cents, currency, usd_cents, rate_year, flags
                    FROM allocation WHERE txn_id = \(t.0) ORDER BY part
                    """, logger: logger
                ).decode(
                    (
                        Int64, String, Int64?, Int64?, String, String, String?, String?, String?, String?, String,
                        String, Int64, String?, Int64?, Int64?, Int64
                    ).self)
                {
                    parts.append(
                        Allocation(
                            transactionIndex: index, part: Int(part.0),
                            measure: Measure(rawValue: part.1) ?? .disbursement,
                            fiscalYear: part.2.map(Int.init), calendarYear: part.3.map(Int.init),
                            recipient: RecipientShare(
                                kind: RecipientKind(rawValue: part.4) ?? .none, code: part.5, vocabulary: part.6),
                            sectorVocabulary: part.7, sectorCode: part.8, fundingAccount: part.9,
                            pillar: Pillar(rawValue: part.10) ?? .outOfScope, ruleID: part.11, amountCents: part.12,
                            currency: part.13, usdCents: part.14, rateYear: part.15.map(Int.init),
                            flags: Allocation.Flags(rawValue: Int(part.16))))
                }
                let item = activity.transactions[index]
                transactions.append(
                    ExplainedTransaction(
                        index: index, type: item.type, date: item.date, valueCents: item.valueCents,
                        currency: item.currency, parts: parts))
            }
            activity.results = try await Self.results(connection, activity: id, logger)
            guard let run = try await Self.run(connection, id: a.1, logger: logger) else { return nil }
            let crosswalk = try await connection.query(
                "SELECT crosswalk_id || ' ' || crosswalk_version FROM classification WHERE id = 1", logger: logger
            ).collect().first?.decode(String.self)
            return ExplainedActivity(activity: activity, run: run, transactions: transactions, crosswalk: crosswalk)
        }
    }

    private static func recipients(
        _ connection: PostgresConnection, _ table: String, _ owner: String, _ id: Int64, _ logger: Logger
    ) async throws -> [RecipientShare] {
        var out: [RecipientShare] = []
        for try await (kind, code, vocabulary, percentage) in try await connection.query(
            PostgresQuery(
                unsafeSQL:
                    "SELECT kind, code, vocabulary, percentage_milli FROM \(table) WHERE \(owner) = $1 ORDER BY seq",
                binds: binds(id)), logger: logger
        ).decode((String, String, String?, Int64?).self) {
            out.append(
                RecipientShare(
                    kind: RecipientKind(rawValue: kind) ?? .nonISOCountry, code: code, vocabulary: vocabulary,
                    percentage: percentage))
        }
        return out
    }

    private static func sectors(
        _ connection: PostgresConnection, _ table: String, _ owner: String, _ id: Int64, _ logger: Logger
    ) async throws -> [SectorShare] {
        var out: [SectorShare] = []
        for try await (vocabulary, code, percentage, name) in try await connection.query(
            PostgresQuery(
                unsafeSQL:
                    "SELECT vocabulary, code, percentage_milli, name FROM \(table) WHERE \(owner) = $1 ORDER BY seq",
                binds: binds(id)), logger: logger
        ).decode((String, String, Int64?, String?).self) {
            out.append(SectorShare(vocabulary: vocabulary, code: code, percentage: percentage, name: name))
        }
        return out
    }

    private static func results(_ connection: PostgresConnection, activity: Int64, _ logger: Logger) async throws
        -> [ResultFramework]
    {
        var results: [(Int64, String?, String)] = []
        for try await row in try await connection.query(
            "SELECT id, type, titles FROM result WHERE activity_id = \(activity) ORDER BY seq", logger: logger
        ).decode((Int64, String?, String).self) {
            results.append(row)
        }
        var out: [ResultFramework] = []
        for (resultID, type, titles) in results {
            var indicators: [(Int64, String?, Int64, String, String?, String?)] = []
            for try await row in try await connection.query(
                """
                SELECT id, measure, ascending, titles, baseline_year, baseline_value FROM indicator
                WHERE result_id = \(resultID) ORDER BY seq
                """, logger: logger
            ).decode((Int64, String?, Int64, String, String?, String?).self) {
                indicators.append(row)
            }
            var built: [Indicator] = []
            for (indicatorID, measure, ascending, indicatorTitles, baselineYear, baselineValue) in indicators {
                var periods: [IndicatorPeriod] = []
                for try await (start, end, target, actual, comments) in try await connection.query(
                    """
                    SELECT period_start, period_end, target, actual, comments FROM indicator_period
                    WHERE indicator_id = \(indicatorID) ORDER BY seq
                    """, logger: logger
                ).decode((String?, String?, String?, String?, String).self) {
                    periods.append(
                        IndicatorPeriod(
                            start: start, end: end, target: target, actual: actual,
                            comments: JSONText.readNarratives(comments)))
                }
                built.append(
                    Indicator(
                        measure: measure, ascending: ascending == 1, titles: JSONText.readNarratives(indicatorTitles),
                        baselineYear: baselineYear, baselineValue: baselineValue, periods: periods))
            }
            out.append(ResultFramework(type: type, titles: JSONText.readNarratives(titles), indicators: built))
        }
        return out
    }

    private static func binds(_ id: Int64) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(id)
        return binds
    }
}
