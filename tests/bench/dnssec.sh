#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# dnssec.sh -- RRSIG verifications per second through engine/dnssec_sig,
# next to what `openssl speed` gets from the same OpenSSL.
#
# sigbench verifies a fixture RRSIG (tests/data/dnssec) per algorithm,
# with canonical form and signed data built each time; openssl speed
# verifies a pre-hashed digest with a context set up once, the ceiling.
# The ratio (ours / openssl) says how much the DNSSEC layer costs on top.
# RSASHA512 is compared with rsa2048 (speed does not vary the digest).
#
# Environment: BUILD (build), SIGBENCH_SECONDS (3, may be fractional),
# SPEED_SECONDS (3, whole seconds for openssl speed).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
SIGBENCH_SECONDS=${SIGBENCH_SECONDS:-3}
SPEED_SECONDS=${SPEED_SECONDS:-3}

ours=$("$BUILD/tests/sigbench" "$SIGBENCH_SECONDS")
speed=$(openssl speed -seconds "$SPEED_SECONDS" rsa2048 ecdsap256 ecdsap384 \
	ed25519 ed448 2>/dev/null)

# The verify/s column is the last one on each result line.
ossl() {
	case $1 in
	rsa2048 | rsasha512) awk '/^rsa 2048 bits/ {v = $NF} END {print v}' ;;
	ecdsap256) awk '/ecdsa \(nistp256\)/ {v = $NF} END {print v}' ;;
	ecdsap384) awk '/ecdsa \(nistp384\)/ {v = $NF} END {print v}' ;;
	ed25519) awk '/EdDSA \(Ed25519\)/ {v = $NF} END {print v}' ;;
	ed448) awk '/EdDSA \(Ed448\)/ {v = $NF} END {print v}' ;;
	esac <<<"$speed"
}

printf '%-10s %14s %14s %7s\n' algorithm 'ours verify/s' 'openssl' ratio
result="RESULT dnssec-verify"
ratios=""
min=""
while read -r name rate; do
	ref=$(ossl "$name")
	if [ -z "$ref" ]; then
		echo "dnssec.sh: no openssl speed figure for $name" >&2
		exit 1
	fi
	ratio=$(awk -v a="$rate" -v b="$ref" 'BEGIN {printf "%.3f", a / b}')
	printf '%-10s %14.0f %14.0f %7s\n' "$name" "$rate" "$ref" "$ratio"
	result="$result $name=$rate"
	ratios="$ratios ratio_$name=$ratio"
	if [ -z "$min" ] || awk -v a="$ratio" -v b="$min" 'BEGIN {exit !(a < b)}'; then
		min=$ratio
	fi
done <<<"$ours"
echo "$result$ratios ratio_min=$min"
