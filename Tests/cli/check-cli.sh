#!/usr/bin/env bash
# The command line as a user meets it, on the real binary and real files: what is refused, what is written and what
# is not. Usage: Tests/cli/check-cli.sh ATALAYA_BINARY
set -euo pipefail
binary="$1"
data="${ATALAYA_SHARED_DATA:-../shared/data}/iati-activities/usaid-us-gov-1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "cli check: $*" >&2; exit 1; }

# Reading commands refuse a ledger that does not exist, and make no file.
for command in "runs" "report portfolio" "explain US-GOV-1-X"; do
    # shellcheck disable=SC2086
    if "$binary" $command --db "$work/missing.sqlite" >"$work/out" 2>&1; then fail "$command: no error on a missing ledger"; fi
    grep -q "no ledger at $work/missing.sqlite" "$work/out" || fail "$command: $(cat "$work/out")"
    if grep -q "^Usage:" "$work/out"; then fail "$command: usage lines for a missing ledger"; fi
    [ ! -e "$work/missing.sqlite" ] || fail "$command made a ledger file"
done

# A --db that is someone else's SQLite database, or not a database, is refused for import too, and left as it was.
printf 'not a database\n' >"$work/notes.sqlite"
python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("CREATE TABLE notes (body TEXT)")' "$work/app.sqlite"
for file in app notes; do
    cp "$work/$file.sqlite" "$work/$file.orig"
    if "$binary" import iati --db "$work/$file.sqlite" "$data/usaid-pa.xml" >"$work/out" 2>&1; then
        fail "an import into $file.sqlite went ahead"
    fi
    grep -q "not an Atalaya ledger" "$work/out" || fail "$file: $(cat "$work/out")"
    cmp -s "$work/$file.sqlite" "$work/$file.orig" || fail "$file.sqlite was changed"
    [ ! -e "$work/$file.sqlite-wal" ] || fail "$file.sqlite was put in WAL mode"
done

# A PostgreSQL server that is not there is an error that says so at once, not a wait (port 1 on loopback is closed).
if timeout 20 "$binary" runs --database 'postgres://atalaya@127.0.0.1:1/ledger?sslmode=disable' >"$work/out" 2>&1; then
    fail "runs on an unreachable PostgreSQL went ahead"
fi
grep -q "cannot reach the PostgreSQL ledger ledger at 127.0.0.1:1 as atalaya: Connection refused" "$work/out" \
    || fail "unreachable PostgreSQL: $(cat "$work/out")"

# A partner's server for a code that is not a country is refused before it listens or touches a ledger.
if timeout 20 "$binary" serve --db "$work/missing.sqlite" --country XX --port 1 >"$work/out" 2>&1; then
    fail "serve --country XX went ahead"
fi
grep -q "country XX (--country, ATALAYA_COUNTRY) is not an ISO 3166-1 alpha-2 code" "$work/out" \
    || fail "serve --country XX: $(cat "$work/out")"
[ ! -e "$work/missing.sqlite" ] || fail "serve --country XX made a ledger file"
# So is a language the pages are not written in.
if timeout 20 "$binary" serve --db "$work/missing.sqlite" --lang fr --port 1 >"$work/out" 2>&1; then
    fail "serve --lang fr went ahead"
fi
grep -q 'the language must be en or es; got "fr"' "$work/out" || fail "serve --lang fr: $(cat "$work/out")"
[ ! -e "$work/missing.sqlite" ] || fail "serve --lang fr made a ledger file"

# A crosswalk that cannot be read stops an import into a new ledger before anything is written, and leaves no file
# (the crosswalk loads while the new ledger opens, so the ledger made for the import is removed again).
printf '{"version": "broken", "rules": [' >"$work/broken-crosswalk.json"
if "$binary" import iati --crosswalk "$work/broken-crosswalk.json" --db "$work/new.sqlite" "$data/usaid-pa.xml" \
    >"$work/out" 2>&1; then
    fail "an import with a broken crosswalk went ahead"
fi
grep -q "broken-crosswalk.json" "$work/out" || fail "broken crosswalk: $(cat "$work/out")"
for suffix in "" -journal -wal -shm; do
    [ ! -e "$work/new.sqlite$suffix" ] || fail "an import with a broken crosswalk left new.sqlite$suffix"
done

# A ledger's pages are sent to disk as they are written (every 2 MB, by sync_file_range), so that the sync that ends
# an import does not wait for the whole file; the temporary files SQLite deletes are never sent. Seen by strace on two
# real files, whose ledger is 5.6 MB.
command -v strace >/dev/null || fail "strace is missing (.ci/run installs it)"
strace -f -qq -e trace=openat,sync_file_range -o "$work/trace" \
    "$binary" import iati --db "$work/written.sqlite" "$data/usaid-mx.xml" "$data/usaid-jm.xml" >"$work/out" 2>&1 \
    || fail "import under strace: $(cat "$work/out")"
python3 - "$work/trace" "$work/written.sqlite" <<'PY' || fail "write-back: see above"
import re, sys
trace, ledger = sys.argv[1], sys.argv[2]
opened, sent, pending = {}, [], {}
for line in open(trace):
    # In the order the calls were made, so a descriptor names the file it was last opened for. A call another
    # thread's call interrupted comes in two lines, "<unfinished ...>" and "<... openat resumed>", by thread, and
    # strace pads a short line's "= result" with spaces.
    if found := re.search(r'^(\d+) +openat\(AT_FDCWD, "([^"]+)", .*<unfinished \.\.\.>$', line):
        pending[found[1]] = found[2]
    elif found := re.search(r"^(\d+) +<\.\.\. openat resumed>.*\)\s+=\s+(\d+)$", line):
        opened[found[2]] = pending.pop(found[1], "?")
    elif found := re.search(r'openat\(AT_FDCWD, "([^"]+)", .*\)\s+=\s+(\d+)$', line):
        opened[found[2]] = found[1]
    if found := re.search(r"sync_file_range\((\d+), 0, 0, SYNC_FILE_RANGE_WRITE", line):
        sent.append(opened.get(found[1], "descriptor " + found[1]))
others = [path for path in sent if path not in (ledger, ledger + "-journal", ledger + "-wal")]
if not sent or others:
    sys.exit(f"write-back started for {len(sent)} files, of which not the ledger's: {others}")
PY

