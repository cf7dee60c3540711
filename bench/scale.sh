#!/usr/bin/env bash
# bench/scale.sh — does any page cost more as history grows? Two databases, N
# dossiers + N reports for each N of BENCH_SIZES (default 10,000 and 1,000,000),
# generated once by bench/gen_dossiers (--cases: reports through the case
# service, played by the report-life player of src/demo/reports.c) and cached.
# The same province at both sizes: BENCH_PER_DAY dossiers and as many reports a
# day (default 50), so the history spans N / 50 days (200 days at 10,000, about
# 55 years at 1,000,000) and a larger database is a longer history, not a
# busier one; both served in the same run; for each target (the public
# results pages, a unit's page, tracking, the staff queues signed in as the demo
# accounts) the server CPU per request (/proc) and the median latency (wrk), and
# optionally the instructions per request (callgrind, deterministic); the ratio
# large ÷ small against the target of 1.2×. Prints a markdown report and
# appends it, dated, to bench/RESULTS.md (BENCH_RECORD=0: print only).
# Usage: `make bench-scale` or bench/scale.sh. Knobs (environment): bench/README.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_TAG=scale
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"

read -r -a SIZES <<<"${BENCH_SIZES:-10000 1000000}"   # small first, large last: the ratio is last ÷ first
SEED=${BENCH_SEED:-1}
SAMPLE=${BENCH_SAMPLE:-10000}
PER_DAY=${BENCH_PER_DAY:-50}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
CONNS=${BENCH_CONNECTIONS:-16}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-3}
SERVER_THREADS=${BENCH_SERVER_THREADS:-2}
CG_REQUESTS=${BENCH_CALLGRIND_REQUESTS:-20}   # per target and size; 0: no callgrind
RESULTS=${BENCH_RESULTS:-$BENCH_DIR/RESULTS.md}
RECORD=${BENCH_RECORD:-1}
REGEN=${BENCH_REGEN:-0}
CACHE=${BENCH_CACHE_SCALE:-$BENCH_DIR/out/scale}
GENERATE_ONLY=${BENCH_GENERATE_ONLY:-0}
TARGET_RATIO=1.2
PASSWORD=minhbach-demo
AE="gzip, deflate, br"


[ "${#SIZES[@]}" -ge 2 ] || die "BENCH_SIZES needs two sizes (small first)"
for t in wrk curl awk timeout sha256sum; do command -v "$t" >/dev/null || die "$t not found (scripts/deps.sh --test)"; done
if [ "$CG_REQUESTS" -gt 0 ]; then
	for t in valgrind callgrind_annotate; do
		command -v "$t" >/dev/null || die "$t not found (apt-get install -y valgrind), or set BENCH_CALLGRIND_REQUESTS=0"
	done
fi
label() { awk -v n="$1" 'BEGIN { if (n >= 1000000 && n % 1000000 == 0) printf "%dM", n / 1000000; else if (n >= 1000 && n % 1000 == 0) printf "%dk", n / 1000; else printf "%d", n }'; }

build_minhbach
GEN_BIN=$ROOT/build/gen_dossiers
[ -x "$GEN_BIN" ] || die "no generator at $GEN_BIN (configure with -DMB_BENCH=ON, the default)"

make_dirs scale- mb-scale
mkdir -p "$CACHE"

declare -A SERVER_PID=() MB=()
CG_PID=""
stop_at_exit SERVER_PID
stop_at_exit CG_PID
cleanup_at_exit
CLK_TCK=$(getconf CLK_TCK)

# --- 1. the databases, generated once per (size, seed, generator) ----------------------------------
# The key covers what decides their content: the generator, the report-life player and the
# generator of people and texts it shares with the demo (src/demo/), and the reference data the
# generated lives are drawn from (units, procedures, holidays, the rating criteria and rules: not every
# file of data/, so that a new feature's data does not throw away an hour of generation). The schema is
# not in it: a cached database made before a new migration is migrated when it is first served (an
# index added by a migration is then built once); BENCH_REGEN=1 generates them again.
GEN_KEY=$(cat "$BENCH_DIR/gen_dossiers.c" "$ROOT"/src/demo/reports.[ch] "$ROOT"/src/demo/gen.[ch] \
	"$ROOT"/data/units.csv "$ROOT"/data/procedures.csv "$ROOT"/data/holidays_vn.csv "$ROOT"/data/rating_*.csv |
	sha256sum | cut -c1-16)
