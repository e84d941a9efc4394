public import AtalayaDomain

// MARK: - The ledger, as the rest of Atalaya sees it

/// A record of one import: the file behind a set of figures.
public struct ImportRun: Sendable, Equatable, Codable {
    /// True for the sources whose runs count records new, updated and unchanged: IATI (activities) and monitoring
    /// files (periods); the others count rows only.
    public var countsVersions: Bool { source == "iati" || source == "monitoring" }

    /// Every kind of source a run can be (the migrations' CHECKs carry their own frozen copy).
    public static let sources = [
        "iati", "fa", "greenbook", "indicators", "engagements", "monitoring", "state-budget",
    ]
    /// The run's id.
    public var id: Int64
    /// The kind of source, one of `sources`.
    public var source: String
    /// The file name as given.
    public var fileName: String
    /// The SHA-256 of the file's bytes, hex.
    public var sha256: String
    /// The sheet read, for an Excel workbook's run (each sheet is a run of its own); nil for a CSV or XML file, and
    /// for a workbook imported before runs named their sheet (such a run answers for every sheet of its file, as
    /// which one it read is not known).
    public var sheet: String?
    /// The publisher (reporting-org of the first activity; the agency behind an official dataset).
    public var publisher: String?
    /// The vintage: the file's generated-datetime (IATI) or the stated edition date (official datasets).
    public var vintage: String?
    /// The file format's version (IATI) or the column layout recognised (`fa-complete-51` …).
    public var formatVersion: String?
    /// When the import finished (ISO 8601, UTC).
    public var importedAt: String
    /// Activities new in this run.
    public var activitiesNew: Int
    /// Activities that replaced an older version.
    public var activitiesUpdated: Int
    /// Activities already present at the same or a later version.
    public var activitiesUnchanged: Int
    /// Transactions (IATI) or rows (official datasets) written.
    public var transactions: Int
    /// Warnings raised.
    public var warnings: Int

    /// Creates a run record.
    public init(
        id: Int64, source: String, fileName: String, sha256: String, publisher: String?, vintage: String?,
        formatVersion: String?, importedAt: String, activitiesNew: Int, activitiesUpdated: Int,
        activitiesUnchanged: Int, transactions: Int, warnings: Int, sheet: String? = nil
    ) {
        self.id = id
        self.source = source
        self.fileName = fileName
        self.sha256 = sha256
        self.sheet = sheet
        self.publisher = publisher
        self.vintage = vintage
        self.formatVersion = formatVersion
        self.importedAt = importedAt
        self.activitiesNew = activitiesNew
        self.activitiesUpdated = activitiesUpdated
        self.activitiesUnchanged = activitiesUnchanged
        self.transactions = transactions
        self.warnings = warnings
    }

    /// The file name, with a workbook's sheet in brackets (`book.xlsx[Sheet1]`), as errors name it.
    public var fileLabel: String { Self.label(file: fileName, sheet: sheet) }

    /// `file`, with `sheet` in brackets when there is one (`book.xlsx[Sheet1]`).
    public static func label(file: String, sheet: String?) -> String { sheet.map { "\(file)[\($0)]" } ?? file }
}

/// What is known about a file before it is read.
public struct ImportDraft: Sendable {
    /// The kind of source (`iati`).
    public var source: String
    /// The file name as given.
    public var fileName: String
    /// The SHA-256 of its bytes, hex; nil when it is computed while the file is read and handed over at the end in
    /// `ImportFacts.sha256` (IATI and official imports take that, for a size no stored run has: see
    /// `LedgerStore.mayHoldFile`).
    public var sha256: String?
    /// The file's size in bytes, when known.
    public var byteCount: Int64?
    /// The sheet to be read, by its name in the workbook, for an Excel workbook (its sheets are imported one a run).
    public var sheet: String?

    /// Creates a draft.
    public init(source: String, fileName: String, sha256: String?, byteCount: Int64? = nil, sheet: String? = nil) {
        self.source = source
        self.fileName = fileName
        self.sha256 = sha256
        self.byteCount = byteCount
        self.sheet = sheet
    }

    /// What an import run holds as its SHA-256 until the one computed while reading is known, inside the import's
    /// transaction (64 characters, as the schema requires; never a hash, never committed).
    public static let hashedWhileReading = String(repeating: "-", count: 64)

    /// The SHA-256, which every import but an IATI or official one needs before it starts.
    public func requiredSHA256() throws -> String {
        guard let sha256 else {
            throw LedgerQueryError("\(fileName): this import needs the file's SHA-256 before it starts")
        }
        return sha256
    }
}

/// A file found, by its SHA-256 computed while it was read, to be one already imported: the import is rolled back
/// and answered with the stored run.
public struct AlreadyImported: Error {
    /// The stored run of the same bytes.
    public let run: ImportRun

    /// Wraps the stored run.
    public init(run: ImportRun) { self.run = run }
}

/// An import refused because it would classify with another crosswalk than the one the ledger's stored money was
/// classified with: the two would be mixed under one label. Nothing was imported.
public struct CrosswalkMismatch: Error, CustomStringConvertible, Equatable {
    /// The crosswalk of the money stored (`atalaya-pillars 1.1.0`).
    public var ledger: String
    /// The crosswalk the import would use.
    public var importing: String

    /// Names both crosswalks.
    public init(ledger: String, importing: String) {
        self.ledger = ledger
        self.importing = importing
    }

