#!/usr/bin/env python3
"""ForeignAssistance.gov ingest benchmark (not a test), side by side in one run on one SYNTHETIC file at the real
51-column header: Atalaya's `import fa` (parse, normalise, classify, write SQLite) beside pandas (read_csv + to_sql),
DuckDB writing the same SQLite file, and `sqlite3 .import` (raw text, no parsing of values). Prints rows/s, ratios
and peak RSS; each figure is the median of RUNS rounds (each tool once a round, in turn), each a fresh process.
Usage: bench/fa_run.py [ROWS] [RUNS]   (defaults 1000000, 3; the complete dataset is about 4,000,000 rows).
"""
import glob
import os
import shutil
import subprocess
import sys

from common import apt_install, measure_rounds, release_binary, remove_ledger, warm

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
out = os.path.join(here, "out")
os.makedirs(out, exist_ok=True)

if shutil.which("sqlite3") is None:
    apt_install("sqlite3")
for module, requirement in (("pandas", "pandas"), ("duckdb", "duckdb==1.4.4")):
    try:
        __import__(module)
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement], check=True)
import duckdb  # noqa: E402

if not glob.glob(os.path.join(os.path.dirname(duckdb.__file__), "..", "duckdb_ext", "extensions", "*", "*",
                              "sqlite_scanner.duckdb_extension")):
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "duckdb-ext-sqlite==1.4.4.20260205"],
                   check=True)

data = os.path.join(out, f"synthetic-fa-complete-51-{rows}.csv")
if not os.path.exists(data):
    subprocess.run([sys.executable, os.path.join(here, "make_synthetic_fa.py"), str(rows), data], check=True)
binary = release_binary(root)
ledger = os.path.join(out, "fa-bench.sqlite")



tools = [
    ("atalaya import fa (parse, normalise, classify, write)",
     [binary, "import", "fa", "--db", ledger, "--vintage", "2026-01-01", data]),
    ("pandas read_csv + to_sql (anchor)", [sys.executable, os.path.join(here, "fa_pandas.py"), data, ledger]),
    ("DuckDB read_csv into SQLite", [sys.executable, os.path.join(here, "fa_duckdb.py"), data, ledger]),
    ("sqlite3 .import --csv (text as is)", ["sqlite3", ledger, f".import --csv {data} fa"]),
]
warm(data)
figures = measure_rounds([command for _, command in tools], runs, ledger)
results = [(name, *measured) for (name, _), measured in zip(tools, figures)]
anchor = rows / results[1][1]
print(f"SYNTHETIC ForeignAssistance.gov file: {rows:,} rows x 51 columns, {os.path.getsize(data) / 1e6:.0f} MB; "
      f"median of {runs} rounds (each tool once a round, in turn), one process run each")
print(f"{'':56} {'rows/s':>10} {'x pandas':>9} {'peak RSS MB':>12}")
for name, seconds, peak in results:
    rate = rows / seconds
    print(f"{name:56} {rate:10,.0f} {rate / anchor:9.2f} {peak:12.0f}")
remove_ledger(ledger)
