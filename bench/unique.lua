-- Every request asks for an address never seen before, so the page cache cannot answer it. Pages redirect away
-- parameters they do not read (esimguide/querystrings.py), so the address varies one they do read, in a way that
-- changes nothing shown: the plan list and exports get a price_max above every price; the compare page (whose
-- only parameter is ``plans``) gets one more plan slug that does not exist; the trip checker a hotspot need.
-- Usage: wrk ... -s bench/unique.lua http://127.0.0.1:PORT -- /en/plans/?region=r1
local base = "/"
local counter = 0
local thread_tag = 0

init = function(args)
  base = args[1] or "/"
  math.randomseed(os.time() + math.random(1, 1000000))
  thread_tag = math.random(0, 999)
end

request = function()
  counter = counter + 1
  local token = tostring(500000000 + thread_tag * 100000 + counter)
  if string.find(base, "/compare/", 1, true) then
    return wrk.format("GET", base .. ",unknown-" .. token)
  end
  if string.find(base, "/check/", 1, true) then
    -- the checker reads no price_max: a hotspot need of 0.01 to 999.99 GB, one per request of this thread
    local hundredths = (thread_tag * 7919 + counter) % 99999 + 1
    return wrk.format("GET", base .. "&hotspot_gb=" .. string.format("%.2f", hundredths / 100))
  end
  local separator = string.find(base, "?", 1, true) and "&" or "?"
  return wrk.format("GET", base .. separator .. "price_max=" .. token)
end
