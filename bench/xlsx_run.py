#!/usr/bin/env python3
"""Excel workbook benchmark (not a test), side by side in one run: Atalaya's `import greenbook` of the Greenbook's
real workbook (inflate, parse, classify, write SQLite) beside the same import of its CSV copy (the same rows), Python
openpyxl in read-only mode reading the sheet's rows and the same nine fields (the anchor: how Python tools, pandas'
read_excel among them, read .xlsx), and Python's zipfile inflating the sheet's XML and nothing else. Prints rows/s,
ratios and peak RSS; each figure is the median of RUNS rounds (each tool once a round, in turn), each a fresh process.
With REPEAT > 1, a SYNTHETIC workbook holds the sheet's rows REPEAT times (for peak memory on a larger sheet).
Usage: bench/xlsx_run.py [REPEAT] [RUNS]   (defaults 1, 5).
"""
import os
import subprocess
import sys
import zipfile

from common import measure_rounds, release_binary, remove_ledger, warm

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 1
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
out = os.path.join(here, "out")
os.makedirs(out, exist_ok=True)
shared = os.environ.get("ATALAYA_SHARED_DATA", os.path.join(root, "..", "shared", "data"))
greenbook = os.path.join(shared, "foreignassistance-gov", "greenbook")
workbook = os.path.join(greenbook, "us_foreignaid_greenbook.xlsx")
csv_copy = os.path.join(greenbook, "us_foreignaid_greenbook_1946-2020.derived.csv")
sheet_part = "xl/worksheets/sheet1.xml"
header_rows = 7

try:
    import openpyxl  # noqa: F401
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "openpyxl==3.1.5"], check=True)


def synthetic(times):
    """The SYNTHETIC workbook of `times` x the Greenbook's rows in bench/out, made by make_synthetic_xlsx.py (in a
    process of its own: a child's peak RSS counts what it inherits, and this one stays small) if it is not there."""
    path = os.path.join(out, f"synthetic-greenbook-x{times}.xlsx")
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(here, "make_synthetic_xlsx.py"), workbook, str(times), path],
                       check=True)
    return path


data = workbook if repeat == 1 else synthetic(repeat)
rows = 75_002 * repeat
binary = release_binary(root)
ledger = os.path.join(out, "xlsx-bench.sqlite")
tools = [
    ("atalaya import greenbook, workbook (inflate, parse, classify, write)",
     [binary, "import", "greenbook", "--db", ledger, "--vintage", "2022-08-09", data]),
    ("openpyxl read-only, the nine fields (anchor)",
     [sys.executable, os.path.join(here, "xlsx_openpyxl.py"), data, str(header_rows)]),
    ("zipfile inflating the sheet's XML only", [sys.executable, "-c", (
        "import sys, zipfile\n"
        "with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as f:\n"
        "    while f.read(1 << 20): pass"), data, sheet_part]),
]
if repeat == 1:
    tools.insert(1, ("atalaya import greenbook, its CSV copy (the same rows)",
                     [binary, "import", "greenbook", "--db", ledger, "--vintage", "2022-08-09", csv_copy]))
    warm(csv_copy)
warm(data)
figures = measure_rounds([command for _, command in tools], runs, ledger)
results = [(name, *measured) for (name, _), measured in zip(tools, figures)]
anchor = rows / next(seconds for name, seconds, _ in results if "anchor" in name)
kind = "the Greenbook's real workbook" if repeat == 1 else f"SYNTHETIC workbook: the Greenbook's rows x{repeat}"
print(f"{kind}: {rows:,} rows, {os.path.getsize(data) / 1e6:.1f} MB "
      f"({zipfile.ZipFile(data).getinfo(sheet_part).file_size / 1e6:.0f} MB of sheet XML); "
      f"median of {runs} rounds (each tool once a round, in turn), one process run each")
print(f"{'':72} {'rows/s':>10} {'x openpyxl':>11} {'peak RSS MB':>12}")
for name, seconds, peak in results:
    rate = rows / seconds
    print(f"{name:72} {rate:10,.0f} {rate / anchor:11.2f} {peak:12.0f}")
remove_ledger(ledger)
