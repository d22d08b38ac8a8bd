-- Shared by get.lua and post.lua: where each thread starts in its file, and the summary bench/load.py
-- reads (one line, prefixed WRK_JSON, latencies in microseconds).

local threads = 0

function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
  thread:set("thread_count", threads)
end

-- The paths of a file, one a line; each thread starts at its own place in them, so the threads
-- do not ask for the same rows in step.
function read_paths(file)
  local paths = {}
  for line in io.lines(file) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  assert(#paths > 0, "no paths in " .. file)
  return paths, (thread_index * 7919) % #paths
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, '
    .. '"max_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
    .. '"status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout))
end
