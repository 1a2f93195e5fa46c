-- wrk script for `make bench` (scripts/bench.py sets the environment):
--   BENCH_COOKIE   the signed-in session's Cookie header (empty: signed out)
--   BENCH_SYNC     "1": POST /api/sync with 10 new diary entries per request
--   BENCH_CSRF     the X-CSRFToken for that session (sync only)
--   BENCH_OWNER    the signed-in person's id (sync only)
--   BENCH_UA       the User-Agent the session signed in with
-- Every sync request carries 10 fresh random UUIDs, so every item is a new
-- entry (the write path, not the "exists" shortcut).
-- done() prints one JSON line: requests, errors (socket errors + non-2xx answers),
-- latency percentiles in milliseconds.

local cookie = os.getenv("BENCH_COOKIE") or ""
local is_sync = os.getenv("BENCH_SYNC") == "1"
local csrf = os.getenv("BENCH_CSRF") or ""
local owner = os.getenv("BENCH_OWNER") or "0"
local agent = os.getenv("BENCH_UA") or ""
local threads = {}
local bad = 0
local statuses = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
  if cookie ~= "" then wrk.headers["Cookie"] = cookie end
  if agent ~= "" then wrk.headers["User-Agent"] = agent end
  if is_sync then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
    wrk.headers["X-CSRFToken"] = csrf
  end
end

local function uuid4()
  local template = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx"
  return (template:gsub("[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end

local occurred = os.date("!%Y-%m-%dT%H:%M", os.time() - 7200)

function request()
  if not is_sync then return wrk.format() end
  local items = {}
  for i = 1, 10 do
    items[i] = string.format(
      '{"uuid":"%s","kind":"entry","op":"create","owner":%s,"data":' ..
      '{"occurred_at":"%s","areas":["calf:left"],"triggers":["caffeine"],"intensity":3,' ..
      '"note":"bench item %d"}}', uuid4(), owner, occurred, i)
  end
  return wrk.format(nil, nil, nil, '{"format":2,"items":[' .. table.concat(items, ",") .. ']}')
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local non2xx, seen = 0, {}
  for _, thread in ipairs(threads) do
    non2xx = non2xx + (thread:get("bad") or 0)
    local counts = thread:get("statuses") or {}
    for status, n in pairs(counts) do
      table.insert(seen, string.format('"%d":%d', status, n))
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_s":%.3f,"bytes":%d,' ..
    '"socket_errors":%d,"timeouts":%d,"non2xx":%d,"statuses":{%s},' ..
    '"p50_ms":%.2f,"p90_ms":%.2f,"p99_ms":%.2f,"max_ms":%.2f,"mean_ms":%.2f}\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    e.connect + e.read + e.write, e.timeout, non2xx, table.concat(seen, ","),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000))
end
