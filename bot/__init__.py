"""The Telegram bot (aiogram 3): a thin shell over core/ services."""

from bot.telegram_types import defer_telegram_types

defer_telegram_types()
