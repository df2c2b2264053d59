"""Deposit and balance as Telegram invoices: send, pre-checkout check, record once."""

import logging

from aiogram import Bot, F
from aiogram.types import LabeledPrice, Message, PreCheckoutQuery
from aiogram.utils.i18n import gettext as _

from bot.error_texts import describe
from bot.handlers.registry import Handlers
from bot.views.text import money
from core.config import Settings
from core.domain.money import Money
from core.errors import DomainError
from core.models.ledger import Payment, PaymentPurpose
from core.models.orders import Order
from core.models.users import User
from core.services import payments
from core.services.orders import get_order

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


@handlers.pre_checkout_query()
async def check_before_charging(query: PreCheckoutQuery, user: User) -> None:
    """Telegram waits at most 10 s for this answer; it is a few indexed reads."""
    parsed = parse_invoice_payload(query.invoice_payload)
    if parsed is None:
        await query.answer(ok=False, error_message=_("This invoice is not valid any more."))
        return
    order_id, purpose = parsed
    try:
        await payments.check_pre_checkout(order_id, user.id, purpose, Money(query.total_amount, query.currency))
    except DomainError as error:
        await query.answer(ok=False, error_message=describe(error))
        return
    await query.answer(ok=True)


@handlers.message(F.successful_payment)
async def payment_received(message: Message, user: User, bot: Bot) -> None:
    paid = message.successful_payment
    assert paid is not None
    parsed = parse_invoice_payload(paid.invoice_payload)
    if parsed is None:
        log.error("successful payment with an unknown payload, charge %s", paid.telegram_payment_charge_id)
        return
    order_id, purpose = parsed
    if await Payment.exists(telegram_payment_charge_id=paid.telegram_payment_charge_id):
        return  # the same payment delivered again: already recorded and announced
    payment = await payments.record_payment(
        paid.telegram_payment_charge_id,
        user.id,
        order_id,
        purpose,
        Money(paid.total_amount, paid.currency),
        paid.provider_payment_charge_id,
    )
    if not payment.applied:
        await message.answer(_("This order could not take the payment any more, so it has been refunded in full."))
        return
    order = await get_order(order_id)
    amount = money(Money(payment.amount, payment.currency))
    await message.answer(
        _("Payment of {amount} received for order #{id}. Thank you!").format(amount=amount, id=order.id)
    )
