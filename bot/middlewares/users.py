"""Load (or on first contact create) the user behind every update, and pick their language."""

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject
from aiogram.types import User as TelegramUser
from aiogram.utils.i18n import I18nMiddleware

from bot.deep_links import parse_start_payload
from bot.i18n import locale_of
from core.domain.languages import language_for
from core.logs import note_ids
from core.services.people.users import Person, person_of, person_with_telegram_id, register_contact

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def _start_payload(event: TelegramObject) -> str | None:
    if isinstance(event, Message) and event.text and event.text.startswith("/start "):
        return event.text.split(maxsplit=1)[1]
    return None


class UserMiddleware(BaseMiddleware):
    """Puts `user` (a core Person) into handler data; binds a referral on the very first /start."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        sender: TelegramUser | None = data.get("event_from_user")
        if sender is None or sender.is_bot:
            return await handler(event, data)
        user, _ = await register_contact(
            telegram_id=sender.id,
            first_name=sender.first_name,
            last_name=sender.last_name,
            username=sender.username,
            language_code=sender.language_code,
            referral_code=parse_start_payload(_start_payload(event)).referral_code,
        )
        data["user"] = person_of(user)
        note_ids(user_id=user.id)  # our id, not Telegram's: it names no account outside Daigou
        return await handler(event, data)


class UserLanguageMiddleware(I18nMiddleware):
    """The user's chosen language, else Telegram's language_code (set at first contact)."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        user: Person | None = data.get("user")
        sender: TelegramUser | None = data.get("event_from_user")
        if user is None and sender is not None:
            # Error events carry the update-level data only, without the loaded user. The database may be what
            # failed: "try again" is then said in Telegram's language for them rather than not at all.
            with contextlib.suppress(Exception):
                user = await person_with_telegram_id(sender.id)
        language = user.language if user else language_for(sender.language_code if sender else None)
        return locale_of(self.i18n, language)
