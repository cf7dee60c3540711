#!/usr/bin/env bash
# bench/cases.sh — the report (case) write path: POST /api/v1/cases without an
# account, with the reporter's identity (sealed in the vault) and a signed
# receipt, in sequence on one connection and from several connections at once,
# against raw SQLite doing the same row writes per report in one transaction;
# and follow-up look-ups (POST /api/v1/cases/{code}/follow with the passphrase)
# against nginx answering the same bytes as a static file. Prints a markdown
# report and appends it, dated, to bench/RESULTS.md.
# Usage: bench/cases.sh (builds with `make build` first). Knobs: bench/README.md.
# Takes about 2 minutes.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_TAG=cases
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
cleanup_at_exit

REPORTS=${BENCH_REPORTS:-500}            # reports (and raw SQLite transactions) per timed run
WRITE_RUNS=${BENCH_WRITE_RUNS:-3}
WRITE_CONNS=${BENCH_WRITE_CONNECTIONS:-4}
DURATION=${BENCH_DURATION:-10s}          # each measured wrk run of follow-up look-ups
WARMUP=${BENCH_WARMUP:-3s}
CONNS=${BENCH_CONNECTIONS:-32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-3}
SERVER_THREADS=${BENCH_SERVER_THREADS:-$(nproc)}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-$(nproc)}
PERF=${BENCH_PERF:-1}                    # 1: profile one extra run of reports with perf (skipped when perf is missing)
RESULTS=${BENCH_RESULTS:-$BENCH_DIR/RESULTS.md}
RECORD=${BENCH_RECORD:-1}
MB_BIN=${MINHBACH_BIN:-}
UNIT=phuong-chieng-coi
OFFICIAL=motcua
AE="gzip, deflate, br"

# The spam limit per address (src/cases/service.c) must not stop the benchmark:
# every report of the run comes from 127.0.0.1 within ten minutes. The server
# accepts MINHBACH_REPORT_LIMIT below 100000 only (larger values fall back to 30).
# The most reports one server gets: check run, timed runs, profiled run.
TOTAL_REPORTS=$((REPORTS * (WRITE_RUNS + 2)))
REPORT_LIMIT=99999
[ "$TOTAL_REPORTS" -lt "$REPORT_LIMIT" ] ||
	die "$TOTAL_REPORTS reports on one server exceed the largest spam limit the server accepts ($REPORT_LIMIT); lower BENCH_REPORTS"
[ $((REPORTS % WRITE_CONNS)) -eq 0 ] || die "BENCH_REPORTS ($REPORTS) must be a multiple of BENCH_WRITE_CONNECTIONS ($WRITE_CONNS)"
PER_CONN=$((REPORTS / WRITE_CONNS))

# --- tools ------------------------------------------------------------------------------
find_nginx
need_tools wrk hyperfine curl sqlite3 gzip awk timeout
if [ "$PERF" = 1 ] && ! command -v perf >/dev/null; then
	say "perf not found: no profile (apt-get install -y linux-perf, or BENCH_PERF=0 to silence this)"
	PERF=0
fi

# --- build, directories -------------------------------------------------------------------
build_minhbach
make_dirs cases- mb-cases

PERF_PID=""
stop_at_exit PERF_PID INT   # before the server: the profile ends first
server_and_nginx
q() { sqlite3 "$DB" "$1"; }

# --- 1. servers with demo data --------------------------------------------------------------------
# Each phase of filing gets its own server on a fresh demo database, so that
# the runs in sequence and the runs from several connections file their reports
# into databases of the same size (two reads of every report count rows that
# grow with the reports of the day, see "What grows with the run").
declare -A RSS_START RSS_END SERVER_EXIT SERVER_ERR_LINES SERVER_WARN_LINES
start_server() { # phase
	PHASE=$1
	SERVER_ERR=$LOG/server-$PHASE.err
	DB=$WORK/$PHASE/mb.db
	mkdir -p "$WORK/$PHASE"
	say "$PHASE: creating a demo DB in $WORK/$PHASE"
	"$MB_BIN" demo --db "$DB" --months 0 >"$LOG/demo-$PHASE.txt" 2>&1 || die "minhbach demo failed (see $LOG/demo-$PHASE.txt)"
	SERVER_CMD=("$MB_BIN" serve --db "$DB" --port 0 --listen 127.0.0.1 --threads "$SERVER_THREADS" --log-level warn)
	MINHBACH_REPORT_LIMIT=$REPORT_LIMIT start_minhbach "$LOG/server-$PHASE.out" "$LOG/server-$PHASE.err" 10 "${SERVER_CMD[@]}"
	SERVER_PID=$MB_STARTED_PID
	MB=http://127.0.0.1:$MB_STARTED_PORT
	sleep 1   # let the periodic jobs' first pass (at startup) finish before anything is measured
	RSS_START[$PHASE]=$(rss_kb "$SERVER_PID")
	say "$PHASE: minhbach on $MB (pid $SERVER_PID, --threads $SERVER_THREADS, MINHBACH_REPORT_LIMIT=$REPORT_LIMIT)"
}
# Stops the server; it must exit 0 on SIGTERM, and its ledger must verify.
stop_server() {
	RSS_END[$PHASE]=$(rss_kb "$SERVER_PID")
	kill -TERM "$SERVER_PID"
	SERVER_EXIT[$PHASE]=0
	wait "$SERVER_PID" || SERVER_EXIT[$PHASE]=$?
	SERVER_PID=""
	[ "${SERVER_EXIT[$PHASE]}" -eq 0 ] || die "minhbach ($PHASE) exited with status ${SERVER_EXIT[$PHASE]} on SIGTERM (see $LOG/server-$PHASE.err)"
	SERVER_ERR_LINES[$PHASE]=$(grep -c . "$LOG/server-$PHASE.err" || true)
	SERVER_WARN_LINES[$PHASE]=$(grep -cE 'level=(warn|error)' "$LOG/server-$PHASE.err" || true)
	VERIFY[$PHASE]=$("$MB_BIN" verify --db "$DB" 2>&1) || die "minhbach verify failed after the $PHASE phase: ${VERIFY[$PHASE]}"
	FINAL_CASES[$PHASE]=$(q "SELECT count(*) FROM cases")
}
declare -A VERIFY FINAL_CASES

# --- 2. the reports --------------------------------------------------------------------------
# One report as tests/api/cases.test.mjs files it: feedback about harassment by a
# named official of the demo ward, no account, the reporter's name, address,
# phone and e-mail (sealed into case_identities). The title carries a tag of the
# run and a serial of fixed width, so every report has the same size.
report_json() { # tag i
	printf '{"kind":"feedback","category":"harassment","unit":"%s","official":"%s",' "$UNIT" "$OFFICIAL"
	printf '"title":"Bị yêu cầu nộp giấy tờ ngoài quy định — %s-%05d",' "$1" "$2"
	printf '"body":"Cán bộ một cửa yêu cầu tôi nộp thêm giấy xác nhận cư trú, không có trong thành phần hồ sơ của thủ tục đã niêm yết.",'
	printf '"name":"Hoàng Thị Xuyến","address":"Bản Nà Cạn, phường Chiềng Cơi, thành phố Sơn La",'
	printf '"phone":"0987 654 321","email":"xuyen.hoang@example.vn"}'
}
report_json k0 1 >"$WORK/one-report.json"
REPORT_BYTES=$(wc -c <"$WORK/one-report.json")

