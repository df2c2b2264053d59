"""One sandbox server per test session; every test gets its own bot token, so its own bot and chats."""

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from sandbox import Driver, Sandbox, serve

_tokens = itertools.count(1)


@pytest.fixture(scope="session")
async def sandbox() -> Sandbox:
    return Sandbox(bot_username="daigou_sandbox_bot", webhook_retry_delay=0.05)


@pytest.fixture(scope="session")
async def api_url(sandbox: Sandbox) -> AsyncIterator[str]:
    async with serve(sandbox) as url:
        yield url


@pytest.fixture(scope="session")
async def http_session(api_url: str) -> AsyncIterator[AiohttpSession]:
    # One aiogram session for all the tests' bots: closing one costs aiogram a 0.25 s pause.
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    yield session
    await session.close()


@pytest.fixture
def token() -> str:
    return f"{7000 + next(_tokens)}:SandboxTestToken"


@pytest.fixture
def bot(token: str, http_session: AiohttpSession) -> Bot:
    return Bot(token, session=http_session)


@pytest.fixture
def driver(sandbox: Sandbox, token: str) -> Driver:
    return sandbox.driver(token)


@asynccontextmanager
async def polling(dispatcher: Dispatcher, bot: Bot) -> AsyncIterator[None]:
    """Run the real aiogram long-polling loop against the sandbox for the duration of the block."""
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
