#!/usr/bin/env python3
"""IATI import benchmark (not a test): Atalaya's import (into a new ledger, and into an existing one) beside Python lxml
iterparse extracting the same fields, Atalaya's reading alone (`import iati --check`: parse, split and classify on one thread, nothing written),
`xmllint --sax --noout` (libxml2 doing no work), libxml2's push parser as Atalaya drove it until 7 December, with
callbacks that only count (`libxml2_floor.c`), a raw byte scan, and SQLite alone storing the rows the import wrote
(`sqlite_floor.py`), in one run, as MB/s of the file, ratios to lxml and peak RSS. Each figure is the median of RUNS
rounds, each tool run once a round in turn; each ratio the median of the rounds' own ratios.
Usage: bench/run.py [SIZE_MB] [RUNS]   (defaults 50, 3).
"""
import os
import shutil
import statistics
import subprocess
import sys

from common import (apt_install, measure_round_times, paired_ratio, release_binary, remove_ledger, run_once,
                    synthetic_iati, warm)

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
size = int(sys.argv[1]) if len(sys.argv) > 1 else 50
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
out = os.path.join(here, "out")
os.makedirs(out, exist_ok=True)

if shutil.which("xmllint") is None:
    apt_install("libxml2-utils")
if subprocess.run(["pkg-config", "--exists", "libxml-2.0"]).returncode != 0:
    apt_install("libxml2-dev")  # for libxml2_floor.c only: Atalaya itself no longer links libxml2
try:
    import lxml  # noqa: F401
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "lxml"], check=True)

data = synthetic_iati(size)
binary = release_binary(root)
# libxml2 alone, as XMLStream drove it until Atalaya's own parser replaced it: compiled here against the system's.
floor_parser = os.path.join(out, "libxml2_floor")
flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libxml-2.0"], check=True, capture_output=True,
                       text=True).stdout.split()
subprocess.run(["cc", "-O2", os.path.join(here, "libxml2_floor.c"), "-o", floor_parser, *flags], check=True)
ledger = os.path.join(out, "bench.sqlite")
imported = os.path.join(out, "bench-imported.sqlite")
empty = os.path.join(out, "bench-empty.sqlite")
megabytes = os.path.getsize(data) / 1e6

existing = os.path.join(out, "bench-existing.sqlite")
rows = [
    ("atalaya import iati (parse, split, convert, write SQLite)",
     [binary, "import", "iati", "--db", ledger, data]),
    # A ledger that is already there is opened in WAL mode, where a new one is filled with the rollback journal first
    # (README, "A new ledger"): the same import into a copy of an empty, migrated ledger, the copy (~1 MB) included.
    ("  the same into an existing, empty ledger (WAL mode)",
     ["sh", "-c", 'cp "$1" "$2" && rm -f "$2-wal" "$2-shm" && exec "$3" import iati --db "$2" "$4"', "sh", "", existing,
      binary, data]),
    ("python lxml iterparse, same fields (anchor)", [sys.executable, os.path.join(here, "lxml_extract.py"), data]),
    ("atalaya import iati --check (parse, split; no SQLite)", [binary, "import", "iati", "--check", data]),
    ("xmllint --sax --noout (libxml2, no work)", ["xmllint", "--sax", "--noout", data]),
    ("libxml2 push parser as Atalaya drove it, empty callbacks", [floor_parser, data]),
    ("raw byte scan (bytes.count over 1 MB blocks)", [sys.executable, os.path.join(here, "scan.py"), data]),
]
warm(data)
# The floor: the rows of one import (not timed), kept aside, copied into an empty ledger of the same schema by
# SQLite alone.
run_once(rows[0][1], ledger)
for path in (imported, empty):
    remove_ledger(path)
# In child processes: a child's peak RSS counts what it inherits from this one, which stays small.
snapshot = "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('VACUUM INTO ?', (sys.argv[2],))"
subprocess.run([sys.executable, "-c", snapshot, ledger, imported], check=True)
schema = os.path.join(out, "bench-schema.sqlite")
remove_ledger(schema)
subprocess.run([binary, "migrate", "--db", schema], check=True, stdout=subprocess.DEVNULL)
subprocess.run([sys.executable, "-c", snapshot, schema, empty], check=True)
remove_ledger(schema)
rows[1][1][4] = empty
floor = [sys.executable, os.path.join(here, "sqlite_floor.py"), imported, empty, ledger]
rows.append(("SQLite alone storing the same rows (INSERT ... SELECT)", floor))
measured = measure_round_times([command for _, command in rows], runs, ledger)
lxml_times, lxml_cpus = measured[2][0], measured[2][2]
print(f"SYNTHETIC IATI file: {megabytes:.0f} MB, median of {runs} rounds (each tool once a round, in turn), "
      "one process run each; × lxml is the median of each round's own ratio")
# The CPU each tool spent, every thread's: the import writes on one thread while it reads on another, so its time
# depends on the host giving it two cores at once, where lxml reads on one. On this shared machine one thread alone
# ran a loop 4 to 7 million times a second from minute to minute, and two at once 4 million each.
print(f"{'':58} {'MB/s':>8} {'× lxml':>8} {'peak RSS MB':>12} {'CPU s':>6} {'CPU × lxml':>11}")
for (name, _), (times, peaks, cpus) in zip(rows, measured):
    rate = megabytes / statistics.median(times)
    print(f"{name:58} {rate:8.1f} {paired_ratio(times, lxml_times):8.2f} {max(peaks):12.0f} "
          f"{statistics.median(cpus):6.2f} {paired_ratio(cpus, lxml_cpus):11.2f}")
ratios = sorted(lxml / took for took, lxml in zip(measured[0][0], lxml_times))
print("the import's ratio in each round, lowest first: " + ", ".join(f"{ratio:.2f}" for ratio in ratios))
for path in (ledger, imported, empty, existing):
    remove_ledger(path)
