-- bench/cases-follow.lua — wrk script for the follow-up benchmark (bench/cases.sh).
-- Every request is POST /api/v1/cases/{code}/follow with the JSON body
-- {"secret":"PASSPHRASE"}, for a (code, passphrase) pair drawn at random from a
-- file written by cases.sh ("CODE<TAB>PASSPHRASE" per line, reports it filed):
--
--   wrk ... -s bench/cases-follow.lua URL -- PAIRS_FILE
--
-- nginx gets the same requests: it ignores the code and the body and sends the
-- bytes of one answer. Each wrk thread draws its own sequence (seeded by its
-- number, so runs repeat the same requests). Sends the headers of headers.lua
-- plus Content-Type, and prints the same machine-readable summary line as
-- track.lua, with how many answers were not 200 (cases.sh fails the run on any).
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
wrk.headers["Accept"] = "application/json"
wrk.headers["Accept-Language"] = "vi-VN,vi;q=0.9"
wrk.headers["User-Agent"] = "minhbach-bench/1 (wrk)"
wrk.headers["Content-Type"] = "application/json"

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local paths, bodies = {}, {}
not200 = 0

function init(args)
  local file = args[1]
  if not file then error("cases-follow.lua: usage: wrk ... -- PAIRS_FILE") end
  for line in io.lines(file) do
    local c, s = line:match("^(%S+)\t(%S+)")
    if c then
      paths[#paths + 1] = "/api/v1/cases/" .. c .. "/follow"
      bodies[#bodies + 1] = '{"secret":"' .. s .. '"}'
    end
  end
  if #paths == 0 then error("cases-follow.lua: no pairs in " .. file) end
  math.randomseed(7919 * (tid or 1))
end

function request()
  local i = math.random(#paths)
  return wrk.format("POST", paths[i], nil, bodies[i])
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
