#!/usr/bin/env bash
# bench/warn.sh — the early-warning run (issue #11 item 7): under 60 s over 1,000,000 dossiers
# and 5,000 officials, its cost growing no faster than linearly with the dossiers. For each
# database of BENCH_SIZES (default 10,000 and 1,000,000 dossiers: $BENCH_CACHE_SCALE/n<N>-s<seed>/mb.db,
# the databases bench/scale.sh generates and caches; or BENCH_WARN_DBS="small.db large.db"):
#   1. the database (and its -wal) is copied into a work directory: the cached one is never
#      opened, so never migrated or written;
#   2. officials are added to the copy until it has BENCH_WARN_OFFICIALS (default 5000) staff
#      accounts: each added official is a clone of a generated one (same unit, role) whose counter
#      rows of the last 366 days are copied — the run reads only its windows (at most 180 days);
#   3. `minhbach warn --db COPY --json` once (the migration, the counters of sql/0036, 0043 and 0045
#      built once from the history: the one-time cost of an upgrade, reported apart), then BENCH_ROUNDS
#      (default 3) measured runs: wall time and CPU (user + system) of the process, the run's own
#      time, the counter rows read, the officials and units tested.
# The ratio large ÷ small of the median run is set against the ratio of the dossiers (linear).
# Prints a markdown report and appends it to bench/RESULTS.md (BENCH_RECORD=0: print only).
# Usage: bench/warn.sh (after bench/scale.sh has generated the databases), or
#   BENCH_CACHE_SCALE=/work/scale-cache bench/warn.sh
#   BENCH_WARN_DBS="/tmp/a.db /tmp/b.db" bench/warn.sh
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_TAG=warn
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"

read -r -a SIZES <<<"${BENCH_SIZES:-10000 1000000}"
SEED=${BENCH_SEED:-1}
CACHE=${BENCH_CACHE_SCALE:-$BENCH_DIR/out/scale}
ROUNDS=${BENCH_ROUNDS:-3}
OFFICIALS=${BENCH_WARN_OFFICIALS:-5000}
RESULTS=${BENCH_RESULTS:-$BENCH_DIR/RESULTS.md}
RECORD=${BENCH_RECORD:-1}
LIMIT_S=60

for t in sqlite3 awk sed cp; do command -v "$t" >/dev/null || die "$t not found"; done
if [ -n "${BENCH_WARN_DBS:-}" ]; then read -r -a DBS <<<"$BENCH_WARN_DBS"; else
	DBS=()
	for n in "${SIZES[@]}"; do DBS+=("$CACHE/n$n-s$SEED/mb.db"); done
fi
[ "${#DBS[@]}" -ge 2 ] || die "two databases needed (small first, large last)"
for f in "${DBS[@]}"; do [ -f "$f" ] || die "no database at $f (run bench/scale.sh first, or set BENCH_CACHE_SCALE / BENCH_WARN_DBS)"; done

build_minhbach
make_dirs warn- mb-warn
cleanup_at_exit
wait_quiet

# The median of the numbers given.
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# A field of the run's JSON line (numbers only).
jfield() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" <<<"$2"; }

# Runs `minhbach warn --json` on $1; sets WALL, CPU (seconds) and OUT (the JSON line).
timed_run() {
	local t0 t1 tf
	tf=$WORK/time.txt
	t0=$(date +%s.%N)
	{ TIMEFORMAT='%U %S'; time "$MB_BIN" warn --db "$1" --json >"$WORK/out.json" 2>>"$LOG/warn.err"; } 2>"$tf"
	t1=$(date +%s.%N)
	WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	CPU=$(awk '{ printf "%.3f", $1 + $2 }' "$tf")
	OUT=$(cat "$WORK/out.json")
}

declare -A NDOSS NOFF ADDED FIRST_WALL MED_WALL MED_CPU MED_RUN ROWS TESTED_OFF TESTED_UNITS FLAGGED
i=0
for src in "${DBS[@]}"; do
	i=$((i + 1))
	copy=$WORK/db$i.db
	say "copying $src"
	cp "$src" "$copy"
	[ -f "$src-wal" ] && cp "$src-wal" "$copy-wal"
	NDOSS[$i]=$(sqlite3 "$copy" "SELECT count(*) FROM dossiers")
	# The migration and the counters, once (the upgrade's cost), before the officials are added.
	say "first run on ${NDOSS[$i]} dossiers (migration and counters built once)"
	timed_run "$copy"
	FIRST_WALL[$i]=$WALL
	staff=$(sqlite3 "$copy" "SELECT count(*) FROM accounts WHERE role <> 'citizen'")
	ADDED[$i]=0
	if [ "$staff" -lt "$OFFICIALS" ]; then
		need=$((OFFICIALS - staff))
		say "adding $need officials (clones of the generated ones, with their counters of the last 366 days)"
		sqlite3 "$copy" <<SQL
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TEMP TABLE src AS SELECT id, unit_id, role, row_number() OVER (ORDER BY id) AS k FROM accounts
 WHERE role IN ('counter_officer','processing_officer','unit_head') AND id IN
       (SELECT account_id FROM warn_official_daily UNION SELECT account_id FROM rating_official_daily
        UNION SELECT account_id FROM warn_held_daily);
CREATE TEMP TABLE clones AS
 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $need)
 SELECT n.i AS i, s.id AS src_id, s.unit_id, s.role FROM n JOIN src s ON s.k = 1 + (n.i - 1) % (SELECT count(*) FROM src);
