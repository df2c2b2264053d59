"""My orders, for both sides: the list, the card, and every step a customer or a buyer takes on an order.

Each press re-checks with core that this user may take this step on this order now; steps that
need more input (a receipt, a carrier and tracking number, a reason) ask for it in a small wizard.
A step that moves money or shortens the customer's protection asks first (cancel, confirm receipt, it has
arrived; the buyer's "delivered" is such a question, sent to the customer), and the confirmation
carries that prompt's promise: if the order changed meanwhile, core refuses it (PromptOutdated)
and the person gets the prompt again, saying what the step means now.
"""

from aiogram import Bot, F
from aiogram.filters import Command
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
from bot.presenters.orders import (
    TRACKING_NAMES,
    TRACKING_REPORTS,
    cancel_keyboard,
    cancel_outcome_text,
    cancel_question,
    carriers_keyboard,
    delivery_keyboard,
    delivery_question,
    orders_keyboard,
    orders_text,
    proof_code_instruction,
    release_keyboard,
    release_question,
)
from bot.presenters.reviews import review_prompt, stars_keyboard
from bot.presenters.text import escape
from bot.wizard import Answers, Step, Wizard
from core.domain.carriers import CARRIERS, OTHER, TrackingStatus, carrier_by_code
from core.domain.invoices import PaymentPurpose
from core.domain.order_machine import Action, Actor
from core.domain.text import clean_text
from core.errors import PromptOutdated
from core.services.people.users import Person
from core.services.trade import order_cards, orders

handlers = Handlers(__name__)


class ReceiptUpload(StatesGroup):
    photo = State()


class Shipping(StatesGroup):
    carrier = State()
    tracking = State()


class Cancelling(StatesGroup):
    reason = State()


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


@handlers.callback_query(OrderAction.filter(F.action == Action.ASK_DELIVERED))
async def ask_delivered(query: CallbackQuery, callback_data: OrderAction, user: Person) -> None:
    """The buyer's "delivered" only asks the customer; their yes is what marks the order delivered."""
    await orders.ask_delivered(user.id, callback_data.order_id)
    await query.answer(
        _("The customer has been asked whether order #{id} arrived. You will hear their answer.").format(
            id=callback_data.order_id
        )
    )


@handlers.callback_query(TrackingReport.filter(F.status.in_(set(TRACKING_REPORTS))))
async def report_tracking(query: CallbackQuery, callback_data: TrackingReport, user: Person) -> None:
    status = TrackingStatus(callback_data.status)
    await orders.report_tracking(user.id, callback_data.order_id, status)
    await redraw_card(query, await read_card(user, callback_data.order_id))
    await query.answer(_("Noted: {status}. The customer will be told.").format(status=TRACKING_NAMES[status]))


@handlers.callback_query(OrderAction.filter(F.action == Action.CONFIRM_RECEIPT))
async def ask_release(query: CallbackQuery, callback_data: OrderAction, user: Person, bot: Bot) -> None:
    await _ask_release(bot, user, callback_data.order_id)
    await query.answer()


async def _ask_release(bot: Bot, user: Person, order_id: int, preface: str = "") -> None:
    """Confirming receipt pays the buyer for good: ask first, saying how much goes to whom."""
    prompt = await order_cards.release_prompt(order_id, user.id)
    text = release_question(prompt)
    await bot.send_message(
        user.telegram_id, f"{preface}\n\n{text}" if preface else text, reply_markup=release_keyboard(prompt.promise)
    )


@handlers.callback_query(PromisedStep.filter(F.action == Action.CONFIRM_RECEIPT))
async def confirm_receipt(query: CallbackQuery, callback_data: PromisedStep, user: Person, bot: Bot) -> None:
    await orders.check_action(callback_data.order_id, user.id, Action.CONFIRM_RECEIPT)
    try:
        await orders.confirm_receipt(user.id, callback_data.order_id, callback_data.promise)
    except PromptOutdated as changed:
        # Never release another amount than the prompt said: ask again with what it releases now.
        await _ask_release(bot, user, callback_data.order_id, describe(changed))
        await query.answer()
        return
    card = await read_card(user, callback_data.order_id)
    await redraw_card(query, card)
    await bot.send_message(user.telegram_id, review_prompt(card), reply_markup=stars_keyboard(card.id))
    await query.answer(_("Thank you! The order is complete and the buyer has been paid."))


@handlers.callback_query(Choice.filter((F.field == "release") & (F.value == "wait")))
async def keep_waiting(query: CallbackQuery) -> None:
    await _close_prompt(query, _("Nothing was released; the money stays held until you confirm receipt."))


# --- delivery: the customer's word --------------------------------------------------------


@handlers.callback_query(OrderAction.filter(F.action == Action.MARK_DELIVERED))
async def ask_arrived(query: CallbackQuery, callback_data: OrderAction, user: Person, bot: Bot) -> None:
    await _ask_arrived(bot, user, callback_data.order_id)
    await query.answer()


async def _ask_arrived(bot: Bot, user: Person, order_id: int, preface: str = "") -> None:
    """Saying it arrived shortens the customer's protection: ask first, saying what it changes."""
    promise = await orders.promise_for(order_id, user.id, Action.MARK_DELIVERED)
    text = delivery_question(order_id)
    await bot.send_message(
        user.telegram_id,
        f"{preface}\n\n{text}" if preface else text,
        reply_markup=delivery_keyboard(order_id, promise.digest, answers_buyer=False),
    )


