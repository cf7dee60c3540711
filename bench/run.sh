#!/usr/bin/env bash
# bench/run.sh — Minh Bạch against nginx serving the same bytes as static files
# (public unit page and unit JSON), and the write path (PATCH through the API)
# against raw SQLite doing the same writes. Prints a markdown report and appends
# it, dated, to bench/RESULTS.md. Usage: `make bench` or bench/run.sh.
# Knobs (environment): see bench/README.md. Takes about 3 minutes.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_TAG=bench
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
cleanup_at_exit

DURATION=${BENCH_DURATION:-10s}          # each measured wrk run
WARMUP=${BENCH_WARMUP:-2s}               # one unmeasured wrk run per target first
CONNS=${BENCH_CONNECTIONS:-32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-3}                # the table shows the median of the rounds
SERVER_THREADS=${BENCH_SERVER_THREADS:-$(nproc)}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-$(nproc)}
WRITES=${BENCH_WRITES:-500}              # PATCHes (and raw SQLite transactions) per timed run
WRITE_RUNS=${BENCH_WRITE_RUNS:-3}
WRITE_CONNS=${BENCH_WRITE_CONNECTIONS:-4}
RESULTS=${BENCH_RESULTS:-$BENCH_DIR/RESULTS.md}
RECORD=${BENCH_RECORD:-1}                # 0: print only, do not append to RESULTS
MB_BIN=${MINHBACH_BIN:-}
UNIT=phuong-chieng-coi
AE="gzip, deflate, br"                   # what browsers send; every request here sends it

# --- tools, build, directories ------------------------------------------------
find_nginx
need_tools wrk hyperfine curl sqlite3 gzip awk timeout
build_minhbach
make_dirs "" mb-bench

server_and_nginx

# --- 1. server with demo data -------------------------------------------------
say "creating demo DB in $WORK"
"$MB_BIN" demo --db "$WORK/mb.db" --months 0 >"$LOG/demo.txt" 2>&1
SERVER_CMD=("$MB_BIN" serve --db "$WORK/mb.db" --port 0 --listen 127.0.0.1 --threads "$SERVER_THREADS" --log-level warn)
start_minhbach "$LOG/server.out" "$LOG/server.err" 10 "${SERVER_CMD[@]}"
SERVER_PID=$MB_STARTED_PID
MB=http://127.0.0.1:$MB_STARTED_PORT
RSS_START=$(rss_kb "$SERVER_PID")
say "minhbach on $MB (pid $SERVER_PID, --threads $SERVER_THREADS)"

# --- 2. the exact bytes, as files for nginx --------------------------------------
WWW=$WORK/www
mkdir -p "$WWW/units" "$WWW/api/v1/units"
PAGE=/units/$UNIT
JSON=/api/v1/units/$UNIT
fetch() { # path: plain body to www/path, gzip body to www/path.gz; checks both
	local path=$1 name
	name=$(echo "$path" | tr '/' '_')
	curl -sS --fail --max-time 10 -o "$WWW$path" -D "$LOG/mb$name.plain.headers" "$MB$path"
	curl -sS --fail --max-time 10 -H "Accept-Encoding: $AE" -o "$WWW$path.gz" -D "$LOG/mb$name.gzip.headers" "$MB$path"
	grep -qi '^content-encoding: *gzip' "$LOG/mb$name.gzip.headers" ||
		die "$path: no gzip response from minhbach for Accept-Encoding: $AE"
	gzip -dc "$WWW$path.gz" | cmp -s - "$WWW$path" || die "$path: gzip body does not inflate to the plain body"
}
fetch "$PAGE"
fetch "$JSON"
chmod -R a+rX "$WWW"

# --- nginx ------------------------------------------------------------------------
start_nginx "$BENCH_DIR/nginx.conf.in" "$PAGE"
say "nginx on $NG (pid $NGINX_PID, $NGINX_WORKERS workers)"

# Both must send the same body bytes for the request wrk sends.
same_bytes() { same_body "$1" "$MB$1" "$NG$1" "$WWW$1.gz"; } # path
same_bytes "$PAGE"
same_bytes "$JSON"
sizes() { # base path -> "headers+body" bytes of one response as wrk requests it
	curl -sS -o /dev/null -H "Accept-Encoding: $AE" -w '%{size_header}+%{size_download}' "$1$2"
}
SIZE_NG_PAGE=$(sizes "$NG" "$PAGE"); SIZE_MB_PAGE=$(sizes "$MB" "$PAGE")
SIZE_NG_JSON=$(sizes "$NG" "$JSON"); SIZE_MB_JSON=$(sizes "$MB" "$JSON")
curl -sS -o /dev/null -H "Accept-Encoding: $AE" -D "$LOG/nginx_units.gzip.headers" "$NG$PAGE"
curl -sS -o /dev/null -H "Accept-Encoding: $AE" -D "$LOG/nginx_api.gzip.headers" "$NG$JSON"

