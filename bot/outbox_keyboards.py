"""The buttons under an outbox notice, per key; built while the recipient's language is in use."""

from collections.abc import Callable
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.views.chat import reply_keyboard
from bot.views.orders import open_order_keyboard

# Notices about an order's dispute or parcel: one press opens the order, where the next step is.
_ABOUT_AN_ORDER = (
    "dispute.opened",
    "dispute.answered",
    "dispute.buyer_proposed",
    "dispute.customer_proposed",
    "dispute.declined",
    "dispute.agreed",
    "dispute.escalated",
    "tracking.in_transit",
    "tracking.customs",
    "tracking.delivered",
)

KEYBOARDS: dict[str, Callable[[dict[str, Any]], InlineKeyboardMarkup | None]] = {
    "chat.message": lambda params: reply_keyboard(int(params["order_id"])),
    **{key: lambda params: open_order_keyboard(int(params["order_id"])) for key in _ABOUT_AN_ORDER},
}
