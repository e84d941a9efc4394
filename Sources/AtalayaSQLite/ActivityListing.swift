import AtalayaDomain
public import AtalayaStore
import GRDB

// MARK: - Activity lists, full-text search and the recipients each source covers

extension SQLiteStore {
    /// One page of activities; a text query matches all its words in one title or description (FTS5).
    public func activities(_ query: ActivityQuery) async throws -> ActivityPage {
        try await read { db in
            var join = ""
            var order = "a.iati_identifier"
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let text = query.text {
                // Hits in the texts ranked by bm25 (negative, best lowest), after an identifier holding the text.
                var hits: [String] = []
                if let match = Self.ftsExpression(text) {
                    hits.append(
                        """
                        SELECT n.activity_id AS id, s.rank AS rank
                        FROM narrative_search s JOIN narrative n ON n.id = s.rowid WHERE narrative_search MATCH ?
                        """)
                    arguments.append(match)
                }
                if let fragment = query.identifierFragment {
                    arguments.append(fragment)
                    let parameter = "?\(arguments.count)"
                    hits.append(
                        """
                        SELECT id, CASE WHEN lower(iati_identifier) = lower(\(parameter)) THEN -2e300 ELSE -1e300 END
                        FROM activity WHERE instr(lower(iati_identifier), lower(\(parameter))) > 0
                        """)
                }
                guard !hits.isEmpty else { return ActivityPage(items: [], total: 0) }
                join = """
                    JOIN (SELECT id, MIN(rank) AS rank FROM (\(hits.joined(separator: " UNION ALL ")))
                          GROUP BY id) hit ON hit.id = a.id
                    """
                order = "hit.rank, a.iati_identifier"
            }
            if let country = query.country {
                conditions.append(
                    "EXISTS (SELECT 1 FROM allocation al WHERE al.activity_id = a.id AND al.recipient = ?)")
                arguments.append(country)
            }
            if let pillar = query.pillar {
                conditions.append("EXISTS (SELECT 1 FROM allocation al WHERE al.activity_id = a.id AND al.pillar = ?)")
                arguments.append(pillar.rawValue)
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            let total =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM activity a \(join) \(filter)",
                    arguments: StatementArguments(arguments)) ?? 0
            var orderArguments: [any DatabaseValueConvertible] = []
            if query.largestFirst {
                order =
                    ActivityQuery.largestFirstTerms(recipient: query.country == nil ? nil : "?", pillar: query.pillar)
                    + ", a.iati_identifier"
                if let country = query.country { orderArguments = [country, country] }
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.iati_identifier,
                      \(TitleSQL.preferred(activity: "a", language: query.titleLanguage)),
                      a.reporting_org_ref, a.status, a.run_id
                    FROM activity a \(join) \(filter) ORDER BY \(order) LIMIT ? OFFSET ?
                    """, arguments: StatementArguments(arguments + orderArguments + [query.limit, query.offset]))
            let money = try db.makeStatement(
                sql: """
                    SELECT measure, pillar, SUM(usd_cents) FROM allocation
                    WHERE activity_id = ?1 AND (pillar <> 'out_of_scope' OR pillar = ?3) AND usd_cents IS NOT NULL
                      AND measure IN ('commitment', 'disbursement') AND (?2 IS NULL OR recipient = ?2)
                    GROUP BY measure, pillar
                    """)
            let reach = try db.makeStatement(
                sql: """
                    SELECT recipient, MIN(fiscal_year), MAX(fiscal_year) FROM allocation
                    WHERE activity_id = ?1 AND (?2 IS NULL OR recipient = ?2) GROUP BY recipient
                    """)
            let items = try rows.map { row in
                let id: Int64 = row[0]
                var summary = try ActivitySummary(
                    identifier: row[1], title: row[2], publisher: row[3], status: row[4],
                    money: try Row.fetchAll(money, arguments: [id, query.country, query.pillar?.rawValue]).compactMap {
                        part in
                        Pillar(rawValue: part[1]).map { (measure: part[0], pillar: $0, cents: part[2]) }
                    }, pillar: query.pillar)
                summary.reach(
                    try Row.fetchAll(reach, arguments: [id, query.country]).map {
                        (recipient: $0[0] as String, first: $0[1] as Int?, last: $0[2] as Int?)
                    })
                summary.run = row[5]
                return summary
            }
            return ActivityPage(items: items, total: total)
        }
    }

    /// An FTS5 expression that matches every word of `text` (the last as a prefix), each quoted so that no user
    /// input is read as FTS syntax; nil when the text has no word.
    static func ftsExpression(_ text: String) -> String? {
        let words = ActivityQuery(text: text).searchWords ?? []
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"" }.joined(separator: " ") + "*"
    }

    /// Every recipient with money in a source's figures, and the sources.
    public func recipients() async throws -> [RecipientSources] {
        try await read { db in
            var sources: [String: Set<PortfolioQuery.Source>] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT recipient, 'iati' FROM allocation_rollup GROUP BY recipient
                    UNION
                    SELECT recipient, CASE dataset WHEN 'greenbook' THEN 'greenbook' ELSE 'fa' END
                    FROM official_rollup WHERE superseded_by IS NULL GROUP BY 1, 2
                    """)
            {
                if let source = PortfolioQuery.Source(rawValue: row[1]) { sources[row[0], default: []].insert(source) }
            }
            return sources.keys.sorted().map { code in
                RecipientSources(
                    code: code, sources: PortfolioQuery.Source.allCases.filter { sources[code]?.contains($0) == true })
            }
        }
    }

    /// See `LedgerStore.checkReachable`: the file is in this process, opened when the store was made.
    public func checkReachable() async throws {}

    /// The last import run, the classification's time, the last engagement row, the runs removed, the last
    /// co-signature and the keys revoked: every write moves one of them.
    public func generation() async throws -> String {
        try await read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT (SELECT COALESCE(MAX(id), 0) FROM import_run) || ':'
                      || COALESCE((SELECT applied_at FROM classification WHERE id = 1), '') || ':'
                      || (SELECT COALESCE(MAX(id), 0) FROM engagement) || ':'
                      || (SELECT COUNT(*) FROM run_removal) || ':'
                      || (SELECT COALESCE(MAX(id), 0) FROM cosignature) || ':'
                      || (SELECT COUNT(revoked_at) FROM cosigner)
                    """) ?? ""
        }
    }
}
