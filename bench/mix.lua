-- A mixed load for wrk: each request asks for an address picked at random
-- from a file (one path a line, the script's argument), and each response is
-- counted by its X-Page-Cache header (hit, miss, or absent: not cached).
--
--     wrk -t2 -c8 -d30s -s bench/mix.lua http://127.0.0.1:8000 -- addresses.txt
--
-- Each wrk thread runs its own Lua state: the counts are kept per thread and
-- added up in done(), which prints one line for bench/traffic.py to read.

local threads = {}

function setup(thread)
  thread:set("number", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  hits, misses, uncached = 0, 0, 0
  math.randomseed(number * 7919)
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  local state = headers["X-Page-Cache"] or headers["x-page-cache"]
  if state == "hit" then
    hits = hits + 1
  elseif state == "miss" then
    misses = misses + 1
  else
    uncached = uncached + 1
  end
end

function done(summary, latency, requests)
  local total = { hits = 0, misses = 0, uncached = 0 }
  for _, thread in ipairs(threads) do
    for name in pairs(total) do
      total[name] = total[name] + thread:get(name)
    end
  end
  io.write(string.format(
    "page cache: %d hits, %d misses, %d uncached\n",
    total.hits, total.misses, total.uncached
  ))
end
