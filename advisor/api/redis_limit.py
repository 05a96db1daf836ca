"""A rate limit shared through Redis (`ADVISOR_REDIS_URL`): every process and host, one budget.

The same token bucket as the per-process limiter, kept in one Redis hash per identity and
updated by a Lua script, so a take is atomic however many servers share it; the script reads
Redis's own clock, so hosts with skewed clocks still agree. Needs the `redis` extra.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from advisor.errors import MissingDependency

if TYPE_CHECKING:
    from advisor.api.security import RateLimiter

try:
    from redis.asyncio import Redis
    from redis.exceptions import RedisError
except ImportError as exc:  # the URL is set but the extra is not installed
    raise MissingDependency("redis", "redis") from exc

_log = logging.getLogger(__name__)

# KEYS[1] the bucket; ARGV capacity, refill per second. Returns the wait in seconds, as a
# string because Redis truncates Lua numbers to integers.
_TAKE = """
local capacity = tonumber(ARGV[1])
local refill = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or capacity
local at = tonumber(bucket[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * refill)
local wait = 0
if tokens < 1 then
  wait = (1 - tokens) / refill
else
  tokens = tokens - 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / refill * 1000) + 1000)
return tostring(wait)
"""

# After a failure, requests skip Redis this long (a blackholed host would otherwise cost every
# request the connect timeout), and the outage logs one line per pause, not one per request.
_PAUSE_S = 5.0


class RedisRateLimiter:
    """`per_minute` requests per identity across every server that shares `url`.

    While Redis is unreachable each process falls back to its own `fallback` limiter: limits
    stay in force (per process) and the API stays up.
    """

    def __init__(
        self, url: str, per_minute: int, *, fallback: RateLimiter, prefix: str = "advisor:rate:"
    ) -> None:
        self.redis = Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self.take = self.redis.register_script(_TAKE)
        self.capacity = per_minute
        self.refill_per_s = per_minute / 60.0
        self.fallback = fallback
        self.prefix = prefix
        self._paused_until = float("-inf")

    async def wait(self, identity: str) -> float:
        if time.monotonic() < self._paused_until:
            return self.fallback.hit(identity)
        try:
            reply = await self.take(
                keys=[self.prefix + identity], args=[self.capacity, self.refill_per_s]
            )
        except (RedisError, OSError) as exc:
            self._paused_until = time.monotonic() + _PAUSE_S
            _log.warning(
                "Redis rate limit unavailable (%s): limiting per process for %g s", exc, _PAUSE_S
            )
            return self.fallback.hit(identity)
        return float(reply)
