public import AtalayaDomain
import Foundation

// MARK: - IATI activity files → Activity values, one at a time

/// Facts about an IATI file read from its root element and first activity.
public struct IATIFileFacts: Sendable, Equatable {
    /// The `version` attribute (2.01–2.03).
    public var version: String
    /// The `generated-datetime` attribute: the file's vintage.
    public var generated: String?
    /// The reporting organisation of the first activity.
    public var publisher: String?
    /// Activities read.
    public var activities: Int
    /// Transactions read.
    public var transactions: Int
    /// The file's SHA-256, when it was computed while reading.
    public var sha256: String? = nil
}

/// Reads IATI 2.01–2.03 activity files as a stream of `Activity` values, with bounded memory.
public struct IATIReader: Sendable {
    /// The largest text Atalaya accepts in one element (the XML parser streams text, so this is its only bound).
    public var maxTextBytes: Int
    /// The most bytes of text (narratives, identifiers, values) and attribute values one activity may hold, all
    /// together. An activity is held whole until it is stored, and its text several times over (read, folded for
    /// the crosswalk, staged, indexed for search): 4 MB of it took the import to 60 MB at its peak, 8 MB to 84 MB,
    /// and eight 5 MB `ref`s to 150 MB.
    public var maxActivityTextBytes = 4 * 1024 * 1024
    /// The most elements one activity may hold: 100,000 (10,000 transactions) took the import to 56 MB at its peak,
    /// where one of a million transactions would take gigabytes. The largest real activity here has 4,939.
    public var maxActivityElements = 100_000
    /// The most allocations one activity may split into (`Allocator.partCount`): a few percentages can multiply a
    /// small file into millions of parts (200 sectors, 100 countries and 50 transactions made a 23 KB file a
    /// million rows and 750 MB). 20,000 took the import to 61 MB at its peak; the most among the real files here
    /// is 434.
    public var maxActivityParts = 20_000
    /// Accept a non-numeric version such as the `xx` of the IATI schema unit-test files (with a warning).
    public var acceptsPlaceholderVersion: Bool

    /// Creates a reader.
    public init(maxTextBytes: Int = 4 * 1024 * 1024, acceptsPlaceholderVersion: Bool = false) {
        self.maxTextBytes = maxTextBytes
        self.acceptsPlaceholderVersion = acceptsPlaceholderVersion
    }

    /// Streams `path`, calling `activity` for each activity and `warning` for each caveat; throws `IngestError`.
    /// With `hashing`, the facts carry the file's SHA-256, computed on the way.
    public func read(
        path: String, displayName: String? = nil, hashing: Bool = false, progress: (Int) -> Void = { _ in },
        warning: (ImportWarning) -> Void, activity: (Activity) throws -> Void
    ) throws -> IATIFileFacts {
        let name = displayName ?? path
        return try withoutActuallyEscaping(warning) { warning in
            try withoutActuallyEscaping(activity) { activity in
                let builder = IATIActivityBuilder(
                    displayName: name, limits: self, acceptsPlaceholderVersion: acceptsPlaceholderVersion,
                    warning: warning, emit: activity)
                let sha256 = try XMLStream(displayName: name).parse(
                    path: path, handler: builder, hashing: hashing, progress: progress)
                guard let version = builder.version else {
                    throw IngestError(file: name, line: 1, message: "no iati-activities root element")
                }
                return IATIFileFacts(
                    version: version, generated: builder.generated, publisher: builder.publisher,
                    activities: builder.activityCount, transactions: builder.transactionCount, sha256: sha256)
            }
        }
    }
}

/// The state machine that turns SAX events into activities.
///
/// The state touched on every event is `@exclusivity(unchecked)`: the runtime's access checks cost 7% of reading. It
/// is safe because the builder is driven only by the synchronous callbacks of one parse on one thread, and no
/// method passes one of those properties `inout` to code that reaches the same property again.
final class IATIActivityBuilder: XMLStreamHandler {
    static let usgNamespace = "https://explorer.usaid.gov"

    let displayName: String
    let maxTextBytes: Int
    let maxActivityElements: Int
    let maxActivityTextBytes: Int
    let maxActivityParts: Int
    let acceptsPlaceholderVersion: Bool
    let warning: (ImportWarning) -> Void
    let emit: (Activity) throws -> Void

    var version: String?
    var generated: String?
    var publisher: String?
    var activityCount = 0
    var transactionCount = 0
    private var seenIdentifiers: Set<String> = []

