-- GET the OIDC userinfo endpoint (the URL given to wrk) with Authorization: Bearer, rotating over
-- the signed-in pool: Keycloak's counterpart of bench/load/me.lua
local tokens = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
end

function request()
  i = i % #tokens + 1
  return wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. tokens[i] })
end
