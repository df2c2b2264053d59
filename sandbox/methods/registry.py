"""Method handlers by case-insensitive Bot API name."""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sandbox.errors import NOT_FOUND
from sandbox.params import Params
from sandbox.state import BotState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Call:
    """One method call: the bot that made it and its parameters."""

    bot: BotState
    params: Params


@dataclass(frozen=True)
class Described:
    """A result that Telegram sends with a `description`, as setWebhook's "Webhook was set"."""

    result: Any
    description: str


Handler = Callable[[Call], Awaitable[Any]]
_HANDLERS: dict[str, Handler] = {}


def method(*names: str) -> Callable[[Handler], Handler]:
    """Register a handler for the Bot API method(s) `names`."""

    def register(handler: Handler) -> Handler:
        for name in names:
            _HANDLERS[name.lower()] = handler
        return handler

    return register


def method_names() -> list[str]:
    return sorted(_HANDLERS)


async def invoke(bot: BotState, name: str, params: Params) -> Any:
    """Run method `name`; a `Described`, a plain result, or an `ApiError` (404 for unknown methods)."""
    handler = _HANDLERS.get(name.lower())
    if handler is None:
        raise NOT_FOUND
    return await handler(Call(bot, params))