    /// The open elements, by the stream's name ids; `kinds` and `names` are indexed by those ids.
    @exclusivity(unchecked) private var stack: [Int] = []
    /// What each element name is to IATI (`.other` for names it does not read).
    @exclusivity(unchecked) private var kinds: [IATIElement] = []
    /// Each element name as written (`usg:` for the USAID extension), for messages.
    private var names: [String] = []
    /// Each element name's local part and namespace, for the root element's checks.
    private var qualified: [(local: String, namespace: String?)] = []
    /// The element text being captured, kept in one buffer from one text to the next.
    @exclusivity(unchecked) private var text = GrowingBytes(capacity: 256)
    @exclusivity(unchecked) private var capturing = false
    @exclusivity(unchecked) private var narrativeLanguage: String?

    @exclusivity(unchecked) private var activity: Activity?
    /// True while an activity is being built. Kept apart because testing `activity != nil` copies the whole activity
    /// (every array and string in it retained, then released) on each of the thousands of events inside it.
    @exclusivity(unchecked) private var building = false
    /// The elements and the bytes of text read so far in the activity being built, for its bounds.
    @exclusivity(unchecked) private var activityElements = 0
    @exclusivity(unchecked) private var activityTextBytes = 0
    /// What `partBound` adds up, over the activity's transactions so far.
    private var partsOfTheirOwn = 0
    private var recipientsOnActivitySectors = 0
    private var sectorsOnActivityRecipients = 0
    private var transactionsOnActivityShares = 0
    @exclusivity(unchecked) private var transaction: Transaction?
    private var transactionHasValue = false
    @exclusivity(unchecked) private var organisation: Organisation?
    private var budget: Budget?
    private var budgetHasValue = false
    /// True once the baseline of the indicator being read has been flagged as an ambiguous comma.
    private var baselineFlagged = false
    private var result: ResultFramework?
    private var indicator: Indicator?
    private var period: IndicatorPeriod?
    private var regularAccount: String?
    private var mainAccount: String?
    @exclusivity(unchecked) private var sectorIndex: Int?
    /// The `currency` and `value-date` of the `value` element being read.
    private var valueCurrency: String?
    /// The activity's `default-currency` as written when it is not a currency code (the activity's own is then nil).
    private var unreadableDefaultCurrency: String?
    private var valueDate: String?

    init(
        displayName: String, limits: IATIReader, acceptsPlaceholderVersion: Bool,
        warning: @escaping (ImportWarning) -> Void, emit: @escaping (Activity) throws -> Void
    ) {
        self.displayName = displayName
        maxTextBytes = limits.maxTextBytes
        maxActivityElements = limits.maxActivityElements
        maxActivityTextBytes = limits.maxActivityTextBytes
        maxActivityParts = limits.maxActivityParts
        self.acceptsPlaceholderVersion = acceptsPlaceholderVersion
        self.warning = warning
        self.emit = emit
    }

    private func error(_ message: String, line: Int, field: String? = nil) -> IngestError {
        IngestError(file: displayName, line: line, field: field, message: message)
    }

    /// Warns about the activity being built, naming it once its identifier has been read.
    private func warn(_ kind: ImportWarning.Kind, _ message: String, line: Int) {
        let identifier = activity?.identifier
        warning(
            ImportWarning(
                kind: kind, line: line, activity: identifier?.isEmpty == false ? identifier : nil, message: message))
    }

    /// An indicator's baseline, target or actual value, kept as published. In a unit or percentage indicator
    /// (measure 1 or 2, or none stated) a value that reads as no number (`DecimalText.indicatorValue`; in a
    /// percentage one, `88.8%` is a number) is flagged: its progress cannot be assessed. Nominal, ordinal and
    /// qualitative indicators may say `Yes`.
    private func indicatorValue(_ value: String?, of field: String, line: Int) -> String? {
        if let value, !value.isEmpty, measuresNumbers,
            DecimalText.indicatorValue(value, pointIsDecimal: true, isPercentage: isPercentage) == nil
        {
            warn(
                .indicatorValueNotNumber,
                "indicator \(field) \"\(value.prefix(40))\" is not a number; kept as published, its progress not assessed",
                line: line)
        }
        return value
    }

    /// True while the indicator being read is a unit or percentage one (or states no measure).
    private var measuresNumbers: Bool { [nil, "1", "2"].contains(indicator?.measure) }

    /// True while the indicator being read measures a percentage (measure 2).
    private var isPercentage: Bool { indicator?.measure == "2" }

