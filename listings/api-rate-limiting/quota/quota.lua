-- ANCHOR: script
-- One decision for one client: a GCRA rate limit and a daily quota, checked
-- together and spent together, so a request refused by either spends from
-- neither. Redis runs a script to the end before it runs any other command.
--
-- KEYS[1]  rate key: the theoretical arrival time (TAT) in microseconds
-- KEYS[2]  quota key: a hash of the UTC day number and the requests used in it
-- ARGV[1]  now, microseconds since the Unix epoch, or "" for the server's clock
-- ARGV[2]  emission interval in microseconds (Per / Rate)
-- ARGV[3]  burst: requests that may arrive at one instant
-- ARGV[4]  daily quota
local now = tonumber(ARGV[1])
if now == nil then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local interval = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local daily = tonumber(ARGV[4])
local day_us = 86400000000

local tat = math.max(tonumber(redis.call('GET', KEYS[1])) or now, now)
local day = math.floor(now / day_us)
local used = 0
local stored = redis.call('HMGET', KEYS[2], 'day', 'used')
if tonumber(stored[1]) == day then used = tonumber(stored[2]) end

-- GCRA: the request conforms if the TAT, pushed one interval further,
-- stays within burst intervals of now.
local rate_ok = tat + interval - now <= burst * interval
local quota_ok = used < daily
local day_left = (day + 1) * day_us - now

if rate_ok and quota_ok then
  tat = tat + interval
  used = used + 1
  -- Each key outlives its meaning by a minute: a caller whose clock runs
  -- behind the server's must not have its debt forgotten early.
  redis.call('SET', KEYS[1], tat, 'PX', math.ceil((tat - now) / 1000) + 60000)
  redis.call('HSET', KEYS[2], 'day', day, 'used', used)
  redis.call('PEXPIRE', KEYS[2], math.ceil(day_left / 1000) + 60000)
end

-- What the client may still do: whole requests of credit left in the
-- bucket, and how long until one more comes back (0 when it is full). The
-- credit is negative only after a plan was lowered below a client's debt.
local credit = burst * interval - (tat - now)
local remaining = math.max(0, math.floor(credit / interval))
local next_token = 0
if credit < burst * interval then next_token = (remaining + 1) * interval - credit end
return {rate_ok and 1 or 0, quota_ok and 1 or 0, remaining, next_token,
        math.max(0, daily - used), day_left}
-- ANCHOR_END: script
