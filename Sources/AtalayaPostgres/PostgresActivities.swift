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
            // Hits in the texts ranked by ts_rank (best highest), after an identifier holding the text.
            var hits: [String] = []
            if let last = words.last {
                // Words are letters and digits only, so the tsquery holds no operator a user typed.
                let expression = words.dropLast().map { $0 + " & " }.joined() + last + ":*"
                filter.binds.append(expression)
                hits.append(
                    """
                    SELECT n.activity_id AS id, ts_rank(n.search, q.query) AS rank
                    FROM narrative n, to_tsquery('simple', public.unaccent($\(filter.binds.count))) AS q(query)
                    WHERE n.search @@ q.query
                    """)
            }
            if let fragment = query.identifierFragment {
                filter.binds.append(fragment)
                let parameter = "$\(filter.binds.count)"
                hits.append(
                    """
                    SELECT id, CASE WHEN lower(iati_identifier) = lower(\(parameter)) THEN 2e30 ELSE 1e30 END::real
                    FROM activity WHERE strpos(lower(iati_identifier), lower(\(parameter))) > 0
                    """)
            }
            guard !hits.isEmpty else { return ActivityPage(items: [], total: 0) }
            join = """
                JOIN (SELECT id, MAX(rank) AS rank FROM (\(hits.joined(separator: " UNION ALL "))) AS h
                      GROUP BY id) hit ON hit.id = a.id
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
        // The page's own parameters follow the filter's: a recipient for the largest-first order, then the paging.
        var pageBinds = filter.binds
        if query.largestFirst {
            var placeholder: String?
            if let country = query.country {
                pageBinds.append(country)
                placeholder = "$\(pageBinds.count)"
            }
            order =
                ActivityQuery.largestFirstTerms(recipient: placeholder, pillar: query.pillar)
                + ", a.iati_identifier COLLATE \"C\""
        }
        let pageOrder = order
        return try await withConnection { connection in
            let total =
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: "SELECT COUNT(*) FROM activity a \(join) \(whereClause)", binds: filter.binds),
                    logger: logger
                ).collect().first?.decode(Int64.self) ?? 0
            var binds = pageBinds
            binds.append(Int64(query.limit))
            binds.append(Int64(query.offset))
            var rows: [(Int64, String, String, String?, String?, Int64)] = []
            for try await row in try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT a.id, a.iati_identifier,
                          \(TitleSQL.preferred(activity: "a", language: query.titleLanguage)),
                          a.reporting_org_ref, a.status, a.run_id
                        FROM activity a \(join) \(whereClause) ORDER BY \(pageOrder)
                        LIMIT $\(binds.count - 1) OFFSET $\(binds.count)
                        """, binds: binds), logger: logger
            ).decode((Int64, String, String, String?, String?, Int64).self) {
                rows.append(row)
            }
            // Each listed activity's money and reach, in two queries for the page rather than two per activity.
            let ids = rows.map(\.0)
            var money: [Int64: [(measure: String, pillar: Pillar, cents: Cents)]] = [:]
            for try await (id, measure, pillar, cents) in try await connection.query(
                """
                SELECT activity_id, measure, pillar, SUM(usd_cents)::bigint FROM allocation
                WHERE activity_id = ANY(\(ids)) AND (pillar <> 'out_of_scope' OR pillar = \(query.pillar?.rawValue))
                  AND usd_cents IS NOT NULL
                  AND measure IN ('commitment', 'disbursement')
                  AND (\(query.country)::text IS NULL OR recipient = \(query.country))
                GROUP BY activity_id, measure, pillar
                """, logger: logger
            ).decode((Int64, String, String, Int64).self) {
                if let pillar = Pillar(rawValue: pillar) { money[id, default: []].append((measure, pillar, cents)) }
            }
            var reach: [Int64: [(recipient: String, first: Int?, last: Int?)]] = [:]
            for try await (id, recipient, first, last) in try await connection.query(
                """
                SELECT activity_id, recipient, MIN(fiscal_year), MAX(fiscal_year) FROM allocation
                WHERE activity_id = ANY(\(ids)) AND (\(query.country)::text IS NULL OR recipient = \(query.country))
                GROUP BY activity_id, recipient
                """, logger: logger
            ).decode((Int64, String, Int64?, Int64?).self) {
                reach[id, default: []].append((recipient, first.map(Int.init), last.map(Int.init)))
            }
            let items = try rows.map { id, identifier, title, publisher, status, run in
                var summary = try ActivitySummary(
                    identifier: identifier, title: title, publisher: publisher, status: status, money: money[id] ?? [],
                    pillar: query.pillar)
                summary.reach(reach[id] ?? [])
                summary.run = run
                return summary
            }
            return ActivityPage(items: items, total: Int(total))
        }
    }

    /// An activity with each transaction's split and the rule behind every part, and its results.
    public func explain(identifier: String) async throws -> ExplainedActivity? {
        try await withConnection { connection in
            guard
                let id = try await connection.query(
                    "SELECT id FROM activity WHERE iati_identifier = \(identifier)", logger: logger
                ).collect().first?.decode(Int64.self),
                let loaded = try await PostgresActivityLoader.load(connection, ids: [id], logger: logger)[id]
            else { return nil }
            var activity = loaded.activity
            let positions = Dictionary(uniqueKeysWithValues: loaded.transactionIDs.enumerated().map { ($1, $0) })
            var parts = Array(repeating: [Allocation](), count: loaded.transactionIDs.count)
            for try await part in try await connection.query(
                """
                SELECT txn_id, part, measure, fiscal_year, calendar_year, recipient_kind, recipient_code,
                  recipient_vocabulary, sector_vocabulary, sector_code, funding_account, pillar, rule_id,
                  amount_cents, currency, usd_cents, rate_year, flags
                FROM allocation WHERE activity_id = \(id) ORDER BY txn_id, part
                """, logger: logger
            ).decode(
                (
                    Int64, Int64, String, Int64?, Int64?, String, String, String?, String?, String?, String?, String,
                    String, Int64, String?, Int64?, Int64?, Int64
                ).self)
            {
                guard let index = positions[part.0] else { continue }
                parts[index].append(
                    Allocation(
                        transactionIndex: index, part: Int(part.1), measure: Measure(rawValue: part.2) ?? .disbursement,
                        fiscalYear: part.3.map(Int.init), calendarYear: part.4.map(Int.init),
                        recipient: RecipientShare(
                            kind: RecipientKind(rawValue: part.5) ?? .none, code: part.6, vocabulary: part.7),
                        sectorVocabulary: part.8, sectorCode: part.9, fundingAccount: part.10,
                        pillar: Pillar(rawValue: part.11) ?? .outOfScope, ruleID: part.12, amountCents: part.13,
                        currency: part.14, usdCents: part.15, rateYear: part.16.map(Int.init),
                        flags: Allocation.Flags(rawValue: Int(part.17))))
            }
            let transactions = activity.transactions.enumerated().map { index, item in
                ExplainedTransaction(
                    index: index, type: item.type, date: item.date, valueCents: item.valueCents,
                    currency: item.currency, parts: parts[index])
            }
            activity.results = try await Self.results(connection, activity: id, logger)
            for try await row in try await connection.query(
                """
                SELECT type, status, period_start, period_end, value_cents, currency, value_date FROM budget
                WHERE activity_id = \(id) ORDER BY seq
                """, logger: logger
            ).decode((String?, String?, String?, String?, Int64, String?, String?).self) {
                activity.budgets.append(
                    Budget(
                        type: row.0, status: row.1, periodStart: row.2, periodEnd: row.3, valueCents: row.4,
                        currency: row.5, valueDate: row.6))
            }
            guard let run = try await Self.run(connection, id: loaded.run, logger: logger) else { return nil }
            return try ExplainedActivity(
                activity: activity, run: run, transactions: transactions,
                crosswalk: try await Self.crosswalkLabel(connection, logger: logger)
            ).addable()
        }
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
}
