#!/usr/bin/env bash
# bench/pages.sh — every public read page of Minh Bạch against nginx serving the
# same bytes as static files: /, /units, /units?q=…, a unit, /procedures, a
# procedure, /track, /results, /results/stats, Open311 services.xml and
# /api/v1/units. One demo database with three months of history, one server,
# one nginx; wrk rounds alternating the order; a table of req/s, p50, p99 and
# CPU per request, the ratios to nginx and whether the target (throughput
# ≥ 1.0×, p99 ≤ 1.5× nginx's) is met. Prints a markdown report and appends it,
# dated, to bench/RESULTS.md. Usage: `make bench-pages` or bench/pages.sh.
# Knobs (environment): see bench/README.md. Takes about 6 minutes.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")

DURATION=${BENCH_DURATION:-5s}           # each measured wrk run
WARMUP=${BENCH_WARMUP:-1s}               # one unmeasured wrk run per target and server first
CONNS=${BENCH_CONNECTIONS:-32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-3}                # the table shows the median of the rounds
SERVER_THREADS=${BENCH_SERVER_THREADS:-$(nproc)}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-$(nproc)}
MONTHS=${BENCH_MONTHS:-3}                # the demo's months of history
RESULTS=${BENCH_RESULTS:-$BENCH_DIR/RESULTS.md}
RECORD=${BENCH_RECORD:-1}                # 0: print only, do not append to RESULTS
ONLY=${BENCH_PAGES:-}                    # space-separated target names to run (default: all)
MB_BIN=${MINHBACH_BIN:-}
AE="gzip, deflate, br"                   # what browsers send; every request here sends it
TPUT_MIN=1.0                             # the target: throughput ≥ 1.0× nginx's ...
P99_MAX=1.5                              # ... and p99 ≤ 1.5× nginx's

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

NGINX=$(command -v nginx || true)
[ -n "$NGINX" ] || { [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx; } || true
[ -n "$NGINX" ] || die "nginx not found (scripts/deps.sh --test, or apt-get install -y nginx-light)"
for t in wrk curl gzip awk timeout cmp; do
	command -v "$t" >/dev/null || die "$t not found (scripts/deps.sh --test installs nginx-light and wrk)"
done

secs_of() { # "10s" / "2m" -> whole seconds, for timeouts
	case $1 in *ms) echo 1 ;; *m) echo $(( ${1%m} * 60 )) ;; *s) echo "${1%s}" ;; *) echo "$1" ;; esac
}

if [ -z "$MB_BIN" ]; then
	say "building (make build)"
	make -C "$ROOT" --no-print-directory build >/dev/null
	MB_BIN=$ROOT/build/minhbach
fi
[ -x "$MB_BIN" ] || die "no server binary at $MB_BIN"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
LOG=$BENCH_DIR/out/pages-$STAMP          # raw outputs (git-ignored)
mkdir -p "$LOG"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mb-bench-pages.XXXXXX")
chmod 755 "$WORK"                        # nginx workers (user nobody when run as root) read www/

