#!/usr/bin/env bash
# A real browser on the country brief: headless Chromium loads the page Atalaya writes from the bundled data and the
# check reads the DOM Chromium built and what the page logged. Usage: Tests/browser/check-brief.sh ATALAYA_BINARY
set -euo pipefail
binary="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$binary" demo --db "$work/ledger.sqlite" >/dev/null 2>&1
"$binary" import engagements --db "$work/ledger.sqlite" "${ATALAYA_SHARED_DATA:-../shared/data}/engagements/engagements-2025.csv" >/dev/null
for lang in en es; do
    page="$work/brief-$lang.html"
    "$binary" brief MX --db "$work/ledger.sqlite" --as-of 2025-11-29 --format html --lang "$lang" --output "$page" >/dev/null
    chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --dump-dom "file://$page" \
        >"$work/dom-$lang.html" 2>"$work/log-$lang.txt"
    grep -q '<svg role="img"' "$work/dom-$lang.html" || { echo "brief ($lang): no chart in the DOM" >&2; exit 1; }
    grep -q "<html lang=\"$lang\">" "$work/dom-$lang.html" || { echo "brief ($lang): wrong lang" >&2; exit 1; }
    bars=$(grep -o '<rect x="[0-9.]*" y="[0-9.]*" width' "$work/dom-$lang.html" | wc -l)
    [ "$bars" -gt 5 ] || { echo "brief ($lang): $bars bar segments" >&2; exit 1; }
    if grep -E 'CONSOLE|Uncaught|Refused to' "$work/log-$lang.txt"; then
        echo "brief ($lang): the page logged errors" >&2
        exit 1
    fi
done
echo "browser check: the brief renders in Chromium (en, es) with its chart and no logged errors"
