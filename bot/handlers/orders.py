"""My orders, for both sides: the list, the card, and every step a customer or a buyer takes on an order.

Each press re-checks with core that this user may take this step on this order now; steps that
need more input (a receipt, a carrier and tracking number, a reason) ask for it in a small wizard.
A step confirmed from a prompt that said what it does with the money (cancel, confirm receipt)
carries that prompt's promise: if the order changed meanwhile, core refuses it (PromptOutdated)
and the person gets the prompt again, saying what the step means now.
"""

from aiogram import Bot, F
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.callbacks import Choice, OrderAction, PromisedStep, TrackingReport
from bot.error_texts import describe
from bot.handler_registry import Handlers
from bot.invoices import send_invoice
from bot.keyboards import MY_ORDERS
from bot.order_cards import read_card, redraw_card, send_card
from bot.views.orders import (
    TRACKING_NAMES,
    TRACKING_REPORTS,
    cancel_keyboard,
    cancel_outcome_text,
    cancel_question,
    carriers_keyboard,
    orders_keyboard,
    orders_text,
    proof_code_instruction,
)
from bot.views.reviews import review_prompt, stars_keyboard
from bot.views.text import escape
from bot.wizard import attempt
from core.domain.carriers import CARRIERS, OTHER, TrackingStatus, carrier_by_code
from core.domain.invoices import PaymentPurpose
from core.domain.order_machine import Action, Actor
from core.domain.text import clean_text
from core.errors import InvalidInput, PromptOutdated
from core.services import order_cards, orders
from core.services.users import Person

handlers = Handlers(__name__)

TEXT = F.text & ~F.text.startswith("/")


class ReceiptUpload(StatesGroup):
    photo = State()


class Shipping(StatesGroup):
    carrier = State()
    tracking = State()


class Cancelling(StatesGroup):
    reason = State()


# What each wizard step says to anything but the answer it waits for.
_HINTS = {
    ReceiptUpload.photo.state: __("Please send the receipt as a photo, or /cancel."),
    Shipping.carrier.state: __("Please pick a carrier above or type its name, or /cancel."),
    Shipping.tracking.state: __("Please type the tracking number, or /cancel."),
    Cancelling.reason.state: __("Please type the reason as text, or press a button above."),
}


async def _begin(state: FSMContext, step: State, order_id: int) -> None:
    await state.set_state(step)
    await state.set_data({"order_id": order_id})


# --- the list and the card ---------------------------------------------------------------


@handlers.message(Command("orders"))
@handlers.message(F.text == MY_ORDERS)
async def list_orders(message: Message, user: Person) -> None:
    mine = await order_cards.order_lines(user.id)
    await message.answer(orders_text(mine), reply_markup=orders_keyboard(mine) if mine else None)


@handlers.callback_query(OrderAction.filter(F.action == "view"))
async def show_order(query: CallbackQuery, callback_data: OrderAction, user: Person, bot: Bot) -> None:
    await send_card(bot, user, await read_card(user, callback_data.order_id))
    await query.answer()


@handlers.callback_query(OrderAction.filter(F.action.in_({Action.PAY_DEPOSIT, Action.PAY_BALANCE})))
async def pay(query: CallbackQuery, callback_data: OrderAction, user: Person, bot: Bot) -> None:
    purpose = PaymentPurpose.DEPOSIT if callback_data.action == Action.PAY_DEPOSIT else PaymentPurpose.BALANCE
    await send_invoice(bot, user, callback_data.order_id, purpose)
    await query.answer()


# --- one-press steps ---------------------------------------------------------------------


@handlers.callback_query(OrderAction.filter(F.action == Action.MARK_DELIVERED))
async def mark_delivered(query: CallbackQuery, callback_data: OrderAction, user: Person, bot: Bot) -> None:
    await orders.check_action(callback_data.order_id, user.id, Action.MARK_DELIVERED)
    await orders.mark_delivered(callback_data.order_id, Actor.BUYER, user.id)
    await redraw_card(query, await read_card(user, callback_data.order_id))
    await query.answer(_("Marked as delivered. The customer will be told."))


