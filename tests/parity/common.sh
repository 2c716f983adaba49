#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# common.sh -- helpers sourced by tests/parity/zonemaster.sh and
# tests/bench/check.sh: which tldhealth to run, which testbed to use, and
# which modules to compare.
#
# Testbed policy (only one testbed can listen on 127.100.0.0/16 at a time):
# a testbed that is already up is used read-only and never brought down:
# the one in $TLDBED_DIR when that is set, else the default one
# (testbed/run). Only when none is up, and nothing else answers on the
# root server address, does parity_testbed_up start one in a temporary
# directory of its own; parity_testbed_down stops that one, by its
# directory, and nothing else.

parity_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
parity_tldbed="$parity_top/testbed/tldbed"

# Set by parity_testbed_up, read by the scripts that source this file.
# shellcheck disable=SC2034
TB_DIR=""
TB_OWN=0
TB_IPV6=no

parity_die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# The tldhealth to test: $TLDHEALTH, else bin/tldhealth when it has the
# check command, else the development build /tmp/tldh.
parity_binary() {
    local b
    for b in "${TLDHEALTH:-}" "$parity_top/bin/tldhealth" /tmp/tldh; do
        if [ -z "$b" ] || [ ! -x "$b" ]; then continue; fi
        if "$b" check --help >/dev/null 2>&1; then
            echo "$b"
            return 0
        fi
    done
    parity_die "no tldhealth with a check command (bin/tldhealth, /tmp/tldh; or set TLDHEALTH)"
}

# parity_modules BIN HINTS DIR DOMAIN...: the modules to compare, space-
# separated: $PARITY_MODULES when set, else those tldhealth implements, that
# is, those its `check --json --level INFO` printed messages of for the
# domains given (written to DIR), less any tests/parity/levels.tsv has no
# rows for yet (compare.py modules). Needs TB_IPV6 (parity_testbed_up).
parity_modules() {
    if [ -n "${PARITY_MODULES:-}" ]; then
        echo "$PARITY_MODULES"
        return 0
    fi
    local bin=$1 hints=$2 dir=$3 d ipv6=(--no-ipv6)
    shift 3
    [ "$TB_IPV6" = yes ] && ipv6=()
    mkdir -p "$dir"
    for d in "$@"; do
        "$bin" check --json --level INFO --hints "$hints" --trust-anchor "${hints%/*}/root-anchor.ds" "${ipv6[@]}" "$d" \
            < /dev/null > "$dir/$d.json" 2> /dev/null || true
    done
    python3 "$parity_top/tests/parity/compare.py" modules "$dir" \
        --levels "$parity_top/tests/parity/levels.tsv"
}

# Does anything answer DNS on the testbed's first root server address?
parity_root_answers() {
    dig +tries=1 +time=1 @127.100.0.1 . SOA >/dev/null 2>&1
}

# parity_testbed_up [--own-only] [tldbed up options...]
# Use the testbed that is up, or bring one up in a temporary directory
# with the options given. With --own-only (latency runs), refuse to use
# someone else's testbed: return 2 instead.
parity_testbed_up() {
    local own_only=0
    if [ "${1:-}" = --own-only ]; then own_only=1; shift; fi
    local d=""
    if [ -n "${TLDBED_DIR:-}" ] && "$parity_tldbed" status --dir "$TLDBED_DIR" >/dev/null 2>&1; then
        d=$TLDBED_DIR
    elif "$parity_tldbed" status >/dev/null 2>&1; then
        d=$(eval "$("$parity_tldbed" env)"; echo "$TLDBED_DIR")
    fi
    if [ -n "$d" ]; then
        [ "$own_only" = 1 ] && return 2
        TB_DIR=$d
        TB_OWN=0
    else
        if parity_root_answers; then
            [ "$own_only" = 1 ] && return 2
            parity_die "a testbed answers on 127.100.0.1 but not from testbed/run: set TLDBED_DIR to its directory"
        fi
        [ "$(id -u)" = 0 ] || parity_die "no testbed is up, and bringing one up needs root"
        TB_DIR=$(mktemp -d /tmp/parity-tldbed.XXXXXX)
        TB_OWN=1
        echo "$(basename "$0"): no testbed up: bringing one up in $TB_DIR" >&2
        "$parity_tldbed" up --dir "$TB_DIR" --domains "${PARITY_TESTBED_DOMAINS:-2000}" \
            --seed "${PARITY_TESTBED_SEED:-1}" "$@" >/dev/null ||
            parity_die "tldbed up failed in $TB_DIR"
    fi
    # IPv6 name servers exist only inside a network namespace (tldbed
    # --netns): then the tools must run inside it, and may use IPv6.
    # shellcheck disable=SC2034
    if grep -q 'ipv6=yes' "$TB_DIR/run/params" 2>/dev/null; then TB_IPV6=yes; else TB_IPV6=no; fi
    if [ -s "$TB_DIR/run/netns" ] && [ "$(ip netns identify 2>/dev/null)" != "$(cat "$TB_DIR/run/netns")" ]; then
        parity_die "the testbed runs in network namespace $(cat "$TB_DIR/run/netns"): run this script inside it"
    fi
    return 0
}

# Stop the testbed parity_testbed_up started (by its directory), if any.
parity_testbed_down() {
    if [ "$TB_OWN" = 1 ] && [ -n "$TB_DIR" ]; then
        "$parity_tldbed" down --dir "$TB_DIR" >/dev/null 2>&1 || true
        rm -rf "$TB_DIR"
    fi
    TB_OWN=0
    TB_DIR=""
}
