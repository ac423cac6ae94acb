-- wrk script for `signet serve`: sends GET /auth with the session cookie, cycling through the
-- tokens in $TOKENS (a file, one token a line), and checks every answer: status $EXPECT_STATUS
-- and, on 200, X-Signet-Subject equal to $EXPECT_SUBJECT. Prints the count of wrong answers.
local expect = tonumber(os.getenv("EXPECT_STATUS") or "200")
local subject = os.getenv("EXPECT_SUBJECT")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrong = 0
  answered = 0
  requests = {}
  for line in io.lines(os.getenv("TOKENS")) do
    if #line > 0 then
      table.insert(requests, wrk.format("GET", "/auth", { ["Cookie"] = "__Host-signet=" .. line }))
    end
  end
  n = 0
end

function request()
  n = n + 1
  return requests[(n % #requests) + 1]
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= expect then
    wrong = wrong + 1
  elseif status == 200 and subject then
    local got = nil
    for k, v in pairs(headers) do
      if string.lower(k) == "x-signet-subject" then
        got = v
      end
    end
    if got ~= subject then
      wrong = wrong + 1
    end
  end
end

function done(summary, latency, requests)
  local w, a = 0, 0
  for _, t in ipairs(threads) do
    w = w + t:get("wrong")
    a = a + t:get("answered")
  end
  io.write(string.format("checked %d answers (expected status %d): %d wrong\n", a, expect, w))
end
