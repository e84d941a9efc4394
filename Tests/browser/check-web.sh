#!/usr/bin/env bash
# A real browser on the served pages: starts `atalaya serve --demo` on a scratch ledger, loads each page in headless
# Chromium, checks the DOM Chromium built and that the page logged nothing (a CSP violation logs "Refused to …"),
# then stops the server with SIGTERM and checks that it shut down cleanly.
# With a PostgreSQL URL as well, the same pages are served from a scratch database on that server (migrated,
# loaded by --demo, dropped afterwards).
# Usage: Tests/browser/check-web.sh ATALAYA_BINARY [POSTGRES_URL]
set -euo pipefail
source "$(dirname "$0")/layout.sh"  # layout_check and printed_sheets
binary="$1"
server_url="${2:-}"
work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
server=""
scratch=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null || true
    [ -n "$scratch" ] && psql -q "$server_url" -c "DROP DATABASE IF EXISTS $scratch WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

if [ -n "$server_url" ]; then
    scratch="atalaya_web_$$"
    psql -q "$server_url" -c "CREATE DATABASE $scratch" >/dev/null
    ledger=(--database "${server_url/\/atalaya_test\?//$scratch?}")
    [[ "${ledger[1]}" == *"/$scratch?"* ]] || { echo "web: expected a URL ending in /atalaya_test?…" >&2; exit 1; }
    "$binary" migrate "${ledger[@]}" >/dev/null
else
    ledger=(--db "$work/ledger.sqlite")
fi
# The State Department's budget tables of FY2016–17 beside the demo, so that the country page has its budget table.
budget="${ATALAYA_SHARED_DATA:-../shared/data}/state-dept-cbj-account-by-country"
"$binary" import state-budget "${ledger[@]}" --vintage 2016-04-06 --encoding windows-1252 --basis request \
    "$budget/STATE budget by country.16.csv" "$budget/STATE budget by country.17.csv" >/dev/null
"$binary" serve --demo "${ledger[@]}" --port "$port" >"$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
    curl -sf "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "web: the server exited" >&2; exit 1; }
    sleep 1
done
curl -sf "$base/healthz" >/dev/null || { echo "web: the server did not start" >&2; exit 1; }

program="$(curl -sf "$base/api/v1/activities?country=MX&pillar=justice&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["identifier"])')"

pages=0
check() { # URL, then strings the DOM must contain
    local url="$1"
    pages=$((pages + 1))
    shift
    local name
    name="$(echo "$url" | tr -c 'a-zA-Z0-9' '_')"
    chromium --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 --dump-dom "$base$url" \
        >"$work/dom-$name.html" 2>"$work/log-$name.txt"
    for mark in "$@"; do
        grep -qF -- "$mark" "$work/dom-$name.html" || { echo "web $url: the DOM lacks $mark" >&2; exit 1; }
    done
    grep -q '<main id="main">' "$work/dom-$name.html" || { echo "web $url: no main landmark" >&2; exit 1; }
    if grep -E 'CONSOLE|Uncaught|Refused to' "$work/log-$name.txt"; then
        echo "web $url: the page logged errors" >&2
        exit 1
    fi
}

check "/" '<svg role="img" class="map"' 'id="table-countries"' '<a class="tile" href="/countries/MX?source=iati"' \
    'id="table-budget-region"' 'id="table-capacity"'
check "/?lang=es" '<html lang="es">' 'La región de un vistazo'
check "/?source=greenbook&from=2011" 'withheld'
check "/countries/MX" 'Mexico: security cooperation brief' 'id="table-programs"' 'id="table-budget"' \
    'Rule of law (WGI)' 'Secretary of State visits Mexico City' 'aria-labelledby="capacity-chart-wgi"'
check "/countries/CO?source=greenbook&lang=es" '<html lang="es">' 'Colombia'
# The bundled ForeignAssistance.gov exports hold obligations (the source's default measure), and beside them stand the
# country totals; asked for disbursements, the page points to the obligations.
check "/countries/SV?source=fa" 'id="table-coverage"' 'id="table-mix"' 'Governance and democratic resilience'
check "/countries/SV?source=fa&measure=disbursement" 'class="hint"' 'measure=obligation'
check "/programs/$program" 'id="table-split"' 'id="table-recipients"' 'id="table-transactions"' 'id="table-results"' 'id="table-participants"'
check "/signals" 'id="table-signals"'
check "/results" 'Results across the region'
check "/imports" 'id="table-runs"' 'usaid-mx.xml'
check "/imports/1" 'id="table-warnings"' 'Import run 1: '
check "/search?q=justicia" 'programs match'
check "/search?pillar=justice&lang=es" 'programas tienen montos en Justicia y Estado de derecho' 'id="table-programs"'
check "/crosswalk" 'id="table-rules"' 'id="rule-dac-justice"'
# The brief alone, as served to print: its stylesheet applies under the CSP (no page logged a refusal, above), and
# printed it is one sheet.
check "/countries/MX/brief?source=iati" '<link rel="stylesheet" href="/assets/brief.css">' '<svg role="img" class="chart"'
sheets=$(printed_sheets "$base/countries/MX/brief?source=iati" "$work/brief.pdf")
[ "$sheets" = 1 ] || { echo "web: the printable brief prints on $sheets pages" >&2; exit 1; }

# The stylesheet is served and applied: the skip link is moved off-screen by it.
# (Saved first: `grep -q` stops at its match, and the rest of a piped download would fail on SIGPIPE under pipefail.)
curl -sf "$base/assets/atalaya.css" >"$work/atalaya.css"
grep -q '.skip' "$work/atalaya.css" || { echo "web: no stylesheet" >&2; exit 1; }

# At a phone's width and a desktop's: chart text legible, labels apart and inside their charts, each filter's label
# above its control, nothing wider than the window (the region's Greenbook chart has 75 fiscal years), and on the
# desktop every table whole in its box (ForeignAssistance.gov's pillars by year, in Spanish, have 12 columns).
layouts=0
for url in "/" "/?source=greenbook&lang=es" "/?source=fa&lang=es" "/countries/MX" "/countries/SV?source=fa&lang=es" "/programs/$program" \
    "/search?q=justicia" "/search?pillar=prevention&lang=es"; do
    for width in 390 1280; do
        curl -sf "$base$url" | sed 's|href="/assets/atalaya.css"|href="atalaya.css"|' >"$work/layout-$width.html"
        layout_check "$work/layout-$width.html" "$width" "$url"
        layouts=$((layouts + 1))
    done
done

stop() {
    kill -TERM "$server"
    wait "$server" && status=0 || status=$?
    server=""
    [ "$status" -eq 0 ] || { cat "$work/server.log" >&2; echo "web: the server exited with $status on SIGTERM" >&2; exit 1; }
}
stop

# A partner's server on the same ledger: it opens on its country's page, and another country's is refused in words.
"$binary" serve "${ledger[@]}" --country sv --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do
    curl -sf "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "web: the partner's server exited" >&2; exit 1; }
    sleep 1
done
check "/" 'El Salvador: security cooperation brief' '<li><a href="/">El Salvador</a></li>'
check "/countries/MX" '403 Outside this server' 'This server answers for SV only'
stop
echo "browser check ($([ -n "$server_url" ] && echo PostgreSQL || echo SQLite)): $pages pages render in Chromium with their DOM and no logged errors (the printable brief on one sheet; 2 on a partner's server); $layouts layouts at a phone's and a desktop's width are legible; SIGTERM stops the server cleanly"
