public import Foundation
import ZIPFoundation

/// Builds SYNTHETIC Excel workbooks (`.xlsx`) for tests: the parts Excel writes, with sheets given as their XML rows.
public enum SyntheticWorkbook {
    /// A cell: a shared string, an inline string, a number as written, a number in a cell style (see `styles`), or
    /// raw XML for the cell's content.
    public enum Cell {
        case text(String)
        case inline(String)
        case number(String)
        case styled(Int, String)
        case raw(type: String?, xml: String)
    }

    /// The cell styles every synthetic workbook has: 0 General, 1 the built-in date format 14, 2 a custom date and
    /// time (`yyyy\-mm\-dd hh:mm`), 3 the built-in `#,##0`, 4 a custom number format with quoted text and a colour.
    public static let styles =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd hh:mm"/><numFmt numFmtId="165" formatCode="[Red]&quot;Days: &quot;0.00"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="3" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>"#

    /// Writes a workbook named `name` (it should say SYNTHETIC) with `sheets` (name and rows, each row its cells from
    /// column A), and `modified` as its last-saved date; `extra` replaces or adds parts by path. Returns its path.
    public static func file(
        _ name: String, sheets: [(String, [[Cell?]])], modified: String? = "2024-03-05T10:00:00Z",
        extra: [String: String] = [:]
    ) throws -> String {
        var strings: [String] = []
        var parts: [(String, String)] = []
        parts.append(
            (
                "[Content_Types].xml",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#
            ))
        var sheetList = ""
        var relations = ""
        for (index, (sheetName, rows)) in sheets.enumerated() {
            sheetList += #"<sheet name="\#(escaped(sheetName))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
            relations +=
                #"<Relationship Id="rId\#(index + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
            var xml = ""
            for (rowIndex, row) in rows.enumerated() {
                xml += #"<row r="\#(rowIndex + 1)">"#
                for (column, cell) in row.enumerated() {
                    guard let cell else { continue }
                    let reference = columnName(column) + String(rowIndex + 1)
                    switch cell {
                    case .text(let text):
                        strings.append(text)
                        xml += #"<c r="\#(reference)" t="s"><v>\#(strings.count - 1)</v></c>"#
                    case .inline(let text):
                        xml += #"<c r="\#(reference)" t="inlineStr"><is><t>\#(escaped(text))</t></is></c>"#
                    case .number(let text):
                        xml += #"<c r="\#(reference)"><v>\#(text)</v></c>"#
                    case .styled(let style, let text):
                        xml += #"<c r="\#(reference)" s="\#(style)"><v>\#(text)</v></c>"#
                    case .raw(let type, let content):
                        xml += #"<c r="\#(reference)"\#(type.map { " t=\"\($0)\"" } ?? "")>\#(content)</c>"#
                    }
                }
                xml += "</row>"
            }
            parts.append(
                (
                    "xl/worksheets/sheet\(index + 1).xml",
                    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\#(xml)</sheetData></worksheet>"#
                ))
        }
        relations +=
            #"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
            + #"<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
        parts.append(("xl/styles.xml", styles))
        parts.append(
            (
                "xl/workbook.xml",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\#(sheetList)</sheets></workbook>"#
            ))
        parts.append(
            (
                "xl/_rels/workbook.xml.rels",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(relations)</Relationships>"#
            ))
        parts.append(
            (
                "xl/sharedStrings.xml",
                #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
                    + strings.map { "<si><t>\(escaped($0))</t></si>" }.joined() + "</sst>"
            ))
        if let modified {
            parts.append(
                (
                    "docProps/core.xml",
                    #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dcterms:modified xsi:type="dcterms:W3CDTF">\#(modified)</dcterms:modified></cp:coreProperties>"#
                ))
        }
        for (path, text) in extra.sorted(by: { $0.key < $1.key }) {
            parts.removeAll { $0.0 == path }
            parts.append((path, text))
        }
        return try write(name, parts: parts.map { ($0.0, Data($0.1.utf8)) })
    }

    /// Writes a ZIP archive of `parts` (deflated, in order) to a fresh scratch file named `name`; returns its path.
    public static func write(_ name: String, parts: [(String, Data)]) throws -> String {
        let path = try Scratch.file(name, contents: Data())
        try FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (part, data) in parts {
            try archive.addEntry(
                with: part, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<(Int(position) + size)) })
        }
        return path
    }

    /// `A` for 0, `AA` for 26.
    public static func columnName(_ column: Int) -> String {
        var letters = ""
        var rest = column + 1
        while rest > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (rest - 1) % 26))) + letters
            rest = (rest - 1) / 26
        }
        return letters
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
