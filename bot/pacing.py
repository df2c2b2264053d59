"""Telegram's sending limits, kept by the outbox: about 30 messages a second in all, about one a second per chat.

Telegram allows a chat a short burst before it answers 429, so a person who gets two notices at
once (a receipt and its invoice) gets them together; a longer run is spaced a second apart.
The clock and the sleep are injected, so tests check the pacing without waiting for it.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.token_bucket import TokenBucket

_CHATS_REMEMBERED = 10_000  # beyond this, chats quiet long enough to be full again are forgotten
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Limits:
    per_second: float = 30.0
    per_chat_per_second: float = 1.0
    chat_burst: int = 3


class Pacer:
    def __init__(self, limits: Limits = Limits(), clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        self.limits, self.clock, self._sleep = limits, clock, sleep
        self._overall = TokenBucket(limits.per_second, 1, clock)
        self._chats: dict[int, TokenBucket] = {}

    def _chat(self, chat_id: int) -> TokenBucket:
        if chat_id not in self._chats:
            if len(self._chats) >= _CHATS_REMEMBERED:
                self._chats = {chat: bucket for chat, bucket in self._chats.items() if not bucket.full()}
            self._chats[chat_id] = TokenBucket(self.limits.per_chat_per_second, self.limits.chat_burst, self.clock)
        return self._chats[chat_id]

    async def turn(self, chat_id: int) -> None:
        """Wait until one more message may go to this chat.

        One sender per chat at a time: the chat's turn comes first, then a place in the overall
        rate, so a chat that must wait holds no place the others could use.
        """
        await self._wait(self._chat(chat_id).reserve())
        await self._wait(self._overall.reserve())

    def pause(self, chat_id: int, seconds: float) -> None:
        """Telegram said to wait (a 429's `retry_after`): nothing more to this chat until then."""
        self._chat(chat_id).pause(seconds)

    async def _wait(self, seconds: float) -> None:
        if seconds > 0:
            await self._sleep(seconds)
