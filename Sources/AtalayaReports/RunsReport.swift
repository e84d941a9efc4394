public import AtalayaDomain
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
    /// activities"; "importación 7 (…) retirada el …: 289 actividades").
    public static func removalLine(_ removed: RemovedRun, in l: ReportLanguage = .en) -> String {
        let run = removed.run
        let (one, many) =
            switch run.source {
            case "iati": (l.pick("activity", "actividad"), l.pick("activities", "actividades"))
            case "indicators": (l.pick("value", "valor"), l.pick("values", "valores"))
            case "engagements": (l.pick("engagement", "contacto"), l.pick("engagements", "contactos"))
            case "monitoring": (l.pick("period", "periodo"), l.pick("periods", "periodos"))
            default: (l.pick("row", "fila"), l.pick("rows", "filas"))
            }
        let what = counted(removed.records, one, many)
        let file = "(\(run.fileLabel), \(run.source)\(run.vintage.map { " " + $0 } ?? ""))"
        return l.pick(
            "run \(run.id) \(file) removed on \(removed.removedAt): \(what)",
            "importación \(run.id) \(file) retirada el \(removed.removedAt): \(what)")
    }

    /// The import history as a text table in this language, oldest first, with the removed runs under it; the
    /// counts of new, updated and unchanged are blank for sources that have none.
    public static func table(_ runs: [ImportRun], removed: [RemovedRun], in l: ReportLanguage = .en) -> String {
        let rows = runs.map { run in
            [
                String(run.id), run.source, run.fileLabel, run.publisher ?? "", run.vintage ?? "", run.importedAt,
            ]
                + (run.countsVersions
                    ? [String(run.activitiesNew), String(run.activitiesUpdated), String(run.activitiesUnchanged)]
                    : ["", "", ""]) + [
                    String(run.transactions), String(run.warnings), String(run.sha256.prefix(12)),
                ]
        }
        var out: String
        if rows.isEmpty {
            out = l.pick(
                "No import runs in this ledger yet: `atalaya import iati FILE…` or `atalaya demo` adds some.",
                "Estos datos aún no tienen importaciones: `atalaya import iati ARCHIVO…` o `atalaya demo` las añade.")
        } else {
            let header =
                l == .en
                ? [
                    "run", "source", "file", "publisher", "vintage", "imported", "new", "updated", "unchanged", "rows",
                    "warnings", "sha256",
                ]
                : [
                    "n.º", "fuente", "archivo", "publicador", "versión", "importado", "nuevas", "actualizadas",
                    "sin cambios", "filas", "avisos", "sha256",
                ]
            out = TextTable.render(header: header, rows: rows)
        }
        if !removed.isEmpty {
            out += "\n\n" + l.pick("Removed:", "Retiradas:")
            for removal in removed { out += "\n  " + removalLine(removal, in: l) }
        }
        return out + "\n"
    }

    /// A run's warnings as text, one a line (`line N`, kind, activity, message), in the order they were recorded.
    /// In Spanish the kind is in words and the message, stored in English, is translated where its template is
    /// known, else given in English and marked so.
    public static func warningsTable(_ warnings: [StoredWarning], of run: ImportRun, in l: ReportLanguage = .en)
        -> String
    {
        guard !warnings.isEmpty else {
            return l.pick(
                "run \(run.id) (\(run.fileLabel)): no warnings", "importación \(run.id) (\(run.fileLabel)): sin avisos")
                + "\n"
        }
        var out = ""
        if l == .es {
            out +=
                "Los mensajes se guardaron en inglés al importar el archivo y se muestran traducidos; el CSV y el JSON "
                + "los dan como se guardaron, con el código de cada tipo.\n"
        }
        for warning in warnings {
            let (kind, message) =
                l == .en
                ? (warning.kind, warning.message)
                : (
                    l.warningKind(warning.kind),
                    l.warningMessage(kind: warning.kind, warning.message) ?? "(en inglés) " + warning.message
                )
            out +=
                "\(l.pick("line", "línea")) \(warning.line)\t\(kind)\t\(warning.activity ?? "-")\t\(message)\n"
        }
        if let notKept = l.warningsNotKept(counted: run.warnings, kept: warnings.count) { out += notKept + "\n" }
        return out
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