@handlers.callback_query(TrackingReport.filter(F.status.in_(set(TRACKING_REPORTS))))
async def report_tracking(query: CallbackQuery, callback_data: TrackingReport, user: Person) -> None:
    status = TrackingStatus(callback_data.status)
    await orders.report_tracking(user.id, callback_data.order_id, status)
    await redraw_card(query, await read_card(user, callback_data.order_id))
    await query.answer(_("Noted: {status}. The customer will be told.").format(status=TRACKING_NAMES[status]))


@handlers.callback_query(PromisedStep.filter(F.action == Action.CONFIRM_RECEIPT))
async def confirm_receipt(query: CallbackQuery, callback_data: PromisedStep, user: Person, bot: Bot) -> None:
    await orders.check_action(callback_data.order_id, user.id, Action.CONFIRM_RECEIPT)
    try:
        await orders.confirm_receipt(user.id, callback_data.order_id, callback_data.promise)
    except PromptOutdated as changed:
        # The card is the prompt: a fresh one says what confirming means now.
        await send_card(bot, user, await read_card(user, callback_data.order_id), describe(changed))
        await query.answer()
        return
    card = await read_card(user, callback_data.order_id)
    await redraw_card(query, card)
    await bot.send_message(user.telegram_id, review_prompt(card), reply_markup=stars_keyboard(card.id))
    await query.answer(_("Thank you! The order is complete and the buyer has been paid."))


# --- the receipt -------------------------------------------------------------------------


