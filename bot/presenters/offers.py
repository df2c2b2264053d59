"""Offers from the buyer's side: feed cards, the offer summary before sending, and the buyer's pending offers."""

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import FeedPage, OfferAction, RequestAction
from bot.presenters.text import escape, fit, money, price_with_home
from core.domain.money import Money
from core.services.sourcing.request_cards import PendingOffer
from core.services.trade.orders import Price


def make_offer_keyboard(request_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("💬 Make offer"), callback_data=RequestAction(action="offer", request_id=request_id))
    return builder.as_markup()


def more_requests_keyboard(before: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("More requests ▶️"), callback_data=FeedPage(before=before))
    return builder.as_markup()


def price_lines(price: Price, days_to_ship: int) -> list[str]:
    return [
        _("Item: {item} × {quantity}").format(item=money(price.item_price), quantity=price.quantity),
        _("Service fee: {fee}").format(fee=money(price.service_fee)),
        _("Shipping fee: {fee}").format(fee=money(price.shipping_fee)),
        "<b>" + _("Total: {total}").format(total=money(price.total)) + "</b>",
        _("Ships in {days} days").format(days=days_to_ship),
    ]


def offer_summary(
    request_id: int,
    item_name: str,
    price: Price,
    days_to_ship: int,
    note: str,
    budget: Money,
    above_budget: Money | None = None,
) -> str:
    """The offer before it is sent; a total above the customer's budget is pointed out, not refused."""
    lines = [
        _("<b>Your offer on request #{id}</b>").format(id=request_id),
        "🛍 " + escape(item_name),
        *price_lines(price, days_to_ship),
    ]
    if note:
        lines.append("📝 " + escape(note))
    if above_budget is not None:
        lines += [
            "",
            _(
                "⚠️ This total ({total}) is above the customer's budget of {budget}. You can still send it; the "
                "customer will see that it is above."
            ).format(total=price_with_home(price.total, above_budget), budget=money(budget)),
        ]
    return "\n".join(lines)


def my_offers_text(offers: Sequence[PendingOffer]) -> str:
    if not offers:
        return _("You have no offers waiting for an answer. /feed shows open requests.")
    lines = [_("<b>Your offers waiting for an answer</b>")]
    for offer in offers:
        request = offer.request
        lines.append(
            _("Request #{id} · {text} · total {total} · {days} days").format(
                id=request.id,
                text=escape(fit(request.wanted.text, 60)),
                total=money(offer.price.total),
                days=offer.days_to_ship,
            )
        )
    return "\n".join(lines)


def my_offers_keyboard(offers: Sequence[PendingOffer]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for offer in offers:
        builder.button(
            text=_("🗑 Withdraw offer on #{id}").format(id=offer.request.id),
            callback_data=OfferAction(action="withdraw", offer_id=offer.id),
        )
    builder.adjust(1)
    return builder.as_markup()
