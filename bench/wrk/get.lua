-- GETs spread over many paths: `wrk -s get.lua URL -- PATHS_FILE [API_KEY]`. Each request takes
-- the next path of the file (claims by id, lists with filters, searches), so the database does
-- not answer one cached row over and over.
dofile(debug.getinfo(1, "S").source:sub(2):match("(.*/)") .. "report.lua")

local paths, position

function init(args)
  paths, position = read_paths(args[1])
  if args[2] and args[2] ~= "" then
    wrk.headers["Authorization"] = "Bearer " .. args[2]
  end
end

function request()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