    /// What happened and the two ways on.
    public var description: String {
        "this ledger's money was classified with \(ledger) and this import would classify with \(importing), mixing "
            + "the two under one label; nothing was imported. Run `atalaya classify` with the crosswalk to use "
            + "(it re-applies it to everything stored and prints what moved), then import again; or import with "
            + "--crosswalk naming the file of \(ledger)."
    }

    /// The mismatch between the ledger's label (nil for a ledger never classified) and `crosswalk`, if any; the
    /// engine refuses the import with it when the ledger also holds classified money.
    public static func between(ledger label: String?, crosswalk: Crosswalk) -> CrosswalkMismatch? {
        guard let label, label != crosswalk.label else { return nil }
        return CrosswalkMismatch(ledger: label, importing: crosswalk.label)
    }

    /// SQL (both engines) that is true when the ledger holds money some crosswalk classified.
    public static let classifiedMoneySQL =
        "SELECT EXISTS (SELECT 1 FROM allocation) OR EXISTS (SELECT 1 FROM official_amount WHERE rule_id IS NOT NULL)"
}

/// What a producer learned while reading the file.
public struct ImportFacts: Sendable {
    /// The publisher.
    public var publisher: String?
    /// The vintage.
    public var vintage: String?
    /// The format version.
    public var formatVersion: String?
    /// Caveats, in file order.
    public var warnings: [StoredWarning]
    /// The file's SHA-256, when it was computed while reading (the draft had none).
    public var sha256: String?
    /// The rollup of every activity read, summed on the reading thread; nil when the producer kept none. Each
    /// engine writes it, less the activities it found stored, as the run's rollup rows.
    public var rollup: RunRollupSums?
    /// Warnings counted and not in `warnings` (see `WarningLog`); the run's count includes them.
    public var warningsNotKept: Int

    /// Creates facts.
    public init(
        publisher: String?, vintage: String?, formatVersion: String?, warnings: [StoredWarning], sha256: String? = nil,
        rollup: RunRollupSums? = nil, warningsNotKept: Int = 0
    ) {
        self.publisher = publisher
        self.vintage = vintage
        self.formatVersion = formatVersion
        self.warnings = warnings
        self.sha256 = sha256
        self.rollup = rollup
        self.warningsNotKept = warningsNotKept
    }
}

/// An import's warnings as it keeps them: every one counted by kind, and the first `keptPerKind` of each kind kept
/// whole. A file may hold a million warnings of one kind (a recipient code repeated), and each one kept holds its
/// message until the import ends: a 34 MB file of them took the import to 716 MB.
public struct WarningLog: Sendable {
    /// How many warnings of each kind are kept whole.
    public static let keptPerKind = 1_000
    /// The warnings kept, in the order they came.
    public private(set) var kept: [StoredWarning] = []
    /// Every warning counted, by kind.
    public private(set) var counts: [String: Int] = [:]

    /// An empty log.
    public init() {}

    /// Counts `warning`, and keeps it while fewer than `keptPerKind` of its kind are kept.
    public mutating func add(_ warning: StoredWarning) {
        let before = counts[warning.kind, default: 0]
        counts[warning.kind] = before + 1
        if before < Self.keptPerKind { kept.append(warning) }
    }

    /// The warnings counted and not kept.
    public var notKept: Int { counts.values.reduce(0, +) - kept.count }
}

/// A warning as the ledger keeps it.
public struct StoredWarning: Sendable, Equatable, Codable {
    /// Its kind.
    public var kind: String
    /// The line in the file.
    public var line: Int
    /// The activity, when known.
    public var activity: String?
    /// The message.
    public var message: String

    /// Creates a warning.
    public init(kind: String, line: Int, activity: String?, message: String) {
        self.kind = kind
        self.line = line
        self.activity = activity
        self.message = message
    }
}

/// An activity ready for the ledger: read, and its transactions split and placed on pillars.
public struct ClassifiedActivity: Sendable {
    /// The activity.
    public var activity: Activity
    /// Its allocations, from `Allocator.allocations(for:)`.
    public var allocations: [Allocation]

    /// Creates a classified activity.
    public init(activity: Activity, allocations: [Allocation]) {
        self.activity = activity
        self.allocations = allocations
    }

    /// Splits and classifies `activity` with `allocator`.
    public init(_ activity: Activity, allocator: Allocator) {
        self.init(activity: activity, allocations: allocator.allocations(for: activity))
    }
}

/// The result of importing one file.
public enum ImportOutcome: Sendable, Equatable {
    /// The file was imported as this run.
    case imported(ImportRun)
    /// A file with the same SHA-256 was already imported as this run; nothing changed.
    case alreadyImported(ImportRun)

    /// The run, new or stored before.
    public var run: ImportRun {
        switch self {
        case .imported(let run), .alreadyImported(let run): run
        }
    }

    /// True when nothing changed because the file was imported before.
    public var alreadyImported: Bool {
        if case .alreadyImported = self { return true }
        return false
    }
}

/// What happened to one activity offered to the ledger.
public enum UpsertResult: Sendable, Equatable {
    /// A new activity.
    case new
    /// A newer version replaced the stored one.
    case updated
    /// The stored version is the same or newer; nothing changed.
    case unchanged
}

