import AtalayaDomain
import AtalayaStore
import GRDB

// MARK: - Official rows into SQLite: bound statements, long texts stored once

/// The insert of one official row, bound straight to a prepared statement; long texts go through `TextStore`.
struct OfficialRowInsert {
    let statement: PreparedInsert
    let texts: TextStore

    init(_ db: Database) throws {
        statement = try PreparedInsert(
            db,
            """
            INSERT INTO official_amount (run_id, line, dataset, recipient, country_code, country_name, fiscal_year,
              fiscal_period, measure, current_cents, constant_cents, objective, funding_account,
              funding_account_name_id, funding_agency, managing_agency, us_sector_id, us_sector_name, purpose_code,
              implementing_partner_id, partner_category, activity_id, activity_name_id, activity_description_id,
              transaction_date, redacted, pillar, rule_id)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
              ?22, ?23, ?24, ?25, ?26, ?27, ?28)
            """)
        texts = try TextStore(db)
    }

    func insert(_ row: OfficialAmount, run: Int64, pillar: Pillar?, ruleID: String?) throws {
        let s = statement
        s.bind(1, run)
        s.bind(2, row.line)
        s.bind(3, row.dataset.rawValue)
        s.bind(4, row.recipient)
        s.bind(5, row.countryCode)
        s.bind(6, row.countryName)
        s.bind(7, row.fiscalYear.year)
        s.bind(8, row.fiscalYear.label)
        s.bind(9, row.measure.rawValue)
        s.bind(10, row.currentCents)
        s.bind(11, row.constantCents)
        s.bind(12, row.objective)
        s.bind(13, row.fundingAccount)
        s.bind(14, try texts.id(row.fundingAccountName))
        s.bind(15, row.fundingAgency)
        s.bind(16, row.managingAgency)
        s.bind(17, row.usSectorID)
        s.bind(18, row.usSectorName)
        s.bind(19, row.purposeCode)
        s.bind(20, try texts.id(row.implementingPartner))
        s.bind(21, row.partnerCategory)
        s.bind(22, row.activityID)
        s.bind(23, try texts.id(row.activityName))
        s.bind(24, try texts.id(row.activityDescription))
        s.bind(25, row.transactionDate)
        s.bind(26, row.redacted ? 1 : 0)
        s.bind(27, pillar?.rawValue)
        s.bind(28, ruleID)
        try s.run()
    }
}

/// Stores each distinct long text once and hands back its id; a bounded cache in front of the hash index.
final class TextStore {
    private let find: Statement
    private let insert: PreparedInsert
    private var cache: [TextKey: Int64] = [:]
    private var cachedBytes = 0
    /// Texts looked up recently with their ids, in front of `cache`.
    private var recent = RecentTexts<Int64>()
    /// Past this many bytes of cached text the cache is emptied (lookups then go to the index): memory stays flat
    /// however long the texts are (the same bound as PostgreSQL's `OfficialTexts`).
    private let maxCachedBytes = 32 << 20

    init(_ db: Database) throws {
        find = try db.makeStatement(sql: "SELECT id FROM official_text WHERE hash = ? AND text = ?")
        insert = try PreparedInsert(db, "INSERT INTO official_text (hash, text) VALUES (?1, ?2)")
    }

    /// The id of `text`, stored if new; nil for nil.
    func id(_ text: String?) throws -> Int64? {
        guard let text else { return nil }
        // Most texts repeat a recent one: found by comparing bytes, without hashing the whole text for `cache`.
        // (A text without contiguous UTF-8, never one the readers make, goes straight to `cache`.)
        let recentID = text.utf8.withContiguousStorageIfAvailable { recent.find($0)?.value }
        if let recentID = recentID ?? nil { return recentID }
        let id = try storedID(text)
        _ = text.utf8.withContiguousStorageIfAvailable { recent.keep(text, bytes: $0, value: id) }
        return id
    }

    /// The id of `text` from the cache, the index, or a new row.
    private func storedID(_ text: String) throws -> Int64 {
        let key = TextKey(text)
        if let known = cache[key] { return known }
        let hash = TextHash.fnv1a(text)
        let id: Int64
        if let stored = try Int64.fetchOne(find, arguments: [hash, text]) {
            id = stored
        } else {
            insert.bind(1, hash)
            insert.bind(2, text)
            id = try insert.run()
        }
        if cachedBytes >= maxCachedBytes {
            cache.removeAll(keepingCapacity: true)
            cachedBytes = 0
        }
        cache[key] = id
        cachedBytes += text.utf8.count
        return id
    }
}