# A check reads and classifies, and writes nothing.
"$binary" import iati --check --db "$work/ledger.sqlite" "$data/usaid-pa.xml" >"$work/out" 2>/dev/null
grep -q "usaid-pa.xml: checked, nothing written .* 29 activities, 101 transactions (101 commitments, disbursements or expenditures, split into 101 parts)" "$work/out" \
    || fail "check: $(cat "$work/out")"
[ ! -e "$work/ledger.sqlite" ] || fail "check made a ledger file"

# migrate says what it applied, and then that there is nothing left to apply.
"$binary" migrate --db "$work/ledger.sqlite" >"$work/out"
grep -q "ledger.sqlite: applied v1-ledger, .*, v14-run-sheets$" "$work/out" || fail "migrate: $(cat "$work/out")"
"$binary" migrate --db "$work/ledger.sqlite" >"$work/out"
grep -q "ledger.sqlite: schema already at v14-run-sheets$" "$work/out" || fail "migrate again: $(cat "$work/out")"
# The version names the schema this build reads and writes, the one migrate just brought the ledger to.
"$binary" --version | grep -qx "atalaya [0-9][0-9.]* (ledger schema v14-run-sheets)" || fail "--version: $("$binary" --version)"

# The front door: the demo prints the portfolio from each of its three money sources, never added, and a second run
# imports nothing (24 bundled files: 17 IATI, 3 ForeignAssistance.gov, the Greenbook, 2 series, the engagements).
"$binary" demo --db "$work/demo.sqlite" >"$work/out" 2>/dev/null
for source in "IATI (--source iati)" "ForeignAssistance.gov (--source fa)" "the Greenbook (--source greenbook)"; do
    grep -qF "Portfolio from $source — " "$work/out" || fail "demo: no table from $source"
done
grep -q "^Three sources, never added" "$work/out" || fail "demo: $(tail -20 "$work/out")"
# The demo made its ledger without the write-ahead log and left it in WAL mode, in which a server reads it while an
# import writes; so does an import that a new ledger's first file fails, and that ledger holds no run.
journal_mode() {
    python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode").fetchone()[0])' "$1"
}
[ "$(journal_mode "$work/demo.sqlite")" = wal ] || fail "demo left its new ledger in $(journal_mode "$work/demo.sqlite") mode"
[ ! -e "$work/demo.sqlite-journal" ] || fail "demo left a rollback journal"
head -c 3000 "$data/usaid-pa.xml" >"$work/cut-first.xml"
if "$binary" import iati --db "$work/new.sqlite" "$work/cut-first.xml" >/dev/null 2>"$work/err"; then
    fail "a cut file imported into a new ledger"
fi
grep -q "cut-first.xml" "$work/err" || fail "a cut file into a new ledger: $(cat "$work/err")"
[ "$(journal_mode "$work/new.sqlite")" = wal ] || fail "a failed first import left its ledger in $(journal_mode "$work/new.sqlite") mode"
"$binary" runs --db "$work/new.sqlite" --format csv >"$work/out"
[ "$(wc -l <"$work/out")" = 1 ] || fail "a failed first import left runs: $(cat "$work/out")"
"$binary" demo --db "$work/demo.sqlite" >"$work/out" 2>/dev/null
[ "$(grep -c ': already imported as run ' "$work/out")" = 24 ] || fail "demo again: $(grep -v '^ *$' "$work/out" | head)"
# A region or a non-ISO code has its brief, as it has its page; money with no recipient has none.
# (Each output goes to a file before its first line is read: piped into `head -1`, a longer output would end
# with SIGPIPE, which pipefail counts as a failure, as soon as head had its line.)
"$binary" brief code:1000 --db "$work/demo.sqlite" >"$work/out"
head -1 "$work/out" | grep -qx "# Non-ISO code 1000: security cooperation brief" \
    || fail "brief code:1000"
"$binary" brief region:489 --db "$work/demo.sqlite" >"$work/out"
head -1 "$work/out" | grep -qx "# South America, regional: security cooperation brief" \
    || fail "brief region:489"
if "$binary" brief none --db "$work/demo.sqlite" >/dev/null 2>"$work/err"; then fail "brief none was accepted"; fi
grep -q "money given to no recipient has no brief" "$work/err" || fail "brief none: $(cat "$work/err")"
# An association names its country and indicator in words, with the codes they are asked for by.
"$binary" report association --db "$work/demo.sqlite" --country SV --pillar justice --indicator homicide.per_100k \
    >"$work/out"
head -1 "$work/out" | grep -qF "in SV (El Salvador) beside Homicides per 100,000 people (homicide.per_100k, edition 2022-07-20)" \
    || fail "association's heading"
tail -1 "$work/out" | grep -q "^Only [0-9]* years pair up" || fail "association's sentence: $(tail -1 "$work/out")"
"$binary" report association --db "$work/demo.sqlite" --country SV --pillar justice --indicator homicide.per_100k \
    --lang es >"$work/out"
head -1 "$work/out" | grep -qF "Justicia y Estado de derecho (desembolsos de IATI) en SV (El Salvador) junto a Homicidios por cada 100,000 habitantes (homicide.per_100k, edición 2022-07-20)" \
    || fail "association's heading in Spanish: $(head -1 "$work/out")"
tail -1 "$work/out" | grep -q "^Solo [0-9]* años se emparejan" || fail "association's sentence in Spanish: $(tail -1 "$work/out")"
# Engagements with a partner: the demo's Mexico ones in JSON, and for a country with none, a sentence on how to add one.
"$binary" engagement list --db "$work/demo.sqlite" --country MX --format json >"$work/out"
grep -q '"countries" : \[' "$work/out" || fail "engagement list --format json: $(head -5 "$work/out")"
"$binary" engagement list --db "$work/demo.sqlite" --country BR >"$work/out"
grep -qx 'No engagements recorded with BR (Brazil): `atalaya import engagements FILE…` or `atalaya engagement add` records them.' "$work/out" \
    || fail "engagement list for a country with none: $(cat "$work/out")"
"$binary" engagement list --db "$work/demo.sqlite" --country MX --lang es >"$work/out"
head -1 "$work/out" | grep -q "^fecha  *tipo  *nivel  *países  *pilares  *resumen  *fuente" \
    || fail "engagement list --lang es: $(head -1 "$work/out")"
