import AtalayaStore
import GRDB

// MARK: - The recipient and year filters every figure query shares

extension PortfolioQuery {
    /// Appends the query's recipient and year bounds as SQL conditions with bound arguments, on the given columns.
    func appendRecipientAndYears(
        to conditions: inout [String], _ arguments: inout [any DatabaseValueConvertible], recipient: String,
        year: String
    ) {
        if !countries.isEmpty {
            conditions.append("\(recipient) IN (\(countries.map { _ in "?" }.joined(separator: ",")))")
            arguments += countries
        }
        if let fromYear {
            conditions.append("\(year) >= ?")
            arguments.append(fromYear)
        }
        if let toYear {
            conditions.append("\(year) <= ?")
            arguments.append(toYear)
        }
    }
}
