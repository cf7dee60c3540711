# bench/lib.sh — what the benchmark scripts share (sourced near their top, after
# BENCH_DIR, ROOT and BENCH_TAG are set; sourcing defines functions and changes no
# trap, cleanup_at_exit does): messages, the tools, the build, the work
# directories, the processes to stop at exit, starting a server and waiting for its
# port, the machine's description and the append to RESULTS.md.

# Messages, prefixed with the script's tag (bench, cases, track, flood…); a script's own
# say and die, defined before it sources this file, stay.
declare -F say >/dev/null || say() { printf '%s: %s\n' "${BENCH_TAG:-bench}" "$*" >&2; }
declare -F die >/dev/null || die() { printf '%s: error: %s\n' "${BENCH_TAG:-bench}" "$*" >&2; exit 1; }

# "10s" / "2m" / "500ms" -> whole seconds (rounded up), for timeouts.
secs_of() { case $1 in *ms) echo 1 ;; *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac; }

# Sets NGINX to Debian's nginx, or dies naming the package.
find_nginx() {
	NGINX=$(command -v nginx || true)
	[ -n "$NGINX" ] || { [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx; } || true
	[ -n "$NGINX" ] || die "nginx not found (scripts/deps.sh --test, or apt-get install -y nginx-light)"
}

# Dies unless every tool named is on the PATH.
need_tools() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null || die "$t not found (scripts/deps.sh --test installs nginx-light, wrk, hyperfine)"
	done
}

# Sets MB_BIN: the one given (MINHBACH_BIN), or build/minhbach after `make build`.
build_minhbach() {
	if [ -z "${MB_BIN:-}" ]; then
		say "building (make build)"
		make -C "$ROOT" --no-print-directory build >/dev/null || die "make build failed"
		MB_BIN=$ROOT/build/minhbach
	fi
	[ -x "$MB_BIN" ] || die "no server binary at $MB_BIN"
}

# Sets STAMP, LOG (bench/out/<prefix>STAMP, raw outputs, git-ignored) and WORK (a
# temporary directory that nginx's workers, user nobody when run as root, can read).
make_dirs() { # log-prefix work-name
	STAMP=$(date -u +%Y%m%dT%H%M%SZ)
	LOG=$BENCH_DIR/out/$1$STAMP
	mkdir -p "$LOG"
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/$2.XXXXXX")
	chmod 755 "$WORK"
}