grep -q "^2025-09-03  visita  *ministerial  *MX " "$work/out" || fail "engagement list --lang es: $(cat "$work/out")"
# A year as the tables head it (FY2020, any case) is the same year; a two-digit one is refused with what to give.
"$binary" report portfolio --db "$work/demo.sqlite" --from 2020 --to 2021 --format csv >"$work/plain"
"$binary" report portfolio --db "$work/demo.sqlite" --from FY2020 --to fy2021 --format csv >"$work/out"
cmp -s "$work/plain" "$work/out" || fail "--from FY2020 --to fy2021 differs from --from 2020 --to 2021"
grep -q "^iati,disbursement,current,security,us_federal,SV,2021," "$work/out" \
    || fail "--from FY2020: no FY2021 rows: $(head -3 "$work/out")"
if grep -q ",SV,2019," "$work/out"; then fail "--from FY2020 kept FY2019"; fi
for arguments in "--from FY20" "--to 1899" "--calendar-year --from FY2020"; do
    # shellcheck disable=SC2086
    if "$binary" report portfolio --db "$work/demo.sqlite" $arguments >/dev/null 2>"$work/err"; then
        fail "report portfolio $arguments was accepted"
    fi
done
grep -q -- "--from FY2020 is a fiscal year; with --calendar-year give the calendar year (2020)" "$work/err" \
    || fail "--calendar-year --from FY2020: $(cat "$work/err")"
"$binary" report donors --db "$work/demo.sqlite" --from FY20 >/dev/null 2>"$work/err" && fail "donors --from FY20"
grep -q '"FY20" is not a year: give all four digits (FY2020)' "$work/err" || fail "FY20: $(cat "$work/err")"
rm -f "$work/demo.sqlite"*

# An import, then the same bytes under another name, then a file cut inside a tag: the last two change nothing.
"$binary" import iati --db "$work/ledger.sqlite" "$data/usaid-pa.xml" >/dev/null 2>&1
"$binary" runs --db "$work/ledger.sqlite" >"$work/runs-before"
cp "$data/usaid-pa.xml" "$work/copy.xml"
"$binary" import iati --db "$work/ledger.sqlite" "$work/copy.xml" >"$work/out" 2>/dev/null
grep -q "copy.xml: the same bytes as usaid-pa.xml, already imported as run 1" "$work/out" || fail "copy: $(cat "$work/out")"
head -c 100000 "$data/usaid-pa.xml" >"$work/cut.xml"
if "$binary" import iati --db "$work/ledger.sqlite" "$work/cut.xml" >/dev/null 2>"$work/err"; then
    fail "a cut file was imported"
fi
grep -q "cut.xml:2204:8: .*it looks truncated" "$work/err" || fail "cut: $(cat "$work/err")"
"$binary" runs --db "$work/ledger.sqlite" >"$work/runs-after"
cmp -s "$work/runs-before" "$work/runs-after" || fail "the refused files changed the import history"

# Warnings are counted by kind, and the command that lists them is named and lists them all.
"$binary" import iati --db "$work/ledger.sqlite" "$data/usaid-caribbean.xml" >"$work/out" 2>/dev/null
grep -q 'warnings: non_iso_country 43 (listed by `atalaya runs --warnings 2`)' "$work/out" || fail "warnings: $(cat "$work/out")"
[ "$("$binary" runs --db "$work/ledger.sqlite" --warnings 2 | grep -c non_iso_country)" = 43 ] || fail "runs --warnings 2"
[ "$("$binary" runs --db "$work/ledger.sqlite" --warnings 2 --lang es | grep -c "	código de receptor no ISO 3166-1 (se conserva)	")" = 43 ] || fail "runs --warnings 2 --lang es"
"$binary" runs --db "$work/ledger.sqlite" --lang es | head -1 | grep -q "^n.º  fuente  archivo " || fail "runs --lang es"
# The same, for other tools: a header and one line per warning or run.
[ "$("$binary" runs --db "$work/ledger.sqlite" --warnings 2 --format csv | wc -l)" = 44 ] || fail "runs --warnings 2 --format csv"
[ "$("$binary" runs --db "$work/ledger.sqlite" --format csv | wc -l)" = 3 ] || fail "runs --format csv"
"$binary" runs --db "$work/ledger.sqlite" --warnings 1 >"$work/out"
grep -qx "run 1 (usaid-pa.xml): no warnings" "$work/out" || fail "a run with no warnings: $(cat "$work/out")"
if "$binary" runs --db "$work/ledger.sqlite" --warnings 9 >"$work/out" 2>"$work/err"; then fail "run 9 has warnings"; fi
grep -q "no import run 9 in this ledger" "$work/err" || fail "no run 9: $(cat "$work/err")"

# An activity found by words in its title can be explained by the identifier the list gives.
"$binary" activities --db "$work/ledger.sqlite" --country PA --search "justice" --format csv >"$work/out"
id="$(sed -n 2p "$work/out" | cut -d, -f1)"
[ -n "$id" ] || fail "activities --search found nothing: $(cat "$work/out")"
# In Spanish where the file gives a Spanish title (USAID's Panama file does for this one), in English otherwise.
"$binary" activities --db "$work/ledger.sqlite" --search "525-GA520-G-00-03-00196-2" --lang es --format csv >"$work/out"
grep -q ",SE ESTABLECE IMPULSO HACIA UN SISTEMA DE JUSTICIA MÁS JUSTO Y RÁPIDO" "$work/out" \
    || fail "activities --lang es: $(cat "$work/out")"
"$binary" activities --db "$work/ledger.sqlite" --search "525-GA520-G-00-03-00196-2" --format csv >"$work/out"
grep -q ',"MOMENTUM TOWARDS FAIRER, FASTER JUSTICE SYSTEM ESTABLISHED",' "$work/out" \
    || fail "activities in English: $(cat "$work/out")"
"$binary" explain --db "$work/ledger.sqlite" "$id" >"$work/out"
head -1 "$work/out" | grep -qx "$id" || fail "explain $id"
"$binary" explain --db "$work/ledger.sqlite" --lang es US-GOV-1-525-GA520-G-00-03-00196-2 >"$work/es"
sed -n 2p "$work/es" | grep -q "SE ESTABLECE IMPULSO HACIA UN SISTEMA DE JUSTICIA" \
    && grep -q "^    pilar [a-z_]* (.*) según la regla " "$work/es" && grep -q "^En total, por medida" "$work/es" \
    || fail "explain --lang es: $(head -12 "$work/es")"
if "$binary" explain --db "$work/ledger.sqlite" "$(echo "$id" | tr 'A-Z' 'a-z')" >/dev/null 2>"$work/err"; then
    fail "explain matched an identifier in another case"
