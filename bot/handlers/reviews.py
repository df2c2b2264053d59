"""Reviews: the customer rates a completed order and writes a few words; the buyer replies once."""

from collections.abc import Callable

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.callbacks import ReviewReply, ReviewStars
from bot.handler_registry import Handlers
from bot.presenters.reviews import stars
from bot.wizard import Answers, Step, Wizard
from core.services.people.users import Person
from core.services.trade import reviews

handlers = Handlers(__name__)


class WritingReview(StatesGroup):
    text = State()


class WritingReply(StatesGroup):
    text = State()


def _review_question() -> str:
    return _("Now a few words for other customers: how were the item and the buyer? (/cancel to stop)")


def _reply_question() -> str:
    return _("Type your reply; everyone who reads the review will see it. You can reply once. (/cancel to stop)")


def _text_step(state: State, question: Callable[[], str]) -> Step:
    return Step(
        state,
        lambda data: (question(), None),
        expects=__("Please type your answer as text, or /cancel."),
        reminds=False,
        read=lambda text, data: {"text": text},
    )


async def _publish_review(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    await reviews.leave_review(user.id, data["order_id"], data["stars"], data["text"])
    await bot.send_message(user.telegram_id, _("Thank you! Your review is published."))


async def _publish_reply(bot: Bot, user: Person, state: FSMContext, data: Answers) -> None:
    await reviews.reply_to_review(user.id, data["review_id"], data["text"])
    await bot.send_message(user.telegram_id, _("Your reply is published."))


review = Wizard(handlers, _text_step(WritingReview.text, _review_question), finish=_publish_review)
reply = Wizard(handlers, _text_step(WritingReply.text, _reply_question), finish=_publish_reply)


@handlers.callback_query(ReviewStars.filter())
async def rate(query: CallbackQuery, callback_data: ReviewStars, user: Person, state: FSMContext, bot: Bot) -> None:
    await reviews.check_review(user.id, callback_data.order_id, callback_data.stars)
    await review.begin(state, {"order_id": callback_data.order_id, "stars": callback_data.stars})
    await bot.send_message(user.telegram_id, stars(callback_data.stars) + "\n" + _review_question())
    await query.answer()


@handlers.callback_query(ReviewReply.filter())
async def ask_reply(
    query: CallbackQuery, callback_data: ReviewReply, user: Person, state: FSMContext, bot: Bot
) -> None:
    await reviews.check_reply(user.id, callback_data.review_id)
    await reply.start(bot, user, state, {"review_id": callback_data.review_id})
    await query.answer()
