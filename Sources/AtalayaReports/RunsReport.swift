import AtalayaDomain
public import AtalayaStore
import Foundation

// MARK: - The import history and a run's warnings, for other tools

/// Import runs and their warnings as CSV or JSON; the JSON objects have the fields of `GET /api/v1/runs` and
/// `GET /api/v1/runs/{run}/warnings` items.
public enum RunsReport {
    /// One line per run: `run,source,file,sha256,publisher,vintage,format_version,imported_at,activities_new,
    /// activities_updated,activities_unchanged,rows,warnings,sheet` (the counts are of IATI activities and of
    /// monitoring periods, empty for other sources; the sheet is a workbook's, empty for other files).
    public static func csv(_ runs: [ImportRun]) -> String {
        var lines = [
            "run,source,file,sha256,publisher,vintage,format_version,imported_at,activities_new,activities_updated,"
                + "activities_unchanged,rows,warnings,sheet"
        ]
        for run in runs {
            let activities =
                run.countsVersions
                ? [run.activitiesNew, run.activitiesUpdated, run.activitiesUnchanged].map(String.init) : ["", "", ""]
            let fields =
                [
                    String(run.id), run.source, run.fileName, run.sha256, run.publisher ?? "", run.vintage ?? "",
                    run.formatVersion ?? "", run.importedAt,
                ] + activities + [String(run.transactions), String(run.warnings), run.sheet ?? ""]
            lines.append(fields.map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line on a removed run: what it was and what it took ("run 7 (usaid-mx.xml, iati) removed on …: 289
    /// activities").
    public static func removalLine(_ removed: RemovedRun) -> String {
        let run = removed.run
        let what =
            switch run.source {
            case "iati": counted(removed.records, "activity", "activities")
            case "indicators": counted(removed.records, "value", "values")
            case "engagements": counted(removed.records, "engagement", "engagements")
            case "monitoring": counted(removed.records, "period", "periods")
            default: counted(removed.records, "row", "rows")
            }
        return "run \(run.id) (\(run.fileLabel), \(run.source)\(run.vintage.map { " " + $0 } ?? "")) removed on "
            + "\(removed.removedAt): \(what)"
    }

    /// Every run as a JSON array, oldest first.
    public static func json(_ runs: [ImportRun]) throws -> String {
        try encode(runs)
    }

    /// One line per warning: `line,kind,activity,message`.
    public static func csv(_ warnings: [StoredWarning]) -> String {
        var lines = ["line,kind,activity,message"]
        for warning in warnings {
            lines.append(
                [String(warning.line), warning.kind, warning.activity ?? "", warning.message].map(CSVField.escape)
                    .joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A run's warnings as a JSON array, in the order they were recorded.
    public static func json(_ warnings: [StoredWarning]) throws -> String {
        try encode(warnings)
    }

    private static func encode<Item: Encodable>(_ value: [Item]) throws -> String {
        guard !value.isEmpty else { return "[]" }  // pretty-printed, an empty array would take three lines
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
