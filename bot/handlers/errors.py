"""Anything unexpected: logged for us, a polite retry for the user, and the bot keeps running."""

import logging

from aiogram.types import ErrorEvent
from aiogram.utils.i18n import gettext as _

from bot.handler_registry import Handlers

log = logging.getLogger(__name__)
handlers = Handlers(__name__)


@handlers.errors()
async def unexpected_error(event: ErrorEvent) -> None:
    # The update id and the error type locate the bug; the update itself holds personal data.
    log.error("update %s failed: %s", event.update.update_id, type(event.exception).__name__, exc_info=event.exception)
    text = _("Sorry, something went wrong on our side. Please try again in a moment.")
    if event.update.callback_query is not None:
        await event.update.callback_query.answer(text, show_alert=True)
    elif event.update.message is not None:
        await event.update.message.answer(text)
    elif event.update.pre_checkout_query is not None:  # unanswered, Telegram would wait its 10 s, then fail it
        await event.update.pre_checkout_query.answer(ok=False, error_message=text)
