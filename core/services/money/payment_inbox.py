"""The payment inbox: every charge the provider made, kept before anything may drop it, recorded until done.

Telegram sends a successful payment once; after the update is acknowledged (the webhook answered
200, or polling asked for the next updates) it never comes again. So the front end `store`s the
charge as it arrived *before* acknowledging the update, and recording it into the ledger
(`record_received`) happens from the inbox: at once by the bot, and by the scheduler's
`payment.record` job after `RETRY_AFTER` if the bot did not (it crashed, was throttled, hit a
deadlock, or anything else failed), with the scheduler's backoff, until it is recorded. Recording
claims the entry with a conditional update in the same transaction as the ledger movement, so a
charge is recorded exactly once however many processes try.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.expressions import F

from core import clock
from core.domain.invoices import ForBond, ForOrder, PaymentPurpose, parse_payload
from core.errors import NotFound
from core.models.ledger import Payment
from core.models.orders import Order
from core.models.payment_inbox import ReceivedPayment
from core.models.users import User
from core.services.money import ledger, payments
from core.services.people.users import register_contact
from core.services.runtime import scheduler
from core.services.runtime.notifications import queue
from core.services.runtime.transactions import retrying

RECORD_PAYMENT = "payment.record"
RETRY_AFTER = timedelta(minutes=1)  # the bot's own attempt comes first
STUCK_AFTER = timedelta(minutes=15)  # shown to moderators past this


@dataclass(frozen=True, slots=True)
class ReceivedCharge:
    """A successful payment as Telegram reported it, in plain values."""

    telegram_payment_charge_id: str
    provider_payment_charge_id: str
    payer_telegram_id: int
    payer_first_name: str
    payer_language: str | None
    invoice_payload: str
    amount: int
    currency: str
    as_sent: dict[str, Any]


@dataclass(frozen=True, slots=True)
class PayerNotice:
    """What the payer is told of their recorded payment: an outbox key and its parameters."""

    payer_id: int
    key: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StuckPayments:
    count: int
    oldest: datetime | None


async def store(charge: ReceivedCharge) -> None:
    """Keep the charge (once per charge id) and plan its recording; the caller acknowledges the update after."""

    async def keep() -> None:
        await ReceivedPayment.bulk_create([_entry(charge)], ignore_conflicts=True)
        entry = await ReceivedPayment.get(telegram_payment_charge_id=charge.telegram_payment_charge_id)
        if entry.recorded_at is None:
            await scheduler.plan(RECORD_PAYMENT, str(entry.id), clock.now() + RETRY_AFTER)

    await retrying(keep)


def _entry(charge: ReceivedCharge) -> ReceivedPayment:
    return ReceivedPayment(
        telegram_payment_charge_id=charge.telegram_payment_charge_id,
        provider_payment_charge_id=charge.provider_payment_charge_id[:255],
        payer_telegram_id=charge.payer_telegram_id,
        payer_first_name=charge.payer_first_name[:64],
        payer_language=(charge.payer_language or "")[:16],
        invoice_payload=charge.invoice_payload[:128],
        amount=charge.amount,
        currency=charge.currency,
        as_sent=charge.as_sent,
        received_at=clock.now(),
    )


async def record_received(telegram_payment_charge_id: str) -> bool:
    """Record a stored charge into the ledger, once, and queue the payer's notice with it: False when it was
    recorded before. A failure is noted on the entry and raised (the scheduler tries again later)."""
    entry = await ReceivedPayment.get_or_none(telegram_payment_charge_id=telegram_payment_charge_id)
    if entry is None:
        raise NotFound("payment.not_received")
    try:
        return await retrying(lambda: _record(entry.id))
    except Exception as error:
        await ReceivedPayment.filter(id=entry.id, recorded_at=None).update(
            attempts=F("attempts") + 1, last_error=type(error).__name__[:255]
        )
        raise


async def _record(entry_id: int) -> bool:
    # Claiming the entry first is the lock order's first step; a second recorder waits here, then finds it done.
    if not await ReceivedPayment.filter(id=entry_id, recorded_at=None).update(recorded_at=clock.now()):
        return False
    entry = await ReceivedPayment.get(id=entry_id)
    payer = await User.get_or_none(telegram_id=entry.payer_telegram_id)
    if payer is None:  # paid without the bot ever meeting them: only by a forged or very old invoice
        payer, _ = await register_contact(
            entry.payer_telegram_id, entry.payer_first_name, language_code=entry.payer_language or None
        )
    payment = await _record_payment(entry, payer.id)
    await ReceivedPayment.filter(id=entry_id).update(payment_id=payment.id)
    await scheduler.drop(RECORD_PAYMENT, str(entry_id))
    # In the outbox, with the payment: a bot killed before it could answer the payer leaves nobody untold.
    told = await _payer_notice(payment)
    await queue(told.payer_id, told.key, **told.params)
    return True


async def _payer_notice(payment: Payment) -> PayerNotice:
    paid = {"amount": payment.amount, "currency": payment.currency}
    if payment.purpose is PaymentPurpose.BOND:
        held = await ledger.balance(ledger.bond_of(payment.payer_id), payment.currency)
        return PayerNotice(payment.payer_id, "bond.received", {**paid, "held": held})
    if payment.order_id is None:
        return PayerNotice(payment.payer_id, "payment.refunded_unmatched", paid)
    key = "order.payment_received" if payment.applied else "order.payment_refunded"
    return PayerNotice(payment.payer_id, key, {**paid, "id": payment.order_id})


async def _record_payment(entry: ReceivedPayment, payer_id: int) -> Payment:
    charge, provider = entry.telegram_payment_charge_id, entry.provider_payment_charge_id
    paid = entry.amount_money
    invoice = parse_payload(entry.invoice_payload)
    if isinstance(invoice, ForBond):
        return await payments.record_bond_payment(charge, payer_id, paid, provider)
    if isinstance(invoice, ForOrder) and await Order.exists(id=invoice.order_id):
        return await payments.record_payment(charge, payer_id, invoice.order_id, invoice.purpose, paid, provider)
    return await payments.record_unmatched_payment(charge, payer_id, paid, provider)


async def record_left_over(key: str) -> None:
    """The scheduler's turn: whatever the bot did not record (in the job's transaction)."""
    await _record(int(key))


async def stuck_payments(now: datetime | None = None) -> StuckPayments:
    """Charges stored but still not recorded `STUCK_AFTER` later: money a moderator should look into."""
    waiting = ReceivedPayment.filter(recorded_at=None, received_at__lte=(now or clock.now()) - STUCK_AFTER)
    oldest = await waiting.order_by("received_at").first()
    return StuckPayments(await waiting.count(), oldest.received_at if oldest else None)
