"""The suite. The bot package is imported first, before any test module or fixture imports aiogram, so the tests
build Telegram types on first use as the bot does (bot/telegram_types.py)."""

import bot  # noqa: F401  # its import defers the types
