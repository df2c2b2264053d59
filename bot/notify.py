"""The one way the bot tells someone about something they did not just ask for.

The text is rendered in the recipient's language, not the sender's. A recipient who blocked
the bot is logged (by internal id only) and skipped: the action that caused the
notification has already happened and must not fail because of it.
"""

import logging
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import TelegramForbiddenError
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import get_i18n

from core.models.users import User

log = logging.getLogger(__name__)

Render = Callable[[], str]
RenderKeyboard = Callable[[], InlineKeyboardMarkup | None]


async def notify(bot: Bot, recipient: User, render: Render, keyboard: RenderKeyboard | None = None) -> None:
    i18n = get_i18n()
    with i18n.use_locale(recipient.language if recipient.language in i18n.available_locales else "en"):
        text = render()
        markup = keyboard() if keyboard else None
    try:
        await bot.send_message(recipient.telegram_id, text, reply_markup=markup)
    except TelegramForbiddenError:
        log.info("user %s has blocked the bot; notification skipped", recipient.id)
