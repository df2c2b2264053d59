"""Inline mode: `@bot words` in any chat finds listings to share; `@bot #<id>` is one listing's Share button.

Each shared card carries a button deep-linking back into the bot with the sharer's referral code, so
whoever opens it sees the listing and, if new, is bound to the sharer.
"""

import re

from aiogram import Bot
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultUnion,
    InputTextMessageContent,
)
from aiogram.utils.i18n import gettext as _

from bot.deep_links import listing_link
from bot.handler_registry import Handlers
from bot.views.buyers import buyer_records
from bot.views.listings import listing_text
from bot.views.text import country_name, home_conversion, money
from core.errors import DomainError
from core.models.listings import Listing
from core.services.listings import public_listing, search_listings
from core.services.rates import Conversion
from core.services.users import Person

handlers = Handlers(__name__)

RESULTS_PER_ANSWER = 20
CACHE_SECONDS = 5  # short: stock and prices change, and results carry the sharer's own link
_ONE_LISTING = re.compile(r"#(\d{1,12})")


async def _matching(words: str, offset: str) -> tuple[list[Listing], str]:
    """The listings to offer and the offset of the next batch ("" when there is none)."""
    shared = _ONE_LISTING.fullmatch(words)
    if shared:
        return [await public_listing(int(shared[1]))], ""
    before = int(offset) if offset.isdecimal() else None
    page = await search_listings(words, before_id=before, limit=RESULTS_PER_ANSWER)
    return page.items, str(page.next_before or "")


def _result(
    listing: Listing, record: str, home: Conversion, bot_username: str, sharer: Person
) -> InlineQueryResultArticle:
    link = listing_link(bot_username, listing.id, sharer.referral_code)
    return InlineQueryResultArticle(
        id=str(listing.id),
        title=listing.title,
        description=f"{money(listing.price_money)} · {country_name(listing.country)}",
        input_message_content=InputTextMessageContent(message_text=listing_text(listing, record, home)),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text=_("🛍 Open in Daigou"), url=link)]]
        ),
    )


@handlers.inline_query()
async def offer_listings(query: InlineQuery, user: Person, bot: Bot) -> None:
    try:
        listings, next_offset = await _matching(query.query.strip(), query.offset)
    except DomainError:
        # A query too long to search, or a shared listing gone: inline mode can only show no results.
        listings, next_offset = [], ""
    me = await bot.me()
    await Listing.fetch_for_list(listings, "buyer")
    records = await buyer_records(listing.buyer for listing in listings)
    home = await home_conversion()
    results: list[InlineQueryResultUnion] = [
        _result(listing, records[listing.buyer_id], home, me.username or "", user) for listing in listings
    ]
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True, next_offset=next_offset)
