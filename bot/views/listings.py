"""Listing cards: the photo, the facts a customer needs, the buyer's record, and the buttons."""

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ListingAction
from bot.views.buyers import buyer_record
from bot.views.text import (
    CAPTION_LIMIT,
    category_name,
    country_name,
    escape,
    fit,
    home_conversion,
    price_with_home,
)
from core.domain.listings import ListingStatus
from core.models.listings import Listing
from core.services.rates import Conversion
from core.services.users import Person


def listing_text(listing: Listing, record: str, home: Conversion, with_description: bool = True) -> str:
    """The card's caption; `record` is the buyer's record line (see bot/views/buyers.py)."""
    price = listing.price_money
    converted = home(price)
    place = ", ".join(p for p in (listing.city, country_name(listing.country)) if p)
    lines = [
        f"<b>{escape(listing.title)}</b>",
        " · ".join(escape(p) for p in (listing.brand, category_name(listing.category)) if p),
        f"📍 {escape(place)}",
        f"💰 {price_with_home(price, converted)}",
        "📦 " + _("{stock} in stock · ships in {days} days").format(stock=listing.stock, days=listing.days_to_ship),
        record,
    ]
    if listing.status is not ListingStatus.ACTIVE:
        lines.append("⚠️ " + _("Not for sale right now."))
    head = "\n".join(lines)
    # Telegram counts the caption without tags, so the HTML length is a safe upper bound.
    room = CAPTION_LIMIT - len(head) - 2
    if with_description and room > 20:
        head += "\n\n" + escape(fit(listing.description, room))
    return head


def listing_keyboard(listing: Listing, viewer: Person) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    if listing.buyer_id == viewer.id:
        builder.button(text=_("✏️ Edit"), callback_data=ListingAction(action="edit", listing_id=listing.id))
        builder.button(text=_("🗑 Withdraw"), callback_data=ListingAction(action="withdraw", listing_id=listing.id))
    else:
        if listing.status is ListingStatus.ACTIVE:
            builder.button(text=_("🛒 Buy"), callback_data=ListingAction(action="buy", listing_id=listing.id))
        builder.button(text=_("➕ Follow buyer"), callback_data=ListingAction(action="follow", listing_id=listing.id))
        builder.button(text=_("🚩 Report fake"), callback_data=ListingAction(action="report", listing_id=listing.id))
    builder.adjust(2)
    builder.row(InlineKeyboardButton(text=_("↗️ Share"), switch_inline_query=f"#{listing.id}"))
    return builder.as_markup()


async def send_listing_card(bot: Bot, chat_id: int, listing_id: int, viewer: Person) -> None:
    listing = await Listing.get_or_none(id=listing_id).prefetch_related("photos")
    visible = listing is not None and (
        listing.status in (ListingStatus.ACTIVE, ListingStatus.SOLD_OUT) or listing.buyer_id == viewer.id
    )
    if listing is None or not visible:
        await bot.send_message(chat_id, _("This listing is no longer available."))
        return
    record = await buyer_record(await listing.buyer)
    await send_listing(bot, chat_id, listing, viewer, record, await home_conversion())


async def send_listing(bot: Bot, chat_id: int, listing: Listing, viewer: Person, record: str, home: Conversion) -> None:
    """The card of a listing already loaded with its photos."""
    photos = [p.file_id for p in listing.photos if not p.is_proof]
    markup = listing_keyboard(listing, viewer)
    caption = listing_text(listing, record, home)
    if photos:
        await bot.send_photo(chat_id, photos[0], caption=caption, reply_markup=markup)
    else:
        await bot.send_message(chat_id, caption, reply_markup=markup)
