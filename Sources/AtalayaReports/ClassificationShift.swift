public import AtalayaDomain
public import AtalayaStore

// MARK: - What a re-classification moved

/// What `atalaya classify` moved: each source's money in each measure by pillar, before and after, every fiscal
/// year and recipient together; the totals that changed. Sources and measures stay apart, never added together, and
/// amounts left in their own currency are totals of that currency, never converted here.
public struct ClassificationShift: Sendable, Equatable {
    /// One total: a source's money in one measure on one pillar, in one currency (USD when converted).
    public struct Key: Sendable, Hashable, Comparable {
        /// The source (`iati`, `fa`, `greenbook`).
        public var source: String
        /// The measure.
        public var measure: String
        /// The pillar (`out_of_scope` and `unclassified` included).
        public var pillar: String
        /// `USD` for converted money; otherwise the currency the amount was left in (`none` when the file gave none).
        public var currency: String

        /// Creates a key.
        public init(source: String, measure: String, pillar: String, currency: String) {
            self.source = source
            self.measure = measure
            self.pillar = pillar
            self.currency = currency
        }

        /// Ordered by source, measure, currency (USD first), then the pillars' own order.
        public static func < (a: Key, b: Key) -> Bool {
            let rank = { (key: Key) in Pillar(rawValue: key.pillar).flatMap { Pillar.allCases.firstIndex(of: $0) } }
            return (a.source, a.measure, a.currency == "USD" ? "" : a.currency, rank(a) ?? .max, a.pillar)
                < (b.source, b.measure, b.currency == "USD" ? "" : b.currency, rank(b) ?? .max, b.pillar)
        }
    }

    /// A total that changed.
    public struct Line: Sendable, Equatable {
        /// What it is a total of.
        public var key: Key
        /// Cents before.
        public var before: Cents
        /// Cents after.
        public var after: Cents
    }

    /// The totals that changed, in `Key` order.
    public var lines: [Line]
    /// The crosswalk in force before (id and version), if any.
    public var crosswalkBefore: String?
    /// The crosswalk in force after.
    public var crosswalkAfter: String?

    /// Compares two sets of totals; a key absent from one side is zero there.
    public init(before: [Key: Cents], after: [Key: Cents], crosswalkBefore: String?, crosswalkAfter: String?) {
        lines = Set(before.keys).union(after.keys).sorted().compactMap { key in
            let (old, new) = (before[key] ?? 0, after[key] ?? 0)
            return old == new ? nil : Line(key: key, before: old, after: new)
        }
        self.crosswalkBefore = crosswalkBefore
        self.crosswalkAfter = crosswalkAfter
    }

    /// The source's totals by pillar in `figures`, a portfolio by pillar of every year and recipient in one measure
    /// (`--scope all`): converted cells in USD, those left in their currency by currency.
    public static func totals(_ figures: PortfolioFigures, source: PortfolioQuery.Source, measure: Measure) -> [Key:
        Cents]
    {
        var out: [Key: Cents] = [:]
        for cell in figures.cells {
            let key = Key(source: source.rawValue, measure: measure.rawValue, pillar: cell.group, currency: "USD")
            out[key, default: 0] += cell.usdCents
        }
        for cell in figures.unconverted {
            let key = Key(
                source: source.rawValue, measure: measure.rawValue, pillar: cell.group,
                currency: cell.currency ?? "none")
            out[key, default: 0] += cell.cents
        }
        return out
    }

    /// A table for a terminal: each changed total before and after, with the change; or a sentence when none did.
    public func table() -> String {
        var out =
            "Crosswalk: \(crosswalkBefore ?? "none") → \(crosswalkAfter ?? "none"). "
            + "What moved, every fiscal year and recipient, current dollars (each source and measure apart, never added "
            + "together):\n"
        guard !lines.isEmpty else { return out + "no pillar's total changed.\n" }
        let rows = lines.map { line in
            [
                line.key.source, line.key.measure, line.key.pillar, line.key.currency,
                DecimalText.formatWhole(line.before), DecimalText.formatWhole(line.after),
                (line.after > line.before ? "+" : "") + DecimalText.formatWhole(line.after - line.before),
            ]
        }
        out += "\n"
        out += TextTable.render(
            header: ["source", "measure", "pillar", "currency", "before", "after", "change"], rows: rows)
        return out + "\n"
    }
}
