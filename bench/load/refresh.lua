-- POST /api/auth/refresh: each thread runs its own rotation chain (run with as many threads as
-- connections, so that every response belongs to the one request in flight); every response's
-- new refresh token is used for the next request, never resending a spent token.
local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local token

function init(args)
  local n = 0
  for line in io.lines(args[1]) do
    n = n + 1
    if n == id then token = line end
  end
end

function request()
  return wrk.format("POST", "/api/auth/refresh", { ["Content-Type"] = "application/json" },
    '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  local next = body:match('"refresh_token":"([A-Za-z0-9_-]+)"')
  if next then token = next end
end
