#!/usr/bin/env bash
# bench/pages.sh — every public read page of Minh Bạch against nginx serving the
# same bytes as static files: /, /units, /units?q=…, a unit, /procedures, a
# procedure, /track, /results, /results/stats, Open311 services.xml and
# /api/v1/units, and the Decision 766 scoreboard (/scores, a unit's score). One demo database with three months of history, one server,
# one nginx; wrk rounds alternating the order; a table of req/s, p50, p99 and
# CPU per request, the ratios to nginx and whether the target (throughput
# ≥ 1.0×, p99 ≤ 1.5× nginx's) is met. Prints a markdown report and appends it,
# dated, to bench/RESULTS.md. Usage: `make bench-pages` or bench/pages.sh.
# Knobs (environment): see bench/README.md. Takes about 6 minutes.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_TAG=bench
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
cleanup_at_exit

DURATION=${BENCH_DURATION:-5s}           # each measured wrk run
WARMUP=${BENCH_WARMUP:-1s}               # one unmeasured wrk run per target and server first
CONNS=${BENCH_CONNECTIONS:-32}
ROUNDS=${BENCH_ROUNDS:-5}                # the table shows the median of the rounds
# BENCH_PIN="S:W": both servers' threads on the CPUs S, wrk on the CPUs W (taskset lists, e.g.
# "0:1"), so that the load generator never takes a server's core and a saturated p99 is the
# server's own queueing, not the scheduler's slices between wrk and the server. The default,
# "auto", gives the servers the first half of the CPUs and wrk the rest (each side's threads as
# many as its CPUs); "off" shares every CPU as before (on 2 cores our saturated p99 then sits at
# about 7 ms whatever the page: the scheduler's slices between wrk and the server).
NCPU=$(nproc)
PIN=${BENCH_PIN:-auto}
HALF=$(( NCPU / 2 ))
if [ "$PIN" = auto ]; then
	if [ "$NCPU" -ge 2 ]; then PIN="0-$((HALF - 1)):$HALF-$((NCPU - 1))"; else PIN=off; fi
