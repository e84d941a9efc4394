"""PostgreSQL benchmark (not a test): the same SYNTHETIC files imported into SQLite and into PostgreSQL, and the
same rows loaded into PostgreSQL by `psql \\copy` (the anchor: the server's own bulk path, no parsing, no
classification), in one run: a ForeignAssistance.gov file, then an IATI file; then the regional portfolio JSON from
each engine. Prints medians and ratios.

Usage: python3 bench/pg_run.py [SIZE_MB] [RUNS] [FA_ROWS]   (defaults 52, 3, 200000). Needs Debian's postgresql
server package.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

from common import release_binary, remove_ledger, synthetic_iati

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
size = int(sys.argv[1]) if len(sys.argv) > 1 else 52
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
fa_rows = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
out = os.path.join(here, "out")
os.makedirs(out, exist_ok=True)
iati_source = synthetic_iati(size)
fa_source = os.path.join(out, f"synthetic-fa-complete-51-{fa_rows}.csv")
if not os.path.exists(fa_source):
    subprocess.run([sys.executable, os.path.join(here, "make_synthetic_fa.py"), str(fa_rows), fa_source], check=True)
binary = release_binary(root)
IATI_TABLES = ["import_run", "import_warning", "classification", "activity", "narrative", "participating_org",
               "activity_recipient", "activity_sector", "txn", "txn_sector", "txn_recipient", "budget", "result",
               "indicator", "indicator_period", "allocation", "allocation_rollup"]
FA_TABLES = ["import_run", "import_warning", "classification", "official_text", "official_amount", "official_rollup"]


def psql(url, *args):
    return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url.split("?")[0], *args], check=True,
                          capture_output=True, text=True).stdout


def fresh(url):
    psql(url, "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    subprocess.run([binary, "migrate", "--database", url], check=True, stdout=subprocess.DEVNULL)


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def compare(url, name, command, source, tables, ledger, count):
    """Imports `source` into SQLite and into PostgreSQL, then \\copy's the rows PostgreSQL holds into a fresh
    schema; prints the medians side by side. Leaves the PostgreSQL ledger holding the import."""
    sqlite_s, postgres_s, copy_s = [], [], []
    dump = tempfile.mkdtemp(prefix="atalaya-bench-rows-")
    os.chmod(dump, 0o777)
    for _ in range(runs):
        remove_ledger(ledger)
        sqlite_s.append(timed([binary, *command, "--db", ledger, source]))
        fresh(url)
        postgres_s.append(timed([binary, *command, "--database", url, source]))
        # The anchor: the very rows Atalaya wrote, out to files and back in by psql \copy into a fresh schema.
        for table in tables:
            psql(url, "-c", f"\\copy {table} TO '{dump}/{table}.tsv'")
        fresh(url)
        script = "BEGIN;\n" + "".join(f"\\copy {t} FROM '{dump}/{t}.tsv'\n" for t in tables) + "COMMIT;\n"
        start = time.perf_counter()
        subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url.split("?")[0]], input=script, text=True,
                       check=True, stdout=subprocess.DEVNULL)
        copy_s.append(time.perf_counter() - start)
    megabytes = os.path.getsize(source) / 1e6
    print(f"{name}: {megabytes:.0f} MB ({psql(url, '-t', '-c', count).strip()}); median of {runs}")
    anchor = statistics.median(copy_s)
    for label, values in [(f"atalaya {' '.join(command)} → SQLite", sqlite_s),
                          (f"atalaya {' '.join(command)} → PostgreSQL", postgres_s),
                          ("psql \\copy of the same rows (anchor)", copy_s)]:
        median = statistics.median(values)
        print(f"  {label:40} {median:7.2f} s  {megabytes / median:6.1f} MB/s  {median / anchor:5.2f}x the anchor")


def main():
    cluster = tempfile.mkdtemp(prefix="atalaya-bench-pg-")
    url = subprocess.run([os.path.join(root, "scripts", "postgres-cluster.sh"), "start", cluster], check=True,
                         capture_output=True, text=True).stdout.strip()
    try:
        fa_ledger = os.path.join(out, "pg-bench-fa.sqlite")
        compare(url, "SYNTHETIC ForeignAssistance.gov file", ["import", "fa"], fa_source, FA_TABLES, fa_ledger,
                "SELECT COUNT(*) || ' rows' FROM official_amount")
        remove_ledger(fa_ledger)
        ledger = os.path.join(out, "pg-bench.sqlite")
        compare(url, "SYNTHETIC IATI file", ["import", "iati"], iati_source, IATI_TABLES, ledger,
                "SELECT (SELECT COUNT(*) FROM activity) || ' activities, ' || "
                "(SELECT COUNT(*) FROM allocation) || ' allocations'")
        # The portfolio query, each engine, same data: the whole command, median of 5.
        for name, option in [("SQLite", ["--db", ledger]), ("PostgreSQL", ["--database", url])]:
            values = [timed([binary, "report", "portfolio", "--format", "json", *option]) for _ in range(5)]
            print(f"report portfolio --format json on {name:10} {statistics.median(values) * 1000:7.0f} ms (median of 5)")
    finally:
        subprocess.run([os.path.join(root, "scripts", "postgres-cluster.sh"), "stop", cluster], check=False)


if __name__ == "__main__":
    main()
