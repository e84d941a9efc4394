public import AtalayaDomain
public import AtalayaStore
import Foundation
import Logging
import PostgresNIO

// MARK: - Engagements on PostgreSQL

extension PostgresStore {
    /// Records engagements in one transaction; see `LedgerStore.recordEngagements`.
    public func recordEngagements(_ engagements: [Engagement], draft: ImportDraft?) async throws -> EngagementImport {
        let logger = self.logger
        return try await importing(
            sha256: try draft?.requiredSHA256(), sheet: draft?.sheet,
            skip: { EngagementImport(run: $0, alreadyImported: true, new: 0, known: 0) }
        ) { connection in
            var runID: Int64?
            if let draft {
                runID = try await Self.insertRun(connection, draft, publisher: "engagement records", logger: logger)
            }
            var new = 0
            for engagement in engagements {
                let topics = engagement.topics.joined(separator: "; ")
                let pillars = engagement.pillars.map(\.rawValue).joined(separator: ";")
                guard
                    let id = try await connection.query(
                        """
                        INSERT INTO engagement (run_id, date, end_date, kind, level, us_participants,
                          partner_participants, topics, pillars, summary, source_url, source_published)
                        VALUES (\(runID), \(engagement.date), \(engagement.endDate), \(engagement.kind.rawValue),
                          \(engagement.level.rawValue), \(engagement.usParticipants),
                          \(engagement.partnerParticipants), \(topics), \(pillars), \(engagement.summary),
                          \(engagement.sourceURL), \(engagement.sourcePublished))
                        ON CONFLICT (date, kind, source_url, summary) DO NOTHING RETURNING id
                        """, logger: logger
                    ).collect().first?.decode(Int64.self)
                else { continue }
                new += 1
                let countries = Set(engagement.countries).sorted()
                try await connection.query(
                    """
                    INSERT INTO engagement_country (engagement_id, country)
                    SELECT \(id), unnest(\(countries)::text[])
                    """, logger: logger)
                for (seq, commitment) in engagement.commitments.enumerated() {
                    try await connection.query(
                        """
                        INSERT INTO engagement_commitment (engagement_id, seq, text, due, status)
                        VALUES (\(id), \(seq), \(commitment.text), \(commitment.due), \(commitment.status.rawValue))
                        """, logger: logger)
                }
            }
            var run: ImportRun?
            if let runID {
                try await connection.query(
                    "UPDATE import_run SET transactions = \(new), imported_at = \(Self.now()) WHERE id = \(runID)",
                    logger: logger)
                run = try await Self.storedRun(connection, id: runID, logger: logger)
            }
            return EngagementImport(run: run, alreadyImported: false, new: new, known: engagements.count - new)
        }
    }

    /// The recorded engagements, oldest first.
    public func engagements(country: String?) async throws -> [Engagement] {
        try await withConnection { connection in
            typealias Row = (
                Int64, String, String?, String, String, String?, String?, String, String, String, String, String?
            )
            var rows: [Row] = []
            for try await row in try await connection.query(
                """
                SELECT id, date, end_date, kind, level, us_participants, partner_participants, topics, pillars, summary,
                  source_url, source_published
                FROM engagement
                WHERE \(country)::text IS NULL
                  OR id IN (SELECT engagement_id FROM engagement_country WHERE country = \(country))
                ORDER BY date COLLATE "C", id
                """, logger: logger
            ).decode(Row.self) {
                rows.append(row)
            }
            let ids = rows.map(\.0)
            var countries: [Int64: [String]] = [:]
            for try await (id, code) in try await connection.query(
                """
                SELECT engagement_id, country FROM engagement_country WHERE engagement_id = ANY(\(ids))
                ORDER BY engagement_id, country COLLATE "C"
                """, logger: logger
            ).decode((Int64, String).self) {
                countries[id, default: []].append(code)
            }
            var commitments: [Int64: [Engagement.Commitment]] = [:]
            for try await (id, text, due, status) in try await connection.query(
                """
                SELECT engagement_id, text, due, status FROM engagement_commitment WHERE engagement_id = ANY(\(ids))
                ORDER BY engagement_id, seq
                """, logger: logger
            ).decode((Int64, String, String?, String).self) {
                commitments[id, default: []].append(
                    Engagement.Commitment(
                        text: text, due: due, status: Engagement.Commitment.Status(rawValue: status) ?? .open))
            }
            let split = { (text: String, separator: Character) in
                text.split(separator: separator).map { String($0).trimmingCharacters(in: .whitespaces) }
            }
            return rows.map { row in
                Engagement(
                    date: row.1, endDate: row.2, kind: Engagement.Kind(rawValue: row.3) ?? .other,
                    level: Engagement.Level(rawValue: row.4) ?? .working, countries: countries[row.0] ?? [],
                    usParticipants: row.5, partnerParticipants: row.6, topics: split(row.7, ";"),
                    pillars: split(row.8, ";").compactMap(Pillar.init), summary: row.9, sourceURL: row.10,
                    sourcePublished: row.11, commitments: commitments[row.0] ?? [])
            }
        }
    }
}
