-- bench/track.lua — wrk script for the tracking benchmark (bench/track.sh).
-- Every request looks up a (code, secret) pair drawn at random from a sample
-- file written by gen_dossiers ("CODE<TAB>SECRET" per line), on the given path:
--
--   wrk ... -s bench/track.lua URL -- SAMPLE_FILE /track
--   wrk ... -s bench/track.lua URL -- SAMPLE_FILE /api/v1/track
--
-- nginx gets the same requests: it ignores the query and serves one page's bytes.
-- Each wrk thread draws its own sequence (seeded by its number, so runs repeat
-- the same requests). Sends the same headers as headers.lua and prints the same
-- machine-readable summary line, plus how many answers were not 200.
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
wrk.headers["Accept"] = "text/html,application/json;q=0.9,*/*;q=0.8"
wrk.headers["Accept-Language"] = "vi-VN,vi;q=0.9"
wrk.headers["User-Agent"] = "minhbach-bench/1 (wrk)"

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local queries = {}
local path = "/track"
not200 = 0

function init(args)
  local file = args[1]
  path = args[2] or "/track"
  if not file then error("track.lua: usage: wrk ... -- SAMPLE_FILE PATH") end
  for line in io.lines(file) do
    local c, s = line:match("^(%S+)\t(%S+)")
    if c then queries[#queries + 1] = "?code=" .. c .. "&secret=" .. s end
  end
  if #queries == 0 then error("track.lua: no pairs in " .. file) end
  math.randomseed(7919 * (tid or 1))
end

function request()
  return wrk.format("GET", path .. queries[math.random(#queries)])
end

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
