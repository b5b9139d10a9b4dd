#!/usr/bin/env bash
# `ipcviz bench` in a short configuration: the table has its rows and summary, CSV has a header and a
# row per mechanism with the same number of fields, JSON is well-formed (checked with a small
# bracket-and-quote scanner, no python or jq needed), and a bad option is one line with status 2.
set -uo pipefail
build=$1
fails=0
# Prints ok when the brackets and quotes of the JSON in $1 balance (no python or jq needed).
balanced() {
    awk 'BEGIN { depth = 0; quoted = 0; bad = 0 }
    { for (i = 1; i <= length($0); i++) { c = substr($0, i, 1)
        if (quoted) { if (c == "\\") i++; else if (c == "\"") quoted = 0; continue }
        if (c == "\"") quoted = 1; else if (c == "{" || c == "[") depth++; else if (c == "}" || c == "]") { depth--; if (depth < 0) bad = 1 } } }
    END { print (depth == 0 && !quoted && !bad) ? "ok" : "bad" }' <<<"$1"
}
short=(--rounds 1 --messages 2000 --round-trips 200)
table=$("$build/ipcviz" bench "${short[@]}")
for word in "Shared Memory" "Pipe" "Unix Socket" "TCP Socket" "Fastest" "SHM vs TCP" "SHM vs Pipe" "Pipe vs Unix" "Faster ≠ always better"; do
    grep -qF "$word" <<<"$table" || { echo "FAIL: the table lacks \"$word\""; fails=$((fails + 1)); }
done
csv=$("$build/ipcviz" bench "${short[@]}" --format csv)
fields=$(head -1 <<<"$csv" | awk -F, '{print NF}')
rows=$(tail -n +2 <<<"$csv" | awk -F, -v n="$fields" 'NF == n' | wc -l)
[ "$rows" -eq 4 ] || { echo "FAIL: CSV has $rows well-formed rows of $fields fields, expected 4"; fails=$((fails + 1)); }
json=$("$build/ipcviz" bench "${short[@]}" --format json)
balance=$(balanced "$json")
[ "$balance" = ok ] && grep -q '"mechanism": "tcp"' <<<"$json" || { echo "FAIL: JSON is not well-formed: $json"; fails=$((fails + 1)); }
# --compare-raw adds three CSV columns' values and a nested JSON object per mechanism.
raw_csv=$("$build/ipcviz" bench "${short[@]}" --compare-raw --format csv)
raw_fields=$(head -1 <<<"$raw_csv" | awk -F, '{print NF}')
raw_rows=$(tail -n +2 <<<"$raw_csv" | awk -F, -v n="$raw_fields" 'NF == n && $(n) != ""' | wc -l)
[ "$raw_rows" -eq 4 ] || { echo "FAIL: --compare-raw CSV has $raw_rows rows with a library_to_raw value, expected 4"; fails=$((fails + 1)); }
raw_json=$("$build/ipcviz" bench "${short[@]}" --compare-raw --format json)
[ "$(balanced "$raw_json")" = ok ] && [ "$(grep -o '"against_raw"' <<<"$raw_json" | wc -l)" -eq 4 ] && grep -q '"cache_line_round_trip_ns"' <<<"$raw_json" ||
    { echo "FAIL: --compare-raw JSON lacks against_raw or the cache line: $raw_json"; fails=$((fails + 1)); }
err=$("$build/ipcviz" bench --mechanisms pigeon 2>&1 >/dev/null); status=$?
[ $status -eq 2 ] && [ "$(grep -c '' <<<"$err")" -eq 1 ] || { echo "FAIL: bad --mechanisms: status $status, $err"; fails=$((fails + 1)); }
[ $fails -eq 0 ] && echo "ok: table, CSV, JSON (also with --compare-raw) and a bad option"
[ $fails -eq 0 ]
