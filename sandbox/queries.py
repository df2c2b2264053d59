"""Queries a bot must answer in time: callback, inline and pre-checkout queries."""

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sandbox.errors import QUERY_TOO_OLD, bad_request

T = TypeVar("T")


@dataclass(frozen=True)
class CallbackAnswer:
    """What the user saw after pressing a button: the bot's answerCallbackQuery, or nothing."""

    answered: bool
    text: str | None = None
    show_alert: bool = False
    url: str | None = None


@dataclass(frozen=True)
class InlineAnswer:
    """The bot's answerInlineQuery."""

    query_id: str
    results: list[dict[str, Any]] = field(default_factory=list)
    next_offset: str = ""
    cache_time: int = 300
    is_personal: bool = False
    button: dict[str, Any] | None = None

    def result(self, result_id: str) -> dict[str, Any]:
        """The result with this id; LookupError if the bot did not offer it."""
        for result in self.results:
            if result.get("id") == result_id:
                return result
        raise LookupError(f"no inline result {result_id!r} among {[r.get('id') for r in self.results]}")


@dataclass(frozen=True)
class PreCheckoutAnswer:
    """The bot's answerPreCheckoutQuery."""

    ok: bool
    error_message: str | None = None


def new_query_id() -> str:
    """Telegram's query ids are long decimal strings."""
    return str(random.randint(10**17, 10**19))


class PendingAnswers(Generic[T]):
    """Open queries by id; each may be answered once, before its lifetime ends."""

    def __init__(self) -> None:
        self._open: dict[str, tuple[asyncio.Future[T], float]] = {}

    def open(self, query_id: str, lifetime: float) -> "asyncio.Future[T]":
        now = time.monotonic()
        for stale in [key for key, (_, deadline) in self._open.items() if deadline < now]:
            self.close(stale)
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._open[query_id] = (future, now + lifetime)
        return future

    def answer(self, query_id: str | None, value: T) -> None:
        """Record the bot's answer; an unknown, expired or already answered query is Telegram's 400."""
        entry = self._open.pop(query_id or "", None)
        if entry is None:
            raise bad_request(QUERY_TOO_OLD)
        future, deadline = entry
        if time.monotonic() > deadline or future.done():
            raise bad_request(QUERY_TOO_OLD)
        future.set_result(value)

    def close(self, query_id: str) -> None:
        """The query expired: later answers are refused."""
        entry = self._open.pop(query_id, None)
        if entry is not None and not entry[0].done():
            entry[0].cancel()
