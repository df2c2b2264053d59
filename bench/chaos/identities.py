"""The ids a run gives its bot and its people, and the Redis keys the product keeps under them.

Ids are new in every run, so runs sharing one Redis database (any number of jobs, or another engineer's run) never
touch each other's keys: aiogram keeps chat state and per-chat locks under `fsm:<chat>:<user>:...`, the product
its update claims under `daigou:update:<bot>:<update>`. A seed's faults are drawn by a person's number (their id
minus the first), not their id, so the seed keeps its fault schedule whatever ids it gets.
"""

import secrets
from dataclasses import dataclass

from redis.asyncio import Redis

PEOPLE_PER_RUN = 1_000


@dataclass(frozen=True)
class Identities:
    bot_id: int
    first_user_id: int

    @classmethod
    def fresh(cls) -> "Identities":
        return cls(6_000_000_000 + secrets.randbelow(10**9), 8_000_000_000 + secrets.randbelow(10**9) * PEOPLE_PER_RUN)

    @property
    def token(self) -> str:
        return f"{self.bot_id}:ChaosToken"

    def user_id(self, number: int) -> int:
        return self.first_user_id + number


def chat_lock_key(user_id: int) -> str:
    """aiogram's lock on a private chat (`RedisEventIsolation` with its default key builder)."""
    return f"fsm:{user_id}:{user_id}:lock"


async def forget(redis_url: str, identities: Identities, user_ids: list[int]) -> None:
    """Delete every key the product kept in Redis for this run's bot and people."""
    redis = Redis.from_url(redis_url)
    try:
        patterns = [f"fsm:{user_id}:*" for user_id in user_ids] + [f"daigou:update:{identities.bot_id}:*"]
        for pattern in patterns:
            keys = [key async for key in redis.scan_iter(match=pattern)]
            if keys:
                await redis.delete(*keys)
    finally:
        await redis.aclose()