/// Filters and grouping for the portfolio figures.
public struct PortfolioQuery: Sendable, Equatable {
    /// The measure; never mixed with another.
    public var measure: Measure
    /// Security cooperation only, or everything with `out_of_scope` as a pillar.
    public var scope: Scope
    /// How years are counted.
    public var basis: FiscalYearBasis
    /// Recipient keys to keep (`MX`, `region:489`, `code:1000`, `none`); empty keeps all.
    public var countries: [String]
    /// First year, inclusive.
    public var fromYear: Int?
    /// Last year, inclusive.
    public var toYear: Int?
    /// The second grouping beside country and year.
    public var groupBy: Grouping
    /// Where the figures come from; sources are never added together.
    public var source: Source
    /// For ForeignAssistance.gov and the Greenbook: constant rather than current dollars.
    public var constantDollars: Bool
    /// Publishers to keep (IATI reporting organisation refs; ForeignAssistance.gov managing agencies); empty keeps
    /// all.
    public var publishers: [String]

    /// The sources a report can be drawn from, one at a time.
    public enum Source: String, Sendable, CaseIterable, Codable {
        /// IATI activity files.
        case iati
        /// The ForeignAssistance.gov complete dataset.
        case fa
        /// The Greenbook (U.S. Overseas Loans and Grants).
        case greenbook
    }

    /// Which money is counted.
    public enum Scope: String, Sendable, CaseIterable, Codable {
        /// Security cooperation: every pillar but `out_of_scope`.
        case security
        /// Everything imported.
        case all
    }

    /// The grouping dimension.
    public enum Grouping: String, Sendable, CaseIterable, Codable {
        /// By pillar.
        case pillar
        /// By sector code.
        case sector
        /// By funding account.
        case account
        /// By publisher.
        case publisher
    }

    /// Creates a query.
    public init(
        measure: Measure = .disbursement, scope: Scope = .security, basis: FiscalYearBasis = .usFederal,
        countries: [String] = [], fromYear: Int? = nil, toYear: Int? = nil, groupBy: Grouping = .pillar,
        source: Source = .iati, constantDollars: Bool = false, publishers: [String] = []
    ) {
        self.publishers = publishers
        self.source = source
        self.constantDollars = constantDollars
        self.measure = measure
        self.scope = scope
        self.basis = basis
        self.countries = countries
        self.fromYear = fromYear
        self.toYear = toYear
        self.groupBy = groupBy
    }
}

/// One row of portfolio figures: a country, a year and a group (pillar, sector, account or publisher).
public struct PortfolioCell: Sendable, Equatable, Codable {
    /// The recipient key.
    public var country: String
    /// The year on the query's basis; nil when the transaction has no date.
    public var year: Int?
    /// The fiscal period when it is not a plain year (`1976TQ`, the transition quarter); nil otherwise.
    public var period: String?
    /// The group value (pillar id, sector code, account, publisher); `none` when absent.
    public var group: String
    /// The pillar (for pillar grouping this equals `group`).
    public var pillar: Pillar?
    /// U.S. cents of the converted parts.
    public var usdCents: Cents
    /// Allocations summed.
    public var allocations: Int
    /// The import runs whose rows it sums, ascending: its files, among `PortfolioFigures.sources`.
    public var runs: [Int64]

    /// Creates a cell.
    public init(
        country: String, year: Int?, period: String? = nil, group: String, pillar: Pillar?, usdCents: Cents,
        allocations: Int, runs: [Int64] = []
    ) {
        self.country = country
        self.year = year
        self.period = period
        self.group = group
        self.pillar = pillar
        self.usdCents = usdCents
        self.allocations = allocations
        self.runs = runs
    }
}

/// Money that could not be converted, kept in its own currency.
public struct UnconvertedCell: Sendable, Equatable, Codable {
    /// The recipient key.
    public var country: String
    /// The year.
    public var year: Int?
    /// The group value.
    public var group: String
    /// The currency, or nil when the file gave none.
    public var currency: String?
    /// The amount in cents of that currency.
    public var cents: Cents
    /// Why it was not converted.
    public var reason: String
    /// The import runs whose rows it sums, ascending.
    public var runs: [Int64]

    /// Creates a cell.
    public init(
        country: String, year: Int?, group: String, currency: String?, cents: Cents, reason: String,
        runs: [Int64] = []
    ) {
        self.country = country
        self.year = year
        self.group = group
        self.currency = currency
        self.cents = cents
        self.reason = reason
        self.runs = runs
    }
}

/// The portfolio figures with the runs behind them.
public struct PortfolioFigures: Sendable, Equatable {
    /// Converted cells.
    public var cells: [PortfolioCell]
    /// Unconverted cells.
    public var unconverted: [UnconvertedCell]
    /// The import runs whose activities contribute.
    public var sources: [ImportRun]
    /// The crosswalk in force (id and version).
    public var crosswalk: String?
    /// What the source covers and leaves out, in plain sentences, so a missing category is not read as zero.
    public var coverage: [String]

    /// Creates figures.
    public init(
        cells: [PortfolioCell], unconverted: [UnconvertedCell], sources: [ImportRun], crosswalk: String?,
        coverage: [String] = []
    ) {
        self.cells = cells
        self.unconverted = unconverted
        self.sources = sources
        self.crosswalk = crosswalk
        self.coverage = coverage
    }
}

/// One transaction's split for `explain`.
public struct ExplainedTransaction: Sendable, Equatable {
    /// The transaction's position in its activity.
    public var index: Int
    /// Its type code.
    public var type: String
    /// Its date.
    public var date: String?
    /// Its value in cents.
    public var valueCents: Cents
    /// Its currency.
    public var currency: String?
    /// Its parts.
    public var parts: [Allocation]

