// MARK: - A program office's own monitoring data: indicator periods with baseline, target and actual

/// One period of one program indicator, from a program office's monitoring file (its results framework, as the
/// office tracks it). Values are kept as written (decimal text); they are indicator values, not money.
public struct MonitoringPeriod: Sendable, Equatable, Codable {
    /// The program: its IATI identifier, so that its results stand beside its money, or the office's own code.
    public var program: String
    /// The partner country, ISO 3166-1 alpha-2.
    public var country: String
    /// The indicator, as the office names it.
    public var indicator: String
    /// True when higher is better.
    public var ascending: Bool
    /// The indicator's baseline, when there is one.
    public var baseline: String?
    /// The period's first day (YYYY-MM-DD).
    public var periodStart: String
    /// The period's last day (YYYY-MM-DD).
    public var periodEnd: String
    /// The period's target.
    public var target: String?
    /// The period's actual, once reported.
    public var actual: String?
    /// The line in the file.
    public var line: Int

    /// Creates a period.
    public init(
        program: String, country: String, indicator: String, ascending: Bool, baseline: String?, periodStart: String,
        periodEnd: String, target: String?, actual: String?, line: Int
    ) {
        self.program = program
        self.country = country
        self.indicator = indicator
        self.ascending = ascending
        self.baseline = baseline
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.target = target
        self.actual = actual
        self.line = line
    }

    /// True when `other` reports the same values for the same period (the line may differ).
    public func sameValues(as other: MonitoringPeriod) -> Bool {
        var same = other
        same.line = line
        return same == self
    }
}
