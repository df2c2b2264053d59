"""Posting a purchase request: a wizard from "what do you want" to Confirm, then listings that already fit."""

from datetime import UTC, date, datetime, time, timedelta

from aiogram import Bot, F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import Choice, MyRequests
from bot.error_texts import describe
from bot.filters import TYPED
from bot.handler_registry import Handlers
from bot.keyboards import NEW_REQUEST
from bot.listing_cards import send_listing_card
from bot.photo_albums import photo_ids
from bot.presenters.addresses import DESTINATIONS
from bot.presenters.pickers import done_keyboard, pick_keyboard, skip_keyboard
from bot.presenters.requests import request_details
from bot.presenters.text import category_name, country_name, escape, home_conversion
from bot.wizard import Answers, Photos, Question, Step, Wizard
from core import clock
from core.domain.catalog import CATEGORIES, check_category, check_country, local_currency
from core.domain.money import Money, parse_money
from core.errors import InvalidInput
from core.services.people.addresses import home_country
from core.services.people.users import Person
from core.services.sourcing.purchase_requests import (
    MAX_PHOTOS,
    RequestInput,
    check_budget,
    check_deadline,
    check_link,
    check_quantity,
    check_request_text,
)
from core.services.sourcing.request_cards import post_request

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
    ship_to = State()  # only from the summary's button, back to the summary after


