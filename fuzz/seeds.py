#!/usr/bin/env python3
"""Seed corpora and dictionaries for the fuzz targets, made from the real public data beside the repository.

IATI: the IATI standard's own small test files, and each real activity file cut to its first two activities.
Tables: the first lines of each real CSV and two small real workbooks, behind the byte that picks their reader (see
Sources/FuzzTables), and a monitoring file and an engagement list made up here (named so).
"""
import glob
import os
import re
import sys

DATA = os.environ.get("ATALAYA_SHARED_DATA") or os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data")
HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLED = os.path.join(HERE, "..", "Sources", "AtalayaBundledData", "Resources")


def head(path, lines):
    with open(path, "rb") as f:
        return b"".join(line for _, line in zip(range(lines), f))


def iati(out):
    os.makedirs(out, exist_ok=True)
    names = set()
    count = 0
    for path in sorted(glob.glob(os.path.join(DATA, "iati-schema-2.03", "**", "*.xml"), recursive=True)):
        if os.path.getsize(path) < 16384:
            with open(path, "rb") as f:
                open(os.path.join(out, "schema-%d.xml" % count), "wb").write(f.read())
            count += 1
    for path in sorted(glob.glob(os.path.join(DATA, "iati-activities", "**", "*.xml"), recursive=True)):
        text = open(path, "rb").read()
        names.update(re.findall(rb"<([A-Za-z][\w:-]*)", text[:2_000_000]))
        start = text.find(b"<iati-activity")
        end = text.find(b"</iati-activity>", text.find(b"</iati-activity>", start) + 1)
        if start < 0 or end < 0 or end - start > 60_000:
            end = text.find(b"</iati-activity>", start)
        if start < 0 or end < 0 or end - start > 60_000:
            continue
        seed = text[: end + len("</iati-activity>")] + b"\n</iati-activities>\n"
        open(os.path.join(out, "real-%d.xml" % count), "wb").write(seed)
        count += 1
    extra = [
        "<!DOCTYPE", "<!ENTITY", "&amp;", "<![CDATA[", 'xml:lang="es"', 'iso-date="2020-01-01"',
        'value-date="2015-01-01"', 'currency="EUR"', 'percentage="50"', 'vocabulary="1"', 'code="15130"',
        'version="2.03"', 'generated-datetime="2025-04-03T20:52:13Z"', 'code="1000"', 'humanitarian="false"',
    ]
    with open(out + ".dict", "w") as d:
        for name in sorted(names):
            d.write('"%s"\n' % name.decode())
        for token in extra:
            d.write('"%s"\n' % token.replace('"', '\\"'))
    return count


SYNTHETIC_MONITORING = b"""program,country,indicator,ascending,baseline,period_start,period_end,target,actual
SYNTHETIC-OFFICE-SV-001,SV,Judges trained in oral trial procedure,true,0,2024-01-01,2024-12-31,200,150
SYNTHETIC-OFFICE-SV-001,sv,Case backlog in pilot courts,false,1200,2025-01-01,2025-06-30,900,1100
"""
SYNTHETIC_ENGAGEMENTS = b'[{"date":"2025-01-01","country":"SV","kind":"visit","level":"minister","title":"SYNTHETIC"}]'


def budget_sheet(rows):
    """The first `rows` rows of the real budget workbook's FY2009 sheet, in a small workbook of one sheet whose text
    cells are inline strings (numbers stay numbers)."""
    import html
    import io
    import re
    import zipfile
    source = zipfile.ZipFile(os.path.join(DATA, "state-dept-cbj-account-by-country", "STATE budget by country.xlsx"))
    strings = [html.unescape(re.sub(r"<[^>]+>", "", text))
               for text in re.findall(r"<si>(.*?)</si>", source.read("xl/sharedStrings.xml").decode(), re.S)]
    sheet = source.read("xl/worksheets/sheet9.xml").decode()  # FY09
    cells = []
    for number, inner in re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', sheet)[:rows]:
        row = ""
        for ref, attributes, body in re.findall(r'<c r="([A-Z]+\d+)"([^>]*?)(?:/>|>(.*?)</c>)', inner):
            value = re.search(r"<v>(.*?)</v>", body or "")
            if value is None:
                continue
            if 't="s"' in attributes:
                text = html.escape(strings[int(value.group(1))])
                row += '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)
            else:
                row += '<c r="%s"><v>%s</v></c>' % (ref, value.group(1))
        cells.append('<row r="%s">%s</row>' % (number, row))
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", source.read("[Content_Types].xml"))
        book.writestr("xl/workbook.xml", '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="FY09" sheetId="1" '
                      'r:id="rId1"/></sheets></workbook>' % (main, relations))
        book.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                      '2006/relationships"><Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/>'
                      '</Relationships>' % relations)
        book.writestr("xl/worksheets/sheet1.xml",
                      '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (main, "".join(cells)))
    return out.getvalue()


def tables(out):
    os.makedirs(out, exist_ok=True)
    seeds = []
    for path in sorted(glob.glob(os.path.join(DATA, "foreignassistance-gov", "**", "*.csv"), recursive=True)):
        seeds.append((0, head(path, 25)))
    for path in sorted(glob.glob(os.path.join(BUNDLED, "greenbook", "*.csv"))):
        seeds.append((0, head(path, 25)))
    seeds.append((1, SYNTHETIC_MONITORING))
    for path in sorted(glob.glob(os.path.join(DATA, "country-indicators", "**", "*.csv"), recursive=True)):
        seeds.append((2, head(path, 25)))
    for path in sorted(glob.glob(os.path.join(DATA, "engagements", "*.csv"))):
        seeds.append((3, head(path, 25)))
    seeds.append((3 + 6, SYNTHETIC_ENGAGEMENTS))  # an odd multiple of the six readers past 3: read as JSON
    for path in sorted(glob.glob(os.path.join(DATA, "state-dept-cbj-account-by-country", "STATE*.csv"))):
        seeds.append((4, head(path, 40)))
        seeds.append((5, head(path, 40)))
    # Two small real workbooks, for the readers that take workbooks (official, monitoring, series, engagements,
    # budget tables; the Windows-1252 budget reader refuses one).
    for name in ["country-indicators/transparency-cpi/Corruption Perception Index.xlsx",
                 "state-dept-cbj-account-by-country/data-dictionary.xlsx"]:
        workbook = open(os.path.join(DATA, name), "rb").read()
        seeds.extend((reader, workbook) for reader in range(6))
    # The budget workbook's FY2009 sheet (its header over two rows), its first 40 rows in a workbook of their own.
    seeds.append((4, budget_sheet(40)))
    for number, (reader, data) in enumerate(seeds):
        open(os.path.join(out, "seed-%d" % number), "wb").write(bytes([reader]) + data)
    with open(out + ".dict", "w") as d:
        for token in ["PK\\x03\\x04", "\\x22", ",", "\\x0d\\x0a", "Fiscal Year", "Current Dollar Amount",
                      "Constant Dollar Amount", "1976tq", "TOTAL", "\\xef\\xbb\\xbf"]:
            d.write('"%s"\n' % token)
    return len(seeds)


if __name__ == "__main__":
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, ".build", "seeds")
    print("IATI seeds:", iati(os.path.join(folder, "iati")))
    print("table seeds:", tables(os.path.join(folder, "tables")))
