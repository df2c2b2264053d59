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
        # aiogram stops polling without waiting for the updates it is still handling, and closes the chat
        # state's storage as it stops. Let them finish first, or one is cut off between its reply and the
        # release of its chat's lock in Redis, and the chat stays locked for a minute.
        await asyncio.gather(*dispatcher._handle_update_tasks)
        await dispatcher.stop_polling()
        await task
