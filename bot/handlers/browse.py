"""Browse by country and category, search by typing, buy a listing, follow its buyer.

Registered just before the fallback: its free-text search takes whatever text no other area wanted.
"""

from contextlib import suppress

from aiogram import Bot, F
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.callbacks import BrowsePage, BuyQuantity, Choice, ListingAction, SearchPage
from bot.handler_registry import Handlers
from bot.invoices import send_order_invoice
from bot.keyboards import BROWSE, MENU_LABELS, NEW_REQUEST
from bot.listing_cards import send_page
from bot.presenters.addresses import ship_to_keyboard, ship_to_question
from bot.presenters.browsing import (
    BROWSE_COUNTRY,
    ask_quantity,
    browse_title,
    category_keyboard,
    country_keyboard,
    order_summary,
    quantity_keyboard,
)
from bot.presenters.listings import listing_keyboard
from bot.presenters.text import escape, fit, home_conversion
from bot.wizard import Answers, Step, Wizard
from core.domain.invoices import PaymentPurpose
from core.services.catalog.listing_cards import found_cards, listing_card
from core.services.catalog.listings import (
    buy_listing,
    follow_seller,
    listing_categories,
    listing_countries,
    listing_for_sale,
)
from core.services.money.payments import order_invoice
from core.services.people.addresses import saved_addresses
from core.services.people.users import Person

handlers = Handlers(__name__)

CARDS_PER_PAGE = 5


class BuyListing(StatesGroup):
    quantity = State()  # data: buy_listing (id), buy_max (stock when asked)


async def _not_available(query: CallbackQuery) -> None:
    await query.answer(_("This button is no longer available."), show_alert=True)


async def _drop_buttons(query: CallbackQuery, text: str | None = None) -> None:
    """Take the keyboard off the pressed message (replacing its text if given): it has done its job."""
    if not isinstance(query.message, Message):
        return
    with suppress(TelegramBadRequest):  # already edited by an earlier press of the same button
        if text is None:
            await query.message.edit_reply_markup(reply_markup=None)
        else:
            await query.message.edit_text(text, reply_markup=None)


# --- browse -----------------------------------------------------------------------------------


@handlers.message(F.text == BROWSE)
async def pick_country(message: Message, state: FSMContext) -> None:
    if await state.get_state() == BuyListing.quantity.state:
        await state.set_state(None)
    countries = await listing_countries()
    if not countries:
        await message.answer(
            _("Nothing is for sale yet. Post a request with {button} and buyers will look for it.").format(
                button=NEW_REQUEST
            )
        )
        return
    await message.answer(_("Where should the item come from?"), reply_markup=country_keyboard(countries))


@handlers.callback_query(Choice.filter(F.field == BROWSE_COUNTRY))
async def pick_category(query: CallbackQuery, callback_data: Choice) -> None:
    country = callback_data.value or None
    categories = await listing_categories(country)
    if isinstance(query.message, Message):
        with suppress(TelegramBadRequest):
            await query.message.edit_text(_("Which category?"), reply_markup=category_keyboard(country, categories))
    await query.answer()


@handlers.callback_query(BrowsePage.filter())
async def show_listings(query: CallbackQuery, callback_data: BrowsePage, user: Person, bot: Bot) -> None:
    country, category = callback_data.country or None, callback_data.category or None
    page = await found_cards(
        user.id,
        await home_conversion(),
        country=country,
        category=category,
        cursor=callback_data.before or None,
        limit=CARDS_PER_PAGE,
    )
    await _drop_buttons(query, browse_title(country, category) if not callback_data.before else None)
    if page.items:
        await send_page(bot, user.telegram_id, page, lambda cursor: callback_data.model_copy(update={"before": cursor}))
    else:
        await bot.send_message(
            user.telegram_id,
            _("Nothing is for sale here right now. Try another country or category, or type what you want."),
        )
    await query.answer()


# --- buy and follow (the other card buttons belong to other areas) -------------------------------


async def _confirm_order(bot: Bot, customer: Person, order_id: int) -> None:
    """The order's summary, asking where it ships, then the deposit's invoice."""
    deposit = await order_invoice(order_id, customer.id, PaymentPurpose.DEPOSIT)
    await bot.send_message(
        customer.telegram_id,
        f"{order_summary(deposit)}\n\n{ship_to_question(order_id)}",
        reply_markup=ship_to_keyboard(order_id, await saved_addresses(customer.id)),
    )
    await send_order_invoice(bot, customer, deposit)