SERVER_PID=""
NGINX_PID=""
cleanup() {
	local rc=$?
	set +e
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
	fi
	if [ -n "$NGINX_PID" ] && kill -0 "$NGINX_PID" 2>/dev/null; then
		kill -QUIT "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null
	fi
	if [ "${BENCH_KEEP:-0}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

CLK_TCK=$(getconf CLK_TCK)
. "$BENCH_DIR/lib.sh"
wait_quiet

nginx_pids() {
	echo "$NGINX_PID"
	cat "/proc/$NGINX_PID/task/$NGINX_PID/children" 2>/dev/null || true
}
server_alive() {
	if ! kill -0 "$SERVER_PID" 2>/dev/null; then
		local st=0
		wait "$SERVER_PID" || st=$?
		SERVER_PID=""
		tail -n 20 "$LOG/server.err" >&2 || true
		die "minhbach died during $1 (exit status $st; logs in $LOG)"
	fi
}

# --- 1. server with demo data and history -----------------------------------------
say "creating demo DB with $MONTHS months of history in $WORK"
"$MB_BIN" demo --db "$WORK/mb.db" --months "$MONTHS" >"$LOG/demo.txt" 2>&1
SERVER_CMD=("$MB_BIN" serve --db "$WORK/mb.db" --port 0 --listen 127.0.0.1 --threads "$SERVER_THREADS" --log-level warn)
: >"$LOG/server.out"
"${SERVER_CMD[@]}" >"$LOG/server.out" 2>"$LOG/server.err" &
SERVER_PID=$!
MB_PORT=""
for _ in $(seq 1 100); do
	MB_PORT=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$LOG/server.out")
	[ -n "$MB_PORT" ] && break
	server_alive "startup"
	sleep 0.1
done
[ -n "$MB_PORT" ] || die "server did not print 'listening on' within 10 s"
MB=http://127.0.0.1:$MB_PORT
say "minhbach on $MB (pid $SERVER_PID, --threads $SERVER_THREADS)"

# --- 2. the targets, and their exact bytes as files for nginx --------------------------
# name|path on minhbach (nginx serves the same bytes at /p/<name>)
ALL_TARGETS=(
	"home|/"
	"units|/units"
	"units_q|/units?q=chi%E1%BB%81ng"
	"unit|/units/phuong-chieng-coi"
	"procedures|/procedures"
	"procedure|/procedures/ht-dang-ky-khai-sinh"
	"track|/track"
	"results|/results"
	"stats|/results/stats"
	"open311|/open311/v2/services.xml"
	"api_units|/api/v1/units"
)
NAMES=()
declare -A MBPATH
for e in "${ALL_TARGETS[@]}"; do
	n=${e%%|*}
	if [ -n "$ONLY" ] && ! grep -qw -- "$n" <<<"$ONLY"; then continue; fi
	NAMES+=("$n"); MBPATH[$n]=${e#*|}
done
[ "${#NAMES[@]}" -gt 0 ] || die "no target left (BENCH_PAGES=$ONLY)"

WWW=$WORK/www
mkdir -p "$WWW/p"
LOCATIONS=$WORK/locations.conf
: >"$LOCATIONS"
# Fetches a target's plain and gzip answers into www/p/<name>{,.gz} (both must
# be 200, the gzip one compressed and inflating to the plain one) and writes
# its nginx location with the same response headers as minhbach's.
fetch() { # name
	local n=$1 url=$MB${MBPATH[$1]} h=$LOG/mb-$1
	curl -sS --fail --max-time 10 -o "$WWW/p/$n" -D "$h.plain.headers" "$url"
	curl -sS --fail --max-time 10 -H "Accept-Encoding: $AE" -o "$WWW/p/$n.gz" -D "$h.gzip.headers" "$url"
	grep -qi '^content-encoding: *gzip' "$h.gzip.headers" || die "$n: no gzip answer from minhbach"
	gzip -dc "$WWW/p/$n.gz" | cmp -s - "$WWW/p/$n" || die "$n: the gzip body does not inflate to the plain body"
	local type
	type=$(sed -n 's/^[Cc]ontent-[Tt]ype: *//p' "$h.gzip.headers" | tr -d '\r')
	{
		printf '        location = /p/%s {\n            default_type "%s";\n' "$n" "$type"
		# Every header but those nginx makes itself (and Vary: gzip_vary is off).
		tr -d '\r' <"$h.gzip.headers" | grep -viE '^(HTTP/|date:|content-length:|content-type:|content-encoding:|connection:|keep-alive:|$)' |
			while IFS= read -r line; do
				printf '            add_header %s "%s";\n' "${line%%:*}" "$(sed 's/^[^:]*: *//; s/"/\\"/g' <<<"$line")"
			done
		printf '        }\n'
	} >>"$LOCATIONS"
}
for n in "${NAMES[@]}"; do fetch "$n"; done
chmod -R a+rX "$WWW"
awk -v f="$LOCATIONS" '/^@LOCATIONS@$/ { while ((getline l < f) > 0) print l; next } { print }' \
	"$BENCH_DIR/nginx-pages.conf.in" >"$WORK/nginx-pages.conf.in"
start_nginx "$WORK/nginx-pages.conf.in" "/p/${NAMES[0]}"
NG=http://127.0.0.1:$NGINX_PORT
say "nginx on $NG (pid $NGINX_PID, $NGINX_WORKERS workers)"

# Both send the very bytes fetched, for the request wrk sends.
same_bytes() { # name
	local n=$1 a=$WORK/cmp-mb b=$WORK/cmp-ng
	curl -sS --fail --max-time 10 -H "Accept-Encoding: $AE" -o "$a" "$MB${MBPATH[$n]}"
	curl -sS --fail --max-time 10 -H "Accept-Encoding: $AE" -o "$b" "$NG/p/$n"
	cmp -s "$a" "$b" || die "$n: nginx and minhbach bodies differ"
	cmp -s "$a" "$WWW/p/$n.gz" || die "$n: minhbach's gzip body changed since it was fetched"
}
same_headers() { # name: the headers (names in any case) but Date, Server, Connection, Content-Length
	local n=$1
	norm() { tr -d '\r' | grep -viE '^(HTTP/|date:|server:|connection:|keep-alive:|content-length:|accept-ranges:|etag:|last-modified:|$)' | awk 'BEGIN { FS = OFS = ": " } { $1 = tolower($1); print }' | sort; }
	curl -sS -o /dev/null -D - -H "Accept-Encoding: $AE" "$MB${MBPATH[$n]}" | norm >"$WORK/h-mb"
	curl -sS -o /dev/null -D - -H "Accept-Encoding: $AE" "$NG/p/$n" | norm >"$WORK/h-ng"
	cmp -s "$WORK/h-mb" "$WORK/h-ng" || { diff "$WORK/h-mb" "$WORK/h-ng" >&2 || true; die "$n: nginx's headers differ from minhbach's"; }
}
for n in "${NAMES[@]}"; do same_bytes "$n"; same_headers "$n"; done
declare -A SIZE_NG SIZE_MB
for n in "${NAMES[@]}"; do
	SIZE_MB[$n]=$(curl -sS -o /dev/null -H "Accept-Encoding: $AE" -w '%{size_header}+%{size_download}' "$MB${MBPATH[$n]}")
	SIZE_NG[$n]=$(curl -sS -o /dev/null -H "Accept-Encoding: $AE" -w '%{size_header}+%{size_download}' "$NG/p/$n")
done

# --- 3. reads ------------------------------------------------------------------------------
WRK_TIMEOUT=$(( $(secs_of "$DURATION") + 30 ))
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
url_of() { if [ "$1" = ng ]; then echo "$NG/p/$2"; else echo "$MB${MBPATH[$2]}"; fi; }

run_read() { # side(ng|mb) name round
	local side=$1 n=$2 r=$3 out pids before after line req err cpu
	out=$LOG/wrk-$side-$n-$r.txt
	if [ "$side" = ng ]; then pids=$(nginx_pids); else pids=$SERVER_PID; fi
	# shellcheck disable=SC2086
	before=$(ticks_of $pids)
	timeout "$WRK_TIMEOUT" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency \
		-s "$BENCH_DIR/headers.lua" "$(url_of "$side" "$n")" >"$out" 2>&1 || die "wrk failed on $side $n (see $out)"
	# shellcheck disable=SC2086
	after=$(ticks_of $pids)
	server_alive "the wrk run on $n, round $r"
	line=$(grep '^BENCH ' "$out") || die "no BENCH line in $out"
	req=$(field requests "$line")
	err=$(( $(field errors_connect "$line") + $(field errors_read "$line") + $(field errors_write "$line") +
	        $(field errors_timeout "$line") + $(field errors_status "$line") ))
	cpu=$(awk -v d=$((after - before)) -v hz="$CLK_TCK" -v n="$req" 'BEGIN { printf "%.1f", n ? d * 1e6 / hz / n : 0 }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$(field rps "$line")" "$(field p50_us "$line")" \
		"$(field p99_us "$line")" "$cpu" "$err" "$req" >>"$LOG/res-$side-$n.tsv"
	say "  round $r $side $n: $(field rps "$line") req/s, p50 $(field p50_us "$line") µs, p99 $(field p99_us "$line") µs, $cpu µs CPU, errors $err"
}

say "warm-up: $WARMUP per target and server"
for n in "${NAMES[@]}"; do
	for side in ng mb; do
		timeout "$WRK_TIMEOUT" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" -s "$BENCH_DIR/headers.lua" \
			"$(url_of "$side" "$n")" >"$LOG/warmup-$side-$n.txt" 2>&1 || die "wrk warm-up failed on $side $n"
	done
done
for r in $(seq 1 "$ROUNDS"); do
	say "round $r of $ROUNDS ($DURATION per target and server)"
	# Odd rounds: targets in order, nginx first; even rounds: reversed, minhbach first.
	if [ $((r % 2)) = 1 ]; then order=("${NAMES[@]}"); sides=(ng mb); else
		order=(); for ((i = ${#NAMES[@]} - 1; i >= 0; i--)); do order+=("${NAMES[$i]}"); done; sides=(mb ng); fi
	for n in "${order[@]}"; do for side in "${sides[@]}"; do run_read "$side" "$n" "$r"; done; done
done
for n in "${NAMES[@]}"; do same_bytes "$n"; done   # still the same bytes after the load

median_col() { # file column -> median
	cut -f"$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
sum_col() { cut -f"$2" "$1" | awk '{ s += $1 } END { print s + 0 }'; }
declare -A RPS P50 P99 CPU ERR
for n in "${NAMES[@]}"; do
	for side in ng mb; do
		f=$LOG/res-$side-$n.tsv k=$side-$n
		RPS[$k]=$(median_col "$f" 2); P50[$k]=$(median_col "$f" 3); P99[$k]=$(median_col "$f" 4)
		CPU[$k]=$(median_col "$f" 5); ERR[$k]=$(sum_col "$f" 6)
	done
done
RSS_END=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null || echo "?")
kill -TERM "$SERVER_PID"
SERVER_EXIT=0
wait "$SERVER_PID" || SERVER_EXIT=$?
SERVER_PID=""
SERVER_WARN_LINES=$(grep -cE 'level=(warn|error)' "$LOG/server.err" || true)
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
BUSY_AFTER=$(busy_pct)

# --- 4. report -------------------------------------------------------------------------------
fmt_us() { awk -v u="$1" 'BEGIN { if (u < 1000) printf "%d µs", u; else if (u < 1e6) printf "%.2f ms", u / 1000; else printf "%.2f s", u / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit yet")
if [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -v '^?? bench/' || true)" ]; then COMMIT="$COMMIT (work tree has uncommitted changes)"; fi
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
NGINX_V=$("$NGINX" -v 2>&1 | sed 's/^nginx version: nginx\///')
WRK_V=$(wrk -v 2>&1 | head -n1 | awk '{print $2}' || true)
BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$ROOT/build/CMakeCache.txt" 2>/dev/null || true)
MET=0
REPORT=$LOG/report.md
{
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — public pages against nginx (bench/pages.sh) — commit $COMMIT"
	echo
	echo "Machine: $(nproc) cores, $CPU_MODEL, kernel $(uname -r). Other work on the machine: ${BUSY_BEFORE}% of the cores busy in the second before the start, ${BUSY_AFTER}% in the second after the end; load average before $LOAD_BEFORE, after $LOAD_AFTER."
	echo "Tools: nginx $NGINX_V ($NGINX_WORKERS workers), wrk $WRK_V. Server: build/minhbach (CMake build type: ${BUILD_TYPE:-default}), --threads $SERVER_THREADS, demo data with $MONTHS months of history; RSS $RSS_END kB at the end; exit status $SERVER_EXIT on SIGTERM, $SERVER_WARN_LINES warn/error lines."
	echo
	echo "Median of $ROUNDS rounds; wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency, Accept-Encoding: $AE. nginx serves, with gzip_static, the gzip bytes and the headers minhbach sent for each page (checked identical before and after the load)."
	echo
	echo "| page | nginx req/s | minhbach req/s | p50 nginx / minhbach | p99 nginx / minhbach | CPU µs/req nginx / minhbach | bytes/resp (headers+body) nginx / minhbach | errors | throughput ÷ nginx | p99 ÷ nginx | target (≥ ${TPUT_MIN}×, p99 ≤ ${P99_MAX}×) |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	for n in "${NAMES[@]}"; do
		t=$(ratio "${RPS[mb-$n]}" "${RPS[ng-$n]}"); p=$(ratio "${P99[mb-$n]}" "${P99[ng-$n]}")
		if awk -v t="$t" -v p="$p" -v tm="$TPUT_MIN" -v pm="$P99_MAX" 'BEGIN { exit !(t >= tm && p <= pm) }'; then
			v="met"; MET=$((MET + 1))
		else
			v="**not met**"
		fi
		# shellcheck disable=SC2016
		printf '| `%s` | %.0f | %.0f | %s / %s | %s / %s | %s / %s | %s / %s | %s | %s× | %s× | %s |\n' "${MBPATH[$n]}" \
			"${RPS[ng-$n]}" "${RPS[mb-$n]}" "$(fmt_us "${P50[ng-$n]}")" "$(fmt_us "${P50[mb-$n]}")" \
			"$(fmt_us "${P99[ng-$n]}")" "$(fmt_us "${P99[mb-$n]}")" "${CPU[ng-$n]}" "${CPU[mb-$n]}" \
			"${SIZE_NG[$n]}" "${SIZE_MB[$n]}" "$((ERR[ng-$n] + ERR[mb-$n]))" "$t" "$p" "$v"
	done
	echo
	echo "Target met on $MET of ${#NAMES[@]} pages."
	echo
	echo "<details><summary>Commands</summary>"
	echo
	echo '```sh'
	echo "$MB_BIN demo --db \$WORK/mb.db --months $MONTHS"
	cmd="${SERVER_CMD[*]}"; echo "${cmd//"$WORK"/\$WORK}"
	echo "$NGINX -p \$WORK -e \$WORK/nginx-error.log -c \$WORK/nginx.conf   # from bench/nginx-pages.conf.in, one location per page"
	echo "wrk -t$WRK_THREADS -c$CONNS -d$WARMUP -s bench/headers.lua URL   # warm-up, once per page and server"
	echo "wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency -s bench/headers.lua URL   # $ROUNDS rounds; even rounds reversed, minhbach first"
	echo '```'
	echo
	echo "</details>"
	echo
} >"$REPORT"
cat "$REPORT"
if [ "$RECORD" = 1 ]; then
	cat "$REPORT" >>"$RESULTS"
	say "appended to ${RESULTS#"$ROOT"/}; raw outputs in ${LOG#"$ROOT"/}"
else
	say "not recorded (BENCH_RECORD=0); raw outputs in ${LOG#"$ROOT"/}"
fi
