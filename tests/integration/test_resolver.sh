#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_resolver.sh -- the iterative resolver against a 2,000-domain testbed.
#
# Brings up a testbed, then with `tldhealth resolve` from its root hints:
# (1) resolves the addresses of every name server name the testbed uses and
#     compares them with nameservers.tsv, which the generator wrote from
#     the zone data it made (authoritative data over glue, CNAMEs followed,
#     '-' for names that do not exist);
# (2) finds the delegation of every domain and compares its NS set with the
#     one in the TLD zone (se.zone, the AXFR the testbed took);
# (3) checks that the infrastructure cache works: the second pass over the
#     name servers sends no query at all.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tldbed="$top/testbed/tldbed"
bin="${TLDHEALTH:-$top/bin/tldhealth}"
n=${RESOLVER_DOMAINS:-2000}

[ "$(id -u)" = 0 ] || { echo "skip: needs root for port 53"; exit 77; }

dir=$(mktemp -d /tmp/tldbed-resolver.XXXXXX)
cleanup() {
    "$tldbed" down --dir "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$tldbed" up --dir "$dir" --domains "$n" --seed 11 >/dev/null
hints="$dir/root.hints"

# (1) name server addresses.
cut -f1 "$dir/nameservers.tsv" > "$dir/ns-names"
"$bin" resolve --hints "$hints" --addrs --timeout 1000 --file "$dir/ns-names" \
    --stats > "$dir/ns-got" 2> "$dir/ns-stats"
norm() { awk -F'\t' -v c="$1" '{n=tolower($1); sub(/\.$/, "", n); print n "\t" $c}' "$2" | sort; }
norm 2 "$dir/nameservers.tsv" > "$dir/ns-want.sorted"
norm 3 "$dir/ns-got" > "$dir/ns-got.sorted"
total=$(wc -l < "$dir/ns-want.sorted")
if ! diff "$dir/ns-want.sorted" "$dir/ns-got.sorted" > "$dir/ns-diff"; then
    head -20 "$dir/ns-diff"
    fail "name server addresses differ from nameservers.tsv"
fi
echo "ok: $total name server names resolve to the generated addresses"
cat "$dir/ns-stats"

# (2) delegations: the NS set of each domain as the se. zone has it.
awk 'tolower($4) == "ns" && tolower($1) != "se." {
        o = tolower($1); sub(/\.$/, "", o); t = tolower($5); sub(/\.$/, "", t);
        print o "\t" t }' "$dir/se.zone" | sort -u > "$dir/deleg-want.pairs"
"$bin" resolve --hints "$hints" --delegation --timeout 1000 \
    --file "$dir/domains.txt" > "$dir/deleg-got"
awk -F'\t' '$2 != "REFERRAL" || $3 != "se." { bad++ } END { exit bad > 0 }' \
    "$dir/deleg-got" || { grep -v 'REFERRAL	se\.' "$dir/deleg-got" | head; fail "a domain without a referral from se."; }
awk -F'\t' '{ o = tolower($1); sub(/\.$/, "", o); m = split($4, ns, ",");
        for (i = 1; i <= m; i++) { t = tolower(ns[i]); sub(/\.$/, "", t); print o "\t" t } }' \
    "$dir/deleg-got" | sort -u > "$dir/deleg-got.pairs"
if ! diff "$dir/deleg-want.pairs" "$dir/deleg-got.pairs" > "$dir/deleg-diff"; then
    head -20 "$dir/deleg-diff"
    fail "delegation NS sets differ from se.zone"
fi
echo "ok: $(wc -l < "$dir/domains.txt") delegations found, $(wc -l < "$dir/deleg-got.pairs") NS pairs as in se.zone"

# (3) one process, names twice: the second pass is answered by the cache.
cat "$dir/ns-names" "$dir/ns-names" > "$dir/ns-twice"
"$bin" resolve --hints "$hints" --addrs --timeout 1000 --inflight 1 \
    --file "$dir/ns-twice" --stats > /dev/null 2> "$dir/twice-stats"
hits=$(sed -n 's/.*host cache hits \([0-9]*\).*/\1/p' "$dir/twice-stats")
[ "$hits" -ge "$total" ] || fail "second pass: $hits host cache hits, want $total"
echo "ok: second pass over $total names served by the cache ($hits hits)"
