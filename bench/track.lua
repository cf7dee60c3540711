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

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-common.lua")

local queries = {}
local path = "/track"

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
