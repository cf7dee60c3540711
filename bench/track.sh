#!/usr/bin/env bash
# bench/track.sh — public dossier tracking at scale: the tracking page
# (GET /track?code=&secret=) and its JSON (GET /api/v1/track?code=&secret=)
# served by Minh Bạch from databases of 10,000 and 1,000,000 generated dossiers,
# against nginx serving the bytes of one tracking answer as static files in the
# same run; and the cost of one lookup at 10,000 vs 1,000,000 dossiers (server
# CPU per request, and callgrind instruction counts for a fixed set of lookups).
# Prints a markdown report and appends it, dated, to bench/RESULTS.md.
# Usage: `make bench-track` or bench/track.sh. Knobs (environment): see bench/README.md.
# The databases are generated once (about 3 minutes for 1,000,000) and cached
# under bench/out/dossiers/; afterwards a run takes about 7 minutes.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_TAG=track
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
cleanup_at_exit

read -r -a COUNTS <<<"${BENCH_COUNTS:-10000 1000000}"   # small first, large last: the ratio is last ÷ first
SEED=${BENCH_SEED:-1}
SAMPLE=${BENCH_SAMPLE:-10000}            # (code, secret) pairs per database that wrk draws from
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
CONNS=${BENCH_CONNECTIONS:-32}
WRK_THREADS=${BENCH_WRK_THREADS:-2}
ROUNDS=${BENCH_ROUNDS:-3}
SERVER_THREADS=${BENCH_SERVER_THREADS:-2}
NGINX_WORKERS=${BENCH_NGINX_WORKERS:-2}
CG_REQUESTS=${BENCH_CALLGRIND_REQUESTS:-2000}   # 0: no callgrind
RESULTS=${BENCH_RESULTS:-$BENCH_DIR/RESULTS.md}
RECORD=${BENCH_RECORD:-1}
REGEN=${BENCH_REGEN:-0}                  # 1: generate the databases again even when cached
CACHE=${BENCH_CACHE:-$BENCH_DIR/out/dossiers}
AE="gzip, deflate, br"

[ "${#COUNTS[@]}" -ge 2 ] || die "BENCH_COUNTS needs at least two sizes (small first)"

# --- tools ------------------------------------------------------------------------------
find_nginx
need_tools wrk curl sqlite3 gzip awk timeout sha256sum
if [ "$CG_REQUESTS" -gt 0 ]; then
	for t in valgrind callgrind_annotate; do
		command -v "$t" >/dev/null || die "$t not found (apt-get install -y valgrind), or set BENCH_CALLGRIND_REQUESTS=0"
	done
fi

# --- build ------------------------------------------------------------------------------
MB_BIN=""   # always this tree's build: the generator comes with it
build_minhbach
GEN_BIN=$ROOT/build/gen_dossiers
[ -x "$GEN_BIN" ] || die "no generator at $GEN_BIN (configure with -DMB_BENCH=ON, the default)"

make_dirs track- mb-track
mkdir -p "$CACHE"

declare -A SERVER_PID=() MB=()
NGINX_PID=""
CG_PID=""
stop_at_exit SERVER_PID
stop_at_exit CG_PID
stop_at_exit NGINX_PID QUIT

CLK_TCK=$(getconf CLK_TCK)

