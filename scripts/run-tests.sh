#!/usr/bin/env bash
# Runs node's test runner (through tsx) on every *.test.ts under the given folders.
# Node 20 does not expand globs itself, so the files are listed here.
# Extra node --test flags can be passed in TEST_FLAGS (e.g. --test-concurrency=1); TEST_SKIP
# leaves out the files under one folder (scripts/test.sh runs test/e2e/local on its own).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find "$@" -name '*.test.ts' 2>/dev/null | grep -v "^${TEST_SKIP:-//}/" | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "no test files under: $*" >&2; exit 1; fi
exec node --import tsx --test ${TEST_FLAGS:-} "${files[@]}"
