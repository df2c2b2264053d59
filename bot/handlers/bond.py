"""/bond: a verified buyer sees their security bond, tops it up with a Telegram invoice, or takes it back."""

from aiogram import Bot, F
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.callbacks import BondAction, BuyerMenu
from bot.handler_registry import Handlers
from bot.invoices import send_bond_invoice
from bot.presenters.bond import bond_view, withdraw_question
from bot.presenters.text import listed, money
from bot.wizard import Answers, Step, Wizard
from core.config import current_settings
from core.domain.money import Money, parse_money
from core.services.money import bonds
from core.services.people.users import Person, verified_buyer

handlers = Handlers(__name__)


class BondTopUp(StatesGroup):
    amount = State()


async def send_bond_view(bot: Bot, user: Person) -> None:
    await verified_buyer(user.id)
    text, markup = bond_view(await bonds.bond_standing(user.id))
    await bot.send_message(user.telegram_id, text, reply_markup=markup)


@handlers.message(Command("bond"))
async def bond_command(message: Message, user: Person, bot: Bot, state: FSMContext) -> None:
    await state.clear()
    await send_bond_view(bot, user)


@handlers.callback_query(BuyerMenu.filter(F.action == "bond"))
async def bond_button(query: CallbackQuery, user: Person, bot: Bot) -> None:
    await send_bond_view(bot, user)
    await query.answer()


@handlers.callback_query(BondAction.filter(F.action == "pay"))
async def top_up(query: CallbackQuery, callback_data: BondAction, user: Person, bot: Bot) -> None:
    amount = Money.from_major(callback_data.amount, current_settings().bond_currency)
    await send_bond_invoice(bot, user, amount)
    await query.answer()


def _read_amount(text: str, data: Answers) -> Answers:
    amount = bonds.check_bond_amount(parse_money(text, current_settings().bond_currency))
    return {"amount": [amount.amount, amount.currency]}


async def _invoice(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    await send_bond_invoice(bot, user, Money(*data["amount"]))


top_up_wizard = Wizard(
    handlers,
    Step(
        BondTopUp.amount,
        lambda data: (
            _("How much do you want to add to your bond? Type an amount in {currency}, e.g. 2000.").format(
                currency=current_settings().bond_currency
            ),
            None,
        ),
        expects=__("Please type the amount as a number, e.g. 2000."),
        reminds=False,
        read=_read_amount,
    ),
    finish=_invoice,
)


@handlers.callback_query(BondAction.filter(F.action == "other"))
async def ask_amount(query: CallbackQuery, user: Person, bot: Bot, state: FSMContext) -> None:
    await verified_buyer(user.id)
    await top_up_wizard.start(bot, user, state, {})
    await query.answer()


@handlers.callback_query(BondAction.filter(F.action == "withdraw"))
async def ask_withdraw(query: CallbackQuery, user: Person, bot: Bot) -> None:
    text, markup = withdraw_question(await bonds.withdrawable_bond(user.id))
    await bot.send_message(user.telegram_id, text, reply_markup=markup)
    await query.answer()


@handlers.callback_query(BondAction.filter(F.action == "withdraw_confirmed"))
async def withdraw(query: CallbackQuery, user: Person, bot: Bot) -> None:
    returned = await bonds.withdraw_bond(user.id)
    if query.message is not None:
        await bot.edit_message_reply_markup(chat_id=user.telegram_id, message_id=query.message.message_id)
    await bot.send_message(
        user.telegram_id,
        _("Your bond of {amounts} is back in your earnings.").format(
            amounts=listed([money(amount) for amount in returned])
        ),
    )
    await query.answer()