    /// Creates an explained transaction.
    public init(index: Int, type: String, date: String?, valueCents: Cents, currency: String?, parts: [Allocation]) {
        self.index = index
        self.type = type
        self.date = date
        self.valueCents = valueCents
        self.currency = currency
        self.parts = parts
    }
}

/// An activity with its stored transactions and their allocations.
public struct ExplainedActivity: Sendable, Equatable {
    /// The activity as stored.
    public var activity: Activity
    /// The run that last wrote it.
    public var run: ImportRun
    /// Its allocations grouped by transaction, in file order.
    public var transactions: [ExplainedTransaction]
    /// The crosswalk in force.
    public var crosswalk: String?

    /// Creates an explanation.
    public init(activity: Activity, run: ImportRun, transactions: [ExplainedTransaction], crosswalk: String?) {
        self.activity = activity
        self.run = run
        self.transactions = transactions
        self.crosswalk = crosswalk
    }
}

extension ExplainedActivity {
    /// The countries (ISO alpha-2) its transactions' money goes to, sorted: those for which one of its implementers
    /// may count as a partner-country body.
    public var recipientCountries: [String] {
        Set(transactions.flatMap { transaction in transaction.parts.map(\.recipient.reportKey) })
            .filter(Countries.iso2.contains).sorted()
    }

    /// Its transactions by date, oldest first, in file order within a date, those with no date last: the order in
    /// which a reader follows the money (files list them as their publisher's system does, USAID's by sector).
    /// Each keeps its `index`, its place in the file.
    public var transactionsByDate: [ExplainedTransaction] {
        transactions.sorted { a, b in
            switch (a.date, b.date) {
            case (let x?, let y?) where x != y: x < y
            case (nil, _?): false
            case (_?, nil): true
            default: a.index < b.index
            }
        }
    }
}

/// What importing one official file did beside writing its rows.
public struct OfficialImport: Sendable, Equatable {
    /// The `older_vintage` warnings for rows a newer stored vintage keeps out of the figures, by that run (in id
    /// order): the same words on every engine.
    public static func olderVintageWarnings(keptOut: [Int64: Int]) -> [StoredWarning] {
        keptOut.sorted { $0.key < $1.key }.map { newer, count in
            StoredWarning(
                kind: "older_vintage", line: 1, activity: nil,
                message:
                    "\(counted(count, "row is", "rows are")) older than run \(newer)'s vintage for the same country, year and measure; "
                    + "kept for `runs --diff`, left out of the figures")
        }
    }

    /// The run, new or earlier.
    public var run: ImportRun
    /// True when the same bytes had been imported before and nothing changed.
    public var alreadyImported: Bool
    /// Rows of older vintages this file replaced in the figures, by run id.
    public var replaced: [Int64: Int]
    /// Rows of this file kept out of the figures because a newer vintage is stored, by that run's id.
    public var keptOut: [Int64: Int]

    /// Creates a summary.
    public init(run: ImportRun, alreadyImported: Bool, replaced: [Int64: Int] = [:], keptOut: [Int64: Int] = [:]) {
        self.run = run
        self.alreadyImported = alreadyImported
        self.replaced = replaced
        self.keptOut = keptOut
    }
}

/// One country, fiscal period and measure compared between two vintages.
public struct VintageChange: Sendable, Equatable, Codable {
    /// The recipient key.
    public var country: String
    /// The fiscal period (`2015`, `1976TQ`).
    public var fiscalPeriod: String
    /// The measure (`obligation`, `disbursement`, …).
    public var measure: String
    /// The amount in the first run, in cents; nil when it has no row there.
    public var beforeCents: Cents?
    /// The amount in the second run, in cents; nil when it has no row there.
    public var afterCents: Cents?

    /// Creates a change.
    public init(country: String, fiscalPeriod: String, measure: String, beforeCents: Cents?, afterCents: Cents?) {
        self.country = country
        self.fiscalPeriod = fiscalPeriod
        self.measure = measure
        self.beforeCents = beforeCents
        self.afterCents = afterCents
    }

    /// After minus before, treating a missing side as zero.
    public var deltaCents: Cents { (afterCents ?? 0) - (beforeCents ?? 0) }
}

/// Two runs of the same dataset compared by country, fiscal period and measure.
public struct VintageDiff: Sendable, Equatable {
    /// The first run.
    public var before: ImportRun
    /// The second run.
    public var after: ImportRun
    /// True for constant dollars, false for current.
    public var constantDollars: Bool
    /// Cells whose amounts differ (or exist in one run only), largest change first.
    public var changes: [VintageChange]
    /// Cells compared in all (changed or not), of the countries both runs hold.
    public var cellsCompared: Int
    /// Countries only the first run holds, not compared: a country one file does not cover is not a change.
    public var countriesOnlyBefore: [String]
    /// Countries only the second run holds, not compared.
    public var countriesOnlyAfter: [String]

    /// Creates a diff.
    public init(
        before: ImportRun, after: ImportRun, constantDollars: Bool, changes: [VintageChange], cellsCompared: Int,
        countriesOnlyBefore: [String] = [], countriesOnlyAfter: [String] = []
    ) {
        self.before = before
        self.after = after
        self.constantDollars = constantDollars
        self.changes = changes
        self.cellsCompared = cellsCompared
        self.countriesOnlyBefore = countriesOnlyBefore
        self.countriesOnlyAfter = countriesOnlyAfter
    }
}

