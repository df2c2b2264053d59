"""Buyers' offers: the wizard from "Make offer" on a request to sending it, and withdrawing a pending offer."""

import re
from typing import Any

from aiogram import Bot, F
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.callbacks import Choice, OfferAction, RequestAction
from bot.error_texts import describe
from bot.handler_registry import Handlers
from bot.views.offers import my_offers_keyboard, my_offers_text, offer_summary
from bot.views.pickers import pick_keyboard, skip_keyboard
from bot.views.text import money
from core.domain.money import Money, parse_fee, parse_money
from core.errors import DomainError
from core.services.orders import Price
from core.services.purchase_requests import (
    OfferInput,
    check_days_to_ship,
    check_fee,
    check_offer_note,
    make_offer,
    withdraw_offer,
)
from core.services.request_cards import pending_offers_of, request_to_answer
from core.services.users import Person

handlers = Handlers(__name__)


class OfferWizard(StatesGroup):
    item_price = State()
    service_fee = State()
    shipping_fee = State()
    days = State()
    note = State()
    confirm = State()


# --- the offer wizard ----------------------------------------------------------------------------


def _with_hint(hint: str | None, question: str) -> str:
    return f"{hint}\n\n{question}" if hint else question


async def _close(query: CallbackQuery) -> None:
    """Answer the press and take the buttons off the summary it came from."""
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


def _price(data: dict[str, Any]) -> Price:
    currency = data["currency"]
    return Price(
        Money(data["item_price"], currency),
        data["quantity"],
        Money(data["service_fee"], currency),
        Money(data["shipping_fee"], currency),
    )


async def ask_item_price(message: Message, data: dict[str, Any], hint: str | None = None) -> None:
    question = _(
        "Your price per item for request #{id}? The customer's budget is {budget} for {quantity}.\n"
        "Type it like 18000 or 18000 {currency}. /cancel stops."
    ).format(
        id=data["request_id"],
        budget=money(Money(data["budget"], data["request_currency"])),
        quantity=data["quantity"],
        currency=data["request_currency"],
    )
    await message.answer(_with_hint(hint, question))


async def ask_fee(message: Message, which: State, currency: str, hint: str | None = None) -> None:
    if which is OfferWizard.service_fee:
        question = _("Your service fee, in {currency}? Type 0 for none.")
    else:
        question = _("The shipping fee to the customer, in {currency}? Type 0 if it is included.")
    await message.answer(_with_hint(hint, question.format(currency=currency)))


async def ask_days(message: Message, hint: str | None = None) -> None:
    await message.answer(_with_hint(hint, _("In how many days can you ship it after the deposit? (1 to 90)")))


async def ask_note(message: Message, hint: str | None = None) -> None:
    question = _("A note for the customer (condition, where you buy it, ...)? Optional.")
    await message.answer(_with_hint(hint, question), reply_markup=skip_keyboard("note"))


async def ask_confirm(message: Message, data: dict[str, Any]) -> None:
    summary = offer_summary(data["request_id"], _price(data), data["days"], data["note"])
    options = [("confirm", _("✅ Send offer")), ("cancel", _("❌ Cancel"))]
    await message.answer(summary, reply_markup=pick_keyboard("offer", options))


async def _begin_offer(message: Message, user: Person, state: FSMContext, request_id: int) -> None:
    request = await request_to_answer(user.id, request_id)
    await state.set_state(OfferWizard.item_price)
    data = {
        "request_id": request.id,
        "quantity": request.wanted.quantity,
        "budget": request.wanted.budget.amount,
        "request_currency": request.wanted.budget.currency,
    }
    await state.set_data(data)
    await ask_item_price(message, data)


@handlers.callback_query(RequestAction.filter(F.action == "offer"))
async def start_offer(query: CallbackQuery, callback_data: RequestAction, user: Person, state: FSMContext) -> None:
    await request_to_answer(user.id, callback_data.request_id)
    await query.answer()
    if isinstance(query.message, Message):
        await _begin_offer(query.message, user, state, callback_data.request_id)