# --- 3. reads -----------------------------------------------------------------------
TARGETS=(ng_page mb_page ng_json mb_json)
declare -A URL=([ng_page]=$NG$PAGE [mb_page]=$MB$PAGE [ng_json]=$NG$JSON [mb_json]=$MB$JSON)
declare -A NAME=(
	[ng_page]="nginx static · unit page"
	[mb_page]="minhbach · unit page (memory cache)"
	[ng_json]="nginx static · unit JSON"
	[mb_json]="minhbach · unit JSON (SQLite read)"
)
declare -A SIZE=([ng_page]=$SIZE_NG_PAGE [mb_page]=$SIZE_MB_PAGE [ng_json]=$SIZE_NG_JSON [mb_json]=$SIZE_MB_JSON)
WRK_TIMEOUT=$(( $(secs_of "$DURATION") + 30 ))
WRK_CMD_TEXT="wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency -s bench/headers.lua URL"


run_read() { # target round
	local t=$1 r=$2 out pids before after line
	out=$LOG/wrk-$t-$r.txt
	if [ "${t%%_*}" = ng ]; then pids=$(nginx_pids); else pids=$SERVER_PID; fi
	# shellcheck disable=SC2086
	before=$(ticks_of $pids)
	timeout "$WRK_TIMEOUT" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency \
		-s "$BENCH_DIR/headers.lua" "${URL[$t]}" >"$out" 2>&1 || die "wrk failed on $t (see $out)"
	# shellcheck disable=SC2086
	after=$(ticks_of $pids)
	server_alive "the wrk run on $t, round $r"
	line=$(grep '^BENCH ' "$out") || die "no BENCH line in $out"
	local req err cpu
	req=$(field requests "$line")
	err=$(( $(field errors_connect "$line") + $(field errors_read "$line") + $(field errors_write "$line") +
	        $(field errors_timeout "$line") + $(field errors_status "$line") ))
	# CPU µs the server spent per request (all its threads or workers).
	cpu=$(awk -v d=$((after - before)) -v hz="$CLK_TCK" -v n="$req" 'BEGIN { printf "%.1f", n ? d * 1e6 / hz / n : 0 }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$(field rps "$line")" "$(field p50_us "$line")" \
		"$(field p99_us "$line")" "$cpu" "$err" "$req" >>"$LOG/res-$t.tsv"
	say "  round $r ${NAME[$t]}: $(field rps "$line") req/s, p50 $(field p50_us "$line") µs, p99 $(field p99_us "$line") µs, errors $err"
}

say "warm-up: $WARMUP per target"
for t in "${TARGETS[@]}"; do
	timeout "$WRK_TIMEOUT" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" -s "$BENCH_DIR/headers.lua" \
		"${URL[$t]}" >"$LOG/warmup-$t.txt" 2>&1 || die "wrk warm-up failed on $t"
	server_alive "the warm-up on $t"
done
for r in $(seq 1 "$ROUNDS"); do
	say "round $r of $ROUNDS ($DURATION per target)"
	if [ $((r % 2)) = 1 ]; then order=(ng_page mb_page ng_json mb_json); else order=(mb_json ng_json mb_page ng_page); fi
	for t in "${order[@]}"; do run_read "$t" "$r"; done
done
same_bytes "$PAGE"   # still serving the right bytes after the load
same_bytes "$JSON"

declare -A RPS P50 P99 CPU ERR ALL
for t in "${TARGETS[@]}"; do
	f=$LOG/res-$t.tsv
	RPS[$t]=$(median_col "$f" 2); P50[$t]=$(median_col "$f" 3); P99[$t]=$(median_col "$f" 4)
	CPU[$t]=$(median_col "$f" 5); ERR[$t]=$(sum_col "$f" 6)
	ALL[$t]=$(cut -f2 "$f" | awk '{ printf "%s%.0f", (NR > 1 ? " / " : ""), $1 }')
done

# --- 4. writes -------------------------------------------------------------------------
say "writes: logging in as truongphuong"
curl -sS --fail --max-time 10 -D "$WORK/login.headers" -o "$WORK/login.json" \
	-H 'Content-Type: application/json' -d '{"login":"truongphuong","password":"minhbach-demo"}' "$MB/api/v1/session"
COOKIE=$(grep -i '^set-cookie: *mb_session=' "$WORK/login.headers" | head -n1 | sed 's/^[^:]*: *//; s/;.*//' | tr -d '\r')
CSRF=$(sed -n 's/.*"csrf_token" *: *"\([^"]*\)".*/\1/p' "$WORK/login.json")
if [ -z "$COOKIE" ] || [ -z "$CSRF" ]; then die "login did not return a session cookie and a csrf_token"; fi

count_changes() { sqlite3 "$WORK/mb.db" "SELECT count(*) FROM events WHERE type = 'unit.contacts_changed'"; }

# A curl config for $WRITES PATCHes on one keep-alive connection, each setting
# reception_place to a value the unit does not have ("Phòng <tag><i>": consecutive
# values differ, and tags differ between connections), so each is a real write.
# Each line of output: status code and seconds for that request.
patch_cfg() { # tag file
	local i
	for i in $(seq 1 "$WRITES"); do
		printf 'url = "%s%s"\nrequest = "PATCH"\nheader = "Content-Type: application/json"\n' "$MB" "$JSON"
		printf 'header = "X-CSRF-Token: %s"\ncookie = "%s"\ndata = "{\\"reception_place\\":\\"Phòng %s%d\\"}"\n' "$CSRF" "$COOKIE" "$1" "$i"
		printf 'output = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total}\\n"\nfail\n'
		if [ "$i" -lt "$WRITES" ]; then printf 'next\n'; fi
	done >"$2"
}
patch_cfg "" "$WORK/patch-seq.curl"
{
	echo '#!/bin/sh'
	echo "# $WRITE_CONNS curl processes at once, each $WRITES PATCHes on its own connection."
	echo 'pids=""'
	for k in $(seq 1 "$WRITE_CONNS"); do
		patch_cfg "c$k-" "$WORK/patch-c$k.curl"
		echo "curl -sS --max-time 300 -K $WORK/patch-c$k.curl >>$WORK/lat-conc.$k.txt & pids=\"\$pids \$!\""
	done
	# shellcheck disable=SC2016
	echo 'rc=0; for p in $pids; do wait "$p" || rc=1; done; exit $rc'
} >"$WORK/patch-conc.sh"

# Check run first (also the warm-up): every PATCH answers 200 and makes one ledger event.
CHANGES0=$(count_changes)
curl -sS --max-time 300 -K "$WORK/patch-seq.curl" >"$WORK/lat-check.txt" 2>"$LOG/patch-check.err" || true
CHANGES1=$(count_changes)
if [ $((CHANGES1 - CHANGES0)) -ne "$WRITES" ]; then
	die "check run: $WRITES PATCHes made $((CHANGES1 - CHANGES0)) ledger events (status codes: $(cut -d' ' -f1 "$WORK/lat-check.txt" | sort | uniq -c | tr -s ' \n' ' '))"
fi
server_alive "the PATCH check run"

say "writes: minhbach, $WRITE_RUNS × $WRITES PATCHes in sequence on one connection"
: >"$WORK/lat-seq.txt"
timeout 600 hyperfine --style none --runs "$WRITE_RUNS" --export-csv "$LOG/hf-mb.csv" \
	"curl -sS --max-time 300 -K $WORK/patch-seq.curl >>$WORK/lat-seq.txt" >"$LOG/hf-mb.txt" 2>&1 ||
	die "hyperfine (PATCH in sequence) failed (see $LOG/hf-mb.txt)"
CHANGES2=$(count_changes)
[ $((CHANGES2 - CHANGES1)) -eq $((WRITES * WRITE_RUNS)) ] ||
	die "sequential runs: $((WRITES * WRITE_RUNS)) PATCHes made $((CHANGES2 - CHANGES1)) ledger events"
server_alive "the sequential PATCH runs"

say "writes: minhbach, $WRITE_RUNS × $WRITE_CONNS connections × $WRITES PATCHes at once"
rm -f "$WORK"/lat-conc.*.txt   # one file per curl process: their buffered output would interleave
timeout 600 hyperfine --style none --runs "$WRITE_RUNS" --export-csv "$LOG/hf-mb-conc.csv" \
	"sh $WORK/patch-conc.sh" >"$LOG/hf-mb-conc.txt" 2>&1 ||
	die "hyperfine (PATCH from $WRITE_CONNS connections) failed (see $LOG/hf-mb-conc.txt)"
CHANGES3=$(count_changes)
[ $((CHANGES3 - CHANGES2)) -eq $((WRITES * WRITE_RUNS * WRITE_CONNS)) ] ||
	die "concurrent runs: $((WRITES * WRITE_RUNS * WRITE_CONNS)) PATCHes made $((CHANGES3 - CHANGES2)) ledger events"
server_alive "the concurrent PATCH runs"
cat "$WORK"/lat-conc.*.txt >"$WORK/lat-conc.txt"
cp "$WORK/lat-seq.txt" "$WORK/lat-conc.txt" "$LOG/"

# Per-request latency from curl's time_total (seconds) -> "p50_us p99_us max_us n_over_100ms n_not_200"
lat_stats() {
	local bad
	bad=$(awk '$1 != 200' "$1" | wc -l)
	awk '{ print $2 * 1e6 }' "$1" | sort -g | awk -v bad="$bad" '
		{ v[NR] = $1; if ($1 > 100000) slow++ }
		END { p50 = v[int((NR - 1) * 0.50) + 1]; p99 = v[int((NR - 1) * 0.99) + 1];
		      printf "%d %d %d %d %d %d\n", p50, p99, v[NR], slow + 0, bad + 0, NR }'
}
read -r SEQ_P50 SEQ_P99 SEQ_MAX SEQ_SLOW SEQ_BAD SEQ_N < <(lat_stats "$WORK/lat-seq.txt")
read -r CON_P50 CON_P99 CON_MAX CON_SLOW CON_BAD CON_N < <(lat_stats "$WORK/lat-conc.txt")
if [ "$SEQ_BAD" != 0 ] || [ "$CON_BAD" != 0 ]; then
	die "PATCH answers other than 200: $SEQ_BAD in sequence, $CON_BAD concurrent"
fi
MB_EVENT_BYTES=$(sqlite3 "$WORK/mb.db" "SELECT CAST(avg(length(at) + length(actor_role) + length(unit) + length(type) +
	length(subject) + length(payload) + length(prev_hash) + length(hash) + 16) AS INTEGER)
	FROM events WHERE type = 'unit.contacts_changed'")