/// What recording engagements did.
public struct EngagementImport: Sendable, Equatable {
    /// The import run, when they came from a file.
    public var run: ImportRun?
    /// True when the same file had been imported before and nothing changed.
    public var alreadyImported: Bool
    /// Engagements written.
    public var new: Int
    /// Engagements already recorded, left as they were.
    public var known: Int

    /// Creates a summary.
    public init(run: ImportRun?, alreadyImported: Bool, new: Int, known: Int) {
        self.run = run
        self.alreadyImported = alreadyImported
        self.new = new
        self.known = known
    }
}

/// One activity's in-scope money for a query, with its largest pillar.
public struct ProgramTotal: Sendable, Equatable, Codable {
    /// The IATI identifier.
    public var identifier: String
    /// Its title (for an IATI activity, in the language asked for when it has one in it; see `TitleSQL`).
    public var title: String
    /// U.S. cents in scope.
    public var usdCents: Cents
    /// The pillar with the most of its money.
    public var mainPillar: Pillar
    /// The publisher (reporting organisation).
    public var publisher: String?

    /// Creates a total.
    public init(identifier: String, title: String, usdCents: Cents, mainPillar: Pillar, publisher: String?) {
        self.identifier = identifier
        self.title = title
        self.usdCents = usdCents
        self.mainPillar = mainPillar
        self.publisher = publisher
    }
}

/// A request the ledger cannot answer as asked, in words for the user.
public struct LedgerQueryError: Error, CustomStringConvertible, Equatable {
    /// What is wrong and what to do instead.
    public var description: String

    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// The ledger: one protocol, one implementation per database engine.
public protocol LedgerStore: Sendable {
    /// Imports one file atomically: `produce` reads it, calling `accept` for each activity with its allocations
    /// (split and classified by `allocator`, possibly on the reading thread); any error changes nothing.
    /// A file whose SHA-256 was imported before changes nothing and returns `.alreadyImported`: found before reading
    /// when `draft.sha256` is given, else from `ImportFacts.sha256` at the end, the import then rolled back.
    func importFile(
        _ draft: ImportDraft, allocator: Allocator,
        produce: @escaping @Sendable (_ accept: (ClassifiedActivity) throws -> UpsertResult) throws -> ImportFacts
    ) async throws -> ImportOutcome

    /// Imports one ForeignAssistance.gov or Greenbook file atomically as a vintage; rows of older vintages for the
    /// same dataset, country, fiscal period, measure and objective leave the figures (they stay stored for `diff`).
    /// `produce` hands over the rows and the rollup's sums of the classified ones (see `OfficialItem`).
    func importOfficial(
        _ draft: ImportDraft, vintage: String, classifier: OfficialClassifier,
        produce: @escaping @Sendable (_ accept: (OfficialItem) throws -> Void) throws -> ImportFacts
    ) async throws -> OfficialImport

    /// Imports one indicator file atomically; a later file's value for the same source, edition, indicator,
    /// country and year replaces the earlier one. A file imported before changes nothing; a file that gives one of
    /// them twice is refused with `RepeatedSeriesPoint`.
    func importSeries(
        _ draft: ImportDraft,
        produce: @escaping @Sendable (_ accept: (SeriesPoint) throws -> Void) throws -> ImportFacts
    ) async throws -> ImportOutcome

    /// Imports one program office's monitoring file atomically. A period is keyed by program, country, indicator and
    /// period end, and the newest file's row stands, with its run and line: one no earlier run stored counts as new,
    /// one stored with other values as updated (the old values are not kept), one stored with the same values as
    /// unchanged (the row becomes this run's). `transactions` holds how many periods the file gives. A file imported
    /// before changes nothing; one that gives a period twice is refused with `RepeatedMonitoringPeriod`.
    func importMonitoring(
        _ draft: ImportDraft,
        produce: @escaping @Sendable (_ accept: (MonitoringPeriod) throws -> Void) throws -> ImportFacts
    ) async throws -> ImportOutcome

    /// Every period the monitoring files give for `program`, in any country, by country, indicator and period end.
    func monitoringPeriods(program: String) async throws -> [StoredMonitoringPeriod]

    /// Every period the monitoring files give in `country`, by program, indicator and period end.
    func monitoringPeriods(country: String) async throws -> [StoredMonitoringPeriod]

    /// Every country the monitoring files name, in code order: a country may be known from them alone.
    func monitoredCountries() async throws -> [String]

    /// Throws, in words, when the ledger's database cannot be reached now (within seconds): a server that went
    /// away is said as such, where a pooled query would wait for it. A ledger in this process always returns.
    func checkReachable() async throws

    /// Registers a partner counterpart's public key for `country`; a key already registered is refused
    /// (`LedgerQueryError`), as is a country that is not ISO 3166-1.
    func registerCosigner(country: String, name: String, publicKey: String) async throws -> Cosigner

    /// Every registered signer, in the order registered.
    func cosigners() async throws -> [Cosigner]

    /// Revokes a registered key, whose co-signatures then stop counting; an unknown or revoked key is refused.
    func revokeCosigner(publicKey: String) async throws -> Cosigner