fi
grep -q "; did you mean $id?" "$work/err" || fail "explain's guess: $(cat "$work/err")"
# So does the identifier without its publisher's prefix; one that nothing holds gets the hint.
if "$binary" explain --db "$work/ledger.sqlite" "${id#US-GOV-1-}" >/dev/null 2>"$work/err"; then
    fail "explain matched part of an identifier"
fi
grep -q "; did you mean $id?" "$work/err" || fail "explain's guess without prefix: $(cat "$work/err")"
if "$binary" explain --db "$work/ledger.sqlite" "US-GOV-1-NONE-0000" >/dev/null 2>"$work/err"; then
    fail "explain found US-GOV-1-NONE-0000"
fi
grep -q "atalaya activities --search WORDS" "$work/err" || fail "explain's hint: $(cat "$work/err")"

# A ledger this user may not write is refused in words (root writes anything, so this runs as nobody when it can).
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v su >/dev/null; then
    mkdir "$work/shared-ro" && cp "$work/ledger.sqlite" "$work/shared-ro/" && chmod 444 "$work/shared-ro/ledger.sqlite"
    chmod 555 "$work/shared-ro" && chmod o+x "$work"
    if su nobody -s /bin/sh -c "'$binary' report portfolio --db '$work/shared-ro/ledger.sqlite'" >"$work/out" 2>&1; then
        fail "a read-only ledger: $(cat "$work/out")"
    fi
    grep -q "cannot use the ledger $work/shared-ro/ledger.sqlite: the file is read-only;" "$work/out" \
        || fail "read-only ledger: $(cat "$work/out")"
    chmod 755 "$work/shared-ro"
fi

# Options that cannot both hold are refused before anything is read.
if "$binary" report portfolio --db "$work/ledger.sqlite" --from 2020 --to 2015 >/dev/null 2>"$work/err"; then
    fail "--from after --to was accepted"
fi
grep -q -- "--from 2020 is after --to 2015" "$work/err" || fail "from/to: $(cat "$work/err")"
# A country code that is not ISO is refused (it could only answer "no data"); a lower-case one is upper-cased.
for command in "report portfolio --country XX" "activities --country XX" "signals --country XX" "brief XX"; do
    # shellcheck disable=SC2086
    if "$binary" $command --db "$work/ledger.sqlite" >/dev/null 2>"$work/err"; then fail "$command was accepted"; fi
    grep -q '"XX" is not an ISO 3166-1 alpha-2 code' "$work/err" || fail "$command: $(cat "$work/err")"
done
"$binary" report portfolio --db "$work/ledger.sqlite" --country pa >"$work/out"
head -1 "$work/out" | grep -q "recipients PA (Panama)$" \
    || fail "--country pa"
# In Spanish for a partner's office: the words and the country's name, with the figures the English table gives.
"$binary" report portfolio --db "$work/ledger.sqlite" --country PA --lang es >"$work/es"
head -1 "$work/es" | grep -q "^Cartera de IATI (--source iati) — desembolsos, .*receptores PA (Panamá)$" \
    || fail "portfolio --lang es: $(head -1 "$work/es")"
[ "$(grep -c '^Total ' "$work/es")" = 1 ] \
    && [ "$(grep '^Total ' "$work/es" | tr -s ' ')" = "$(grep '^Total ' "$work/out" | tr -s ' ')" ] \
    || fail "portfolio --lang es totals: $(grep '^Total ' "$work/es" "$work/out")"
# A country's name, in English or Spanish, is refused with its code suggested.
if "$binary" report portfolio --db "$work/ledger.sqlite" --country Panamá >/dev/null 2>"$work/err"; then
    fail "--country Panamá was accepted"
fi
grep -q '"Panamá" is not an ISO 3166-1 alpha-2 code; did you mean PA (Panama)?' "$work/err" || fail "name: $(cat "$work/err")"
# Results thresholds of one's own are named in the brief; ones that cannot both hold are refused.
"$binary" brief PA --db "$work/ledger.sqlite" --on-track 75 --at-risk 40 >"$work/out"
grep -q "^- Results: " "$work/out" || fail "brief results: $(grep -i results "$work/out")"
ATALAYA_AT_RISK=40 "$binary" signals --db "$work/ledger.sqlite" --country PA --on-track 75 --format json >"$work/out"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
assert d[0]["results"]["thresholds"] == {"onTrack": 0.75, "atRisk": 0.4}, d[0]["results"]' "$work/out" \
    || fail "signals thresholds: $(head -c 300 "$work/out")"
# A partner's counterpart reads the signals in Spanish.
"$binary" signals --db "$work/ledger.sqlite" --country PA --lang es >"$work/out"
grep -q "^Panamá (PA) — señales al " "$work/out" && grep -q "^  Fondos para justicia y anticorrupción: " "$work/out" \
    || fail "signals --lang es: $(head -c 400 "$work/out")"
if "$binary" brief PA --db "$work/ledger.sqlite" --on-track 40 --at-risk 60 >/dev/null 2>"$work/err"; then
    fail "at risk above on track was accepted"
fi
grep -q "at risk (60%) must not be above on track (40%)" "$work/err" || fail "thresholds: $(cat "$work/err")"
# A brief that cannot be written says why, in words, and exits non-zero.
if "$binary" brief PA --db "$work/ledger.sqlite" --output "$work/no-such-folder/brief.md" >/dev/null 2>"$work/err"; then
    fail "brief --output into a missing folder"
fi
grep -qx "error: cannot write $work/no-such-folder/brief.md: No such file or directory" "$work/err" \
    || fail "brief --output: $(cat "$work/err")"
# A country no source holds money for and no monitoring data names is refused, as its page is, and nothing printed.
if "$binary" brief FR --db "$work/ledger.sqlite" >"$work/out" 2>"$work/err"; then fail "a brief for FR, of which nothing is held"; fi
grep -qx "error: no source in $work/ledger.sqlite holds money for FR, and no monitoring data names it .*" "$work/err" \
    || fail "brief FR: $(cat "$work/err")"
[ ! -s "$work/out" ] || fail "brief FR printed: $(head -3 "$work/out")"