# --- the processes to stop at exit -------------------------------------------------------
# cleanup_at_exit installs the traps; then, at exit (normal, error or signal), for each
# `stop_at_exit VAR [SIGNAL]` in the order registered, every pid held in the variable VAR
# (a scalar or an array, read then) still running gets SIGNAL (TERM by default) and is
# waited for; then WORK is removed (kept with BENCH_KEEP=1). A server start_minhbach is
# still waiting for is stopped first.
BENCH_STOPS=("MB_STARTED_PID TERM")
MB_STARTED_PID=""
stop_at_exit() { BENCH_STOPS+=("$1 ${2:-TERM}"); }
stop_pids() { # var signal
	local -n pids_=$1
	local p
	for p in "${pids_[@]}"; do
		if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then kill -"$2" "$p"; wait "$p" 2>/dev/null; fi
	done
}
bench_cleanup() {
	local rc=$? e
	set +e
	for e in "${BENCH_STOPS[@]}"; do stop_pids "${e%% *}" "${e#* }" 2>/dev/null; done
	if [ -n "${WORK:-}" ] && [ -d "$WORK" ]; then
		if [ "${BENCH_KEEP:-0}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
	fi
	exit "$rc"
}
cleanup_at_exit() {
	trap bench_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# start_minhbach OUT ERR SECONDS COMMAND…: starts a server (stdout to OUT, stderr to
# ERR; environment assignments before the call reach it) and waits up to SECONDS for
# its "listening on" line. Sets MB_STARTED_PID and MB_STARTED_PORT; dies, with the
# end of ERR, when the server exits first or stays silent.
start_minhbach() {
	local out=$1 err=$2 secs=$3 st=0
	shift 3
	: >"$out"
	"$@" >"$out" 2>"$err" &
	MB_STARTED_PID=$!
	MB_STARTED_PORT=""
	for _ in $(seq 1 $((secs * 10))); do
		MB_STARTED_PORT=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$out" || true)
		[ -n "$MB_STARTED_PORT" ] && return 0
		if ! kill -0 "$MB_STARTED_PID" 2>/dev/null; then
			wait "$MB_STARTED_PID" || st=$?
			MB_STARTED_PID=""
			tail -n 20 "$err" >&2 || true
			die "minhbach exited at startup (exit status $st; logs in $err)"
		fi
		sleep 0.1
	done
	die "the server did not print 'listening on' within $secs s (logs in $err)"
}

# check_server PID WHAT ERR: dies, with the end of ERR, when the server PID has exited.
check_server() {
	local st=0
	kill -0 "$1" 2>/dev/null && return 0
	wait "$1" || st=$?
	say "SERVER DIED ($2): exit status $st; last lines of its stderr:"
	tail -n 20 "$3" >&2 || true
	die "minhbach died during $2 (logs in $LOG)"
}

# The usual pair: one server in SERVER_PID (stopped with TERM at exit) and nginx in
# NGINX_PID (QUIT); CLK_TCK; the wait for a quiet machine. server_alive WHAT then checks
# SERVER_PID, showing the end of SERVER_ERR (default $LOG/server.err).
server_and_nginx() {
	SERVER_PID=""
	NGINX_PID=""
	stop_at_exit SERVER_PID
	stop_at_exit NGINX_PID QUIT
	CLK_TCK=$(getconf CLK_TCK)
	wait_quiet
}
server_alive() { check_server "$SERVER_PID" "$1" "${SERVER_ERR:-$LOG/server.err}"; }

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo "?"; }
nginx_pids() { echo "$NGINX_PID"; cat "/proc/$NGINX_PID/task/$NGINX_PID/children" 2>/dev/null || true; }

# --- reading and printing results ------------------------------------------------------------
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }   # a key=value of wrk's BENCH line
median_col() { # file column -> median
	cut -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
sum_col() { cut -f"$2" "$1" | awk '{ s += $1 } END { print s + 0 }'; }
fmt_us() { awk -v u="$1" 'BEGIN { if (u < 1000) printf "%d µs", u; else if (u < 1e6) printf "%.2f ms", u / 1000; else printf "%.2f s", u / 1e6 }'; }
csv_col() { awk -F, -v c="$2" 'NR == 2 { print $c }' "$1"; }   # hyperfine CSV: command,mean,stddev,median,user,system,min,max
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

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

# After the measurements: sets BUSY_AFTER and LOAD_AFTER (as wait_quiet the BEFOREs).
end_quiet() {
	LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
	BUSY_AFTER=$(busy_pct)
}

# The report's line about the machine and the other work on it (wait_quiet, end_quiet);
# the optional texts go before and after the kernel ("16 GB RAM", "temporary files on ext4").
machine_line() { # [before-kernel] [after-kernel]
	local cpu
	cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
	echo "Machine: $(nproc) cores, $cpu, ${1:+$1, }kernel $(uname -r)${2:+, $2}. Other work on the machine: ${BUSY_BEFORE}% of the cores busy in the second before the start, ${BUSY_AFTER}% in the second after the end; load average before $LOAD_BEFORE, after $LOAD_AFTER."
}

# What the report names: COMMIT (marked when the tree has changes outside bench/), the
# versions of the tools (those not installed: "?") and the CMake build type.
versions() {
	COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit yet")
	if [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -v '^?? bench/' || true)" ]; then COMMIT="$COMMIT (work tree has uncommitted changes)"; fi
	NGINX_V=$("${NGINX:-nginx}" -v 2>&1 | sed 's/^nginx version: nginx\///')
	WRK_V=$(wrk -v 2>&1 | head -n1 | awk '{print $2}' || true)
	HF_V=$(hyperfine --version 2>/dev/null || echo "hyperfine ?")
	SQLITE_V=$(sqlite3 --version 2>/dev/null | awk '{print $1}')
	SODIUM_V=$(dpkg-query -W -f='${Version}' libsodium23 2>/dev/null || echo "?")
	MHD_V=$(dpkg-query -W -f='${Version}' libmicrohttpd12 2>/dev/null || echo "?")
	BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$ROOT/build/CMakeCache.txt" 2>/dev/null || true)
}

# Prints the report file, and appends it to RESULTS unless RECORD=0 (a blank line
# first when RESULTS does not end with one; a title when it does not exist yet).
record_report() { # report-file
	cat "$1"
	if [ "$RECORD" = 1 ]; then
		if [ ! -f "$RESULTS" ]; then
			{
				echo "# Benchmark results"
				echo
				echo "Appended by the scripts of bench/ (\`make bench\`, …), newest last. How to read them: bench/README.md."
				echo
			} >"$RESULTS"
		fi
		if [ -s "$RESULTS" ] && [ -n "$(tail -n1 "$RESULTS")" ]; then echo >>"$RESULTS"; fi
		cat "$1" >>"$RESULTS"
		say "appended to ${RESULTS#"$ROOT"/}; raw outputs in ${LOG#"$ROOT"/}"
	else
		say "not recorded (BENCH_RECORD=0); raw outputs in ${LOG#"$ROOT"/}"
	fi
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

# same_body WHAT MB-URL NGINX-URL [FETCHED]: dies unless minhbach and nginx send the same body
# for the request wrk sends (Accept-Encoding: $AE), and, with FETCHED, the body fetched before.
same_body() {
	local a=$WORK/cmp-mb b=$WORK/cmp-ng
	curl -sS --fail --max-time 10 -H "Accept-Encoding: $AE" -o "$a" "$2"
	curl -sS --fail --max-time 10 -H "Accept-Encoding: $AE" -o "$b" "$3"
	cmp -s "$a" "$b" || die "$1: nginx and minhbach bodies differ"
	[ -z "${4:-}" ] || cmp -s "$a" "$4" || die "$1: minhbach's gzip body changed since it was fetched"
}

# Starts Debian's nginx from a config template (@WORKERS@, @DIR@, @PORT@) in $WORK, on a free
# port, and waits until probe_path answers; sets NGINX_PID, NGINX_PORT and NG (its base URL).
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
	NG=http://127.0.0.1:$NGINX_PORT
}
