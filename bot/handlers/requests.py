"""Posting a purchase request: a wizard from "what do you want" to Confirm, then listings that already fit."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from aiogram import Bot, F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import Choice, MyRequests
from bot.error_texts import describe
from bot.handler_registry import Handlers
from bot.keyboards import NEW_REQUEST
from bot.photo_albums import collect_photo, photo_ids
from bot.views.listings import send_listing_card
from bot.views.pickers import done_keyboard, pick_keyboard, skip_keyboard
from bot.views.requests import request_details
from bot.views.text import category_name, country_name, escape, home_conversion
from core import clock
from core.domain.catalog import CATEGORIES, check_category, check_country, local_currency
from core.domain.money import Money, parse_money
from core.errors import DomainError
from core.services.purchase_requests import (
    MAX_PHOTOS,
    RequestInput,
    check_deadline,
    check_link,
    check_photo_count,
    check_quantity,
    check_request_text,
)
from core.services.request_cards import post_request
from core.services.users import Person

handlers = Handlers(__name__)

COMMON_COUNTRIES = ("JP", "KR", "US", "GB", "FR", "IT", "DE", "AU", "CA", "HK", "TW", "SG", "TH", "MY")
DEADLINE_DAYS = (3, 7, 14, 30)


class RequestWizard(StatesGroup):
    text = State()
    extras = State()  # photos and/or a link
    country = State()
    category = State()
    budget = State()
    quantity = State()
    deadline = State()
    confirm = State()


async def _close(query: CallbackQuery) -> None:
    """Answer the press and take the buttons off the summary it came from."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


def _with_hint(hint: str | None, question: str) -> str:
    return f"{hint}\n\n{question}" if hint else question


def _draft(data: dict[str, Any]) -> RequestInput:
    return RequestInput(
        text=data["text"],
        country=data["country"],
        budget=Money(data["budget"], data["currency"]),
        quantity=data["quantity"],
        deadline=datetime.fromisoformat(data["deadline"]),
        photo_file_ids=photo_ids(data, "photos"),
        link=data.get("link"),
        category=data.get("category"),
    )


# --- the questions, each asked once and again (with a hint) after a bad answer --------------------


async def ask_text(message: Message, hint: str | None = None) -> None:
    question = _(
        "What are you looking for? Describe the item: brand, model, size, colour, where it is sold.\n"
        "/cancel stops at any step."
    )
    await message.answer(_with_hint(hint, question))


async def ask_extras(message: Message, hint: str | None = None) -> None:
    question = _(
        "Photos or a link help buyers find the right item. Send photos (one by one or as an album), a link, or both."
    )
    await message.answer(_with_hint(hint, question), reply_markup=skip_keyboard("extras"))


async def ask_country(message: Message, hint: str | None = None) -> None:
    question = _("In which country should it be bought? Pick one, or type its two-letter code (e.g. ES).")
    options = [(code, country_name(code)) for code in COMMON_COUNTRIES]
    await message.answer(_with_hint(hint, question), reply_markup=pick_keyboard("country", options, columns=3))


async def ask_category(message: Message, hint: str | None = None) -> None:
    question = _("Which category is it? (Optional.)")
    options = [(code, category_name(code)) for code in CATEGORIES]
    markup = pick_keyboard("category", options)
    markup.inline_keyboard.extend(skip_keyboard("category").inline_keyboard)
    await message.answer(_with_hint(hint, question), reply_markup=markup)


async def ask_budget(message: Message, currency: str | None, hint: str | None = None) -> None:
    question = _("What is your budget in total? For example 20000 JPY, ¥20,000 or 150 USD.")
    if currency:
        question += "\n" + _("A number alone is read as {currency}.").format(currency=currency)
    await message.answer(_with_hint(hint, question))


async def ask_quantity(message: Message, hint: str | None = None) -> None:
    await message.answer(_with_hint(hint, _("How many do you want? (1 to 99)")))


async def ask_deadline(message: Message, hint: str | None = None) -> None:
    question = _("By when do you need it bought? Pick one, or type a date like {example}.").format(
        example=f"{clock.now() + timedelta(days=10):%Y-%m-%d}"
    )
    options = [(str(days), _("{n} days").format(n=days)) for days in DEADLINE_DAYS]
    await message.answer(_with_hint(hint, question), reply_markup=pick_keyboard("deadline", options, columns=4))


async def ask_confirm(message: Message, data: dict[str, Any]) -> None:
    summary = _("<b>Your request</b>") + "\n" + request_details(_draft(data), await home_conversion())
    options = [("confirm", _("✅ Confirm")), ("cancel", _("❌ Cancel"))]
    await message.answer(summary, reply_markup=pick_keyboard("request", options))