declare -A DIR GEN_SECS GEN_WHEN VERIFY_LINE DB_BYTES CASES_LINE
for n in "${SIZES[@]}"; do
	d=$CACHE/n$n-s$SEED
	DIR[$n]=$d
	want="dossiers=$n cases=$n ratings=$((n / 5)) per_day=$PER_DAY seed=$SEED sample=$SAMPLE key=$GEN_KEY"
	if [ "$REGEN" != 1 ] && [ -f "$d/stamp" ] && [ "$(head -n1 "$d/stamp")" = "$want" ] && [ -f "$d/mb.db" ]; then
		say "database of $n dossiers and $n reports: cached in ${d#"$ROOT"/}"
	else
		say "database of $n dossiers and $n reports: generating into ${d#"$ROOT"/}"
		rm -rf "$d"
		mkdir -p "$d"
		"$MB_BIN" demo --db "$d/mb.db" --months 0 >"$d/demo.txt" 2>&1 || die "minhbach demo failed (see $d/demo.txt)"
		t0=$(date +%s.%N)
		"$GEN_BIN" --db "$d/mb.db" --count "$n" --cases "$n" --ratings "$((n / 5))" --per-day "$PER_DAY" --seed "$SEED" --sample "$SAMPLE" --sample-out "$d/sample.tsv" \
			--cases-sample-out "$d/cases-sample.tsv" --check >"$d/gen.txt" 2>&1 ||
			{ tail -n 20 "$d/gen.txt" >&2; die "gen_dossiers failed (see $d/gen.txt)"; }
		t1=$(date +%s.%N)
		"$MB_BIN" verify --db "$d/mb.db" >"$d/verify.txt" 2>&1 || die "minhbach verify failed on $n: $(cat "$d/verify.txt")"
		t2=$(date +%s.%N)
		{
			echo "$want"
			echo "generated_at=$(date -u '+%Y-%m-%d %H:%M UTC')"
			awk -v a="$t0" -v b="$t1" 'BEGIN { printf "gen_seconds=%.1f\n", b - a }'
			awk -v a="$t1" -v b="$t2" 'BEGIN { printf "verify_seconds=%.1f\n", b - a }'
		} >"$d/stamp.tmp"
		mv "$d/stamp.tmp" "$d/stamp"
	fi
	GEN_WHEN[$n]=$(sed -n 's/^generated_at=//p' "$d/stamp")
	GEN_SECS[$n]=$(sed -n 's/^gen_seconds=//p' "$d/stamp")
	VERIFY_LINE[$n]=$(cat "$d/verify.txt")
	CASES_LINE[$n]=$(grep '^gen: reports:' "$d/gen.txt" | sed 's/^gen: reports: //')
	DB_BYTES[$n]=$(stat -c %s "$d/mb.db")
	cp "$d/gen.txt" "$LOG/gen-$n.txt"
done
[ "$GENERATE_ONLY" = 1 ] && { say "databases ready (BENCH_GENERATE_ONLY=1)"; exit 0; }

wait_quiet

server_alive() { check_server "${SERVER_PID[$1]}" "$2 ($1)" "$LOG/server-$1.err"; }   # size what

start_server() { # size tag threads [valgrind args...] -> sets PORT, returns the pid in SPID
	local n=$1 tag=$2 threads=$3
	shift 3
	# Without the page cache: what is measured is the cost of rendering each page
	# (a cached page costs the same at any size; a miss must too).
	start_minhbach "$LOG/$tag.out" "$LOG/$tag.err" 240 env MINHBACH_PAGE_CACHE=off "$@" \
		"$MB_BIN" serve --db "${DIR[$n]}/mb.db" --port 0 --listen 127.0.0.1 --threads "$threads" --log-level warn
	SPID=$MB_STARTED_PID
	PORT=$MB_STARTED_PORT
	MB_STARTED_PID=""
}

