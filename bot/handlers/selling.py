"""Listing items: the new-listing wizard, the buyer's own listings, and editing or withdrawing one."""

from dataclasses import replace
from typing import Any

from aiogram import Bot, F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.callbacks import BuyerMenu, Choice, ListingAction
from bot.error_texts import describe
from bot.filters import TYPED
from bot.handler_registry import Handlers
from bot.keyboards import main_menu
from bot.listing_cards import send_listing_card
from bot.listing_drafts import listing_input, parse_field, send_preview, stored
from bot.photo_albums import collect_photo, photo_ids
from bot.photo_downloads import photo_download
from bot.views.selling import (
    EDITABLE_FIELDS,
    edit_menu,
    field_question,
    own_listings,
    photo_progress,
    withdraw_confirmation,
)
from bot.views.text import escape
from core.domain.catalog import check_category, check_country, local_currency
from core.domain.listings import ListingStatus
from core.errors import InvalidInput
from core.services.listings import (
    MAX_PHOTOS,
    buyer_listings,
    check_new_listing,
    check_photo_count,
    editable_listing,
    own_listing,
    withdraw_listing,
)
from core.services.publishing import publish_listing, revise_listing
from core.services.users import Person, verified_buyer

handlers = Handlers(__name__)


class NewListing(StatesGroup):
    title = State()
    description = State()
    category = State()
    brand = State()
    country = State()
    city = State()
    price = State()
    quantity = State()
    days = State()
    photos = State()
    proof = State()
    preview = State()


class EditListing(StatesGroup):
    field = State()
    value = State()
    photos = State()


_STEPS = [step.state for step in NewListing.__all_states__]
# Wizard field name -> ListingInput attribute, where they differ.
_INPUT_NAMES = {"days": "days_to_ship"}


def _step(state_name: str | None) -> str:
    """`NewListing:price` -> `price`."""
    return (state_name or "").rpartition(":")[2]


# --- the new-listing wizard --------------------------------------------------------------------


async def _ask(bot: Bot, chat_id: int, user: Person, state: FSMContext, hint: str = "") -> None:
    """Ask the question of the step the wizard is at, after `hint` when re-asking."""
    step = _step(await state.get_state())
    data = await state.get_data()
    if step == "preview":
        await send_preview(bot, chat_id, user, data)
        return
    text, markup = field_question(
        step, data.get("countries"), local_currency(data["country"]) if "country" in data else None
    )
    await bot.send_message(chat_id, f"{hint}\n\n{text}" if hint else text, reply_markup=markup)


async def _advance(bot: Bot, chat_id: int, user: Person, state: FSMContext, **answers: Any) -> None:
    await state.update_data(answers)
    await state.set_state(_STEPS[_STEPS.index(await state.get_state() or "") + 1])
    await _ask(bot, chat_id, user, state)