    /// Records a co-signature whose signature the caller has verified (`CosignatureCheck` in AtalayaCosign): by a
    /// registered, unrevoked signer of its country, of a stored monitoring run whose periods are all that
    /// country's; anything else is refused in words (`LedgerQueryError`) and nothing is written. The same
    /// co-signature twice is recorded once.
    func recordCosignature(_ cosignature: Cosignature) async throws -> (
        record: RecordedCosignature, alreadyRecorded: Bool
    )

    /// The co-signatures that count for `country`: by signers registered for it and not revoked, of runs still
    /// stored, by run.
    func cosignatures(country: String) async throws -> [RecordedCosignature]

    /// Imports one State Department budget table atomically as a run of source `state-budget`, every figure kept;
    /// the table of a fiscal year in force is the newest vintage's. A file imported before changes nothing.
    func importAccountBudget(
        _ draft: ImportDraft, table: AccountBudgetTable, basis: BudgetBasis, facts: ImportFacts
    ) async throws -> ImportOutcome

    /// The country figures of the budget tables in force, by country, fiscal year and account.
    func accountFigures(_ query: AccountBudgetQuery) async throws -> [StoredAccountFigure]

    /// The series points of one country (optionally indicators starting with a prefix), by source, edition,
    /// indicator and year.
    func series(country: String, indicatorPrefix: String?) async throws -> [SeriesPoint]

    /// Records engagements atomically (from a file when `draft` is given, by hand otherwise); one already recorded
    /// (same date, kind, source and summary) is left as it is. Returns how many were new.
    func recordEngagements(_ engagements: [Engagement], draft: ImportDraft?) async throws -> EngagementImport

    /// The recorded engagements, oldest first; those with `country` among their partners when given.
    func engagements(country: String?) async throws -> [Engagement]

    /// The activities with the most in-scope money for an IATI query (converted amounts), largest first; each IATI
    /// activity's title in `titleLanguage` when it has one in it (`TitleSQL`).
    func largestPrograms(_ query: PortfolioQuery, limit: Int, titleLanguage: String) async throws -> [ProgramTotal]

    /// The accountability facts of each IATI activity with in-scope money for `country` (its share only); an activity a
    /// monitoring file covers for `country` counts that file's indicators and periods instead of its IATI results.
    func accountability(country: String, asOf: String) async throws -> [ProgramAccountability]

    /// Each IATI activity's in-scope disbursements for `country` (its share) with its implementing organisations.
    func implementedMoney(country: String) async throws -> [ImplementedMoney]

    /// For each indicator of `country`'s programs, its latest period that ended before `asOf` and has a target: from
    /// the monitoring files for the programs they cover there, from IATI for the other activities with in-scope money
    /// for `country`. Ordered by program, monitoring data after IATI's.
    func indicatorReadings(country: String, asOf: String) async throws -> [IndicatorReading]

    /// Every indicator period of `country`'s programs that ended before `asOf` with no actual, from the same source
    /// per program as `indicatorReadings` (with or without a target), longest overdue first.
    func unreportedPeriods(country: String, asOf: String) async throws -> [UnreportedPeriod]

    /// Every indicator period of `country`'s programs that ended before `asOf` with an actual, from the same source
    /// per program as `unreportedPeriods`: with it, the denominator of reporting completeness.
    func reportedPeriods(country: String, asOf: String) async throws -> [ReportedPeriod]

    /// In-scope IATI money by publisher in `country` on the purpose codes U.S. publishers fund there, over fiscal
    /// years `from`…`to`.
    func burdenSharing(country: String, measure: Measure, from: Int, to: Int) async throws -> BurdenSharing

    /// A country's ForeignAssistance.gov country totals beside the imported transaction-level rows, year by year.
    func detailCoverage(country: String, measure: OfficialMeasure) async throws -> DetailCoverage

    /// Compares two runs of official figures by country, fiscal period and measure.
    func diff(_ before: Int64, _ after: Int64, constantDollars: Bool) async throws -> VintageDiff

    /// Re-applies a crosswalk (and rate table) to every stored transaction and official row without re-import;
    /// returns allocations and rows written.
    func reclassify(allocator: Allocator) async throws -> Int

    /// The portfolio figures for a query.
    func portfolio(_ query: PortfolioQuery) async throws -> PortfolioFigures

    /// Every import run, oldest first.
    func runs() async throws -> [ImportRun]

    /// Removes a run and everything it stored, in one transaction, when `RunRemoval` allows it (a `LedgerQueryError`
    /// says why not, or that there is no such run); the run's record moves to `removedRuns`.
    func removeRun(_ id: Int64) async throws -> RemovedRun

    /// The runs removed from the ledger, oldest removal first.
    func removedRuns() async throws -> [RemovedRun]

    /// False only when no stored run has a file of `byteCount` bytes, nor one of unknown size: a file of that size
    /// cannot be one already imported, so its SHA-256 may be computed while it is read.
    func mayHoldFile(byteCount: Int64) async throws -> Bool

    /// The warnings of one run.
    func warnings(run: Int64) async throws -> [StoredWarning]

    /// Each IATI publisher's name by its reference, as its latest stored activity gives it (English where given).
    func publisherNames() async throws -> [String: String]

    /// `id version` of the crosswalk the ledger was last classified with; nil before anything is classified.
    func classificationLabel() async throws -> String?

    /// Each funding account's name by its symbol (`72x1037` → "Economic Support Fund"), as the latest official row
    /// that gives both has it; IATI files give the symbol only.
    func fundingAccountNames() async throws -> [String: String]

    /// An activity with each transaction's split and the rule behind every part, and its results; nil when unknown.
    func explain(identifier: String) async throws -> ExplainedActivity?

