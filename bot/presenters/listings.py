"""Listing cards: the facts a customer needs, the buyer's record, and the buttons."""

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ListingAction
from bot.presenters.buyers import record_line, reviews_button
from bot.presenters.text import CAPTION_LIMIT, category_name, country_name, escape, fit, price_with_home
from core.domain.listings import ListingStatus
from core.services.catalog.listing_cards import ListingCard


def listing_text(card: ListingCard) -> str:
    """The card's caption."""
    place = ", ".join(p for p in (card.city, country_name(card.country)) if p)
    lines = [
        f"<b>{escape(card.title)}</b>",
        " · ".join(escape(p) for p in (card.brand, category_name(card.category)) if p),
        f"📍 {escape(place)}",
        f"💰 {price_with_home(card.price, card.price_at_home)}",
        "📦 " + _("{stock} in stock · ships in {days} days").format(stock=card.stock, days=card.days_to_ship),
        record_line(card.buyer),
    ]
    if card.status is not ListingStatus.ACTIVE:
        lines.append("⚠️ " + _("Not for sale right now."))
    head = "\n".join(lines)
    # Telegram counts the caption without tags, so the HTML length is a safe upper bound.
    room = CAPTION_LIMIT - len(head) - 2
    if room > 20:
        head += "\n\n" + escape(fit(card.description, room))
    return head


def listing_keyboard(card: ListingCard) -> InlineKeyboardMarkup:
    """Edit and Withdraw for its buyer; Buy (while for sale), Follow, Report and the buyer's Reviews for anyone
    else; Share for all."""
    assert card.id is not None, "a draft's preview has its own buttons"
    builder = InlineKeyboardBuilder()
    if card.viewer_owns:
        builder.button(text=_("✏️ Edit"), callback_data=ListingAction(action="edit", listing_id=card.id))
        builder.button(text=_("🗑 Withdraw"), callback_data=ListingAction(action="withdraw", listing_id=card.id))
    else:
        if card.status is ListingStatus.ACTIVE:
            builder.button(text=_("🛒 Buy"), callback_data=ListingAction(action="buy", listing_id=card.id))
        follow = _("✅ Following · tap to stop") if card.viewer_follows else _("➕ Follow buyer")
        builder.button(text=follow, callback_data=ListingAction(action="follow", listing_id=card.id))
        builder.button(text=_("🚩 Report fake"), callback_data=ListingAction(action="report", listing_id=card.id))
        reviews_button(builder, card.buyer)
    builder.adjust(2)
    builder.row(InlineKeyboardButton(text=_("↗️ Share"), switch_inline_query=f"#{card.id}"))
    return builder.as_markup()
