"""The budget ledger in Redis: ``cost.ledger.Ledger`` as Lua scripts, atomic in the server.

Per period, three keys share a hash tag (one cluster slot): ``<prefix>{<period>}:spend`` (a hash:
settled, reserved, requests, lane, lane_hard, next_id), ``:held`` (reservation id -> "amount
expires") and ``:expired`` (ids charged in full by the sweep), plus ``:alerts`` (kind -> JSON).
Redis runs each script alone, so check-and-reserve cannot interleave. Lua compares in doubles:
exact up to 2**53 units (9 million in the currency per period). Spend survives a restart as far
as the server's persistence (AOF or RDB snapshots) keeps it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, cast

import redis
from redis.commands.core import Script

from ticketpilot.cost.ledger import (
    Alert,
    Hold,
    LedgerUnavailable,
    PeriodSpend,
    Refusal,
    Reservation,
)

_RESERVE = """
local s = redis.call('HMGET', KEYS[1], 'settled', 'reserved', 'lane', 'lane_hard')
local settled, reserved = tonumber(s[1] or '0'), tonumber(s[2] or '0')
local lane, lane_hard = tonumber(s[3] or '0'), tonumber(s[4] or '0')
local amount, ceiling = tonumber(ARGV[1]), tonumber(ARGV[2])
local want, hard = tonumber(ARGV[3]), tonumber(ARGV[4])
if lane_hard < hard then lane = 0 end
if lane > want or settled + reserved + amount > ceiling then
  return {0, tostring(settled + reserved), lane}
end
local id = redis.call('HINCRBY', KEYS[1], 'next_id', 1)
redis.call('HINCRBY', KEYS[1], 'reserved', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'requests', 1)
redis.call('HSET', KEYS[1], 'lane', want, 'lane_hard', ARGV[4])
redis.call('HSET', KEYS[2], id, ARGV[1] .. ' ' .. ARGV[5])
return {id, tostring(settled + reserved + amount), want}
"""

_SETTLE = """
if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(ARGV[2]))
  redis.call('HINCRBY', KEYS[1], 'settled', ARGV[3])
  return 1
end
if redis.call('SREM', KEYS[3], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'settled', tonumber(ARGV[3]) - tonumber(ARGV[2]))
  return 2
end
return 0
"""

_EXPIRE = """
local held = redis.call('HGETALL', KEYS[2])
local n, total = 0, 0
for i = 1, #held, 2 do
  local amount, expires = string.match(held[i + 1], '(%d+) ([%d%.]+)')
  if tonumber(expires) < tonumber(ARGV[1]) then
    redis.call('HDEL', KEYS[2], held[i])
    redis.call('SADD', KEYS[3], held[i])
    redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(amount))
    redis.call('HINCRBY', KEYS[1], 'settled', amount)
    n = n + 1
  end
end
return n
"""


class RedisLedger:
    """The ledger in Redis at ``url``; ``prefix`` keeps several programs apart on one server."""

    def __init__(self, url: str, *, prefix: str = "ticketpilot:budget:", timeout_s: float = 1.0):
        self.url = url
        self.prefix = prefix
        self.client: redis.Redis = redis.Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
        )
        self._reserve = self._script(_RESERVE)
        self._settle = self._script(_SETTLE)
        self._expire = self._script(_EXPIRE)

    def _script(self, source: str) -> Script:
        return self.client.register_script(source)

    def close(self) -> None:
        self.client.close()

    def _keys(self, period: str) -> list[str]:
        base = f"{self.prefix}{{{period}}}"
        return [f"{base}:spend", f"{base}:held", f"{base}:expired"]

    def _alerts_key(self, period: str) -> str:
        return f"{self.prefix}{{{period}}}:alerts"

    def _call(self, action: str, run: Any) -> Any:
        try:
            return run()
        except (redis.ConnectionError, redis.TimeoutError) as error:
            raise LedgerUnavailable(
                f"budget store {self.url} unreachable ({action}): {error}"
            ) from error

    def reserve(self, hold: Hold) -> Reservation | Refusal:
        args: list[int | str] = [
            hold.amount,
            hold.ceiling,
            hold.lane,
            hold.hard,
            _epoch(hold.expires_at),
        ]
        got = self._call("reserve", lambda: self._reserve(self._keys(hold.period), args))
        reservation_id, committed, lane = int(got[0]), int(got[1]), int(got[2])
        if reservation_id == 0:
            return Refusal(hold.period, committed, lane)
        return Reservation(reservation_id, hold.period, hold.amount, hold.model, committed)

    def settle(self, reservation: Reservation, actual: int, at: datetime) -> None:
        args = [reservation.id, reservation.amount, actual]
        self._call("settle", lambda: self._settle(self._keys(reservation.period), args))

    def exhaust(self, period: str, hard: int) -> None:
        key = self._keys(period)[0]
        self._call("exhaust", lambda: self.client.hset(key, mapping={"lane": 2, "lane_hard": hard}))

    def expire(self, period: str, now: datetime) -> int:
        return int(self._call("expire", lambda: self._expire(self._keys(period), [_epoch(now)])))

    def alert_once(self, alert: Alert) -> bool:
        payload = json.dumps(alert.as_dict(), default=str)
        key = self._alerts_key(alert.period)
        return bool(self._call("alert", lambda: self.client.hsetnx(key, alert.kind, payload)))

    def record_delivery(self, period: str, kind: str, delivery: str) -> None:
        key = self._alerts_key(period)
        raw = self._call("alert", lambda: self.client.hget(key, kind))
        if raw is None:
            return
        data = json.loads(raw)
        data["delivery"] = delivery[:500]
        self._call("alert", lambda: self.client.hset(key, kind, json.dumps(data)))

    def spend(self, period: str) -> PeriodSpend:
        spend_key, held_key, _ = self._keys(period)
        fields = ("settled", "reserved", "requests", "lane", "lane_hard")
        values = self._call("spend", lambda: self.client.hmget(spend_key, list(fields)))
        held = self._call("spend", lambda: self.client.hlen(held_key))
        settled, reserved, requests, lane, lane_hard = (
            int(v) if v is not None else 0 for v in cast(list[Any], values)
        )
        return PeriodSpend(period, settled, reserved, requests, lane, lane_hard, int(held))

    def alerts(self, period: str | None = None) -> list[Alert]:
        if period is not None:
            keys = [self._alerts_key(period)]
        else:
            pattern = f"{self.prefix}*:alerts"
            keys = sorted(self._call("alerts", lambda: list(self.client.scan_iter(pattern))))
        found: list[Alert] = []
        for key in keys:
            rows = self._call("alerts", lambda key=key: self.client.hgetall(key))
            for raw in cast(dict[Any, Any], rows).values():
                data = json.loads(raw)
                found.append(
                    Alert(
                        data["period"],
                        data["kind"],
                        datetime.fromisoformat(data["created_at"]),
                        data.get("detail") or {},
                        data.get("delivery"),
                    )
                )
        return sorted(found, key=lambda a: (a.created_at, a.kind))


def _epoch(moment: datetime) -> str:
    """Naive UTC (the store's convention) as seconds since the epoch."""
    return f"{moment.replace(tzinfo=UTC).timestamp():.3f}"
