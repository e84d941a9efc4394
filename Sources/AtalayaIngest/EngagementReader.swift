public import AtalayaDomain
import Foundation

// MARK: - Engagement records from CSV, an Excel workbook's sheet or JSON

/// Reads engagement records: the CSV layout of `../shared/data/engagements` (plus optional `pillars` and
/// `commitments` columns), a sheet of an Excel workbook laid out the same way, or a JSON array of `Engagement`
/// objects. Every record is checked; errors say where.
public struct EngagementReader: Sendable {
    /// The CSV columns, in order; `pillars` and `commitments` may follow.
    public static let csvColumns = [
        "date", "end_date", "kind", "level", "countries", "us_participants", "partner_participants", "topics",
        "summary", "source_url", "source_published",
    ]
    /// The largest JSON file read (it is decoded whole).
    public static let maxJSONBytes = 16 << 20

    /// Creates a reader.
    public init() {}

    /// Every engagement in the file at `path`, checked: an Excel workbook's sheet `sheet` (or its only sheet), JSON
    /// when the name ends in `.json`, CSV otherwise. Dates may be a workbook's date cells.
    public func read(path: String, displayName: String, sheet: String? = nil) throws -> [Engagement] {
        if let sheet = try SheetRows.ofWorkbook(path: path, displayName: displayName, sheet: sheet) {
            return try readRows(sheet.rows, file: sheet.file)
        }
        return path.lowercased().hasSuffix(".json")
            ? try readJSON(path: path, file: displayName)
            : try readRows(CSVReader(path: path, displayName: displayName), file: displayName)
    }

    /// The records of a CSV file or a workbook's sheet, its first row the header.
    private func readRows(_ csv: some RowSource, file: String) throws -> [Engagement] {
        guard try csv.next() else { throw IngestError(file: file, line: 1, message: "the file is empty") }
        let header = try (0..<csv.fieldCount).map { try csv.string($0, field: "header").trimmingSpaces() }
        let extra = Array(header.dropFirst(Self.csvColumns.count))
        guard Array(header.prefix(Self.csvColumns.count)) == Self.csvColumns,
            extra.allSatisfy({ $0 == "pillars" || $0 == "commitments" }), Set(extra).count == extra.count
        else {
            throw IngestError(
                file: file, line: 1,
                message: "the engagements layout is \(Self.csvColumns.joined(separator: ","))[,pillars][,commitments]")
        }
        var out: [Engagement] = []
        while try csv.next() {
            try csv.requireFields(header.count)
            let line = csv.line
            func text(_ name: String) throws -> String? {
                guard let index = header.firstIndex(of: name) else { return nil }
                return try csv.optionalString(index, field: name)
            }
            func list(_ name: String) throws -> [String] {
                (try text(name) ?? "").split(separator: ";").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
            }
            let kindText = try text("kind") ?? ""
            let levelText = try text("level") ?? ""
            guard let kind = Engagement.Kind(rawValue: kindText) else {
                throw IngestError(
                    file: file, line: line, field: "kind", message: Self.oneOf(kindText, Engagement.Kind.allCases))
            }
            guard let level = Engagement.Level(rawValue: levelText) else {
                throw IngestError(
                    file: file, line: line, field: "level", message: Self.oneOf(levelText, Engagement.Level.allCases))
            }
            var pillars: [Pillar] = []
            for name in try list("pillars") {
                guard let pillar = Pillar(rawValue: name) else {
                    throw IngestError(
                        file: file, line: line, field: "pillars", message: Self.oneOf(name, Pillar.allCases))
                }
                pillars.append(pillar)
            }
            var commitments: [Engagement.Commitment] = []
            for entry in try list("commitments") {
                let parts = entry.split(separator: "|", omittingEmptySubsequences: false).map {
                    String($0).trimmingSpaces()
                }
                guard parts.count == 3, let status = Engagement.Commitment.Status(rawValue: parts[2]) else {
                    throw IngestError(
                        file: file, line: line, field: "commitments",
                        message: "\(quoted(entry)) is not text|due date|open, met or missed")
                }
                commitments.append(
                    Engagement.Commitment(text: parts[0], due: parts[1].isEmpty ? nil : parts[1], status: status))
            }
            let engagement = Engagement(
                date: try text("date") ?? "", endDate: try text("end_date"), kind: kind, level: level,
                countries: try list("countries").map { $0.uppercased() }, usParticipants: try text("us_participants"),
                partnerParticipants: try text("partner_participants"), topics: try list("topics"), pillars: pillars,
                summary: try text("summary") ?? "", sourceURL: try text("source_url") ?? "",
                sourcePublished: try text("source_published"), commitments: commitments)
            try Self.check(engagement, file: file, line: line)
            out.append(engagement)
        }
        return out
    }

