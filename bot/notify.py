"""The one way the bot tells someone about something they did not just ask for.

The text is rendered in the recipient's language, not the sender's. A recipient who blocked
the bot is logged (by internal id only) and skipped: the action that caused the
notification has already happened and must not fail because of it.
"""

import logging
from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import get_i18n

from bot.i18n import locale_of
from core.models.users import User

log = logging.getLogger(__name__)

Render = Callable[[], str]
RenderKeyboard = Callable[[], InlineKeyboardMarkup | None]


async def deliver(recipient: User, send: Callable[[], Awaitable[object]]) -> None:
    """Run `send` (a message, an invoice) in the recipient's language; skip someone who blocked the bot."""
    i18n = get_i18n()
    try:
        with i18n.use_locale(locale_of(i18n, recipient.language)):
            await send()
    except TelegramForbiddenError:
        log.info("user %s has blocked the bot; notification skipped", recipient.id)


async def notify(bot: Bot, recipient: User, render: Render, keyboard: RenderKeyboard | None = None) -> None:
    await deliver(
        recipient,
        lambda: bot.send_message(recipient.telegram_id, render(), reply_markup=keyboard() if keyboard else None),
    )
