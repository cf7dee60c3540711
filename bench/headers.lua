-- bench/headers.lua — wrk script for the read benchmarks (GET).
-- Sends the headers a browser sends that matter here (every target gets the
-- same ones), and prints one machine-readable line that bench/run.sh parses.
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
wrk.headers["Accept"] = "text/html,application/json;q=0.9,*/*;q=0.8"
wrk.headers["Accept-Language"] = "vi-VN,vi;q=0.9"
wrk.headers["User-Agent"] = "minhbach-bench/1 (wrk)"

-- Latencies are in microseconds. errors_status counts responses that are not 2xx or 3xx.
done = function(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f bytes_per_resp=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d errors_status=%d\n",
    summary.requests, summary.duration, summary.requests / secs,
    summary.requests > 0 and summary.bytes / summary.requests or 0,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status))
end
