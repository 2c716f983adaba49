#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_zonelist.sh -- `tldhealth zonelist fetch` against the testbed's TLD
# server, checked against the testbed's own AXFR (se.zone, fetched by
# tldbed with dig) and its truth file.
#
# 1. fetch se. from a.ns.se (127.100.1.1) into a file: exit 0, first record
#    the SOA, the closing SOA left out.
# 2. `zonelist count` of that file and of tldbed's se.zone agree on
#    delegations, DS, NS and glue records; the fetched file has one record
#    less (dig keeps the closing SOA).
# 3. `zonelist delegations` of the fetched file: every domain of truth.tsv
#    once, with the same NS set (delegation.ns_parent) and DS present
#    exactly when truth lists DS digest types.
# 4. Failures are clean: a zone the server does not serve, a server that
#    does not answer (exit 1, no output file left behind).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tldbed="$top/testbed/tldbed"
bin="${TLDHEALTH:-$top/bin/tldhealth}"
n=${ZONELIST_DOMAINS:-2000}
tld=127.100.1.1

[ "$(id -u)" = 0 ] || { echo "skip: needs root for port 53"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }

dir=$(mktemp -d /tmp/tldbed-zonelist.XXXXXX)
cleanup() {
    "$tldbed" down --dir "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

"$tldbed" up --dir "$dir" --domains "$n" --seed 21 >/dev/null 2>&1

echo "== 1. fetch"
"$bin" zonelist fetch se. --server "$tld" --out "$dir/fetched.zone" 2> "$dir/fetch.err" ||
    { echo "FAIL: fetch: $(cat "$dir/fetch.err")"; exit 1; }
cat "$dir/fetch.err"
[ ! -e "$dir/fetched.zone.part" ] || { echo "FAIL: .part file left"; exit 1; }
head -n 1 "$dir/fetched.zone" | grep -qE '^se\.[[:space:]].*SOA' ||
    { echo "FAIL: first record is not the SOA"; head -n 1 "$dir/fetched.zone"; exit 1; }
soas=$(grep -cE '^se\.[[:space:]]+[0-9]+[[:space:]]+IN[[:space:]]+SOA' "$dir/fetched.zone")
[ "$soas" = 1 ] || { echo "FAIL: $soas SOA records in the fetched zone"; exit 1; }

echo "== 2. counts: fetched vs tldbed's se.zone"
"$bin" zonelist count "$dir/fetched.zone" > "$dir/fetched.count"
"$bin" zonelist count "$dir/se.zone" > "$dir/dig.count"
paste "$dir/fetched.count" "$dir/dig.count"
val() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
for k in delegations with_ds ns_records ds_records glue skipped occluded orphan_ds; do
    a=$(val "$k" "$dir/fetched.count"); b=$(val "$k" "$dir/dig.count")
    [ "$a" = "$b" ] || { echo "FAIL: $k: fetched $a, dig $b"; exit 1; }
done
a=$(val records "$dir/fetched.count"); b=$(val records "$dir/dig.count")
[ "$a" = $((b - 1)) ] || { echo "FAIL: records: fetched $a, dig $b (expected one less)"; exit 1; }
[ "$(val skipped "$dir/fetched.count")" = 0 ] || { echo "FAIL: skipped records"; exit 1; }
[ "$(val delegations "$dir/fetched.count")" = "$n" ] ||
    { echo "FAIL: $(val delegations "$dir/fetched.count") delegations, $n domains"; exit 1; }

echo "== 3. delegations vs truth.tsv"
"$bin" zonelist delegations "$dir/fetched.zone" > "$dir/delegations.tsv"
python3 - "$dir/delegations.tsv" "$dir/truth.tsv" <<'PY'
import csv, sys
ours = {}
for line in open(sys.argv[1]):
    name, ns, nds, nglue = line.rstrip("\n").split("\t")
    name = name.rstrip(".")
    if name in ours:
        sys.exit(f"FAIL: {name} yielded twice")
    ours[name] = (sorted(n.rstrip(".") for n in ns.split(",")), int(nds) > 0)
truth = {}
with open(sys.argv[2]) as f:
    for row in csv.DictReader(f, delimiter="\t"):
        truth[row["domain"]] = (sorted(row["delegation.ns_parent"].split(",")),
                                row["dnssec.ds_digest_types"] != "-")
bad = [d for d in truth if ours.get(d) != truth[d]]
extra = [d for d in ours if d not in truth]
for d in bad[:10]:
    print(f"  {d}: ours {ours.get(d)}, truth {truth[d]}")
print(f"{len(ours)} delegations, {len(truth)} domains in truth: "
      f"{len(bad)} differ, {len(extra)} not in truth")
sys.exit(1 if bad or extra else 0)
PY

echo "== 4. failures"
rc=0
"$bin" zonelist fetch nosuchzone. --server "$tld" --out "$dir/none.zone" 2> "$dir/none.err" || rc=$?
[ "$rc" = 1 ] || { echo "FAIL: fetch of an unserved zone: rc $rc"; exit 1; }
[ ! -e "$dir/none.zone" ] && [ ! -e "$dir/none.zone.part" ] ||
    { echo "FAIL: output left after a refused transfer"; exit 1; }
echo "unserved zone: $(tail -n 1 "$dir/none.err")"
rc=0
"$bin" zonelist fetch se. --server 127.100.255.1 --timeout 2000 --out "$dir/none.zone" \
    2> "$dir/none.err" || rc=$?
[ "$rc" = 1 ] && [ ! -e "$dir/none.zone" ] ||
    { echo "FAIL: fetch from a silent address: rc $rc"; exit 1; }
echo "silent server: $(tail -n 1 "$dir/none.err")"
echo "zonelist: fetch, count and delegations agree with the testbed"
