public import AtalayaDomain
public import AtalayaStore

// MARK: - Unfinished on PostgreSQL: what the SQLite ledger does that this one does not yet

/// Built on PostgreSQL so far: migrations, IATI import, IATI figures, activities (lists, search, explain), runs,
/// warnings, recipients, generation.
/// Everything below is UNFINISHED: each method says so to its caller instead of answering wrongly or empty.
extension PostgresStore: LedgerStore {
    static func unfinished(_ what: String) -> NotYetBuilt {
        NotYetBuilt("\(what) is not yet built on PostgreSQL; use the SQLite ledger (--db) for it")
    }

    /// Unfinished on PostgreSQL.
    public func importOfficial(
        _ draft: ImportDraft, vintage: String, classifier: OfficialClassifier,
        produce: @escaping @Sendable (_ accept: (OfficialAmount) throws -> Void) throws -> ImportFacts
    ) async throws -> OfficialImport { throw Self.unfinished("importing ForeignAssistance.gov and Greenbook files") }

    /// Unfinished on PostgreSQL.
    public func importSeries(
        _ draft: ImportDraft,
        produce: @escaping @Sendable (_ accept: (SeriesPoint) throws -> Void) throws -> ImportFacts
    ) async throws -> ImportOutcome { throw Self.unfinished("importing indicator series") }

    /// Unfinished on PostgreSQL.
    public func series(country: String, indicatorPrefix: String?) async throws -> [SeriesPoint] {
        throw Self.unfinished("reading indicator series")
    }

    /// Unfinished on PostgreSQL.
    public func recordEngagements(_ engagements: [Engagement], draft: ImportDraft?) async throws -> EngagementImport {
        throw Self.unfinished("recording engagements")
    }

    /// Unfinished on PostgreSQL.
    public func engagements(country: String?) async throws -> [Engagement] { throw Self.unfinished("engagements") }

    /// Unfinished on PostgreSQL.
    public func largestPrograms(_ query: PortfolioQuery, limit: Int) async throws -> [ProgramTotal] {
        throw Self.unfinished("the largest programs")
    }

    /// Unfinished on PostgreSQL.
    public func accountability(country: String, asOf: String) async throws -> [ProgramAccountability] {
        throw Self.unfinished("the accountability checks")
    }

    /// Unfinished on PostgreSQL.
    public func implementedMoney(country: String) async throws -> [(cents: Cents, implementers: [Implementer])] {
        throw Self.unfinished("implementers' money")
    }

    /// Unfinished on PostgreSQL.
    public func indicatorReadings(country: String, asOf: String) async throws -> [IndicatorReading] {
        throw Self.unfinished("indicator readings")
    }

    /// Unfinished on PostgreSQL.
    public func burdenSharing(country: String, measure: Measure, from: Int, to: Int) async throws -> BurdenSharing {
        throw Self.unfinished("burden sharing")
    }

    /// Unfinished on PostgreSQL.
    public func diff(_ before: Int64, _ after: Int64, constantDollars: Bool) async throws -> VintageDiff {
        throw Self.unfinished("comparing vintages")
    }

    /// Unfinished on PostgreSQL.
    public func reclassify(allocator: Allocator) async throws -> Int { throw Self.unfinished("reclassifying") }

}