# Raw SQLite baseline: the same kind of transaction, nothing else.
RAW=$WORK/raw.db
cat >"$WORK/raw-setup.sql" <<'SQL'
PRAGMA journal_mode=WAL;
CREATE TABLE units (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name_vi TEXT NOT NULL,
	reception_place TEXT NOT NULL DEFAULT '', updated_at TEXT, updated_by_role TEXT,
	version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE events (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor_id INTEGER, actor_role TEXT NOT NULL,
	unit TEXT NOT NULL, type TEXT NOT NULL, subject TEXT NOT NULL, payload TEXT NOT NULL,
	prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE);
CREATE INDEX events_subject ON events(subject, seq);
INSERT INTO units (code, name_vi, reception_place) VALUES ('phuong-chieng-coi', 'Phường Chiềng Cơi', 'Phòng tiếp công dân');
SQL
{
	echo "PRAGMA synchronous=FULL;"
	for i in $(seq 1 "$WRITES"); do
		printf "BEGIN IMMEDIATE;\n"
		printf "UPDATE units SET reception_place = 'Phòng %d', updated_at = strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'), updated_by_role = 'unit_head', version = version + 1 WHERE code = 'phuong-chieng-coi';\n" "$i"
		printf "INSERT INTO events (at, actor_id, actor_role, unit, type, subject, payload, prev_hash, hash) VALUES (strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now'), 4, 'unit_head', 'phuong-chieng-coi', 'unit.contacts_changed', 'unit:phuong-chieng-coi', '{\"changes\":{\"reception_place\":{\"from\":\"Phòng tiếp công dân, Phường Chiềng Cơi, tỉnh Sơn La\",\"to\":\"Phòng %d\"}},\"note\":\"bench row padded to about four hundred bytes\"}', hex(randomblob(32)), hex(randomblob(32)));\n" "$i"
		printf "COMMIT;\n"
	done
} >"$WORK/raw-tx.sql"
RAW_PREP="rm -f $RAW $RAW-wal $RAW-shm && sqlite3 $RAW '.read $WORK/raw-setup.sql' >/dev/null"
RAW_RUN="sqlite3 $RAW '.read $WORK/raw-tx.sql'"
say "writes: raw SQLite, $WRITE_RUNS × $WRITES transactions"
timeout 300 hyperfine --style none --runs "$WRITE_RUNS" --prepare "$RAW_PREP" --export-csv "$LOG/hf-raw.csv" \
	"$RAW_RUN" >"$LOG/hf-raw.txt" 2>&1 || die "hyperfine (raw SQLite) failed (see $LOG/hf-raw.txt)"
RAW_ROWS=$(sqlite3 "$RAW" "SELECT count(*) FROM events")
[ "$RAW_ROWS" -eq "$WRITES" ] || die "raw SQLite run wrote $RAW_ROWS rows, not $WRITES"
RAW_EVENT_BYTES=$(sqlite3 "$RAW" "SELECT CAST(avg(length(at) + length(actor_role) + length(unit) + length(type) +
	length(subject) + length(payload) + length(prev_hash) + length(hash) + 16) AS INTEGER) FROM events")