# --- 1. the databases, generated once per (count, seed, generator, schema) --------------------
# The key covers what decides their content: the generator, the schema, the reference data.
GEN_KEY=$(cat "$BENCH_DIR/gen_dossiers.c" "$ROOT"/sql/*.sql "$ROOT"/data/*.csv | sha256sum | cut -c1-16)
declare -A DIR GEN_LINE GEN_SECS GEN_WHEN VERIFY_LINE VERIFY_SECS DB_BYTES
for n in "${COUNTS[@]}"; do
	d=$CACHE/n$n-s$SEED
	DIR[$n]=$d
	want="count=$n seed=$SEED sample=$SAMPLE key=$GEN_KEY"
	if [ "$REGEN" != 1 ] && [ -f "$d/stamp" ] && [ "$(head -n1 "$d/stamp")" = "$want" ] && [ -f "$d/mb.db" ]; then
		say "database of $n dossiers: cached in ${d#"$ROOT"/}"
	else
		say "database of $n dossiers: generating into ${d#"$ROOT"/} (1,000,000 take about 3 minutes)"
		rm -rf "$d"
		mkdir -p "$d"
		"$MB_BIN" demo --db "$d/mb.db" --months 0 >"$d/demo.txt" 2>&1 || die "minhbach demo failed (see $d/demo.txt)"
		t0=$(date +%s.%N)
		"$GEN_BIN" --db "$d/mb.db" --count "$n" --seed "$SEED" --sample "$SAMPLE" --sample-out "$d/sample.tsv" \
			>"$d/gen.txt" 2>&1 || { tail -n 20 "$d/gen.txt" >&2; die "gen_dossiers failed (see $d/gen.txt)"; }
		t1=$(date +%s.%N)
		"$MB_BIN" verify --db "$d/mb.db" >"$d/verify.txt" 2>&1 || die "minhbach verify failed on $n dossiers: $(cat "$d/verify.txt")"
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
	VERIFY_SECS[$n]=$(sed -n 's/^verify_seconds=//p' "$d/stamp")
	GEN_LINE[$n]=$(grep '^gen: per dossier' "$d/gen.txt" | sed 's/^gen: per dossier: //')
	VERIFY_LINE[$n]=$(cat "$d/verify.txt")
	DB_BYTES[$n]=$(stat -c %s "$d/mb.db")
	cp "$d/gen.txt" "$LOG/gen-$n.txt"
done

# --- the machine --------------------------------------------------------------------------
wait_quiet

# Read syscalls of a process so far (read, pread: SQLite reading pages it does not hold in its own cache).
syscr_of() { awk '/^syscr:/ {print $2}' "/proc/$1/io" 2>/dev/null || echo 0; }
server_alive() { check_server "${SERVER_PID[$1]}" "$2 ($1 dossiers)" "$LOG/server-$1.err"; } # count what

# --- 2. one server per database, both up for the whole run --------------------------------------
declare -A RSS_START RSS_END SERVER_EXIT
for n in "${COUNTS[@]}"; do
	start_minhbach "$LOG/server-$n.out" "$LOG/server-$n.err" 30 \
		"$MB_BIN" serve --db "${DIR[$n]}/mb.db" --port 0 --listen 127.0.0.1 --threads "$SERVER_THREADS" --log-level warn
	SERVER_PID[$n]=$MB_STARTED_PID
	MB[$n]=http://127.0.0.1:$MB_STARTED_PORT
	say "minhbach on ${MB[$n]} serving $n dossiers (pid ${SERVER_PID[$n]}, --threads $SERVER_THREADS)"
done
sleep 2   # let the risk job's first pass (at startup) finish before anything is measured
for n in "${COUNTS[@]}"; do RSS_START[$n]=$(rss_kb "${SERVER_PID[$n]}"); done

# Every sampled pair must answer 200 (a wrong one would count against the throttle: 20 → 429).
for n in "${COUNTS[@]}"; do
	head -n 200 "${DIR[$n]}/sample.tsv" | awk -F'\t' -v b="${MB[$n]}" '{
		printf "url = \"%s/track?code=%s&secret=%s\"\noutput = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\n", b, $1, $2
		printf "next\nurl = \"%s/api/v1/track?code=%s&secret=%s\"\noutput = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\n", b, $1, $2
		if (NR < 200) print "next" }' >"$WORK/check-$n.curl"
	codes=$(curl -sS --max-time 120 -K "$WORK/check-$n.curl" | sort | uniq -c | tr -s ' \n' ' ')
	[ "$codes" = " 400 200 " ] || die "$n dossiers: the first 200 sampled pairs did not all answer 200 on both paths: $codes"
done

# --- 3. the exact bytes of one tracking answer, as files for nginx -------------------------------
# The pair of the large database whose gzip page is the median size among the first 101 sampled.
NBIG=${COUNTS[${#COUNTS[@]} - 1]}
BASE=${MB[$NBIG]}
head -n 101 "${DIR[$NBIG]}/sample.tsv" | while IFS=$'\t' read -r c s; do
	printf '%s\t%s\t%s\n' "$(curl -sS -o /dev/null -H "Accept-Encoding: $AE" -w '%{size_download}' \
		"$BASE/track?code=$c&secret=$s")" "$c" "$s"
done | sort -n >"$WORK/sizes.tsv"
read -r _ PICK_CODE PICK_SECRET < <(sed -n 51p "$WORK/sizes.tsv")
Q="?code=$PICK_CODE&secret=$PICK_SECRET"
WWW=$WORK/www
mkdir -p "$WWW/api/v1"
fetch() { # path
	local path=$1 name
	name=$(echo "$path" | tr '/' '_')
	curl -sS --fail --max-time 10 -o "$WWW$path" -D "$LOG/mb$name.plain.headers" "$BASE$path$Q"
	curl -sS --fail --max-time 10 -H "Accept-Encoding: $AE" -o "$WWW$path.gz" -D "$LOG/mb$name.gzip.headers" "$BASE$path$Q"
	grep -qi '^content-encoding: *gzip' "$LOG/mb$name.gzip.headers" || die "$path: no gzip response from minhbach"
	gzip -dc "$WWW$path.gz" | cmp -s - "$WWW$path" || die "$path: gzip body does not inflate to the plain body"
}
fetch /track
fetch /api/v1/track
chmod -R a+rX "$WWW"
PICK_STEPS=$(grep -o '"kind"' "$WWW/api/v1/track" | wc -l)

start_nginx "$BENCH_DIR/nginx-track.conf.in" "/track"
say "nginx on $NG (pid $NGINX_PID, $NGINX_WORKERS workers), serving the answer for $PICK_CODE ($PICK_STEPS steps)"

same_bytes() { same_body "$1" "$BASE$1$Q" "$NG$1$Q"; } # path: nginx sends the bytes minhbach sends for the picked pair
same_bytes /track
same_bytes /api/v1/track
curl -sS -o /dev/null -H "Accept-Encoding: $AE" -D "$LOG/nginx_track.gzip.headers" "$NG/track$Q"
curl -sS -o /dev/null -H "Accept-Encoding: $AE" -D "$LOG/nginx_api.gzip.headers" "$NG/api/v1/track$Q"

# --- 4. reads with wrk ------------------------------------------------------------------------------
TARGETS=(ng_html ng_json)
declare -A NAME URL SAMPLEF PATHOF SRV
NAME[ng_html]="nginx static · one tracking page"; URL[ng_html]=$NG; PATHOF[ng_html]=/track
NAME[ng_json]="nginx static · one tracking JSON"; URL[ng_json]=$NG; PATHOF[ng_json]=/api/v1/track
SAMPLEF[ng_html]=${DIR[$NBIG]}/sample.tsv; SAMPLEF[ng_json]=${DIR[$NBIG]}/sample.tsv
label() { awk -v n="$1" 'BEGIN { if (n >= 1000000 && n % 1000000 == 0) printf "%dM", n / 1000000; else if (n >= 1000 && n % 1000 == 0) printf "%dk", n / 1000; else printf "%d", n }'; }
for n in "${COUNTS[@]}"; do
	L=$(label "$n")
	for kind in html json; do
		t=mb${n}_$kind
		TARGETS+=("$t")
		SRV[$t]=$n; URL[$t]=${MB[$n]}; SAMPLEF[$t]=${DIR[$n]}/sample.tsv
		if [ $kind = html ]; then PATHOF[$t]=/track; NAME[$t]="minhbach · tracking page · $L dossiers"
		else PATHOF[$t]=/api/v1/track; NAME[$t]="minhbach · tracking JSON · $L dossiers"; fi
	done
done
WRK_TIMEOUT=$(( $(secs_of "$DURATION") + 30 ))
WRK_CMD_TEXT="wrk -t$WRK_THREADS -c$CONNS -d$DURATION --latency -s bench/track.lua URL -- SAMPLE PATH"

run_read() { # target round
	local t=$1 r=$2 out pids before after line req err cpu rd0=0 rd1=0 reads=-
	out=$LOG/wrk-$t-$r.txt
	if [ "${t%%_*}" = ng ]; then pids=$(nginx_pids); else pids=${SERVER_PID[${SRV[$t]}]}; rd0=$(syscr_of "$pids"); fi
	# shellcheck disable=SC2086
	before=$(ticks_of $pids)
	timeout "$WRK_TIMEOUT" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$BENCH_DIR/track.lua" \
		"${URL[$t]}" -- "${SAMPLEF[$t]}" "${PATHOF[$t]}" >"$out" 2>&1 || die "wrk failed on $t (see $out)"
	# shellcheck disable=SC2086
	after=$(ticks_of $pids)
	[ "${t%%_*}" = ng ] || { rd1=$(syscr_of "$pids"); server_alive "${SRV[$t]}" "the wrk run on $t, round $r"; }
	line=$(grep '^BENCH ' "$out") || die "no BENCH line in $out"
	req=$(field requests "$line")
	err=$(( $(field errors_connect "$line") + $(field errors_read "$line") + $(field errors_write "$line") +
	        $(field errors_timeout "$line") + $(field not200 "$line") ))
	cpu=$(awk -v d=$((after - before)) -v hz="$CLK_TCK" -v n="$req" 'BEGIN { printf "%.1f", n ? d * 1e6 / hz / n : 0 }')
	[ "${t%%_*}" = ng ] || reads=$(awk -v d=$((rd1 - rd0)) -v n="$req" 'BEGIN { printf "%.2f", n ? d / n : 0 }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$(field rps "$line")" "$(field p50_us "$line")" \
		"$(field p99_us "$line")" "$cpu" "$err" "$req" "$(field bytes_per_resp "$line")" "$reads" >>"$LOG/res-$t.tsv"
	say "  round $r ${NAME[$t]}: $(field rps "$line") req/s, p50 $(field p50_us "$line") µs, p99 $(field p99_us "$line") µs, $cpu µs CPU/req, errors $err"
}

say "warm-up: $WARMUP per target"
for t in "${TARGETS[@]}"; do
	timeout "$WRK_TIMEOUT" wrk -t"$WRK_THREADS" -c"$CONNS" -d"$WARMUP" -s "$BENCH_DIR/track.lua" \
		"${URL[$t]}" -- "${SAMPLEF[$t]}" "${PATHOF[$t]}" >"$LOG/warmup-$t.txt" 2>&1 || die "wrk warm-up failed on $t"
	[ "${t%%_*}" = ng ] || server_alive "${SRV[$t]}" "the warm-up on $t"
done
for r in $(seq 1 "$ROUNDS"); do
	say "round $r of $ROUNDS ($DURATION per target)"
	order=("${TARGETS[@]}")
	if [ $((r % 2)) = 0 ]; then
		order=()
		for ((i = ${#TARGETS[@]} - 1; i >= 0; i--)); do order+=("${TARGETS[$i]}"); done
	fi
	for t in "${order[@]}"; do run_read "$t" "$r"; done
done
same_bytes /track   # still the same bytes after the load
same_bytes /api/v1/track

declare -A RPS P50 P99 CPU ERR ALL BYTES READS
for t in "${TARGETS[@]}"; do
	f=$LOG/res-$t.tsv
	RPS[$t]=$(median_col "$f" 2); P50[$t]=$(median_col "$f" 3); P99[$t]=$(median_col "$f" 4)
	CPU[$t]=$(median_col "$f" 5); ERR[$t]=$(sum_col "$f" 6); BYTES[$t]=$(median_col "$f" 8)
	if [ "${t%%_*}" = ng ]; then READS[$t]="—"; else READS[$t]=$(median_col "$f" 9); fi
	ALL[$t]=$(cut -f2 "$f" | awk '{ printf "%s%.0f", (NR > 1 ? " / " : ""), $1 }')
done

# --- 5. stop the servers; each must exit cleanly ---------------------------------------------------
declare -A WARN_LINES ERR_LINES
for n in "${COUNTS[@]}"; do
	RSS_END[$n]=$(rss_kb "${SERVER_PID[$n]}")
	kill -TERM "${SERVER_PID[$n]}"
	st=0
	wait "${SERVER_PID[$n]}" || st=$?
	SERVER_EXIT[$n]=$st
	SERVER_PID[$n]=""
	ERR_LINES[$n]=$(grep -c . "$LOG/server-$n.err" || true)
	WARN_LINES[$n]=$(grep -cE 'level=(warn|error)' "$LOG/server-$n.err" || true)
done
kill -QUIT "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=""

# --- 6. instructions per lookup (callgrind): the same number of lookups on each database -------------
# The server runs under callgrind with one thread; only on_request (the whole handling of a
# request inside Minh Bạch: routing, lookup, page, gzip) is counted, not the background risk
# job, not libmicrohttpd's socket work. Lookups are sequential on one keep-alive connection.
declare -A IR
cg_func() { # file function -> inclusive Ir (0 when absent)
	callgrind_annotate --inclusive=yes "$1" 2>/dev/null |
		awk -v f=":$2 [" '!found && index($0, f) && $1 ~ /^[0-9,]+$/ { gsub(",", "", $1); v = $1; found = 1 }
			END { print found ? v : 0 }'   # reads to the end: no SIGPIPE for callgrind_annotate under pipefail
}
if [ "$CG_REQUESTS" -gt 0 ]; then
	for n in "${COUNTS[@]}"; do
		for kind in html json; do
			path=/track; fn=page_track
			[ $kind = json ] && { path=/api/v1/track; fn=api_track; }
			tag=cg-$n-$kind
			say "callgrind: $CG_REQUESTS lookups of $path on $n dossiers"
			valgrind --tool=callgrind --callgrind-out-file="$LOG/$tag.out" --toggle-collect=on_request --toggle-collect=run_job \
				"$MB_BIN" serve --db "${DIR[$n]}/mb.db" --port 0 --listen 127.0.0.1 --threads 1 --log-level warn \
				>"$LOG/$tag.server.out" 2>"$LOG/$tag.server.err" &
			CG_PID=$!
			port=""
			for _ in $(seq 1 600); do
				port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$LOG/$tag.server.out")
				[ -n "$port" ] && break
				kill -0 "$CG_PID" 2>/dev/null || die "the server under callgrind exited (see $LOG/$tag.server.err)"
				sleep 0.2
			done
			[ -n "$port" ] || die "the server under callgrind did not start within 120 s"
			sleep 3   # the risk job's first pass, outside on_request anyway
			# N pairs in a fixed pseudo-random order (a multiplicative hash of the line number), so
			# that neither database is looked up in file order (consecutive dossiers share pages).
			awk '{ print (NR * 2654435761) % 4294967296 "\t" $0 }' "${DIR[$n]}/sample.tsv" | sort -n | cut -f2- |
				awk -F'\t' -v b="http://127.0.0.1:$port" -v p="$path" -v ae="$AE" -v last="$CG_REQUESTS" 'NR <= last {
				printf "url = \"%s%s?code=%s&secret=%s\"\noutput = \"/dev/null\"\nheader = \"Accept-Encoding: %s\"\n", b, p, $1, $2, ae
				printf "write-out = \"%%{http_code} %%{size_download}\\n\"\n"
				if (NR < last) print "next" }' >"$WORK/$tag.curl"
			rd0=$(syscr_of "$CG_PID")
			curl -sS --max-time 900 -K "$WORK/$tag.curl" >"$LOG/$tag.codes"
			rd1=$(syscr_of "$CG_PID")
			IR[$tag.reads]=$(awk -v d=$((rd1 - rd0)) -v n="$CG_REQUESTS" 'BEGIN { printf "%.2f", d / n }')
			kill -TERM "$CG_PID"; wait "$CG_PID" || true; CG_PID=""
			ok=$(awk '$1 == 200' "$LOG/$tag.codes" | wc -l)
			[ "$ok" -eq "$CG_REQUESTS" ] || die "callgrind run $tag: $ok of $CG_REQUESTS lookups answered 200"
			for f in on_request "$fn" dossier_track dossier_repo_get web_gzip; do
				IR[$tag.$f]=$(cg_func "$LOG/$tag.out" "$f")
			done
			# The handler runs on a worker (run_job), the answer is made there too:
			# the I/O thread's on_request and the worker's run_job together are
			# the whole handling.
			IR[$tag.on_request]=$(( IR[$tag.on_request] + $(cg_func "$LOG/$tag.out" run_job) ))
			IR[$tag.bytes]=$(awk '{ s += $2 } END { printf "%.0f", s / NR }' "$LOG/$tag.codes")
		done
	done
fi
end_quiet

# --- 7. report ----------------------------------------------------------------------------------------
ratio3() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'; }
per_req() { awk -v a="$1" -v n="$CG_REQUESTS" 'BEGIN { printf "%.0f", a / n }'; }
thousands() { awk -v a="$1" 'BEGIN { s = sprintf("%.0f", a); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) } print s o }'; }
gb() { awk -v b="$1" 'BEGIN { if (b >= 1e9) printf "%.2f GB", b / 1e9; else printf "%.0f MB", b / 1e6 }'; }

NSMALL=${COUNTS[0]}
LS=$(label "$NSMALL"); LB=$(label "$NBIG")
versions
MEM_GB=$(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
VG_V=$(valgrind --version 2>/dev/null || echo "-")

row() { # target
	local t=$1
	printf '| %s | %.0f | %s | %s | %s | %s | %.0f | %s | %s |\n' "${NAME[$t]}" "${RPS[$t]}" "$(fmt_us "${P50[$t]}")" \
		"$(fmt_us "${P99[$t]}")" "${CPU[$t]}" "${READS[$t]}" "${BYTES[$t]}" "${ERR[$t]}" "${ALL[$t]}"
}

REPORT=$LOG/report.md
{
	echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — tracking at scale (bench/track.sh) — commit $COMMIT"
	echo
	machine_line "${MEM_GB} GB RAM"
	echo "Tools: nginx $NGINX_V ($NGINX_WORKERS workers), wrk $WRK_V, sqlite3 $SQLITE_V, libmicrohttpd $MHD_V, $VG_V."
	echo "Server: build/minhbach (CMake build type: ${BUILD_TYPE:-RelWithDebInfo, the CMakeLists.txt default}), --threads $SERVER_THREADS, one process per database, both up for the whole run."
	echo
	echo "### The databases (bench/gen_dossiers, seed $SEED)"
	echo
	echo "| dossiers | file | generated | generation time | \`minhbach verify\` | per dossier |"
	echo "| ---: | ---: | --- | ---: | --- | --- |"
	for n in "${COUNTS[@]}"; do
		echo "| $(thousands "$n") | $(gb "${DB_BYTES[$n]}") | ${GEN_WHEN[$n]} | ${GEN_SECS[$n]} s | ${VERIFY_LINE[$n]} (${VERIFY_SECS[$n]} s) | ${GEN_LINE[$n]} |"
	done
	echo
	echo "wrk draws a random (code, secret) pair per request from $SAMPLE pairs spread evenly over each database (all of them for $(thousands "$NSMALL")); every answer was checked to be 200. nginx serves the answer for $PICK_CODE (a $PICK_STEPS-step dossier of the $LB database whose gzip page is the median size of 101 sampled), the same bytes Minh Bạch sends for it (checked before and after the load)."
	echo
	echo "### Reads (median of $ROUNDS rounds; wrk -t$WRK_THREADS -c$CONNS -d$DURATION, Accept-Encoding: $AE)"
	echo
	echo "| target | req/s | p50 | p99 | server CPU µs/req | read syscalls/req | bytes/resp (headers+body, mean) | errors | req/s each round |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
	row ng_html
	for n in "${COUNTS[@]}"; do row "mb${n}_html"; done
	row ng_json
	for n in "${COUNTS[@]}"; do row "mb${n}_json"; done
	echo
	echo "| minhbach ÷ nginx (same run) | throughput | p99 latency | server CPU per request |"
	echo "| --- | ---: | ---: | ---: |"
	for kind in html json; do
		for n in "${COUNTS[@]}"; do
			t=mb${n}_$kind
			what="tracking page"; [ $kind = json ] && what="tracking JSON"
			echo "| $what, $(label "$n") dossiers | $(ratio "${RPS[$t]}" "${RPS[ng_$kind]}")× | $(ratio "${P99[$t]}" "${P99[ng_$kind]}")× | $(ratio "${CPU[$t]}" "${CPU[ng_$kind]}")× |"
		done
	done
	echo
	echo "### One lookup at $LS vs $LB dossiers"
	echo
	echo "| measure | $LS | $LB | $LB ÷ $LS |"
	echo "| --- | ---: | ---: | ---: |"
	for kind in html json; do
		what="page"; [ $kind = json ] && what="JSON"
		a=mb${NSMALL}_$kind; b=mb${NBIG}_$kind
		echo "| server CPU µs per tracking $what (wrk, median of rounds) | ${CPU[$a]} | ${CPU[$b]} | **$(ratio3 "${CPU[$b]}" "${CPU[$a]}")** |"
		echo "| req/s, tracking $what | $(printf %.0f "${RPS[$a]}") | $(printf %.0f "${RPS[$b]}") | $(ratio3 "${RPS[$b]}" "${RPS[$a]}") |"
		echo "| read syscalls per tracking $what (pages SQLite reads from the OS cache; wrk) | ${READS[$a]} | ${READS[$b]} | $(ratio "${READS[$b]}" "${READS[$a]}") |"
	done
	if [ "$CG_REQUESTS" -gt 0 ]; then
		for kind in html json; do
			what="page"; fn=page_track
			[ $kind = json ] && { what="JSON"; fn=api_track; }
			a=cg-$NSMALL-$kind; b=cg-$NBIG-$kind
			for f in on_request "$fn" dossier_track dossier_repo_get web_gzip; do
				case $f in
					on_request) desc="instructions per tracking $what request (on_request on the I/O thread + run_job on a worker: all of Minh Bạch's handling, gzip included)" ;;
					page_track|api_track) desc="… of which the handler $f (lookup, steps, rendering)" ;;
					dossier_track) desc="… of which the lookup itself, dossier_track (throttle check, row by code, secret hash)" ;;
					dossier_repo_get) desc="… of which the dossier row by code (dossier_repo_get)" ;;
					web_gzip) desc="… of which gzip of the answer (web_gzip)" ;;
				esac
				x=$(per_req "${IR[$a.$f]}"); y=$(per_req "${IR[$b.$f]}")
				r=$(ratio3 "${IR[$b.$f]}" "${IR[$a.$f]}")
				[ "$f" = on_request ] && r="**$r**"
				echo "| $desc | $(thousands "$x") | $(thousands "$y") | $r |"
			done
			echo "| read syscalls per lookup in those runs | ${IR[$a.reads]} | ${IR[$b.reads]} | $(ratio "${IR[$b.reads]}" "${IR[$a.reads]}") |"
			echo "| mean answer size of those lookups (gzip bytes) | ${IR[$a.bytes]} | ${IR[$b.bytes]} | $(ratio3 "${IR[$b.bytes]}" "${IR[$a.bytes]}") |"
		done
	fi
	echo
	echo "Instructions: callgrind, $CG_REQUESTS lookups of sampled pairs of each database (the same fixed pseudo-random choice of lines of the sample file), one after the other on one connection, server with --threads 1, counting only inside on_request and run_job (syscalls are not instructions); deterministic for a given database and sample. Read syscalls: /proc/PID/io syscr, per request."
	echo
	echo "Server health: exit status on SIGTERM $(for n in "${COUNTS[@]}"; do printf '%s: %s; ' "$(label "$n")" "${SERVER_EXIT[$n]}"; done)lines on stderr at --log-level warn $(for n in "${COUNTS[@]}"; do printf '%s: %s (%s warn/error); ' "$(label "$n")" "${ERR_LINES[$n]}" "${WARN_LINES[$n]}"; done)RSS at start / end $(for n in "${COUNTS[@]}"; do printf '%s: %s / %s kB; ' "$(label "$n")" "${RSS_START[$n]}" "${RSS_END[$n]}"; done)non-200 answers or socket errors in all wrk runs: $(s=0; for t in "${TARGETS[@]}"; do s=$((s + ERR[$t])); done; echo $s)."
	echo
	echo "<details><summary>Commands</summary>"
	echo
	echo '```sh'
	for n in "${COUNTS[@]}"; do
		echo "build/minhbach demo --db \$CACHE/n$n-s$SEED/mb.db --months 0 && build/gen_dossiers --db \$CACHE/n$n-s$SEED/mb.db --count $n --seed $SEED --sample $SAMPLE --sample-out \$CACHE/n$n-s$SEED/sample.tsv && build/minhbach verify --db \$CACHE/n$n-s$SEED/mb.db"
		echo "build/minhbach serve --db \$CACHE/n$n-s$SEED/mb.db --port 0 --listen 127.0.0.1 --threads $SERVER_THREADS --log-level warn"
	done
	echo "$NGINX -p \$WORK -e \$WORK/nginx-error.log -c \$WORK/nginx.conf   # from bench/nginx-track.conf.in, $NGINX_WORKERS workers"
	echo "wrk -t$WRK_THREADS -c$CONNS -d$WARMUP -s bench/track.lua URL -- SAMPLE PATH   # warm-up, once per target"
	echo "$WRK_CMD_TEXT   # PATH = /track or /api/v1/track; $ROUNDS rounds, order reversed on even rounds"
	[ "$CG_REQUESTS" -gt 0 ] && echo "valgrind --tool=callgrind --toggle-collect=on_request --toggle-collect=run_job build/minhbach serve --db ... --threads 1; curl -K ($CG_REQUESTS pairs in a fixed pseudo-random order)"
	echo '```'
	echo
	echo "\$CACHE is ${CACHE#"$ROOT"/}. Raw outputs: ${LOG#"$ROOT"/} (not kept in git)."
	echo
	echo "</details>"
	echo
} >"$REPORT"

record_report "$REPORT"
