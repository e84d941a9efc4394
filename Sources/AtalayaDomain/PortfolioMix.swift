// MARK: - The mix: beyond-interdiction and institution-building shares

/// Shares of a portfolio by pillar, with the denominator stated (DESIGN.md "Figures").
public struct PortfolioMix: Sendable, Equatable {
    /// Amounts by pillar.
    public var byPillar: [Pillar: Cents]
    /// All classified security cooperation: every pillar but `unclassified` and `out_of_scope`.
    public var classifiedTotal: Cents
    /// 1 − interdiction / classified total; nil when the total is not positive.
    public var beyondInterdictionShare: Double?
    /// (law enforcement + justice + anti-corruption + governance) / classified total; nil when not positive.
    public var institutionBuildingShare: Double?

    /// Computes the mix from amounts by pillar.
    public init(byPillar: [Pillar: Cents]) {
        self.byPillar = byPillar
        let classified = byPillar.filter { $0.key != .unclassified && $0.key != .outOfScope }
        classifiedTotal = classified.values.reduce(0, +)
        let interdiction = byPillar[.interdiction] ?? 0
        let institutions = classified.filter { $0.key.isInstitutionBuilding }.values.reduce(0, +)
        if classifiedTotal > 0 {
            beyondInterdictionShare = 1 - Double(interdiction) / Double(classifiedTotal)
            institutionBuildingShare = Double(institutions) / Double(classifiedTotal)
        }
    }
}
