"""Telegram invoices (an order's deposit and balance, a buyer's bond): send, pre-checkout check, record once."""

import logging

from aiogram import Bot, F
from aiogram.types import LabeledPrice, Message, PreCheckoutQuery
from aiogram.utils.i18n import gettext as _

from bot.error_texts import describe
from bot.handlers.registry import Handlers
from bot.views.text import listed, money
from core.config import Settings
from core.domain.money import Money
from core.errors import DomainError, Forbidden, InvalidState
from core.models.ledger import Payment, PaymentPurpose
from core.models.orders import Order
from core.models.users import User
from core.services import bonds, payments

log = logging.getLogger(__name__)
handlers = Handlers(__name__)


def invoice_payload(order_id: int, purpose: PaymentPurpose) -> str:
    return f"order:{order_id}:{purpose.value}"


def parse_invoice_payload(payload: str) -> tuple[int, PaymentPurpose] | None:
    kind, _, rest = payload.partition(":")
    order_id, _, purpose = rest.partition(":")
    if kind != "order" or not order_id.isdigit() or purpose not in PaymentPurpose._value2member_map_:
        return None
    return int(order_id), PaymentPurpose(purpose)


def bond_payload(buyer_id: int) -> str:
    return f"bond:{buyer_id}"


def parse_bond_payload(payload: str) -> int | None:
    """The buyer a bond invoice was made out to, or None when the payload is not a bond's."""
    kind, _, buyer_id = payload.partition(":")
    return int(buyer_id) if kind == "bond" and buyer_id.isdigit() else None


async def send_invoice(bot: Bot, settings: Settings, customer: User, order: Order, purpose: PaymentPurpose) -> None:
    """Ask the customer to pay what is due now; refuses (DomainError) when nothing is."""
    due = await payments.invoice_for(order.id, customer.id, purpose)
    title = _("Deposit for order #{id}") if purpose is PaymentPurpose.DEPOSIT else _("Balance for order #{id}")
    description = _("{title} · total {total}").format(
        title=order.title, total=money(Money(order.total, order.currency))
    )
    await bot.send_invoice(
        chat_id=customer.telegram_id,
        title=title.format(id=order.id)[:32],
        description=description[:255],
        payload=invoice_payload(order.id, purpose),
        provider_token=settings.payment_provider_token or "",
        currency=due.currency,
        prices=[LabeledPrice(label=title.format(id=order.id)[:32], amount=due.amount)],
    )


async def send_bond_invoice(bot: Bot, settings: Settings, buyer: User, amount: Money) -> None:
    """Ask a verified buyer to pay a bond top-up of `amount`; refuses (DomainError) anyone else or a bad amount."""
    amount = await bonds.bond_invoice(buyer.id, amount)
    title = _("Security bond")
    await bot.send_invoice(
        chat_id=buyer.telegram_id,
        title=title[:32],
        description=_("A bond of {amount} for your buyer account.").format(amount=money(amount))[:255],
        payload=bond_payload(buyer.id),
        provider_token=settings.payment_provider_token or "",
        currency=amount.currency,
        prices=[LabeledPrice(label=title[:32], amount=amount.amount)],
    )


async def _check(payload: str, payer: User, paid: Money) -> None:
    """Raise when Telegram must not charge: the invoice is stale, not the payer's, or the amount is wrong."""
    buyer_id = parse_bond_payload(payload)
    if buyer_id is not None:
        if buyer_id != payer.id:
            raise Forbidden("payment.not_your_invoice")
        await bonds.bond_invoice(payer.id, paid)
        return
    parsed = parse_invoice_payload(payload)
    if parsed is None:
        raise InvalidState("payment.invoice_stale")
    order_id, purpose = parsed
    await payments.check_pre_checkout(order_id, payer.id, purpose, paid)


@handlers.pre_checkout_query()
async def check_before_charging(query: PreCheckoutQuery, user: User) -> None:
    """Telegram waits at most 10 s for this answer; it is a few indexed reads."""
    try:
        await _check(query.invoice_payload, user, Money(query.total_amount, query.currency))
    except DomainError as error:
        await query.answer(ok=False, error_message=describe(error))
        return
    await query.answer(ok=True)


@handlers.message(F.successful_payment)
async def payment_received(message: Message, user: User, bot: Bot) -> None:
    paid = message.successful_payment
    assert paid is not None
    if await Payment.exists(telegram_payment_charge_id=paid.telegram_payment_charge_id):
        return  # the same payment delivered again: already recorded and announced
    amount = Money(paid.total_amount, paid.currency)
    if parse_bond_payload(paid.invoice_payload) is not None:
        # Whoever paid, the money is theirs: it becomes the payer's bond, never lost.
        await payments.record_bond_payment(
            paid.telegram_payment_charge_id, user.id, amount, paid.provider_payment_charge_id
        )
        held = await bonds.held_bond(user.id)
        await message.answer(
            _("Bond of {amount} received. Your bond is now {held}.").format(
                amount=money(amount), held=listed([money(bond) for bond in held])
            )
        )
        return
    parsed = parse_invoice_payload(paid.invoice_payload)
    if parsed is None:
        log.error("successful payment with an unknown payload, charge %s", paid.telegram_payment_charge_id)
        return
    order_id, purpose = parsed
    payment = await payments.record_payment(
        paid.telegram_payment_charge_id,
        user.id,
        order_id,
        purpose,
        amount,
        paid.provider_payment_charge_id,
    )
    if not payment.applied:
        await message.answer(_("This order could not take the payment any more, so it has been refunded in full."))
        return
    await message.answer(
        _("Payment of {amount} received for order #{id}. Thank you!").format(amount=money(amount), id=order_id)
    )
