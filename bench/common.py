"""What the benchmarks share: the release binary, the synthetic IATI file, a fresh ledger per run, and the
median/peak-RSS measurement."""
import os
import statistics
import subprocess
import sys
import time


def apt_install(package):
    """Installs a Debian package, fetching the package lists first when a fresh machine has none yet."""
    quiet = {"stdout": subprocess.DEVNULL}
    if subprocess.run(["apt-get", "install", "-y", package], **quiet).returncode != 0:
        subprocess.run(["apt-get", "update"], check=True, **quiet)
        subprocess.run(["apt-get", "install", "-y", package], check=True, **quiet)


RELEASE = ["swift", "build", "-c", "release", "--static-swift-stdlib"]


def release_binary(root):
    """Builds the release `atalaya` as the README says to build one to run (the Swift runtime and Foundation linked
    in) and returns its path."""
    subprocess.run(RELEASE + ["--product", "atalaya"], cwd=root, check=True, stdout=subprocess.DEVNULL)
    return subprocess.run(RELEASE + ["--show-bin-path"], cwd=root, check=True,
                          capture_output=True, text=True).stdout.strip() + "/atalaya"


def synthetic_iati(size):
    """The SYNTHETIC IATI file of about `size` MB in bench/out, made by make_synthetic_iati.py if it is not there."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "out")
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, f"synthetic-iati-{size}mb.xml")
    if not os.path.exists(path):
        subprocess.run([sys.executable, os.path.join(here, "make_synthetic_iati.py"), str(size), path], check=True)
    return path


def warm(path):
    """Reads `path` once, so that the first tool measured does not also pay for bringing the file into the page
    cache (a 3.4 GB file read cold from this machine's disk cost the first tool about 6 s more than the others)."""
    # One 1 MB buffer: this process stays small, as a child's peak RSS counts what it inherits from it.
    buffer = bytearray(1 << 20)
    with open(path, "rb", buffering=0) as f:
        while f.readinto(buffer):
            pass


def remove_ledger(ledger):
    """Deletes a SQLite file and its WAL, shared-memory and journal files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(ledger + suffix):
            os.remove(ledger + suffix)


def run_once(command, ledger):
    """Seconds, peak RSS (MB) and CPU seconds (user and system, every thread) of one run of `command` in a fresh
    process, on a fresh ledger."""
    remove_ledger(ledger)
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed: {' '.join(command)}\n{child.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def measure_round_times(commands, runs, ledger):
    """(seconds per round, peak RSS MB per round, CPU seconds per round) per command, run in rounds (each command once
    per round, in turn), so that a change in the shared machine's load over the minutes of a run moves every command
    alike and the ratios hold; measuring all of one command's runs before the next let a load that came and went skew
    one ratio by 20%."""
    seconds = [[] for _ in commands]
    peaks = [[] for _ in commands]
    cpus = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            took, peak, cpu = run_once(command, ledger)
            seconds[index].append(took)
            peaks[index].append(peak)
            cpus[index].append(cpu)
    return list(zip(seconds, peaks, cpus))


def measure_rounds(commands, runs, ledger):
    """(median seconds, largest peak RSS MB) per command, measured in rounds as `measure_round_times` does."""
    return [(statistics.median(times), max(rss)) for times, rss, _ in measure_round_times(commands, runs, ledger)]


def paired_ratio(times, anchor_times):
    """The median over rounds of the anchor's time over a command's time in the same round: how many times faster
    the command ran than the anchor beside it. The host's speed drifts by a third within minutes, and each round
    sees one speed, so a ratio taken within a round holds better than a ratio of two medians."""
    return statistics.median(anchor / took for took, anchor in zip(times, anchor_times))
