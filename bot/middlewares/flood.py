"""Slow down a user who sends faster than a person reasonably can."""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, PreCheckoutQuery, TelegramObject
from aiogram.types import User as TelegramUser
from aiogram.utils.i18n import gettext as _

from bot.token_bucket import TokenBucket

_FIRST_SWEEP = 1024


@dataclass(slots=True)
class _Sender:
    bucket: TokenBucket
    warned: bool = False


# A message at least this old waited for the bot (sent while it was down or busy, delivered in a backlog):
# Telegram dates messages in whole seconds, so a fresh one is under a second old, plus the time to get here.
BACKLOG_AGE = 2.0


def _is_payment(event: TelegramObject) -> bool:
    """A payment is never throttled: a pre-checkout query left unanswered fails the payment after Telegram's
    10 s, and a successful payment is money already taken, whatever came before it."""
    if isinstance(event, PreCheckoutQuery):
        return True
    return isinstance(event, Message) and event.successful_payment is not None


class FloodControl(BaseMiddleware):
    """A token bucket per Telegram user: `burst` updates at once, then `rate` per second.

    Over the limit, the user is told once to slow down and further updates are dropped
    until the bucket refills; payments pass (and take no token), and so do messages that waited for the
    bot: a backlog after the bot was down says nothing of how fast the person is going now. A bucket that
    has refilled is forgotten (a new one starts full too), so memory follows the people active in the last
    few seconds, not everyone ever seen.
    """

    def __init__(
        self,
        rate: float = 2.0,
        burst: int = 10,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._rate, self._burst, self._clock, self._wall_clock = rate, burst, clock, wall_clock
        self._senders: dict[int, _Sender] = {}
        self._sweep_at = _FIRST_SWEEP

    def _forget_rested(self) -> None:
        self._senders = {user_id: sender for user_id, sender in self._senders.items() if not sender.bucket.full()}
        self._sweep_at = max(_FIRST_SWEEP, 2 * len(self._senders))  # sweeping stays O(1) per update

    def _waited(self, event: TelegramObject) -> bool:
        return isinstance(event, Message) and self._wall_clock() - event.date.timestamp() >= BACKLOG_AGE

    def _allow(self, user_id: int) -> tuple[bool, bool]:
        sender = self._senders.get(user_id)
        if sender is None:
            if len(self._senders) >= self._sweep_at:
                self._forget_rested()
            sender = self._senders[user_id] = _Sender(TokenBucket(self._rate, self._burst, self._clock))
        if sender.bucket.take():
            sender.warned = False
            return True, False
        first_warning = not sender.warned
        sender.warned = True
        return False, first_warning

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        sender: TelegramUser | None = data.get("event_from_user")
        if sender is None or _is_payment(event) or self._waited(event):
            return await handler(event, data)
        allowed, warn = self._allow(sender.id)
        if allowed:
            return await handler(event, data)
        if isinstance(event, CallbackQuery) or (warn and isinstance(event, Message)):
            await event.answer(_("You are going too fast. Please wait a moment and try again."))
        return None
