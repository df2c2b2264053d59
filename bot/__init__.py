"""The Telegram bot (aiogram 3): a thin shell over core/ services. Built in its own issue."""
