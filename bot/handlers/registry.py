"""Handlers declared once per module, built into a fresh Router for every dispatcher.

aiogram attaches a Router to one parent for life, while tests and production workers build
several dispatchers in one process; so modules record their handlers here with the usual
decorator syntax, and `build()` makes a new Router each time.
"""

from collections.abc import Callable
from typing import Any

from aiogram import Router

Callback = Callable[..., Any]


class Handlers:
    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: list[tuple[str, Callback, tuple[Any, ...]]] = []

    def _on(self, event: str, *filters: Any) -> Callable[[Callback], Callback]:
        def register(callback: Callback) -> Callback:
            self._entries.append((event, callback, filters))
            return callback

        return register

    def message(self, *filters: Any) -> Callable[[Callback], Callback]:
        return self._on("message", *filters)

    def callback_query(self, *filters: Any) -> Callable[[Callback], Callback]:
        return self._on("callback_query", *filters)

    def inline_query(self, *filters: Any) -> Callable[[Callback], Callback]:
        return self._on("inline_query", *filters)

    def pre_checkout_query(self, *filters: Any) -> Callable[[Callback], Callback]:
        return self._on("pre_checkout_query", *filters)

    def errors(self, *filters: Any) -> Callable[[Callback], Callback]:
        return self._on("error", *filters)

    def build(self) -> Router:
        router = Router(name=self.name)
        for event, callback, filters in self._entries:
            router.observers[event].register(callback, *filters)
        return router
