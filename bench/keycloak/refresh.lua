-- POST the token endpoint (the URL given to wrk) with grant_type=refresh_token: Keycloak's
-- counterpart of bench/load/refresh.lua, one rotation chain per thread, each response's new
-- refresh token used for the next request. args: the tokens file, then "client_id:client_secret".
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

local token
local client_id, client_secret

function init(args)
  local n = 0
  for line in io.lines(args[1]) do
    n = n + 1
    if n == id then token = line end
  end
  client_id, client_secret = args[2]:match("([^:]+):(.+)")
end

function request()
  return wrk.format("POST", nil, { ["Content-Type"] = "application/x-www-form-urlencoded" },
    "grant_type=refresh_token&client_id=" .. client_id .. "&client_secret=" .. client_secret .. "&refresh_token=" .. token)
end

function response(status, headers, body)
  local next = body:match('"refresh_token":"([A-Za-z0-9_.-]+)"')
  if next then token = next end
end
