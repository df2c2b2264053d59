"""Browsing and buying in a chat: the country and category pickers, quantities, the order."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import BrowsePage, BuyQuantity, Choice
from bot.presenters.text import category_name, country_name, escape, money
from core.services.money.payments import OrderInvoice

BROWSE_COUNTRY = "browse_country"  # the Choice field of the country picker
QUICK_QUANTITIES = 5


def country_keyboard(countries: list[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in countries:
        builder.button(text=country_name(code), callback_data=Choice(field=BROWSE_COUNTRY, value=code))
    builder.button(text=_("🌍 Anywhere"), callback_data=Choice(field=BROWSE_COUNTRY, value=""))
    builder.adjust(3)
    return builder.as_markup()


def category_keyboard(country: str | None, categories: list[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code in categories:
        builder.button(text=category_name(code), callback_data=BrowsePage(country=country or "", category=code))
    builder.button(text=_("Any category"), callback_data=BrowsePage(country=country or ""))
    builder.adjust(2)
    return builder.as_markup()


def browse_title(country: str | None, category: str | None) -> str:
    """`🔎 Japan · Bags`: what the cards below were picked by."""
    where = country_name(country) if country else _("Anywhere")
    what = category_name(category) if category else _("any category")
    return f"🔎 {where} · {what}"


def quantity_keyboard(listing_id: int, stock: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for quantity in range(1, min(stock, QUICK_QUANTITIES) + 1):
        builder.button(text=str(quantity), callback_data=BuyQuantity(listing_id=listing_id, quantity=quantity))
    builder.adjust(QUICK_QUANTITIES)
    return builder.as_markup()


def ask_quantity(title: str, stock: int) -> str:
    return _("How many “{title}” would you like? Tap a number, or type one from 1 to {max}.").format(
        title=escape(title), max=stock
    )


def order_summary(invoice: OrderInvoice) -> str:
    """Sent with the deposit's invoice, right after buying."""
    return _(
        "🧾 <b>Order #{id}</b>: {title} × {quantity}\n"
        "Total {total}: the deposit of {deposit} now, the balance of {balance} once the buyer has bought it.\n"
        "Pay the deposit with the invoice below. Your orders are in /orders."
    ).format(
        id=invoice.order_id,
        title=escape(invoice.title),
        quantity=invoice.quantity,
        total=money(invoice.total),
        deposit=money(invoice.deposit),
        balance=money(invoice.balance),
    )
