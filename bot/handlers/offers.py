"""Buyers' offers: the wizard from "Make offer" on a request (what exactly, at which price, when) to sending it, and
withdrawing a pending offer."""

import re

from aiogram import Bot, F
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from bot.callbacks import Choice, OfferAction, RequestAction
from bot.handler_registry import Handlers
from bot.presenters.offers import my_offers_keyboard, my_offers_text, offer_summary
from bot.presenters.pickers import pick_keyboard, skip_keyboard
from bot.presenters.text import escape, fit, money
from bot.wizard import Answers, Question, Step, Wizard
from core.domain.money import Money, parse_fee, parse_money
from core.services.people.users import Person
from core.services.sourcing.purchase_requests import (
    OfferInput,
    check_days_to_ship,
    check_fee,
    check_item_name,
    check_offer_item_price,
    check_offer_note,
    make_offer,
    withdraw_offer,
)
from core.services.sourcing.request_cards import offer_above_budget, pending_offers_of, request_to_answer
from core.services.trade.orders import Price

handlers = Handlers(__name__)


class OfferWizard(StatesGroup):
    item_name = State()
    item_price = State()
    service_fee = State()
    shipping_fee = State()
    days = State()
    note = State()
    confirm = State()


# --- the offer wizard ----------------------------------------------------------------------------


async def _close(query: CallbackQuery) -> None:
    """Answer the press and take the buttons off the summary it came from."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


_TYPE_YOUR_ANSWER = __("Please type your answer to the question above, or /cancel.")


def _price(data: Answers) -> Price:
    currency = data["currency"]
    return Price(
        Money(data["item_price"], currency),
        data["quantity"],
        Money(data["service_fee"], currency),
        Money(data["shipping_fee"], currency),
    )


def _item_price_question(data: Answers) -> Question:
    question = _(
        "Your price per item for request #{id}? The customer's budget is {budget} for {quantity}.\n"
        "Type it like 18000 or 18000 {currency}. /cancel stops."
    ).format(
        id=data["request_id"],
        budget=money(Money(data["budget"], data["request_currency"])),
        quantity=data["quantity"],
        currency=data["request_currency"],
    )
    return question, None


async def _read_item_price(text: str, data: Answers) -> Answers:
    # Whether Telegram takes the deposit and balance is checked again on the whole offer, fees included.
    price = await check_offer_item_price(parse_money(text, data["request_currency"]), data["quantity"])
    return {"item_price": price.amount, "currency": price.currency}


def _fee_step(state: State, question: LazyProxy) -> Step:
    """The service or the shipping fee, in the currency of the item price: the answer is kept under the state's name."""

    def read(text: str, data: Answers) -> Answers:
        fee = check_fee(parse_fee(text, data["currency"]), data["currency"])
        return {step.name: fee.amount}

    def ask(data: Answers) -> Question:
        return str(question).format(currency=data["currency"]), None

    step = Step(state, ask, expects=_TYPE_YOUR_ANSWER, reminds=False, read=read)
    return step


def _read_days(text: str, data: Answers) -> Answers:
    typed = text.strip()
    return {"days": check_days_to_ship(int(typed) if typed.isdecimal() and len(typed) < 5 else 0)}


async def _show_summary(bot: Bot, user: Person, data: Answers) -> None:
    price, budget = _price(data), Money(data["budget"], data["request_currency"])
    above = await offer_above_budget(price.total, budget)
    summary = offer_summary(data["request_id"], data["item_name"], price, data["days"], data["note"], budget, above)
    options = [("confirm", _("✅ Send offer")), ("cancel", _("❌ Cancel"))]
    await bot.send_message(user.telegram_id, summary, reply_markup=pick_keyboard("offer", options))


def _item_name_question(data: Answers) -> Question:
    question = _(
        "What exactly will you buy for request #{id}? Name the item (brand, model, size, colour): it becomes the "
        "order's title.\nThe customer asked for: {text}\n/cancel stops."
    ).format(id=data["request_id"], text=escape(fit(data["request_text"], 300)))
    return question, None