INSERT INTO accounts(login, display_name, role, unit_id, password_hash, created_at, disabled)
 SELECT 'bench.clone' || i, 'Cán bộ ' || i, role, unit_id, '!', '2026-01-01T00:00:00Z', 1 FROM clones;
CREATE TEMP TABLE map AS SELECT c.src_id, a.id AS new_id FROM clones c JOIN accounts a ON a.login = 'bench.clone' || c.i;
INSERT INTO warn_official_daily(account_id, day, procedure_id, withdrawals, reports, held_steps, late, held_seconds,
                                returns_fee_due, returns_unpaid)
 SELECT m.new_id, w.day, w.procedure_id, w.withdrawals, w.reports, w.held_steps, w.late, w.held_seconds,
        w.returns_fee_due, w.returns_unpaid
 FROM warn_official_daily w JOIN map m ON m.src_id = w.account_id
 WHERE w.day >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-366 days');
INSERT INTO rating_official_daily(account_id, day, procedure_id, steps, steps_on_time, supplements, rated, very_satisfied, satisfied, unsatisfied)
 SELECT m.new_id, r.day, r.procedure_id, r.steps, r.steps_on_time, r.supplements, r.rated, r.very_satisfied, r.satisfied, r.unsatisfied
 FROM rating_official_daily r JOIN map m ON m.src_id = r.account_id
 WHERE r.day >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-366 days');
INSERT INTO warn_held_daily(day, account_id, procedure_id, step_kind, bucket, steps)
 SELECT h.day, m.new_id, h.procedure_id, h.step_kind, h.bucket, h.steps
 FROM warn_held_daily h JOIN map m ON m.src_id = h.account_id
 WHERE h.day >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-366 days');
COMMIT;
SQL
		ADDED[$i]=$need
	fi
	NOFF[$i]=$(sqlite3 "$copy" "SELECT count(*) FROM accounts WHERE role <> 'citizen'")
	walls=() cpus=() runs=()
	for r in $(seq 1 "$ROUNDS"); do
		timed_run "$copy"
		walls+=("$WALL")
		cpus+=("$CPU")
		runs+=("$(awk -v m="$(jfield ms "$OUT")" 'BEGIN { printf "%.3f", m / 1000 }')")
		say "  run $r: ${WALL} s wall, ${CPU} s CPU; the run $(jfield ms "$OUT") ms, $(jfield rows_read "$OUT") counter rows read, $(jfield flagged "$OUT") flagged"
	done
	MED_WALL[$i]=$(median "${walls[@]}")
	MED_CPU[$i]=$(median "${cpus[@]}")
	MED_RUN[$i]=$(median "${runs[@]}")
	ROWS[$i]=$(jfield rows_read "$OUT")
	TESTED_OFF[$i]=$(jfield officials "$OUT")
	TESTED_UNITS[$i]=$(jfield units "$OUT")
	FLAGGED[$i]=$(jfield flagged "$OUT")
	cp "$WORK/out.json" "$LOG/run$i.json"
	rm -f "$copy" "$copy-wal" "$copy-shm"
done
end_quiet
versions

last=${#DBS[@]}
wall_ratio=$(ratio "${MED_WALL[$last]}" "${MED_WALL[1]}")
cpu_ratio=$(ratio "${MED_CPU[$last]}" "${MED_CPU[1]}")
doss_ratio=$(ratio "${NDOSS[$last]}" "${NDOSS[1]}")
verdict_time=$(awk -v w="${MED_WALL[$last]}" -v l="$LIMIT_S" 'BEGIN { print (w < l) ? "met" : "**not met**" }')
verdict_lin=$(awk -v a="$cpu_ratio" -v b="$doss_ratio" 'BEGIN { print (a != "n/a" && a <= b) ? "met" : "**not met**" }')
report=$LOG/report.md
{
	echo "## $(date -u +%Y-%m-%d) — early warning run (bench/warn.sh)"
	echo
	machine_line
	echo "Commit $COMMIT, build ${BUILD_TYPE:-?}, SQLite $SQLITE_V. Databases: ${DBS[*]} (copied; officials added by cloning up to $OFFICIALS). Rounds: $ROUNDS (medians)."
	echo
	echo "| dossiers | staff accounts (added) | officials / units tested | counter rows read | flagged | first run (migration, counters built once) | run: wall | run: CPU | the run itself |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	for k in $(seq 1 "$last"); do
		echo "| ${NDOSS[$k]} | ${NOFF[$k]} (${ADDED[$k]}) | ${TESTED_OFF[$k]} / ${TESTED_UNITS[$k]} | ${ROWS[$k]} | ${FLAGGED[$k]} | ${FIRST_WALL[$k]} s | ${MED_WALL[$k]} s | ${MED_CPU[$k]} s | ${MED_RUN[$k]} s |"
	done
	echo
	echo "Large ÷ small: dossiers ×$doss_ratio; run wall ×$wall_ratio, CPU ×$cpu_ratio. Under $LIMIT_S s at the largest: $verdict_time. Cost no faster than linear in the dossiers: $verdict_lin."
	echo
	echo "Command: \`BENCH_CACHE_SCALE=$CACHE bench/warn.sh\`${BENCH_WARN_DBS:+ (BENCH_WARN_DBS=\"$BENCH_WARN_DBS\")}."
} >"$report"
record_report "$report"
