#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_testbed.sh -- the testbed comes up, behaves as truth.tsv says, goes down.
#
# Brings up a few hundred domains in a temporary folder, checks every domain
# through the unbound validator and every name server directly
# (testbed_truth.sh), checks that `up` twice is harmless, then brings it down
# and checks that no process it started is left. Then, where network
# namespaces can be made, the same with IPv6 name servers in a namespace;
# where they cannot, the IPv6 part is skipped with its reason.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
tldbed="$top/testbed/tldbed"
here="$top/tests/integration"
n=${TESTBED_DOMAINS:-300}

[ "$(id -u)" = 0 ] || { echo "skip: needs root for port 53"; exit 77; }

dir=$(mktemp -d /tmp/tldbed-test.XXXXXX)
dir6=$(mktemp -d /tmp/tldbed-test6.XXXXXX)
ns6="tldbed-test-$$"
cleanup() {
    "$tldbed" down --dir "$dir" >/dev/null 2>&1 || true
    "$tldbed" down --dir "$dir6" >/dev/null 2>&1 || true
    rm -rf "$dir" "$dir6"
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; exit 1; }

"$tldbed" up --dir "$dir" --domains "$n" --seed 7 >/dev/null
[ "$(wc -l < "$dir/domains.txt")" -eq "$n" ] || fail "domains.txt does not list $n domains"
[ "$(grep -c 'IN[[:space:]]*SOA' "$dir/se.zone")" -ge 2 ] || fail "se.zone is not an AXFR (SOA first and last)"
grep -q 'IN[[:space:]]*NS' "$dir/se.zone" || fail "se.zone has no delegations"

# up twice: a no-op that leaves the same processes running.
before=$(cut -f2 "$dir/run/pids.tsv" | sort)
"$tldbed" up --dir "$dir" --domains "$n" --seed 7 >/dev/null 2>&1
after=$(cut -f2 "$dir/run/pids.tsv" | sort)
[ "$before" = "$after" ] || fail "second up changed the processes"
"$tldbed" status --dir "$dir" || fail "status does not report every process up"

bash "$here/testbed_truth.sh" "$dir" || fail "the testbed disagrees with truth.tsv"

started=$(cut -f2 "$dir/run/pids.tsv")
"$tldbed" down --dir "$dir"
for pid in $started; do
    [ ! -e "/proc/$pid" ] || fail "pid $pid still running after down"
done
if pgrep -f -- "$dir" >/dev/null; then
    fail "processes using $dir left after down: $(pgrep -af -- "$dir")"
fi
"$tldbed" status --dir "$dir" >/dev/null && fail "status says up after down"
echo "ok: IPv4 testbed up, truthful, down with nothing left"

# IPv6 name servers need extra addresses: only in a namespace of our own.
if ! ip netns add "$ns6-probe" 2>/dev/null; then
    echo "SKIP ipv6: cannot create a network namespace here"
    exit 0
fi
ip netns del "$ns6-probe"
"$tldbed" up --dir "$dir6" --domains 120 --seed 3 --netns "$ns6" >/dev/null
v6=$(awk '$2 == "ns" && $1 ~ /:/ {print $1; exit}' "$dir6/addresses.txt")
[ -n "$v6" ] || fail "no IPv6 name-server address generated with --netns"
d=$(grep -P "\t${v6//:/\\:}(,|$)|,${v6//:/\\:}(,|$)" "$dir6/nameservers.tsv" | head -n1 | cut -f1)
[ -n "$d" ] || fail "IPv6 address $v6 not in nameservers.tsv"
ip netns exec "$ns6" dig +tries=2 +time=2 "@$v6" version.bind CH TXT >/dev/null ||
    fail "name server $d does not answer on $v6"
TLDBED_NETNS="$ns6" bash "$here/testbed_truth.sh" "$dir6" || fail "IPv6 testbed disagrees with truth.tsv"
"$tldbed" down --dir "$dir6"
ip netns list | awk '{print $1}' | grep -qx "$ns6" && fail "namespace $ns6 left after down"
echo "ok: IPv6 testbed in namespace $ns6"
