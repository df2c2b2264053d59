"""Reading a buyer's reviews: the Reviews button of listing cards, offers and order cards, and More under a page."""

from contextlib import suppress

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message

from bot.callbacks import BuyerReviews
from bot.handler_registry import Handlers
from bot.presenters.reviews import reviews_keyboard, reviews_text
from core.services.people.users import Person
from core.services.trade.review_pages import buyer_reviews

handlers = Handlers(__name__)


@handlers.callback_query(BuyerReviews.filter())
async def show_reviews(query: CallbackQuery, callback_data: BuyerReviews, user: Person, bot: Bot) -> None:
    page = await buyer_reviews(callback_data.buyer_id, before=callback_data.before or None)
    if callback_data.before and isinstance(query.message, Message):
        with suppress(TelegramBadRequest):  # More has done its job; an earlier press may have taken it already
            await query.message.edit_reply_markup(reply_markup=None)
    await bot.send_message(user.telegram_id, reviews_text(page), reply_markup=reviews_keyboard(page))
    await query.answer()
