"""The web benchmark: wrk against Atalaya's portfolio JSON and overview page, and against Datasette serving the same
SQLite file with the same aggregate query, in one run. Prints requests/s and p50/p99 at 1 and 16 connections, and
Atalaya's ratio to Datasette.

Usage: python3 bench/web_run.py [--seconds 10]
Needs wrk (Debian) and datasette (PyPI); the ledger is the bundled demo data (`atalaya demo`).
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from common import release_binary, remove_ledger

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench", "out")

# The regional portfolio: the query Atalaya's /api/v1/portfolio runs over its rollup (security scope,
# disbursements, by country, fiscal year and pillar), given to Datasette verbatim.
AGGREGATE = """
SELECT recipient, fiscal_year, pillar, pillar AS grp, SUM(usd_cents) AS usd_cents, SUM(allocations) AS allocations
FROM allocation_rollup
WHERE measure = 'disbursement' AND pillar <> 'out_of_scope' AND usd_cents IS NOT NULL
GROUP BY recipient, fiscal_year, pillar, pillar ORDER BY recipient, fiscal_year, pillar, pillar
""".strip()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return response.read()
        except Exception:
            time.sleep(0.3)
    sys.exit(f"no answer from {url}")


def to_ms(text):
    value, unit = float(re.match(r"([\d.]+)", text).group(1)), re.search(r"[a-z]+$", text).group(0)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url, connections, seconds):
    """requests/s, p50 ms, p99 ms, non-2xx count."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        check=True, capture_output=True, text=True).stdout
    try:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
        p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    except AttributeError:
        sys.exit(f"could not read wrk's output for {url}:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, p50, p99, int(errors.group(1)) if errors else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("datasette"):
        sys.exit("needs wrk (apt install wrk) and datasette (pip install datasette)")
    os.makedirs(OUT, exist_ok=True)
    binary = release_binary(ROOT)
    ledger = os.path.join(OUT, "web.sqlite")
    remove_ledger(ledger)
    subprocess.run([binary, "demo", "--db", ledger], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = subprocess.run(["sqlite3", ledger, f"SELECT COUNT(*) FROM ({AGGREGATE})"], check=True,
                          capture_output=True, text=True).stdout.strip()

    atalaya_port, uncached_port, datasette_port = free_port(), free_port(), free_port()
    env = dict(os.environ, LOG_LEVEL="warning")
    servers = [
        subprocess.Popen([binary, "serve", "--db", ledger, "--port", str(atalaya_port)], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen([binary, "serve", "--db", ledger, "--port", str(uncached_port), "--cache-mb", "0"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen(["datasette", "serve", ledger, "--port", str(datasette_port), "--setting", "sql_time_limit_ms",
                          "5000"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    try:
        atalaya = f"http://127.0.0.1:{atalaya_port}"
        uncached = f"http://127.0.0.1:{uncached_port}"
        wait_for(uncached + "/healthz")
        datasette = (f"http://127.0.0.1:{datasette_port}/web.json?_shape=array&sql="
                     + urllib.parse.quote(AGGREGATE))
        api_rows = len(__import__("json").loads(wait_for(atalaya + "/api/v1/portfolio"))["rows"])
        ds_rows = len(__import__("json").loads(wait_for(datasette)))
        assert api_rows == ds_rows == int(rows), (api_rows, ds_rows, rows)
        targets = [
            ("Atalaya /api/v1/portfolio (JSON)", atalaya + "/api/v1/portfolio"),
            ("  same, cache off", uncached + "/api/v1/portfolio"),
            ("Atalaya / (overview page)", atalaya + "/"),
            ("  same, cache off", uncached + "/"),
            ("Datasette, same query (JSON)", datasette),
        ]
        print(f"regional portfolio: {rows} rows from the rollup; {args.seconds} s per run, wrk -t1, loopback, 2 cores")
        print(f"{'target':36} {'conns':>5} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>7}")
        results = {}
        for connections in (1, 16):
            for name, url in targets:
                wrk(url, connections, 2)  # warm-up
                rps, p50, p99, errors = wrk(url, connections, args.seconds)
                results[(name, connections)] = rps
                print(f"{name:36} {connections:>5} {rps:>9.0f} {p50:>8.2f} {p99:>8.2f} {errors:>7}")
        for connections in (1, 16):
            base = results[("Datasette, same query (JSON)", connections)]
            for index, (name, _) in enumerate(targets[:4]):
                label = name if not name.startswith("  ") else targets[index - 1][0] + ", cache off"
                print(f"{connections:>2} conns: {label} / Datasette = {results[(name, connections)] / base:.1f}x")
    finally:
        for server in servers:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
