"""Each update is handled once, however many times it is delivered and however many workers receive it."""

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update
from redis.asyncio import Redis

# Telegram gives up re-sending an update after 24 hours.
CLAIM_SECONDS = 24 * 60 * 60


class SeenUpdates(Protocol):
    async def first_time(self, bot_id: int, update_id: int) -> bool:
        """True the first time a bot's update id is offered, False on every repeat."""
        ...


class MemorySeenUpdates:
    """Remembers the most recent update ids of one process.

    Repeats come right after the original (polling resumed from an unconfirmed offset, a webhook
    retried), so the last 10,000 ids are plenty; 100,000 cost the bot 15 MiB (bench/memory.py).
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self._seen: OrderedDict[tuple[int, int], None] = OrderedDict()
        self._capacity = capacity

    async def first_time(self, bot_id: int, update_id: int) -> bool:
        key = (bot_id, update_id)
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True


class RedisSeenUpdates:
    """Shared by every worker: the first to claim an update id (`SET NX`) handles it, the others drop it."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def first_time(self, bot_id: int, update_id: int) -> bool:
        key = f"daigou:update:{bot_id}:{update_id}"
        return bool(await self._redis.set(key, 1, nx=True, ex=CLAIM_SECONDS))


class DropDuplicateUpdates(BaseMiddleware):
    def __init__(self, seen: SeenUpdates) -> None:
        self._seen = seen

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        bot: Bot = data["bot"]
        if isinstance(event, Update) and not await self._seen.first_time(bot.id, event.update_id):
            return None
        return await handler(event, data)
