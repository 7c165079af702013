-- Every request asks for a query string never seen before, so the page cache cannot answer it.
-- Usage: wrk ... -s bench/unique.lua http://127.0.0.1:PORT -- /en/plans/?region=r1
local base = "/"
local counter = 0
local thread_tag = tostring(math.random(1, 1000000000))

init = function(args)
  base = args[1] or "/"
  math.randomseed(os.time() + tonumber(thread_tag))
  thread_tag = tostring(math.random(1, 1000000000))
end

request = function()
  counter = counter + 1
  local separator = string.find(base, "?", 1, true) and "&" or "?"
  return wrk.format("GET", base .. separator .. "v=" .. thread_tag .. "-" .. counter)
end