RAW_MODE=$(sqlite3 "$RAW" "PRAGMA journal_mode")

MB_W_MEDIAN=$(csv_col "$LOG/hf-mb.csv" 4)
RAW_W_MEDIAN=$(csv_col "$LOG/hf-raw.csv" 4)

# --- stop the server; it must exit cleanly ----------------------------------------------------
RSS_END=$(rss_kb "$SERVER_PID")
kill -TERM "$SERVER_PID"
SERVER_EXIT=0
wait "$SERVER_PID" || SERVER_EXIT=$?
SERVER_PID=""
SERVER_ERR_LINES=$(grep -c . "$LOG/server.err" || true)
SERVER_WARN_LINES=$(grep -cE 'level=(warn|error)' "$LOG/server.err" || true)
end_quiet

# --- 5. report ---------------------------------------------------------------------------------

PAGE_TPUT=$(ratio "${RPS[mb_page]}" "${RPS[ng_page]}")
PAGE_P99=$(ratio "${P99[mb_page]}" "${P99[ng_page]}")
JSON_TPUT=$(ratio "${RPS[mb_json]}" "${RPS[ng_json]}")
JSON_P99=$(ratio "${P99[mb_json]}" "${P99[ng_json]}")
if awk -v t="$PAGE_TPUT" -v p="$PAGE_P99" 'BEGIN { exit !(t >= 1.0 && p <= 1.0) }'; then
	VERDICT="met"
