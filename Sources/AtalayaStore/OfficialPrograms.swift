// MARK: - The largest ForeignAssistance.gov activities, for the brief: one SQL text both engines run

/// The ForeignAssistance.gov activities with the most in-scope money, largest first: the detailed rows
/// (`fa-complete`) the figures count (a newer vintage's slice keeps an older one's rows out, as in the portfolio;
/// the superseded slices are gathered first, as a lookup in the rollup per row took 94 s for a SYNTHETIC million
/// rows),
/// summed by the file's activity ID. Rows without one are not ranked. An activity's name, and its managing (else
/// funding) agency, are those of its latest row in any measure whose name is not redacted ("USAID redacted this
/// field …"); the name is empty when every one is.
public enum OfficialPrograms {
    /// The publisher a row is filtered by, as the rollup's publisher group has it.
    public static let publisher = "COALESCE(o.managing_agency, o.funding_agency, 'none')"

    /// The SQL: `cents` is `o.current_cents` or `o.constant_cents`; `conditions` are further conditions on
    /// `official_amount o` (measure, countries, years, publishers) with the engine's placeholders, `limit` the
    /// placeholder of the row limit; `bigint` casts a sum to 64 bits (PostgreSQL) and `collation` orders text
    /// by bytes (`COLLATE "C"`), as `MonitoringSQL`'s.
    public static func largestSQL(
        cents: String, conditions: [String], limit: String, bigint: String = "", collation: String = ""
    ) -> String {
        """
        WITH superseded AS (
          SELECT DISTINCT run_id, measure, recipient, fiscal_period, objective FROM official_rollup
          WHERE dataset = 'fa-complete' AND superseded_by IS NOT NULL),
        counted AS (
          SELECT o.activity_id, o.pillar, \(cents) AS cents
          FROM official_amount o
          WHERE o.dataset = 'fa-complete' AND o.pillar <> 'out_of_scope' AND \(cents) IS NOT NULL
            AND o.activity_id IS NOT NULL AND o.activity_id <> ''
            \(conditions.map { "AND " + $0 }.joined(separator: " "))
            AND NOT EXISTS (
              SELECT 1 FROM superseded s
              WHERE s.run_id = o.run_id AND s.measure = o.measure AND s.recipient = o.recipient
                AND s.fiscal_period = o.fiscal_period AND s.objective = COALESCE(o.objective, ''))),
        by_pillar AS (
          SELECT activity_id, pillar, SUM(cents)\(bigint) AS cents FROM counted GROUP BY activity_id, pillar),
        totals AS (
          SELECT activity_id, SUM(cents)\(bigint) AS cents,
            (SELECT b2.pillar FROM by_pillar b2 WHERE b2.activity_id = b.activity_id
             ORDER BY b2.cents DESC, b2.pillar\(collation) LIMIT 1) AS main_pillar
          FROM by_pillar b GROUP BY activity_id),
        top AS (SELECT * FROM totals ORDER BY cents DESC, activity_id\(collation) LIMIT \(limit)),
        named AS (
          SELECT o.activity_id, x.text AS name, COALESCE(o.managing_agency, o.funding_agency) AS agency,
            ROW_NUMBER() OVER (PARTITION BY o.activity_id ORDER BY o.fiscal_year DESC, o.id DESC) AS latest
          FROM official_amount o JOIN official_text x ON x.id = o.activity_name_id
          WHERE o.dataset = 'fa-complete' AND o.activity_id IN (SELECT activity_id FROM top)
            AND x.text NOT LIKE '%edacted%')
        SELECT t.activity_id, COALESCE(n.name, ''), t.cents, t.main_pillar, n.agency
        FROM top t LEFT JOIN named n ON n.activity_id = t.activity_id AND n.latest = 1
        ORDER BY t.cents DESC, t.activity_id\(collation)
        """
    }
}
