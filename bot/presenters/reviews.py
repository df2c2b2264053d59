"""Reviews in a chat: the stars to pick, and the news of a review and of its reply."""

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ReviewReply, ReviewStars
from bot.presenters.text import escape
from core.services.trade.order_cards import OrderCard


def stars(count: int) -> str:
    return "★" * count + "☆" * (5 - count)


def review_prompt(card: OrderCard) -> str:
    return _("How did order #{id} ({title}) go? Rate the buyer, then tell other customers in a few words.").format(
        id=card.id, title=escape(card.title)
    )


def stars_keyboard(order_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for count in range(1, 6):
        builder.button(text=f"{count} ★", callback_data=ReviewStars(order_id=order_id, stars=count))
    builder.adjust(5)
    return builder.as_markup()


def reply_keyboard(review_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("💬 Reply"), callback_data=ReviewReply(review_id=review_id))
    return builder.as_markup()
