"""Listing cards in the chat: one listing opened by its id, or a page of them with a More button."""

from collections.abc import Callable

from aiogram import Bot
from aiogram.filters.callback_data import CallbackData
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.presenters.listings import listing_keyboard, listing_text
from bot.presenters.text import home_conversion
from core.errors import NotFound
from core.services.catalog.listing_cards import ListingCard, listing_card
from core.services.people.users import Person
from core.services.runtime.pages import Page


async def send_listing_card(bot: Bot, chat_id: int, listing_id: int, viewer: Person) -> None:
    """The card of one listing as `viewer` may see it, or word that it is gone."""
    try:
        card = await listing_card(listing_id, viewer.id, await home_conversion())
    except NotFound:
        await bot.send_message(chat_id, _("This listing is no longer available."))
        return
    await send_card(bot, chat_id, card)


async def send_card(bot: Bot, chat_id: int, card: ListingCard) -> None:
    markup = listing_keyboard(card)
    caption = listing_text(card)
    if card.photo_file_ids:
        await bot.send_photo(chat_id, card.photo_file_ids[0], caption=caption, reply_markup=markup)
    else:
        await bot.send_message(chat_id, caption, reply_markup=markup)


async def send_page(bot: Bot, chat_id: int, page: Page[ListingCard], next_page: Callable[[int], CallbackData]) -> None:
    """One card per listing, then a More button (its data made by `next_page` from the cursor) if there is more."""
    for card in page.items:
        await send_card(bot, chat_id, card)
    if page.next_before is not None:
        builder = InlineKeyboardBuilder()
        builder.button(text=_("More ▶"), callback_data=next_page(page.next_before))
        await bot.send_message(chat_id, _("There are more listings."), reply_markup=builder.as_markup())
