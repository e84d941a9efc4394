#!/usr/bin/env python3
"""Newer files (not a test). First, re-importing a publisher's file with every activity newer, into a ledger that
already holds a large SYNTHETIC IATI file, beside the same file imported into an empty ledger (the anchor: what the
file itself costs) and beside SQLite alone rebuilding that ledger's IATI rollup over every allocation (what each
such import paid before it took the replaced money back instead). Then a monthly refresh: the 17 bundled USAID
files with every activity newer (USAID's exports date every activity anew), into the ledger of the 17 originals,
beside the same files into an empty ledger. In one run; medians. SQLite only (PostgreSQL: see the README).
Usage: bench/replace_run.py [SIZE_MB] [RUNS]   (defaults 200, 5).
"""
import glob
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

from common import release_binary, remove_ledger, synthetic_iati, warm

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
size = int(sys.argv[1]) if len(sys.argv) > 1 else 200
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
out = os.path.join(here, "out")
os.makedirs(out, exist_ok=True)
data = synthetic_iati(size)
shared = os.environ.get("ATALAYA_SHARED_DATA", os.path.join(root, "..", "shared", "data"))
mexico = os.path.join(shared, "iati-activities", "usaid-us-gov-1", "usaid-mx.xml")
usaid = sorted(glob.glob(os.path.join(shared, "iati-activities", "usaid-us-gov-1", "*.xml")))


def newer_copy(path):
    """The real file with every activity's last-updated-datetime moved later: SYNTHETIC, as its name says."""
    copy = os.path.join(out, "synthetic-newer-" + os.path.basename(path))
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(copy, "w", encoding="utf-8") as f:
        f.write(text.replace('last-updated-datetime="2025-04-03T20:52:13.509Z"',
                             'last-updated-datetime="2026-01-01T00:00:00Z"'))
    return copy


newer = newer_copy(mexico)
usaid_newer = [newer_copy(path) for path in usaid]
binary = release_binary(root)
ledger = os.path.join(out, "replace.sqlite")


def ledger_of(name, files):
    """A ledger holding `files`, checkpointed, and its allocation count."""
    path = os.path.join(out, name)
    remove_ledger(path)
    subprocess.run([binary, "import", "iati", "--db", path, *files], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return path, db.execute("SELECT COUNT(*) FROM allocation").fetchone()[0]


base, allocations = ledger_of("replace-base.sqlite", [data, mexico])
originals, usaid_allocations = ledger_of("replace-usaid.sqlite", usaid)
for path in [newer, *usaid_newer]:
    warm(path)


def fresh(source):
    remove_ledger(ledger)
    if source:
        shutil.copyfile(source, ledger)


def timed(files, source, updated):
    """Median seconds over the runs, each a fresh process on a fresh copy of `source` (the copy not timed), or on
    an empty ledger; checks that the import replaced `updated` activities in all."""
    seconds = []
    for _ in range(runs):
        fresh(source)
        start = time.perf_counter()
        done = subprocess.run([binary, "import", "iati", "--db", ledger, *files], capture_output=True, text=True)
        seconds.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"failed: {' '.join(files)}\n{done.stderr}")
        replaced = sum(int(n.replace(",", "")) for n in re.findall(r"([\d,]+) updated", done.stdout))
        if replaced != updated:
            sys.exit(f"expected {updated} activities updated, not {replaced}: {done.stdout}")
    return statistics.median(seconds)


def rebuild():
    """Median seconds SQLite takes to rebuild the rollup of the large ledger (rolled back each time)."""
    seconds = []
    for _ in range(runs):
        fresh(base)
        db = sqlite3.connect(ledger, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        start = time.perf_counter()
        db.execute("DELETE FROM allocation_rollup")
        db.execute("""
            INSERT INTO allocation_rollup (run_id, measure, recipient, fiscal_year, calendar_year, pillar,
              sector_group, account_group, publisher_group, currency, usd_cents, amount_cents, allocations)
            SELECT a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
              COALESCE(al.sector_code, 'none'), COALESCE(al.funding_account, 'none'), COALESCE(al.publisher, 'none'),
              al.currency, SUM(al.usd_cents), SUM(al.amount_cents), COUNT(*)
            FROM allocation al JOIN activity a ON a.id = al.activity_id
            GROUP BY a.run_id, al.measure, al.recipient, al.fiscal_year, al.calendar_year, al.pillar,
              al.sector_code, al.funding_account, al.publisher, al.currency, al.usd_cents IS NULL
            """)
        seconds.append(time.perf_counter() - start)
        db.execute("ROLLBACK")
        db.close()
    return statistics.median(seconds)


anchor = timed([newer], None, 0)
replacing = timed([newer], base, 289)
rebuilt = rebuild()
refresh_anchor = timed(usaid_newer, None, 0)
refresh = timed(usaid_newer, originals, 2442)
for path in (ledger, base, originals):
    remove_ledger(path)
print(f"Mexico's file, all 289 activities newer (SYNTHETIC dates), median of {runs}")
print(f"{'':76} {'seconds':>8} {'× anchor':>9}")
for name, seconds in [
    ("import into an empty ledger (anchor)", anchor),
    (f"import into a ledger of {allocations:,} allocations, replacing 289 activities", replacing),
    ("SQLite alone rebuilding that ledger's rollup (what a replacement did before)", rebuilt),
]:
    print(f"{name:76} {seconds:8.3f} {seconds / anchor:9.2f}")
print(f"The 17 bundled USAID files, every activity newer (SYNTHETIC dates), median of {runs}")
for name, seconds in [
    ("import into an empty ledger (anchor)", refresh_anchor),
    (f"import into the ledger of the originals ({usaid_allocations:,} allocations), replacing 2,442", refresh),
]:
    print(f"{name:76} {seconds:8.3f} {seconds / refresh_anchor:9.2f}")