else
	VERDICT="**not met**"
fi
MB_WPS=$(awk -v n="$WRITES" -v s="$MB_W_MEDIAN" 'BEGIN { printf "%.0f", n / s }')
RAW_WPS=$(awk -v n="$WRITES" -v s="$RAW_W_MEDIAN" 'BEGIN { printf "%.0f", n / s }')
MB_WMS=$(awk -v n="$WRITES" -v s="$MB_W_MEDIAN" 'BEGIN { printf "%.3f", s * 1000 / n }')
RAW_WMS=$(awk -v n="$WRITES" -v s="$RAW_W_MEDIAN" 'BEGIN { printf "%.3f", s * 1000 / n }')
W_RATIO=$(ratio "$MB_WPS" "$RAW_WPS")
MB_C_MEDIAN=$(csv_col "$LOG/hf-mb-conc.csv" 4)
MB_CWPS=$(awk -v n="$((WRITES * WRITE_CONNS))" -v s="$MB_C_MEDIAN" 'BEGIN { printf "%.0f", n / s }')
C_RATIO=$(ratio "$MB_CWPS" "$RAW_WPS")

versions

row() { # target
	local t=$1
	printf '| %s | %.0f | %s | %s | %s | %s | %s | %s |\n' "${NAME[$t]}" "${RPS[$t]}" "$(fmt_us "${P50[$t]}")" \
		"$(fmt_us "${P99[$t]}")" "${CPU[$t]}" "${SIZE[$t]}" "${ERR[$t]}" "${ALL[$t]}"
}

