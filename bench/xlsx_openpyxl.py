#!/usr/bin/env python3
"""The anchor of bench/xlsx_run.py: openpyxl in read-only mode (streaming, as pandas' read_excel reads .xlsx) reading
a Greenbook workbook's rows under its header and the nine fields Atalaya keeps, amounts as numbers.
Usage: xlsx_openpyxl.py WORKBOOK HEADER_ROW"""
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1], read_only=True)
sheet = book[book.sheetnames[0]]
count = 0
total = 0
for row in sheet.iter_rows(min_row=int(sys.argv[2]) + 1, values_only=True):
    year, region, country, category, publication, agency, account, current, constant = row[:9]
    total += int(current or 0)
    count += 1
print(count, total)