@handlers.callback_query(BuyerMenu.filter(F.action == "new_listing"))
async def start_listing(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    profile = await verified_buyer(user.id)
    await query.answer()
    await state.set_data({"countries": profile.countries})
    await state.set_state(NewListing.title)
    await _ask(bot, user.telegram_id, user, state, hint=_("<b>New listing.</b> /cancel stops at any step."))


@handlers.message(
    StateFilter(
        NewListing.title,
        NewListing.description,
        NewListing.brand,
        NewListing.city,
        NewListing.price,
        NewListing.quantity,
        NewListing.days,
    ),
    TYPED,
)
async def field_typed(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    assert message.text
    step = _step(await state.get_state())
    try:
        value = parse_field(step, message.text, (await state.get_data()).get("country", ""))
    except InvalidInput as error:
        await _ask(bot, message.chat.id, user, state, hint=describe(error))
        return
    await _advance(bot, message.chat.id, user, state, **{step: stored(value)})


@handlers.callback_query(NewListing.category, Choice.filter(F.field == "category"))
async def category_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    category = check_category(callback_data.value)
    await query.answer()
    await _advance(bot, user.telegram_id, user, state, category=category)


@handlers.callback_query(NewListing.country, Choice.filter(F.field == "country"))
async def country_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    country = check_country(callback_data.value)
    if country not in (await verified_buyer(user.id)).countries:
        await query.answer(_("This is not available any more."), show_alert=True)
        return
    await query.answer()
    await _advance(bot, user.telegram_id, user, state, country=country)


@handlers.callback_query(
    StateFilter(NewListing.brand, NewListing.city, NewListing.proof), Choice.filter(F.field == "skip")
)
async def step_skipped(query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot) -> None:
    step = _step(await state.get_state())
    if callback_data.value != step:
        await query.answer(_("This button is no longer available."), show_alert=True)
        return
    await query.answer()
    await _advance(bot, user.telegram_id, user, state, **{step: None})


@handlers.message(StateFilter(NewListing.photos, EditListing.photos), F.photo)
async def photo_added(message: Message, state: FSMContext) -> None:
    collected = await collect_photo(message, state, "photos", MAX_PHOTOS)
    if collected is not None:
        text, markup = photo_progress(collected)
        await message.answer(text, reply_markup=markup)


@handlers.callback_query(NewListing.photos, Choice.filter((F.field == "done") & (F.value == "photos")))
async def photos_done(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    check_photo_count(photo_ids(await state.get_data(), "photos"))
    await query.answer()
    await _advance(bot, user.telegram_id, user, state)


@handlers.message(NewListing.proof, F.photo)
async def proof_added(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    assert message.photo
    await _advance(bot, message.chat.id, user, state, proof=message.photo[-1].file_id)


@handlers.callback_query(NewListing.preview, Choice.filter(F.field == "preview"))
async def preview_answered(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    data = await state.get_data()
    # Cleared before anything is awaited: a second press of Publish finds nothing left to publish.
    await state.clear()
    if "price" not in data:
        await query.answer(_("This button is no longer available."), show_alert=True)
        return
    if callback_data.value != "publish":
        await query.answer()
        await bot.send_message(user.telegram_id, _("Cancelled. Nothing was published."), reply_markup=main_menu())
        return
    item = listing_input(data)
    await check_new_listing(user.id, item)  # a refusal answers the press; the photos may take a while after it
    await query.answer()
    publication = await publish_listing(user.id, item, photo_download(bot))
    text = _outcome(publication.status, _("Published! Customers can find it now."))
    await bot.send_message(user.telegram_id, text, reply_markup=main_menu())
    await send_listing_card(bot, user.telegram_id, publication.listing_id, user)


def _outcome(status: ListingStatus | None, published: str) -> str:
    """What the buyer is told of a listing they just published or edited."""
    if status is ListingStatus.ACTIVE:
        return published
    if status is ListingStatus.PENDING_REVIEW:
        return _("Saved, and held for review: a moderator checks it before customers can see it.")
    return _("Saved. Checking it takes a little longer: I will tell you when it is published or held for review.")


# --- the buyer's own listings: edit and withdraw ------------------------------------------------


@handlers.callback_query(BuyerMenu.filter(F.action == "listings"))
async def show_own_listings(query: CallbackQuery, callback_data: BuyerMenu, user: Person, bot: Bot) -> None:
    page = await buyer_listings(user.id, before_id=callback_data.before or None)
    await query.answer()
    text, markup = own_listings(page)
    await bot.send_message(user.telegram_id, text, reply_markup=markup)


@handlers.callback_query(ListingAction.filter(F.action == "edit"))
async def start_edit(
    query: CallbackQuery, callback_data: ListingAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    current = await editable_listing(user.id, callback_data.listing_id)
    await query.answer()
    await state.set_state(EditListing.field)
    await state.set_data({"listing_id": callback_data.listing_id, "country": current.country, "title": current.title})
    text, markup = edit_menu(current.title)
    await bot.send_message(user.telegram_id, text, reply_markup=markup)


async def _ask_edit(bot: Bot, chat_id: int, state: FSMContext, hint: str = "") -> None:
    data = await state.get_data()
    if await state.get_state() == EditListing.field.state:
        text, markup = edit_menu(data["title"])
    else:
        text, markup = field_question(data["field"], local_currency=local_currency(data["country"]))
    await bot.send_message(chat_id, f"{hint}\n\n{text}" if hint else text, reply_markup=markup)


@handlers.callback_query(EditListing.field, Choice.filter(F.field == "edit"))
async def edit_field_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    if callback_data.value not in EDITABLE_FIELDS:
        await query.answer(_("This button is no longer available."), show_alert=True)
        return
    await query.answer()
    await state.update_data(field=callback_data.value)
    await state.set_state(EditListing.photos if callback_data.value == "photos" else EditListing.value)
    await _ask_edit(bot, user.telegram_id, state)


@handlers.message(EditListing.value, TYPED)
async def edit_value_typed(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    assert message.text
    data = await state.get_data()
    try:
        value = parse_field(data["field"], message.text, data["country"])
    except InvalidInput as error:
        await _ask_edit(bot, message.chat.id, state, hint=describe(error))
        return
    await _save_edit(bot, message.chat.id, user, state, **{_INPUT_NAMES.get(data["field"], data["field"]): value})


@handlers.callback_query(EditListing.photos, Choice.filter((F.field == "done") & (F.value == "photos")))
async def edit_photos_done(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    photos = check_photo_count(photo_ids(await state.get_data(), "photos"))
    await query.answer()
    await _save_edit(bot, user.telegram_id, user, state, photo_file_ids=photos)


async def _save_edit(bot: Bot, chat_id: int, user: Person, state: FSMContext, **changes: Any) -> None:
    listing_id = (await state.get_data())["listing_id"]
    await state.clear()
    current = await editable_listing(user.id, listing_id)
    publication = await revise_listing(user.id, listing_id, replace(current, **changes), photo_download(bot))
    text = _outcome(publication.status, _("Saved. Your listing now reads:"))
    await bot.send_message(chat_id, text, reply_markup=main_menu())
    await send_listing_card(bot, chat_id, listing_id, user)


@handlers.callback_query(ListingAction.filter(F.action == "withdraw"))
async def confirm_withdrawal(query: CallbackQuery, callback_data: ListingAction, user: Person, bot: Bot) -> None:
    listing = await own_listing(user.id, callback_data.listing_id)
    await query.answer()
    text, markup = withdraw_confirmation(listing)
    await bot.send_message(user.telegram_id, text, reply_markup=markup)


@handlers.callback_query(ListingAction.filter(F.action == "withdraw_confirmed"))
async def withdraw(query: CallbackQuery, callback_data: ListingAction, user: Person) -> None:
    listing = await withdraw_listing(user.id, callback_data.listing_id)
    if isinstance(query.message, Message):
        await query.message.edit_text(
            _("<b>{title}</b> is withdrawn: customers no longer see it.").format(title=escape(listing.title))
        )
    await query.answer(_("Withdrawn."))


@handlers.message(StateFilter(NewListing, EditListing), ~F.text.startswith("/"))
async def listing_hint(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    """A sticker, voice, photo or text where the step expects something else: say what it expects."""
    current = await state.get_state()
    step = _step(current)
    if step in ("photos", "proof"):
        hint = _("Please send a photo.")
    elif step in ("category", "country", "preview", "field"):
        hint = _("Please use the buttons below.")
    else:
        hint = _("Please answer with text.")
    if current in _STEPS:
        await _ask(bot, message.chat.id, user, state, hint=hint)
    else:
        await _ask_edit(bot, message.chat.id, state, hint=hint)
