-- wrk: each request reads the next of the dashboard's and a scraper's GETs in turn.
local paths = {"/pods", "/health", "/services", "/slo", "/lab", "/events", "/metrics",
               "/pods?service=planner-sim", "/history"}
local next_path = 0

request = function()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
