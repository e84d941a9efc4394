#!/usr/bin/env python3
"""Makes a SYNTHETIC workbook for bench/xlsx_run.py: the Greenbook's real workbook with its sheet's data rows written
TIMES over, renumbered, and the sheet's dimension set to match (openpyxl's read-only mode stops there).
Usage: make_synthetic_xlsx.py GREENBOOK.xlsx TIMES OUT.xlsx"""
import os
import re
import sys
import zipfile

source_path, times, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sheet_part = "xl/worksheets/sheet1.xml"
header_rows = 7
with zipfile.ZipFile(source_path) as source:
    xml = source.read(sheet_part).decode()
    start = xml.index("<sheetData>") + len("<sheetData>")
    end = xml.index("</sheetData>")
    rows = re.findall(r"<row [^>]*?(?:/>|>.*?</row>)", xml[start:end], re.S)
    head, body = rows[:header_rows], rows[header_rows:]
    last = header_rows + len(body) * times
    prologue = re.sub(r'<dimension ref="A1:([A-Z]+)\d+"/>', rf'<dimension ref="A1:\g<1>{last}"/>', xml[:start])
    with zipfile.ZipFile(path + ".part", "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != sheet_part:
                target.writestr(item, source.read(item.filename))
        with target.open(sheet_part, "w", force_zip64=True) as sheet:
            sheet.write((prologue + "".join(head)).encode())
            number = header_rows
            for _ in range(times):
                for row in body:
                    number += 1
                    sheet.write(re.sub(r'(r="[A-Z]*)\d+"', lambda m: f'{m.group(1)}{number}"', row).encode())
            sheet.write(xml[end:].encode())
os.replace(path + ".part", path)