    private func readJSON(path: String, file: String) throws -> [Engagement] {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= Self.maxJSONBytes else {
            throw IngestError(file: file, message: "larger than \(Self.maxJSONBytes >> 20) MB; split it")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw IngestError(file: file, message: "cannot read: \(FileDigest.reason(error))")
        }
        let engagements: [Engagement]
        do {
            engagements = try JSONInputProblem.decode([Engagement].self, from: data)
        } catch {
            throw IngestError(
                file: file, line: error.line, column: error.column, field: error.field, message: error.message)
        }
        for (index, engagement) in engagements.enumerated() {
            do {
                try Self.check(engagement, file: file, line: nil)
            } catch var error as IngestError {
                error.field = "[\(index)]" + (error.field.map { ".\(Self.jsonKeys[$0] ?? $0)" } ?? "")
                throw error
            }
        }
        return engagements
    }

    /// The JSON keys of the fields whose CSV column is spelt otherwise, for errors that name the key in the file.
    static let jsonKeys = [
        "end_date": "endDate", "us_participants": "usParticipants", "partner_participants": "partnerParticipants",
        "source_url": "sourceURL", "source_published": "sourcePublished",
    ]

    /// Checks dates, countries, the summary and the source of one engagement.
    public static func check(_ engagement: Engagement, file: String, line: Int?) throws {
        func fail(_ field: String, _ message: String) -> IngestError {
            IngestError(file: file, line: line, field: field, message: message)
        }
        guard DayCount.isDate(engagement.date) else {
            throw fail("date", "\(quoted(engagement.date)) is not YYYY-MM-DD")
        }
        if let end = engagement.endDate {
            guard DayCount.isDate(end), end >= engagement.date else {
                throw fail("end_date", "\(quoted(end)) is not a YYYY-MM-DD on or after the date")
            }
        }
        guard !engagement.countries.isEmpty else { throw fail("countries", "no partner country") }
        for country in engagement.countries where !Countries.iso2.contains(country) {
            throw fail(
                "countries", "\(quoted(country)) is not an ISO 3166-1 alpha-2 code" + Countries.suggestion(for: country)
            )
        }
        guard !engagement.summary.isEmpty else { throw fail("summary", "empty") }
        let texts: [(String, String?)] =
            [
                ("summary", engagement.summary), ("source_url", engagement.sourceURL),
                ("us_participants", engagement.usParticipants),
                ("partner_participants", engagement.partnerParticipants),
                ("source_published", engagement.sourcePublished),
            ] + engagement.topics.map { ("topics", $0) } + engagement.commitments.map { ("commitments", $0.text) }
        for (field, text) in texts where text?.utf8.contains(0) == true {
            throw fail(field, "holds a NUL character (U+0000)")
        }
        guard engagement.sourceURL.hasPrefix("https://") || engagement.sourceURL.hasPrefix("http://") else {
            throw fail("source_url", "every engagement names where it was reported (an http(s) address)")
        }
        for commitment in engagement.commitments {
            if let due = commitment.due, !DayCount.isDate(due) {
                throw fail("commitments", "due date \(quoted(due)) is not YYYY-MM-DD")
            }
        }
    }

    static func oneOf<T: RawRepresentable & CaseIterable>(_ given: String, _ cases: [T]) -> String
    where T.RawValue == String {
        listedValueMessage(given, cases.map(\.rawValue))
    }
}
