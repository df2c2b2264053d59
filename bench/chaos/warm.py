"""Imported once by the fork server (bench/chaos/processes.py) so that every product process forked from it
starts warm: the bot's and the scheduler's modules imported, and aiogram's Telegram types and the answers of
its methods built.

The bot builds those validators on first use (bot/telegram_types.py), which costs a fresh process ~0.7 s of CPU
on its first updates; a simulation restarts processes often enough that this would be most of its time. Built
here, before any fork, they are shared by every child.
"""

from aiogram import methods, types
from aiogram.methods import Response, TelegramMethod
from pydantic import BaseModel

import bot.__main__  # noqa: F401  (the entry points, with everything they import)
import scheduler.__main__  # noqa: F401

# pydantic caches a generic class such as Response[Message] weakly: held here, it stays built in every child.
RESPONSES: list[type] = []


def _build_everything() -> None:
    for name in dir(types):
        model = getattr(types, name)
        if isinstance(model, type) and issubclass(model, BaseModel):
            model.model_rebuild(force=True)
    for name in dir(methods):
        method = getattr(methods, name)
        if isinstance(method, type) and issubclass(method, TelegramMethod) and method is not TelegramMethod:
            method.model_rebuild(force=True)
            RESPONSES.append(Response[method.__returning__])  # type: ignore[name-defined]


_build_everything()
