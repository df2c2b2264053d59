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
from bot.presenters.listings import listing_text
from bot.presenters.text import country_name, home_conversion, money
from core.errors import DomainError
from core.services.catalog.listing_cards import ListingCard, found_cards, shared_card
from core.services.money.rates import Conversion
from core.services.people.users import Person

handlers = Handlers(__name__)

RESULTS_PER_ANSWER = 20
CACHE_SECONDS = 5  # short: stock and prices change, and results carry the sharer's own link
_ONE_LISTING = re.compile(r"#(\d{1,12})")


async def _matching(words: str, offset: str, sharer: Person, home: Conversion) -> tuple[tuple[ListingCard, ...], str]:
    """The cards to offer and the offset of the next batch ("" when there is none)."""
    shared = _ONE_LISTING.fullmatch(words)
    if shared:
        return (await shared_card(int(shared[1]), sharer.id, home),), ""
    before = int(offset) if offset.isdecimal() else None
    page = await found_cards(sharer.id, home, words, cursor=before, limit=RESULTS_PER_ANSWER)
    return page.items, str(page.next_before or "")


def _result(card: ListingCard, bot_username: str, sharer: Person) -> InlineQueryResultArticle:
    assert card.id is not None, "only saved listings are found"
    link = listing_link(bot_username, card.id, sharer.referral_code)
    return InlineQueryResultArticle(
        id=str(card.id),
        title=card.title,
        description=f"{money(card.price)} · {country_name(card.country)}",
        input_message_content=InputTextMessageContent(message_text=listing_text(card)),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text=_("🛍 Open in Daigou"), url=link)]]
        ),
    )


@handlers.inline_query()
async def offer_listings(query: InlineQuery, user: Person, bot: Bot) -> None:
    try:
        cards, next_offset = await _matching(query.query.strip(), query.offset, user, await home_conversion())
    except DomainError:
        # A query too long to search, or a shared listing gone: inline mode can only show no results.
        cards, next_offset = (), ""
    me = await bot.me()
    results: list[InlineQueryResultUnion] = [_result(card, me.username or "", user) for card in cards]
    await query.answer(results, cache_time=CACHE_SECONDS, is_personal=True, next_offset=next_offset)