# The night's upkeep, as a server that has run one night has done it: the search index's segments
# merged into one (`minhbach search-upkeep`; nothing of record changes). A database that has
# been through it once has only its new segments to merge.
declare -A UPKEEP
for n in "${SIZES[@]}"; do
	UPKEEP[$n]=$("$MB_BIN" search-upkeep --db "${DIR[$n]}/mb.db" 2>"$LOG/upkeep-$n.err") ||
		die "search-upkeep failed on $n: $(cat "$LOG/upkeep-$n.err")"
	say "$n: ${UPKEEP[$n]}"
done

# --- 2. one server per database, both up for the whole run; the staff signed in -------------------
# Queues: the one-stop counter's (motcua: the unit's open dossiers), the processing official's
# (xuly: the dossiers they hold), the head's overdue list (truongphuong), the Inspectorate's
# case queue (thanhtra). A word of the reports' titles for the search.
STAFF=(motcua xuly truongphuong thanhtra)
declare -A COOKIE CSRF
for n in "${SIZES[@]}"; do
	start_server "$n" "server-$n" "$SERVER_THREADS"
	SERVER_PID[$n]=$SPID
	MB[$n]=http://127.0.0.1:$PORT
	say "minhbach on ${MB[$n]}: $n dossiers + $n reports (pid $SPID)"
	for who in "${STAFF[@]}"; do
		hdr=$WORK/login-$n-$who.h
		body=$(curl -sS --fail --max-time 30 -D "$hdr" -H 'Content-Type: application/json' \
			--data "{\"login\":\"$who\",\"password\":\"$PASSWORD\"}" "${MB[$n]}/api/v1/session") ||
			die "sign-in of $who on $n failed"
		COOKIE[$n.$who]=$(sed -n 's/^[Ss]et-[Cc]ookie: *\(mb_session=[^;]*\).*/\1/p' "$hdr" | head -n1 | tr -d '\r')
		CSRF[$n.$who]=$(sed -n 's/.*"csrf_token": *"\([^"]*\)".*/\1/p' <<<"$body")
		[ -n "${COOKIE[$n.$who]}" ] && [ -n "${CSRF[$n.$who]}" ] || die "sign-in of $who on $n: no cookie or CSRF token"
	done
done
sleep 2   # the background jobs' first pass

Q_WORD=${BENCH_QUERY:-phi%E1%BB%81n}   # "phiền" (harassment), in the titles of many reports
TARGETS=(results results_q stats apologies unit scores scores_unit track q_counter q_officer q_overdue q_inspect)
declare -A NAME PATHOF WHO ROWS
NAME[results]="/results"; PATHOF[results]=/results
NAME[results_q]="/results?q=phiền"; PATHOF[results_q]="/results?q=$Q_WORD"
NAME[stats]="/results/stats"; PATHOF[stats]=/results/stats
NAME[apologies]="/results/apologies"; PATHOF[apologies]=/results/apologies
NAME[unit]="a unit's page (/units/phuong-chieng-coi)"; PATHOF[unit]=/units/phuong-chieng-coi
NAME[scores]="/scores (the Decision 766 board, this month)"; PATHOF[scores]=/scores
NAME[scores_unit]="a unit's scores (/scores/units/phuong-chieng-coi)"; PATHOF[scores_unit]=/scores/units/phuong-chieng-coi
NAME[track]="/track (a sampled dossier's code and secret)"; PATHOF[track]=/track
NAME[q_counter]="one-stop counter's queue (motcua: /dossiers?view=unit)"; PATHOF[q_counter]="/dossiers?view=unit"; WHO[q_counter]=motcua
NAME[q_officer]="processing official's queue (xuly: /dossiers?view=mine)"; PATHOF[q_officer]="/dossiers?view=mine"; WHO[q_officer]=xuly
NAME[q_overdue]="head's overdue list (truongphuong: /dossiers?view=overdue)"; PATHOF[q_overdue]="/dossiers?view=overdue"; WHO[q_overdue]=truongphuong
NAME[q_inspect]="Inspectorate's case queue (thanhtra: /cases)"; PATHOF[q_inspect]=/cases; WHO[q_inspect]=thanhtra
[ -n "${BENCH_TARGETS:-}" ] && read -r -a TARGETS <<<"$BENCH_TARGETS"

