-- wrk: every request is the behaviour §5 example (request.json), POST /voucher.
local f = assert(io.open(os.getenv("BENCH_SERVE_DIR") .. "/request.json"))
wrk.method = "POST"
wrk.path = "/voucher"
wrk.headers["Content-Type"] = "application/json"
wrk.body = f:read("*l")
f:close()
