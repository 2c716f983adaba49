#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# checksrc.sh -- mechanised house style: banned functions, role lines, formatting.
#
# Fails when a C file calls a banned function, lacks its SPDX and role
# lines, or differs from what clang-format makes of it (.clang-format).
set -u
cd "$(dirname "$0")/../.."
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null; git ls-files -o --exclude-standard '*.c' '*.h' 2>/dev/null)
bad=0

# Unbounded or locale-dependent string functions have bounded replacements.
banned='\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atoll|strtok|strncpy)[[:space:]]*\('
for f in "${files[@]}"; do
    if grep -nE "$banned" "$f" | grep -v 'checksrc: allow'; then
        echo "$f: banned function (see CONTRIBUTING.md)"
        bad=1
    fi
    if ! head -n 1 "$f" | grep -q 'SPDX-License-Identifier'; then
        echo "$f:1: missing SPDX line"
        bad=1
    fi
    if ! sed -n '2,3p' "$f" | grep -qE '^( \*|/\*) +[A-Za-z0-9_.-]+\.[ch] +-- '; then
        echo "$f:2: missing role line ('name.c -- role')"
        bad=1
    fi
done

if command -v clang-format >/dev/null; then
    if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/checksrc.$$; then
        grep -E 'clang-format-violations' /tmp/checksrc.$$ | head -n 20
        echo "clang-format: $(grep -c 'clang-format-violations' /tmp/checksrc.$$) lines differ (run clang-format -i)"
        bad=1
    fi
    rm -f /tmp/checksrc.$$
else
    echo "checksrc: clang-format not installed; formatting not checked"
fi
[ "$bad" = 0 ] && echo "checksrc: ${#files[@]} files clean"
exit "$bad"