# A publisher filter keeps that publisher's money, says so in the title, and travels with the JSON.
"$binary" report portfolio --db "$work/ledger.sqlite" --publisher US-GOV-1 >"$work/all"
"$binary" report portfolio --db "$work/ledger.sqlite" >"$work/unfiltered"
head -1 "$work/all" | grep -q ", publishers US-GOV-1$" || fail "publisher title: $(head -1 "$work/all")"
[ "$(grep '^Total' "$work/all")" = "$(grep '^Total' "$work/unfiltered")" ] || fail "US-GOV-1 is every file's publisher"
"$binary" report portfolio --db "$work/ledger.sqlite" --publisher XM-DAC-46007 --format json >"$work/out"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
assert d["rows"] == [] and d["filters"]["publishers"] == ["XM-DAC-46007"], d["filters"]' "$work/out" \
    || fail "another publisher's filter: $(head -c 300 "$work/out")"
# A run removed takes its activities with it and is listed as removed; its file then imports again, under a new id.
"$binary" runs --db "$work/ledger.sqlite" --remove 2 >"$work/out"
grep -q "^run 2 (usaid-caribbean.xml, iati .*) removed on .*: 14 activities$" "$work/out" || fail "remove: $(cat "$work/out")"
"$binary" runs --db "$work/ledger.sqlite" >"$work/out"
grep -q "^  run 2 (usaid-caribbean.xml, " "$work/out" || fail "runs lists no removal"
[ "$("$binary" runs --db "$work/ledger.sqlite" --format csv | wc -l)" = 2 ] || fail "a removed run still listed"
if "$binary" runs --db "$work/ledger.sqlite" --remove 2 >/dev/null 2>"$work/err"; then fail "run 2 removed twice"; fi
grep -q "^error: run 2 (usaid-caribbean.xml) was removed on " "$work/err" || fail "remove twice: $(cat "$work/err")"
"$binary" import iati --db "$work/ledger.sqlite" "$data/usaid-caribbean.xml" >"$work/out" 2>/dev/null
grep -q "usaid-caribbean.xml: run 3 — activities 14 new" "$work/out" || fail "import after removal: $(cat "$work/out")"

# A program office's monitoring file (made up here: no office publishes its own) imports once; a bad one says where.
printf '%s\n' "program,country,indicator,ascending,baseline,period_start,period_end,target,actual" \
    "SYNTHETIC-PA-1,PA,Prosecutors trained,true,0,2025-01-01,2025-06-30,40,30" >"$work/SYNTHETIC-monitoring.csv"
"$binary" import monitoring --db "$work/ledger.sqlite" --office "SYNTHETIC office" "$work/SYNTHETIC-monitoring.csv" >"$work/out"
grep -qx "SYNTHETIC-monitoring.csv: run 4 — monitoring, 1 period: 1 new, 0 updated, 0 unchanged" "$work/out" \
    || fail "monitoring: $(cat "$work/out")"
"$binary" import monitoring --db "$work/ledger.sqlite" "$work/SYNTHETIC-monitoring.csv" >"$work/out"
grep -q "already imported as run 4" "$work/out" \
    || fail "monitoring twice"
"$binary" brief PA --db "$work/ledger.sqlite" --as-of 2025-11-29 >"$work/out"
grep -q "^- Results: of 1 indicator.*all from the program office's monitoring data" "$work/out" \
    || fail "monitoring in the brief: $(grep -i results "$work/out")"
"$binary" report results --db "$work/ledger.sqlite" --country PA --as-of 2025-11-29 --format csv >"$work/out"
[ "$(tail -1 "$work/out")" = "at risk,SYNTHETIC-PA-1,Prosecutors trained,2025-06-30,0,40,30,0.7500,monitoring,4,,,false," ] \
    || fail "report results: $(cat "$work/out")"
"$binary" report results --db "$work/ledger.sqlite" --country PA --as-of 2025-11-29 --on-track 70 >"$work/out"
grep -q "^on track  " "$work/out" || fail "report results --on-track 70: $(cat "$work/out")"
sed 's/,PA,/,Panama,/' "$work/SYNTHETIC-monitoring.csv" >"$work/SYNTHETIC-monitoring-bad.csv"
if "$binary" import monitoring --db "$work/ledger.sqlite" "$work/SYNTHETIC-monitoring-bad.csv" >/dev/null 2>"$work/err"; then
    fail "a monitoring file with a country name was imported"
fi
grep -q "SYNTHETIC-monitoring-bad.csv:2: country: \"Panama\" is not an ISO 3166-1 alpha-2 code; did you mean PA (Panama)?" "$work/err" \
    || fail "bad monitoring: $(cat "$work/err")"
[ "$("$binary" runs --db "$work/ledger.sqlite" --format csv | wc -l)" = 4 ] || fail "a bad monitoring file left a run"
# A partner counterpart co-signs Panama's file with a key of their own; the office registers the key and records the
# co-signature once; a statement changed after signing, or by a key not registered, records nothing.
"$binary" cosign keygen --out "$work/pa.key" >"$work/out"
[ "$(stat -c %a "$work/pa.key")" = 600 ] || fail "keygen: the key file is readable by others"
key="$(sed -n 's/^public key (send it to the program office): //p' "$work/out")"
"$binary" cosign keygen --out "$work/pa-es.key" --lang es >"$work/out"
grep -q "^clave pública (envíela a la oficina del programa): [A-Za-z0-9+/]\{43\}=$" "$work/out" \
    || fail "cosign keygen --lang es: $(cat "$work/out")"
# Signed for another country, the file is refused in the counterpart's language, with its line and field, and
# nothing is written.
if "$binary" cosign sign --key "$work/pa.key" --country HN --lang es "$work/SYNTHETIC-monitoring.csv" \
    >/dev/null 2>"$work/err"; then
    fail "cosign sign signed Panama's file for Honduras"
fi
grep -q "^Error: SYNTHETIC-monitoring.csv:2: country: PA no es HN, el único país sobre el que este archivo puede informar$" \
    "$work/err" || fail "cosign sign --lang es, another country: $(cat "$work/err")"
[ ! -e "$work/SYNTHETIC-monitoring.csv.cosign" ] || fail "a refused cosign sign wrote a co-signature"
"$binary" cosign sign --key "$work/pa.key" --country PA --lang es "$work/SYNTHETIC-monitoring.csv" >"$work/out"
grep -q "SYNTHETIC-monitoring.csv.cosign: PA refrenda SYNTHETIC-monitoring.csv, sha256 [0-9a-f]\{12\}…; envíe ambos archivos a la oficina del programa$" \
    "$work/out" || fail "cosign sign --lang es: $(cat "$work/out")"
