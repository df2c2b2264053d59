"""Disputes in the chat: the customer complains with a reason and photos, the buyer answers, and either side
proposes a refund that the other accepts or declines. Every step is re-checked by core/services/disputes, which
also queues the news for the other side.
"""

from aiogram import Bot, F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.callbacks import Choice, DisputeAction, OrderAction
from bot.error_texts import describe
from bot.filters import TYPED
from bot.handler_registry import Handlers
from bot.order_cards import read_card, redraw_card, send_card
from bot.photo_albums import collect_photo, photo_ids
from bot.views.pickers import done_keyboard
from bot.views.text import money
from bot.wizard import attempt
from core import clock
from core.domain.disputes import MAX_EVIDENCE, read_refund
from core.domain.money import Money
from core.domain.order_machine import Action
from core.domain.text import clean_text
from core.errors import InvalidInput
from core.services import disputes
from core.services.users import Person

handlers = Handlers(__name__)

PHOTOS = "photos"
DONE = "dispute"


class Complaint(StatesGroup):
    reason = State()
    photos = State()


class Answer(StatesGroup):
    text = State()
    photos = State()


class Proposing(StatesGroup):
    amount = State()


def _text_question(step: str | None, order_id: int) -> str:
    if step == Complaint.reason.state:
        return _(
            "⚠️ What is wrong with order #{id}? Describe the problem: the buyer reads it, and a moderator too "
            "if you do not agree. /cancel to stop."
        ).format(id=order_id)
    return _(
        "✍️ Your answer to the complaint about order #{id}: the customer reads it, and a moderator too if you "
        "do not agree. /cancel to stop."
    ).format(id=order_id)


def _photos_question() -> str:
    return _(
        "Send photos that show it (up to {max}), one by one or as an album, then press Done. No photos? Press Done now."
    ).format(max=MAX_EVIDENCE)


async def _start(bot: Bot, user: Person, state: FSMContext, step: State, order_id: int) -> None:
    await state.set_state(step)
    await state.set_data({"order_id": order_id})
    await bot.send_message(user.telegram_id, _text_question(step.state, order_id))


