"""Run the real aiogram long-polling loop against the sandbox for the duration of a block."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiogram import Bot, Dispatcher


@asynccontextmanager
async def polling(dispatcher: Dispatcher, bot: Bot) -> AsyncIterator[None]:
    started = asyncio.Event()

    async def on_startup() -> None:
        started.set()

    dispatcher.startup.register(on_startup)
    task = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False, polling_timeout=5)
    )
    await asyncio.wait_for(started.wait(), 5)
    try:
        yield
    finally:
        await dispatcher.stop_polling()
        await task