    /// Flags the values of a period just read (and its indicator's baseline, once) that are numbers only if their
    /// comma groups thousands (`227,601`) while no value beside them writes a decimal point to say so: progress
    /// (`IndicatorReading.progress`) reads them as no number, and so not assessed.
    private func flagAmbiguousCommas(in period: IndicatorPeriod, line: Int) {
        guard measuresNumbers else { return }
        let baseline = indicator?.baselineValue
        let pointIsDecimal = DecimalText.writesDecimalPoint(
            [baseline, period.target, period.actual], isPercentage: isPercentage)
        var fields = [("target", period.target), ("actual", period.actual)]
        if !baselineFlagged { fields.insert(("baseline", baseline), at: 0) }
        for case (let field, let value?) in fields
        where DecimalText.indicatorValue(value, pointIsDecimal: true, isPercentage: isPercentage) != nil
            && DecimalText.indicatorValue(value, pointIsDecimal: pointIsDecimal, isPercentage: isPercentage) == nil
        {
            if field == "baseline" { baselineFlagged = true }
            warn(
                .indicatorValueNotNumber,
                "indicator \(field) \"\(value.prefix(40))\" may group thousands or use a decimal comma, and no value "
                    + "beside it writes a decimal point; kept as published, its progress not assessed",
                line: line)
        }
    }

    /// Deeper nesting than IATI ever needs is refused (the XML parser's own limit, 256, is libxml2's default).
    static let maxDepth = 64

    var openElements: [String] { stack.map { names[$0] } }

    // MARK: - Events

    func declare(element id: Int, local: String, namespace: String?) {
        assert(id == kinds.count)
        let written = namespace == Self.usgNamespace ? "usg:" + local : local
        kinds.append(
            namespace == nil || namespace == Self.usgNamespace ? IATIElement(rawValue: written) ?? .other : .other)
        names.append(written)
        qualified.append((local, namespace))
    }

    /// The kind of the open element `depth` levels above the innermost (0: the innermost), `.outside` above the root.
    private func open(_ depth: Int) -> IATIElement {
        stack.count > depth ? kinds[stack[stack.count - 1 - depth]] : .outside
    }