@handlers.callback_query(OrderAction.filter(F.action == Action.OPEN_DISPUTE))
async def ask_complaint(
    query: CallbackQuery, callback_data: OrderAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    await disputes.check_can_open(user.id, callback_data.order_id)
    await _start(bot, user, state, Complaint.reason, callback_data.order_id)
    await query.answer()


@handlers.callback_query(DisputeAction.filter(F.action == "answer"))
async def ask_answer(
    query: CallbackQuery, callback_data: DisputeAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    await disputes.check_can_answer(user.id, callback_data.id)
    await _start(bot, user, state, Answer.text, callback_data.id)
    await query.answer()


@handlers.message(StateFilter(Complaint.reason, Answer.text), TYPED)
async def take_text(message: Message, state: FSMContext) -> None:
    step = await state.get_state()
    try:
        text = clean_text(message.text or "", "reason", 2000)
    except InvalidInput as error:
        await message.answer(describe(error) + "\n" + _text_question(step, (await state.get_data())["order_id"]))
        return
    await state.update_data(text=text)
    await state.set_state(Complaint.photos if step == Complaint.reason.state else Answer.photos)
    await message.answer(_photos_question(), reply_markup=done_keyboard(DONE))


@handlers.message(StateFilter(Complaint.photos, Answer.photos), F.photo)
async def take_photo(message: Message, state: FSMContext) -> None:
    collected = await collect_photo(message, state, PHOTOS, MAX_EVIDENCE)
    if collected is None:
        return
    if collected.refused:
        text = _("At most {max} photos, so I did not add {refused} of them. Press Done to send.")
    else:
        text = _("Photos: {kept} of at most {max}. Send more, or press Done to send.")
    await message.answer(
        text.format(kept=collected.kept, max=MAX_EVIDENCE, refused=collected.refused),
        reply_markup=done_keyboard(DONE),
    )


@handlers.callback_query(
    StateFilter(Complaint.photos, Answer.photos), Choice.filter((F.field == "done") & (F.value == DONE))
)
async def send(query: CallbackQuery, user: Person, state: FSMContext, bot: Bot) -> None:
    step, data = await state.get_state(), await state.get_data()
    # Cleared before the service is called: a second press of Done finds nothing left to send.
    await state.clear()
    photos, order_id = photo_ids(data, PHOTOS), data["order_id"]
    if step == Complaint.photos.state:
        await disputes.open_dispute(user.id, order_id, data["text"], photos)
        card = await read_card(user, order_id)
        assert card.dispute is not None  # just opened
        hours = round((card.dispute.escalates_at - clock.now()).total_seconds() / 3600)
        said = _(
            "Dispute opened for order #{id}. The money stays held. You and the buyer have {hours} hours to agree "
            "on a refund; after that a moderator decides."
        ).format(id=order_id, hours=hours)
    else:
        await disputes.answer(user.id, order_id, data["text"], photos)
        card = await read_card(user, order_id)
        said = _("Your answer is sent to the customer.")
    await bot.send_message(user.telegram_id, said)
    await send_card(bot, user, card)
    await query.answer()


# --- refund proposals --------------------------------------------------------------------


def _amount_question(order_id: int, paid: Money) -> str:
    return _(
        "How much should the customer get back for order #{id}? At most {paid}, what the customer paid. "
        "Type an amount, or a share such as 40%."
    ).format(id=order_id, paid=money(paid))


@handlers.callback_query(DisputeAction.filter(F.action == "propose"))
async def ask_amount(
    query: CallbackQuery, callback_data: DisputeAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    paid = await disputes.check_can_propose(user.id, callback_data.id)
    await state.set_state(Proposing.amount)
    await state.set_data({"order_id": callback_data.id})
    await bot.send_message(user.telegram_id, _amount_question(callback_data.id, paid))
    await query.answer()


async def _propose_typed(user: Person, order_id: int, typed: str) -> Money:
    """Propose the refund typed; returns it as proposed."""
    refund = read_refund(typed, await disputes.check_can_propose(user.id, order_id))
    await disputes.propose(user.id, order_id, refund)
    return refund


@handlers.message(Proposing.amount, TYPED)
async def take_amount(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    order_id = (await state.get_data())["order_id"]
    paid = await disputes.check_can_propose(user.id, order_id)
    refund = await attempt(
        bot, user, state, _amount_question(order_id, paid), _propose_typed(user, order_id, message.text or "")
    )
    if refund is None:
        return
    await state.clear()
    await message.answer(
        _(
            "You proposed {refund} back to the customer, the rest to the buyer. "
            "The other side is asked to accept or decline."
        ).format(refund=money(refund))
    )


@handlers.callback_query(DisputeAction.filter(F.action == "accept"))
async def accept(query: CallbackQuery, callback_data: DisputeAction, user: Person) -> None:
    order_id = (await disputes.accept(user.id, callback_data.id)).id
    await redraw_card(query, await read_card(user, order_id))
    await query.answer(_("Agreed: the dispute is settled and the money is paid out."))


@handlers.callback_query(DisputeAction.filter(F.action == "decline"))
async def decline(query: CallbackQuery, callback_data: DisputeAction, user: Person) -> None:
    order_id = (await disputes.decline(user.id, callback_data.id)).id
    await redraw_card(query, await read_card(user, order_id))
    await query.answer(_("Declined. You can propose another amount."))


@handlers.message(StateFilter(Complaint, Answer, Proposing), ~F.text.startswith("/"))
async def hint(message: Message, state: FSMContext) -> None:
    """Anything but what the step waits for: say what it waits for."""
    step = await state.get_state()
    if step in (Complaint.photos.state, Answer.photos.state):
        await message.answer(_("Please send photos, or press Done."), reply_markup=done_keyboard(DONE))
    elif step == Proposing.amount.state:
        await message.answer(_("Please type the refund as an amount or a share such as 40%, or /cancel."))
    else:
        await message.answer(_("Please describe it in a text message, or /cancel."))
