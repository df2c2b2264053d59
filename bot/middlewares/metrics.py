"""Updates counted and timed by the handler that took them (core/metrics.py), and the Bot API's 429s counted."""

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject

from core.metrics import HANDLER_ERRORS, TELEGRAM_FLOOD_WAITS, UPDATE_SECONDS, UPDATES_HANDLED, UPDATES_IN_FLIGHT

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
UNHANDLED = "unhandled"


@dataclass(slots=True)
class _TakenBy:
    handler: str = UNHANDLED


def handler_name(handler: HandlerObject) -> str:
    """`orders.ship_order`: the area's module and the function, a label of bounded variety."""
    callback = handler.callback
    return f"{callback.__module__.rsplit('.', 1)[-1]}.{getattr(callback, '__name__', type(callback).__name__)}"


class TimeUpdates(BaseMiddleware):
    """Outer, on the dispatcher's updates (inside aiogram's error handling, so a failure is seen here first)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        taken_by = data["metrics_taken_by"] = _TakenBy()
        started = time.perf_counter()
        UPDATES_IN_FLIGHT.inc()
        try:
            return await handler(event, data)
        except Exception:
            HANDLER_ERRORS.labels(taken_by.handler).inc()
            raise
        finally:
            UPDATES_IN_FLIGHT.dec()
            UPDATES_HANDLED.labels(taken_by.handler).inc()
            UPDATE_SECONDS.labels(taken_by.handler).observe(time.perf_counter() - started)


class NameHandler(BaseMiddleware):
    """Inner, on each event's observer: aiogram has picked the handler by now, so say which one it is."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if (taken_by := data.get("metrics_taken_by")) is not None and (picked := data.get("handler")) is not None:
            taken_by.handler = handler_name(picked)
        return await handler(event, data)


class CountFloodWaits(BaseRequestMiddleware):
    """Every Bot API call Telegram answered 429, whoever made it (a handler's answer or the outbox)."""

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramRetryAfter:
            TELEGRAM_FLOOD_WAITS.labels(method.__api_method__).inc()
            raise
