"""Telegram payments: what an invoice asks for, the pre-checkout check, and recording.

A successful payment is recorded once per `telegram_payment_charge_id`; a duplicate changes
nothing. The payment inbox (core/services/money/payment_inbox.py) calls these and tells the payer.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.domain.invoices import PaymentPurpose
from core.domain.money import Money
from core.domain.order_machine import Action, Actor, OrderState
from core.errors import Forbidden, InvalidInput, InvalidState
from core.metrics import PAYMENTS_RECORDED
from core.models.ledger import Payment
from core.models.orders import Order
from core.services.money import ledger
from core.services.runtime.notifications import queue
from core.services.runtime.transactions import on_commit, retrying
from core.services.trade.orders import get_order, lock_order, news, transition

_PAID_NEWS = {PaymentPurpose.DEPOSIT: "order.deposit_paid", PaymentPurpose.BALANCE: "order.balance_paid"}
_PAY = {PaymentPurpose.DEPOSIT: Action.PAY_DEPOSIT, PaymentPurpose.BALANCE: Action.PAY_BALANCE}
_DUE_IN: dict[PaymentPurpose, OrderState] = {
    PaymentPurpose.DEPOSIT: OrderState.AWAITING_DEPOSIT,
    PaymentPurpose.BALANCE: OrderState.AWAITING_BALANCE,
}


def amount_due(order: Order, purpose: PaymentPurpose) -> Money:
    if purpose not in _DUE_IN:
        raise InvalidInput("payment.unknown_purpose", purpose=purpose.value)
    return order.deposit_money if purpose is PaymentPurpose.DEPOSIT else order.balance_money


@dataclass(frozen=True, slots=True)
class OrderInvoice:
    """What an invoice for an order, and the summary sent with it, say: the order and the amount due now."""

    order_id: int
    purpose: PaymentPurpose
    title: str
    quantity: int
    total: Money
    deposit: Money
    balance: Money
    due: Money


async def order_invoice(order_id: int, payer_id: int, purpose: PaymentPurpose) -> OrderInvoice:
    """The invoice to send, after checking the payer may pay it now."""
    order = await get_order(order_id)
    if order.customer_id != payer_id:
        raise Forbidden("payment.not_your_order")
    if order.state is not _DUE_IN.get(purpose):
        raise InvalidState("payment.not_due", state=order.state.value)
    due = amount_due(order, purpose)
    if due.amount <= 0:
        raise InvalidState("payment.nothing_due")
    return OrderInvoice(
        order.id, purpose, order.title, order.quantity, order.total_money, order.deposit_money, order.balance_money, due
    )


async def invoice_for(order_id: int, payer_id: int, purpose: PaymentPurpose) -> Money:
    """The amount to put on an invoice, after checking the payer may pay it now."""
    return (await order_invoice(order_id, payer_id, purpose)).due


async def check_pre_checkout(order_id: int, payer_id: int, purpose: PaymentPurpose, paid: Money) -> None:
    """Answer Telegram's pre-checkout query: raises when the payment must be refused."""
    due = await invoice_for(order_id, payer_id, purpose)
    if paid != due:
        raise InvalidInput("payment.wrong_amount", expected=due.amount, currency=due.currency)


async def _record_once(charge_id: str, record: Callable[[], Awaitable[Payment]]) -> Payment:
    """Run `record` in a (retried) transaction unless this charge id is already recorded."""
    if not charge_id:
        raise InvalidInput("payment.charge_id_missing")

    async def once() -> Payment:
        existing = await Payment.get_or_none(telegram_payment_charge_id=charge_id)
        if existing is not None:
            return existing
        try:
            async with in_transaction():  # a savepoint: a lost race on the charge id must not abort the rest
                return await record()
        except IntegrityError:
            # The same charge id, delivered twice at once: the other delivery recorded it.
            return await Payment.get(telegram_payment_charge_id=charge_id)

    return await retrying(once)


