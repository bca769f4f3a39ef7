-- wrk script for scripts/serve-load-test.sh: POSTs one dossier to /v1/assessments and checks
-- every answer. Arguments (after --): the dossier file, then pairs of rule-set hash and the
-- score the command line gives the dossier under that rule set.
--
-- An answer counts as mixed when the hash in its SilkRisk-Rules-SHA256 header is not the one
-- in its body, or when its score is not the score of the rule set it names: a request scored
-- with parts of two rule sets would show as one of these.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  wrk.headers["Content-Type"] = "application/xml"
  file:close()
  expected = {}
  for i = 2, #args, 2 do
    expected[args[i]] = args[i + 1]
  end
  answers, failed, mixed, unknown = 0, 0, 0, 0
  by_hash = {}
end

function response(status, headers, body)
  answers = answers + 1
  if status ~= 200 then
    failed = failed + 1
    return
  end
  local hash = headers["SilkRisk-Rules-SHA256"]
  local score = body:match('"score": ([%d%.%-]+)')
  if hash == nil or not body:find('"sha256": "' .. hash .. '"', 1, true) then
    mixed = mixed + 1
  elseif expected[hash] == nil then
    unknown = unknown + 1
  elseif expected[hash] ~= score then
    mixed = mixed + 1
  else
    by_hash[hash] = (by_hash[hash] or 0) + 1
  end
end

function done(summary, latency, requests)
  local totals = { 0, 0, 0, 0 }
  local hashes = {}
  for _, thread in ipairs(threads) do
    for index, name in ipairs({ "answers", "failed", "mixed", "unknown" }) do
      totals[index] = totals[index] + thread:get(name)
    end
    for hash, count in pairs(thread:get("by_hash")) do
      hashes[hash] = (hashes[hash] or 0) + count
    end
  end
  io.write(string.format("checked: %d answers, %d not 200, %d mixed, %d with an unknown rule set\n",
    totals[1], totals[2], totals[3], totals[4]))
  for hash, count in pairs(hashes) do
    io.write(string.format("rule set %s: %d answers\n", hash, count))
  end
  io.write(string.format("latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("throughput: %.0f requests/s; socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.requests / (summary.duration / 1e6), summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout))
end