@handlers.callback_query(PromisedStep.filter(F.action == Action.MARK_DELIVERED))
async def mark_delivered(query: CallbackQuery, callback_data: PromisedStep, user: Person, bot: Bot) -> None:
    await orders.check_action(callback_data.order_id, user.id, Action.MARK_DELIVERED)
    try:
        await orders.mark_delivered(callback_data.order_id, Actor.CUSTOMER, user.id, callback_data.promise)
    except PromptOutdated as changed:
        await _ask_arrived(bot, user, callback_data.order_id, describe(changed))
        await query.answer()
        return
    await redraw_card(query, await read_card(user, callback_data.order_id))
    await query.answer(
        _("Noted: it has arrived. The money stays held: confirm receipt once you have checked the item.")
    )


@handlers.callback_query(OrderAction.filter(F.action == Action.NOT_YET_DELIVERED))
async def not_yet_delivered(query: CallbackQuery, callback_data: OrderAction, user: Person) -> None:
    await orders.say_not_yet_delivered(user.id, callback_data.order_id)
    await _close_prompt(query, _("Noted: not yet. The buyer is told, and the order keeps its dates."))


@handlers.callback_query(Choice.filter((F.field == "delivered") & (F.value == "wait")))
async def not_arrived_yet(query: CallbackQuery) -> None:
    await _close_prompt(query, _("Nothing changed; the order keeps its dates."))


async def _close_prompt(query: CallbackQuery, said: str) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
    await query.answer(said)


# --- the receipt -------------------------------------------------------------------------


async def _save_receipt(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    await orders.upload_receipt(user.id, data["order_id"], data["receipt"])
    said = _("Receipt saved for order #{id}; the customer has been told.").format(id=data["order_id"])
    await bot.send_message(user.telegram_id, said)
    await send_card(bot, user, await read_card(user, data["order_id"]))


receipt = Wizard(
    handlers,
    Step(
        ReceiptUpload.photo,
        lambda data: (_("Please send the receipt as a photo, or /cancel."), None),
        photo="receipt",
    ),
    finish=_save_receipt,
)


@handlers.callback_query(OrderAction.filter(F.action == Action.UPLOAD_RECEIPT))
async def ask_receipt(
    query: CallbackQuery, callback_data: OrderAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    code = await orders.receipt_code(callback_data.order_id, user.id)
    await receipt.begin(state, {"order_id": callback_data.order_id})
    prompt = _("Send a photo of the purchase receipt for order #{id}. It proves the purchase; /cancel to stop.")
    await bot.send_message(
        user.telegram_id,
        prompt.format(id=callback_data.order_id) + ("\n✍️ " + proof_code_instruction(code) if code else ""),
    )
    await query.answer()


# --- shipping ----------------------------------------------------------------------------


def _read_carrier(text: str, data: Answers) -> Answers:
    return {"carrier": clean_text(text, "carrier", 64)}


async def _ship(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    await orders.ship(user.id, data["order_id"], data["carrier"], data["tracking"])
    said = _("Order #{id} is shipped; the customer has the tracking number.").format(id=data["order_id"])
    await bot.send_message(user.telegram_id, said)
    await send_card(bot, user, await read_card(user, data["order_id"]))


shipping = Wizard(
    handlers,
    Step(
        Shipping.carrier,
        lambda data: (
            _("Which carrier ships order #{id}? Pick one, or type its name.").format(id=data["order_id"]),
            carriers_keyboard(),
        ),
        expects=__("Please pick a carrier above or type its name, or /cancel."),
        reminds=False,
        read=_read_carrier,
    ),
    Step(
        Shipping.tracking,
        lambda data: (
            _("Carrier: {carrier}. Now type the tracking number.").format(carrier=escape(data["carrier"])),
            None,
        ),
        expects=__("Please type the tracking number, or /cancel."),
        reminds=False,
        read=lambda text, data: {"tracking": text},
    ),
    finish=_ship,
)


@handlers.callback_query(OrderAction.filter(F.action == Action.SHIP))
async def ask_carrier(
    query: CallbackQuery, callback_data: OrderAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    await orders.check_action(callback_data.order_id, user.id, Action.SHIP)
    await shipping.start(bot, user, state, {"order_id": callback_data.order_id})
    await query.answer()


@handlers.callback_query(
    Shipping.carrier, Choice.filter((F.field == "carrier") & F.value.in_({c.code for c in CARRIERS} | {OTHER}))
)
async def pick_carrier(query: CallbackQuery, callback_data: Choice, user: Person, state: FSMContext, bot: Bot) -> None:
    carrier = carrier_by_code(callback_data.value)
    if carrier is None:
        await bot.send_message(user.telegram_id, _("Type the carrier's name."))
    else:
        await shipping.advance(bot, user, state, {"carrier": carrier.name})
    await query.answer()


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
    await cancelling.begin(state, {"order_id": order_id, "promise": promise.digest})
    text = f"{preface}\n\n{cancel_question(promise)}" if preface else cancel_question(promise)
    await bot.send_message(user.telegram_id, text, reply_markup=cancel_keyboard(promise))


async def _cancel(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    try:
        kept = await orders.cancel_by_party(data["order_id"], user.id, data["reason"], data["promise"])
    except PromptOutdated as changed:
        await _ask_cancel(bot, user, state, data["order_id"], describe(changed))
        return
    said = (
        _("Order #{id} is cancelled.").format(id=data["order_id"])
        + "\n"
        + cancel_outcome_text(kept.outcome, kept.deposit)
    )
    await bot.send_message(user.telegram_id, said)


cancelling = Wizard(
    handlers,
    Step(
        Cancelling.reason,
        lambda data: (_("Please type the reason as text, or press a button above."), None),
        read=lambda text, data: {"reason": text},
    ),
    finish=_cancel,
)


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
    await cancelling.advance(bot, user, state, {"reason": "", "promise": callback_data.promise})
    await query.answer()
