"""Turn a core refusal into a translated answer; the handler's changes were already rolled back."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.error_texts import describe
from core.errors import DomainError


class ExplainDomainErrors(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        try:
            return await handler(event, data)
        except DomainError as error:
            if isinstance(event, CallbackQuery):
                await event.answer(describe(error), show_alert=True)
            elif isinstance(event, Message):
                await event.answer(describe(error))
            else:
                raise
            return None
