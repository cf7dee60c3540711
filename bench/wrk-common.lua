-- bench/wrk-common.lua — what every wrk script of the benchmarks shares: threads
-- numbered for their random seeds, a count of answers that are not 200, and one
-- machine-readable summary line. Loaded by track.lua and cases-follow.lua.
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

not200 = 0

function response(status, headers, body)
  if status ~= 200 then not200 = not200 + 1 end
end

-- Latencies are in microseconds. errors_status counts responses that are not 2xx or 3xx.
function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + (t:get("not200") or 0) end
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f bytes_per_resp=%.0f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d errors_status=%d not200=%d\n",
    summary.requests, summary.duration, summary.requests / secs,
    summary.requests > 0 and summary.bytes / summary.requests or 0,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status, bad))
end
