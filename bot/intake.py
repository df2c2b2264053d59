"""Taking updates in: a payment kept before the update is acknowledged, and every update handled before it is.

Telegram sends an update again only while it is not acknowledged (the webhook has not answered 2xx;
polling has not asked past it). So both ways in (bot/webhook.py, bot/polling.py) acknowledge an update
only once `accept` has kept its payment, if any, in the payment inbox and its handling has finished: a
worker killed mid-update leaves it unacknowledged, and Telegram sends it again. A copy that arrives while
another worker handles it is `Handled.BUSY` (the webhook answers "try again later"); a copy of one handled
already is dropped (bot/update_claims.py).

At most `max_in_flight` updates are handled at once (a burst waits for a free slot instead of piling up
in memory), except that a pre-checkout query never waits for one, nor for its chat's lock: Telegram
cancels the payment if it is not answered within 10 s.
"""

import asyncio
import logging
from enum import Enum

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.chat_isolation import urgent
from bot.update_claims import Claim, MemoryClaims, UpdateClaims
from core.logs import log_scope
from core.services.money.payment_inbox import ReceivedCharge, store

log = logging.getLogger(__name__)

# At shutdown, updates already accepted get this long to finish.
DRAIN_SECONDS = 20.0


class Handled(Enum):
    YES = "yes"  # handled now (an error included: the person was told to try again)
    BEFORE = "before"  # a copy of an update handled already
    BUSY = "busy"  # another worker is handling it: acknowledge it later


def received_charge(update: Update) -> ReceivedCharge | None:
    """The charge a successful-payment update reports, in plain values; None for any other update."""
    message = update.message
    paid = message.successful_payment if message else None
    if message is None or paid is None or message.from_user is None:
        return None
    return ReceivedCharge(
        telegram_payment_charge_id=paid.telegram_payment_charge_id,
        provider_payment_charge_id=paid.provider_payment_charge_id,
        payer_telegram_id=message.from_user.id,
        payer_first_name=message.from_user.first_name,
        payer_language=message.from_user.language_code,
        invoice_payload=paid.invoice_payload,
        amount=paid.total_amount,
        currency=paid.currency,
        as_sent=paid.model_dump(mode="json", exclude_none=True),
    )


class UpdateIntake:
    def __init__(
        self, dispatcher: Dispatcher, bot: Bot, max_in_flight: int, claims: UpdateClaims | None = None
    ) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._claims = claims or MemoryClaims()
        self._slots = asyncio.Semaphore(max_in_flight)
        self._handling: set[asyncio.Task[Handled]] = set()

    async def accept(self, update: Update) -> asyncio.Task[Handled]:
        """Start handling the update; the task ends when it may be acknowledged. Raises, with nothing
        started, when its payment could not be kept."""
        charge = received_charge(update)
        if charge is not None:
            await store(charge)
        takes_slot = update.pre_checkout_query is None
        if takes_slot:
            await self._slots.acquire()
        task = asyncio.create_task(self._handle(update, takes_slot))
        self._handling.add(task)
        task.add_done_callback(self._handling.discard)
        return task

    async def _handle(self, update: Update, took_slot: bool) -> Handled:
        urgent.set(not took_slot)  # this task's own context: a pre-checkout query skips the chat's lock
        try:
            with log_scope(update_id=update.update_id):  # the user middleware notes who, core the order
                claim = await self._claims.claim(self._bot.id, update.update_id)
                if claim is not Claim.NEW:
                    return Handled.BEFORE if claim is Claim.DONE else Handled.BUSY
                try:
                    await self._dispatcher.feed_update(self._bot, update)
                except Exception:
                    log.exception("update %s failed", update.update_id)
                await self._claims.done(self._bot.id, update.update_id)
                return Handled.YES
        finally:
            if took_slot:
                self._slots.release()

    async def drain(self, within: float) -> None:
        """Let the updates being handled finish, for at most `within` s."""
        if self._handling:
            await asyncio.wait(self._handling, timeout=within)