@handlers.callback_query(OrderAction.filter(F.action == Action.UPLOAD_RECEIPT))
async def ask_receipt(
    query: CallbackQuery, callback_data: OrderAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    code = await orders.receipt_code(callback_data.order_id, user.id)
    await _begin(state, ReceiptUpload.photo, callback_data.order_id)
    prompt = _("Send a photo of the purchase receipt for order #{id}. It proves the purchase; /cancel to stop.")
    await bot.send_message(
        user.telegram_id,
        prompt.format(id=callback_data.order_id) + ("\n✍️ " + proof_code_instruction(code) if code else ""),
    )
    await query.answer()


@handlers.message(ReceiptUpload.photo, F.photo)
async def take_receipt(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    assert message.photo is not None
    order_id = (await state.get_data())["order_id"]
    question = str(_HINTS[ReceiptUpload.photo.state])
    uploading = orders.upload_receipt(user.id, order_id, message.photo[-1].file_id)
    if await attempt(bot, user, state, question, uploading) is None:
        return
    await state.clear()
    await message.answer(_("Receipt saved for order #{id}; the customer has been told.").format(id=order_id))
    await send_card(bot, user, await read_card(user, order_id))


# --- shipping ----------------------------------------------------------------------------


def _carrier_question(order_id: int) -> str:
    return _("Which carrier ships order #{id}? Pick one, or type its name.").format(id=order_id)


def _tracking_question() -> str:
    return _("Now type the tracking number.")


@handlers.callback_query(OrderAction.filter(F.action == Action.SHIP))
async def ask_carrier(
    query: CallbackQuery, callback_data: OrderAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    await orders.check_action(callback_data.order_id, user.id, Action.SHIP)
    await _begin(state, Shipping.carrier, callback_data.order_id)
    await bot.send_message(
        user.telegram_id, _carrier_question(callback_data.order_id), reply_markup=carriers_keyboard()
    )
    await query.answer()


async def _ask_tracking(bot: Bot, user: Person, state: FSMContext, carrier: str) -> None:
    await state.update_data(carrier=carrier)
    await state.set_state(Shipping.tracking)
    said = _("Carrier: {carrier}. Now type the tracking number.").format(carrier=escape(carrier))
    await bot.send_message(user.telegram_id, said)


@handlers.callback_query(
    Shipping.carrier, Choice.filter((F.field == "carrier") & F.value.in_({c.code for c in CARRIERS} | {OTHER}))
)
async def pick_carrier(query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot) -> None:
    carrier = carrier_by_code(callback_data.value)
    if carrier is None:
        await bot.send_message(user.telegram_id, _("Type the carrier's name."))
    else:
        await _ask_tracking(bot, user, state, carrier.name)
    await query.answer()


@handlers.message(Shipping.carrier, TEXT)
async def type_carrier(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    try:
        carrier = clean_text(message.text or "", "carrier", 64)
    except InvalidInput as error:
        order_id = (await state.get_data())["order_id"]
        await message.answer(describe(error) + "\n" + _carrier_question(order_id))
        return
    await _ask_tracking(bot, user, state, carrier)


@handlers.message(Shipping.tracking, TEXT)
async def take_tracking(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    data = await state.get_data()
    shipping = orders.ship(user.id, data["order_id"], data["carrier"], message.text or "")
    if await attempt(bot, user, state, _tracking_question(), shipping) is None:
        return
    await state.clear()
    said = _("Order #{id} is shipped; the customer has the tracking number.").format(id=data["order_id"])
    await message.answer(said)
    await send_card(bot, user, await read_card(user, data["order_id"]))


# --- cancelling --------------------------------------------------------------------------


@handlers.callback_query(OrderAction.filter(F.action == Action.CANCEL))
async def ask_cancel(
    query: CallbackQuery, callback_data: OrderAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    await _ask_cancel(bot, user, state, callback_data.order_id)
    await query.answer()


async def _ask_cancel(bot: Bot, user: Person, state: FSMContext, order_id: int, preface: str = "") -> None:
    """The cancel prompt; a reason typed next confirms what this prompt said (its promise, kept in the chat state)."""
    promise = await orders.promise_for(order_id, user.id, Action.CANCEL)
    await state.set_state(Cancelling.reason)
    await state.set_data({"order_id": order_id, "promise": promise.digest})
    text = f"{preface}\n\n{cancel_question(promise)}" if preface else cancel_question(promise)
    await bot.send_message(user.telegram_id, text, reply_markup=cancel_keyboard(promise))


@handlers.callback_query(Cancelling.reason, Choice.filter((F.field == "cancel") & (F.value == "keep")))
async def keep_order(query: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await query.answer(_("The order stays as it is."))


@handlers.callback_query(Cancelling.reason, PromisedStep.filter(F.action == Action.CANCEL))
async def cancel_without_reason(
    query: CallbackQuery, callback_data: PromisedStep, user: Person, state: FSMContext, bot: Bot
) -> None:
    await _cancel(bot, user, state, callback_data.order_id, callback_data.promise, "")
    await query.answer()


@handlers.message(Cancelling.reason, TEXT)
async def cancel_with_reason(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    data = await state.get_data()
    await _cancel(bot, user, state, data["order_id"], data.get("promise", ""), message.text or "")


async def _cancel(bot: Bot, user: Person, state: FSMContext, order_id: int, promise: str, reason: str) -> None:
    question = str(_HINTS[Cancelling.reason.state])
    try:
        kept = await attempt(bot, user, state, question, orders.cancel_by_party(order_id, user.id, reason, promise))
    except PromptOutdated as changed:
        await _ask_cancel(bot, user, state, order_id, describe(changed))
        return
    if kept is None:
        return
    await state.clear()
    said = _("Order #{id} is cancelled.").format(id=order_id) + "\n" + cancel_outcome_text(kept.outcome, kept.deposit)
    await bot.send_message(user.telegram_id, said)


@handlers.message(StateFilter(*_HINTS))
async def hint(message: Message, state: FSMContext) -> None:
    await message.answer(str(_HINTS[await state.get_state() or ""]))