@handlers.message(Command(re.compile(r"offer_(\d{1,12})")))
async def offer_command(message: Message, command: CommandObject, user: Person, state: FSMContext) -> None:
    """`/offer_<request id>`, the link in the notice that tells a buyer of a request that fits them."""
    assert command.regexp_match
    await _begin_offer(message, user, state, int(command.regexp_match[1]))


@handlers.message(OfferWizard.item_price, F.text, ~F.text.startswith("/"))
async def got_item_price(message: Message, state: FSMContext) -> None:
    data = await state.get_data()
    try:
        price = parse_money(message.text or "", data["request_currency"])
    except DomainError as error:
        await ask_item_price(message, data, describe(error))
        return
    await state.update_data(item_price=price.amount, currency=price.currency)
    await state.set_state(OfferWizard.service_fee)
    await ask_fee(message, OfferWizard.service_fee, price.currency)


async def _take_fee(message: Message, state: FSMContext, which: State) -> None:
    currency = (await state.get_data())["currency"]
    try:
        fee = check_fee(parse_fee(message.text or "", currency), currency)
    except DomainError as error:
        await ask_fee(message, which, currency, describe(error))
        return
    if which is OfferWizard.service_fee:
        await state.update_data(service_fee=fee.amount)
        await state.set_state(OfferWizard.shipping_fee)
        await ask_fee(message, OfferWizard.shipping_fee, currency)
    else:
        await state.update_data(shipping_fee=fee.amount)
        await state.set_state(OfferWizard.days)
        await ask_days(message)


@handlers.message(OfferWizard.service_fee, F.text, ~F.text.startswith("/"))
async def got_service_fee(message: Message, state: FSMContext) -> None:
    await _take_fee(message, state, OfferWizard.service_fee)


@handlers.message(OfferWizard.shipping_fee, F.text, ~F.text.startswith("/"))
async def got_shipping_fee(message: Message, state: FSMContext) -> None:
    await _take_fee(message, state, OfferWizard.shipping_fee)


@handlers.message(OfferWizard.days, F.text, ~F.text.startswith("/"))
async def got_days(message: Message, state: FSMContext) -> None:
    typed = (message.text or "").strip()
    try:
        days = check_days_to_ship(int(typed) if typed.isdecimal() and len(typed) < 5 else 0)
    except DomainError as error:
        await ask_days(message, describe(error))
        return
    await state.update_data(days=days)
    await state.set_state(OfferWizard.note)
    await ask_note(message)


async def _take_note(message: Message, state: FSMContext, note: str) -> None:
    try:
        note = check_offer_note(note)
    except DomainError as error:
        await ask_note(message, describe(error))
        return
    await state.update_data(note=note)
    await state.set_state(OfferWizard.confirm)
    await ask_confirm(message, await state.get_data())


@handlers.message(OfferWizard.note, F.text, ~F.text.startswith("/"))
async def got_note(message: Message, state: FSMContext) -> None:
    await _take_note(message, state, message.text or "")


@handlers.callback_query(OfferWizard.note, Choice.filter(F.field == "skip"))
async def note_skipped(query: CallbackQuery, state: FSMContext) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await _take_note(query.message, state, "")


@handlers.message(OfferWizard.item_price, ~F.text)
@handlers.message(OfferWizard.service_fee, ~F.text)
@handlers.message(OfferWizard.shipping_fee, ~F.text)
@handlers.message(OfferWizard.days, ~F.text)
@handlers.message(OfferWizard.note, ~F.text)
async def text_expected(message: Message) -> None:
    await message.answer(_("Please type your answer to the question above, or /cancel."))


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
    terms = OfferInput(price.item_price, price.service_fee, price.shipping_fee, data["days"], data["note"])
    await make_offer(user.id, data["request_id"], terms)
    await _close(query)
    await bot.send_message(
        user.telegram_id, _("Your offer is sent. I will tell you when the customer decides. /offers lists yours.")
    )


@handlers.message(OfferWizard.confirm)
async def confirm_expected(message: Message) -> None:
    await message.answer(_("Please press Send offer or Cancel above."))


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