    /// One page of IATI activities matching a query, with the total that match.
    func activities(_ query: ActivityQuery) async throws -> ActivityPage

    /// Every recipient with money in some source, and which sources hold it.
    func recipients() async throws -> [RecipientSources]

    /// A value that changes whenever what the ledger answers may change (an import, a removal, a reclassification,
    /// an engagement recorded by hand, a co-signature recorded or a key revoked); equal values mean equal answers. Cheap: read per request to key caches.
    func generation() async throws -> String
}

/// A filter over IATI activities, with paging.
public struct ActivityQuery: Sendable, Equatable {
    /// Activities with an allocation to this recipient, when given.
    public var country: String?
    /// Activities with money on this pillar, when given.
    public var pillar: Pillar?
    /// Words that must all occur in a title or description (any language; accents ignored), when given; text
    /// that looks like an identifier also finds the activities whose identifier holds it (`identifierFragment`).
    public var text: String?
    /// Largest first: by in-scope disbursements converted to USD (to `country` when given; on `pillar` when given),
    /// then commitments; otherwise by relevance for a text search, else by identifier.
    public var largestFirst: Bool
    /// The page size.
    public var limit: Int
    /// How many matching activities to skip.
    public var offset: Int
    /// The language each title is shown in when the activity has a title in it (else English, else its first).
    public var titleLanguage: String

    /// Creates a query.
    public init(
        country: String? = nil, pillar: Pillar? = nil, text: String? = nil, largestFirst: Bool = false, limit: Int = 50,
        offset: Int = 0, titleLanguage: String = "en"
    ) {
        self.country = country
        self.pillar = pillar
        self.text = text
        self.largestFirst = largestFirst
        self.limit = limit
        self.offset = offset
        self.titleLanguage = titleLanguage
    }
}

extension LedgerStore {
    /// The activities with the most in-scope money for an IATI query, largest first, with English titles.
    public func largestPrograms(_ query: PortfolioQuery, limit: Int) async throws -> [ProgramTotal] {
        try await largestPrograms(query, limit: limit, titleLanguage: "en")
    }

    /// The identifiers that hold `fragment` in any case (at most `limit`), with money to `country` when given: what
    /// someone who typed an identifier without its publisher's prefix, or in other capitals, meant (none when it does
    /// not look like one).
    public func identifiers(holding fragment: String, country: String? = nil, limit: Int = 20) async throws -> [String]
    {
        guard ActivityQuery(text: fragment).identifierFragment != nil else { return [] }
        // Identifiers that hold the text come first in a search's list, before its hits in titles and descriptions.
        let page = try await activities(ActivityQuery(country: country, text: fragment, limit: limit))
        return page.items.map(\.identifier).filter { $0.lowercased().contains(fragment.lowercased()) }
    }
}

/// An activity in a list: its title, publisher and converted in-scope money (for the query's country when given).
public struct ActivitySummary: Sendable, Equatable, Codable {
    /// The IATI identifier.
    public var identifier: String
    /// The title: in the query's `titleLanguage` when given, else English, else the first (`TitleSQL`).
    public var title: String
    /// The publisher's organisation reference.
    public var publisher: String?
    /// The ActivityStatus code.
    public var status: String?
    /// In-scope commitments converted to U.S. cents.
    public var committedCents: Cents
    /// In-scope disbursements converted to U.S. cents.
    public var disbursedCents: Cents
    /// The pillar with the most in-scope money (disbursements, else commitments); nil when none is in scope.
    public var mainPillar: Pillar?
    /// The recipient keys its transactions are split to (`MX`, `region:489`, `none`), in scope or not, in key
    /// order: who the money is for; only the query's recipient when it names one (a partner's server shows no other).
    public var recipients: [String]
    /// The U.S. fiscal years of its first and last dated transactions (to the query's recipient when it names one);
    /// nil when none is dated.
    public var fiscalYears: ClosedRange<Int>?
    /// The import run that last imported it: the file its money was read from.
    public var run: Int64?
    /// Its money on the query's pillar when the query names one (what `largestFirst` then orders by); nil otherwise.
    public var onPillar: PillarMoney?

    /// Creates a summary.
    public init(
        identifier: String, title: String, publisher: String?, status: String?, committedCents: Cents,
        disbursedCents: Cents, mainPillar: Pillar?, recipients: [String] = [], fiscalYears: ClosedRange<Int>? = nil,
        run: Int64? = nil
    ) {
        self.identifier = identifier
        self.title = title
        self.publisher = publisher
        self.status = status
        self.committedCents = committedCents
        self.disbursedCents = disbursedCents
        self.mainPillar = mainPillar
        self.recipients = recipients
        self.fiscalYears = fiscalYears
        self.run = run
    }
}

/// One activity's money on one pillar (`out_of_scope` too, when asked), converted to U.S. cents, each measure apart.
public struct PillarMoney: Sendable, Equatable, Codable {
    /// The pillar.
    public var pillar: Pillar
    /// Commitments on it.
    public var committedCents: Cents
    /// Disbursements on it.
    public var disbursedCents: Cents

