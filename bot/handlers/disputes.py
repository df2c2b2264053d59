"""Disputes in the chat: the customer complains with a reason and photos, the buyer answers, and either side
proposes a refund that the other accepts or declines. Every step is re-checked by core/services/disputes, which
also queues the news for the other side.
"""

from aiogram import Bot, F
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.support import LazyProxy

from bot.callbacks import DisputeAction, OrderAction
from bot.handler_registry import Handlers
from bot.order_cards import read_card, redraw_card, send_card
from bot.photo_albums import photo_ids
from bot.presenters.pickers import done_keyboard
from bot.presenters.text import money
from bot.wizard import Answers, Photos, Question, Step, Wizard
from core import clock
from core.domain.disputes import MAX_EVIDENCE, read_refund
from core.domain.money import Money
from core.domain.order_machine import Action
from core.domain.text import clean_text
from core.services.people.users import Person
from core.services.trade import disputes

handlers = Handlers(__name__)


class Complaint(StatesGroup):
    reason = State()
    photos = State()


class Answer(StatesGroup):
    text = State()
    photos = State()


class Proposing(StatesGroup):
    amount = State()


def _text_step(state: State, question: LazyProxy) -> Step:
    """The complaint or the answer, in words."""
    return Step(
        state,
        lambda data: (str(question).format(id=data["order_id"]), None),
        expects=__("Please describe it in a text message, or /cancel."),
        reminds=False,
        read=lambda text, data: {"text": clean_text(text, "reason", 2000)},
    )


def _photos_step(state: State) -> Step:
    """Photos that show it, then Done sends the complaint or the answer."""
    question = __(
        "Send photos that show it (up to {max}), one by one or as an album, then press Done. No photos? Press Done now."
    )
    return Step(
        state,
        lambda data: (str(question).format(max=MAX_EVIDENCE), done_keyboard("photos")),
        expects=__("Please send photos, or press Done."),
        reminds=False,
        photos=Photos(
            "photos",
            MAX_EVIDENCE,
            progress=__("Photos: {kept} of at most {max}. Send more, or press Done to send."),
            full=__("At most {max} photos, so I did not add {refused} of them. Press Done to send."),
        ),
    )


async def _complain(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    await disputes.open_dispute(user.id, data["order_id"], data["text"], photo_ids(data, "photos"))
    card = await read_card(user, data["order_id"])
    assert card.dispute is not None  # just opened
    hours = round((card.dispute.escalates_at - clock.now()).total_seconds() / 3600)
    said = _(
        "Dispute opened for order #{id}. The money stays held. You and the buyer have {hours} hours to agree "
        "on a refund; after that a moderator decides."
    ).format(id=data["order_id"], hours=hours)
    await bot.send_message(user.telegram_id, said)
    await send_card(bot, user, card)


async def _answer(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    await disputes.answer(user.id, data["order_id"], data["text"], photo_ids(data, "photos"))
    await bot.send_message(user.telegram_id, _("Your answer is sent to the customer."))
    await send_card(bot, user, await read_card(user, data["order_id"]))


complaint = Wizard(
    handlers,
    _text_step(
        Complaint.reason,
        __(
            "⚠️ What is wrong with order #{id}? Describe the problem: the buyer reads it, and a moderator too "
            "if you do not agree. /cancel to stop."
        ),
    ),
    _photos_step(Complaint.photos),
    finish=_complain,
)
answer = Wizard(
    handlers,
    _text_step(
        Answer.text,
        __(
            "✍️ Your answer to the complaint about order #{id}: the customer reads it, and a moderator too if you "
            "do not agree. /cancel to stop."
        ),
    ),
    _photos_step(Answer.photos),
    finish=_answer,
)


@handlers.callback_query(OrderAction.filter(F.action == Action.OPEN_DISPUTE))
async def ask_complaint(
    query: CallbackQuery, callback_data: OrderAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    await disputes.check_can_open(user.id, callback_data.order_id)
    await complaint.start(bot, user, state, {"order_id": callback_data.order_id})
    await query.answer()


@handlers.callback_query(DisputeAction.filter(F.action == "answer"))
async def ask_answer(
    query: CallbackQuery, callback_data: DisputeAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    await disputes.check_can_answer(user.id, callback_data.id)
    await answer.start(bot, user, state, {"order_id": callback_data.id})
    await query.answer()


# --- refund proposals --------------------------------------------------------------------


def _amount_question(data: Answers) -> Question:
    text = _(
        "How much should the customer get back for order #{id}? At most {paid}, what the customer paid. "
        "Type an amount, or a share such as 40%."
    )
    return text.format(id=data["order_id"], paid=money(Money(*data["paid"]))), None


def _read_refund(text: str, data: Answers) -> Answers:
    refund = read_refund(text, Money(*data["paid"]))
    return {"refund": [refund.amount, refund.currency]}


async def _propose(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    refund = Money(*data["refund"])
    await disputes.propose(user.id, data["order_id"], refund)
    said = _(
        "You proposed {refund} back to the customer, the rest to the buyer. "
        "The other side is asked to accept or decline."
    )
    await bot.send_message(user.telegram_id, said.format(refund=money(refund)))


proposing = Wizard(
    handlers,
    Step(
        Proposing.amount,
        _amount_question,
        expects=__("Please type the refund as an amount or a share such as 40%, or /cancel."),
        reminds=False,
        read=_read_refund,
    ),
    finish=_propose,
)


@handlers.callback_query(DisputeAction.filter(F.action == "propose"))
async def ask_amount(
    query: CallbackQuery, callback_data: DisputeAction, user: Person, state: FSMContext, bot: Bot
) -> None:
    paid = await disputes.check_can_propose(user.id, callback_data.id)
    await proposing.start(bot, user, state, {"order_id": callback_data.id, "paid": [paid.amount, paid.currency]})
    await query.answer()


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
