"""/earnings: a buyer's balances and history, their payout methods, asking for a payout; /refunds: a customer's."""

from aiogram import Bot, F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.callbacks import BuyerMenu, Choice, EarningsAction, PayoutConfirm
from bot.handler_registry import Handlers
from bot.presenters.earnings import (
    amount_question,
    earnings_view,
    history_view,
    method_details_question,
    method_kind_question,
    method_question,
    methods_view,
    payout_asked,
    payout_prompt,
    refunds_view,
)
from bot.wizard import Answers, Step, Wizard
from core.domain.money import Money, parse_money
from core.domain.payouts import PayoutKind, PayoutMethodKind, payout_promise
from core.services.money import payouts
from core.services.people.users import Person

handlers = Handlers(__name__)
_BUTTONS = __("Please pick one of the buttons above.")


class AddingMethod(StatesGroup):
    kind = State()
    details = State()


class AskingPayout(StatesGroup):
    amount = State()
    method = State()
    confirm = State()


async def send_earnings(bot: Bot, user: Person) -> None:
    page = await payouts.earnings_history(user.id)
    text, markup = earnings_view(await payouts.earnings(user.id), page)
    await bot.send_message(user.telegram_id, text, reply_markup=markup)


@handlers.message(Command("earnings"))
async def earnings_command(message: Message, user: Person, bot: Bot, state: FSMContext) -> None:
    await state.clear()
    await send_earnings(bot, user)


@handlers.callback_query(BuyerMenu.filter(F.action == "earnings"))
async def earnings_button(query: CallbackQuery, user: Person, bot: Bot) -> None:
    await send_earnings(bot, user)
    await query.answer()


@handlers.callback_query(EarningsAction.filter(F.action == "history"))
async def older_history(query: CallbackQuery, callback_data: EarningsAction, user: Person, bot: Bot) -> None:
    text, markup = history_view(await payouts.earnings_history(user.id, callback_data.before))
    await bot.send_message(user.telegram_id, text, reply_markup=markup)
    await query.answer()


# --- payout methods ---------------------------------------------------------------------------------------


async def send_methods(bot: Bot, user: Person) -> None:
    text, markup = methods_view(await payouts.saved_methods(user.id))
    await bot.send_message(user.telegram_id, text, reply_markup=markup)


@handlers.callback_query(EarningsAction.filter(F.action == "methods"))
async def methods_button(query: CallbackQuery, user: Person, bot: Bot) -> None:
    await send_methods(bot, user)
    await query.answer()


@handlers.callback_query(EarningsAction.filter(F.action == "delete_method"))
async def delete_method(query: CallbackQuery, callback_data: EarningsAction, user: Person, bot: Bot) -> None:
    await payouts.delete_method(user.id, callback_data.id)
    await send_methods(bot, user)
    await query.answer(_("Deleted."))


async def _save_method(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    await payouts.save_method(user.id, data["kind"], data["details"])
    await bot.send_message(user.telegram_id, _("Saved."))
    await send_methods(bot, user)


adding_method = Wizard(
    handlers,
    Step(AddingMethod.kind, lambda data: method_kind_question(), expects=_BUTTONS),
    Step(
        AddingMethod.details,
        lambda data: (method_details_question(data["kind"]), None),
        read=lambda text, data: {"details": text},
    ),
    finish=_save_method,
)


@handlers.callback_query(EarningsAction.filter(F.action == "add_method"))
async def add_method(query: CallbackQuery, user: Person, bot: Bot, state: FSMContext) -> None:
    await adding_method.start(bot, user, state, {})
    await query.answer()


@handlers.callback_query(AddingMethod.kind, Choice.filter(F.field == "payout_kind"))
async def method_kind_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    kind = PayoutMethodKind(callback_data.value)
    await adding_method.advance(bot, user, state, {"kind": kind.value})
    await query.answer()


# --- asking for a payout: amount, method, then the prompt that says what it does --------------------------------


async def _read_amount(text: str, data: Answers) -> Answers:
    currencies = [currency for _amount, currency in data["withdrawable"]]
    amount = parse_money(text, currencies[0] if len(currencies) == 1 else None)
    amount = await payouts.check_payout(data["buyer_id"], amount)
    return {"amount": [amount.amount, amount.currency]}


async def _show_prompt(bot: Bot, user: Person, data: Answers) -> None:
    amount = Money(*data["amount"])
    method = await payouts.saved_method(user.id, data["method_id"])
    text, markup = payout_prompt(amount, method, payout_promise(amount, method.id))
    await bot.send_message(user.telegram_id, text, reply_markup=markup)


async def _ask_payout(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    payout = await payouts.request_payout(user.id, data["method_id"], Money(*data["amount"]), data["request_key"])
    await bot.send_message(user.telegram_id, payout_asked(payout))


asking_payout = Wizard(
    handlers,
    Step(
        AskingPayout.amount,
        lambda data: (amount_question([Money(*amount) for amount in data["withdrawable"]]), None),
        expects=__("Please type the amount as a number, e.g. 500."),
        read=_read_amount,
    ),
    Step(AskingPayout.method, lambda data: method_question(_methods(data)), expects=_BUTTONS),
    Step(AskingPayout.confirm, expects=_BUTTONS, show=_show_prompt),
    finish=_ask_payout,
)


def _methods(data: Answers) -> list[payouts.SavedMethod]:
    return [payouts.SavedMethod(id, PayoutMethodKind(kind), details) for id, kind, details in data["methods"]]


@handlers.callback_query(EarningsAction.filter(F.action == "payout"))
async def start_payout(query: CallbackQuery, user: Person, bot: Bot, state: FSMContext) -> None:
    choices = await payouts.payout_choices(user.id)
    data = {
        "buyer_id": user.id,
        "withdrawable": [[amount.amount, amount.currency] for amount in choices.withdrawable],
        "methods": [[method.id, method.kind.value, method.details] for method in choices.methods],
    }
    await asking_payout.start(bot, user, state, data)
    await query.answer()


@handlers.callback_query(AskingPayout.method, Choice.filter(F.field == "payout_method"))
async def payout_method_picked(
    query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot
) -> None:
    await asking_payout.advance(bot, user, state, {"method_id": int(callback_data.value)})
    await query.answer()


@handlers.callback_query(AskingPayout.confirm, PayoutConfirm.filter())
async def payout_confirmed(
    query: CallbackQuery, callback_data: PayoutConfirm, user: Person, state: FSMContext, bot: Bot
) -> None:
    data = await state.get_data()
    if callback_data.promise != payout_promise(Money(*data["amount"]), data["method_id"]):
        await query.answer(_("This button is no longer available."), show_alert=True)
        return
    message_id = query.message.message_id if query.message else 0
    # The prompt's message: the same press delivered again asks for nothing more.
    await asking_payout.advance(bot, user, state, {"request_key": f"{user.id}:{message_id}"})
    await query.answer()


# --- a customer's refunds ------------------------------------------------------------------------------------


@handlers.message(Command("refunds"))
async def refunds_command(message: Message, user: Person, bot: Bot, state: FSMContext) -> None:
    await state.clear()
    refunds = await payouts.payouts_of(user.id, PayoutKind.REFUND)
    await bot.send_message(user.telegram_id, refunds_view(refunds))
