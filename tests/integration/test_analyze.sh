#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_analyze.sh -- `tldhealth analyze` end to end: a 300-domain testbed
# run stored by `crawl --zone` (STORE_CMD=check: one `check --db --run`
# per domain instead, four at a time), then analyze, and every figure the
# testbed's truth.tsv can give compared with counts computed here, in
# python, from truth.tsv alone. Then --compare of the run with itself
# must give 0 everywhere, and every CSV must match its JSON table.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tldbed="$top/testbed/tldbed"
bin="${TLDHEALTH:-$top/bin/tldhealth}"
n=${ANALYZE_DOMAINS:-300}

[ "$(id -u)" = 0 ] || { echo "skip: needs root for port 53"; exit 77; }
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }

dir=$(mktemp -d /tmp/tldbed-analyze.XXXXXX)
cleanup() {
    "$tldbed" down --dir "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

"$tldbed" up --dir "$dir" --domains "$n" --seed 7 >/dev/null 2>&1
db="$dir/store.mdb"
opts=(--hints "$dir/root.hints" --trust-anchor "$dir/root-anchor.ds"
      --global-prefix 127.100.0.0/16 --db "$db" --run r1)
export TLDHEALTH_BIN="$bin"
# The run: the crawl of the testbed's se. zone, or one check per domain.
if [ "${STORE_CMD:-crawl}" = check ]; then
    xargs -P4 -I{} "$bin" check "${opts[@]}" {} < "$dir/domains.txt" \
        > /dev/null 2>&1 || true
else
    "$bin" crawl --zone "$dir/se.zone" --workers 2 --timeout 1000 "${opts[@]}" \
        2> "$dir/crawl.err" || { cat "$dir/crawl.err"; echo "FAIL: crawl"; exit 1; }
    tail -n 2 "$dir/crawl.err"
fi
[ "$("$bin" export --db "$db" --run r1 | wc -l)" = "$n" ] ||
    { echo "FAIL: $n records expected in run r1"; exit 1; }

out="$dir/out"
"$bin" analyze --db "$db" --run r1 --out "$out"
"$bin" analyze --db "$db" --run r1 --compare r1 --out "$dir/self"
# An AS table made here from truth.tsv's addresses: one prefix per /30
# (the testbed's servers of one domain sit close together), AS 64512 +
# the /28, so AS and prefix diversity differ.
python3 - "$dir/truth.tsv" > "$dir/asn-db.txt" <<'PY'
import csv, sys
nets = set()
for r in csv.DictReader(open(sys.argv[1]), delimiter="\t"):
    for a in r["ns.addresses"].split(","):
        if a.count(".") == 3:
            o = [int(x) for x in a.split(".")]
            nets.add((o[0], o[1], o[2], o[3] // 4 * 4))
for n in sorted(nets):
    print("%d.%d.%d.%d/30 %d" % (n + (64512 + n[2] * 16 + n[3] // 16,)))
PY
"$bin" analyze --db "$db" --run r1 --asn-db "$dir/asn-db.txt" --out "$dir/asn"
"$bin" analyze --db "$db" --run nosuchrun --out "$dir/x" 2>/dev/null &&
    { echo "FAIL: analyze of an unknown run succeeded"; exit 1; }

python3 - "$dir/truth.tsv" "$out" "$dir/self" "$dir/asn" <<'PY'
import csv, json, sys, collections
truth = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
A = json.load(open(sys.argv[4] + "/summary.json"))
S = json.load(open(sys.argv[2] + "/summary.json"))
selfc = json.load(open(sys.argv[3] + "/summary.json"))
N = len(truth)
fails = []
def eq(what, got, want):
    if got != want:
        fails.append(f"{what}: analyze {got}, truth {want}")
    else:
        print(f"ok {what}: {got}")
def counts(col, f=lambda v: v):
    return dict(collections.Counter(f(r[col]) for r in truth))
def nz(d):
    return {k: v for k, v in d.items() if v}
def metric(i):
    m = [m for m in S["metrics"] if m["id"] == i]
    assert m, f"metric {i} missing"
    return m[0]
def share_is(i, num, den):
    m = metric(i)
    eq(i, (m["numerator"], m["denominator"]), (num, den))

assert S["schema"] == 1 and S["run"] == "r1"
eq("domains", S["domains"], N)
eq("chapters", [c["id"] for c in S["chapters"]],
   ["summary", "dnssec", "delegation", "infrastructure", "behaviour", "content", "outcomes"])
eq("dnssec.status", nz(S["dnssec"]["status"]), counts("dnssec.status"))
eq("delegation.lame", nz(S["delegation"]["lame"]), counts("delegation.lame"))
eq("delegation.unreachable", nz(S["delegation"]["unreachable"]), counts("delegation.unreachable"))
tri = lambda v: {"yes": "yes", "no": "no"}.get(v, "unknown")
eq("delegation.ns_match", nz(S["delegation"]["ns_match"]), counts("delegation.ns_match", tri))
eq("soa.consistent", nz(S["soa"]["consistent"]), counts("soa.consistent", tri))
eq("mail.mx", nz(S["mail"]["mx"]), counts("mail.mx", tri))
eq("mail.spf", nz(S["mail"]["spf"]), counts("mail.spf", tri))
eq("mail.dmarc", nz(S["mail"]["dmarc"]), counts("mail.dmarc", tri))
eq("zone.caa", nz(S["zone"]["caa"]), counts("zone.caa", tri))
eq("ns.ipv6", nz(S["ns"]["ipv6"]), counts("ns.ipv6", lambda v: "yes" if v not in ("0", "-") else "no"))
eq("dnssec.denial", {k: v for k, v in S["dnssec"]["denial"].items() if v and k != "unknown"},
   {k: v for k, v in counts("dnssec.denial").items() if k != "-"})
def multi(col):
    c = collections.Counter()
    for r in truth:
        if r[col] != "-":
            c.update(r[col].split(","))
    return dict(c)
eq("dnssec.algorithms", S["dnssec"].get("algorithms", {}), multi("dnssec.algorithms"))
eq("dnssec.ds_digest_types", S["dnssec"].get("ds_digest_types", {}), multi("dnssec.ds_digest_types"))
eq("dnssec.bogus_reasons", nz(S["dnssec"]["bogus_reasons"]), nz(counts("dnssec.bogus_reason")) and
   {k: v for k, v in counts("dnssec.bogus_reason").items() if k != "-"})
n3 = [r for r in truth if r["dnssec.denial"] == "nsec3"]
eq("dnssec.nsec3_optout", nz(S["dnssec"]["nsec3_optout"]), dict(collections.Counter(r["dnssec.nsec3_optout"] for r in n3)))

# Metrics: numerators and denominators from truth.
st = counts("dnssec.status")
share_is("dnssec.secure_share", st.get("secure", 0), N)
share_is("dnssec.bogus_share", st.get("bogus", 0), N)
share_is("dnssec.signed_share", sum(st.get(k, 0) for k in ("secure", "island", "bogus")), N)
served = sum(1 for r in truth if r["delegation.ns_match"] != "-")
lame = counts("delegation.lame")
share_is("delegation.lame_share", lame.get("partial", 0) + lame.get("full", 0), N)
unr = counts("delegation.unreachable")
share_is("delegation.unreachable_share", unr.get("partial", 0) + unr.get("full", 0), N)
share_is("delegation.ns_mismatch_share", counts("delegation.ns_match").get("no", 0), served)
share_is("delegation.soa_drift_share", counts("soa.consistent").get("no", 0), served)
share_is("content.mx_share", counts("mail.mx").get("yes", 0), served)
share_is("content.spf_share", counts("mail.spf").get("yes", 0), served)
share_is("content.dmarc_share", counts("mail.dmarc").get("yes", 0), served)
share_is("content.caa_share", counts("zone.caa").get("yes", 0), served)
share_is("behaviour.open_recursion_share", counts("open_recursion").get("yes", 0), N)
share_is("behaviour.open_axfr_share", counts("axfr").get("yes", 0), N)
share_is("behaviour.tcp_fail_share", counts("tcp").get("no", 0), served)
share_is("delegation.glue_mismatch_share", sum(1 for r in truth if r["profile"] == "glue-mismatch"), N)
share_is("infrastructure.single_ns_share", counts("ns.count").get("1", 0), N)
nsc = {r[0]: r[1] for r in [t for t in S["tables"] if t["id"] == "infrastructure_ns_count"][0]["rows"]}
eq("ns count histogram", nsc, dict(collections.Counter(r["ns.count"] for r in truth)))
# SOA timers (served zones): the values of truth's soa.timers.
for k, name in enumerate(("refresh", "retry", "expire", "minimum")):
    t = [t for t in S["tables"] if t["id"] == "content_soa_" + name][0]
    want = collections.Counter(r["soa.timers"].split(",")[k] for r in truth if r["soa.timers"] != "-")
    eq("soa " + name, {r[0]: r[1] for r in t["rows"]}, dict(want))

# --asn-db: AS and prefix diversity from truth's addresses.
known = multi_as = multi_pfx = 0
nas, npf = collections.Counter(), collections.Counter()
for r in truth:
    v4 = [a for a in r["ns.addresses"].split(",") if a.count(".") == 3]
    if not v4:
        continue
    known += 1
    o = [[int(x) for x in a.split(".")] for a in v4]
    pf, asn = {(p[2], p[3] // 4) for p in o}, {(p[2], p[3] // 16) for p in o}
    multi_pfx += len(pf) > 1
    multi_as += len(asn) > 1
    npf[str(len(pf))] += 1
    nas[str(len(asn))] += 1
eq("ns.asns", A["ns"]["asns"], dict(nas))
eq("ns.prefixes", A["ns"]["prefixes"], dict(npf))
for i, num in (("infrastructure.multi_asn_share", multi_as),
               ("infrastructure.multi_prefix_share", multi_pfx)):
    m = [m for m in A["metrics"] if m["id"] == i][0]
    eq(i, (m["numerator"], m["denominator"]), (num, known))
assert not [m for m in S["metrics"] if "multi_" in m["id"]], "AS metrics without --asn-db"

# --compare of the run with itself: zero change everywhere.
cmp_bad = [m["id"] for m in selfc["metrics"]
           if m["value"] is not None and (len(m["compare"]) != 1 or
               m["compare"][0].get("delta_pp", m["compare"][0].get("delta")) != 0)]
eq("self-compare metrics with a non-zero change", cmp_bad, [])
eq("self-compare list", [c["run"] for c in selfc["compare"]], ["r1"])

# Every table has its CSV: same columns, total_rows rows, no formula cell.
for t in S["tables"]:
    rows = list(csv.reader(open(f"{sys.argv[2]}/{t['id']}.csv")))
    assert rows[0] == t["columns"], t["id"]
    assert len(rows) - 1 == t["total_rows"] >= len(t["rows"]), t["id"]
    assert len(t["types"]) == len(t["columns"]) and t["chapter"] in [c["id"] for c in S["chapters"]]
    for r in rows:
        for c in r:
            assert c[:1] not in ("=", "+", "-", "@", "\t", "\r"), (t["id"], c)
print(f"{len(S['tables'])} tables, CSVs consistent")
if fails:
    print("FAIL:\n  " + "\n  ".join(fails))
    sys.exit(1)
PY
# ANALYZE_KEEP=DIR keeps the output (docs/examples/summary.json is made
# from it): the self-comparison in DIR, the --asn-db run in DIR/asn.
if [ -n "${ANALYZE_KEEP:-}" ]; then
    cp -r "$dir/self/." "$ANALYZE_KEEP/"
    cp -r "$dir/asn" "$ANALYZE_KEEP/asn"
fi
echo "analyze: ok"
