-- bench/paced.lua — the read benchmarks' script (bench/headers.lua) at a fixed offered load:
-- each connection waits BENCH_PACE_MS (default 1) milliseconds after each answer before its
-- next request, so both servers get the same requests per second whatever their speed, and their
-- latencies are compared at the same load rather than each at its own saturation.
dofile(os.getenv("BENCH_LUA_DIR") .. "/headers.lua")
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "1")
delay = function() return pace end
