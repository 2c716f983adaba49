#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_store.sh -- the result store end to end: `check --db --run` on 20
# testbed domains, then `runs` and `export`. Every exported JSON line must
# be the very line `check --json` printed for that domain (same level), the
# run must count 20 results, a domain checked again must replace its
# record, and the CSV must have the documented header (docs/store.md),
# one quoted row per domain, and no cell a spreadsheet would run.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tldbed="$top/testbed/tldbed"
bin="${TLDHEALTH:-$top/bin/tldhealth}"
n=20

[ "$(id -u)" = 0 ] || { echo "skip: needs root for port 53"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }

dir=$(mktemp -d /tmp/tldbed-store.XXXXXX)
cleanup() {
    "$tldbed" down --dir "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

"$tldbed" up --dir "$dir" --domains "$n" --seed 17 >/dev/null 2>&1
db="$dir/store.mdb"
opts=(--json --level DEBUG --hints "$dir/root.hints" --trust-anchor "$dir/root-anchor.ds"
      --global-prefix 127.100.0.0/16 --timeout 1000 --db "$db" --run itest)
# One check at a time into the store, as a user would; the JSON each
# printed is the reference.
while read -r d; do
    "$bin" check "${opts[@]}" "$d" >> "$dir/check.jsonl" || true
done < "$dir/domains.txt"
[ "$(wc -l < "$dir/check.jsonl")" = "$n" ] || { echo "FAIL: $n checks expected"; exit 1; }

"$bin" runs --db "$db" | tee "$dir/runs.txt"
awk '$1 == "itest" { found = 1; if ($4 != '"$n"') bad = 1 } END { exit !(found && !bad) }' \
    "$dir/runs.txt" || { echo "FAIL: runs does not show itest with $n results"; exit 1; }

"$bin" export --db "$db" --run itest --format jsonl --level DEBUG > "$dir/export.jsonl"
python3 - "$dir/check.jsonl" "$dir/export.jsonl" <<'PY'
import json, sys
check = {json.loads(l)["domain"]: l for l in open(sys.argv[1])}
export = [l for l in open(sys.argv[2])]
names = [json.loads(l)["domain"] for l in export]
assert names == sorted(names), "export is not in domain order"
assert set(names) == set(check), "export and check have different domains"
bad = [d for d, l in zip(names, export) if l != check[d]]
for d in bad:
    a, b = json.loads(check[d]), json.loads(dict(zip(names, export))[d])
    print("differs:", d, "facts equal" if a["facts"] == b["facts"] else "facts differ")
assert not bad, f"{len(bad)} exported lines differ from check --json"
print(f"export: {len(export)} lines, identical to check --json")
PY

# Checked again: one record per domain, and the command says it replaced.
first=$(head -n 1 "$dir/domains.txt")
"$bin" check "${opts[@]}" "$first" > /dev/null 2> "$dir/again.err" || true
grep -q "replaced the stored result" "$dir/again.err" || { echo "FAIL: no replace notice"; exit 1; }
[ "$("$bin" export --db "$db" --run itest | wc -l)" = "$n" ] || { echo "FAIL: duplicate record"; exit 1; }

"$bin" export --db "$db" --run itest --format csv > "$dir/export.csv"
python3 - "$dir/export.csv" "$n" <<'PY'
import csv, sys
raw = open(sys.argv[1]).read().splitlines()
header = ('"domain","dnssec.status","dnssec.bogus_reasons","dnssec.algorithms",'
          '"dnssec.ds_digest_types","dnssec.denial","dnssec.nsec3_iterations",'
          '"dnssec.nsec3_optout","dnssec.earliest_expiry","delegation.lame",'
          '"delegation.unreachable","delegation.ns_parent","delegation.ns_child",'
          '"delegation.ns_match","soa.serials","soa.consistent","ns.ipv4","ns.ipv6",'
          '"mail.mx","mail.spf","edns.verdict","servers","messages.max_level",'
          '"messages.error","messages.warning"')
assert raw[0] == header, "CSV header differs from docs/store.md"
rows = list(csv.reader(open(sys.argv[1])))
assert len(rows) == int(sys.argv[2]) + 1, "one row per domain expected"
for r in rows:
    assert len(r) == len(rows[0])
    for cell in r:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), f"formula cell {cell!r}"
for line in raw:
    assert line.startswith('"') and line.endswith('"'), "unquoted cell"
print(f"csv: {len(rows) - 1} rows, header as documented, cells quoted")
PY
"$bin" export --db "$db" --run nosuchrun > /dev/null 2>&1 && { echo "FAIL: unknown run exported"; exit 1; }
echo "store: ok"