async def _buy(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    await _confirm_order(bot, user, (await buy_listing(user.id, data["buy_listing"], data["quantity"])).id)


def _read_quantity(text: str, data: Answers) -> Answers | None:
    typed = text.strip()
    return {"quantity": int(typed)} if typed.isdecimal() and 1 <= int(typed) <= data["buy_max"] else None


buying = Wizard(
    handlers,
    Step(
        BuyListing.quantity,
        lambda data: (_("Please type a number from 1 to {max}, or /cancel.").format(max=data["buy_max"]), None),
        read=_read_quantity,
    ),
    finish=_buy,
    keeps=("search",),
)


@handlers.callback_query(ListingAction.filter(F.action == "buy"))
async def start_buying(
    query: CallbackQuery, callback_data: ListingAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    listing = await listing_for_sale(user.id, callback_data.listing_id)
    if listing.stock == 1:
        await _confirm_order(bot, user, (await buy_listing(user.id, listing.id)).id)
    else:
        await buying.begin(state, {"buy_listing": listing.id, "buy_max": listing.stock})
        await bot.send_message(
            user.telegram_id,
            ask_quantity(listing.title, listing.stock),
            reply_markup=quantity_keyboard(listing.id, listing.stock),
        )
    await query.answer()


@handlers.callback_query(BuyQuantity.filter())
async def quantity_picked(
    query: CallbackQuery, callback_data: BuyQuantity, user: Person, state: FSMContext, bot: Bot
) -> None:
    data = await state.get_data()
    asked = await state.get_state() == BuyListing.quantity.state and data.get("buy_listing") == callback_data.listing_id
    if not asked or not 1 <= callback_data.quantity <= data.get("buy_max", 0):
        await _not_available(query)
        return
    await buying.advance(bot, user, state, {"quantity": callback_data.quantity})
    await _drop_buttons(query)
    await query.answer()


@handlers.callback_query(ListingAction.filter(F.action == "follow"))
async def toggle_following(query: CallbackQuery, callback_data: ListingAction, user: Person) -> None:
    followed = await follow_seller(user.id, callback_data.listing_id)
    if isinstance(query.message, Message):  # the card in this chat shows which it is now (not one shared elsewhere)
        card = await listing_card(callback_data.listing_id, user.id, await home_conversion())
        with suppress(TelegramBadRequest):  # pressed twice at once: already shows it
            await query.message.edit_reply_markup(reply_markup=listing_keyboard(card))
    if followed.following:
        text = _("You now follow {name} and will hear about their new listings.").format(name=followed.buyer_name)
    else:
        text = _("You no longer follow {name}.").format(name=followed.buyer_name)
    await query.answer(text, show_alert=True)


# --- search: any other text, so it comes last ---------------------------------------------------


@handlers.message(StateFilter(None), F.text, ~F.text.startswith("/"), ~F.text.in_(MENU_LABELS))
async def search(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    words = message.text or ""
    page = await found_cards(user.id, await home_conversion(), words, limit=CARDS_PER_PAGE)
    quoted = escape(fit(words.strip(), 60))
    if not page.items:
        await message.answer(
            _("Nothing matched “{query}”. Try fewer or other words, or look around with {button}.").format(
                query=quoted, button=BROWSE
            )
        )
        return
    await state.update_data(search=[message.message_id, words])
    await message.answer(_("Listings matching “{query}”, best first:").format(query=quoted))
    await send_page(bot, user.telegram_id, page, lambda cursor: SearchPage(search_id=message.message_id, before=cursor))


@handlers.callback_query(SearchPage.filter())
async def more_found(
    query: CallbackQuery, callback_data: SearchPage, user: Person, state: FSMContext, bot: Bot
) -> None:
    search_id, words = (await state.get_data()).get("search") or (None, "")
    if search_id != callback_data.search_id:
        await _not_available(query)  # only the latest search is remembered
        return
    page = await found_cards(user.id, await home_conversion(), words, cursor=callback_data.before, limit=CARDS_PER_PAGE)
    await _drop_buttons(query)
    await send_page(bot, user.telegram_id, page, lambda cursor: callback_data.model_copy(update={"before": cursor}))
    await query.answer()