# A curl config of n POSTs on one keep-alive connection. Each line of output:
# status code and seconds for that request; with keep_bodies, each answer's
# JSON on its own line before it (for the codes and passphrases).
report_cfg() { # tag file n [keep_bodies]
	local i body
	for i in $(seq 1 "$3"); do
		body=$(report_json "$1" "$i")
		printf 'url = "%s/api/v1/cases"\nheader = "Content-Type: application/json"\nheader = "Accept: application/json"\n' "$MB"
		printf 'data = "%s"\n' "${body//\"/\\\"}"
		if [ "${4:-}" = keep_bodies ]; then
			printf 'write-out = "\\n%%{http_code} %%{time_total}\\n"\n'
		else
			printf 'output = "/dev/null"\nwrite-out = "%%{http_code} %%{time_total}\\n"\n'
		fi
		if [ "$i" -lt "$3" ]; then printf 'next\n'; fi
	done >"$2"
}

# What one report writes, counted in the database.
counts() {
	q "SELECT (SELECT count(*) FROM cases) || ' ' || (SELECT count(*) FROM case_identities) || ' ' ||
	          (SELECT count(*) FROM case_steps) || ' ' || (SELECT count(*) FROM throttle WHERE bucket = 'case_receive') || ' ' ||
	          (SELECT count(*) FROM events WHERE type = 'case.receive') || ' ' ||
	          (SELECT count(*) FROM outbox WHERE kind = 'status')"
}
# Every table must have grown by exactly n rows since "before".
check_counts() { # what n before
	local what=$1 n=$2 before=$3 after i names=(cases case_identities case_steps throttle case.receive-events outbox-notices) was now
	after=$(counts)
	read -r -a was <<<"$before"
	read -r -a now <<<"$after"
	for i in 0 1 2 3 4 5; do
		[ $((now[i] - was[i])) -eq "$n" ] ||
			die "$what: $n reports made $((now[i] - was[i])) new rows in ${names[$i]} (before: $before; after: $after)"
	done
}
# All answers 201 (curl's lines "CODE SECONDS").
check_201() { # what file expected_lines
	local n bad
	n=$(grep -cE '^[0-9]{3} ' "$2" || true)
	bad=$(grep -E '^[0-9]{3} ' "$2" | awk '$1 != 201' | wc -l)
	if [ "$n" -ne "$3" ] || [ "$bad" -ne 0 ]; then
		die "$1: $n answers for $3 reports, $bad not 201 (status codes: $(grep -oE '^[0-9]{3} ' "$2" | sort | uniq -c | tr -s ' \n' ' '))"
	fi
}

