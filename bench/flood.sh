#!/usr/bin/env bash
# bench/flood.sh — a slow-header flood: BENCH_FLOOD_CONNECTIONS (2,100) connections from
# 127.0.0.2 … 127.0.0.(BENCH_FLOOD_ADDRESSES+1) each trickle a request's headers one byte a
# second and never finish them (bench/flood.mjs; a connection the server closes is opened
# again), while /healthz is probed every 100 ms from 127.0.0.1 on a new connection each time.
# Records the probes' latency (p50 / p99 / max) and how many took over 100 ms — the target is
# none — against a baseline probe run without the flood, in the same run. Prints a markdown
# report and appends it, dated, to bench/RESULTS.md (BENCH_RECORD=0: print only).
# Usage: bench/flood.sh (builds with `make build` first). Knobs: bench/README.md.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
BENCH_TAG=flood
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
cleanup_at_exit

FLOOD_CONNS=${BENCH_FLOOD_CONNECTIONS:-2100}
FLOOD_ADDRS=${BENCH_FLOOD_ADDRESSES:-21}         # 100 connections per address: under the per-address limit
DURATION=${BENCH_DURATION:-30s}
SERVER_THREADS=${BENCH_SERVER_THREADS:-$(nproc)}
HEADER_DEADLINE=${BENCH_HEADER_DEADLINE:-10}
RESULTS=${BENCH_RESULTS:-$BENCH_DIR/RESULTS.md}
RECORD=${BENCH_RECORD:-1}
MB_BIN=${MINHBACH_BIN:-}

need_tools node curl awk
SECS=$(secs_of "$DURATION")
build_minhbach

# The flood client needs one fd per connection, and so does the server.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -gt $((FLOOD_CONNS + 200)) ] ||
	die "the fd limit ($(ulimit -n)) is below $FLOOD_CONNS connections; raise it (ulimit -Hn)"

make_dirs flood- mb-flood
SERVER_PID="" FLOOD_PID=""
stop_at_exit FLOOD_PID
stop_at_exit SERVER_PID

"$MB_BIN" demo --db "$WORK/mb.db" --months 0 >"$LOG/demo.txt" 2>&1 || die "minhbach demo failed (see $LOG/demo.txt)"
MINHBACH_HEADER_DEADLINE=$HEADER_DEADLINE start_minhbach "$WORK/out.txt" "$LOG/server.txt" 10 \
	"$MB_BIN" serve --db "$WORK/mb.db" --port 0 --listen 127.0.0.1 --threads "$SERVER_THREADS" --log-level warn
SERVER_PID=$MB_STARTED_PID
PORT=$MB_STARTED_PORT
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || die "/healthz does not answer"

say "baseline: /healthz every 100 ms for $SECS s, no flood"
BASE=$(node "$BENCH_DIR/flood.mjs" probe "$PORT" "$SECS")
say "flood: $FLOOD_CONNS trickling connections from $FLOOD_ADDRS addresses, /healthz every 100 ms for $SECS s"
node "$BENCH_DIR/flood.mjs" flood "$PORT" "$FLOOD_CONNS" "$FLOOD_ADDRS" $((SECS + 5)) >"$LOG/flood.json" &
FLOOD_PID=$!
sleep 3   # the connections open
UNDER=$(node "$BENCH_DIR/flood.mjs" probe "$PORT" "$SECS")
wait "$FLOOD_PID" || true
FLOOD_PID=""
FLOOD=$(cat "$LOG/flood.json")
echo "$BASE" >"$LOG/probe-baseline.json"
echo "$UNDER" >"$LOG/probe-flood.json"
kill -0 "$SERVER_PID" 2>/dev/null || die "the server died under the flood (see $LOG/server.txt)"

j() { node -e "const o = JSON.parse(process.argv[1]); console.log(o[process.argv[2]])" "$1" "$2"; }
REPORT=$WORK/report.md
{
	echo "## $(date -u +%Y-%m-%d) — slow-header flood (bench/flood.sh)"
	echo
	echo "Machine: $(nproc) cores, load before $(cut -d' ' -f1-3 /proc/loadavg). Server: --threads $SERVER_THREADS, MINHBACH_HEADER_DEADLINE=$HEADER_DEADLINE s; flood: $FLOOD_CONNS connections from $FLOOD_ADDRS loopback addresses, one header byte a second each, reopened when closed ($(j "$FLOOD" opened) opened, $(j "$FLOOD" closed_by_server) closed by the server's header deadline, $(j "$FLOOD" open_at_end) open at the end); probe: \`GET /healthz\` every 100 ms from 127.0.0.1, a new connection each, for $SECS s."
	echo
	echo "| /healthz | probes | failed | p50 | p99 | max | over 100 ms |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	echo "| alone | $(j "$BASE" n) | $(j "$BASE" failed) | $(j "$BASE" p50_ms) ms | $(j "$BASE" p99_ms) ms | $(j "$BASE" max_ms) ms | $(j "$BASE" over_100ms) |"
	echo "| under the flood | $(j "$UNDER" n) | $(j "$UNDER" failed) | $(j "$UNDER" p50_ms) ms | $(j "$UNDER" p99_ms) ms | $(j "$UNDER" max_ms) ms | **$(j "$UNDER" over_100ms)** |"
	echo
	echo "Command: \`BENCH_DURATION=$DURATION BENCH_FLOOD_CONNECTIONS=$FLOOD_CONNS make bench-flood\`."
	echo
} >"$REPORT"
record_report "$REPORT"
