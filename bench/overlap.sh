#!/usr/bin/env bash
# bench/overlap.sh — the full overlap check of inspections of businesses (issue #12
# item 7): 100,000 businesses with 20,000 plan entries of 30 bodies in one year, and
# the same register with 10× fewer entries, in the same run. Each database is made by
# `minhbach init` and filled by bench/gen_biz (built by CMake under MB_BENCH), which
# times biz_check_all twice: on the new entries (every conflict found and stored),
# then again with nothing changed. The check walks the (tax code, year) keys through
# the index and reads each key's entries by its index range: its cost follows the
# entries, never their pairs. Target: under 2 s at 20,000 entries. Prints a markdown
# report and appends it, dated, to bench/RESULTS.md. Usage: `make bench-overlap` or
# bench/overlap.sh. Knobs: BENCH_BUSINESSES (100000), BENCH_ENTRIES ("20000 2000"),
# BENCH_BODIES (30), BENCH_RECORD (1), BENCH_QUIET_WAIT (60 s).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_TAG=overlap
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
cleanup_at_exit

BUSINESSES=${BENCH_BUSINESSES:-100000}
read -r -a ENTRIES <<<"${BENCH_ENTRIES:-20000 2000}"
BODIES=${BENCH_BODIES:-30}
RESULTS=${BENCH_RESULTS:-$BENCH_DIR/RESULTS.md}
RECORD=${BENCH_RECORD:-1}

build_minhbach
GEN=$ROOT/build/gen_biz
[ -x "$GEN" ] || die "no $GEN (configure with -DMB_BENCH=ON, then make build)"
make_dirs overlap- overlap
wait_quiet

rows=""
for n in "${ENTRIES[@]}"; do
	db=$WORK/biz-$n.db
	"$MB_BIN" init --db "$db" >"$LOG/init-$n.out" 2>&1 || die "minhbach init failed (see $LOG/init-$n.out)"
	say "generating $BUSINESSES businesses and $n entries of $BODIES bodies"
	"$GEN" "$db" --businesses "$BUSINESSES" --entries "$n" --bodies "$BODIES" >"$LOG/check-$n.out" 2>"$LOG/gen-$n.err" ||
		die "gen_biz failed (see $LOG/gen-$n.err)"
	first=$(grep '^check run=1' "$LOG/check-$n.out")
	again=$(grep '^check run=2' "$LOG/check-$n.out")
	rows+="| $BUSINESSES | $n | $(field bodies "$first") | $(field keys "$first") | $(field found "$first") | $(field ms "$first") ms | $(field ms "$again") ms |"$'\n'
done
end_quiet
versions

report=$LOG/report.md
{
	echo "## $(date -u +%Y-%m-%d) — overlap check of inspection plans (bench/overlap.sh)"
	echo
	machine_line
	echo
	echo "| businesses | entries | bodies | (tax code, year) keys | conflicts found | full check | again, nothing changed |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	printf '%s' "$rows"
	echo
	echo "Target: the full check over 100,000 businesses and 20,000 entries under 2 s. Commit $COMMIT, build $BUILD_TYPE, SQLite $SQLITE_V."
	echo "Command: \`make bench-overlap\`."
} >"$report"
record_report "$report"
