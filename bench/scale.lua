-- bench/scale.lua — wrk script for bench/scale.sh: GET one path, as a browser
-- sends it, optionally signed in (the session cookie and the CSRF token, as
-- tests/lib/server.mjs sends them):
--
--   wrk ... -s bench/scale.lua URL -- PATH [COOKIE CSRF]
--
-- Prints the machine-readable summary line of wrk-common.lua, with how many
-- answers were not 200 (a signed-out staff page would answer 303 or 401).
wrk.headers["Accept-Encoding"] = "gzip, deflate, br"
wrk.headers["Accept"] = "text/html,application/json;q=0.9,*/*;q=0.8"
wrk.headers["Accept-Language"] = "vi-VN,vi;q=0.9"
wrk.headers["User-Agent"] = "minhbach-bench/1 (wrk)"

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk-common.lua")

local path = "/"

function init(args)
  path = args[1] or "/"
  if args[2] and args[2] ~= "" then wrk.headers["Cookie"] = args[2] end
  if args[3] and args[3] ~= "" then wrk.headers["X-CSRF-Token"] = args[3] end
end

function request()
  return wrk.format("GET", path)
end
