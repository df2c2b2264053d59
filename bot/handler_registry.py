"""Handlers declared once per module, registered afresh on every dispatcher's router.

aiogram attaches a Router to one parent for life, while tests and production workers build
several dispatchers in one process; so modules record their handlers here with the usual
decorator syntax, and `register_on()` adds them to the router of each new dispatcher.
"""

from collections.abc import Callable
from typing import Any

from aiogram import Router
from aiogram.filters import Filter, StateFilter
from aiogram.fsm.state import State
from aiogram.types import TelegramObject
from magic_filter import MagicFilter

Callback = Callable[..., Any]


class OnTheLoop(Filter):
    """A magic filter (`F.text == ...`) checked on the event loop.

    aiogram runs every filter that is neither a coroutine nor a `Filter` through `asyncio.to_thread`:
    a thread hop for each handler tried on each update, which bench/updates.py measured as a fifth of
    the bot's CPU time. Resolving a magic filter is a few attribute reads; it needs no thread.
    """

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: TelegramObject) -> Any:
        return self.magic.resolve(event)


def _on_the_loop(check: Any) -> Any:
    """The same check, as one aiogram awaits instead of running in a thread (a `State` is a sync one too)."""
    if isinstance(check, MagicFilter):
        return OnTheLoop(check)
    if isinstance(check, State):
        return StateFilter(check)
    return check


class Handlers:
    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: list[tuple[str, Callback, tuple[Any, ...]]] = []
        self._last: list[tuple[str, Callback, tuple[Any, ...]]] = []

    def _on(self, event: str, *filters: Any, last: bool = False) -> Callable[[Callback], Callback]:
        def register(callback: Callback) -> Callback:
            (self._last if last else self._entries).append(
                (event, callback, tuple(_on_the_loop(check) for check in filters))
            )
            return callback

        return register

    def message(self, *filters: Any) -> Callable[[Callback], Callback]:
        return self._on("message", *filters)

    def otherwise(self, *filters: Any) -> Callable[[Callback], Callback]:
        """A message handler tried after all the module's others, wherever it is declared (a wizard's hints)."""
        return self._on("message", *filters, last=True)

    def callback_query(self, *filters: Any) -> Callable[[Callback], Callback]:
        return self._on("callback_query", *filters)

    def inline_query(self, *filters: Any) -> Callable[[Callback], Callback]:
        return self._on("inline_query", *filters)

    def pre_checkout_query(self, *filters: Any) -> Callable[[Callback], Callback]:
        return self._on("pre_checkout_query", *filters)

    def errors(self, *filters: Any) -> Callable[[Callback], Callback]:
        return self._on("error", *filters)

    def register_on(self, router: Router) -> None:
        """Add the module's handlers to `router`, in the order declared, `otherwise` ones last."""
        for event, callback, filters in self._entries + self._last:
            router.observers[event].register(callback, *filters)
