public import AtalayaDomain

// MARK: - What each source covers and leaves out

/// What each source covers and leaves out, said beside every figure drawn from it.
public enum SourceCoverage {
    /// IATI: what each publisher chose to publish.
    public static let iati = [
        "IATI holds what each publisher chose to publish. USAID's files carry no military (FMF, IMET, DoD "
            + "counter-drug) or State INL money, so a small interdiction share here is not evidence of a small one "
            + "overall; compare the Greenbook (--source greenbook).",
        "Amounts are converted to U.S. dollars at IMF annual average rates for the year of each value date.",
    ]

    /// The notes for an official dataset, given the objectives (Economic, Military) its current rows hold.
    public static func official(_ dataset: OfficialDataset, objectives: [String], constantDollars: Bool)
        -> [String]
    {
        var notes: [String] = []
        switch dataset {
        case .greenbook:
            notes.append(
                "The Greenbook (U.S. Overseas Loans and Grants) gives obligations by country, fiscal year and "
                    + "account, economic and military, through FY2020. It names accounts but not sectors, so "
                    + "accounts that fund several pillars (INCLE, the Andean Counterdrug Initiative, NADR) are in "
                    + "scope but unclassified.")
        case .faComplete, .faSummary:
            notes.append(
                "ForeignAssistance.gov, as imported: the rows of the exports loaded, by U.S. fiscal year. It already "
                    + "holds what USAID publishes to IATI; never add the two.")
        }
        if !objectives.contains(where: { $0.lowercased() == "military" }) {
            notes.append(
                "No military rows are imported for this source: FMF, IMET and DoD counter-drug money is missing "
                    + "here, not zero.")
        }
        notes.append(
            constantDollars
                ? "Constant U.S. dollars as the dataset states them (its own base year)."
                : "Current (historical) U.S. dollars, as obligated in each year.")
        return notes
    }
}