async def _close(query: CallbackQuery) -> None:
    """Answer the press and take the buttons off the summary it came from."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


def _draft(data: Answers) -> RequestInput:
    return RequestInput(
        text=data["text"],
        country=data["country"],
        budget=Money(data["budget"], data["currency"]),
        quantity=data["quantity"],
        deadline=datetime.fromisoformat(data["deadline"]),
        photo_file_ids=photo_ids(data, "photos"),
        link=data.get("link"),
        category=data.get("category"),
        ship_to=data.get("ship_to"),
    )


# --- the questions -------------------------------------------------------------------------------


def _text_question(data: Answers) -> Question:
    question = _(
        "What are you looking for? Describe the item: brand, model, size, colour, where it is sold.\n"
        "/cancel stops at any step."
    )
    return question, None


def _extras_question(data: Answers) -> Question:
    question = _(
        "Photos or a link help buyers find the right item. Send photos (one by one or as an album), a link, or both."
    )
    return question, skip_keyboard("extras")


def _country_question(data: Answers) -> Question:
    question = _("In which country should it be bought? Pick one, or type its two-letter code (e.g. ES).")
    options = [(code, country_name(code)) for code in COMMON_COUNTRIES]
    return question, pick_keyboard("country", options, columns=3)


def _category_question(data: Answers) -> Question:
    options = [(code, category_name(code)) for code in CATEGORIES]
    markup = pick_keyboard("category", options)
    markup.inline_keyboard.extend(skip_keyboard("category").inline_keyboard)
    return _("Which category is it? (Optional.)"), markup


def _budget_question(data: Answers) -> Question:
    question = _("What is your budget in total? For example 20000 JPY, ¥20,000 or 150 USD.")
    currency = local_currency(data["country"])
    if currency:
        question += "\n" + _("A number alone is read as {currency}.").format(currency=currency)
    return question, None


async def _read_budget(text: str, data: Answers) -> Answers:
    budget = await check_budget(parse_money(text, local_currency(data["country"])))
    return {"budget": budget.amount, "currency": budget.currency}


def _read_quantity(text: str, data: Answers) -> Answers | None:
    typed = text.strip()
    return {"quantity": check_quantity(int(typed))} if typed.isdecimal() else None


def _deadline_question(data: Answers) -> Question:
    question = _("By when do you need it bought? Pick one, or type a date like {example}.").format(
        example=f"{clock.now() + timedelta(days=10):%Y-%m-%d}"
    )
    options = [(str(days), _("{n} days").format(n=days)) for days in DEADLINE_DAYS]
    return question, pick_keyboard("deadline", options, columns=4)


def _deadline(deadline: datetime) -> Answers:
    return {"deadline": check_deadline(deadline).isoformat()}


def _read_deadline(text: str, data: Answers) -> Answers | None:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None
    # The end of that day, so "today" still counts while it lasts.
    return _deadline(datetime.combine(day, time(23, 59), tzinfo=UTC))


async def _show_summary(bot: Bot, user: Person, data: Answers) -> None:
    summary = _("<b>Your request</b>") + "\n" + request_details(_draft(data), await home_conversion())
    options = [("confirm", _("✅ Confirm")), ("cancel", _("❌ Cancel")), ("ship_to", _("📦 Ship to…"))]
    await bot.send_message(user.telegram_id, summary, reply_markup=pick_keyboard("request", options))


def _ship_to_question(data: Answers) -> Question:
    question = _("Where should it be sent? Pick a country, or type its two-letter code.")
    options = [(code, country_name(code)) for code in DESTINATIONS]
    return question, pick_keyboard("ship_to", options, columns=3)


wizard = Wizard(
    handlers,
    Step(
        RequestWizard.text,
        _text_question,
        expects=__("Please describe the item in words; you can add photos next."),
        read=lambda text, data: {"text": check_request_text(text)},
    ),
    Step(
        RequestWizard.extras,
        _extras_question,
        expects=__("Please send photos or a link, or press Done."),
        photos=Photos(
            "photos",
            MAX_PHOTOS,
            progress=__("Photos so far: {kept}. Send more, a link, or press Done."),
            full=__("At most {max} photos, please.\n\nPhotos so far: {kept}. Send more, a link, or press Done."),
        ),
        skip={},
    ),
    Step(
        RequestWizard.country,
        _country_question,
        expects=__("Please pick a country or type its two-letter code."),
        read=lambda text, data: {"country": check_country(text)},
    ),
    Step(
        RequestWizard.category,
        _category_question,
        expects=__("Please pick a category from the buttons, or Skip."),
        skip={"category": None},
    ),
    Step(RequestWizard.budget, _budget_question, expects=__("Please type the amount."), read=_read_budget),
    Step(
        RequestWizard.quantity,
        lambda data: (_("How many do you want? (1 to 99)"), None),
        expects=__("Please type a whole number, like 1 or 2."),
        read=_read_quantity,
    ),
    Step(
        RequestWizard.deadline,
        _deadline_question,
        expects=__("Please pick one of the buttons, or type a date as YYYY-MM-DD."),
        read=_read_deadline,
    ),
    Step(
        RequestWizard.confirm,
        expects=__("Please press Confirm or Cancel above."),
        reminds=False,
        show=_show_summary,
    ),
    Step(RequestWizard.ship_to, _ship_to_question, expects=__("Please pick a country or type its two-letter code.")),
)


@handlers.message(Command("request"))
@handlers.message(F.text == NEW_REQUEST)
async def start_request(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    # Sent where the customer's newest saved address is, unless they say otherwise on the summary.
    await wizard.start(bot, user, state, {"ship_to": await home_country(user.id)})


@handlers.message(RequestWizard.extras, TYPED)
async def got_link(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    """A link goes with the photos: kept, and the step waits for more until Done."""
    try:
        link = check_link(message.text)
    except InvalidInput as error:
        await wizard.ask(bot, user, state, describe(error))
        return
    await state.update_data(link=link)
    await message.answer(_("Link saved. Send photos too, or press Done."), reply_markup=done_keyboard("extras"))


@handlers.callback_query(RequestWizard.country, Choice.filter(F.field == "country"))
async def country_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    await query.answer()
    await wizard.answer(bot, user, state, lambda: {"country": check_country(callback_data.value)})


@handlers.callback_query(RequestWizard.category, Choice.filter(F.field == "category"))
async def category_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    category = check_category(callback_data.value)  # a refusal answers the press
    await query.answer()
    await wizard.advance(bot, user, state, {"category": category})


@handlers.callback_query(RequestWizard.deadline, Choice.filter(F.field == "deadline"))
async def deadline_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    await query.answer()
    days = int(callback_data.value) if callback_data.value.isdecimal() and len(callback_data.value) < 5 else 0
    await wizard.answer(bot, user, state, lambda: _deadline(clock.now() + timedelta(days=days)))


# --- confirm, or first say where it ships ---------------------------------------------------------


@handlers.callback_query(RequestWizard.confirm, Choice.filter((F.field == "request") & (F.value == "ship_to")))
async def ask_ship_to(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    await _close(query)
    await wizard.advance(bot, user, state, to=RequestWizard.ship_to)


async def _ships_to(bot: Bot, user: Person, state: FSMContext, typed: str) -> None:
    """The destination kept, and the summary shown again; an unknown country is asked again."""
    try:
        country = check_country(typed)
    except InvalidInput as error:
        await wizard.ask(bot, user, state, describe(error))
        return
    await wizard.advance(bot, user, state, {"ship_to": country}, to=RequestWizard.confirm)


@handlers.callback_query(RequestWizard.ship_to, Choice.filter(F.field == "ship_to"))
async def ship_to_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    await query.answer()
    await _ships_to(bot, user, state, callback_data.value)


@handlers.message(RequestWizard.ship_to, TYPED)
async def ship_to_typed(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    await _ships_to(bot, user, state, message.text or "")


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
