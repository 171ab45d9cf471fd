-- wrk script for scripts/load.sh: cycles over the demo's error routes with hostile
-- trace headers among the requests, checks every response cheaply (problem+json,
-- a valid X-Trace-Id that the body repeats, the body's status equal to the HTTP
-- status, no internal detail), stops each thread after its share of requests and
-- prints the totals as `key=value` lines for load.sh.
--
-- wrk runs for its whole -d duration even when every thread has stopped, so the
-- throughput is measured here, from each thread's first request to its last counted
-- response (wall clock through LuaJIT's ffi); latency percentiles are wrk's own.
--
-- Environment: LOAD_REQUESTS (total, across threads), LOAD_THREADS.

local ffi = require("ffi")
ffi.cdef [[
    typedef struct { long tv_sec; long tv_usec; } load_timeval;
    int gettimeofday(load_timeval *tv, void *tz);
]]
local timeval = ffi.new("load_timeval")
local function now()
    ffi.C.gettimeofday(timeval, nil)
    return tonumber(timeval.tv_sec) + tonumber(timeval.tv_usec) / 1e6
end

local total = tonumber(os.getenv("LOAD_REQUESTS") or "200000")
local threads_count = tonumber(os.getenv("LOAD_THREADS") or "2")

-- Trace headers: valid ones, and hostile ones that must never be echoed.
local long_id = string.rep("a", 300)
local trace_headers = {
    {},
    { ["X-Trace-Id"] = "load-trace-1" },
    { ["X-Trace-Id"] = "\"quoted\"" },
    { ["X-Trace-Id"] = "has spaces in it" },
    { ["X-Trace-Id"] = long_id },
    { ["X-Trace-Id"] = "trace-\195\169-\230\151\165\230\156\172" }, -- trace-é-日本 (raw UTF-8)
    { ["X-Trace-Id"] = "a;b=c, d" },
    { ["X-Trace-Id"] = "<script>alert(1)</script>" },
    { ["X-Request-Id"] = "req-" .. string.rep("9", 124) },
    { ["X-Request-Id"] = string.rep("r", 129) },
    { ["X-Trace-Id"] = "bad id", ["X-Request-Id"] = "req.ok:1" },
    { ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
    { ["traceparent"] = "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01" },
    { ["traceparent"] = "00-00000000000000000000000000000000-00f067aa0ba902b7-01" },
    { ["traceparent"] = "\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"" },
}

local json = { ["Content-Type"] = "application/json" }
-- Error routes of the demo (demo/src/main.rs): method, path, body.
local routes = {
    { "GET", "/accounts/42" },                                      -- 404 account_not_found
    { "GET", "/accounts/seven" },                                   -- 400 path rejection
    { "GET", "/nowhere" },                                          -- 404 unknown route
    { "DELETE", "/accounts/1" },                                    -- 405, Allow kept
    { "GET", "/reports" },                                          -- 500 opaque database error
    { "GET", "/accounts/1/invoices" },                              -- 503 transparent billing error
    { "POST", "/accounts", '{"name":"","email":"nope"}', json },    -- 422 violations
    { "POST", "/accounts", '{"name":', json },                      -- 400 JSON syntax rejection
    { "POST", "/accounts", '{"name":"Ada","email":"ada@example.com"}', json }, -- 409 email_taken
    { "POST", "/accounts/2/transfers", '{"to":1,"amount":500}', json }, -- 409 insufficient_funds
    { "POST", "/accounts/1/export" },                               -- 429 Retry-After (200 once per 30 s)
    { "GET", "/accounts/" .. string.rep("9", 40) },                 -- 400 number too large
    { "GET", "/panic" },                                            -- 500, a panic contained
}

-- Text that must never reach a client (demo/src/errors.rs, accounts.rs).
local internals = { "db-2.internal", "billing.internal", "SELECT", "password", "connection reset", "cache is corrupt", "PANIC", "panicked" }

local requests = {}
for i, route in ipairs(routes) do
    for j, trace in ipairs(trace_headers) do
        local headers = {}
        for k, v in pairs(trace) do headers[k] = v end
        if route[4] then for k, v in pairs(route[4]) do headers[k] = v end end
        table.insert(requests, wrk.format(route[1], route[2], headers, route[3]))
    end
end

local threads = {}
function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

function init(args)
    limit = math.floor(total / threads_count)
    index = id or 0
    responses, nonconforming, leaks, non_error, bad_trace = 0, 0, 0, 0, 0
    first_bad = ""
    started, finished = 0, 0
end

function request()
    if started == 0 then started = now() end
    index = index + 1
    return requests[(index % #requests) + 1]
end

local function trace_ok(trace)
    return trace ~= nil and #trace >= 1 and #trace <= 128 and string.find(trace, "^[A-Za-z0-9._:-]+$") ~= nil
end

function response(status, headers, body)
    responses = responses + 1
    if status < 400 then
        non_error = non_error + 1
    else
        local trace = headers["x-trace-id"] or headers["X-Trace-Id"]
        local content_type = headers["content-type"] or headers["Content-Type"]
        local ok = content_type == "application/problem+json"
            and string.sub(body, 1, 9) == '{"type":"'
            and string.sub(body, -1) == "}"
            and string.find(body, '"title":"', 1, true)
            and string.find(body, '"code":"', 1, true)
            and string.find(body, '"status":' .. status .. ',', 1, true)
        if not trace_ok(trace) then
            bad_trace = bad_trace + 1
            ok = false
        elseif not string.find(body, '"trace_id":"' .. trace .. '"', 1, true) then
            ok = false
        end
        if not ok then
            nonconforming = nonconforming + 1
            if first_bad == "" then first_bad = status .. " " .. string.sub(body, 1, 300) end
        end
        for _, secret in ipairs(internals) do
            if string.find(body, secret, 1, true) then
                leaks = leaks + 1
                if first_bad == "" then first_bad = "leak " .. secret .. ": " .. string.sub(body, 1, 300) end
                break
            end
        end
    end
    if responses >= limit then
        finished = now()
        wrk.thread:stop()
    end
end

function done(summary, latency, requests_stats)
    local sums = { responses = 0, nonconforming = 0, leaks = 0, non_error = 0, bad_trace = 0 }
    local first = ""
    local started, finished = math.huge, 0
    for _, thread in ipairs(threads) do
        started = math.min(started, thread:get("started") or math.huge)
        local stop = thread:get("finished") or 0
        -- A thread that did not reach its share ran to the end of -d.
        if stop == 0 then stop = (thread:get("started") or 0) + summary.duration / 1e6 end
        finished = math.max(finished, stop)
        for key, _ in pairs(sums) do
            sums[key] = sums[key] + (thread:get(key) or 0)
        end
        local bad = thread:get("first_bad")
        if first == "" and bad and bad ~= "" then first = bad end
    end
    local seconds = finished - started
    io.write(string.format("requests=%d\n", sums.responses))
    io.write(string.format("seconds=%.2f\n", seconds))
    io.write(string.format("rps=%.0f\n", summary.requests / seconds))
    io.write(string.format("p50_ms=%.3f\n", latency:percentile(50) / 1000))
    io.write(string.format("p99_ms=%.3f\n", latency:percentile(99) / 1000))
    io.write(string.format("max_ms=%.3f\n", latency.max / 1000))
    io.write(string.format("socket_errors=%d\n", summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
    io.write(string.format("checked=%d\n", sums.responses))
    io.write(string.format("non_error=%d\n", sums.non_error))
    io.write(string.format("nonconforming=%d\n", sums.nonconforming))
    io.write(string.format("bad_trace=%d\n", sums.bad_trace))
    io.write(string.format("leaks=%d\n", sums.leaks))
    if first ~= "" then io.write("first_bad=" .. string.gsub(first, "\n", " ") .. "\n") end
end
