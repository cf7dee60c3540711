#!/usr/bin/env bash
# Runs every test suite against one build directory and ends with one summary line.
# usage: scripts/test-all.sh BUILD_DIR [--no-browser]
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
browser=1
[ "${2:-}" = "--no-browser" ] && browser=0
bin="$PWD/$build/minhbach"
logs=$(mktemp -d)
passed=0 failed=0 status=0

count_node() {  # adds node's "# pass N" / "# fail N" to the totals
  local p f
  p=$(grep -E '^# pass [0-9]+' "$1" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$1" | tail -1 | awk '{print $3}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ -z "$p" ]; then failed=$((failed + 1)); fi
}

echo "== unit tests (cmocka, $build)"
if (cd "$build" && ctest -V) >"$logs/unit.log" 2>&1; then :; else status=1; fi
# The whole log on failure; otherwise each program's result and ctest's summary.
if [ "$status" -ne 0 ]; then cat "$logs/unit.log"
else grep -E 'Test +#[0-9]+: .* (Passed|Failed)|tests passed|replayed' "$logs/unit.log"; fi
# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)" per program.
up=$(grep -hoE '\[  PASSED  \] [0-9]+' "$logs/unit.log" | awk '{s+=$4} END {print s+0}')
uf=$(grep -hoE '\[  FAILED  \] [0-9]+' "$logs/unit.log" | awk '{s+=$4} END {print s+0}')
passed=$((passed + up)); failed=$((failed + uf))
if [ "$status" -ne 0 ] && [ "$uf" -eq 0 ]; then failed=$((failed + 1)); fi

echo "== API tests (node --test, $build)"
(cd tests && MINHBACH_BIN="$bin" node --test --test-concurrency=1 api/) 2>&1 | tee "$logs/api.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count_node "$logs/api.log"

if [ "$browser" -eq 1 ]; then
  echo "== browser tests (playwright-core + chromium, $build)"
  (cd tests && MINHBACH_BIN="$bin" node --test --test-concurrency=1 browser/) 2>&1 | tee "$logs/browser.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  count_node "$logs/browser.log"
fi

rm -rf "$logs"
[ "$failed" -gt 0 ] && status=1
echo "summary: $passed passed, $failed failed"
exit "$status"