    func start(element id: Int, attributes: borrowing XMLAttributes, line: Int) throws {
        let parent = open(0)
        let name = kinds[id]
        stack.append(id)
        guard stack.count <= Self.maxDepth else {
            throw error("elements nested deeper than \(Self.maxDepth) levels; refused", line: line, field: names[id])
        }
        if stack.count == 1 {
            try root(qualified[id], attributes: attributes, line: line)
            return
        }
        if name == .iatiActivity && stack.count == 2 {
            startActivity(attributes, line: line)
            return
        }
        guard building else { return }
        activityElements += 1
        if activityElements > maxActivityElements { try refuseElements(id, line: line) }
        try count(bytes: attributes.valueBytes, line: line, element: id)
        switch (parent, name) {
        case (_, .narrative):
            narrativeLanguage = attributes["xml:lang"]
            beginText()
        case (.iatiActivity, .iatiIdentifier):
            beginText()
        case (.transaction, .value), (.budget, .value):
            valueCurrency = attributes["currency"]
            valueDate = attributes["value-date"]
            beginText()
        case (.iatiActivity, .reportingOrg):
            activity?.reportingOrg = Organisation(ref: attributes["ref"], type: attributes["type"])
        case (.iatiActivity, .participatingOrg):
            organisation = Organisation(
                ref: attributes["ref"], type: attributes["type"], role: attributes["role"],
                activityID: attributes["activity-id"])
        case (.iatiActivity, .activityStatus):
            activity?.status = attributes["code"]
        case (.iatiActivity, .activityDate):
            if let type = attributes["type"], let date = attributes["iso-date"] {
                activity?.dates[type] = Self.isoDate(date)
            }
        case (.iatiActivity, .recipientCountry), (.transaction, .recipientCountry):
            try recipientCountry(attributes, inTransaction: parent == .transaction, line: line)
        case (.iatiActivity, .recipientRegion), (.transaction, .recipientRegion):
            guard let code = code(attributes, of: "recipient-region", line: line) else { break }
            let share = RecipientShare(
                kind: .region, code: code, vocabulary: attributes["vocabulary"] ?? "1",
                percentage: try percentage(attributes, line: line))
            if parent == .transaction {
                transaction?.recipients.append(share)
            } else {
                activity?.recipients.append(share)
            }
        case (.iatiActivity, .sector), (.transaction, .sector):
            guard let code = code(attributes, of: "sector", line: line) else { break }
            let share = SectorShare(
                vocabulary: attributes["vocabulary"] ?? "1", code: code,
                percentage: try percentage(attributes, line: line))
            if parent == .transaction {
                transaction?.sectors.append(share)
                sectorIndex = (transaction?.sectors.count ?? 1) - 1
            } else {
                activity?.sectors.append(share)
                sectorIndex = (activity?.sectors.count ?? 1) - 1
            }
        case (.iatiActivity, .transaction):
            transaction = Transaction(
                ref: attributes["ref"], type: "", date: nil, valueCents: 0, currency: nil, line: line)
            transactionHasValue = false
        case (.transaction, .transactionType):
            transaction?.type = attributes["code"] ?? ""
        case (.transaction, .transactionDate):
            transaction?.date = attributes["iso-date"].map(Self.isoDate)
        case (.transaction, .providerOrg), (.transaction, .receiverOrg):
            organisation = Organisation(
                ref: attributes["ref"], type: attributes["type"],
                activityID: attributes["provider-activity-id"] ?? attributes["receiver-activity-id"])
        case (.transaction, .treasuryAccount), (.iatiActivity, .treasuryAccount):
            regularAccount = nil
            mainAccount = nil
        case (.treasuryAccount, .regularAccount):
            regularAccount = attributes["code"]
        case (.treasuryAccount, .mainAccount):
            mainAccount = attributes["code"]
        case (.iatiActivity, .budget):
            budget = Budget(
                type: attributes["type"], status: attributes["status"], periodStart: nil, periodEnd: nil, valueCents: 0,
                currency: nil, valueDate: nil)
            budgetHasValue = false
        case (.budget, .periodStart):
            budget?.periodStart = attributes["iso-date"].map(Self.isoDate)
        case (.budget, .periodEnd):
            budget?.periodEnd = attributes["iso-date"].map(Self.isoDate)
        case (.iatiActivity, .result):
            result = ResultFramework(type: attributes["type"], titles: [], indicators: [])
        case (.result, .indicator):
            baselineFlagged = false
            indicator = Indicator(
                measure: attributes["measure"], ascending: attributes["ascending"].map(Self.boolean) ?? true,
                titles: [],
                baselineYear: nil, baselineValue: nil, periods: [])
        case (.indicator, .baseline):
            indicator?.baselineYear = attributes["year"]
            // The value first: reading it reads `indicator`, which the assignment holds while it runs.
            let value = indicatorValue(attributes["value"], of: "baseline", line: line)
            indicator?.baselineValue = value
        case (.indicator, .period):
            period = IndicatorPeriod(start: nil, end: nil, target: nil, actual: nil)
        case (.period, .periodStart):
            period?.start = attributes["iso-date"].map(Self.isoDate)
        case (.period, .periodEnd):
            period?.end = attributes["iso-date"].map(Self.isoDate)
        case (.period, .target):
            period?.target = indicatorValue(attributes["value"], of: "target", line: line)
        case (.period, .actual):
            period?.actual = indicatorValue(attributes["value"], of: "actual", line: line)
        default:
            break
        }
    }

    var wantsText: Bool { capturing }

    func text(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) throws {
        guard capturing else { return }
        guard text.count + bytes.count <= maxTextBytes else {
            throw error("text longer than \(maxTextBytes) bytes", line: line, field: stack.last.map { names[$0] })
        }
        try count(bytes: bytes.count, line: line, element: stack.last)
        text.append(bytes)
    }

    /// Counts `bytes` more of the activity's text and attribute values, refusing past its bound.
    @inline(__always)
    private func count(bytes: Int, line: Int, element: Int?) throws {
        activityTextBytes += bytes
        if activityTextBytes > maxActivityTextBytes { try refuseText(element, line: line) }
    }

    // The refusals are out of line, and name the element only when they refuse: `start` and `text` run for every
    // element and every piece of text, and looking the name up on each call (a retain and a release) made reading
    // about 7% slower (`import --check`, 15 pairs).

    @inline(never)
    private func refuseElements(_ element: Int, line: Int) throws -> Never {
        throw error(
            "\(activityName) holds more than \(DecimalText.formatCount(maxActivityElements)) elements; refused, as an "
                + "activity is held whole until it is stored", line: line, field: names[element])
    }

    @inline(never)
    private func refuseText(_ element: Int?, line: Int) throws -> Never {
        throw error(
            "\(activityName) holds more than \(DecimalText.formatCount(maxActivityTextBytes)) bytes of text and "
                + "attribute values; refused, as an activity is held whole until it is stored", line: line,
            field: element.map { names[$0] })
    }

