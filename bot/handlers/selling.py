"""Listing items: the new-listing wizard, the buyer's own listings, and editing or withdrawing one."""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from aiogram import Bot, F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.callbacks import BuyerMenu, Choice, ListingAction
from bot.handler_registry import Handlers
from bot.keyboards import main_menu
from bot.listing_cards import send_listing_card
from bot.listing_drafts import listing_input, parse_field, send_preview, stored
from bot.photo_albums import photo_ids
from bot.photo_downloads import photo_download
from bot.presenters.selling import (
    EDITABLE_FIELDS,
    edit_menu,
    field_question,
    own_listings,
    withdraw_confirmation,
)
from bot.presenters.text import escape
from bot.wizard import Answers, Photos, Question, Step, Wizard, step_name
from core.domain.catalog import check_category, check_country, local_currency
from core.domain.listings import ListingStatus
from core.services.catalog.listings import (
    MAX_PHOTOS,
    buyer_listings,
    check_new_listing,
    check_photo_count,
    editable_listing,
    own_listing,
    withdraw_listing,
)
from core.services.catalog.publishing import publish_listing, revise_listing
from core.services.people.users import Person, verified_buyer

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


# Wizard field name -> ListingInput attribute, where they differ.
_INPUT_NAMES = {"days": "days_to_ship"}
_TEXT = __("Please answer with text.")
_BUTTONS = __("Please use the buttons below.")
_PHOTO = __("Please send a photo.")


def _question(field: str) -> Callable[[Answers], Question]:
    """The question for `field`, for the new-listing wizard and for edits alike."""

    def question(data: Answers) -> Question:
        currency = local_currency(data["country"]) if "country" in data else None
        return field_question(field, data.get("countries"), currency)

    return question


def _typed_step(state: State, skip: bool = False) -> Step:
    """A field typed as text, kept as the chat's FSM data keeps it; `skip` lets it be left out."""
    field = step_name(state)

    async def read(text: str, data: Answers) -> Answers:
        return {field: stored(await parse_field(field, text, data.get("country", "")))}

    return Step(state, _question(field), expects=_TEXT, read=read, skip={field: None} if skip else None)


_PHOTOS = Photos(
    "photos",
    MAX_PHOTOS,
    progress=__("Photos: {kept} of at most {max}. Send more, or press Done."),
    full=__("At most {max} photos, so I did not add {refused} of them. Press Done to go on with {kept}."),
    check=check_photo_count,
)


async def _show_preview(bot: Bot, user: Person, data: Answers) -> None:
    await send_preview(bot, user.telegram_id, user, data)


# --- the new-listing wizard --------------------------------------------------------------------

new_listing = Wizard(
    handlers,
    _typed_step(NewListing.title),
    _typed_step(NewListing.description),
    Step(NewListing.category, _question("category"), expects=_BUTTONS),
    _typed_step(NewListing.brand, skip=True),
    Step(NewListing.country, _question("country"), expects=_BUTTONS),
    _typed_step(NewListing.city, skip=True),
    _typed_step(NewListing.price),
    _typed_step(NewListing.quantity),
    _typed_step(NewListing.days),
    Step(NewListing.photos, _question("photos"), expects=_PHOTO, photos=_PHOTOS),
    Step(NewListing.proof, _question("proof"), expects=_PHOTO, photo="proof", skip={"proof": None}),
    Step(NewListing.preview, expects=_BUTTONS, show=_show_preview),
)


@handlers.callback_query(BuyerMenu.filter(F.action == "new_listing"))
async def start_listing(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    profile = await verified_buyer(user.id)
    await query.answer()
    preface = _("<b>New listing.</b> /cancel stops at any step.")
    await new_listing.start(bot, user, state, {"countries": profile.countries}, preface)


@handlers.callback_query(NewListing.category, Choice.filter(F.field == "category"))
async def category_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    category = check_category(callback_data.value)
    await query.answer()
    await new_listing.advance(bot, user, state, {"category": category})


@handlers.callback_query(NewListing.country, Choice.filter(F.field == "country"))
async def country_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    country = check_country(callback_data.value)
    if country not in (await verified_buyer(user.id)).countries:
        await query.answer(_("This is not available any more."), show_alert=True)
        return
    await query.answer()
    await new_listing.advance(bot, user, state, {"country": country})


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


async def _save_edit(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    field: str = data["field"]
    changes: dict[str, Any]
    if field == "photos":
        changes = {"photo_file_ids": photo_ids(data, "photos")}
    else:
        changes = {_INPUT_NAMES.get(field, field): data["value"]}
    current = await editable_listing(user.id, data["listing_id"])
    publication = await revise_listing(user.id, data["listing_id"], replace(current, **changes), photo_download(bot))
    text = _outcome(publication.status, _("Saved. Your listing now reads:"))
    await bot.send_message(user.telegram_id, text, reply_markup=main_menu())
    await send_listing_card(bot, user.telegram_id, data["listing_id"], user)


async def _edited_value(text: str, data: Answers) -> Answers:
    # The step ends the edit, so the value goes to _save_edit as it is, never into the FSM data.
    return {"value": await parse_field(data["field"], text, data["country"])}


edit_listing = Wizard(
    handlers,
    Step(EditListing.field, lambda data: edit_menu(data["title"]), expects=_BUTTONS),
    Step(
        EditListing.value,
        lambda data: field_question(data["field"], local_currency=local_currency(data["country"])),
        expects=_TEXT,
        read=_edited_value,
        ends=True,
    ),
    Step(EditListing.photos, _question("photos"), expects=_PHOTO, photos=_PHOTOS),
    finish=_save_edit,
)


@handlers.callback_query(ListingAction.filter(F.action == "edit"))
async def start_edit(
    query: CallbackQuery, callback_data: ListingAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    current = await editable_listing(user.id, callback_data.listing_id)
    await query.answer()
    data = {"listing_id": callback_data.listing_id, "country": current.country, "title": current.title}
    await edit_listing.start(bot, user, state, data)


@handlers.callback_query(EditListing.field, Choice.filter(F.field == "edit"))
async def edit_field_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    if callback_data.value not in EDITABLE_FIELDS:
        await query.answer(_("This button is no longer available."), show_alert=True)
        return
    await query.answer()
    step = EditListing.photos if callback_data.value == "photos" else EditListing.value
    await edit_listing.advance(bot, user, state, {"field": callback_data.value}, to=step)


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