cosign="$work/SYNTHETIC-monitoring.csv.cosign"
if "$binary" cosign record --db "$work/ledger.sqlite" "$cosign" >/dev/null 2>"$work/err"; then
    fail "a co-signature by a key no one registered was recorded"
fi
grep -q "no registered co-signer has the key $key" "$work/err" || fail "cosign record, unregistered: $(cat "$work/err")"
"$binary" cosign register --db "$work/ledger.sqlite" --country PA --name "SYNTHETIC Panama ministry" "$key" >/dev/null
"$binary" cosign record --db "$work/ledger.sqlite" "$cosign" >"$work/out"
grep -q "run 4 co-signed for PA by SYNTHETIC Panama ministry" "$work/out" || fail "cosign record: $(cat "$work/out")"
"$binary" cosign record --db "$work/ledger.sqlite" "$cosign" >"$work/out"
grep -q "recorded before; nothing changed" "$work/out" \
    || fail "cosign record twice"
sed 's/"country" : "PA"/"country" : "SV"/' "$cosign" >"$work/changed.cosign"
if "$binary" cosign record --db "$work/ledger.sqlite" "$work/changed.cosign" >/dev/null 2>"$work/err"; then
    fail "a changed co-signature was recorded"
fi
grep -q "changed.cosign: the signature does not verify" "$work/err" || fail "changed cosign: $(cat "$work/err")"
"$binary" report results --db "$work/ledger.sqlite" --country PA --as-of 2025-11-29 --format csv >"$work/out"
tail -1 "$work/out" | grep -q ",monitoring,4,SYNTHETIC Panama ministry (20" || fail "co-signed results: $(cat "$work/out")"
# The partner's counterpart reads the same results in Spanish.
"$binary" report results --db "$work/ledger.sqlite" --country PA --as-of 2025-11-29 --lang es >"$work/out"
grep -q "^en riesgo  SYNTHETIC-PA-1  Prosecutors trained  2025-06-30 .* 75%  monitoring importación 4, refrendado$" "$work/out" \
    || fail "report results --lang es: $(cat "$work/out")"
# The periods due (ended, no actual) come out as a monitoring file; filled in, it imports back and none is due.
printf '%s\n' "program,country,indicator,ascending,baseline,period_start,period_end,target,actual" \
    "SYNTHETIC-PA-1,PA,Prosecutors trained,true,0,2025-01-01,2025-06-30,40,30" \
    "SYNTHETIC-PA-1,PA,\"Cases \"\"closed\"\", by court\",true,0,2025-07-01,2025-12-31,40," \
    "SYNTHETIC-PA-1,PA,Prosecutors trained,true,0,2025-07-01,2025-12-31,80," >"$work/SYNTHETIC-monitoring-due.csv"
"$binary" import monitoring --db "$work/due.sqlite" "$work/SYNTHETIC-monitoring-due.csv" >/dev/null
"$binary" report due --db "$work/due.sqlite" --as-of 2026-01-15 >"$work/due.csv" 2>"$work/err"
[ "$(sed -n 2,3p "$work/due.csv" | paste -sd'|')" = \
    'SYNTHETIC-PA-1,PA,"Cases ""closed"", by court",true,0,2025-07-01,2025-12-31,40,|SYNTHETIC-PA-1,PA,Prosecutors trained,true,0,2025-07-01,2025-12-31,80,' ] \
    || fail "report due: $(cat "$work/due.csv")"
grep -qx "2 periods ended before 2026-01-15 with no actual in the monitoring data" "$work/err" \
    || fail "report due's note: $(cat "$work/err")"
sed -i 's/,40,$/,40,35/; s/,80,$/,80,61/' "$work/due.csv"
# The partner's counterpart imports it for their own country, in Spanish: a line for another country is refused
# where it stands, and nothing is imported; their own file's periods are then updated.
sed 's/,PA,/,HN,/' "$work/due.csv" >"$work/due-hn.csv"
if "$binary" import monitoring --db "$work/due.sqlite" --country PA --lang es "$work/due-hn.csv" >/dev/null \
    2>"$work/err"; then
    fail "a file for Honduras was imported for Panama"
