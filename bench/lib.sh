# bench/lib.sh — shared by bench/run.sh and bench/track.sh (sourced; needs `say`).

# Share of all cores busy over one second (from /proc/stat), in percent.
busy_pct() {
	local a b
	a=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
	sleep 1
	b=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
	awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); bz = y[1] - x[1]; id = y[2] - x[2];
		printf "%.0f", (bz + id) ? 100 * bz / (bz + id) : 0 }'
}

# The machine is shared: wait (bounded by BENCH_QUIET_WAIT seconds) for other work to calm
# down; sets BUSY_BEFORE (percent) and LOAD_BEFORE (the load averages).
wait_quiet() {
	local quiet_wait=${BENCH_QUIET_WAIT:-60} waited=0
	BUSY_BEFORE=$(busy_pct)
	while [ "$BUSY_BEFORE" -gt 15 ] && [ "$waited" -lt "$quiet_wait" ]; do
		[ "$waited" = 0 ] && say "machine ${BUSY_BEFORE}% busy with other work; waiting up to ${quiet_wait}s for it to calm down"
		sleep 4
		waited=$((waited + 5))
		BUSY_BEFORE=$(busy_pct)
	done
	[ "$BUSY_BEFORE" -gt 15 ] && say "warning: still ${BUSY_BEFORE}% busy; the numbers will be noisy"
	LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
}

# CPU time (clock ticks, user+system) of the given processes.
ticks_of() {
	local total=0 p v
	for p in "$@"; do
		v=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)
		total=$((total + v))
	done
	echo "$total"
}
