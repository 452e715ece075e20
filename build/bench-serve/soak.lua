-- wrk, soak run: the same request as post.lua, and every answer checked:
-- counts statuses outside 2xx and 2xx bodies without a voucher_amount
-- (slower than post.lua, as wrk must hand every body to Lua).
dofile(os.getenv("BENCH_SERVE_DIR") .. "/post.lua")
non2xx, badbody = 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1
  elseif not body:find('"voucher_amount"', 1, true) then badbody = badbody + 1 end
end
function done(summary, latency, requests)
  local n, b = 0, 0
  for _, t in ipairs(threads) do n = n + t:get("non2xx"); b = b + t:get("badbody") end
  io.write(string.format("Checked non-2xx: %d\nChecked bad bodies: %d\n", n, b))
end
