import AtalayaStore
import GRDB

// MARK: - The recipient, year and publisher filters every figure query shares

extension PortfolioQuery {
    /// Appends the query's recipient, year and publisher filters as SQL conditions with bound arguments, on the
    /// given columns.
    func appendFilters(
        to conditions: inout [String], _ arguments: inout [any DatabaseValueConvertible], recipient: String,
        year: String, publisher: String
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
        if !publishers.isEmpty {
            conditions.append("\(publisher) IN (\(publishers.map { _ in "?" }.joined(separator: ",")))")
            arguments += publishers
        }
    }
}
