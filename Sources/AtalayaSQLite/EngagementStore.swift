public import AtalayaDomain
public import AtalayaStore
import Foundation
import GRDB

// MARK: - Engagements

extension SQLiteStore {
    /// Records engagements in one write transaction; see `LedgerStore.recordEngagements`.
    public func recordEngagements(_ engagements: [Engagement], draft: ImportDraft?) async throws -> EngagementImport {
        let sha256 = try draft?.requiredSHA256()
        if let sha256,
            let existing = try await read({ db in try Self.run(db, sha256: sha256, sheet: draft?.sheet) })
        {
            return EngagementImport(run: existing, alreadyImported: true, new: 0, known: 0)
        }
        return try await writer.write { db -> EngagementImport in
            var runID: Int64?
            if let draft, let sha256 {
                if let existing = try Self.run(db, sha256: sha256, sheet: draft.sheet) {
                    return EngagementImport(run: existing, alreadyImported: true, new: 0, known: 0)
                }
                try db.execute(
                    sql: """
                        INSERT INTO import_run (id, source, file_name, sha256, byte_count, sheet, publisher, imported_at)
                        VALUES (\(Self.newRunID), ?, ?, ?, ?, ?, 'engagement records', ?)
                        """,
                    arguments: [draft.source, draft.fileName, sha256, draft.byteCount, draft.sheet, Self.now()])
                runID = db.lastInsertedRowID
            }
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO engagement (run_id, date, end_date, kind, level, us_participants,
                      partner_participants, topics, pillars, summary, source_url, source_published)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (date, kind, source_url, summary) DO NOTHING
                    """)
            var new = 0
            for engagement in engagements {
                try insert.execute(arguments: [
                    runID, engagement.date, engagement.endDate, engagement.kind.rawValue, engagement.level.rawValue,
                    engagement.usParticipants, engagement.partnerParticipants,
                    engagement.topics.joined(separator: "; "),
                    engagement.pillars.map(\.rawValue).joined(separator: ";"), engagement.summary,
                    engagement.sourceURL, engagement.sourcePublished,
                ])
                guard db.changesCount > 0 else { continue }
                let id = db.lastInsertedRowID
                new += 1
                for country in Set(engagement.countries).sorted() {
                    try db.execute(
                        sql: "INSERT INTO engagement_country (engagement_id, country) VALUES (?, ?)",
                        arguments: [id, country])
                }
                for (seq, commitment) in engagement.commitments.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO engagement_commitment (engagement_id, seq, text, due, status)
                            VALUES (?, ?, ?, ?, ?)
                            """,
                        arguments: [id, seq, commitment.text, commitment.due, commitment.status.rawValue])
                }
            }
            if let runID {
                try db.execute(
                    sql: "UPDATE import_run SET transactions = ?, imported_at = ? WHERE id = ?",
                    arguments: [new, Self.now(), runID])
            }
            let run = try runID.flatMap { try Self.run(db, id: $0) }
            return EngagementImport(run: run, alreadyImported: false, new: new, known: engagements.count - new)
        }
    }

    /// The recorded engagements, oldest first.
    public func engagements(country: String?) async throws -> [Engagement] {
        try await read { db in
            var sql = "SELECT * FROM engagement"
            var arguments: StatementArguments = []
            if let country {
                sql += " WHERE id IN (SELECT engagement_id FROM engagement_country WHERE country = ?)"
                arguments = [country]
            }
            sql += " ORDER BY date, id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let id: Int64 = row["id"]
                let countries = try String.fetchAll(
                    db, sql: "SELECT country FROM engagement_country WHERE engagement_id = ? ORDER BY country",
                    arguments: [id])
                let commitments = try Row.fetchAll(
                    db,
                    sql: "SELECT text, due, status FROM engagement_commitment WHERE engagement_id = ? ORDER BY seq",
                    arguments: [id]
                ).map { commitment in
                    Engagement.Commitment(
                        text: commitment[0], due: commitment[1],
                        status: Engagement.Commitment.Status(rawValue: commitment[2]) ?? .open)
                }
                let split = { (text: String, separator: Character) in
                    text.split(separator: separator).map { String($0).trimmingCharacters(in: .whitespaces) }
                }
                return Engagement(
                    date: row["date"], endDate: row["end_date"],
                    kind: Engagement.Kind(rawValue: row["kind"]) ?? .other,
                    level: Engagement.Level(rawValue: row["level"]) ?? .working, countries: countries,
                    usParticipants: row["us_participants"], partnerParticipants: row["partner_participants"],
                    topics: split(row["topics"], ";"), pillars: split(row["pillars"], ";").compactMap(Pillar.init),
                    summary: row["summary"], sourceURL: row["source_url"], sourcePublished: row["source_published"],
                    commitments: commitments)
            }
        }
    }
}
