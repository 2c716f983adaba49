#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# run.sh -- runs the shell-driven integration tests (tests/integration/test_*.sh).
#
# Each test is a script that starts what it needs, stops exactly what it
# started, and exits 0 (pass), 77 (skipped, with its reason printed) or
# anything else (fail). An optional argument runs only the tests whose name
# contains it. Ends with the "N passed, N failed" line CI reads.
set -u
here=$(cd "$(dirname "$0")" && pwd)
filter=${1:-}
pass=0 fail=0 skip=0 failed=()
for t in "$here"/test_*.sh; do
    name=$(basename "$t" .sh)
    [ -n "$filter" ] && [ "${name#*"$filter"}" = "$name" ] && continue
    echo "=== $name"
    start=$(date +%s)
    bash "$t"
    rc=$?
    secs=$(( $(date +%s) - start ))
    case $rc in
        0) pass=$((pass + 1)); echo "--- ok $name (${secs}s)" ;;
        77) skip=$((skip + 1)); echo "--- skipped $name (${secs}s)" ;;
        *) fail=$((fail + 1)); failed+=("$name"); echo "--- FAIL $name (rc $rc, ${secs}s)" ;;
    esac
done
[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]}"
echo "integration: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
