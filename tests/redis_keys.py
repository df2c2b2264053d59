"""Tests share one Redis database (REDIS_TEST_URL), and test runs on one machine share it too: a test that
talks to Redis names keys of its own and deletes only those, never flushing what others wrote."""

import random
from dataclasses import dataclass, field

from tests.conftest import REDIS_TEST_URL


@dataclass
class OwnKeys:
    """A bot id and user ids no other test or test run uses, so the keys they name are this test's alone:
    the bot's update claims (`daigou:update:<bot>:`) and each private chat's state and lock (`fsm:<user>:`)."""

    bot_id: int = field(default_factory=lambda: random.randrange(10**8, 10**9))
    user_ids: list[int] = field(default_factory=list)

    def user_id(self) -> int:
        # Above the sandbox's own ids (7,000,000,001 on), which every test run hands out alike.
        self.user_ids.append(random.randrange(8 * 10**9, 9 * 10**9))
        return self.user_ids[-1]

    async def forget(self) -> None:
        """Delete the keys these ids name, and nothing else."""
        from redis.asyncio import Redis  # here: only the tests that talk to Redis load it

        redis = Redis.from_url(REDIS_TEST_URL)
        patterns = [f"daigou:update:{self.bot_id}:*", *(f"fsm:{user_id}:*" for user_id in self.user_ids)]
        for pattern in patterns:
            async for key in redis.scan_iter(match=pattern):
                await redis.delete(key)
        await redis.aclose()
