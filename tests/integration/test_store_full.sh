#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_store_full.sh -- the store on a nearly full filesystem: a 256 KiB
# tmpfs holds the LMDB environment; batches go in until the disk is full,
# which must fail with "store is full" (TH_ESTOREFULL) and keep every
# committed batch; the tmpfs is then grown (space freed) and the failed
# batch is retried and goes in. The writing is the unit test
# store/test_store_disk_full, which does nothing without the variables set
# here. Needs root for the mount; skips (77) when tmpfs cannot be mounted.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
unit="$top/${BUILD:-build}/tests/unit"

[ "$(id -u)" = 0 ] || { echo "skip: needs root to mount a tmpfs"; exit 77; }
[ -x "$unit" ] || { echo "skip: $unit not built (make unit)"; exit 77; }

mnt=$(mktemp -d /tmp/th-store-full.XXXXXX)
cleanup() {
    umount "$mnt" 2>/dev/null || true
    rmdir "$mnt"
}
trap cleanup EXIT
mount -t tmpfs -o size=256k,mode=0700 tmpfs "$mnt" 2>/dev/null ||
    { echo "skip: cannot mount a tmpfs here"; exit 77; }

out=$(CK_FORK=no TH_STORE_FULL_DIR="$mnt/db" \
    TH_STORE_FULL_GROW="mount -o remount,size=16m $mnt" "$unit" store 2>&1) ||
    { echo "$out"; echo "FAIL"; exit 1; }
echo "$out" | grep -E "disk full after|Checks"
echo "$out" | grep -q "disk full after [0-9]* batches: store is full" ||
    { echo "$out"; echo "FAIL: the full disk was not reported"; exit 1; }
