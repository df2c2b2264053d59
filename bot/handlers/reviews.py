"""Reviews: the customer rates a completed order and writes a few words; the buyer replies once."""

from aiogram import Bot, F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.callbacks import ReviewReply, ReviewStars
from bot.handler_registry import Handlers
from bot.views.reviews import stars
from bot.wizard import attempt
from core.services import reviews
from core.services.users import Person

handlers = Handlers(__name__)


class WritingReview(StatesGroup):
    text = State()


class WritingReply(StatesGroup):
    text = State()


TEXT = F.text & ~F.text.startswith("/")


def _review_question() -> str:
    return _("Now a few words for other customers: how were the item and the buyer? (/cancel to stop)")


def _reply_question() -> str:
    return _("Type your reply; everyone who reads the review will see it. You can reply once. (/cancel to stop)")


@handlers.callback_query(ReviewStars.filter())
async def rate(query: CallbackQuery, callback_data: ReviewStars, user: Person, state: FSMContext, bot: Bot) -> None:
    await reviews.check_review(user.id, callback_data.order_id, callback_data.stars)
    await state.set_state(WritingReview.text)
    await state.set_data({"order_id": callback_data.order_id, "stars": callback_data.stars})
    await bot.send_message(user.telegram_id, stars(callback_data.stars) + "\n" + _review_question())
    await query.answer()


@handlers.message(WritingReview.text, TEXT)
async def write_review(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    data = await state.get_data()
    writing = reviews.leave_review(user.id, data["order_id"], data["stars"], message.text or "")
    review = await attempt(bot, user, state, _review_question(), writing)
    if review is None:
        return
    await state.clear()
    await message.answer(_("Thank you! Your review is published."))


@handlers.callback_query(ReviewReply.filter())
async def ask_reply(
    query: CallbackQuery, callback_data: ReviewReply, user: Person, state: FSMContext, bot: Bot
) -> None:
    await reviews.check_reply(user.id, callback_data.review_id)
    await state.set_state(WritingReply.text)
    await state.set_data({"review_id": callback_data.review_id})
    await bot.send_message(user.telegram_id, _reply_question())
    await query.answer()


@handlers.message(WritingReply.text, TEXT)
async def write_reply(message: Message, user: Person, state: FSMContext, bot: Bot) -> None:
    review_id = (await state.get_data())["review_id"]
    review = await attempt(
        bot, user, state, _reply_question(), reviews.reply_to_review(user.id, review_id, message.text or "")
    )
    if review is None:
        return
    await state.clear()
    await message.answer(_("Your reply is published."))


@handlers.message(StateFilter(WritingReview.text, WritingReply.text))
async def hint(message: Message) -> None:
    await message.answer(_("Please type your answer as text, or /cancel."))
