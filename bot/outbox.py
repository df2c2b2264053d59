"""Delivers the outbox (core/services/notifications) within Telegram's limits; any number of senders may run.

A round claims the due notices under a lease (transactional before marketing, oldest first)
and sends each chat's in order, chats side by side, paced by `Pacer`. Then each notice is:
- settled when sent, or when it can never be: the recipient blocked the bot, Telegram refuses
  the chat or the message, an invoice is no longer due;
- released for later on a 429 (at its `retry_after`, the chat paused until then) or a network
  or server failure (with a growing backoff), keeping the chat's later notices behind it.

Nothing lost, nothing twice: a notice is queued in the transaction of its action, and every
database step after the claim applies only while the claim is the sender's own, so two senders
never send one notice. The one window left is between Telegram accepting a message and the
settle being written: a sender that dies there leaves the notice to be sent again once its
lease runs out. That repeat is the chosen side, because a lost "your order has shipped" costs
more than a rare duplicate. The lease (60 s) is renewed just before each send and outlasts
the HTTP timeout, so a slow send is never taken over while it runs.
"""

import asyncio
import contextlib
import logging
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.utils.i18n import I18n

from bot import notices
from bot.pacing import Pacer
from core import clock
from core.errors import DomainError
from core.logs import log_scope
from core.metrics import OUTBOX_NOTICES
from core.services.runtime import notifications
from core.services.runtime.notifications import Notice

log = logging.getLogger(__name__)

POLL_SECONDS = 0.1  # how soon a notice queued anywhere is picked up
BATCH = 30  # about a second of sending at Telegram's overall rate
MAX_BACKOFF = timedelta(minutes=5)
_REFUSED = (TelegramForbiddenError, TelegramBadRequest, TelegramNotFound, TelegramMigrateToChat, TelegramEntityTooLarge)


class Outbox:
    def __init__(self, bot: Bot, i18n: I18n, pacer: Pacer | None = None, batch: int = BATCH) -> None:
        self.bot, self.i18n, self.batch = bot, i18n, batch
        self.pacer = pacer or Pacer()

    async def deliver_due(self) -> int:
        """Send what is due now, round after round until nothing is; returns how many were settled."""
        settled = 0
        while (sent := await self._round()) is not None:
            settled += sent
        return settled

    async def run(self, poll_seconds: float = POLL_SECONDS, stop: asyncio.Event | None = None) -> None:
        """Deliver until `stop` is set (for ever without one): the loop a bot process or a worker runs.

        Stopping lets the round in progress finish, so no claim is left open in the database.
        """
        stop = stop or asyncio.Event()
        while not stop.is_set():
            try:
                busy = await self._round() is not None
            except Exception:
                log.exception("outbox round failed")
                busy = False
            if not busy:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), poll_seconds)

    async def _round(self) -> int | None:
        """Claim a batch and send it: how many were settled, or None when nothing was due."""
        claimed = await notifications.claim(claim_id := notifications.new_claim(), self.batch)
        if not claimed:
            return None
        chats: dict[int, list[Notice]] = {}
        for notice in claimed:  # in claim order, so the chat with the most urgent notice starts first
            chats.setdefault(notice.recipient.id, []).append(notice)
        return sum(await asyncio.gather(*(self._deliver_chat(claim_id, chat) for chat in chats.values())))

    async def _deliver_chat(self, claim_id: str, chat: list[Notice]) -> int:
        """One chat's notices in order; after the first that must wait, the rest wait with it."""
        for position, notice in enumerate(chat):
            retry_at = await self._deliver(claim_id, notice)
            if retry_at is not None:
                for later in chat[position:]:
                    await notifications.release(later.id, claim_id, retry_at)
                return position
        return len(chat)

    async def _deliver(self, claim_id: str, notice: Notice) -> datetime | None:
        """Send one notice and settle it; or return when to try it again."""
        with log_scope(user_id=notice.recipient.id):
            return await self._send(claim_id, notice)

    async def _send(self, claim_id: str, notice: Notice) -> datetime | None:
        if not notices.known(notice.key):
            log.error("notification %s has no text for key %s; dropped", notice.id, notice.key)
            await notifications.settle(notice.id, claim_id, "unknown_key")
            OUTBOX_NOTICES.labels("undeliverable").inc()
            return None
        await self.pacer.turn(notice.recipient.id)
        if not await notifications.hold(notice.id, claim_id):
            log.warning("notification %s: claim lost to another sender; not sent here", notice.id)
            return None
        error = None
        try:
            await notices.send(self.bot, self.i18n, notice)
        except TelegramRetryAfter as exc:
            self.pacer.pause(notice.recipient.id, exc.retry_after)
            log.info("notification %s: flood wait %s s", notice.id, exc.retry_after)
            OUTBOX_NOTICES.labels("flood_wait").inc()
            return clock.now() + timedelta(seconds=exc.retry_after)
        except _REFUSED as exc:
            error = type(exc).__name__
        except DomainError as exc:
            error = exc.code
        except TelegramAPIError as exc:
            log.warning("notification %s: %s, will retry", notice.id, type(exc).__name__)
            OUTBOX_NOTICES.labels("retry").inc()
            return _backoff(notice)
        except Exception:
            log.exception("notification %s: could not be sent, will retry", notice.id)
            OUTBOX_NOTICES.labels("retry").inc()
            return _backoff(notice)
        OUTBOX_NOTICES.labels("undeliverable" if error else "delivered").inc()
        if error:
            log.info("notification %s not deliverable (%s); dropped", notice.id, error)
        if not await notifications.settle(notice.id, claim_id, error):
            log.warning("notification %s: sent after its claim was lost", notice.id)
        return None


def _backoff(notice: Notice) -> datetime:
    """1 s after the first failed attempt, doubling up to 5 minutes: a network outage is retried, not dropped."""
    return clock.now() + min(timedelta(seconds=2 ** min(notice.attempts - 1, 10)), MAX_BACKOFF)


async def deliver_pending(bot: Bot, i18n: I18n) -> int:
    """Send what is due now, with fresh limits; returns how many were settled (sent or given up)."""
    return await Outbox(bot, i18n).deliver_due()


async def run_outbox(bot: Bot, i18n: I18n, stop: asyncio.Event | None = None) -> None:
    """The outbox loop, for the bot process or a worker of its own; returns once `stop` is set."""
    await Outbox(bot, i18n).run(stop=stop)