    func end(line: Int) throws {
        guard let closed = stack.popLast() else { return }
        let name = kinds[closed]
        let parent = open(0)
        let grandparent = open(1)
        defer { if capturing && (name == .narrative || name == .iatiIdentifier || name == .value) { endText() } }
        if name == .iatiActivity && stack.count == 1 {
            try finishActivity(line: line)
            return
        }
        guard building else { return }
        switch (parent, name) {
        case (_, .narrative):
            let narrative = Narrative(language: narrativeLanguage, text: capturedText)
            narrativeLanguage = nil
            switch (grandparent, parent) {
            case (.iatiActivity, .title): activity?.titles.append(narrative)
            case (.iatiActivity, .description): activity?.descriptions.append(narrative)
            case (.iatiActivity, .reportingOrg): activity?.reportingOrg.names.append(narrative)
            case (.iatiActivity, .participatingOrg), (.transaction, .providerOrg),
                (.transaction, .receiverOrg):
                organisation?.names.append(narrative)
            case (.iatiActivity, .sector):
                if let sectorIndex, activity?.sectors.indices.contains(sectorIndex) == true,
                    activity?.sectors[sectorIndex].name == nil
                {
                    activity?.sectors[sectorIndex].name = narrative.text
                }
            case (.transaction, .sector):
                if let sectorIndex, transaction?.sectors.indices.contains(sectorIndex) == true,
                    transaction?.sectors[sectorIndex].name == nil
                {
                    transaction?.sectors[sectorIndex].name = narrative.text
                }
            case (.result, .title): result?.titles.append(narrative)
            case (.indicator, .title): indicator?.titles.append(narrative)
            case (.target, .comment), (.actual, .comment): period?.comments.append(narrative)
            default: break
            }
        case (.iatiActivity, .iatiIdentifier):
            activity?.identifier = capturedText.trimmingWhitespace(newlines: true)
        case (.transaction, .value):
            try transactionValue(line: line)
        case (.budget, .value):
            try budgetValue(line: line)
        case (.iatiActivity, .participatingOrg):
            if let organisation = organisation.take() { activity?.participatingOrgs.append(organisation) }
        case (.transaction, .providerOrg):
            transaction?.provider = organisation.take()
        case (.transaction, .receiverOrg):
            transaction?.receiver = organisation.take()
        case (.transaction, .treasuryAccount):
            transaction?.fundingAccount = treasuryAccount()
        case (.iatiActivity, .treasuryAccount):
            activity?.fundingAccount = treasuryAccount()
        case (.iatiActivity, .transaction):
            finishTransaction(line: line)
        case (.iatiActivity, .budget):
            if let budget = budget.take(), budgetHasValue { activity?.budgets.append(budget) }
        case (.indicator, .period):
            if let period = period.take() {
                flagAmbiguousCommas(in: period, line: line)
                indicator?.periods.append(period)
            }
        case (.result, .indicator):
            if let indicator = indicator.take() { result?.indicators.append(indicator) }
        case (.iatiActivity, .result):
            if let result = result.take() { activity?.results.append(result) }
        case (.iatiActivity, .sector), (.transaction, .sector):
            sectorIndex = nil
        default:
            break
        }
    }

    // MARK: - Pieces

    private func root(
        _ element: (local: String, namespace: String?), attributes: borrowing XMLAttributes, line: Int
    ) throws {
        let name = element.local
        guard name == "iati-activities", element.namespace == nil else {
            throw error(
                "the root element is <\(cut(name))>; Atalaya imports IATI activity files (<iati-activities>)",
                line: line)
        }
        guard let version = attributes["version"] else {
            throw error(
                "no version attribute: this looks like a pre-2.01 IATI file; Atalaya reads IATI 2.01–2.03", line: line,
                field: "iati-activities/@version")
        }
        let parts = version.split(separator: ".").compactMap { Int($0) }
        if parts.isEmpty && acceptsPlaceholderVersion {
            warning(
                ImportWarning(
                    kind: .newerVersion, line: line, activity: nil,
                    message: "placeholder IATI version \"\(version)\"; read as 2.03"))
            self.version = version
            generated = attributes["generated-datetime"]
            return
        }
        guard parts.count == 2, parts[0] >= 2 else {
            throw error(
                "IATI version \"\(version)\" is not supported; Atalaya reads IATI 2.01–2.03 (convert 1.x files first)",
                line: line, field: "iati-activities/@version")
        }
        if parts[0] > 2 || parts[1] > 3 {
            warning(
                ImportWarning(
                    kind: .newerVersion, line: line, activity: nil,
                    message: "IATI version \(version) is newer than 2.03; read as 2.03"))
        }
        self.version = version
        generated = attributes["generated-datetime"]
    }

