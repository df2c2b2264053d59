"""Each update is handled once, however many times it is delivered."""

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update


class SeenUpdates(Protocol):
    async def first_time(self, update_id: int) -> bool:
        """True the first time an update id is offered, False on every repeat."""
        ...


class MemorySeenUpdates:
    """Remembers the most recent update ids of one process."""

    def __init__(self, capacity: int = 100_000) -> None:
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._capacity = capacity

    async def first_time(self, update_id: int) -> bool:
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True


class DropDuplicateUpdates(BaseMiddleware):
    def __init__(self, seen: SeenUpdates) -> None:
        self._seen = seen

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update) and not await self._seen.first_time(event.update_id):
            return None
        return await handler(event, data)
