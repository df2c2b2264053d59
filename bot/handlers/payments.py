"""Telegram payments (an order's deposit and balance, a buyer's bond): the pre-checkout check, and recording."""

from aiogram import F
from aiogram.types import Message, PreCheckoutQuery

from bot.error_texts import describe
from bot.handler_registry import Handlers
from core.domain.invoices import ForBond, ForOrder, parse_payload
from core.domain.money import Money
from core.errors import DomainError, Forbidden, InvalidState
from core.services.money import bonds, payment_inbox, payments
from core.services.people.users import Person

handlers = Handlers(__name__)


async def _check(payload: str, payer: Person, paid: Money) -> None:
    """Raise when Telegram must not charge: the invoice is stale, not the payer's, or the amount is wrong."""
    invoice = parse_payload(payload)
    if isinstance(invoice, ForBond):
        if invoice.buyer_id != payer.id:
            raise Forbidden("payment.not_your_invoice")
        await bonds.bond_invoice(payer.id, paid)
    elif isinstance(invoice, ForOrder):
        await payments.check_pre_checkout(invoice.order_id, payer.id, invoice.purpose, paid)
    else:
        raise InvalidState("payment.invoice_stale")


@handlers.pre_checkout_query()
async def check_before_charging(query: PreCheckoutQuery, user: Person) -> None:
    """Telegram waits at most 10 s for this answer; it is a few indexed reads."""
    try:
        await _check(query.invoice_payload, user, Money(query.total_amount, query.currency))
    except DomainError as error:
        await query.answer(ok=False, error_message=describe(error))
        return
    await query.answer(ok=True)


@handlers.message(F.successful_payment)
async def payment_received(message: Message) -> None:
    """The charge is in the inbox already (bot/intake.py kept it before the update was acknowledged): record
    it now; the payer hears how it went through the outbox, queued with the payment. Should this fail, the
    scheduler records it later."""
    assert message.successful_payment is not None
    await payment_inbox.record_received(message.successful_payment.telegram_payment_charge_id)
