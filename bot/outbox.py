"""Delivers the outbox (core/services/notifications): each notice rendered in its recipient's language.

A notice with a `photo` param (a Telegram file_id) is sent as that photo with the text as its caption;
a key with an entry in KEYBOARDS gets its buttons, labelled in the recipient's language too.

A recipient who blocked the bot, or a chat Telegram refuses, is marked delivered and never
retried; a network failure or a flood wait leaves the notice for the next round.
"""

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramNetworkError, TelegramRetryAfter
from aiogram.utils.i18n import I18n

from bot.i18n import locale_of
from bot.outbox_keyboards import KEYBOARDS
from bot.outbox_texts import TEXTS, VOCABULARY
from bot.views.text import escape, money
from core.domain.money import Money
from core.models.notifications import Notification
from core.services.notifications import mark_sent, pending

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 2.0
_MONEY_PARAMS = ("amount", "refund")  # minor units, in the notification's `currency`


def _text(notification: Notification) -> str:
    params: dict[str, Any] = {}
    for name, value in notification.params.items():
        if name in _MONEY_PARAMS:
            params[name] = money(Money(int(value), notification.params["currency"]))
        elif name in VOCABULARY:
            params[name] = str(VOCABULARY[name][value])
        else:
            params[name] = escape(str(value))
    return str(TEXTS[notification.key]).format(**params).strip()


async def _send(bot: Bot, notification: Notification, i18n: I18n) -> None:
    with i18n.context(), i18n.use_locale(locale_of(i18n, notification.user.language)):
        text = _text(notification)
        keyboard = KEYBOARDS[notification.key](notification.params) if notification.key in KEYBOARDS else None
        photo = notification.params.get("photo")
        chat_id = notification.user.telegram_id
        if photo:
            await bot.send_photo(chat_id, photo, caption=text, reply_markup=keyboard)
        else:
            await bot.send_message(chat_id, text, reply_markup=keyboard)


async def deliver_pending(bot: Bot, i18n: I18n) -> int:
    """Send what is waiting, oldest first; returns how many were settled (sent or given up)."""
    settled = 0
    for notification in await pending():
        if notification.key not in TEXTS:
            log.error("notification %s has no text for key %s; dropped", notification.id, notification.key)
        else:
            try:
                await _send(bot, notification, i18n)
            except (TelegramForbiddenError, TelegramBadRequest) as exc:
                log.info("notification %s not deliverable (%s); dropped", notification.id, type(exc).__name__)
            except TelegramRetryAfter:
                break
            except TelegramNetworkError:
                log.warning("notification %s: network error, will retry", notification.id)
                continue
        await mark_sent(notification.id)
        settled += 1
    return settled


async def deliver_forever(bot: Bot, i18n: I18n) -> None:
    while True:
        try:
            await deliver_pending(bot, i18n)
        except Exception:
            log.exception("outbox round failed")
        await asyncio.sleep(INTERVAL_SECONDS)
