-- POSTs of JSON bodies to many paths: `wrk -s post.lua URL -- PATHS_FILE API_KEY BODIES_FILE`,
-- e.g. annotations on many claims (so writers do not all queue on one claim's row lock), the
-- bodies (one JSON document a line) taken in turn.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

local paths, position, bodies, body

function init(args)
  paths, position = read_paths(args[1])
  if args[2] and args[2] ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. args[2]
  end
  wrk.headers["Content-Type"] = "application/json"
  bodies, body = read_paths(args[3])
end

function request()
  position = position % #paths + 1
  body = body % #bodies + 1
  return wrk.format("POST", paths[position], nil, bodies[body])
end
