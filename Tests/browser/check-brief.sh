#!/usr/bin/env bash
# A real browser on the country brief: headless Chromium loads the page Atalaya writes from the bundled data and the
# check reads the DOM Chromium built and what the page logged. Usage: Tests/browser/check-brief.sh ATALAYA_BINARY
set -euo pipefail
binary="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$(dirname "$0")/layout.sh"

# The demo brings the engagements, governance estimates and homicide rates; the context section at its fullest adds
# the rule-of-law index, the CPI and organized-crime resilience beside the money.
"$binary" demo --db "$work/ledger.sqlite" >/dev/null 2>&1
shared="${ATALAYA_SHARED_DATA:-../shared/data}"
"$binary" import indicators --db "$work/ledger.sqlite" --source wjp --edition 2020 \
    "$shared/country-indicators/wjp-rule-of-law/2020_WJP_Rule_Of_Law_2013-2020.csv" >/dev/null
"$binary" import indicators --db "$work/ledger.sqlite" --source cpi --edition 2020 \
    "$shared/country-indicators/transparency-cpi/cpi_2012-2020.derived.csv" >/dev/null
"$binary" import indicators --db "$work/ledger.sqlite" --source gitoc \
    "$shared/country-indicators/gitoc-organized-crime-index/global_oc_index_2023.derived.csv" >/dev/null
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
    # One page for a policymaker: printed (Chromium's default Letter paper), it fits on one sheet.
    pages=$(printed_sheets "file://$page" "$work/brief-$lang.pdf")
    [ "$pages" = 1 ] || { echo "brief ($lang): prints on $pages pages" >&2; exit 1; }
    # A year on, the signals' sentences are at their longest (a lapse, the record's reach, aged pipelines): still
    # one sheet.
    "$binary" brief MX --db "$work/ledger.sqlite" --as-of 2026-12-03 --format html --lang "$lang" \
        --output "$work/later-$lang.html" >/dev/null
    pages=$(printed_sheets "file://$work/later-$lang.html" "$work/later-$lang.pdf")
    [ "$pages" = 1 ] || { echo "brief ($lang, as of 2026-12-03): prints on $pages pages" >&2; exit 1; }
    # Opened on a phone (a brief goes out by mail) and on a desktop: legible chart, nothing wider than the window.
    for width in 390 1280; do
        cp "$page" "$work/layout-$lang-$width.html"
        layout_check "$work/layout-$lang-$width.html" "$width" "brief ($lang)"
    done
done
echo "browser check: the brief renders in Chromium (en, es) with its chart and no logged errors, prints on one page (as of 2025-11-29 and 2026-12-03), and is legible at a phone's and a desktop's width"
