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

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-common.lua")

local paths, bodies = {}, {}

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
