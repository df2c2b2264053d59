"""The buttons under each outbox notice that has any, per key; built in the recipient's language."""

from collections.abc import Callable
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.views import chat, reviews
from bot.views.orders import open_order_keyboard
from bot.views.requests import see_offers_keyboard


def _open_order(params: dict[str, Any]) -> InlineKeyboardMarkup:
    return open_order_keyboard(int(params["id"]))


_ORDER_NEWS = (
    "order.new",
    "order.deposit_paid",
    "order.balance_paid",
    "order.receipt_uploaded",
    "order.balance_due",
    "order.shipped",
    "order.delivered",
    "order.completed",
    "order.cancelled",
    "order.cancelled_with_reason",
    "order.disputed",
)

KEYBOARDS: dict[str, Callable[[dict[str, Any]], InlineKeyboardMarkup | None]] = {
    **dict.fromkeys(_ORDER_NEWS, _open_order),
    "offer.new": lambda params: see_offers_keyboard(int(params["id"])),
    "review.posted": lambda params: reviews.reply_keyboard(int(params["review_id"])),
    "chat.message": lambda params: chat.reply_keyboard(int(params["order_id"])),
}
