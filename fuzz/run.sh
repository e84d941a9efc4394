#!/usr/bin/env bash
# Coverage-guided fuzzing of Atalaya's file readers with libFuzzer: builds the two targets (release, instrumented),
# makes seed corpora from the real data beside the repository, runs each target for SECONDS (default 300) and
# says whether anything was found. Not a test and not part of CI: a finding is a file under .build/findings that
# `.build/release/FuzzIATI FILE` (or FuzzTables) replays.
# With `asan`, the targets are built with AddressSanitizer too (memory errors and leaks; about 4x slower), in
# .build-asan, and leaks that are not Atalaya's are suppressed (lsan.supp).
#   fuzz/run.sh [SECONDS] [iati|tables|all] [asan]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-300}"
which="${2:-all}"
build=(swift build -c release --sanitize=fuzzer)
binaries=.build/release
if [ "${3:-}" = asan ]; then
    build+=(--sanitize=address --scratch-path .build-asan)
    binaries=.build-asan/release
    export LSAN_OPTIONS="suppressions=$PWD/lsan.supp"
fi
nice "${build[@]}" 2>&1 | tail -n 3
python3 seeds.py .build/seeds
mkdir -p .build/findings .build/corpus/iati .build/corpus/tables
status=0
run() {
    local target="$1" kind="$2" length="$3"
    echo "== $target for ${seconds}s"
    if ! nice "$binaries/$target" ".build/corpus/$kind" ".build/seeds/$kind" -dict=".build/seeds/$kind.dict" \
        -max_len="$length" -timeout=10 -rss_limit_mb=1024 -max_total_time="$seconds" \
        -artifact_prefix=".build/findings/$kind-" -print_final_stats=1 > ".build/$kind.log" 2>&1; then
        status=1
        echo "FINDING: $(grep -m1 -E 'ERROR|Fatal error|deadly signal|timeout|out-of-memory' ".build/$kind.log" || true)"
        ls .build/findings/"$kind"-* 2>/dev/null || true
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' ".build/$kind.log" || true
    grep -E '^#[0-9]+.*cov:' ".build/$kind.log" | tail -n 1
}
case "$which" in
    iati) run FuzzIATI iati 65536 ;;
    tables) run FuzzTables tables 65536 ;;
    all) run FuzzIATI iati 65536; run FuzzTables tables 65536 ;;
    *) echo "usage: fuzz/run.sh [SECONDS] [iati|tables|all] [asan]" >&2; exit 2 ;;
esac
exit "$status"