REPORT=$LOG/report.md
{
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — commit $COMMIT"
	echo
	machine_line
	echo "Tools: nginx $NGINX_V ($NGINX_WORKERS workers), wrk $WRK_V, $HF_V, sqlite3 $SQLITE_V, libmicrohttpd $MHD_V."
	echo "Server: build/minhbach (CMake build type: ${BUILD_TYPE:-default of CMakeLists.txt}), --threads $SERVER_THREADS; RSS $RSS_START kB at start, $RSS_END kB at the end."
	echo
	echo "### Reads (median of $ROUNDS rounds; wrk -t$WRK_THREADS -c$CONNS -d$DURATION, Accept-Encoding: $AE)"
	echo
	echo "| target | req/s | p50 | p99 | server CPU µs/req | bytes/resp (headers+body) | errors | req/s each round |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	row ng_page; row mb_page; row ng_json; row mb_json
	echo
	echo "| minhbach ÷ nginx | throughput | p99 latency | target (throughput ≥ 1.0×, p99 ≤ 1.0×) |"
	echo "| --- | ---: | ---: | --- |"
	echo "| unit page | ${PAGE_TPUT}× | ${PAGE_P99}× | $VERDICT |"
	echo "| unit JSON | ${JSON_TPUT}× | ${JSON_P99}× | (no target: read from SQLite each time) |"
	echo
	echo "### Writes (median of $WRITE_RUNS runs of $WRITES)"
	echo
	echo "| path | writes/s | per write | latency p50 / p99 / max (curl, per request) | requests > 100 ms |"
	echo "| --- | ---: | ---: | --- | ---: |"
	echo "| raw SQLite: sqlite3 CLI, journal_mode=$RAW_MODE, synchronous=FULL, 1 UPDATE + 1 INSERT (~$RAW_EVENT_BYTES B) per transaction | $RAW_WPS | $RAW_WMS ms | — | — |"
	echo "| minhbach: PATCH /api/v1/units/$UNIT, 1 keep-alive connection, in sequence (ledger rows ~$MB_EVENT_BYTES B) | $MB_WPS | $MB_WMS ms | $(fmt_us "$SEQ_P50") / $(fmt_us "$SEQ_P99") / $(fmt_us "$SEQ_MAX") | $SEQ_SLOW of $SEQ_N |"
	echo "| minhbach: the same from $WRITE_CONNS connections at once ($WRITE_CONNS curl processes × $WRITES) | $MB_CWPS | — | $(fmt_us "$CON_P50") / $(fmt_us "$CON_P99") / $(fmt_us "$CON_MAX") | $CON_SLOW of $CON_N |"
	echo
	echo "Write ratio minhbach ÷ raw SQLite: **${W_RATIO}×** in sequence, ${C_RATIO}× with $WRITE_CONNS connections at once."
	echo
	echo "Server health: exit status $SERVER_EXIT on SIGTERM; $SERVER_ERR_LINES lines on stderr at --log-level warn ($SERVER_WARN_LINES warn/error); every PATCH in the timed runs made exactly one ledger event; the bodies were byte-identical to nginx's before and after the load."
	echo
	echo "<details><summary>Commands</summary>"
	echo
	echo '```sh'
	echo "$MB_BIN demo --db \$WORK/mb.db --months 0"
	cmd="${SERVER_CMD[*]}"; echo "${cmd//"$WORK"/\$WORK}"
	echo "$NGINX -p \$WORK -e \$WORK/nginx-error.log -c \$WORK/nginx.conf   # from bench/nginx.conf.in, port $NGINX_PORT"
	echo "wrk -t$WRK_THREADS -c$CONNS -d$WARMUP -s bench/headers.lua URL   # warm-up, once per target"
	echo "$WRK_CMD_TEXT   # URL = $NG$PAGE $MB$PAGE $NG$JSON $MB$JSON, $ROUNDS rounds, order reversed on even rounds"
	echo "hyperfine --runs $WRITE_RUNS 'curl -sS --max-time 300 -K \$WORK/patch-seq.curl >>\$WORK/lat-seq.txt'   # $WRITES × PATCH $JSON {\"reception_place\":\"Phòng N\"}, Cookie + X-CSRF-Token"
	echo "hyperfine --runs $WRITE_RUNS 'sh \$WORK/patch-conc.sh'   # $WRITE_CONNS such curl processes at once, values Phòng cK-N"
	echo "hyperfine --runs $WRITE_RUNS --prepare \"$RAW_PREP\" \"$RAW_RUN\"" | sed "s|$WORK|\$WORK|g"
	echo '```'
	echo
	echo "</details>"
	echo
} >"$REPORT"

record_report "$REPORT"
