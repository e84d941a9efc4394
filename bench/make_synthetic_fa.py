#!/usr/bin/env python3
"""Writes a SYNTHETIC ForeignAssistance.gov complete-dataset file at the real 51-column header.

Rows are the real rows of the staged Ecuador and El Salvador exports (../shared/data/foreignassistance-gov), re-dealt:
country, fiscal year, activity id and amounts are varied so that the file has the size and spread of the complete
dataset (about 4M rows). It is not real data. Usage: make_synthetic_fa.py ROWS OUT.csv [SHARED_DATA]
"""
import csv
import os
import random
import sys

rows = int(sys.argv[1])
out = sys.argv[2]
shared = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
exports = os.path.join(shared, "foreignassistance-gov", "complete-dataset-extracts")

seed = []
header = None
for name in sorted(os.listdir(exports)):
    with open(os.path.join(exports, name), encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        seed.extend(reader)

countries = [("218", "ECU", "Ecuador"), ("222", "SLV", "El Salvador"), ("484", "MEX", "Mexico"),
             ("170", "COL", "Colombia"), ("320", "GTM", "Guatemala"), ("340", "HND", "Honduras"),
             ("604", "PER", "Peru"), ("068", "BOL", "Bolivia"), ("332", "HTI", "Haiti"), ("188", "CRI", "Costa Rica"),
             ("591", "PAN", "Panama"), ("388", "JAM", "Jamaica"), ("214", "DOM", "Dominican Republic"),
             ("558", "NIC", "Nicaragua"), ("076", "BRA", "Brazil"), ("600", "PRY", "Paraguay")]
col = {name: i for i, name in enumerate(header)}
rng = random.Random(20261129)
with open(out, "w", encoding="utf-8", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(header)
    for n in range(rows):
        row = list(rng.choice(seed))
        country = rng.choice(countries)
        row[col["Country ID"]], row[col["Country Code"]], row[col["Country Name"]] = country
        row[col["Fiscal Year"]] = str(rng.randint(2001, 2024))
        row[col["Activity ID"]] = str(100000 + n // 4)
        amount = rng.randint(-50_000, 5_000_000)
        row[col["Current Dollar Amount"]] = str(amount)
        row[col["Constant Dollar Amount"]] = str(amount * 11 // 10)
        writer.writerow(row)
