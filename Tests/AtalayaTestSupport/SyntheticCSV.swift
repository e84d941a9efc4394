import Foundation

// MARK: - CSV lines made up for tests

/// Builds CSV lines for tests, a value per named column and the rest empty (RFC 4180 quoting).
public enum SyntheticCSV {
    /// One line of `columns`, each field quoted: the value `values` gives for the column, else empty. A name that
    /// is not among the columns stops the test, as a misspelt column would otherwise test nothing.
    public static func line(_ columns: [String], _ values: KeyValuePairs<String, String>) -> String {
        var fields = [String](repeating: "", count: columns.count)
        for (name, value) in values {
            guard let index = columns.firstIndex(of: name) else { fatalError("no column \"\(name)\"") }
            fields[index] = value
        }
        return fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
    }
}
