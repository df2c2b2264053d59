"""The other frameworks' floor: a bare python-telegram-bot echo bot against TELEGRAM_API_URL.

Run by bench/updates.py as a separate process. `concurrent_updates` lets it answer many chats at
once, as aiogram does by default; without it python-telegram-bot handles one update at a time.
"""

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.message is not None:
        await update.message.reply_text(update.message.text or "?")


def main() -> None:
    base = os.environ["TELEGRAM_API_URL"].rstrip("/")
    application = (
        Application.builder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .concurrent_updates(256)
        .connection_pool_size(256)
        .build()
    )
    application.add_handler(MessageHandler(filters.ALL, echo))
    application.run_polling(timeout=10, allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
