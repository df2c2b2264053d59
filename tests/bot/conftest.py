"""End to end: the real dispatcher long-polls the sandbox over HTTP; tests play the users."""

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.app import build_bot, build_dispatcher
from bot.i18n import build_i18n
from core.config import Settings
from sandbox import Driver, Sandbox, serve
from sandbox.chats import SimUser
from sandbox.views import ChatMessage

_tokens = itertools.count(1)


@pytest.fixture(scope="session")
async def sandbox() -> Sandbox:
    return Sandbox(bot_username="daigou_sandbox_bot", pre_checkout_timeout=5)


@pytest.fixture(scope="session")
async def api_url(sandbox: Sandbox) -> AsyncIterator[str]:
    async with serve(sandbox) as url:
        yield url


@pytest.fixture(scope="session")
async def http_session(api_url: str) -> AsyncIterator[AiohttpSession]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    yield session
    await session.close()


@dataclass
class Person:
    """A simulated Telegram user talking to the bot, with short verbs for test stories."""

    driver: Driver
    user: SimUser

    async def says(self, text: str) -> ChatMessage:
        """Send text and return the bot's first reply."""
        self.driver.mark_read(self.user)
        await self.driver.send_text(self.user, text)
        return await self.driver.next_message(self.user)

    async def next(self) -> ChatMessage:
        return await self.driver.next_message(self.user)

    async def presses(self, message: ChatMessage, text: str) -> ChatMessage:
        """Press an inline button and return the bot's next message."""
        self.driver.mark_read(self.user)
        await self.driver.press_button(self.user, message, text)
        return await self.driver.next_message(self.user)


@dataclass
class World:
    driver: Driver
    bot: Bot

    def person(self, name: str, language: str = "en") -> Person:
        return Person(self.driver, self.driver.create_user(name, language_code=language))


@pytest.fixture
async def world(sandbox: Sandbox, api_url: str, http_session: AiohttpSession) -> AsyncIterator[World]:
    token = f"{8000 + next(_tokens)}:BotTestToken"
    settings = Settings(telegram_api_url=api_url, bot_token=token, payment_provider_token="sandbox-provider")
    bot = build_bot(settings, token, session=http_session)
    dispatcher = build_dispatcher(settings, build_i18n())
    async with polling(dispatcher, bot):
        yield World(sandbox.driver(token), bot)


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
