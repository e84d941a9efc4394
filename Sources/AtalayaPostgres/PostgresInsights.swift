public import AtalayaDomain
public import AtalayaStore
import Logging
import PostgresNIO

// MARK: - What the brief and signals read on PostgreSQL: programs, accountability, implementers, indicators

extension PostgresStore {
    /// The activities with the most in-scope converted money for an IATI or ForeignAssistance.gov query, largest
    /// first (`OfficialPrograms` for the latter); none for the Greenbook, which has no activities.
    public func largestPrograms(_ query: PortfolioQuery, limit: Int, titleLanguage: String) async throws
        -> [ProgramTotal]
    {
        switch query.source {
        case .greenbook: return []
        case .fa: return try await largestOfficialPrograms(query, limit: limit)
        case .iati: break
        }
        let year = query.basis == .usFederal ? "fiscal_year" : "calendar_year"
        var filter = Filter()
        filter.add("al.measure = ", query.measure.rawValue)
        filter.conditions += ["al.pillar <> 'out_of_scope'", "al.usd_cents IS NOT NULL"]
        filter.add(query, recipient: "al.recipient", year: "al.\(year)", publisher: "COALESCE(al.publisher, 'none')")
        var binds = filter.binds
        binds.append(Int64(limit))
        let sql = """
            WITH by_pillar AS (
              SELECT al.activity_id, al.pillar, SUM(al.usd_cents)::bigint AS cents FROM allocation al
              WHERE \(filter.conditions.joined(separator: " AND "))
              GROUP BY al.activity_id, al.pillar),
            totals AS (
              SELECT activity_id, SUM(cents)::bigint AS cents,
                (SELECT b2.pillar FROM by_pillar b2 WHERE b2.activity_id = b.activity_id
                 ORDER BY b2.cents DESC, b2.pillar COLLATE "C" LIMIT 1) AS main_pillar
              FROM by_pillar b GROUP BY activity_id)
            SELECT a.iati_identifier, \(TitleSQL.preferred(activity: "a", language: titleLanguage)),
              t.cents, t.main_pillar, a.reporting_org_ref
            FROM totals t JOIN activity a ON a.id = t.activity_id
            ORDER BY t.cents DESC, a.iati_identifier COLLATE "C" LIMIT $\(binds.count)
            """
        return try await programTotals(sql, binds)
    }

