"""One update of a chat at a time (across workers, with Redis), except a pre-checkout query.

With Redis, aiogram handles a chat's updates one after another, so a photo album lands in one wizard
state. A pre-checkout query needs no chat state, and Telegram cancels the payment unless it is answered
within 10 s: it must not wait behind the same person's slow update. The intake marks it (`urgent`), and
this isolation lets it through without the chat's lock.
"""

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from contextvars import ContextVar

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey

urgent: ContextVar[bool] = ContextVar("urgent", default=False)


class ChatIsolation(BaseEventIsolation):
    def __init__(self, chats: BaseEventIsolation) -> None:
        self._chats = chats

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        if urgent.get():
            yield
            return
        async with self._chats.lock(key):
            yield

    async def close(self) -> None:
        await self._chats.close()
