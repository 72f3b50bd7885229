-- One wrk script for every HTTP scenario of bench/run.
--
--   wrk -t2 -c16 -d10s -s bench/wrk/bench.lua http://127.0.0.1:5099 -- <mode> [key=value ...]
--
-- modes:
--   adjust  PATCH /v1/inventory/{sku} {"adjust": 1} on a random SKU of `skus` (or the hot SKU when skus=0)
--   get     GET /v1/inventory/{sku} on a random SKU of `skus`
--   list    GET /v1/inventory?page=N&limit=L, N random within `skus`/L pages, at most `depth`/L (the API's page depth)
--   cursor  GET /v1/inventory?after=C&limit=L, C the cursor of a random SKU of `skus` (a page anywhere in the list)
--   path    GET `path` (a fixed route: webhooks, deliveries); with ids=FILE, each request replaces `{id}` in `path`
--           with a random line of FILE (products/{id}: bench/Lag products writes the file)
--   orders  the order flow (needs BENCH_ORDERS=1, so that wrk hands answers to response()): POST /v1/orders for 1 unit
--           of a random SKU of `skus`, then PATCH it shipped, then delivered; a thread continues the orders its last
--           answers moved on before it places a new one. done() adds orders_completed (delivered) and orders_per_s.
-- options: skus=10000  prefix=BENCH-  hot=BENCH-HOT  limit=20  depth=1000  ids=FILE
-- environment: BENCH_KEY (the API key; never on the command line), BENCH_RATE (requests/s over all threads; unset =
-- closed loop), BENCH_THREADS (the -t given to wrk, default 2).
--
-- With BENCH_RATE=R each thread paces its requests to R/threads per second (open schedule: a slot per request, so a
-- slow response does not lower the offered rate as long as connections are free); without it every connection
-- sends as fast as answers come back (closed loop).
-- done() prints the figures as one line "BENCH_JSON {...}" that bench/run parses.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]
local tv = ffi.new("bench_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
  table.insert(threads, thread)
end

local mode, skus, prefix, hot, limit, depth, path, interval
local headers = {}
local ids = {}
local next_slot = 0

function init(args)
  mode = args[1] or "adjust"
  local opts = {}
  for i = 2, #args do
    local k, v = string.match(args[i], "^([%w_]+)=(.*)$")
    if k then opts[k] = v end
  end
  skus = tonumber(opts.skus or "10000")
  prefix = opts.prefix or "BENCH-"
  hot = opts.hot or "BENCH-HOT"
  limit = tonumber(opts.limit or "20")
  depth = tonumber(opts.depth or "1000")
  path = opts.path or "/v1/inventory"
  if opts.ids then
    for line in io.lines(opts.ids) do if line ~= "" then table.insert(ids, line) end end
    if #ids == 0 then error("no ids in " .. opts.ids) end
  end

  local key = os.getenv("BENCH_KEY")
  if key == nil or key == "" then error("BENCH_KEY is not set") end
  headers["Authorization"] = "Bearer " .. key
  headers["Accept"] = "application/json"
  if mode == "adjust" or mode == "orders" then headers["Content-Type"] = "application/json" end

  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
end

local function sku()
  if skus == 0 then return hot end
  return string.format("%s%05d", prefix, math.random(0, skus - 1))
end

local adjust_body = '{"adjust":1}'

-- The API's cursors are base64url (no padding) of the sort key: here a SKU.
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
function base64url(text)
  local out = {}
  for i = 1, #text, 3 do
    local a, b, c = text:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local chars = b == nil and 2 or c == nil and 3 or 4
    for j = 1, chars do
      local index = math.floor(n / 2 ^ (6 * (4 - j))) % 64
      out[#out + 1] = alphabet:sub(index + 1, index + 1)
    end
  end
  return table.concat(out)
end

-- The order flow's state, per thread: orders to ship and to deliver next; orders delivered (a global: done() reads it
-- with thread:get).
local to_ship, to_deliver = {}, {}
delivered = 0

local function order_request()
  if #to_deliver > 0 then
    return wrk.format("PATCH", "/v1/orders/" .. table.remove(to_deliver), headers, '{"status":"delivered"}')
  elseif #to_ship > 0 then
    return wrk.format("PATCH", "/v1/orders/" .. table.remove(to_ship), headers, '{"status":"shipped","awb":"BENCH","courier":"bench"}')
  end
  return wrk.format("POST", "/v1/orders", headers,
    '{"channel":"bench","customer":{"name":"Bench"},"items":[{"sku":"' .. sku() .. '","qty":1,"price":100}]}')
end

-- Defined only for the order flow: with response() defined wrk hands every answer's body to Lua, which costs the
-- other scenarios. An order's answer starts with its id and status.
if os.getenv("BENCH_ORDERS") == "1" then
  function response(status, _, body)
    if status >= 300 then return end
    local id, state = string.match(body, '^{"id":"(ord_[%w]+)".-"status":"(%a+)"')
    if state == "new" then table.insert(to_ship, id)
    elseif state == "shipped" then table.insert(to_deliver, id)
    elseif state == "delivered" then delivered = delivered + 1 end
  end
end

function request()
  if mode == "orders" then
    return order_request()
  elseif mode == "adjust" then
    return wrk.format("PATCH", "/v1/inventory/" .. sku(), headers, adjust_body)
  elseif mode == "get" then
    return wrk.format("GET", "/v1/inventory/" .. sku(), headers)
  elseif mode == "list" then
    local pages = math.max(1, math.floor(math.min(skus, depth) / limit))
    return wrk.format("GET", "/v1/inventory?page=" .. math.random(1, pages) .. "&limit=" .. limit, headers)
  elseif mode == "cursor" then
    return wrk.format("GET", "/v1/inventory?after=" .. base64url(sku()) .. "&limit=" .. limit, headers)
  elseif #ids > 0 then
    return wrk.format("GET", (string.gsub(path, "{id}", ids[math.random(#ids)])), headers)
  else
    return wrk.format("GET", path, headers)
  end
end

-- Defined only when pacing: wrk decides at load time whether delay() exists, and calls it before every request.
local rate = tonumber(os.getenv("BENCH_RATE") or "0") or 0
if rate > 0 then
  interval = 1000 / (rate / (tonumber(os.getenv("BENCH_THREADS") or "2") or 2))
  function delay()
    local t = now_ms()
    if next_slot < t then next_slot = t end
    local wait = next_slot - t
    next_slot = next_slot + interval
    return wait
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  local function ms(us) return us / 1000 end
  local orders = ""
  if os.getenv("BENCH_ORDERS") == "1" then
    local completed = 0
    for _, thread in ipairs(threads) do completed = completed + (thread:get("delivered") or 0) end
    orders = string.format("\"orders_completed\":%d,\"orders_per_s\":%.1f,", completed, completed / secs)
  end
  io.write(string.format(
    "BENCH_JSON {" .. orders .. "\"requests\":%d,\"seconds\":%.3f,\"rps\":%.1f,\"latency_ms\":{\"mean\":%.3f,\"p50\":%.3f,\"p90\":%.3f," ..
    "\"p95\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"max\":%.3f},\"errors\":{\"non_2xx_3xx\":%d,\"connect\":%d,\"read\":%d," ..
    "\"write\":%d,\"timeout\":%d,\"total\":%d}}\n",
    summary.requests, secs, summary.requests / secs,
    ms(latency.mean), ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(95)),
    ms(latency:percentile(99)), ms(latency:percentile(99.9)), ms(latency.max),
    e.status, e.connect, e.read, e.write, e.timeout, e.status + e.connect + e.read + e.write + e.timeout))
end