    private func startActivity(_ attributes: borrowing XMLAttributes, line: Int) {
        building = true
        activityElements = 0
        activityTextBytes = 0
        (partsOfTheirOwn, recipientsOnActivitySectors, sectorsOnActivityRecipients, transactionsOnActivityShares) =
            (0, 0, 0, 0)
        let defaultCurrency = attributes["default-currency"]
        let code = defaultCurrency.flatMap(Self.currencyCode)
        unreadableDefaultCurrency = code == nil ? defaultCurrency : nil
        activity = Activity(
            identifier: "", lastUpdated: attributes["last-updated-datetime"],
            defaultCurrency: code,
            defaultLanguage: attributes["xml:lang"], hierarchy: attributes["hierarchy"].flatMap { Int($0) } ?? 1,
            humanitarian: attributes["humanitarian"].map(Self.boolean), line: line)
    }

    private func finishActivity(line: Int) throws {
        building = false
        guard var finished = activity.take() else { return }
        guard !finished.identifier.isEmpty else {
            warning(
                ImportWarning(
                    kind: .missingIdentifier, line: finished.line, activity: nil,
                    message: "activity without an iati-identifier; not imported"))
            return
        }
        if !seenIdentifiers.insert(finished.identifier).inserted {
            warning(
                ImportWarning(
                    kind: .duplicateIdentifier, line: finished.line, activity: finished.identifier,
                    message:
                        "\(finished.identifier) appears twice in this file; the later one replaces the earlier only "
                        + "if its last-updated-datetime is later or missing, as a newer file's would"))
        }
        if partBound(finished) > maxActivityParts, case let parts = Allocator.partCount(of: finished),
            parts > maxActivityParts
        {
            throw error(
                "\(finished.identifier) would split into \(DecimalText.formatCount(parts)) parts (each commitment, "
                    + "disbursement and expenditure times its recipients and its DAC sectors), more than "
                    + "\(DecimalText.formatCount(maxActivityParts)); refused", line: finished.line,
                field: "iati-activity")
        }
        checkPercentages(&finished)
        if publisher == nil { publisher = finished.reportingOrg.ref }
        activityCount += 1
        transactionCount += finished.transactions.count
        try emit(finished)
    }

    /// Warns of an activity's percentages that do not sum to 100, naming the finished activity (no longer the one
    /// being built, which `warn` would name).
    private func checkPercentages(_ activity: inout Activity) {
        func notHundred(_ message: String) {
            warning(
                ImportWarning(
                    kind: .percentagesNot100, line: activity.line, activity: activity.identifier, message: message))
        }
        let recipients = activity.recipients.compactMap(\.percentage)
        if !recipients.isEmpty && recipients.reduce(0, +) != 100_000 {
            notHundred(
                "recipient percentages sum to \(DecimalText.formatPercent(recipients.reduce(0, +))), not 100; normalised"
            )
        }
        for vocabulary in Set(activity.sectors.map(\.vocabulary)).sorted() {
            let shares = activity.sectors.filter { $0.vocabulary == vocabulary }.compactMap(\.percentage)
            if !shares.isEmpty && shares.reduce(0, +) != 100_000 {
                notHundred(
                    "sector percentages (vocabulary \(vocabulary)) sum to \(DecimalText.formatPercent(shares.reduce(0, +))), not 100; normalised"
                )
            }
        }
    }

    private func recipientCountry(_ attributes: borrowing XMLAttributes, inTransaction: Bool, line: Int) throws {
        guard let raw = code(attributes, of: "recipient-country", line: line) else { return }
        let code = raw.uppercased()
        let kind: RecipientKind = Countries.iso2.contains(code) ? .country : .nonISOCountry
        if kind == .nonISOCountry {
            warn(.nonISOCountry, "recipient-country code \"\(raw)\" is not ISO 3166-1; kept as code:\(raw)", line: line)
        }
        let share = RecipientShare(
            kind: kind, code: kind == .country ? code : raw, percentage: try percentage(attributes, line: line))
        if inTransaction { transaction?.recipients.append(share) } else { activity?.recipients.append(share) }
    }

    /// A percentage attribute; a non-number, a negative one or one over a million is ignored with a warning, one
    /// over 100 kept and flagged. The bound keeps the weights a split multiplies and adds (a recipient's times a
    /// sector's) inside 64 bits, where percentages near that limit stopped the process.
    private func percentage(_ attributes: borrowing XMLAttributes, line: Int) throws -> MilliPercent? {
        guard let text = attributes["percentage"], !text.isEmpty else { return nil }
        guard let value = DecimalText.milliPercent(text), (0...1_000_000_000).contains(value) else {
            warn(
                .unreadableValue, "percentage \"\(text.prefix(40))\" is not a number from 0 to 100; ignored", line: line
            )
            return nil
        }
        if value > 100_000 {
            warn(
                .percentagesNot100, "percentage \(text.prefix(40)) is over 100; kept, and shares are normalised",
                line: line)
        }
        return value
    }

