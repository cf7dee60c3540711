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

# A loopback port nobody listens on.
free_port() {
	local p
	for _ in $(seq 1 100); do
		p=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
	done
	die "no free port found"
}

# Starts Debian's nginx from a config template (@WORKERS@, @DIR@, @PORT@) in $WORK, on a free
# port, and waits until probe_path answers; sets NGINX_PID and NGINX_PORT.
start_nginx() { # template probe_path
	local template=$1 probe=$2 port
	mkdir -p "$WORK/nginx-tmp"
	NGINX_PORT=""
	for _ in 1 2 3 4 5; do
		port=$(free_port)
		sed -e "s|@WORKERS@|$NGINX_WORKERS|g" -e "s|@DIR@|$WORK|g" -e "s|@PORT@|$port|g" \
			"$template" >"$WORK/nginx.conf"
		"$NGINX" -t -q -p "$WORK" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" ||
			die "nginx rejects the generated config ($WORK/nginx.conf)"
		"$NGINX" -p "$WORK" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" &
		NGINX_PID=$!
		for _ in $(seq 1 50); do
			curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port$probe" && { NGINX_PORT=$port; break; }
			kill -0 "$NGINX_PID" 2>/dev/null || break
			sleep 0.1
		done
		[ -n "$NGINX_PORT" ] && break
		kill -QUIT "$NGINX_PID" 2>/dev/null || true
		wait "$NGINX_PID" 2>/dev/null || true
		NGINX_PID=""
	done
	[ -n "$NGINX_PORT" ] || { cat "$WORK/nginx-error.log" >&2 || true; die "nginx did not start"; }
}
