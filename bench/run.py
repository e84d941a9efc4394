#!/usr/bin/env python3
"""IATI import benchmark (not a test): Atalaya's import beside Python lxml iterparse extracting the same fields,
`xmllint --sax --noout` (libxml2 doing no work) and a raw byte scan, in one run, as MB/s, ratios to lxml and
peak RSS. Each figure is the median of RUNS runs. Usage: bench/run.py [SIZE_MB] [RUNS]   (defaults 50, 3).
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
size = int(sys.argv[1]) if len(sys.argv) > 1 else 50
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
out = os.path.join(here, "out")
os.makedirs(out, exist_ok=True)

if shutil.which("xmllint") is None:
    subprocess.run(["apt-get", "install", "-y", "libxml2-utils"], check=True, stdout=subprocess.DEVNULL)
try:
    import lxml  # noqa: F401
except ImportError:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "lxml"], check=True)

data = os.path.join(out, f"synthetic-iati-{size}mb.xml")
if not os.path.exists(data):
    subprocess.run([sys.executable, os.path.join(here, "make_synthetic_iati.py"), str(size), data], check=True)
subprocess.run(["swift", "build", "-c", "release", "--product", "atalaya"], cwd=root, check=True,
               stdout=subprocess.DEVNULL)
binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                        capture_output=True, text=True).stdout.strip() + "/atalaya"
ledger = os.path.join(out, "bench.sqlite")
megabytes = os.path.getsize(data) / 1e6


def clean():
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(ledger + suffix):
            os.remove(ledger + suffix)


def measure(command):
    """Median seconds and the largest peak RSS (MB) over the runs; each run a fresh process."""
    seconds, peaks = [], []
    for _ in range(runs):
        clean()
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        if status != 0:
            sys.exit(f"failed: {' '.join(command)}")
    return statistics.median(seconds), max(peaks)


rows = [
    ("atalaya import iati (parse, split, convert, write SQLite)",
     [binary, "import", "iati", "--db", ledger, data]),
    ("python lxml iterparse, same fields (anchor)", [sys.executable, os.path.join(here, "lxml_extract.py"), data]),
    ("xmllint --sax --noout (libxml2, no work)", ["xmllint", "--sax", "--noout", data]),
    ("raw byte scan (bytes.count over 1 MB blocks)", [sys.executable, os.path.join(here, "scan.py"), data]),
]
results = [(name, *measure(command)) for name, command in rows]
anchor = megabytes / results[1][1]
print(f"SYNTHETIC IATI file: {megabytes:.0f} MB, median of {runs} runs, one process run each")
print(f"{'':58} {'MB/s':>8} {'× lxml':>8} {'peak RSS MB':>12}")
for name, seconds, peak in results:
    rate = megabytes / seconds
    print(f"{name:58} {rate:8.1f} {rate / anchor:8.2f} {peak:12.0f}")
clean()
