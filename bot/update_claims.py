"""Each update is handled once, however many times it is delivered and however many workers receive it,
and an update whose handler died with its process is handled again when Telegram re-sends it.

The intake (bot/intake.py) claims an update before handling it: the first claim marks it *busy* for a
minute, and the end of its handling marks it *done* for a day (Telegram gives up re-sending after 24 h).
A copy that arrives while it is busy elsewhere is answered "try again later" (so Telegram sends it again),
a copy of a done update is dropped, and a busy claim left by a killed worker lapses, so the update is
handled by whoever gets it next.
"""

from collections import OrderedDict
from datetime import timedelta
from enum import Enum
from typing import Protocol

from redis.asyncio import Redis

BUSY_SECONDS = 60  # longer than any handler runs; a killed worker's claim lapses after it
DONE_SECONDS = 24 * 60 * 60


class Claim(Enum):
    NEW = "new"  # ours to handle
    BUSY = "busy"  # being handled by someone else right now
    DONE = "done"  # handled already


class UpdateClaims(Protocol):
    async def claim(self, bot_id: int, update_id: int) -> Claim: ...

    async def done(self, bot_id: int, update_id: int) -> None: ...


class MemoryClaims:
    """One process's claims: the most recent update ids it took.

    Repeats come soon after the original (polling asks again after a crash, a webhook is retried), so the
    last 10,000 ids are plenty; 100,000 cost the bot 15 MiB (bench/memory.py). A crash forgets them all,
    and whatever was in flight is handled again.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self._claims: OrderedDict[tuple[int, int], Claim] = OrderedDict()
        self._capacity = capacity

    async def claim(self, bot_id: int, update_id: int) -> Claim:
        key = (bot_id, update_id)
        if key in self._claims:
            return self._claims[key]
        self._claims[key] = Claim.BUSY
        if len(self._claims) > self._capacity:
            self._claims.popitem(last=False)
        return Claim.NEW

    async def done(self, bot_id: int, update_id: int) -> None:
        self._claims[(bot_id, update_id)] = Claim.DONE


class RedisClaims:
    """Shared by every worker: the first to claim an update id (`SET NX`) handles it."""

    def __init__(self, redis: Redis, busy_for: timedelta = timedelta(seconds=BUSY_SECONDS)) -> None:
        self._redis = redis
        self._busy_for = busy_for

    async def claim(self, bot_id: int, update_id: int) -> Claim:
        key = _key(bot_id, update_id)
        if await self._redis.set(key, Claim.BUSY.value, nx=True, px=self._busy_for):
            return Claim.NEW
        held = await self._redis.get(key)
        return Claim.DONE if held == Claim.DONE.value.encode() else Claim.BUSY

    async def done(self, bot_id: int, update_id: int) -> None:
        await self._redis.set(_key(bot_id, update_id), Claim.DONE.value, ex=DONE_SECONDS)


def _key(bot_id: int, update_id: int) -> str:
    return f"daigou:update:{bot_id}:{update_id}"
