"""Sending invoices: an order's deposit or balance, a buyer's bond top-up (paid through Telegram's payments API)."""

from aiogram import Bot
from aiogram.types import LabeledPrice
from aiogram.utils.i18n import gettext as _

from bot.presenters.text import money
from core.config import current_settings, revealed
from core.domain.invoices import PaymentPurpose, bond_payload, order_payload
from core.domain.money import Money
from core.services.money import bonds, payments
from core.services.people.users import Person


async def send_invoice(bot: Bot, customer: Person, order_id: int, purpose: PaymentPurpose) -> None:
    """Ask the customer to pay what is due now; refuses (DomainError) when nothing is."""
    await send_order_invoice(bot, customer, await payments.order_invoice(order_id, customer.id, purpose))


def _provider_token() -> str:
    return revealed(current_settings().payment_provider_token) or ""


async def send_order_invoice(bot: Bot, customer: Person, invoice: payments.OrderInvoice) -> None:
    """Send an invoice already read (and checked) for this customer."""
    purpose, order_id = invoice.purpose, invoice.order_id
    title = _("Deposit for order #{id}") if purpose is PaymentPurpose.DEPOSIT else _("Balance for order #{id}")
    description = _("{title} · total {total}").format(title=invoice.title, total=money(invoice.total))
    await bot.send_invoice(
        chat_id=customer.telegram_id,
        title=title.format(id=order_id)[:32],
        description=description[:255],
        payload=order_payload(order_id, purpose),
        provider_token=_provider_token(),
        currency=invoice.due.currency,
        prices=[LabeledPrice(label=title.format(id=order_id)[:32], amount=invoice.due.amount)],
    )


async def send_bond_invoice(bot: Bot, buyer: Person, amount: Money) -> None:
    """Ask a verified buyer to pay a bond top-up of `amount`; refuses (DomainError) anyone else or a bad amount."""
    amount = await bonds.bond_invoice(buyer.id, amount)
    title = _("Security bond")
    await bot.send_invoice(
        chat_id=buyer.telegram_id,
        title=title[:32],
        description=_("A bond of {amount} for your buyer account.").format(amount=money(amount))[:255],
        payload=bond_payload(buyer.id),
        provider_token=_provider_token(),
        currency=amount.currency,
        prices=[LabeledPrice(label=title[:32], amount=amount.amount)],
    )