# The staff queues list the dossiers open now, which depends on where the
# generator stopped, not on the history: the same page at both sizes must show
# the same number of rows, so a queue's page size is set to the smallest open
# count among the sizes (what its JSON twin lists; BENCH_QUEUE_EQUAL=0: as is).
if [ "${BENCH_QUEUE_EQUAL:-1}" = 1 ]; then
	for t in "${TARGETS[@]}"; do
		case "${PATHOF[$t]}" in /dossiers\?view=*) ;; *) continue ;; esac
		view=${PATHOF[$t]#/dossiers?view=}
		rows=
		for n in "${SIZES[@]}"; do
			k=$(curl -sS --max-time 120 -H "Cookie: ${COOKIE[$n.${WHO[$t]}]}" "${MB[$n]}/api/v1/dossiers?view=$view&limit=50" |
				python3 -c 'import json, sys; print(len(json.load(sys.stdin)["dossiers"]))') || die "cannot count $t at $n"
			ROWS[$t.$n]=$k
			{ [ -z "$rows" ] || [ "$k" -lt "$rows" ]; } && rows=$k
		done
		[ "$rows" -gt 0 ] || die "$t lists no dossier at some size"
		PATHOF[$t]="${PATHOF[$t]}&limit=$rows"
		NAME[$t]="${NAME[$t]%)}&limit=$rows)"
	done
fi

# Every target answers 200 on both servers before anything is measured.
for n in "${SIZES[@]}"; do
	for t in "${TARGETS[@]}"; do
		[ "$t" = track ] && continue
		args=(-sS -o /dev/null -w '%{http_code}' --max-time 120 -H "Accept-Encoding: $AE")
		[ -n "${WHO[$t]:-}" ] && args+=(-H "Cookie: ${COOKIE[$n.${WHO[$t]}]}" -H "X-CSRF-Token: ${CSRF[$n.${WHO[$t]}]}")
		code=$(curl "${args[@]}" "${MB[$n]}${PATHOF[$t]}")
		[ "$code" = 200 ] || die "$t on $n answered $code"
	done
	c=$(head -n1 "${DIR[$n]}/sample.tsv" | cut -f1); s=$(head -n1 "${DIR[$n]}/sample.tsv" | cut -f2)
	code=$(curl -sS -o /dev/null -w '%{http_code}' "${MB[$n]}/track?code=$c&secret=$s")
	[ "$code" = 200 ] || die "/track on $n answered $code for the first sampled pair"
done

# --- 3. wrk: CPU per request and median latency ------------------------------------------------------
WRK_TIMEOUT=$(( $(secs_of "$DURATION") + 60 ))
wrk_args() { # target size -> the script and its arguments
	local t=$1 n=$2
	if [ "$t" = track ]; then
		echo "$BENCH_DIR/track.lua|${DIR[$n]}/sample.tsv|/track"
	elif [ -n "${WHO[$t]:-}" ]; then
		echo "$BENCH_DIR/scale.lua|${PATHOF[$t]}|${COOKIE[$n.${WHO[$t]}]}|${CSRF[$n.${WHO[$t]}]}"
	else
		echo "$BENCH_DIR/scale.lua|${PATHOF[$t]}"
	fi
}
run_wrk() { # target size duration out
	local t=$1 n=$2 dur=$3 out=$4 a
	IFS='|' read -r -a a <<<"$(wrk_args "$t" "$n")"
	timeout "$WRK_TIMEOUT" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$dur" --timeout 60s --latency -s "${a[0]}" "${MB[$n]}" -- \
		"${a[@]:1}" >"$out" 2>&1 || die "wrk failed on $t at $n (see $out)"
}
run_read() { # target size round
	local t=$1 n=$2 r=$3 out pid before after line req err cpu
	out=$LOG/wrk-$t-$n-$r.txt
	pid=${SERVER_PID[$n]}
	before=$(ticks_of "$pid")
	run_wrk "$t" "$n" "$DURATION" "$out"
	after=$(ticks_of "$pid")
	server_alive "$n" "$t round $r"
	line=$(grep '^BENCH ' "$out") || die "no BENCH line in $out"
	req=$(field requests "$line")
	err=$(( $(field errors_connect "$line") + $(field errors_read "$line") + $(field errors_write "$line") +
	        $(field errors_timeout "$line") + $(field not200 "$line") ))
	cpu=$(awk -v d=$((after - before)) -v hz="$CLK_TCK" -v n="$req" 'BEGIN { printf "%.1f", n ? d * 1e6 / hz / n : 0 }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$(field rps "$line")" "$(field p50_us "$line")" "$(field p99_us "$line")" \
		"$cpu" "$err" "$req" >>"$LOG/res-$t-$n.tsv"
	say "  round $r $t @ $(label "$n"): $(field rps "$line") req/s, p50 $(field p50_us "$line") µs, $cpu µs CPU/req, errors $err"
}
say "warm-up: $WARMUP per target and size"
for t in "${TARGETS[@]}"; do for n in "${SIZES[@]}"; do run_wrk "$t" "$n" "$WARMUP" "$LOG/warmup-$t-$n.txt"; done; done
for r in $(seq 1 "$ROUNDS"); do
	say "round $r of $ROUNDS ($DURATION per target and size)"
	for t in "${TARGETS[@]}"; do
		if [ $((r % 2)) = 1 ]; then for n in "${SIZES[@]}"; do run_read "$t" "$n" "$r"; done
		else for ((i = ${#SIZES[@]} - 1; i >= 0; i--)); do run_read "$t" "${SIZES[$i]}" "$r"; done; fi
	done
done
declare -A RPS P50 CPU ERR
for t in "${TARGETS[@]}"; do
	for n in "${SIZES[@]}"; do
		f=$LOG/res-$t-$n.tsv
		RPS[$t.$n]=$(median_col "$f" 2); P50[$t.$n]=$(median_col "$f" 3); CPU[$t.$n]=$(median_col "$f" 5); ERR[$t.$n]=$(sum_col "$f" 6)
	done
done
for n in "${SIZES[@]}"; do
	kill -TERM "${SERVER_PID[$n]}"
	st=0; wait "${SERVER_PID[$n]}" || st=$?
	SERVER_PID[$n]=""
	[ "$st" = 0 ] || say "warning: the server ($n) exited with status $st"
done

# --- 4. instructions per request (callgrind, one thread, only inside on_request and run_job) --------------------
declare -A IR
cg_func() { # file function -> inclusive Ir (0 when absent)
	callgrind_annotate --inclusive=yes "$1" 2>/dev/null |
		awk -v f=":$2 [" '!found && index($0, f) && $1 ~ /^[0-9,]+$/ { gsub(",", "", $1); v = $1; found = 1 } END { print found ? v : 0 }'
}
if [ "$CG_REQUESTS" -gt 0 ]; then
	for n in "${SIZES[@]}"; do
		for t in "${TARGETS[@]}"; do
			tag=cg-$t-$n
			say "callgrind: $CG_REQUESTS requests of $t on $n"
			# One I/O thread and one worker, so that the warm-up below opens the only
			# connection to the database and prepares its statements.
			start_server "$n" "$tag.server" 1 MINHBACH_WORKERS=1 valgrind --tool=callgrind --callgrind-out-file="$LOG/$tag.out" --toggle-collect=on_request --toggle-collect=run_job
			CG_PID=$SPID
			sleep 3
			ck=""
			if [ -n "${WHO[$t]:-}" ]; then
				body=$(curl -sS --fail --max-time 120 -D "$WORK/cg.h" -H 'Content-Type: application/json' \
					--data "{\"login\":\"${WHO[$t]}\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$PORT/api/v1/session")
				ck=$(sed -n 's/^[Ss]et-[Cc]ookie: *\(mb_session=[^;]*\).*/\1/p' "$WORK/cg.h" | head -n1 | tr -d '\r')
				cs=$(sed -n 's/.*"csrf_token": *"\([^"]*\)".*/\1/p' <<<"$body")
			fi
			{
				for i in $(seq 1 "$CG_REQUESTS"); do
					if [ "$t" = track ]; then
						line=$(sed -n "$(( (i * 7919) % $(wc -l <"${DIR[$n]}/sample.tsv") + 1 ))p" "${DIR[$n]}/sample.tsv")
						p="/track?code=${line%%$'\t'*}&secret=${line##*$'\t'}"
					else p=${PATHOF[$t]}; fi
					printf 'url = "http://127.0.0.1:%s%s"\noutput = "/dev/null"\nheader = "Accept-Encoding: %s"\n' "$PORT" "$p" "$AE"
					[ -n "$ck" ] && printf 'header = "Cookie: %s"\nheader = "X-CSRF-Token: %s"\n' "$ck" "$cs"
					printf 'write-out = "%%{http_code}\\n"\n'
					[ "$i" -lt "$CG_REQUESTS" ] && echo next
				done
			} >"$WORK/$tag.curl"
			# The same requests once first, uncounted: the sign-in, the worker's first
			# connection to the database (schema read, statements prepared) and the
			# first reads of each page are one-off costs, not a request's.
			curl -sS --max-time 1800 -K "$WORK/$tag.curl" >"$LOG/$tag.warm.codes"
			callgrind_control -z "$CG_PID" >/dev/null 2>&1 || die "callgrind_control -z failed on $tag"
			curl -sS --max-time 1800 -K "$WORK/$tag.curl" >"$LOG/$tag.codes"
			kill -TERM "$CG_PID"; wait "$CG_PID" || true; CG_PID=""
			ok=$(grep -c '^200$' "$LOG/$tag.codes" || true)
			[ "$ok" -eq "$CG_REQUESTS" ] || die "callgrind run $tag: $ok of $CG_REQUESTS answered 200"
			# The I/O thread's part (on_request) and the worker's (run_job: the handler).
			IR[$t.$n]=$(awk -v a="$(cg_func "$LOG/$tag.out" on_request)" -v b="$(cg_func "$LOG/$tag.out" run_job)" -v k="$CG_REQUESTS" 'BEGIN { printf "%.0f", (a + b) / k }')
		done
	done
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
BUSY_AFTER=$(busy_pct)

# --- 5. report ----------------------------------------------------------------------------------------
NS=${SIZES[0]}; NB=${SIZES[${#SIZES[@]} - 1]}
LS=$(label "$NS"); LB=$(label "$NB")
met() { awk -v r="$1" -v t="$TARGET_RATIO" 'BEGIN { print (r != "n/a" && r + 0 <= t) ? "met" : "**not met**" }'; }
gb() { awk -v b="$1" 'BEGIN { if (b >= 1e9) printf "%.2f GB", b / 1e9; else printf "%.0f MB", b / 1e6 }'; }
thousands() { awk -v a="$1" 'BEGIN { s = sprintf("%.0f", a); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o }'; }
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "no commit yet")
if [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -v '^?? bench/' || true)" ]; then COMMIT="$COMMIT (work tree has uncommitted changes)"; fi
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
REPORT=$LOG/report.md
{
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — cost against history (bench/scale.sh) — commit $COMMIT"
	echo
	echo "Machine: $(nproc) cores, $CPU_MODEL, kernel $(uname -r). Other work: ${BUSY_BEFORE}% of the cores busy before the start, ${BUSY_AFTER}% after the end; load average before $LOAD_BEFORE, after $LOAD_AFTER."
	echo "Server: build/minhbach serve --threads $SERVER_THREADS, one process per database, both up for the whole run. wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency, $ROUNDS rounds (medians), the sizes' order reversed on even rounds; CPU per request = server user+system time from /proc ÷ requests."
	echo
	echo "| Database | Generated | Size | Reports | verify |"
	echo "|---|---|---|---|---|"
	for n in "${SIZES[@]}"; do
		echo "| $(label "$n") dossiers + $(label "$n") reports | ${GEN_WHEN[$n]} in ${GEN_SECS[$n]} s | $(gb "${DB_BYTES[$n]}") | ${CASES_LINE[$n]} | ${VERIFY_LINE[$n]} |"
	done
	echo
	printf 'The night'"'"'s upkeep before the run (`minhbach search-upkeep`):'
	for n in "${SIZES[@]}"; do printf ' %s: %s;' "$(label "$n")" "${UPKEEP[$n]}"; done
	echo
	echo
	echo "Target: each costs ≤ ${TARGET_RATIO}× at $LB than at $LS (CPU per request and median latency)."
	echo
	hdr="| Target | CPU/req $LS | CPU/req $LB | ratio | p50 $LS | p50 $LB | ratio |"
	sep="|---|---:|---:|---:|---:|---:|---:|"
	if [ "$CG_REQUESTS" -gt 0 ]; then hdr="$hdr instr./req $LS | instr./req $LB | ratio |"; sep="$sep---:|---:|---:|"; fi
	echo "$hdr target |"; echo "$sep---|"
	for t in "${TARGETS[@]}"; do
		rc=$(ratio "${CPU[$t.$NB]}" "${CPU[$t.$NS]}"); rl=$(ratio "${P50[$t.$NB]}" "${P50[$t.$NS]}")
		line="| ${NAME[$t]} | ${CPU[$t.$NS]} µs | ${CPU[$t.$NB]} µs | ${rc}× | $(fmt_us "${P50[$t.$NS]}") | $(fmt_us "${P50[$t.$NB]}") | ${rl}× |"
		verdict=$( [ "$(met "$rc")" = met ] && [ "$(met "$rl")" = met ] && echo met || echo "**not met**")
		if [ "$CG_REQUESTS" -gt 0 ]; then
			ri=$(ratio "${IR[$t.$NB]}" "${IR[$t.$NS]}")
			line="$line $(thousands "${IR[$t.$NS]}") | $(thousands "${IR[$t.$NB]}") | ${ri}× |"
		fi
		errs=$(( ${ERR[$t.$NS]} + ${ERR[$t.$NB]} ))
		[ "$errs" -gt 0 ] && verdict="$verdict ($errs errors)"
		echo "$line $verdict |"
	done
	q=
	for t in "${TARGETS[@]}"; do
		[ -n "${ROWS[$t.$NS]:-}" ] && q="$q ${WHO[$t]} ${ROWS[$t.$NS]} at $LS, ${ROWS[$t.$NB]} at $LB;"
	done
	if [ -n "$q" ]; then
		echo
		echo "The staff queues list the dossiers open now (where the generator stopped, not the history):$q each queue's page size set to the smaller count, so that both sizes show the same rows (BENCH_QUEUE_EQUAL=0: as is)."
	fi
	echo
	echo "Commands: \`make bench-scale\` (or \`BENCH_SIZES=\"$NS $NB\" bench/scale.sh\`); the databases: \`build/minhbach demo --db DB --months 0 && build/gen_dossiers --db DB --count N --cases N --ratings N/5 --per-day $PER_DAY --seed $SEED --sample $SAMPLE --check && build/minhbach verify --db DB\`. Raw outputs: bench/out/scale-$STAMP/."
	echo
} >"$REPORT"
cat "$REPORT"
if [ "$RECORD" = 1 ]; then
	{ echo; cat "$REPORT"; } >>"$RESULTS"
	say "appended to ${RESULTS#"$ROOT"/}"
fi