fi
if [ "$PIN" = off ]; then PIN=""; SIDE_CPUS=$NCPU; WRK_CPUS=$NCPU; else SIDE_CPUS=$HALF; WRK_CPUS=$(( NCPU - HALF )); fi
WRK_THREADS=${BENCH_WRK_THREADS:-$WRK_CPUS}
SERVER_THREADS=${BENCH_SERVER_THREADS:-$SIDE_CPUS}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-$SIDE_CPUS}
MONTHS=${BENCH_MONTHS:-3}                # the demo's months of history
RESULTS=${BENCH_RESULTS:-$BENCH_DIR/RESULTS.md}
RECORD=${BENCH_RECORD:-1}                # 0: print only, do not append to RESULTS
ONLY=${BENCH_PAGES:-}                    # space-separated target names to run (default: all)
MB_BIN=${MINHBACH_BIN:-}
AE="gzip, deflate, br"                   # what browsers send; every request here sends it
TPUT_MIN=1.0                             # the target: throughput ≥ 1.0× nginx's ...
P99_MAX=1.5                              # ... and p99 ≤ 1.5× nginx's
PACE_MS=${BENCH_PACE_MS:-1}              # paced rounds: ms each connection waits after each answer
PIN_SERVER=${PIN%%:*}
PIN_WRK=${PIN#*:}
WRK_PREFIX=()
[ -n "$PIN" ] && WRK_PREFIX=(taskset -c "$PIN_WRK")

find_nginx
need_tools wrk curl gzip awk timeout cmp
# --- the targets (checked before anything is built or started) ---------------------------------
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
	"scores|/scores"
	"scores_unit|/scores/units/phuong-chieng-coi"
)
NAMES=()
declare -A MBPATH
for e in "${ALL_TARGETS[@]}"; do
	n=${e%%|*}
	if [ -n "$ONLY" ] && ! grep -qw -- "$n" <<<"$ONLY"; then continue; fi
	NAMES+=("$n"); MBPATH[$n]=${e#*|}
done
[ "${#NAMES[@]}" -gt 0 ] || die "no target left (BENCH_PAGES=$ONLY)"
build_minhbach

make_dirs pages- mb-bench-pages

server_and_nginx

# --- 1. server with demo data and history -----------------------------------------
say "creating demo DB with $MONTHS months of history in $WORK"
"$MB_BIN" demo --db "$WORK/mb.db" --months "$MONTHS" >"$LOG/demo.txt" 2>&1
SERVER_CMD=("$MB_BIN" serve --db "$WORK/mb.db" --port 0 --listen 127.0.0.1 --threads "$SERVER_THREADS" --log-level warn)
start_minhbach "$LOG/server.out" "$LOG/server.err" 10 "${SERVER_CMD[@]}"
SERVER_PID=$MB_STARTED_PID
MB=http://127.0.0.1:$MB_STARTED_PORT
say "minhbach on $MB (pid $SERVER_PID, --threads $SERVER_THREADS)"

# --- 2. their exact bytes as files for nginx (the targets are chosen above)

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
say "nginx on $NG (pid $NGINX_PID, $NGINX_WORKERS workers)"
if [ -n "$PIN" ]; then
	# Every thread of both servers (those made later inherit it), then wrk on its own CPUs.
	for p in $SERVER_PID $(nginx_pids); do taskset -a -cp "$PIN_SERVER" "$p" >/dev/null || die "taskset $p"; done
	say "pinned: servers on CPU $PIN_SERVER, wrk on CPU $PIN_WRK"
fi

# Both send the very bytes fetched, for the request wrk sends.
same_bytes() { same_body "$1" "$MB${MBPATH[$1]}" "$NG/p/$1" "$WWW/p/$1.gz"; } # name
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
url_of() { if [ "$1" = ng ]; then echo "$NG/p/$2"; else echo "$MB${MBPATH[$2]}"; fi; }

run_read() { # side(ng|mb) name round [paced]
	local side=$1 n=$2 r=$3 paced=${4:-} out pids before after line req err cpu script=headers.lua tag=""
	[ -n "$paced" ] && { script=paced.lua; tag=paced-; }
	out=$LOG/wrk-$tag$side-$n-$r.txt
	if [ "$side" = ng ]; then pids=$(nginx_pids); else pids=$SERVER_PID; fi
	# shellcheck disable=SC2086
	before=$(ticks_of $pids)
	BENCH_LUA_DIR=$BENCH_DIR BENCH_PACE_MS=$PACE_MS timeout "$WRK_TIMEOUT" "${WRK_PREFIX[@]}" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" \
		--latency -s "$BENCH_DIR/$script" "$(url_of "$side" "$n")" >"$out" 2>&1 || die "wrk failed on $side $n (see $out)"
	# shellcheck disable=SC2086
	after=$(ticks_of $pids)
	server_alive "the wrk run on $n, round $r"
	line=$(grep '^BENCH ' "$out") || die "no BENCH line in $out"
	req=$(field requests "$line")
	err=$(( $(field errors_connect "$line") + $(field errors_read "$line") + $(field errors_write "$line") +
	        $(field errors_timeout "$line") + $(field errors_status "$line") ))
	cpu=$(awk -v d=$((after - before)) -v hz="$CLK_TCK" -v n="$req" 'BEGIN { printf "%.1f", n ? d * 1e6 / hz / n : 0 }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$(field rps "$line")" "$(field p50_us "$line")" \
		"$(field p99_us "$line")" "$cpu" "$err" "$req" >>"$LOG/res-$tag$side-$n.tsv"
	say "  round $r ${tag}$side $n: $(field rps "$line") req/s, p50 $(field p50_us "$line") µs, p99 $(field p99_us "$line") µs, $cpu µs CPU, errors $err"
}

# The page cache's counters (/metrics): the run must be all hits, no render.
cache_counters() {
	curl -sS --max-time 10 "$MB/metrics" | awk '/^minhbach_page_cache_(hits|renders)_total / { print $2 }' | paste -sd' '
}
cache_counters >"$LOG/cache-before"
say "warm-up: $WARMUP per target and server"
for n in "${NAMES[@]}"; do
	for side in ng mb; do
		timeout "$WRK_TIMEOUT" "${WRK_PREFIX[@]}" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" -s "$BENCH_DIR/headers.lua" \
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
# The same pages at one offered load for both: each connection waits PACE_MS after each answer
# (bench/paced.lua). At saturation a faster server queues more requests behind each stall of a
# busy machine, so its p99 measures its own speed as much as its tail; here both carry the same
# requests per second and their tails are compared as such.
for r in $(seq 1 "$ROUNDS"); do
	say "paced round $r of $ROUNDS ($PACE_MS ms between requests on each of $CONNS connections)"
	if [ $((r % 2)) = 1 ]; then sides=(ng mb); else sides=(mb ng); fi
	for n in "${NAMES[@]}"; do for side in "${sides[@]}"; do run_read "$side" "$n" "$r" paced; done; done
done
for n in "${NAMES[@]}"; do same_bytes "$n"; done   # still the same bytes after the load

declare -A RPS P50 P99 CPU ERR PRPS PP99
for n in "${NAMES[@]}"; do
	for side in ng mb; do
		f=$LOG/res-$side-$n.tsv k=$side-$n
		RPS[$k]=$(median_col "$f" 2); P50[$k]=$(median_col "$f" 3); P99[$k]=$(median_col "$f" 4)
		CPU[$k]=$(median_col "$f" 5); ERR[$k]=$(sum_col "$f" 6)
		f=$LOG/res-paced-$side-$n.tsv
		PRPS[$k]=$(median_col "$f" 2); PP99[$k]=$(median_col "$f" 4); ERR[$k]=$((ERR[$k] + $(sum_col "$f" 6)))
	done
done
RSS_END=$(rss_kb "$SERVER_PID")
cache_counters >"$LOG/cache-after"
kill -TERM "$SERVER_PID"
SERVER_EXIT=0
wait "$SERVER_PID" || SERVER_EXIT=$?
SERVER_PID=""
SERVER_WARN_LINES=$(grep -cE 'level=(warn|error)' "$LOG/server.err" || true)
end_quiet

# --- 4. report -------------------------------------------------------------------------------
versions
MET=0 MET_PACED=0
REPORT=$LOG/report.md
{
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — public pages against nginx (bench/pages.sh) — commit $COMMIT"
	echo
	machine_line
	echo "Tools: nginx $NGINX_V ($NGINX_WORKERS workers), wrk $WRK_V. Server: build/minhbach (CMake build type: ${BUILD_TYPE:-default}), --threads $SERVER_THREADS, demo data with $MONTHS months of history${PIN:+; pinned (BENCH_PIN=$PIN): both servers on CPU $PIN_SERVER, wrk on CPU $PIN_WRK}${MINHBACH_MHD_TURBO:+; MINHBACH_MHD_TURBO=$MINHBACH_MHD_TURBO}; RSS $RSS_END kB at the end; exit status $SERVER_EXIT on SIGTERM, $SERVER_WARN_LINES warn/error lines."
	echo
	echo "Median of $ROUNDS rounds; wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency, Accept-Encoding: $AE. nginx serves, with gzip_static, the gzip bytes and the headers minhbach sent for each page (checked identical before and after the load)."
	echo
	echo "Paced: the same pages again with bench/paced.lua, each connection waiting $PACE_MS ms after each answer, so both servers carry about the same requests per second; p99 is compared there too (at saturation the faster server queues more requests behind each stall of the shared machine)."
	echo
	echo "| page | nginx req/s | minhbach req/s | p50 nginx / minhbach | p99 nginx / minhbach | CPU µs/req nginx / minhbach | bytes/resp (headers+body) nginx / minhbach | errors | throughput ÷ nginx | p99 ÷ nginx | paced: req/s nginx / minhbach | paced: p99 nginx / minhbach | paced: p99 ÷ nginx | target (≥ ${TPUT_MIN}×; p99 ≤ ${P99_MAX}× saturated / paced) |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	for n in "${NAMES[@]}"; do
		t=$(ratio "${RPS[mb-$n]}" "${RPS[ng-$n]}"); p=$(ratio "${P99[mb-$n]}" "${P99[ng-$n]}")
		pp=$(ratio "${PP99[mb-$n]}" "${PP99[ng-$n]}")
		ok_t=$(awk -v t="$t" -v tm="$TPUT_MIN" 'BEGIN { print (t >= tm) ? 1 : 0 }')
		ok_p=$(awk -v p="$p" -v pm="$P99_MAX" 'BEGIN { print (p <= pm) ? 1 : 0 }')
		ok_pp=$(awk -v p="$pp" -v pm="$P99_MAX" 'BEGIN { print (p <= pm) ? 1 : 0 }')
		if [ "$ok_t$ok_p$ok_pp" = 111 ]; then v="met"; MET=$((MET + 1)); MET_PACED=$((MET_PACED + 1))
		elif [ "$ok_t$ok_pp" = 11 ]; then v="met at the same load; p99 **not met** saturated"; MET_PACED=$((MET_PACED + 1))
		else v="**not met**"; fi
		# shellcheck disable=SC2016
		printf '| `%s` | %.0f | %.0f | %s / %s | %s / %s | %s / %s | %s / %s | %s | %s× | %s× | %.0f / %.0f | %s / %s | %s× | %s |\n' "${MBPATH[$n]}" \
			"${RPS[ng-$n]}" "${RPS[mb-$n]}" "$(fmt_us "${P50[ng-$n]}")" "$(fmt_us "${P50[mb-$n]}")" \
			"$(fmt_us "${P99[ng-$n]}")" "$(fmt_us "${P99[mb-$n]}")" "${CPU[ng-$n]}" "${CPU[mb-$n]}" \
			"${SIZE_NG[$n]}" "${SIZE_MB[$n]}" "$((ERR[ng-$n] + ERR[mb-$n]))" "$t" "$p" \
			"${PRPS[ng-$n]}" "${PRPS[mb-$n]}" "$(fmt_us "${PP99[ng-$n]}")" "$(fmt_us "${PP99[mb-$n]}")" "$pp" "$v"
	done
	echo
	echo "Target met on $MET of ${#NAMES[@]} pages with both p99s; throughput and the p99 at the same load on $MET_PACED of ${#NAMES[@]}."
	read -r h0 r0 <"$LOG/cache-before"; read -r h1 r1 <"$LOG/cache-after"
	echo
	echo "Page cache over the warm-ups and rounds (/metrics): $((h1 - h0)) hits, $((r1 - r0)) renders."
	echo
	echo "<details><summary>Commands</summary>"
	echo
	echo '```sh'
	echo "$MB_BIN demo --db \$WORK/mb.db --months $MONTHS"
	cmd="${SERVER_CMD[*]}"; echo "${cmd//"$WORK"/\$WORK}"
	echo "$NGINX -p \$WORK -e \$WORK/nginx-error.log -c \$WORK/nginx.conf   # from bench/nginx-pages.conf.in, one location per page"
	echo "wrk -t$WRK_THREADS -c$CONNS -d$WARMUP -s bench/headers.lua URL   # warm-up, once per page and server"
	echo "wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency -s bench/headers.lua URL   # $ROUNDS rounds; even rounds reversed, minhbach first"
	echo "BENCH_LUA_DIR=bench BENCH_PACE_MS=$PACE_MS wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency -s bench/paced.lua URL   # $ROUNDS paced rounds"
	echo '```'
	echo
	echo "</details>"
	echo
} >"$REPORT"
record_report "$REPORT"
