"""Taking updates in: a payment kept before the update is acknowledged, then every update handled in the background.

Telegram sends an update once more only while it is not acknowledged (the webhook has not answered
2xx; polling has not asked past it). After that, whatever fails loses it. For most updates that costs
the person a retry; for a successful payment it would lose money the provider took. So both ways in
(bot/webhook.py, bot/polling.py) call `accept`, which stores a charge in the payment inbox before it
returns; only then is the update acknowledged. Handling follows in the background, at most
`max_in_flight` at once (a burst waits for a free slot instead of piling up in memory), except that a
pre-checkout query never waits for one: Telegram cancels the payment if it is not answered in 10 s.
"""

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.chat_isolation import urgent
from core.services.payment_inbox import ReceivedCharge, store

log = logging.getLogger(__name__)

# At shutdown, updates already accepted get this long to finish: Telegram will not send them again.
DRAIN_SECONDS = 20.0


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
    def __init__(self, dispatcher: Dispatcher, bot: Bot, max_in_flight: int) -> None:
        self._dispatcher = dispatcher
        self._bot = bot
        self._slots = asyncio.Semaphore(max_in_flight)
        self._handling: set[asyncio.Task[None]] = set()

    async def accept(self, update: Update) -> None:
        """Returns when the update may be acknowledged; raises (nothing started) when its payment was not kept."""
        charge = received_charge(update)
        if charge is not None:
            await store(charge)
        takes_slot = update.pre_checkout_query is None
        if takes_slot:
            await self._slots.acquire()
        task = asyncio.create_task(self._handle(update, takes_slot))
        self._handling.add(task)
        task.add_done_callback(self._handling.discard)

    async def _handle(self, update: Update, took_slot: bool) -> None:
        urgent.set(not took_slot)  # this task's own context: a pre-checkout query skips the chat's lock
        try:
            await self._dispatcher.feed_update(self._bot, update)
        except Exception:
            log.exception("update %s failed", update.update_id)
        finally:
            if took_slot:
                self._slots.release()

    async def drain(self, within: float) -> None:
        """Let the updates being handled finish (Telegram will not send them again), for at most `within` s."""
        if self._handling:
            await asyncio.wait(self._handling, timeout=within)
