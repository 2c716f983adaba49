#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# make-fixtures.sh -- signs zone.in with the real Debian DNSSEC tools, for
# the unit suites dnssec_sig and nsec.
#
# For every algorithm, once with ldnsutils (ldns-keygen, ldns-signzone,
# ldns-key2ds) and once with bind9-utils (dnssec-keygen, dnssec-signzone,
# dnssec-dsfromkey), it makes a KSK and a ZSK and writes into <tool>-<alg>/:
#   signed.zone   the signed zone (fixed inception and expiration, below, so
#                 the fixtures stay valid for tests that pass a fixed now)
#   K*.key        the public keys; the key tag the tool computed is in the
#                 name (K<zone>+<alg>+<tag>.key)
#   ds            DS records for every key, digest types 1, 2 and 4
# Sets named in NSEC3 below are signed with NSEC3 (salt, iterations).
# Private keys stay in a temporary directory and are thrown away. ECDSA
# zones are signed again (new random signatures, same keys) until one r
# or s starts with a zero octet and then one below 0x80, the case where
# the r || s to DER conversion must drop octets.
#
# Regenerate with: bash tests/data/dnssec/make-fixtures.sh
# (needs ldnsutils and bind9-utils; `make deps` installs them).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
ZONE=dnssec.test
# 2024-01-01 to 2044-01-01: the tests validate at a fixed time in between.
INCEPTION=20240101000000
EXPIRATION=20440101000000
ALGS="5 7 8 10 13 14 15 16"
# <tool>-<alg> sets signed with NSEC3: "salt iterations" ("-" = no salt).
declare -A NSEC3=(
	[ldns-7]="- 0"
	[ldns-8]="aabbccdd 12"
	[bind-13]="aabbccdd 5"
	[bind-7]="- 0"
)

# True when an ECDSA RRSIG in zone file $1 has r or s = 00 0x..7x ...
short_int() {
	python3 - "$1" <<'PY'
import base64, sys
for line in open(sys.argv[1]):
    f = line.split(";")[0].split()
    if "RRSIG" not in f or len(f) < f.index("RRSIG") + 10:
        continue
    i = f.index("RRSIG")
    if f[i + 2] not in ("13", "14"):
        continue
    sig = base64.b64decode("".join(f[i + 9:]))
    h = len(sig) // 2
    if any(sig[o] == 0 and sig[o + 1] < 0x80 for o in (0, h)):
        sys.exit(0)
sys.exit(1)
PY
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# RSA keys: 2048-bit KSK, 1024-bit ZSK; the other algorithms fix the size.
ksk_bits() { case $1 in 5|7|8|10) echo 2048 ;; *) echo 256 ;; esac; }
zsk_bits() { case $1 in 5|7|8|10) echo 1024 ;; *) echo 256 ;; esac; }

sign_ldns() {
	local alg=$1 out=$2 ksk zsk
	(
		cd "$work/ldns-$alg"
		ksk=$(ldns-keygen -a "$alg" -b "$(ksk_bits "$alg")" -k "$ZONE.")
		zsk=$(ldns-keygen -a "$alg" -b "$(zsk_bits "$alg")" "$ZONE.")
		set -- -i "$INCEPTION" -e "$EXPIRATION" -o "$ZONE." -f signed.zone
		if [ -n "${NSEC3[ldns-$alg]:-}" ]; then
			read -r salt iter <<<"${NSEC3[ldns-$alg]}"
			set -- "$@" -n -t "$iter"
			[ "$salt" != - ] && set -- "$@" -s "$salt"
		fi
		ldns-signzone "$@" "$here/zone.in" "$ksk" "$zsk"
		case $alg in 13|14)
			tries=1
			until short_int signed.zone || [ "$tries" -ge 300 ]; do
				ldns-signzone "$@" "$here/zone.in" "$ksk" "$zsk"
				tries=$((tries + 1))
			done ;;
		esac
		for k in "$ksk" "$zsk"; do
			for d in 1 2 4; do
				ldns-key2ds -f -n -"$d" "$k.key" 2>/dev/null
			done
		done >ds
	)
	cp "$work/ldns-$alg/signed.zone" "$work/ldns-$alg/ds" "$out/"
	cp "$work/ldns-$alg"/K*.key "$out/"
}

sign_bind() {
	local alg=$1 out=$2 ksk zsk
	(
		cd "$work/bind-$alg"
		ksk=$(dnssec-keygen -q -a "$alg" -b "$(ksk_bits "$alg")" \
			-f KSK "$ZONE.")
		zsk=$(dnssec-keygen -q -a "$alg" -b "$(zsk_bits "$alg")" \
			"$ZONE.")
		cat "$here/zone.in" "$ksk.key" "$zsk.key" >zone
		set -- -q -s "$INCEPTION" -e "$EXPIRATION" -o "$ZONE." \
			-O full -f signed.zone
		if [ -n "${NSEC3[bind-$alg]:-}" ]; then
			read -r salt iter <<<"${NSEC3[bind-$alg]}"
			set -- "$@" -3 "$salt" -H "$iter"
		fi
		dnssec-signzone "$@" zone "$ksk" "$zsk" >/dev/null
		case $alg in 13|14)
			tries=1
			until short_int signed.zone || [ "$tries" -ge 300 ]; do
				dnssec-signzone "$@" zone "$ksk" "$zsk" >/dev/null
				tries=$((tries + 1))
			done ;;
		esac
		for k in "$ksk" "$zsk"; do
			for d in SHA-1 SHA-256 SHA-384; do
				dnssec-dsfromkey -a "$d" "$k.key"
			done
		done >ds
	)
	cp "$work/bind-$alg/signed.zone" "$work/bind-$alg/ds" "$out/"
	cp "$work/bind-$alg"/K*.key "$out/"
}

for tool in ldns bind; do
	for alg in $ALGS; do
		out="$here/$tool-$alg"
		rm -rf "$out"
		mkdir -p "$out" "$work/$tool-$alg"
		"sign_$tool" "$alg" "$out"
		echo "make-fixtures: $tool-$alg"
	done
done