# Check run first on each server (also the warm-up): every report answers 201
# with a code, a passphrase and a receipt, and writes its rows. Sets PAIRS (the
# (code, passphrase) pairs), CHECK_CPU and CHECK_BEFORE (cases before it).
check_run() {
	local c0 k0 k1
	report_cfg "k$PHASE" "$WORK/$PHASE/check.curl" "$REPORTS" keep_bodies
	CHECK_BEFORE=$(q "SELECT count(*) FROM cases")
	c0=$(counts); k0=$(ticks_of "$SERVER_PID")
	curl -sS --max-time 300 -K "$WORK/$PHASE/check.curl" >"$WORK/$PHASE/check.out" 2>"$LOG/check-$PHASE.err" ||
		die "curl failed in the check run (see $LOG/check-$PHASE.err)"
	k1=$(ticks_of "$SERVER_PID")
	CHECK_CPU=$(awk -v d=$((k1 - k0)) -v hz="$CLK_TCK" -v n="$REPORTS" 'BEGIN { printf "%.0f", d * 1e6 / hz / n }')
	check_201 "$PHASE: check run" "$WORK/$PHASE/check.out" "$REPORTS"
	check_counts "$PHASE: check run" "$REPORTS" "$c0"
	PAIRS=$WORK/$PHASE/pairs.tsv
	sed -n 's/^{"code":"\([^"]*\)","secret":"\([^"]*\)".*/\1\t\2/p' "$WORK/$PHASE/check.out" >"$PAIRS"
	[ "$(wc -l <"$PAIRS")" -eq "$REPORTS" ] || die "$PHASE: check run: not every answer carried a code and a passphrase"
	[ "$(grep -c '"receipt":{"message":"minhbach receipt v1' "$WORK/$PHASE/check.out")" -eq "$REPORTS" ] ||
		die "$PHASE: check run: not every answer carried a signed receipt"
	ANSWER_BYTES=$(grep -m1 '^{"code"' "$WORK/$PHASE/check.out" | tr -d '\n' | wc -c)
	server_alive "the check run"
	# The identity is sealed: neither the name nor the e-mail is in the database file in clear.
	if grep -q -a -e 'xuyen.hoang@example.vn' -e 'Hoàng Thị Xuyến' "$DB" "$DB-wal" 2>/dev/null; then
		die "$PHASE: the reporter's identity is in the database in clear"
	fi
}
ticks_now() { ticks_of "$SERVER_PID"; }

# --- 3. filing: minhbach, in sequence ------------------------------------------------------------
start_server seq
check_run
CHECK_CPU_SEQ=$CHECK_CPU; CHECK_BEFORE_SEQ=$CHECK_BEFORE
TEMPLATE_CODE=$(head -n1 "$PAIRS" | cut -f1)
# The raw SQLite baseline starts from this database, as it is now.
sqlite3 "$DB" ".backup '$WORK/raw-base.db'"
report_cfg s0 "$WORK/seq.curl" "$REPORTS"
say "filing: minhbach, $WRITE_RUNS × $REPORTS reports in sequence on one connection"
: >"$WORK/lat-seq.txt"
C1=$(counts); T1=$(ticks_now)
timeout 600 hyperfine --style none --runs "$WRITE_RUNS" --export-csv "$LOG/hf-seq.csv" --export-json "$LOG/hf-seq.json" \
	"curl -sS --max-time 300 -K $WORK/seq.curl >>$WORK/lat-seq.txt" >"$LOG/hf-seq.txt" 2>&1 ||
	die "hyperfine (reports in sequence) failed (see $LOG/hf-seq.txt)"
T2=$(ticks_now)
server_alive "the sequential runs"
check_201 "sequential runs" "$WORK/lat-seq.txt" $((REPORTS * WRITE_RUNS))
check_counts "sequential runs" $((REPORTS * WRITE_RUNS)) "$C1"

# Sizes of what one report wrote (the template: the first report of the check run).
TID=$(q "SELECT id FROM cases WHERE code = '$TEMPLATE_CODE'")
SEALED_BYTES=$(q "SELECT length(sealed) FROM case_identities WHERE case_id = $TID")
NONCE_BYTES=$(q "SELECT length(nonce) FROM case_identities WHERE case_id = $TID")
PAYLOAD_BYTES=$(q "SELECT length(CAST(payload AS BLOB)) FROM events WHERE subject = 'case:$TEMPLATE_CODE'")
TPL_PAYLOAD=$(q "SELECT quote(payload) FROM events WHERE subject = 'case:$TEMPLATE_CODE'")
CASE_VERSION=$(q "SELECT version FROM cases WHERE id = $TID")
stop_server

# --- 4. filing: minhbach, from several connections at once ----------------------------------------
start_server conc
check_run
CHECK_CPU_CONC=$CHECK_CPU
{
	echo '#!/bin/sh'
	echo "# $WRITE_CONNS curl processes at once, each $PER_CONN reports on its own connection."
	echo 'pids=""'
	for k in $(seq 1 "$WRITE_CONNS"); do
		report_cfg "c$k" "$WORK/conc-$k.curl" "$PER_CONN"
		echo "curl -sS --max-time 300 -K $WORK/conc-$k.curl >>$WORK/lat-conc.$k.txt & pids=\"\$pids \$!\""
	done
	# shellcheck disable=SC2016
	echo 'rc=0; for p in $pids; do wait "$p" || rc=1; done; exit $rc'
} >"$WORK/conc.sh"
say "filing: minhbach, $WRITE_RUNS × $REPORTS reports from $WRITE_CONNS connections at once ($PER_CONN each)"
rm -f "$WORK"/lat-conc.*.txt   # one file per curl process: their buffered output would interleave
C2=$(counts); T3=$(ticks_now)
timeout 600 hyperfine --style none --runs "$WRITE_RUNS" --export-csv "$LOG/hf-conc.csv" --export-json "$LOG/hf-conc.json" \
	"sh $WORK/conc.sh" >"$LOG/hf-conc.txt" 2>&1 ||
	die "hyperfine (reports from $WRITE_CONNS connections) failed (see $LOG/hf-conc.txt)"
T4=$(ticks_now)
server_alive "the concurrent runs"
cat "$WORK"/lat-conc.*.txt >"$WORK/lat-conc.txt"
check_201 "concurrent runs" "$WORK/lat-conc.txt" $((REPORTS * WRITE_RUNS))
check_counts "concurrent runs" $((REPORTS * WRITE_RUNS)) "$C2"
cp "$WORK/lat-seq.txt" "$WORK/lat-conc.txt" "$LOG/"

# Per-request latency from curl's time_total -> "p50_us p99_us max_us n_over_100ms n"
lat_stats() {
	awk '{ print $2 * 1e6 }' "$1" | sort -g | awk '
		{ v[NR] = $1; if ($1 > 100000) slow++ }
		END { printf "%d %d %d %d %d\n", v[int((NR - 1) * 0.50) + 1], v[int((NR - 1) * 0.99) + 1], v[NR], slow + 0, NR }'
}
read -r SEQ_P50 SEQ_P99 SEQ_MAX SEQ_SLOW SEQ_N < <(lat_stats "$WORK/lat-seq.txt")
read -r CON_P50 CON_P99 CON_MAX CON_SLOW CON_N < <(lat_stats "$WORK/lat-conc.txt")
# Server CPU per report (all its threads), from /proc/PID/stat.
SEQ_CPU=$(awk -v d=$((T2 - T1)) -v hz="$CLK_TCK" -v n=$((REPORTS * WRITE_RUNS)) 'BEGIN { printf "%.0f", d * 1e6 / hz / n }')
CON_CPU=$(awk -v d=$((T4 - T3)) -v hz="$CLK_TCK" -v n=$((REPORTS * WRITE_RUNS)) 'BEGIN { printf "%.0f", d * 1e6 / hz / n }')

# --- 5. filing: raw SQLite --------------------------------------------------------------------
# The same rows per report, each report one transaction, in a copy of the
# sequential phase's database as it was after its check run (same schema, indexes,
# triggers and foreign keys, the same rows before): one cases row like the
# template's (new code and passphrase hash, the title of the same size), one
# case_identities row with a random nonce and sealed blob of the sealed sizes,
# one case_steps row, one throttle row (with its ordinal, as db_throttle_add
# writes it), the day's serial counted up (case_serials), the reporter's notice
# queued in the outbox (the template's, with the new code), and one events row
# with a payload of the same length (the template's, with the new code) and
# random hashes.
RAW=$WORK/raw.db
HAS_NTH=$(sqlite3 "$WORK/raw-base.db" "SELECT count(*) FROM pragma_table_info('throttle') WHERE name = 'nth'")
{
	echo "PRAGMA journal_mode=WAL;"
	echo "PRAGMA synchronous=FULL;"
	echo "PRAGMA foreign_keys=ON;"
	for i in $(seq 1 "$REPORTS"); do
		code=$(printf 'DT-991127-%04d' "$i")
		echo "BEGIN IMMEDIATE;"
		echo "INSERT INTO cases (code, secret_hash, kind, category, channel, anonymous, title, body, incident_date, dossier_code,
	subject_unit_id, subject_account_id, subject_name, unit_id, state, rule_set_id, received_at, due_at, risk, lang, version)
	SELECT '$code', lower(hex(randomblob(32))), kind, category, channel, anonymous, printf('Bị yêu cầu nộp giấy tờ ngoài quy định — r0-%05d', $i),
	body, incident_date, dossier_code, subject_unit_id, subject_account_id, subject_name, unit_id, state, rule_set_id,
	strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), due_at, risk, lang, version FROM cases WHERE id = $TID;"
		echo "INSERT INTO case_identities (case_id, nonce, sealed) VALUES (last_insert_rowid(), randomblob($NONCE_BYTES), randomblob($SEALED_BYTES));"
		echo "INSERT INTO case_steps (case_id, state, unit_id, account_id, started_at, due_at, note)
	SELECT id, state, unit_id, NULL, received_at, due_at, '' FROM cases WHERE code = '$code';"
		if [ "$HAS_NTH" = 1 ]; then
			echo "INSERT INTO throttle (bucket, key, at, nth) SELECT 'case_receive', '127.0.0.1', unixepoch(), coalesce(max(nth), 0) + 1
	FROM (SELECT nth FROM throttle WHERE bucket = 'case_receive' AND key = '127.0.0.1' ORDER BY at DESC, nth DESC LIMIT 1);"
		else   # a server from before sql/0023_counters.sql (MINHBACH_BIN), for a before/after comparison
			echo "INSERT INTO throttle (bucket, key, at) VALUES ('case_receive', '127.0.0.1', unixepoch());"
		fi
		echo "INSERT INTO case_serials (day, last) VALUES ('991127', 1) ON CONFLICT(day) DO UPDATE SET last = last + 1;"
		echo "INSERT INTO outbox (to_addr, subject, body, kind, case_code, personal, created_at, next_attempt_at)
	SELECT to_addr, replace(subject, '$TEMPLATE_CODE', '$code'), replace(body, '$TEMPLATE_CODE', '$code'), kind, '$code', personal,
	strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM outbox WHERE case_code = '$TEMPLATE_CODE' LIMIT 1;"
		echo "INSERT INTO events (at, actor_id, actor_role, unit, type, subject, payload, prev_hash, hash)
	VALUES (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NULL, 'public', '$UNIT', 'case.receive', 'case:$code',
	${TPL_PAYLOAD//$TEMPLATE_CODE/$code}, lower(hex(randomblob(32))), lower(hex(randomblob(32))));"
		echo "COMMIT;"
	done
} >"$WORK/raw-tx.sql"
RAW_PREP="rm -f $RAW $RAW-wal $RAW-shm && cp $WORK/raw-base.db $RAW"
RAW_RUN="sqlite3 $RAW '.read $WORK/raw-tx.sql'"
say "filing: raw SQLite, $WRITE_RUNS × $REPORTS transactions"
timeout 300 hyperfine --style none --runs "$WRITE_RUNS" --prepare "$RAW_PREP" --export-csv "$LOG/hf-raw.csv" \
	--export-json "$LOG/hf-raw.json" "$RAW_RUN" >"$LOG/hf-raw.txt" 2>&1 || die "hyperfine (raw SQLite) failed (see $LOG/hf-raw.txt)"
RAW_NEW=$(sqlite3 "$RAW" "SELECT (SELECT count(*) FROM cases WHERE code LIKE 'DT-991127-%') || ' ' ||
	(SELECT count(*) FROM case_identities WHERE case_id IN (SELECT id FROM cases WHERE code LIKE 'DT-991127-%')) || ' ' ||
	(SELECT count(*) FROM case_steps WHERE case_id IN (SELECT id FROM cases WHERE code LIKE 'DT-991127-%')) || ' ' ||
	(SELECT count(*) FROM events WHERE subject LIKE 'case:DT-991127-%') || ' ' ||
	(SELECT count(*) FROM outbox WHERE case_code LIKE 'DT-991127-%') || ' ' ||
	(SELECT last FROM case_serials WHERE day = '991127')")
[ "$RAW_NEW" = "$REPORTS $REPORTS $REPORTS $REPORTS $REPORTS $REPORTS" ] ||
	die "raw SQLite run wrote $RAW_NEW rows (cases, identities, steps, events, notices, serial), not $REPORTS each"
RAW_MODE=$(sqlite3 "$RAW" "PRAGMA journal_mode")
[ "$RAW_MODE" = wal ] || die "raw SQLite database is in journal_mode=$RAW_MODE, not wal"
RAW_SEALED=$(sqlite3 "$RAW" "SELECT length(sealed) FROM case_identities ORDER BY case_id DESC LIMIT 1")
RAW_PAYLOAD=$(sqlite3 "$RAW" "SELECT length(CAST(payload AS BLOB)) FROM events ORDER BY seq DESC LIMIT 1")
if [ "$RAW_SEALED" != "$SEALED_BYTES" ] || [ "$RAW_PAYLOAD" != "$PAYLOAD_BYTES" ]; then
	die "raw rows differ in size from the server's (sealed $RAW_SEALED vs $SEALED_BYTES, payload $RAW_PAYLOAD vs $PAYLOAD_BYTES)"
fi

# --- 6. where the server's time goes: one more run under perf ----------------------------------------
PERF_NOTE="not profiled (BENCH_PERF=0 or no perf)"
# perf's self time by library (the first 8) and by symbol (the first 15) into
# $WORK/perf-NAME-dso.tsv ("library share") and perf-NAME-sym.tsv ("share<TAB>symbol"); sets PERF_N (samples).
perf_tables() { # perf.data name
	perf report -i "$1" --no-children --sort dso --stdio >"$LOG/perf-$2-dso.txt" 2>/dev/null || true
	perf report -i "$1" --no-children --sort dso,symbol --stdio >"$LOG/perf-$2-sym.txt" 2>/dev/null || true
	# "# Samples: 27  of event …", or "5K", "1M" (perf rounds large counts)
	PERF_N=$(awk '/^# Samples: / { n = $3; m = 1; if (n ~ /K$/) m = 1000; if (n ~ /M$/) m = 1000000; sub(/[KM]$/, "", n);
		printf "%d\n", n * m; exit }' "$LOG/perf-$2-dso.txt")
	PERF_N=${PERF_N:-0}
	awk '/^ +[0-9.]+%/ && n++ < 8 { printf "%s %s\n", $2, $1 }' "$LOG/perf-$2-dso.txt" >"$WORK/perf-$2-dso.tsv"
	awk '/^ +[0-9.]+%/ && n++ < 15 { s = $1; $1 = ""; sub(/^ +/, ""); sub(/( +-)+ *$/, ""); printf "%s\t%s\n", s, $0 }' \
		"$LOG/perf-$2-sym.txt" >"$WORK/perf-$2-sym.tsv"
}
if [ "$PERF" = 1 ]; then
	say "profile: perf record on the server during $REPORTS more reports in sequence"
	report_cfg p0 "$WORK/perf.curl" "$REPORTS"
	C5=$(counts); PROF_BEFORE=$(q "SELECT count(*) FROM cases")
	K2=$(ticks_of "$SERVER_PID")
	perf record -F 1999 -o "$WORK/perf.data" -p "$SERVER_PID" >"$LOG/perf-record.txt" 2>&1 &
	PERF_PID=$!
	sleep 1
	curl -sS --max-time 300 -K "$WORK/perf.curl" >"$WORK/lat-perf.txt" 2>"$LOG/perf-curl.err" || die "curl failed in the profiled run"
	K3=$(ticks_of "$SERVER_PID")
	kill -INT "$PERF_PID"; wait "$PERF_PID" || true; PERF_PID=""
	PROF_CPU=$(awk -v d=$((K3 - K2)) -v hz="$CLK_TCK" -v n="$REPORTS" 'BEGIN { printf "%.0f", d * 1e6 / hz / n }')
	check_201 "profiled run" "$WORK/lat-perf.txt" "$REPORTS"
	check_counts "profiled run" "$REPORTS" "$C5"
	perf_tables "$WORK/perf.data" file
	PERF_SAMPLES=$PERF_N
	if [ "$PERF_SAMPLES" -gt 0 ]; then PERF_NOTE=ok; else PERF_NOTE="perf recorded no samples (see $LOG/perf-record.txt)"; fi
	server_alive "the profiled run"
fi

# --- 7. follow-up look-ups ---------------------------------------------------------------------------
# Every pair is right: a wrong passphrase would count against the throttle (20 failures → 429).
FAILS0=$(q "SELECT count(*) FROM throttle WHERE bucket = 'case_follow'")
NCHECK=$(( REPORTS < 100 ? REPORTS : 100 ))
head -n "$NCHECK" "$PAIRS" | awk -F'\t' -v b="$MB" -v n="$NCHECK" '{
	printf "url = \"%s/api/v1/cases/%s/follow\"\nheader = \"Content-Type: application/json\"\ndata = \"{\\\"secret\\\":\\\"%s\\\"}\"\n", b, $1, $2
	printf "output = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\n"
	if (NR < n) print "next" }' >"$WORK/follow-check.curl"
curl -sS --max-time 120 -K "$WORK/follow-check.curl" >"$WORK/follow-check.out" || die "curl failed in the follow-up check"
codes=$(sort "$WORK/follow-check.out" | uniq -c | tr -s ' \n' ' ')
[ "$codes" = " $NCHECK 200 " ] || die "the first $NCHECK follow-up look-ups did not all answer 200: $codes"

# The bytes of one answer, as files for nginx.
WWW=$WORK/www
mkdir -p "$WWW"
read -r PICK_CODE PICK_SECRET < <(sed -n 1p "$PAIRS")
FBODY="{\"secret\":\"$PICK_SECRET\"}"
FPATH=/api/v1/cases/$PICK_CODE/follow
curl -sS --fail --max-time 10 -H 'Content-Type: application/json' -d "$FBODY" -o "$WWW/follow.json" -D "$LOG/mb-follow.plain.headers" "$MB$FPATH"
curl -sS --fail --max-time 10 -H 'Content-Type: application/json' -H "Accept-Encoding: $AE" -d "$FBODY" \
	-o "$WWW/follow.json.gz" -D "$LOG/mb-follow.gzip.headers" "$MB$FPATH"
grep -qi '^content-encoding: *gzip' "$LOG/mb-follow.gzip.headers" || die "follow-up: no gzip answer from minhbach"
gzip -dc "$WWW/follow.json.gz" | cmp -s - "$WWW/follow.json" || die "follow-up: gzip body does not inflate to the plain body"
grep -q "\"code\":\"$PICK_CODE\"" "$WWW/follow.json" || die "follow-up: the answer is not the case $PICK_CODE"
chmod -R a+rX "$WWW"
start_nginx "$BENCH_DIR/nginx-cases.conf.in" "/api/v1/cases/$PICK_CODE/follow"
say "nginx on $NG (pid $NGINX_PID, $NGINX_WORKERS workers), answering with the bytes for $PICK_CODE"
same_bytes() {
	local a=$WORK/cmp-mb b=$WORK/cmp-ng
	curl -sS --fail --max-time 10 -H 'Content-Type: application/json' -H "Accept-Encoding: $AE" -d "$FBODY" -o "$a" "$MB$FPATH"
	curl -sS --fail --max-time 10 -H 'Content-Type: application/json' -H "Accept-Encoding: $AE" -d "$FBODY" -o "$b" "$NG$FPATH"
	cmp -s "$a" "$b" || die "follow-up: nginx and minhbach bodies differ"
}
same_bytes
curl -sS -o /dev/null -H 'Content-Type: application/json' -H "Accept-Encoding: $AE" -d "$FBODY" -D "$LOG/nginx-follow.gzip.headers" "$NG$FPATH"

TARGETS=(ng mb)
declare -A NAME=([ng]="nginx static · one follow-up answer" [mb]="minhbach · POST /api/v1/cases/{code}/follow")
declare -A URL=([ng]=$NG [mb]=$MB)
WRK_TIMEOUT=$(( $(secs_of "$DURATION") + 30 ))
run_follow() { # target round
	local t=$1 r=$2 out pids before after line req err cpu
	out=$LOG/wrk-$t-$r.txt
	if [ "$t" = ng ]; then pids=$(nginx_pids); else pids=$SERVER_PID; fi
	# shellcheck disable=SC2086
	before=$(ticks_of $pids)
	timeout "$WRK_TIMEOUT" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$BENCH_DIR/cases-follow.lua" \
		"${URL[$t]}" -- "$PAIRS" >"$out" 2>&1 || die "wrk failed on $t (see $out)"
	# shellcheck disable=SC2086
	after=$(ticks_of $pids)
	[ "$t" = ng ] || server_alive "the wrk run on $t, round $r"
	line=$(grep '^BENCH ' "$out") || die "no BENCH line in $out"
	req=$(field requests "$line")
	err=$(( $(field errors_connect "$line") + $(field errors_read "$line") + $(field errors_write "$line") +
	        $(field errors_timeout "$line") + $(field errors_status "$line") + $(field not200 "$line") ))
	[ "$err" -eq 0 ] || die "wrk on $t, round $r: $err errors or answers other than 200 (see $out)"
	[ "$req" -gt 0 ] || die "wrk on $t, round $r: no requests"
	cpu=$(awk -v d=$((after - before)) -v hz="$CLK_TCK" -v n="$req" 'BEGIN { printf "%.1f", n ? d * 1e6 / hz / n : 0 }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$(field rps "$line")" "$(field p50_us "$line")" "$(field p99_us "$line")" \
		"$cpu" "$req" "$(field bytes_per_resp "$line")" >>"$LOG/res-$t.tsv"
	say "  round $r ${NAME[$t]}: $(field rps "$line") req/s, p50 $(field p50_us "$line") µs, p99 $(field p99_us "$line") µs, $cpu CPU µs/req"
}
say "follow-ups: warm-up $WARMUP per target"
FPERF_N=0
for t in "${TARGETS[@]}"; do
	# The server's warm-up is also its profile (when perf is there).
	if [ "$t" = mb ] && [ "$PERF_NOTE" = ok ]; then
		perf record -F 1999 -o "$WORK/perf-follow.data" -p "$SERVER_PID" >"$LOG/perf-follow-record.txt" 2>&1 &
		PERF_PID=$!
		sleep 1
	fi
	timeout "$WRK_TIMEOUT" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" -s "$BENCH_DIR/cases-follow.lua" \
		"${URL[$t]}" -- "$PAIRS" >"$LOG/warmup-$t.txt" 2>&1 || die "wrk warm-up failed on $t"
	if [ -n "$PERF_PID" ]; then
		kill -INT "$PERF_PID"; wait "$PERF_PID" || true; PERF_PID=""
		perf_tables "$WORK/perf-follow.data" follow
		FPERF_N=$PERF_N
	fi
	grep -q ' errors_status=0 not200=0$' "$LOG/warmup-$t.txt" || die "wrk warm-up on $t: answers other than 200 (see $LOG/warmup-$t.txt)"
done
for r in $(seq 1 "$ROUNDS"); do
	say "follow-ups: round $r of $ROUNDS ($DURATION per target)"
	if [ $((r % 2)) = 1 ]; then order=(ng mb); else order=(mb ng); fi
	for t in "${order[@]}"; do run_follow "$t" "$r"; done
done
same_bytes
FAILS1=$(q "SELECT count(*) FROM throttle WHERE bucket = 'case_follow'")
[ "$FAILS1" -eq "$FAILS0" ] || die "follow-ups: $((FAILS1 - FAILS0)) failed look-ups were recorded"
declare -A RPS P50 P99 CPU REQS BPR ALL
for t in "${TARGETS[@]}"; do
	f=$LOG/res-$t.tsv
	RPS[$t]=$(median_col "$f" 2); P50[$t]=$(median_col "$f" 3); P99[$t]=$(median_col "$f" 4)
	CPU[$t]=$(median_col "$f" 5); REQS[$t]=$(cut -f6 "$f" | awk '{ s += $1 } END { print s }'); BPR[$t]=$(median_col "$f" 7)
	ALL[$t]=$(cut -f2 "$f" | awk '{ printf "%s%.0f", (NR > 1 ? " / " : ""), $1 }')
done

# --- stop the server ---------------------------------------------------------------------------------
stop_server

# Two reads of every report once counted rows that grow with the run. Now the day's
# serial is one counter row (src/cases/repo.c case_repo_next_serial, case_serials) and
# the spam check stops counting at the limit (db_throttle_count, LIMIT = the
# limit: 30 in production, MINHBACH_REPORT_LIMIT here).
# Their cost at the end of the "conc" phase, in µs per query (the sqlite3 CLI
# running each 500 times on the stopped server's database, less 500 times SELECT 1).
time_sql() { # sql -> µs per run of it, over 500
	local f=$WORK/tq.sql t0 t1
	for _ in $(seq 1 500); do echo "$1"; done >"$f"
	t0=$(date +%s%N)
	sqlite3 "$DB" ".read $f" >/dev/null
	t1=$(date +%s%N)
	echo $(( (t1 - t0) / 500000 ))
}
DAY_PREFIX=$(cut -c1-9 <<<"$TEMPLATE_CODE")
Q_SERIAL="SELECT last FROM case_serials WHERE day = '${DAY_PREFIX#DT-}';"
# The spam check as db_throttle_count runs it (two seeks: the latest hit's
# ordinal minus the first one in the window), and as it ran before
# sql/0023_counters.sql (counting the rows, up to the limit), at the production
# limit of 30 and at this run's limit.
Q_THROTTLE="SELECT (SELECT nth FROM throttle WHERE bucket = 'case_receive' AND key = '127.0.0.1' ORDER BY at DESC, nth DESC LIMIT 1)
 - (SELECT nth FROM throttle WHERE bucket = 'case_receive' AND key = '127.0.0.1' AND at > unixepoch() - 600 ORDER BY at, nth LIMIT 1) + 1;"
Q_COUNT30="SELECT count(*) FROM (SELECT 1 FROM throttle WHERE bucket = 'case_receive' AND key = '127.0.0.1' AND at > unixepoch() - 600 LIMIT 30);"
Q_COUNTALL="SELECT count(*) FROM (SELECT 1 FROM throttle WHERE bucket = 'case_receive' AND key = '127.0.0.1' AND at > unixepoch() - 600 LIMIT $REPORT_LIMIT);"
if [ "$(q "SELECT count(*) FROM pragma_table_info('throttle') WHERE name = 'nth'")" != 1 ]; then
	Q_THROTTLE=$Q_COUNTALL   # a server from before sql/0023_counters.sql: it counts the rows
fi
N_SERIAL=$(q "$Q_SERIAL"); N_THROTTLE=$(q "$Q_THROTTLE" | tr -d '\n'); N_COUNTALL=$(q "$Q_COUNTALL")
T_NONE=$(time_sql "SELECT 1;")
T_SERIAL=$(( $(time_sql "$Q_SERIAL") - T_NONE )); T_THROTTLE=$(( $(time_sql "$(tr '\n' ' ' <<<"$Q_THROTTLE")") - T_NONE ))
T_COUNT30=$(( $(time_sql "$Q_COUNT30") - T_NONE )); T_COUNTALL=$(( $(time_sql "$Q_COUNTALL") - T_NONE ))
# The same on a copy where the address has BENCH_THROTTLE_HITS (50,000) more hits
# in the window, with their ordinals, as a raised limit would let through.
THR_HITS=${BENCH_THROTTLE_HITS:-50000}
MAIN_DB=$DB
DB=$WORK/throttle-many.db
sqlite3 "$MAIN_DB" ".backup '$DB'"
if [ "$Q_THROTTLE" = "$Q_COUNTALL" ]; then
	q "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $THR_HITS)
	   INSERT INTO throttle(bucket, key, at) SELECT 'case_receive', '127.0.0.1', unixepoch() FROM k;"
else
	q "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $THR_HITS)
	   INSERT INTO throttle(bucket, key, at, nth)
	   SELECT 'case_receive', '127.0.0.1', unixepoch(), (SELECT max(nth) FROM throttle WHERE bucket = 'case_receive' AND key = '127.0.0.1') + i FROM k;"
fi
N_THROTTLE_MANY=$(q "$Q_THROTTLE" | tr -d '\n')
T_THROTTLE_MANY=$(( $(time_sql "$(tr '\n' ' ' <<<"$Q_THROTTLE")") - T_NONE ))
T_COUNTALL_MANY=$(( $(time_sql "$Q_COUNTALL") - T_NONE ))
DB=$MAIN_DB
end_quiet

# --- 7. report ---------------------------------------------------------------------------------------
per_s() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
per_ms() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.2f", s * 1000 / n }'; }
runs_each() { # hyperfine JSON -> "a / b / c" (seconds of each run)
	tr ',' '\n' <"$1" | sed -n '/"times"/,/]/p' | grep -oE '[0-9]+\.[0-9]+' | awk '{ printf "%s%.2f", (NR > 1 ? " / " : ""), $1 }'
}
SEQ_MED=$(csv_col "$LOG/hf-seq.csv" 4); CON_MED=$(csv_col "$LOG/hf-conc.csv" 4); RAW_MED=$(csv_col "$LOG/hf-raw.csv" 4)
SEQ_WPS=$(per_s "$REPORTS" "$SEQ_MED"); SEQ_MS=$(per_ms "$REPORTS" "$SEQ_MED")
CON_WPS=$(per_s "$REPORTS" "$CON_MED"); CON_MS=$(per_ms "$REPORTS" "$CON_MED")
RAW_WPS=$(per_s "$REPORTS" "$RAW_MED"); RAW_MS=$(per_ms "$REPORTS" "$RAW_MED")
RAW_CPU=$(awk -v u="$(csv_col "$LOG/hf-raw.csv" 5)" -v s="$(csv_col "$LOG/hf-raw.csv" 6)" -v n="$REPORTS" 'BEGIN { printf "%.0f", (u + s) * 1e6 / n }')
SEQ_RATIO=$(ratio "$SEQ_MED" "$RAW_MED")                        # time per report, minhbach ÷ raw (> 1: slower)
CON_RATIO=$(ratio "$CON_MED" "$RAW_MED")
SEQ_TPUT=$(ratio "$SEQ_WPS" "$RAW_WPS"); CON_TPUT=$(ratio "$CON_WPS" "$RAW_WPS")
CPU_RATIO=$(ratio "$SEQ_CPU" "$RAW_CPU"); CON_CPU_RATIO=$(ratio "$CON_CPU" "$RAW_CPU")
F_TPUT=$(ratio "${RPS[mb]}" "${RPS[ng]}"); F_P50=$(ratio "${P50[mb]}" "${P50[ng]}"); F_P99=$(ratio "${P99[mb]}" "${P99[ng]}")
F_CPU=$(ratio "${CPU[mb]}" "${CPU[ng]}")

versions
FS_TYPE=$(stat -f -c %T "$WORK" 2>/dev/null || echo "?")

REPORT=$LOG/report.md
{
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — reports (cases): filing and follow-up (bench/cases.sh) — commit $COMMIT"
	echo
	machine_line "" "temporary files on $FS_TYPE"
	echo "Tools: nginx $NGINX_V ($NGINX_WORKERS workers), wrk $WRK_V, $HF_V, sqlite3 $SQLITE_V, libsodium $SODIUM_V, libmicrohttpd $MHD_V."
	echo "Server: build/minhbach (CMake build type: ${BUILD_TYPE:-RelWithDebInfo, the CMakeLists.txt default}), --threads $SERVER_THREADS, MINHBACH_REPORT_LIMIT=$REPORT_LIMIT; one server on a fresh \`minhbach demo\` database for the filing in sequence (\"seq\"), another for the filing from $WRITE_CONNS connections, the profile and the follow-ups (\"conc\"); RSS at start / end: seq ${RSS_START[seq]} / ${RSS_END[seq]} kB, conc ${RSS_START[conc]} / ${RSS_END[conc]} kB."
	echo
	echo "One report: \`POST /api/v1/cases\` without an account, $REPORT_BYTES bytes of JSON (feedback, harassment, the demo ward and its one-stop officer named, the reporter's name, address, phone and e-mail); answer $ANSWER_BYTES bytes (code, passphrase, due time, receipt signed with Ed25519). It writes one \`cases\` row (inserted as the command leaves it: version $CASE_VERSION), the identity sealed with XChaCha20-Poly1305 into \`case_identities\` ($NONCE_BYTES-byte nonce, $SEALED_BYTES-byte sealed blob), one \`case_steps\` row, one \`throttle\` row, the day's serial (\`case_serials\`), the reporter's notice queued in \`outbox\`, one ledger event \`case.receive\` ($PAYLOAD_BYTES-byte payload, hash-chained), in one transaction (WAL, synchronous=FULL); the raw SQLite baseline writes the same rows."
	echo
	echo "### Filing (median of $WRITE_RUNS runs of $REPORTS reports, after a check run of $REPORTS on each server)"
	echo
	echo "| path | reports/s | per report | server CPU per report | latency p50 / p99 / max (curl) | requests > 100 ms | seconds each run |"
	echo "| --- | ---: | ---: | ---: | --- | ---: | --- |"
	echo "| raw SQLite: sqlite3 CLI, journal_mode=$RAW_MODE, synchronous=FULL, foreign_keys=ON, the same rows per transaction (6 INSERTs and the serial's upsert), in a copy of the seq database after its check run | $RAW_WPS | $RAW_MS ms | $RAW_CPU µs (sqlite3 user+sys) | — | — | $(runs_each "$LOG/hf-raw.json") |"
	echo "| minhbach: $REPORTS POSTs in sequence, 1 keep-alive connection | $SEQ_WPS | $SEQ_MS ms | $SEQ_CPU µs | $(fmt_us "$SEQ_P50") / $(fmt_us "$SEQ_P99") / $(fmt_us "$SEQ_MAX") | $SEQ_SLOW of $SEQ_N | $(runs_each "$LOG/hf-seq.json") |"
	echo "| minhbach: $WRITE_CONNS connections at once ($WRITE_CONNS curl processes × $PER_CONN) | $CON_WPS | $CON_MS ms | $CON_CPU µs | $(fmt_us "$CON_P50") / $(fmt_us "$CON_P99") / $(fmt_us "$CON_MAX") | $CON_SLOW of $CON_N | $(runs_each "$LOG/hf-conc.json") |"
	echo
	echo "| minhbach ÷ raw SQLite (same run) | time per report | reports/s | CPU per report |"
	echo "| --- | ---: | ---: | ---: |"
	echo "| in sequence | **${SEQ_RATIO}×** | ${SEQ_TPUT}× | ${CPU_RATIO}× |"
	echo "| $WRITE_CONNS connections at once (against raw in sequence) | ${CON_RATIO}× | ${CON_TPUT}× | ${CON_CPU_RATIO}× |"
	echo
	echo "Every report of every run answered 201, and after each run \`cases\`, \`case_identities\`, \`case_steps\`, \`throttle\`, the \`case.receive\` events and the \`outbox\` notices had grown by exactly the number of reports sent (the run fails otherwise). The reporter's name and e-mail do not occur in the database file or its WAL. At the end the seq database held ${FINAL_CASES[seq]} cases (\`minhbach verify\`: ${VERIFY[seq]}), the conc database ${FINAL_CASES[conc]} (${VERIFY[conc]})."
	echo
	echo "### What grows with the run"
	echo
	echo "| server CPU per report (all threads) | cases in the database before | µs |"
	echo "| --- | ---: | ---: |"
	echo "| seq: check run, the first $REPORTS reports (includes warming up) | $CHECK_BEFORE_SEQ | $CHECK_CPU_SEQ |"
	echo "| seq: timed runs in sequence | $((CHECK_BEFORE_SEQ + REPORTS)) to $((CHECK_BEFORE_SEQ + REPORTS * (1 + WRITE_RUNS))) | $SEQ_CPU |"
	echo "| conc: check run, in sequence | $CHECK_BEFORE | $CHECK_CPU_CONC |"
	echo "| conc: timed runs from $WRITE_CONNS connections | $((CHECK_BEFORE + REPORTS)) to $((CHECK_BEFORE + REPORTS * (1 + WRITE_RUNS))) | $CON_CPU |"
	if [ "$PERF_NOTE" = ok ]; then echo "| conc: profiled run, in sequence (perf sampling on) | $PROF_BEFORE | $PROF_CPU |"; fi
	echo
	echo "Two reads of every report: the day's serial for the code, one counter row (\`case_serials\`, last serial $N_SERIAL, ${T_SERIAL} µs a read), and the spam limit: $N_THROTTLE reports of this address in ten minutes, counted by two seeks in \`throttle_key\` (the latest hit's ordinal minus the first one's in the window, sql/0023_counters.sql): ${T_THROTTLE} µs whatever the count and the limit, where counting the rows as before cost ${T_COUNT30} µs at the production limit of 30 and ${T_COUNTALL} µs at this run's limit of $REPORT_LIMIT ($N_COUNTALL rows). With $N_THROTTLE_MANY hits of the address in the window (a copy, $THR_HITS hits added): ${T_THROTTLE_MANY} µs by the ordinals, ${T_COUNTALL_MANY} µs counting the rows up to $REPORT_LIMIT. sqlite3 CLI, 500 runs each, less as many \`SELECT 1\`. One server per phase, so that seq and conc file into databases of the same size."
	echo
	if [ "$PERF_NOTE" = ok ]; then
		echo "### Where the server's CPU goes (perf, 1999 Hz, self time)"
		echo
		echo "On-CPU time only: a thread waiting for fsync is not sampled. Filing: about $PERF_SAMPLES samples over $REPORTS more reports in sequence on the conc server; follow-ups: about $FPERF_N samples over the server's wrk warm-up ($WARMUP)."
		echo
		echo "| library | filing | follow-up |"
		echo "| --- | ---: | ---: |"
		awk 'FNR == 1 { f++ } { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } v[f, $1] = $2 }
			END { for (i = 1; i <= n; i++) { d = order[i]; printf "| %s | %s | %s |\n", d, ((1, d) in v ? v[1, d] : "—"), ((2, d) in v ? v[2, d] : "—") } }' \
			"$WORK/perf-file-dso.tsv" "$WORK/perf-follow-dso.tsv"
		echo
		for k in file follow; do
			[ -s "$WORK/perf-$k-sym.tsv" ] || continue
			if [ $k = file ]; then echo "<details><summary>Top symbols, filing</summary>"; else echo "<details><summary>Top symbols, follow-up</summary>"; fi
			echo
			echo "| share | library · symbol |"
			echo "| ---: | --- |"
			while IFS=$'\t' read -r pct sym; do echo "| $pct | \`$(echo "$sym" | tr -s ' ' | sed 's/|/\\|/g')\` |"; done <"$WORK/perf-$k-sym.tsv"
			echo
			echo "</details>"
			echo
		done
	fi
	echo "### Follow-up look-ups (median of $ROUNDS rounds; wrk -t$WRK_THREADS -c$CONNS -d$DURATION, Accept-Encoding: $AE)"
	echo
	echo "| target | req/s | p50 | p99 | server CPU µs/req | bytes/resp (headers+body) | requests | req/s each round |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	for t in ng mb; do
		printf '| %s | %.0f | %s | %s | %s | %s | %s | %s |\n' "${NAME[$t]}" "${RPS[$t]}" "$(fmt_us "${P50[$t]}")" \
			"$(fmt_us "${P99[$t]}")" "${CPU[$t]}" "${BPR[$t]}" "${REQS[$t]}" "${ALL[$t]}"
	done
	echo
	echo "| minhbach ÷ nginx (same run) | throughput | p50 latency | p99 latency | server CPU per request |"
	echo "| --- | ---: | ---: | ---: | ---: |"
	echo "| follow-up by code and passphrase | **${F_TPUT}×** | ${F_P50}× | ${F_P99}× | ${F_CPU}× |"
	echo
	echo "wrk draws one of the $REPORTS (code, passphrase) pairs of the conc check run for every request; every answer was 200 (the run fails on any other status or socket error), and no failed look-up was recorded in the throttle. nginx answers every POST with the bytes Minh Bạch sends for $PICK_CODE (checked before and after the load), through an internal redirect to a static file (\`bench/nginx-cases.conf.in\`)."
	echo
	echo "Server health: exit status on SIGTERM seq ${SERVER_EXIT[seq]}, conc ${SERVER_EXIT[conc]}; lines on stderr at --log-level warn: seq ${SERVER_ERR_LINES[seq]} (${SERVER_WARN_LINES[seq]} warn/error), conc ${SERVER_ERR_LINES[conc]} (${SERVER_WARN_LINES[conc]} warn/error)."
	echo
	echo "<details><summary>Commands</summary>"
	echo
	echo '```sh'
	echo "bench/cases.sh   # BENCH_REPORTS=$REPORTS BENCH_WRITE_RUNS=$WRITE_RUNS BENCH_WRITE_CONNECTIONS=$WRITE_CONNS BENCH_DURATION=$DURATION BENCH_ROUNDS=$ROUNDS"
	echo "$MB_BIN demo --db \$WORK/seq/mb.db --months 0   # and \$WORK/conc/mb.db, one server each"
	cmd="MINHBACH_REPORT_LIMIT=$REPORT_LIMIT ${SERVER_CMD[*]}"; echo "${cmd//"$WORK"/\$WORK}"
	echo "curl -sS -K \$WORK/seq/check.curl   # check run on each server: $REPORTS × POST /api/v1/cases, bodies kept for the (code, passphrase) pairs"
	echo "hyperfine --runs $WRITE_RUNS 'curl -sS --max-time 300 -K \$WORK/seq.curl >>\$WORK/lat-seq.txt'"
	echo "hyperfine --runs $WRITE_RUNS 'sh \$WORK/conc.sh'   # $WRITE_CONNS curl processes at once, $PER_CONN reports each (conc server)"
	echo "sqlite3 \$WORK/seq/mb.db \".backup '\$WORK/raw-base.db'\"   # after the check run"
	echo "hyperfine --runs $WRITE_RUNS --prepare \"$RAW_PREP\" \"$RAW_RUN\"" | sed "s|$WORK|\$WORK|g"
	[ "$PERF_NOTE" = ok ] && echo "perf record -F 1999 -p SERVER_PID & curl -sS -K \$WORK/perf.curl; perf report --no-children --sort dso"
	echo "$NGINX -p \$WORK -e \$WORK/nginx-error.log -c \$WORK/nginx.conf   # from bench/nginx-cases.conf.in"
	echo "wrk -t$WRK_THREADS -c$CONNS -d$WARMUP -s bench/cases-follow.lua URL -- \$WORK/conc/pairs.tsv   # warm-up, once per target"
	echo "wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency -s bench/cases-follow.lua URL -- \$WORK/conc/pairs.tsv   # $ROUNDS rounds, order reversed on even rounds"
	echo '```'
	echo
	echo "Raw outputs: ${LOG#"$ROOT"/} (not kept in git)."
	echo
	echo "</details>"
	echo
} >"$REPORT"

record_report "$REPORT"
