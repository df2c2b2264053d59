"""/sell: apply to become a buyer (a wizard), see the application's status, and the verified buyer's menu."""

import re

from aiogram import Bot, F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.callbacks import BuyerMenu, Choice
from bot.deep_links import referral_link
from bot.handler_registry import Handlers
from bot.keyboards import SELL, main_menu
from bot.presenters.buyer_account import account_view
from bot.presenters.pickers import pick_keyboard, skip_keyboard
from bot.presenters.text import category_name, country_name, escape
from bot.request_feed import send_feed
from bot.wizard import Answers, Question, Step, Wizard
from core.domain.catalog import CATEGORIES, check_category, check_country
from core.services.people.users import (
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


def _countries_question(data: Answers) -> Question:
    options = [(code, country_name(code)) for code in COMMON_COUNTRIES]
    text = _(
        "<b>Which countries do you buy in?</b>\n"
        "Tap all that apply and press Done, or type their two-letter codes, e.g. <code>JP, KR</code>."
    )
    return text, pick_keyboard("country", options, data.get("countries", []), done="countries")


def _categories_question(data: Answers) -> Question:
    options = [(code, category_name(code)) for code in CATEGORIES]
    text = _("<b>What do you buy?</b>\nTap every category that applies, then press Done.")
    return text, pick_keyboard("category", options, data.get("categories", []), done="categories")


def _document_question(data: Answers) -> Question:
    text = _(
        "<b>Send a photo of your identity document</b> (passport or ID card).\n"
        "Only moderators see it; they check that you are who you say you are."
    )
    return text, None


async def _submit(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    await apply_as_buyer(user.id, data["countries"], data["categories"], data["document"], data["cities"], data["bio"])
    await bot.send_message(
        user.telegram_id,
        _("Thank you! A moderator will review your application. Send /sell later to see the decision."),
        reply_markup=main_menu(),
    )


_TEXT_OR_BUTTONS = __("Please answer with text or the buttons below.")

application = Wizard(
    handlers,
    Step(
        Application.countries,
        _countries_question,
        expects=_TEXT_OR_BUTTONS,
        read=lambda text, data: {"countries": check_buyer_countries([c for c in _LIST_SEPARATORS.split(text) if c])},
    ),
    Step(
        Application.cities,
        lambda data: (
            _("<b>Which cities do you buy in?</b>\nType them separated by commas (e.g. Tokyo, Osaka), or Skip."),
            skip_keyboard("cities"),
        ),
        expects=_TEXT_OR_BUTTONS,
        read=lambda text, data: {"cities": check_buyer_cities([c for c in _CITY_SEPARATORS.split(text) if c.strip()])},
        skip={"cities": []},
    ),
    Step(Application.categories, _categories_question, expects=__("Please use the buttons below.")),
    Step(
        Application.document,
        _document_question,
        expects=__("Please send a photo of your identity document."),
        photo="document",
    ),
    Step(
        Application.bio,
        lambda data: (
            _("<b>Tell customers about yourself</b> in a few sentences (where you live, what you know well), or Skip."),
            skip_keyboard("bio"),
        ),
        expects=_TEXT_OR_BUTTONS,
        read=lambda text, data: {"bio": text},
        skip={"bio": ""},
    ),
    finish=_submit,
)


@handlers.callback_query(BuyerMenu.filter(F.action == "apply"))
async def start_application(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    await check_may_apply(user.id)
    await query.answer()
    await application.start(bot, user, state, {"countries": []})


async def _toggle(query: CallbackQuery, state: FSMContext, field: str, value: str) -> None:
    """Tick or untick `value` among the picked `field` values; redraw the keyboard."""
    picked: list[str] = (await state.get_data()).get(field, [])
    picked = [p for p in picked if p != value] if value in picked else [*picked, value]
    await state.update_data({field: picked})
    await application.redraw(query, state)
    await query.answer()


@handlers.callback_query(Application.countries, Choice.filter(F.field == "country"))
async def toggle_country(query: CallbackQuery, callback_data: Choice, state: FSMContext) -> None:
    await _toggle(query, state, "countries", check_country(callback_data.value))


@handlers.callback_query(Application.countries, Choice.filter((F.field == "done") & (F.value == "countries")))
async def countries_picked(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    countries = check_buyer_countries((await state.get_data()).get("countries", []))
    await query.answer()
    await application.advance(bot, user, state, {"countries": countries})


@handlers.callback_query(Application.categories, Choice.filter(F.field == "category"))
async def toggle_category(query: CallbackQuery, callback_data: Choice, state: FSMContext) -> None:
    await _toggle(query, state, "categories", check_category(callback_data.value))


@handlers.callback_query(Application.categories, Choice.filter((F.field == "done") & (F.value == "categories")))
async def categories_picked(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    categories = check_buyer_categories((await state.get_data()).get("categories", []))
    await query.answer()
    await application.advance(bot, user, state, {"categories": categories})


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
