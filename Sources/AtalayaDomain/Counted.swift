// MARK: - Counts in words

/// `count` followed by the singular or the plural wording: `counted(1, "program", "programs")` is "1 program".
public func counted(_ count: Int, _ singular: String, _ plural: String) -> String {
    "\(DecimalText.formatCount(count)) \(count == 1 ? singular : plural)"
}
