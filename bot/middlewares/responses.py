"""Keeps each Bot API answer's `Response[...]` class alive once the bot has used it."""

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType


class KeepResponseTypes(BaseRequestMiddleware):
    """aiogram validates every answer as `Response[<the method's result type>]`, and pydantic caches those
    generic classes only weakly: after each garbage collection the next answer built its class again, schema
    and all (5% of the bot's CPU under load, bench/updates.py). Holding the class of each method the bot
    calls keeps it cached; building all ~185 up front would cost 30 MiB for methods never called."""

    def __init__(self) -> None:
        self._held: dict[type[TelegramMethod[Any]], type[Response[Any]]] = {}

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        if type(method) not in self._held:
            self._held[type(method)] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)