    /// What a value must be to be read: `xsd:decimal`, at most what `Cents` holds.
    static let decimalInRange = "a plain decimal number (no exponent or separators) within ±92,233,720,368,547,758.07"

    private func transactionValue(line: Int) throws {
        guard transaction != nil else { return }
        let raw = capturedText
        guard let parsed = DecimalText.cents(raw) else {
            warn(
                .unreadableValue,
                "transaction value \"\(raw.prefix(40))\" is not \(Self.decimalInRange); transaction not imported",
                line: line)
            return
        }
        if parsed.rounded { warn(.roundedToCent, "transaction value \(raw) rounded to the cent", line: line) }
        transaction?.valueCents = parsed.value
        transaction?.currency = valueCurrencyCode(of: "transaction", unconverted: "reported unconverted", line: line)
        transaction?.valueDate = valueDate.map(Self.isoDate)
        transactionHasValue = true
        if transaction?.currency == nil && valueCurrency == nil && unreadableDefaultCurrency == nil {
            warn(
                .missingCurrency, "transaction value has no currency and the activity no default; reported unconverted",
                line: line)
        }
    }

    /// The currency of the `value` just read: its own, else the activity's default. One that is not a currency code
    /// is warned about (`invalid_currency`) and gives nil, never the default in its place: what the publisher meant
    /// is not known.
    private func valueCurrencyCode(of owner: String, unconverted: String, line: Int) -> String? {
        if let written = valueCurrency {
            if let code = Self.currencyCode(written) { return code }
            warn(
                .invalidCurrency,
                "\(owner) value currency \(quoted(written)) is not a three-letter code; \(unconverted)", line: line)
            return nil
        }
        if let written = unreadableDefaultCurrency {
            warn(
                .invalidCurrency,
                "\(owner) value has no currency and the activity's default-currency \(quoted(written)) is not a "
                    + "three-letter code; \(unconverted)", line: line)
        }
        return activity?.defaultCurrency
    }

    /// An ISO 4217 code as the IATI Currency codelist writes them: three ASCII letters, returned in capitals; nil
    /// for anything else (the ledger holds codes of three letters only).
    static func currencyCode(_ text: String) -> String? {
        let utf8 = text.utf8
        guard utf8.count == 3, utf8.allSatisfy({ (0x41...0x5A).contains($0 & 0xDF) }) else { return nil }
        return utf8.allSatisfy({ $0 <= 0x5A }) ? text : text.uppercased()
    }

