import Foundation

// MARK: - Shares as people read them

/// Shares written as percentages for people: rounded, except that a share strictly between none and all never
/// reads as `0%` or `100%` (it reads `<1%` or `>99%`), so "100% beyond interdiction" means that none of the money
/// was interdiction and "100% of periods reported" that none is missing. Shares below 0 or above 1 (money taken
/// back, a target overshot) are rounded as they are. Machine-readable outputs (CSV, JSON) keep the unrounded value.
public enum ShareText {
    /// `share` (a fraction, 1 is all) as a percentage with `decimals` decimals (0 or 1): `42%`, `>99%`, `<0.1%`.
    public static func percent(_ share: Double, decimals: Int = 0) -> String {
        let scale = decimals == 0 ? 1.0 : 10.0
        let units = (share * 100 * scale).rounded()
        return text(units: units, scale: scale, strictlyInside: share > 0 && share < 1, decimals: decimals)
    }

    /// `part` as a percentage of `whole` (positive), rounded half away from zero in integers, with `decimals`
    /// decimals (0 or 1).
    public static func percent(_ part: Int64, of whole: Int64, decimals: Int = 0) -> String {
        precondition(whole > 0, "a share needs a positive whole")
        let scale: UInt128 = decimals == 0 ? 1 : 10
        // In 128 bits: a part of more than 9.2 × 10^15 cents passed 64 bits once multiplied by 2,000.
        let doubled = UInt128(part.magnitude) * 200 * scale
        let magnitude = (doubled + UInt128(whole.magnitude)) / (UInt128(whole.magnitude) * 2)
        return text(
            units: Double(magnitude) * (part < 0 ? -1 : 1), scale: Double(scale),
            strictlyInside: part > 0 && part < whole, decimals: decimals)
    }

    /// A change (a fraction: 0.12 is 12% more) as a signed whole percentage, `+12%` or `-5%`; `–` when it is not a
    /// number. A change from one cent to a fortune is written out, where converting it to `Int` stopped the process.
    public static func change(_ fraction: Double) -> String {
        let units = (fraction * 100).rounded()
        guard units.isFinite else { return "–" }
        return (fraction >= 0 ? "+" : "") + whole(units) + "%"
    }

    private static func text(units: Double, scale: Double, strictlyInside: Bool, decimals: Int) -> String {
        guard units.isFinite else { return "–" }
        let all = 100 * scale
        if strictlyInside && units <= 0 { return "<" + number(1, scale: scale, decimals: decimals) + "%" }
        if strictlyInside && units >= all { return ">" + number(all - 1, scale: scale, decimals: decimals) + "%" }
        return number(units == 0 ? 0 : units, scale: scale, decimals: decimals) + "%"
    }

    private static func number(_ units: Double, scale: Double, decimals: Int) -> String {
        decimals == 0 ? whole(units) : String(format: "%.\(decimals)f", units / scale)
    }

    /// A whole number as an integer, or written out when it is past what `Int` holds (a share of 10^17%, from
    /// amounts no real budget has), where converting it trapped.
    private static func whole(_ units: Double) -> String {
        units.magnitude < 1e18 ? String(Int(units)) : String(format: "%.0f", units)
    }
}
