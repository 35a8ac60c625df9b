-- POST /oauth2/token, grant_type=refresh_token, as a relying party of the OpenID Provider does it:
-- client_secret_basic, one rotation chain per thread (run with as many threads as connections);
-- each response's new refresh token is used for the next request, never a spent one.
-- Arguments: the file of refresh tokens (one per chain), then the Basic credentials (base64).
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end

local token
local basic

function init(args)
  local n = 0
  for line in io.lines(args[1]) do
    n = n + 1
    if n == id then token = line end
  end
  basic = args[2]
end

function request()
  return wrk.format("POST", "/oauth2/token", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = "Basic " .. basic
  }, "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, headers, body)
  local next = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if next then token = next end
end