# --- start ---------------------------------------------------------------------------------------


@handlers.message(Command("request"))
@handlers.message(F.text == NEW_REQUEST)
async def start_request(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(RequestWizard.text)
    await ask_text(message)


# --- what they want ------------------------------------------------------------------------------


@handlers.message(RequestWizard.text, F.text, ~F.text.startswith("/"))
async def got_text(message: Message, state: FSMContext) -> None:
    try:
        text = check_request_text(message.text or "")
    except DomainError as error:
        await ask_text(message, describe(error))
        return
    await state.update_data(text=text)
    await state.set_state(RequestWizard.extras)
    await ask_extras(message)


@handlers.message(RequestWizard.text, ~F.text)
async def text_expected(message: Message) -> None:
    await ask_text(message, _("Please describe the item in words; you can add photos next."))


# --- photos and a link ---------------------------------------------------------------------------


@handlers.message(RequestWizard.extras, F.photo)
async def got_photo(message: Message, state: FSMContext) -> None:
    collected = await collect_photo(message, state, "photos", MAX_PHOTOS)
    if collected is None:
        return  # a later photo of the same album answers for all of them
    more = _("Photos so far: {n}. Send more, a link, or press Done.").format(n=collected.kept)
    try:
        check_photo_count(collected.kept + collected.refused)
    except DomainError as error:
        more = _with_hint(describe(error), more)
    await message.answer(more, reply_markup=done_keyboard("extras"))


@handlers.message(RequestWizard.extras, F.text, ~F.text.startswith("/"))
async def got_link(message: Message, state: FSMContext) -> None:
    try:
        link = check_link(message.text)
    except DomainError as error:
        await ask_extras(message, describe(error))
        return
    await state.update_data(link=link)
    await message.answer(_("Link saved. Send photos too, or press Done."), reply_markup=done_keyboard("extras"))


@handlers.message(RequestWizard.extras, ~F.text)
async def extras_expected(message: Message) -> None:
    await ask_extras(message, _("Please send photos or a link, or press Done."))


@handlers.callback_query(RequestWizard.extras, Choice.filter(F.field.in_({"done", "skip"})))
async def extras_done(query: CallbackQuery, state: FSMContext) -> None:
    await query.answer()
    await state.set_state(RequestWizard.country)
    if isinstance(query.message, Message):
        await ask_country(query.message)


# --- country -------------------------------------------------------------------------------------


async def _take_country(message: Message, state: FSMContext, code: str) -> None:
    try:
        country = check_country(code)
    except DomainError as error:
        await ask_country(message, describe(error))
        return
    await state.update_data(country=country)
    await state.set_state(RequestWizard.category)
    await ask_category(message)


@handlers.callback_query(RequestWizard.country, Choice.filter(F.field == "country"))
async def country_picked(query: CallbackQuery, callback_data: Choice, state: FSMContext) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await _take_country(query.message, state, callback_data.value)


@handlers.message(RequestWizard.country, F.text, ~F.text.startswith("/"))
async def country_typed(message: Message, state: FSMContext) -> None:
    await _take_country(message, state, message.text or "")


@handlers.message(RequestWizard.country, ~F.text)
async def country_expected(message: Message) -> None:
    await ask_country(message, _("Please pick a country or type its two-letter code."))


# --- category ------------------------------------------------------------------------------------


@handlers.callback_query(RequestWizard.category, Choice.filter(F.field.in_({"category", "skip"})))
async def category_picked(query: CallbackQuery, callback_data: Choice, state: FSMContext) -> None:
    if not isinstance(query.message, Message):
        await query.answer()
        return
    try:
        category = None if callback_data.field == "skip" else check_category(callback_data.value)
    except DomainError as error:
        await query.answer(describe(error), show_alert=True)
        return
    await query.answer()
    await state.update_data(category=category)
    await state.set_state(RequestWizard.budget)
    country = (await state.get_data())["country"]
    await ask_budget(query.message, local_currency(country))


@handlers.message(RequestWizard.category)
async def category_expected(message: Message) -> None:
    await ask_category(message, _("Please pick a category from the buttons, or Skip."))


# --- budget, quantity ----------------------------------------------------------------------------


@handlers.message(RequestWizard.budget, F.text, ~F.text.startswith("/"))
async def got_budget(message: Message, state: FSMContext) -> None:
    currency = local_currency((await state.get_data())["country"])
    try:
        budget = parse_money(message.text or "", currency)
    except DomainError as error:
        await ask_budget(message, currency, describe(error))
        return
    await state.update_data(budget=budget.amount, currency=budget.currency)
    await state.set_state(RequestWizard.quantity)
    await ask_quantity(message)


@handlers.message(RequestWizard.budget, ~F.text)
async def budget_expected(message: Message, state: FSMContext) -> None:
    currency = local_currency((await state.get_data())["country"])
    await ask_budget(message, currency, _("Please type the amount."))


@handlers.message(RequestWizard.quantity, F.text, ~F.text.startswith("/"))
async def got_quantity(message: Message, state: FSMContext) -> None:
    typed = (message.text or "").strip()
    if not typed.isdecimal():
        await ask_quantity(message, _("Please type a whole number, like 1 or 2."))
        return
    try:
        quantity = check_quantity(int(typed))
    except DomainError as error:
        await ask_quantity(message, describe(error))
        return
    await state.update_data(quantity=quantity)
    await state.set_state(RequestWizard.deadline)
    await ask_deadline(message)


@handlers.message(RequestWizard.quantity, ~F.text)
async def quantity_expected(message: Message) -> None:
    await ask_quantity(message, _("Please type a whole number, like 1 or 2."))


# --- deadline ------------------------------------------------------------------------------------


async def _take_deadline(message: Message, state: FSMContext, deadline: datetime) -> None:
    try:
        check_deadline(deadline)
    except DomainError as error:
        await ask_deadline(message, describe(error))
        return
    await state.update_data(deadline=deadline.isoformat())
    await state.set_state(RequestWizard.confirm)
    await ask_confirm(message, await state.get_data())


@handlers.callback_query(RequestWizard.deadline, Choice.filter(F.field == "deadline"))
async def deadline_picked(query: CallbackQuery, callback_data: Choice, state: FSMContext) -> None:
    await query.answer()
    days = int(callback_data.value) if callback_data.value.isdecimal() and len(callback_data.value) < 5 else 0
    if isinstance(query.message, Message):
        await _take_deadline(query.message, state, clock.now() + timedelta(days=days))


@handlers.message(RequestWizard.deadline, F.text, ~F.text.startswith("/"))
async def deadline_typed(message: Message, state: FSMContext) -> None:
    try:
        day = date.fromisoformat((message.text or "").strip())
    except ValueError:
        await ask_deadline(message, _("Please pick one of the buttons, or type a date as YYYY-MM-DD."))
        return
    # The end of that day, so "today" still counts while it lasts.
    await _take_deadline(message, state, datetime.combine(day, time(23, 59), tzinfo=UTC))


@handlers.message(RequestWizard.deadline, ~F.text)
async def deadline_expected(message: Message) -> None:
    await ask_deadline(message, _("Please pick one of the buttons, or type a date as YYYY-MM-DD."))


# --- confirm -------------------------------------------------------------------------------------


@handlers.callback_query(RequestWizard.confirm, Choice.filter(F.field == "request"))
async def confirm_request(
    query: CallbackQuery, callback_data: Choice, state: FSMContext, user: Person, bot: Bot
) -> None:
    # Read and clear in one step: a second press of Confirm finds no wizard and posts nothing. Every answer
    # was checked at its step, so a refusal now (the deadline passed meanwhile, say) ends the wizard too.
    data = await state.get_data()
    await state.clear()
    if callback_data.value != "confirm":
        await _close(query)
        await bot.send_message(user.telegram_id, _("Cancelled. Nothing was posted."))
        return
    posted = await post_request(user.id, _draft(data))
    await _close(query)
    my_requests = InlineKeyboardBuilder()
    my_requests.button(text=_("📋 My requests"), callback_data=MyRequests())
    await bot.send_message(
        user.telegram_id,
        _("Your request #{id} is posted. Buyers in {country} will make offers; I will tell you about each one.").format(
            id=posted.request.id, country=escape(country_name(posted.request.wanted.country))
        ),
        reply_markup=my_requests.as_markup(),
    )
    if not posted.fitting_listing_ids:
        await bot.send_message(user.telegram_id, _("No listing fits yet; buyers will make offers."))
        return
    await bot.send_message(user.telegram_id, _("These listings may already be what you want:"))
    for listing_id in posted.fitting_listing_ids:
        await send_listing_card(bot, user.telegram_id, listing_id, user)


@handlers.message(RequestWizard.confirm)
async def confirm_expected(message: Message) -> None:
    await message.answer(_("Please press Confirm or Cancel above."))
