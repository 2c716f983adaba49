#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_check.sh -- `tldhealth check` on every domain of a 2,000-domain
# testbed, compared with truth.tsv (check_truth.py): facts per domain and
# the tags each fault profile implies.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tldbed="$top/testbed/tldbed"
bin="${TLDHEALTH:-$top/bin/tldhealth}"
n=${CHECK_DOMAINS:-2000}

[ "$(id -u)" = 0 ] || { echo "skip: needs root for port 53"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }

dir=$(mktemp -d /tmp/tldbed-check.XXXXXX)
cleanup() {
    "$tldbed" down --dir "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

"$tldbed" up --dir "$dir" --domains "$n" --seed 13 >/dev/null 2>&1
start=$(date +%s.%N)
# Timeout 1 s: the testbed answers in microseconds or never.
xargs -P 8 -n 1 "$bin" check --json --level DEBUG --hints "$dir/root.hints" --trust-anchor "$dir/root-anchor.ds" \
    --global-prefix 127.100.0.0/16 --timeout 1000 \
    < "$dir/domains.txt" > "$dir/results.jsonl"
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" -v n="$(wc -l < "$dir/results.jsonl")" \
    'BEGIN { printf "checked %d domains in %.1f s\n", n, b - a }'
python3 "$top/tests/integration/check_truth.py" "$dir/truth.tsv" "$dir/results.jsonl"

# dnssec.status against the testbed's validating unbound, domain by
# domain: secure <-> AD set, bogus <-> SERVFAIL, unsigned and island <->
# NOERROR without AD (indeterminate domains have no server to ask).
# unbound cannot resolve a zone whose servers all drop EDNS queries
# (docs/testbed.md): there, silence or SERVFAIL is the validator's answer.
eval "$("$tldbed" env --dir "$dir")"
xargs -P 8 -I{} sh -c 'printf "%s %s\n" {} "$(dig +dnssec +time=4 +tries=2 @'"$TLDBED_VALIDATOR"' {} SOA | tr -d "\n")"' \
    < "$dir/domains.txt" > "$dir/validator.txt"
python3 - "$dir/results.jsonl" "$dir/validator.txt" "$dir/truth.tsv" <<'PY'
import csv, json, re, sys
drop = {r["domain"] for r in csv.DictReader(open(sys.argv[3]), delimiter="\t")
        if r["edns.class"] == "drop"}
status = {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    status[o["domain"]] = o["facts"]["dnssec"]["status"]
agree = n = 0
for line in open(sys.argv[2]):
    dom, out = line.split(" ", 1)
    rcode = re.search(r"status: (\w+)", out)
    flags = re.search(r"flags: ([a-z ]*);", out)
    st = status.get(dom)
    if st == "indeterminate":
        continue
    if dom in drop:
        n += 1
        agree += rcode is None or rcode.group(1) == "SERVFAIL"
        continue
    if rcode is None or flags is None:
        print(f"DIFF {dom}: validator gave no answer")
        n += 1
        continue
    ad = "ad" in flags.group(1).split()
    want = {"secure": ("NOERROR", True), "bogus": ("SERVFAIL", False),
            "unsigned": ("NOERROR", False), "island": ("NOERROR", False)}
    n += 1
    if want.get(st) == (rcode.group(1), ad):
        agree += 1
    else:
        print(f"DIFF {dom}: dnssec.status {st}, validator {rcode.group(1)} ad={ad}")
print(f"dnssec.status vs unbound: {agree}/{n} agree")
sys.exit(0 if agree == n else 1)
PY

# --asn-db: the whole testbed in one AS, so a healthy domain's addresses
# are all announced by one ASN (CONNECTIVITY03 IPV4_ONE_ASN, WARNING); a
# malformed table is refused with its line named.
dom=$(awk -F'\t' 'NR > 1 && $2 == "unsigned" { print $1; exit }' "$dir/truth.tsv")
printf '# testbed\n127.100.0.0/16 64500\n' > "$dir/asn.txt"
"$bin" check --json --hints "$dir/root.hints" --trust-anchor "$dir/root-anchor.ds" --global-prefix 127.100.0.0/16 \
    --timeout 1000 --test CONNECTIVITY03 --asn-db "$dir/asn.txt" "$dom" > "$dir/asn.json"
grep -q '"tag":"IPV4_ONE_ASN"' "$dir/asn.json" ||
    { echo "FAIL: no IPV4_ONE_ASN for $dom with --asn-db"; cat "$dir/asn.json"; exit 1; }
grep -q '"asn":"64500"' "$dir/asn.json" ||
    { echo "FAIL: AS 64500 not named"; exit 1; }
printf '127.100.0.0/16 AS64500\n' > "$dir/asn-bad.txt"
rc=0
"$bin" check --hints "$dir/root.hints" --trust-anchor "$dir/root-anchor.ds" --asn-db "$dir/asn-bad.txt" "$dom" \
    > /dev/null 2> "$dir/asn-bad.err" || rc=$?
[ "$rc" = 2 ] && grep -q "asn-bad.txt:1:" "$dir/asn-bad.err" ||
    { echo "FAIL: bad --asn-db: rc $rc, $(cat "$dir/asn-bad.err")"; exit 1; }
echo "asn-db: IPV4_ONE_ASN with a one-AS table, malformed table refused"

# --ds: only with --ns (an undelegated test), and only well-formed.
for bad in "70000,8,2,aabb" "1,8,2,abc" "1,8,2,zz" "1,8,2" "x,8,2,aa"; do
    rc=0
    "$bin" check --hints "$dir/root.hints" --trust-anchor "$dir/root-anchor.ds" --ns "ns1.$dom" --ds "$bad" "$dom" \
        > /dev/null 2>&1 || rc=$?
    [ "$rc" = 2 ] || { echo "FAIL: --ds '$bad' accepted (rc $rc)"; exit 1; }
done
rc=0
"$bin" check --hints "$dir/root.hints" --trust-anchor "$dir/root-anchor.ds" --ds "1,8,2,aabb" "$dom" > /dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || { echo "FAIL: --ds without --ns accepted (rc $rc)"; exit 1; }
echo "ds: malformed --ds and --ds without --ns refused"

# --now: one validation clock, settable: a secure domain's signatures
# (valid for weeks on the testbed) have expired in 2045.
sec=$(awk -F'\t' 'NR > 1 && $2 == "secure" { print $1; exit }' "$dir/truth.tsv")
"$bin" check --json --hints "$dir/root.hints" --trust-anchor "$dir/root-anchor.ds" --now 2045-01-01T00:00:00Z \
    --test BASIC01 "$sec" > "$dir/now.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["facts"]["dnssec"]
sys.exit(0 if d["status"] == "bogus" and "sig_expired" in d["bogus_reasons"] else 1)' \
    "$dir/now.json" || { echo "FAIL: --now 2045 not bogus: $(cat "$dir/now.json")"; exit 1; }
rc=0
"$bin" check --hints "$dir/root.hints" --trust-anchor "$dir/root-anchor.ds" --now 2025-13-01T00:00:00Z "$sec" > /dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || { echo "FAIL: bad --now accepted (rc $rc)"; exit 1; }
echo "now: signatures judged at --now; a bad --now refused"

# --trust-anchor: the chain of trust starts at the anchor. The testbed's
# own root key makes a secure domain secure (above, every domain); the
# IANA root KSKs (the default) do not sign the testbed's root, so the
# same domain is bogus through its parent; a malformed anchor is refused.
for a in default testbed; do
    opt=()
    [ "$a" = testbed ] && opt=(--trust-anchor "$dir/root-anchor.dnskey")
    "$bin" check --json --hints "$dir/root.hints" "${opt[@]}" --test BASIC01 \
        "$sec" > "$dir/anchor.json"
    want=secure reason=
    [ "$a" = default ] && want=bogus reason=parent_bogus
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["facts"]["dnssec"]
sys.exit(0 if d["status"] == sys.argv[2] and (not sys.argv[3] or sys.argv[3] in d["bogus_reasons"]) else 1)' \
        "$dir/anchor.json" "$want" "$reason" ||
        { echo "FAIL: anchor $a: want $want $reason: $(cat "$dir/anchor.json")"; exit 1; }
done
printf '. IN DS 1 8 2 zz\n' > "$dir/bad.anchor"
rc=0
"$bin" check --hints "$dir/root.hints" --trust-anchor "$dir/bad.anchor" "$sec" > /dev/null 2> "$dir/anchor.err" || rc=$?
[ "$rc" = 2 ] && grep -q "bad.anchor:1:" "$dir/anchor.err" ||
    { echo "FAIL: malformed anchor (rc $rc): $(cat "$dir/anchor.err")"; exit 1; }
echo "trust-anchor: testbed key secure, IANA default parent_bogus, malformed anchor refused"