    /// The `code` of a sector or recipient: nil with a warning (`missing_code`) when it is missing or blank (XML's
    /// white space alone), as the share cannot be told apart from the others (those left are normalised, as
    /// `percentages_not_100` says). Looked at byte by byte: `Character.isWhitespace` cost 2% of the reading thread.
    private func code(_ attributes: borrowing XMLAttributes, of element: String, line: Int) -> String? {
        if let code = attributes["code"],
            code.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D })
        {
            return code
        }
        warn(.missingCode, "\(element) without a code; ignored", line: line)
        return nil
    }

    private func budgetValue(line: Int) throws {
        guard budget != nil else { return }
        let raw = capturedText
        guard let parsed = DecimalText.cents(raw) else {
            warn(
                .unreadableValue,
                "budget value \"\(raw.prefix(40))\" is not \(Self.decimalInRange); budget not imported", line: line)
            return
        }
        if parsed.rounded { warn(.roundedToCent, "budget value \(raw) rounded to the cent", line: line) }
        budget?.valueCents = parsed.value
        budget?.currency = valueCurrencyCode(of: "budget", unconverted: "kept without a currency", line: line)
        budget?.valueDate = valueDate.map(Self.isoDate)
        budgetHasValue = true
    }

    private func finishTransaction(line: Int) {
        guard let finished = transaction.take(), transactionHasValue else { return }
        guard !finished.type.isEmpty else {
            warn(.missingTransactionType, "transaction without a transaction-type; not imported", line: finished.line)
            return
        }
        // Its parts at most, whatever the activity's own recipients and sectors turn out to be (see `partBound`).
        switch (finished.recipients.count, finished.sectors.count) {
        case (0, 0): transactionsOnActivityShares += 1
        case (0, let sectors): sectorsOnActivityRecipients += sectors
        case (let recipients, 0): recipientsOnActivitySectors += recipients
        case (let recipients, let sectors): partsOfTheirOwn += recipients * sectors
        }
        activity?.transactions.append(finished)
    }

    /// At least as many parts as the activity splits into, from counts kept as its transactions were read: each
    /// transaction's recipients in force times its sectors in force, with every vocabulary's sectors and every
    /// transaction type counted. Only above the bound are the parts counted exactly (`Allocator.partCount`), which
    /// reads every transaction again (its cost showed in the profile when it ran for every activity).
    private func partBound(_ activity: borrowing Activity) -> Int {
        let recipients = max(1, activity.recipients.count)
        let sectors = max(1, activity.sectors.count)
        return partsOfTheirOwn + recipientsOnActivitySectors * sectors + sectorsOnActivityRecipients * recipients
            + transactionsOnActivityShares * recipients * sectors
    }

    private func treasuryAccount() -> String? {
        guard let main = mainAccount.flatMap(Self.integerCode) else { return nil }
        let agency = regularAccount.flatMap(Self.integerCode)
        let mainText = main.count < 4 ? String(repeating: "0", count: 4 - main.count) + main : main
        guard let agency else { return mainText }
        return (agency.count < 2 ? "0" + agency : agency) + "x" + mainText
    }

    /// `72.0` → `72`; nil when not a whole number in ASCII digits (`Character.isNumber` also took `²` or `Ⅻ`, and
    /// its Unicode tables cost 1.4% of reading). Read as bytes: a `.0` that `hasSuffix` would not see (its `.`
    /// joined to a character before it) leaves that character, not a digit, so the answer is nil either way.
    static func integerCode(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace(newlines: false)
        let bytes = trimmed.utf8
        var end = bytes.endIndex
        if bytes.count > 2, bytes.last == 0x30, bytes[bytes.index(end, offsetBy: -2)] == 0x2E {
            end = bytes.index(end, offsetBy: -2)
        }
        let digits = bytes[..<end]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return end == bytes.endIndex ? trimmed : String(trimmed[..<end])
    }

    /// IATI booleans: `1`/`true` and `0`/`false`.
    static func boolean(_ text: String) -> Bool {
        text == "1" || text.lowercased() == "true"
    }

    /// The first ten characters; counted as bytes when the first eleven bytes are printable ASCII (each one
    /// character then, the eleventh starting a new one), as dates are.
    static func isoDate(_ text: String) -> String {
        let trimmed = text.trimmingWhitespace(newlines: false)
        let bytes = trimmed.utf8
        guard bytes.prefix(11).allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return String(trimmed.prefix(10)) }
        return bytes.count <= 10 ? trimmed : String(trimmed[..<bytes.index(bytes.startIndex, offsetBy: 10)])
    }

    private func beginText() {
        capturing = true
        text.removeAll()
    }

    private func endText() {
        capturing = false
        text.removeAll()
    }

    /// The activity being built, for a message: by its identifier once read, else by the line it starts on.
    private var activityName: String {
        guard let activity else { return "the activity" }
        return activity.identifier.isEmpty ? "the activity at line \(activity.line)" : activity.identifier
    }

    /// The text captured, decoded as UTF-8 (the XML parser has checked that it is).
    private var capturedText: String { String(decoding: text.bytes, as: UTF8.self) }
}

/// The elements the builder reads, by the name they are written with; every other name is `.other`.
enum IATIElement: String {
    case iatiActivities = "iati-activities", iatiActivity = "iati-activity", iatiIdentifier = "iati-identifier"
    case narrative, title, description, comment
    case reportingOrg = "reporting-org", participatingOrg = "participating-org"
    case activityStatus = "activity-status", activityDate = "activity-date"
    case recipientCountry = "recipient-country", recipientRegion = "recipient-region", sector
    case transaction, transactionType = "transaction-type", transactionDate = "transaction-date", value
    case providerOrg = "provider-org", receiverOrg = "receiver-org"
    case treasuryAccount = "usg:treasury-account", regularAccount = "usg:regular-account"
    case mainAccount = "usg:main-account"
    case budget, periodStart = "period-start", periodEnd = "period-end"
    case result, indicator, baseline, period, target, actual
    /// An element the builder does not read, or one in another namespace.
    case other = "?"
    /// Above the root element.
    case outside = ""
}

extension String {
    /// The string trimmed as Foundation's `trimmingCharacters(in:)` trims it (Unicode whitespace, and line breaks
    /// when `newlines`), without that call's cost in the common case: both ends plain ASCII, nothing to trim.
    func trimmingWhitespace(newlines: Bool) -> String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return self
        }
        return trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }
}
