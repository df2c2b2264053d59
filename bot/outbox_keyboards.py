"""The buttons under an outbox notice, per key; built while the recipient's language is in use."""

from collections.abc import Callable
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from bot.views.chat import reply_keyboard

KEYBOARDS: dict[str, Callable[[dict[str, Any]], InlineKeyboardMarkup | None]] = {
    "chat.message": lambda params: reply_keyboard(int(params["order_id"])),
}