    /// `largestPrograms` from ForeignAssistance.gov's detailed rows.
    private func largestOfficialPrograms(_ query: PortfolioQuery, limit: Int) async throws -> [ProgramTotal] {
        var filter = Filter()
        filter.add("o.measure = ", query.measure.rawValue)
        filter.add(query, recipient: "o.recipient", year: "o.fiscal_year", publisher: OfficialPrograms.publisher)
        var binds = filter.binds
        binds.append(Int64(limit))
        let sql = OfficialPrograms.largestSQL(
            cents: query.constantDollars ? "o.constant_cents" : "o.current_cents", conditions: filter.conditions,
            limit: "$\(binds.count)", bigint: "::bigint", collation: #" COLLATE "C""#)
        return try await programTotals(sql, binds)
    }

    /// The programs a `largestPrograms` query selects: identifier, title, cents, main pillar and publisher.
    private func programTotals(_ sql: String, _ binds: PostgresBindings) async throws -> [ProgramTotal] {
        return try await withConnection { connection in
            var programs: [ProgramTotal] = []
            for try await (identifier, title, cents, pillar, publisher) in try await connection.query(
                PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger
            ).decode((String, String, Int64, String, String?).self) {
                programs.append(
                    ProgramTotal(
                        identifier: identifier, title: title, usdCents: cents,
                        mainPillar: Pillar(rawValue: pillar) ?? .unclassified, publisher: publisher))
            }
            return programs
        }
    }

    /// Per activity with in-scope money for `country`: its committed and disbursed share, first commitment,
    /// indicators, and past indicator periods with and without an actual.
    public func accountability(country: String, asOf: String) async throws -> [ProgramAccountability] {
        var binds = PostgresBindings()
        binds.append(country)
        binds.append(asOf)
        let sql = """
            WITH money AS (
              SELECT activity_id,
                COALESCE(SUM(CASE WHEN measure = 'commitment' THEN usd_cents END), 0)::bigint AS committed,
                COALESCE(SUM(CASE WHEN measure = 'disbursement' THEN usd_cents END), 0)::bigint AS disbursed
              FROM allocation
              WHERE recipient = $1 AND pillar <> 'out_of_scope' AND usd_cents IS NOT NULL
              GROUP BY activity_id),
            monitored AS (\(MonitoringSQL.countsByProgram(country: "$1", asOf: "$2", collation: #" COLLATE "C""#)))
            SELECT a.iati_identifier, \(TitleSQL.preferred(activity: "a")), m.committed, m.disbursed,
              (SELECT MIN(COALESCE(t.date, t.value_date) COLLATE "C") FROM txn t
               WHERE t.activity_id = a.id AND t.type IN ('2', 'C')),
              COALESCE(
                mo.indicators,
                (SELECT COUNT(*) FROM indicator i JOIN result r ON r.id = i.result_id WHERE r.activity_id = a.id)),
              COALESCE(
                mo.past,
                (SELECT COUNT(*) FROM indicator_period p JOIN indicator i ON i.id = p.indicator_id
                 JOIN result r ON r.id = i.result_id
                 WHERE r.activity_id = a.id AND p.period_end COLLATE "C" < $2)),
              COALESCE(
                mo.reported,
                (SELECT COUNT(*) FROM indicator_period p JOIN indicator i ON i.id = p.indicator_id
                 JOIN result r ON r.id = i.result_id
                 WHERE r.activity_id = a.id AND p.period_end COLLATE "C" < $2
                   AND \(MonitoringSQL.iatiReported(true, regex: true)))),
              COALESCE(
                mo.after_file,
                (SELECT COUNT(*) FROM indicator_period p JOIN indicator i ON i.id = p.indicator_id
                 JOIN result r ON r.id = i.result_id
                 WHERE r.activity_id = a.id AND p.period_end COLLATE "C" < $2
                   AND \(MonitoringSQL.iatiReported(false, regex: true))
                   AND p.period_end COLLATE "C" >= \(MonitoringSQL.fileDate(run: "a.run_id")))),
              mo.program IS NOT NULL,
              (SELECT vintage FROM import_run WHERE id = a.run_id), a.run_id
            FROM money m JOIN activity a ON a.id = m.activity_id
            LEFT JOIN monitored mo ON mo.program = a.iati_identifier
            ORDER BY m.committed DESC, a.iati_identifier COLLATE "C"
            """
        return try await withConnection { connection in
            var programs: [ProgramAccountability] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
                .decode((String, String, Int64, Int64, String?, Int64, Int64, Int64, Int64, Bool, String?, Int64).self)
            {
                programs.append(
                    ProgramAccountability(
                        identifier: row.0, title: row.1, committedCents: row.2, disbursedCents: row.3,
                        firstCommitment: row.4, indicators: Int(row.5), pastPeriods: Int(row.6),
                        reportedPeriods: Int(row.7), unreportedAfterFile: Int(row.8), monitored: row.9,
                        vintage: row.10, run: row.11))
            }
            return try programs.addable()
        }
    }

    /// Each activity's in-scope disbursements for `country` with its implementing organisations (role 4).
    public func implementedMoney(country: String) async throws -> [ImplementedMoney] {
        try await withConnection { connection in
            var money: [(Int64, Cents, Int64)] = []
            for try await row in try await connection.query(
                """
                SELECT m.activity_id, m.cents, a.run_id
                FROM (SELECT activity_id, SUM(usd_cents)::bigint AS cents FROM allocation
                      WHERE recipient = \(country) AND measure = 'disbursement' AND pillar <> 'out_of_scope'
                        AND usd_cents IS NOT NULL
                      GROUP BY activity_id) m
                JOIN activity a ON a.id = m.activity_id
                ORDER BY m.activity_id
                """, logger: logger
            ).decode((Int64, Int64, Int64).self) {
                money.append(row)
            }
            var implementers: [Int64: [Implementer]] = [:]
            for try await (activity, ref, type, names) in try await connection.query(
                """
                SELECT activity_id, ref, type, names FROM participating_org
                WHERE activity_id = ANY(\(money.map(\.0))) AND role = '4' ORDER BY activity_id, seq
                """, logger: logger
            ).decode((Int64, String?, String?, String).self) {
                implementers[activity, default: []].append(
                    Implementer(ref: ref, type: type, names: JSONText.readNarratives(names).map(\.text)))
            }
            let implemented = money.map {
                ImplementedMoney(cents: $0.1, implementers: implementers[$0.0] ?? [], run: $0.2)
            }
            try checkAddableImplemented(implemented)
            return implemented
        }
    }

    /// Each indicator's latest past period with a target, for the activities with in-scope money for `country` that
    /// no monitoring file covers there; then the monitoring files' readings for `country`.
    public func indicatorReadings(country: String, asOf: String) async throws -> [IndicatorReading] {
        var binds = PostgresBindings()
        binds.append(country)
        binds.append(asOf)
        let iati = """
            WITH \(MonitoringSQL.iatiPrograms(country: "$1")),
            latest AS (
              SELECT DISTINCT ON (p.indicator_id) p.indicator_id, p.id FROM indicator_period p
              JOIN indicator i ON i.id = p.indicator_id JOIN result r ON r.id = i.result_id
              WHERE r.activity_id IN (SELECT activity_id FROM programs) AND p.period_end COLLATE "C" < $2
                AND COALESCE(p.target, '') <> ''
              ORDER BY p.indicator_id, p.period_end COLLATE "C" DESC, p.seq)
            SELECT a.iati_identifier, i.titles, i.ascending, i.baseline_value, p.target, p.actual, p.period_end,
              a.run_id, \(MonitoringSQL.fileDate(run: "a.run_id")), i.measure
            FROM latest l JOIN indicator_period p ON p.id = l.id
            JOIN indicator i ON i.id = p.indicator_id JOIN result r ON r.id = i.result_id
            JOIN activity a ON a.id = r.activity_id
            WHERE \(MonitoringSQL.notMonitored(country: "$1"))
            ORDER BY a.iati_identifier COLLATE "C", i.id
            """
        let monitoring = MonitoringSQL.readings(country: "$1", asOf: "$2", collation: #" COLLATE "C""#)
        return try await withConnection { connection in
            var readings: [IndicatorReading] = []
            for try await row in try await connection.query(
                PostgresQuery(unsafeSQL: iati, binds: binds), logger: logger
            )
            .decode((String, String, Int64, String?, String?, String?, String?, Int64, String?, String?).self) {
                readings.append(
                    IndicatorReading(
                        activity: row.0, title: JSONText.readNarratives(row.1).first?.text ?? "", ascending: row.2 == 1,
                        baseline: row.3, target: row.4, actual: row.5, periodEnd: row.6, source: .iati, run: row.7,
                        fileDate: row.8, measure: row.9))
            }
            for try await row in try await connection.query(
                PostgresQuery(unsafeSQL: monitoring, binds: binds), logger: logger
            ).decode((String, String, Int64, String?, String?, String?, String, Int64, String?).self) {
                readings.append(
                    IndicatorReading(
                        activity: row.0, title: row.1, ascending: row.2 == 1, baseline: row.3, target: row.4,
                        actual: row.5, periodEnd: row.6, source: .monitoring, run: row.7, fileDate: row.8))
            }
            return readings
        }
    }

    /// See `LedgerStore.unreportedPeriods`.
    public func unreportedPeriods(country: String, asOf: String) async throws -> [UnreportedPeriod] {
        UnreportedPeriod.longestOverdueFirst(try await endedPeriods(country: country, asOf: asOf, reported: false))
    }

    /// See `LedgerStore.reportedPeriods`.
    public func reportedPeriods(country: String, asOf: String) async throws -> [ReportedPeriod] {
        try await endedPeriods(country: country, asOf: asOf, reported: true).map(ReportedPeriod.init)
    }

    /// The periods of `country`'s programs that ended before `asOf`, with no actual or, when `reported`, with one.
    private func endedPeriods(country: String, asOf: String, reported: Bool) async throws -> [UnreportedPeriod] {
        var binds = PostgresBindings()
        binds.append(country)
        binds.append(asOf)
        let collation = #" COLLATE "C""#
        let iati = MonitoringSQL.iatiEnded(
            country: "$1", asOf: "$2", reported: reported, collation: collation, regex: true)
        let monitoring = MonitoringSQL.ended(country: "$1", asOf: "$2", reported: reported, collation: collation)
        return try await withConnection { connection in
            var periods: [UnreportedPeriod] = []
            for try await row in try await connection.query(
                PostgresQuery(unsafeSQL: iati, binds: binds), logger: logger
            )
            .decode((String, String, String, String?, Int64, String?).self) {
                periods.append(
                    UnreportedPeriod(
                        activity: row.0, title: JSONText.readNarratives(row.1).first?.text ?? "", periodEnd: row.2,
                        target: row.3, source: .iati, run: row.4, fileDate: row.5))
            }
            for try await row in try await connection.query(
                PostgresQuery(unsafeSQL: monitoring, binds: binds), logger: logger
            ).decode((String, String, String, String?, Int64, String?).self) {
                periods.append(
                    UnreportedPeriod(
                        activity: row.0, title: row.1, periodEnd: row.2, target: row.3, source: .monitoring, run: row.4,
                        fileDate: row.5))
            }
            return periods
        }
    }

    /// Money by publisher on the purpose codes U.S. publishers fund in `country`, over the years given.
    public func burdenSharing(country: String, measure: Measure, from: Int, to: Int) async throws -> BurdenSharing {
        let scope = """
            recipient = $1 AND measure = $2 AND pillar <> 'out_of_scope' AND usd_cents IS NOT NULL
              AND fiscal_year BETWEEN $3 AND $4 AND sector_code IS NOT NULL
            """
        var binds = PostgresBindings()
        binds.append(country)
        binds.append(measure.rawValue)
        binds.append(Int64(from))
        binds.append(Int64(to))
        let us = USGovernmentPublisher.sql("publisher")
        return try await withConnection { connection in
            let codes =
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL:
                            "SELECT COUNT(DISTINCT sector_code) FROM allocation WHERE \(scope) AND \(us)",
                        binds: binds), logger: logger
                ).collect().first?.decode(Int64.self) ?? 0
            var byPublisher: [BurdenSharing.PublisherAmount] = []
            for try await (publisher, cents) in try await connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT COALESCE(publisher, 'unknown'), SUM(usd_cents)::bigint FROM allocation
                        WHERE \(scope) AND sector_code IN (
                          SELECT DISTINCT sector_code FROM allocation WHERE \(scope) AND \(us))
                        GROUP BY publisher ORDER BY SUM(usd_cents) DESC, publisher COLLATE "C"
                        """, binds: binds), logger: logger
            ).decode((String, Int64).self) {
                byPublisher.append(BurdenSharing.PublisherAmount(publisher: publisher, cents: cents))
            }
            return try BurdenSharing(
                fromYear: from, toYear: to, measure: measure, byPublisher: byPublisher, purposeCodes: Int(codes)
            ).addable()
        }
    }
}
