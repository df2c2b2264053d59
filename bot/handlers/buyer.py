"""/sell: apply to become a buyer (a wizard), see the application's status, and the verified buyer's menu."""

import re
from collections.abc import Callable
from typing import Any

from aiogram import Bot, F
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from bot.callbacks import BuyerMenu, Choice
from bot.deep_links import referral_link
from bot.error_texts import describe
from bot.filters import TYPED
from bot.handler_registry import Handlers
from bot.keyboards import SELL, main_menu
from bot.request_feed import send_feed
from bot.views.buyer_account import account_view
from bot.views.pickers import pick_keyboard, skip_keyboard
from bot.views.text import category_name, country_name, escape
from core.domain.catalog import CATEGORIES, check_category, check_country
from core.errors import DomainError, InvalidInput
from core.services.users import (
    Person,
    apply_as_buyer,
    buyer_account,
    check_buyer_categories,
    check_buyer_cities,
    check_buyer_countries,
    check_may_apply,
    referral_count,
    verified_buyer,
)

handlers = Handlers(__name__)

# Where most buyers live; any other country can be typed as its code.
COMMON_COUNTRIES = ("JP", "KR", "US", "GB", "FR", "IT", "DE", "AU", "CA", "HK", "SG", "TH")
_LIST_SEPARATORS = re.compile(r"[\s,;，、]+")
_CITY_SEPARATORS = re.compile(r"[,;，、\n]+")


class Application(StatesGroup):
    countries = State()
    cities = State()
    categories = State()
    document = State()
    bio = State()


@handlers.message(Command("sell"))
@handlers.message(F.text == SELL)
async def sell(message: Message, user: Person, state: FSMContext) -> None:
    await state.clear()
    text, markup = account_view(await buyer_account(user.id))
    await message.answer(text, reply_markup=markup)


# --- the application wizard -------------------------------------------------------------------


def _countries_question(data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup | None]:
    options = [(code, country_name(code)) for code in COMMON_COUNTRIES]
    text = _(
        "<b>Which countries do you buy in?</b>\n"
        "Tap all that apply and press Done, or type their two-letter codes, e.g. <code>JP, KR</code>."
    )
    return text, pick_keyboard("country", options, data.get("countries", []), done="countries")


def _cities_question(data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup | None]:
    text = _("<b>Which cities do you buy in?</b>\nType them separated by commas (e.g. Tokyo, Osaka), or Skip.")
    return text, skip_keyboard("cities")


def _categories_question(data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup | None]:
    options = [(code, category_name(code)) for code in CATEGORIES]
    text = _("<b>What do you buy?</b>\nTap every category that applies, then press Done.")
    return text, pick_keyboard("category", options, data.get("categories", []), done="categories")


def _document_question(data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup | None]:
    text = _(
        "<b>Send a photo of your identity document</b> (passport or ID card).\n"
        "Only moderators see it; they check that you are who you say you are."
    )
    return text, None


def _bio_question(data: dict[str, Any]) -> tuple[str, InlineKeyboardMarkup | None]:
    text = _("<b>Tell customers about yourself</b> in a few sentences (where you live, what you know well), or Skip.")
    return text, skip_keyboard("bio")


_QUESTIONS: dict[str | None, Callable[[dict[str, Any]], tuple[str, InlineKeyboardMarkup | None]]] = {
    Application.countries.state: _countries_question,
    Application.cities.state: _cities_question,
    Application.categories.state: _categories_question,
    Application.document.state: _document_question,
    Application.bio.state: _bio_question,
}


async def _ask(bot: Bot, chat_id: int, state: FSMContext, hint: str = "") -> None:
    """Ask the question of the step the wizard is at, after `hint` when re-asking."""
    text, markup = _QUESTIONS[await state.get_state()](await state.get_data())
    await bot.send_message(chat_id, f"{hint}\n\n{text}" if hint else text, reply_markup=markup)


async def _next_step(bot: Bot, chat_id: int, state: FSMContext, step: State, **answers: Any) -> None:
    await state.update_data(answers)
    await state.set_state(step)
    await _ask(bot, chat_id, state)


