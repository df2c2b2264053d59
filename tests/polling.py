"""Run the bot's own long-polling loop (bot/polling.py) against the sandbox for the duration of a block."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher

from bot.polling import polling_updates

IN_FLIGHT = 64


@asynccontextmanager
async def polling(dispatcher: Dispatcher, bot: Bot) -> AsyncIterator[None]:
    async with polling_updates(dispatcher, bot, IN_FLIGHT, poll_seconds=5):
        yield