    /// Creates the money on a pillar.
    public init(pillar: Pillar, committedCents: Cents, disbursedCents: Cents) {
        self.pillar = pillar
        self.committedCents = committedCents
        self.disbursedCents = disbursedCents
    }
}

extension ActivityQuery {
    /// The ORDER BY terms of `largestFirst`, the same SQL on both engines: in-scope converted disbursements, then
    /// commitments, largest first, on `pillar` alone when given; `recipient` is the placeholder of the bound country
    /// (it appears twice), nil for all recipients.
    public static func largestFirstTerms(recipient placeholder: String?, pillar: Pillar? = nil) -> String {
        let recipient = placeholder.map { " AND al.recipient = \($0)" } ?? ""
        // A pillar's raw value is one of the taxonomy's fixed names (letters and underscores), safe as a literal.
        let onPillar = pillar.map { "al.pillar = '\($0.rawValue)'" } ?? "al.pillar <> 'out_of_scope'"
        return ["disbursement", "commitment"].map { measure in
            """
            (SELECT COALESCE(SUM(al.usd_cents), 0) FROM allocation al WHERE al.activity_id = a.id \
            AND al.measure = '\(measure)' AND \(onPillar) AND al.usd_cents IS NOT NULL\(recipient)) DESC
            """
        }.joined(separator: ", ")
    }

    /// The words of the text search (letters and digits, at most 16); nil without a search, empty when the text
    /// has no word (which matches nothing).
    public var searchWords: [String]? {
        text.map { $0.split { !($0.isLetter || $0.isNumber) }.prefix(16).map(String.init) }
    }

    /// The search text when it looks like (part of) an IATI identifier: one token of 4 to 200 characters with a
    /// digit in it, such as `518-G-00-13-00001` or `P147413`; activities whose identifier holds it (any case) are
    /// listed first, the one it names exactly before the rest.
    public var identifierFragment: String? {
        guard let tokens = text?.split(whereSeparator: \.isWhitespace), tokens.count == 1,
            (4...200).contains(tokens[0].count), tokens[0].contains(where: \.isNumber)
        else { return nil }
        return String(tokens[0])
    }
}

extension ActivitySummary {
    /// A summary from an activity's converted money per measure and pillar: the in-scope totals and the main pillar
    /// (the one with the most disbursed, else committed, money, ties to the earlier pillar) leave `out_of_scope`
    /// aside; `onPillar` is `pillar`'s money when given (`out_of_scope` included, when it is that). Throws when that
    /// money cannot be added (`AddableAmounts`).
    public init(
        identifier: String, title: String, publisher: String?, status: String?,
        money: [(measure: String, pillar: Pillar, cents: Cents)], pillar: Pillar? = nil
    ) throws(AmountsTooLarge) {
        try AddableAmounts.check(money.lazy.map { $0.cents }, "\(identifier)'s money by measure and pillar")
        var committed: [Pillar: Cents] = [:]
        var disbursed: [Pillar: Cents] = [:]
        for part in money {
            if part.measure == "commitment" {
                committed[part.pillar] = part.cents
            } else {
                disbursed[part.pillar] = part.cents
            }
        }
        let onPillar = pillar.map {
            PillarMoney(pillar: $0, committedCents: committed[$0] ?? 0, disbursedCents: disbursed[$0] ?? 0)
        }
        committed[.outOfScope] = nil
        disbursed[.outOfScope] = nil
        let basis = disbursed.isEmpty ? committed : disbursed
        self.init(
            identifier: identifier, title: title, publisher: publisher, status: status,
            committedCents: committed.values.reduce(0, +), disbursedCents: disbursed.values.reduce(0, +),
            mainPillar: basis.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key)
        self.onPillar = onPillar
    }

    /// Sets `recipients` (sorted here, as the engines collate differently) and `fiscalYears` from an activity's
    /// allocations grouped by recipient, each with its first and last fiscal year (of the query's recipient alone
    /// when it names one).
    public mutating func reach(_ rows: [(recipient: String, first: Int?, last: Int?)]) {
        recipients = rows.map(\.recipient).sorted()
        let first = rows.compactMap(\.first).min()
        let last = rows.compactMap(\.last).max()
        fiscalYears = first.flatMap { first in last.map { first...$0 } }
    }
}

/// One page of activities and how many match in all.
public struct ActivityPage: Sendable, Equatable {
    /// The page, in the query's order.
    public var items: [ActivitySummary]
    /// How many activities match the query.
    public var total: Int

    /// Creates a page.
    public init(items: [ActivitySummary], total: Int) {
        self.items = items
        self.total = total
    }
}

/// A recipient and the sources that hold money for it.
public struct RecipientSources: Sendable, Equatable, Codable {
    /// The recipient code (`MX`, `region:489`, `fa:LCN`, `gb:…`).
    public var code: String
    /// The sources with money for it.
    public var sources: [PortfolioQuery.Source]

    /// Creates the pair.
    public init(code: String, sources: [PortfolioQuery.Source]) {
        self.code = code
        self.sources = sources
    }
}

/// A file that gives the same series point (source, edition, indicator, country, year) on two lines: which line
/// holds the value is not for Atalaya to guess, so the import is refused.
public struct RepeatedSeriesPoint: Error, Sendable, Equatable {
    /// The indicator.
    public var indicator: String
    /// The country key.
    public var country: String
    /// The year.
    public var year: Int
    /// The line that gives it again.
    public var line: Int
    /// The line that gave it first.
    public var firstLine: Int

    /// Creates the error.
    public init(indicator: String, country: String, year: Int, line: Int, firstLine: Int) {
        self.indicator = indicator
        self.country = country
        self.year = year
        self.line = line
        self.firstLine = firstLine
    }
}