fi
[ "$(cat "$work/err")" = "error: due-hn.csv:2: country: HN no es PA, el único país sobre el que este archivo puede informar
  nada de este archivo se importó." ] || fail "import monitoring --lang es, another country: $(cat "$work/err")"
"$binary" import monitoring --db "$work/due.sqlite" --country PA --lang es "$work/due.csv" >"$work/out"
grep -qx "due.csv: importación 2 — seguimiento, 2 periodos: 0 nuevos, 2 actualizados, 0 sin cambios" "$work/out" \
    || fail "report due imported back: $(cat "$work/out")"
"$binary" import monitoring --db "$work/due.sqlite" --lang es "$work/due.csv" >"$work/out"
grep -qx "due.csv: ya importado como importación 2 (el mismo SHA-256); nada cambió" "$work/out" \
    || fail "import monitoring --lang es, twice: $(cat "$work/out")"
[ "$("$binary" report due --db "$work/due.sqlite" --country PA --as-of 2026-01-15 --lang es 2>"$work/err" | wc -l)" = 1 ] \
    || fail "report due after the file came back"
grep -qx "0 periodos vencieron antes del 2026-01-15 sin valor real en los datos de seguimiento de PA" "$work/err" \
    || fail "report due --lang es: $(cat "$work/err")"
# ForeignAssistance.gov country totals beside the imported detail, from the real files.
fa="${ATALAYA_SHARED_DATA:-../shared/data}/foreignassistance-gov"
"$binary" import fa --db "$work/fa.sqlite" --vintage 2022-12-15 "$fa/complete-dataset-extracts/Ecuador_2022-2002_Econ_Other.csv" \
    "$fa/country-summary/vintage-2022-12/US_foreign_aid_summary.csv" >/dev/null 2>&1
"$binary" report coverage --db "$work/fa.sqlite" --country EC --format csv >"$work/out"
# The export is run 1 and the totals run 2: each year names the runs its figures come from.
grep -qx "2017,18030116.00,18030116.00,1.0000,1 2" "$work/out" || fail "report coverage: $(head -5 "$work/out")"
grep -qx "2001,64512401.00,,,2" "$work/out" || fail "report coverage, totals alone: $(head -5 "$work/out")"
# The Greenbook's own Excel workbook: read from its sheet, its last-saved date taken as its vintage (no warning), and
# Colombia's FY2015 obligations as the CSV copy gives them; a sheet it does not have is refused and writes nothing.
greenbook="$fa/greenbook/us_foreignaid_greenbook.xlsx"
if "$binary" import greenbook --db "$work/gb.sqlite" --sheet FY2015 "$greenbook" >"$work/out" 2>&1; then
    fail "a workbook sheet that is not there was imported"
fi
grep -q 'no sheet "FY2015"; the workbook has "Economic and Military Aid"' "$work/out" || fail "--sheet: $(cat "$work/out")"
"$binary" import greenbook --db "$work/gb.sqlite" "$greenbook" >"$work/out"
grep -q "run 1 — greenbook-9, vintage 2022-08-09 (the workbook's last-saved date), 75,002 rows; no warnings" "$work/out" \
    || fail "workbook import: $(cat "$work/out")"
"$binary" report portfolio --db "$work/gb.sqlite" --source greenbook --measure obligation --scope all --country CO \
    --from 2015 --to 2015 --format csv >"$work/out"
[ "$(awk -F, 'NR > 1 { sum += $10 } END { printf "%.2f", sum }' "$work/out")" = 839585900.00 ] \
    || fail "workbook figures: $(cat "$work/out")"
# A brief in a source that holds nothing for the country still prints, and names the sources that do hold money for it.
"$binary" brief CO --db "$work/gb.sqlite" >"$work/out" 2>"$work/err"
grep -q "^No in-scope money in this source.$" "$work/out" || fail "brief CO from IATI: $(cat "$work/out")"
grep -qx "note: no in-scope money for CO in IATI; the Greenbook (atalaya brief CO --source greenbook) holds money for it" \
    "$work/err" || fail "brief CO's hint: $(cat "$work/err")"
"$binary" brief CO --db "$work/gb.sqlite" --source greenbook >/dev/null 2>"$work/err"
[ ! -s "$work/err" ] || fail "brief CO from the Greenbook: $(cat "$work/err")"
# An indicator workbook as published: the CPI's one sheet, laid out as its CSV copy; GI-TOC's, of three sheets, needs one
# named, and WGI is read from its long CSV only.
indicators="${ATALAYA_SHARED_DATA:-../shared/data}/country-indicators"
"$binary" import indicators --db "$work/ind.sqlite" --source cpi --edition 2020 \
    "$indicators/transparency-cpi/Corruption Perception Index.xlsx" >"$work/out"
grep -q "run 1 — cpi, edition 2020, 1,589 values, 1 warning" "$work/out" || fail "cpi workbook: $(cat "$work/out")"
if "$binary" import indicators --db "$work/ind.sqlite" --source gitoc \
    "$indicators/gitoc-organized-crime-index/global_oc_index.xlsx" >"$work/out" 2>&1; then
    fail "a workbook of three sheets imported with none named"
fi
grep -q '"2023_dataset", "2021_dataset"); name one with --sheet' "$work/out" || fail "gitoc sheets: $(cat "$work/out")"
"$binary" import indicators --db "$work/ind.sqlite" --source gitoc --sheet 2023_dataset \
    "$indicators/gitoc-organized-crime-index/global_oc_index.xlsx" | grep -q "run 2 — gitoc, edition 2023, 6,948 values" \
    || fail "gitoc workbook"
# Each sheet is a run of its own, and --sheet may be repeated: the 2021 edition from the same workbook is imported,
# the 2023 sheet again is not, and a sheet the workbook lacks is refused alone (the command then fails).
if "$binary" import indicators --db "$work/ind.sqlite" --source gitoc --sheet 2021_dataset --sheet 2023_dataset \
    --sheet 2019_dataset "$indicators/gitoc-organized-crime-index/global_oc_index.xlsx" >"$work/out" 2>"$work/err"; then
    fail "a sheet that is not there was imported"
fi
grep -q "global_oc_index.xlsx\[2021_dataset\]: run 3 — gitoc, edition 2021, 5,790 values" "$work/out" \
    || fail "gitoc second sheet: $(cat "$work/out")"
grep -q "global_oc_index.xlsx\[2023_dataset\]: already imported as run 2 " "$work/out" \
    || fail "gitoc sheet again: $(cat "$work/out")"
grep -q 'no sheet "2019_dataset"' "$work/err" && grep -q "nothing from this sheet was imported" "$work/err" \
    || fail "gitoc sheet missing: $(cat "$work/err")"
"$binary" runs --db "$work/ind.sqlite" --format csv | awk -F, 'NR > 1 { print $1 ":" $NF }' | paste -sd' ' >"$work/out"
grep -qx "1:Sheet1 2:2023_dataset 3:2021_dataset" "$work/out" || fail "runs' sheets: $(cat "$work/out")"
# Partner capacity from those runs: the CPI from 2012 (its method changed then) and GI-TOC's newest edition alone,
# never joined to 2021's, so it has no change to give.
"$binary" report capacity --db "$work/ind.sqlite" --country CO --format csv >"$work/out"
grep -qx "CO,cpi.score,cpi,2020,2020,39,,2012,36,," "$work/out" && grep -qx "CO,gitoc.resilience,gitoc,2023,2023,5.63,,,,," \
    "$work/out" || fail "report capacity: $(cat "$work/out")"
# A series named as people say it is refused (status 2) with the country's series and the one that was meant.
status=0
"$binary" report series --db "$work/ind.sqlite" --country CO --indicator "Anti-Money Laundering" >"$work/out" \
    2>"$work/err" || status=$?
[ "$status" -eq 2 ] || fail "a series that is not there: status $status, $(cat "$work/out")"
grep -qx "error: no Anti-Money Laundering series for CO; it has 37 series: cpi.score, 36 gitoc.… (atalaya report series --country CO lists them); did you mean gitoc.anti_money_laundering?" \
    "$work/err" || fail "series: $(cat "$work/err")"
# The State Department's budget tables: a Windows-1252 table read as UTF-8 is refused with the flag that reads it, and
# writes nothing; read as Windows-1252 it imports, once, and the report adds Mexico's accounts to the file's total.
budget="${ATALAYA_SHARED_DATA:-../shared/data}/state-dept-cbj-account-by-country"
if "$binary" import state-budget --db "$work/budget.sqlite" --basis request "$budget/STATE budget by country.17.csv" \
    >"$work/out" 2>&1; then
    fail "a Windows-1252 budget table imported as UTF-8"
fi
grep -q "STATE budget by country.17.csv:.*--encoding windows-1252" "$work/out" || fail "budget encoding: $(cat "$work/out")"
"$binary" import state-budget --db "$work/budget.sqlite" --basis request --encoding windows-1252 --vintage 2016-04-06 \
    "$budget/STATE budget by country.17.csv" >"$work/out"
grep -q "run 1 — FY2017 (request), vintage 2016-04-06, 681 figures: 144 countries" "$work/out" \
    || fail "budget import: $(cat "$work/out")"
"$binary" import state-budget --db "$work/budget.sqlite" --basis request --encoding windows-1252 --vintage 2016-04-06 \
    "$budget/STATE budget by country.17.csv" | grep -q "already imported" || fail "budget imported twice"
# A workbook sheet named as a request, imported with no --basis, is kept as unstated, and the name is pointed out.
"$binary" import state-budget --db "$work/budget-r.sqlite" --sheet "FY17 (r)" "$budget/STATE budget by country.xlsx" \
    >"$work/out"
grep -q "FY2017 (unstated)" "$work/out" && grep -q '^  note: the sheet.s name ends in "(r)", .* --basis request$' \
    "$work/out" || fail "budget sheet (r): $(cat "$work/out")"
"$binary" report budget --db "$work/budget.sqlite" --country MX --format csv >"$work/out"
[ "$(awk -F, 'NR > 1 { sum += $(NF - 2) } END { printf "%d", sum }' "$work/out")" = 134664000 ] \
    || fail "report budget: $(cat "$work/out")"
"$binary" report budget --db "$work/budget.sqlite" --region wha >"$work/out"
grep -q "^State Western Hemisphere Regional *242,070$" "$work/out" || fail "report budget --region: $(cat "$work/out")"
# The workbook those copies were saved from, a sheet a run: its FY2010 sheet leaves two account headings out and is
# refused alone (exit 1), with the sheet, row and column; FY2009's is imported, dated by the workbook's last save.
if "$binary" import state-budget --db "$work/budget-book.sqlite" --sheet FY09 --sheet FY10 \
    "$budget/STATE budget by country.xlsx" >"$work/out" 2>&1; then
    fail "a workbook sheet with a column of no heading imported"
fi
grep -q "STATE budget by country.xlsx\[FY09\]: run 1 — FY2009 (unstated), vintage 2016-03-24 (the workbook's last-saved date), 764 figures" \
    "$work/out" || fail "budget workbook: $(cat "$work/out")"
grep -q "STATE budget by country.xlsx\[FY10\]:1:4: header: a column with no heading" "$work/out" \
    || fail "budget workbook FY10: $(cat "$work/out")"
# Who pays in El Salvador: USAID's IATI money beside BCIE's; each donor's total from `report donors` (its CSV ends with
# amount_usd,runs) equals the one `report portfolio --by publisher` gives, and the Greenbook (obligations only) is refused as a U.S. source.
iati="${ATALAYA_SHARED_DATA:-../shared/data}/iati-activities"
"$binary" import iati --db "$work/donors.sqlite" "$data/usaid-sv.xml" "$iati/bcie-xm-dac-46007/bcie.xml" >/dev/null 2>&1
"$binary" report donors --db "$work/donors.sqlite" --country SV --format csv \
    | awk -F, 'NR > 1 { sum[$1] += $(NF - 1) } END { for (p in sum) printf "%s %.2f\n", p, sum[p] }' \
    | sort >"$work/donors"
"$binary" report portfolio --db "$work/donors.sqlite" --country SV --by publisher --format csv \
    | awk -F, 'NR > 1 { p = ($9 ~ /^US-/) ? "us-government" : $9; sum[p] += $10 }
        END { for (p in sum) printf "%s %.2f\n", p, sum[p] }' | sort >"$work/portfolio"
grep -qx "XM-DAC-46007 10735652.00" "$work/donors" || fail "report donors: $(cat "$work/donors")"
cmp -s "$work/donors" "$work/portfolio" || fail "donors $(cat "$work/donors") against portfolio $(cat "$work/portfolio")"
# By calendar year too, donor by donor and year by year.
"$binary" report donors --db "$work/donors.sqlite" --country SV --calendar-year --format csv \
    | awk -F, 'NR > 1 { sum[$1 " " $(NF - 3)] += $(NF - 1) } END { for (p in sum) printf "%s %.2f\n", p, sum[p] }' \
    | sort >"$work/donors"
"$binary" report portfolio --db "$work/donors.sqlite" --country SV --by publisher --calendar-year --format csv \
    | awk -F, 'NR > 1 { p = ($9 ~ /^US-/) ? "us-government" : $9; sum[p " " $7] += $10 }
        END { for (p in sum) printf "%s %.2f\n", p, sum[p] }' | sort >"$work/portfolio"
grep -qx "XM-DAC-46007 2024 735652.00" "$work/donors" || fail "report donors --calendar-year: $(cat "$work/donors")"
cmp -s "$work/donors" "$work/portfolio" \
    || fail "donors by calendar year $(cat "$work/donors") against portfolio $(cat "$work/portfolio")"
if "$binary" report donors --db "$work/donors.sqlite" --us-source fa --calendar-year >"$work/out" 2>&1; then
    fail "ForeignAssistance.gov's fiscal years taken as calendar years"
fi
grep -q "by U.S. fiscal year only" "$work/out" || fail "donors --us-source fa --calendar-year: $(cat "$work/out")"
if "$binary" report donors --db "$work/donors.sqlite" --us-source greenbook >"$work/out" 2>&1; then
    fail "the Greenbook taken as a U.S. source beside IATI"
fi
grep -q "the Greenbook holds obligations only" "$work/out" || fail "donors --us-source greenbook: $(cat "$work/out")"
echo "cli check: --version names the schema, the demo prints its three money sources and a second run imports nothing, a new ledger ends in WAL mode (after a failed first file too), a year read as FY2020 or 2020 and FY20 refused, missing ledgers and foreign databases refused, a broken crosswalk leaves no ledger, a ledger's pages go to disk as they are written, --check writes nothing, refused and repeated files change nothing, a removed run's file imports again, monitoring data imports once and a bad file says where, the periods due come out as a file that imports back, country totals stand beside the detail, the Greenbook and indicator workbooks read as published, a mistyped series named, a partner's server for no country is refused, a partner's co-signature is checked and recorded once, a budget table's encoding is said and its figures add up, each donor's money adds up as the portfolio's by fiscal and calendar year"
