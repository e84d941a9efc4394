import Foundation

// MARK: - Spending beside outcomes: association with a lag, never a causal claim

/// A pillar's yearly spending beside an outcome series a chosen number of years later, and how they move together.
public struct Association: Sendable, Equatable, Codable {
    /// One year's pair.
    public struct Pair: Sendable, Equatable, Codable {
        /// The spending's fiscal year.
        public var fiscalYear: Int
        /// Spending that year, U.S. cents.
        public var cents: Cents
        /// The outcome's year (fiscal year + lag).
        public var outcomeYear: Int
        /// The outcome's value.
        public var outcome: Double
        /// Its standard error, when published.
        public var standardError: Double?
    }

    /// The pairs, oldest first.
    public var pairs: [Pair]
    /// Years between spending and outcome.
    public var lag: Int
    /// Pearson's correlation of the pairs; nil with fewer than three or no variation.
    public var pearson: Double?
    /// Spearman's rank correlation; nil with fewer than three or no variation.
    public var spearman: Double?
    /// The fewest pairs for which a correlation is reported in words at all.
    public static let minimumPairs = 8

    /// Pairs each fiscal year's spending with the outcome `lag` years later; years missing either side are left out.
    public init(spending: [Int: Cents], outcome: [Int: SeriesPoint], lag: Int) {
        self.lag = lag
        pairs = spending.keys.sorted().compactMap { year in
            guard let cents = spending[year], let point = outcome[year + lag] else { return nil }
            return Pair(
                fiscalYear: year, cents: cents, outcomeYear: year + lag, outcome: point.number,
                standardError: point.standardError)
        }
        let x = pairs.map { Double($0.cents) }
        let y = pairs.map(\.outcome)
        pearson = Self.pearson(x, y)
        spearman = Self.pearson(Self.ranks(x), Self.ranks(y))
    }

    /// The result in plain words, with its caveat; never a causal claim.
    public var sentence: String { sentence(in: .en) }

    /// The result in plain words in this language, with its caveat; never a causal claim.
    public func sentence(in l: ReportLanguage) -> String {
        guard pairs.count >= Self.minimumPairs, let spearman else {
            return l.pick(
                "Only \(counted(pairs.count, "year pairs", "years pair")) up; too few to say whether the two move "
                    + "together.",
                "Solo \(counted(pairs.count, "año se empareja", "años se emparejan")); muy pocos para decir si ambos se "
                    + "mueven juntos.")
        }
        let rho = String(format: "%.2f", spearman)
        let strength = abs(spearman) < 0.3 ? 0 : abs(spearman) < 0.6 ? 1 : 2
        var text =
            l == .en
            ? "Over \(pairs.count) years the two show \(["little or no", "a moderate", "a strong"][strength]) "
                + "association (Spearman \(rho))"
            : "En \(pairs.count) años ambos muestran "
                + ["poca o ninguna asociación", "una asociación moderada", "una asociación fuerte"][strength]
                + " (Spearman \(rho))"
        if strength > 0 {
            text +=
                spearman >= 0
                ? l.pick(", moving in the same direction", ", en el mismo sentido")
                : l.pick(", moving in opposite directions", ", en sentidos opuestos")
        }
        return text
            + l.pick(
                ". This is association, not effect: both may follow other causes (violence, politics, other donors), "
                    + "money is recorded by when it was reported rather than when it worked, and year-to-year changes "
                    + "may be within the indicator's published uncertainty.",
                ". Es asociación, no efecto: ambos pueden responder a otras causas (violencia, política, otros "
                    + "donantes), los montos se registran cuando se informaron y no cuando surtieron efecto, y los "
                    + "cambios de un año a otro pueden estar dentro de la incertidumbre publicada del indicador.")
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count >= 3, x.count == y.count else { return nil }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Average ranks (ties share the mean rank).
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for index in start...end { ranks[order[index]] = rank }
            start = end + 1
        }
        return ranks
    }
}