wizard = Wizard(
    handlers,
    Step(
        OfferWizard.item_name,
        _item_name_question,
        expects=_TYPE_YOUR_ANSWER,
        reminds=False,
        read=lambda text, data: {"item_name": check_item_name(text)},
    ),
    Step(
        OfferWizard.item_price,
        _item_price_question,
        expects=_TYPE_YOUR_ANSWER,
        reminds=False,
        read=_read_item_price,
    ),
    _fee_step(OfferWizard.service_fee, __("Your service fee, in {currency}? Type 0 for none.")),
    _fee_step(
        OfferWizard.shipping_fee, __("The shipping fee to the customer, in {currency}? Type 0 if it is included.")
    ),
    Step(
        OfferWizard.days,
        lambda data: (_("In how many days can you ship it after the deposit? (1 to 90)"), None),
        expects=_TYPE_YOUR_ANSWER,
        reminds=False,
        read=_read_days,
    ),
    Step(
        OfferWizard.note,
        lambda data: (
            _("A note for the customer (condition, where you buy it, ...)? Optional."),
            skip_keyboard("note"),
        ),
        expects=_TYPE_YOUR_ANSWER,
        reminds=False,
        read=lambda text, data: {"note": check_offer_note(text)},
        skip={"note": ""},
    ),
    Step(
        OfferWizard.confirm,
        expects=__("Please press Send offer or Cancel above."),
        reminds=False,
        show=_show_summary,
    ),
)


async def _begin_offer(bot: Bot, user: Person, state: FSMContext, request_id: int) -> None:
    request = await request_to_answer(user.id, request_id)
    data = {
        "request_id": request.id,
        "request_text": request.wanted.text,
        "quantity": request.wanted.quantity,
        "budget": request.wanted.budget.amount,
        "request_currency": request.wanted.budget.currency,
    }
    await wizard.start(bot, user, state, data)


@handlers.callback_query(RequestAction.filter(F.action == "offer"))
async def start_offer(
    query: CallbackQuery, callback_data: RequestAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    await request_to_answer(user.id, callback_data.request_id)
    await query.answer()
    await _begin_offer(bot, user, state, callback_data.request_id)


@handlers.message(Command(re.compile(r"offer_(\d{1,12})")))
async def offer_command(message: Message, command: CommandObject, user: Person, state: FSMContext, bot: Bot) -> None:
    """`/offer_<request id>`, the link in the notice that tells a buyer of a request that fits them."""
    assert command.regexp_match
    await _begin_offer(bot, user, state, int(command.regexp_match[1]))


@handlers.callback_query(OfferWizard.confirm, Choice.filter(F.field == "offer"))
async def confirm_offer(query: CallbackQuery, callback_data: Choice, state: FSMContext, user: Person, bot: Bot) -> None:
    # Read and clear in one step: a second press of Send finds no wizard and sends nothing. Nothing here can
    # be fixed by answering again, so a refusal (the request closed meanwhile, say) ends the wizard too.
    data = await state.get_data()
    await state.clear()
    if callback_data.value != "confirm":
        await _close(query)
        await bot.send_message(user.telegram_id, _("Cancelled. No offer was sent."))
        return
    price = _price(data)
    terms = OfferInput(
        data["item_name"], price.item_price, price.service_fee, price.shipping_fee, data["days"], data["note"]
    )
    await make_offer(user.id, data["request_id"], terms)
    await _close(query)
    await bot.send_message(
        user.telegram_id, _("Your offer is sent. I will tell you when the customer decides. /offers lists yours.")
    )


# --- the buyer's pending offers ------------------------------------------------------------------


@handlers.message(Command("offers"))
async def my_offers(message: Message, user: Person) -> None:
    offers = await pending_offers_of(user.id)
    await message.answer(my_offers_text(offers), reply_markup=my_offers_keyboard(offers))


@handlers.callback_query(OfferAction.filter(F.action == "withdraw"))
async def withdraw(query: CallbackQuery, callback_data: OfferAction, user: Person) -> None:
    await withdraw_offer(user.id, callback_data.offer_id)
    if isinstance(query.message, Message):
        offers = await pending_offers_of(user.id)
        await query.message.edit_text(my_offers_text(offers), reply_markup=my_offers_keyboard(offers))
    await query.answer(_("Offer withdrawn."))