@handlers.callback_query(BuyerMenu.filter(F.action == "apply"))
async def start_application(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    await check_may_apply(user.id)
    await query.answer()
    await state.set_data({})
    await _next_step(bot, user.telegram_id, state, Application.countries, countries=[])


async def _toggle(query: CallbackQuery, state: FSMContext, field: str, value: str) -> None:
    """Tick or untick `value` among the picked `field` values; redraw the keyboard."""
    picked: list[str] = (await state.get_data()).get(field, [])
    picked = [p for p in picked if p != value] if value in picked else [*picked, value]
    data = await state.update_data({field: picked})
    if isinstance(query.message, Message):
        _, markup = _QUESTIONS[await state.get_state()](data)
        await query.message.edit_reply_markup(reply_markup=markup)
    await query.answer()


@handlers.callback_query(Application.countries, Choice.filter(F.field == "country"))
async def toggle_country(query: CallbackQuery, callback_data: Choice, state: FSMContext) -> None:
    await _toggle(query, state, "countries", check_country(callback_data.value))


@handlers.callback_query(Application.countries, Choice.filter((F.field == "done") & (F.value == "countries")))
async def countries_picked(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    countries = check_buyer_countries((await state.get_data()).get("countries", []))
    await query.answer()
    await _next_step(bot, user.telegram_id, state, Application.cities, countries=countries)


@handlers.message(Application.countries, TYPED)
async def countries_typed(message: Message, state: FSMContext, bot: Bot) -> None:
    assert message.text
    try:
        countries = check_buyer_countries([c for c in _LIST_SEPARATORS.split(message.text) if c])
    except InvalidInput as error:
        await _ask(bot, message.chat.id, state, hint=describe(error))
        return
    await _next_step(bot, message.chat.id, state, Application.cities, countries=countries)


@handlers.message(Application.cities, TYPED)
async def cities_typed(message: Message, state: FSMContext, bot: Bot) -> None:
    assert message.text
    try:
        cities = check_buyer_cities([c for c in _CITY_SEPARATORS.split(message.text) if c.strip()])
    except InvalidInput as error:
        await _ask(bot, message.chat.id, state, hint=describe(error))
        return
    await _next_step(bot, message.chat.id, state, Application.categories, cities=cities, categories=[])


@handlers.callback_query(Application.cities, Choice.filter((F.field == "skip") & (F.value == "cities")))
async def cities_skipped(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    await query.answer()
    await _next_step(bot, user.telegram_id, state, Application.categories, cities=[], categories=[])


@handlers.callback_query(Application.categories, Choice.filter(F.field == "category"))
async def toggle_category(query: CallbackQuery, callback_data: Choice, state: FSMContext) -> None:
    await _toggle(query, state, "categories", check_category(callback_data.value))


@handlers.callback_query(Application.categories, Choice.filter((F.field == "done") & (F.value == "categories")))
async def categories_picked(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    categories = check_buyer_categories((await state.get_data()).get("categories", []))
    await query.answer()
    await _next_step(bot, user.telegram_id, state, Application.document, categories=categories)


@handlers.message(Application.document, F.photo)
async def document_sent(message: Message, state: FSMContext, bot: Bot) -> None:
    assert message.photo
    await _next_step(bot, message.chat.id, state, Application.bio, document=message.photo[-1].file_id)


@handlers.message(Application.bio, TYPED)
async def bio_typed(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    assert message.text
    await _submit(bot, message.chat.id, user, state, message.text)


@handlers.callback_query(Application.bio, Choice.filter((F.field == "skip") & (F.value == "bio")))
async def bio_skipped(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    await query.answer()
    await _submit(bot, user.telegram_id, user, state, "")


async def _submit(bot: Bot, chat_id: int, user: Person, state: FSMContext, bio: str) -> None:
    data = await state.get_data()
    try:
        await apply_as_buyer(
            user.id, data["countries"], data["categories"], data["document"], data.get("cities", []), bio
        )
    except InvalidInput as error:
        await _ask(bot, chat_id, state, hint=describe(error))
        return
    except DomainError:
        await state.clear()
        raise
    await state.clear()
    await bot.send_message(
        chat_id,
        _("Thank you! A moderator will review your application. Send /sell later to see the decision."),
        reply_markup=main_menu(),
    )


@handlers.message(StateFilter(Application), ~F.text.startswith("/"))
async def application_hint(message: Message, state: FSMContext, bot: Bot) -> None:
    """A sticker, voice, photo or text where the step expects something else: say what it expects."""
    step = await state.get_state()
    if step == Application.document.state:
        hint = _("Please send a photo of your identity document.")
    elif step == Application.categories.state:
        hint = _("Please use the buttons below.")
    else:
        hint = _("Please answer with text or the buttons below.")
    await _ask(bot, message.chat.id, state, hint=hint)


# --- the verified buyer's menu -------------------------------------------------------------------


@handlers.callback_query(BuyerMenu.filter(F.action == "referral"))
async def show_referral_link(query: CallbackQuery, user: Person, bot: Bot) -> None:
    await verified_buyer(user.id)
    me = await bot.me()
    link = referral_link(me.username or "", user.referral_code)
    count = await referral_count(user.id)
    await query.answer()
    await bot.send_message(
        user.telegram_id,
        _(
            "<b>Your referral link</b>\n{link}\n\n"
            "Share it with friends and family: customers who join Daigou through it are linked to you.\n"
            "Customers it brought so far: {count}"
        ).format(link=escape(link), count=count),
    )


@handlers.callback_query(BuyerMenu.filter(F.action == "feed"))
async def show_feed(query: CallbackQuery, user: Person, bot: Bot) -> None:
    await send_feed(bot, user)
    await query.answer()