def _count(purpose: PaymentPurpose, outcome: str) -> None:
    """Counted once the recording commits: a charge recorded before, or an attempt rolled back, is not."""
    on_commit(PAYMENTS_RECORDED.labels(purpose.value, outcome).inc)


async def _payment(
    charge_id: str, provider_charge_id: str, payer_id: int, purpose: PaymentPurpose, paid: Money, **order: Any
) -> Payment:
    return await Payment.create(
        telegram_payment_charge_id=charge_id,
        provider_payment_charge_id=provider_charge_id[:255],
        payer_id=payer_id,
        purpose=purpose,
        amount=paid.amount,
        currency=paid.currency,
        **order,
    )


async def record_payment(
    telegram_payment_charge_id: str,
    payer_id: int,
    order_id: int,
    purpose: PaymentPurpose,
    paid: Money,
    provider_payment_charge_id: str = "",
) -> Payment:
    """Record a successful order payment once, capture it into escrow and move the order on.

    The order is locked first (the lock order in core/services/runtime/transactions.py), so nothing can move
    it between our look and our step. Money for an order that can no longer take it (cancelled
    between invoice and payment, another amount or payer) is captured and at once refunded.
    """
    capture_key = f"payment:{telegram_payment_charge_id}"

    async def record() -> Payment:
        order = await lock_order(order_id)
        applies = (
            order.customer_id == payer_id and order.state is _DUE_IN.get(purpose) and paid == amount_due(order, purpose)
        )
        payment = await _payment(
            telegram_payment_charge_id,
            provider_payment_charge_id,
            payer_id,
            purpose,
            paid,
            order_id=order_id,
            applied=applies,
        )
        await ledger.capture_payment(capture_key, order_id, paid)
        if applies:
            await transition(order_id, _PAY[purpose], Actor.SYSTEM, expected_state=order.state)
            await queue(order.buyer_id, _PAID_NEWS[purpose], **news(order))
        else:
            await ledger.refund_escrow(f"{capture_key}:unapplied", order_id, payer_id, paid)
        _count(purpose, "applied" if applies else "refunded")
        return payment

    return await _record_once(telegram_payment_charge_id, record)


async def record_bond_payment(
    telegram_payment_charge_id: str, buyer_id: int, paid: Money, provider_payment_charge_id: str = ""
) -> Payment:
    """A buyer tops up their security bond, once per charge id. Whoever paid a bond invoice, the money
    becomes the payer's bond: never lost."""

    async def record() -> Payment:
        bond = PaymentPurpose.BOND
        payment = await _payment(telegram_payment_charge_id, provider_payment_charge_id, buyer_id, bond, paid)
        await ledger.post_bond(f"payment:{telegram_payment_charge_id}", buyer_id, paid)
        _count(bond, "applied")
        return payment

    return await _record_once(telegram_payment_charge_id, record)


async def record_unmatched_payment(
    telegram_payment_charge_id: str, payer_id: int, paid: Money, provider_payment_charge_id: str = ""
) -> Payment:
    """A charge whose invoice names nothing of ours: recorded, and owed back to the payer in full."""

    async def record() -> Payment:
        unmatched = PaymentPurpose.UNMATCHED
        payment = await _payment(
            telegram_payment_charge_id, provider_payment_charge_id, payer_id, unmatched, paid, applied=False
        )
        await ledger.refund_unmatched(f"payment:{telegram_payment_charge_id}", payer_id, paid)
        _count(unmatched, "refunded")
        return payment

    return await _record_once(telegram_payment_charge_id, record)


def payment_due(order: Order, payer_id: int) -> PaymentPurpose | None:
    """What this user has to pay on this order now, if anything: the bot's "Pay" button."""
    if order.customer_id != payer_id:
        return None
    for purpose, state in _DUE_IN.items():
        if order.state is state and amount_due(order, purpose).amount > 0:
            return purpose
    return None
