"""Bot stories: the real dispatcher long-polls the sandbox; tests play the users.

The bot calls the sandbox in process (tests/sandbox_session.py), and its outbox paces on a clock that moves
only when it waits, so a story waits for nothing but the bot. A story marked `e2e` runs over real HTTP
instead, as the bot does in production, so that path stays covered.
"""

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from tortoise.expressions import Q

from bot.app import build_bot, build_dispatcher
from bot.i18n import build_i18n
from bot.middlewares.flood import FloodControl
from bot.outbox import Outbox
from bot.pacing import Pacer
from core import clock
from core.config import Settings
from core.domain.money import Money
from core.models.notifications import Notification
from core.models.users import User
from core.services.people.users import register_contact
from sandbox import CallbackAnswer, Driver, Sandbox, make_png
from sandbox.chats import SimUser
from sandbox.views import ChatMessage
from tests.bot.fake_time import FakeTime
from tests.factories import BOND, verify
from tests.polling import polling
from tests.redis_keys import OwnKeys
from tests.sandbox_session import SandboxSession

_tokens = itertools.count(1)
OUTBOX_POLL_SECONDS = 0.02


async def notices_sent(within: float = 5.0) -> None:
    """Wait until the outbox has sent every notice due now (ones waiting for a retry later excepted)."""
    due_or_sending = Q(available_at__lte=clock.now()) | Q(claimed_by__isnull=False)
    async with asyncio.timeout(within):
        while True:  # the database is the only place to look: other processes may be sending too
            if not await Notification.filter(due_or_sending, sent_at=None).exists():
                return
            await asyncio.sleep(0.01)


@dataclass
class Person:
    """A simulated Telegram user talking to the bot, with short verbs for test stories.

    Each step first lets the outbox send the notices earlier steps caused, so the step's reply
    is the next message read, not a notice that happened to arrive in between.
    """

    driver: Driver
    user: SimUser

    async def catches_up(self) -> None:
        """Let the outbox send what is due, then count everything in the chat as read."""
        await notices_sent()
        self.driver.mark_read(self.user)

    async def says(self, text: str) -> ChatMessage:
        """Send text and return the bot's first reply."""
        await self.catches_up()
        await self.driver.send_text(self.user, text)
        return await self.driver.next_message(self.user)

    async def next(self) -> ChatMessage:
        return await self.driver.next_message(self.user)

    async def presses(self, message: ChatMessage, text: str) -> ChatMessage:
        """Press an inline button and return the bot's next message."""
        await self.catches_up()
        await self.driver.press_button(self.user, message, text)
        return await self.driver.next_message(self.user)

    async def account(self) -> User:
        """This person's core user, registered as on first contact if the bot has not met them yet."""
        user, _ = await register_contact(self.user.id, self.user.first_name, language_code=self.user.language_code)
        return user

    async def becomes_verified_buyer(self, countries: tuple[str, ...] = ("JP",), bond: Money | None = BOND) -> User:
        """Apply as a buyer, get verified by a moderator and post a bond, through the core services."""
        return await verify(await self.account(), countries, bond)

    async def taps(
        self, message: ChatMessage | int, text: str | None = None, *, data: str | None = None
    ) -> tuple[CallbackAnswer, list[ChatMessage]]:
        """Press a button (or send forged callback `data`): the bot's answer, and what it sent this person meanwhile."""
        await notices_sent()
        shown = self.driver.messages(self.user)
        last_id = shown[-1].message_id if shown else 0
        answer = await self.driver.press_button(self.user, message, text, data=data)
        self.driver.mark_read(self.user)
        return answer, [m for m in self.driver.messages(self.user) if m.message_id > last_id]

    async def sends_photo(self) -> ChatMessage:
        """Send a photo and return the bot's first reply."""
        await self.catches_up()
        await self.driver.send_photo(self.user)
        return await self.driver.next_message(self.user)

    async def sends_album(self, count: int) -> tuple[list[ChatMessage], ChatMessage]:
        """Send `count` photos as one album: the photos sent, and the bot's first reply."""
        await self.catches_up()
        album = await self.driver.send_album(self.user, [None] * count)
        return album, await self.driver.next_message(self.user)


@dataclass
class World:
    driver: Driver
    bot: Bot

    def person(self, name: str, language: str = "en") -> Person:
        return Person(self.driver, self.driver.create_user(name, language_code=language))

    def photo(self) -> str:
        """The file_id of a freshly uploaded photo, which the bot may send (as on listings)."""
        return self.driver.bot.files.add_photo(make_png(64, 64), 64, 64)[-1]["file_id"]


@pytest.fixture
async def world(
    request: pytest.FixtureRequest,
    sandbox: Sandbox,
    api_url: str,
    http_session: AiohttpSession,
    override_settings: Callable[..., Settings],
) -> AsyncIterator[World]:
    """A bot polling the sandbox: in process, or over real HTTP for stories marked `e2e`.

    The HTTP server is one per session either way: an async session fixture cannot be started from inside
    another fixture (`getfixturevalue`) once the event loop runs."""
    token = f"{8000 + next(_tokens)}:BotTestToken"
    if request.node.get_closest_marker("e2e"):
        override_settings(telegram_api_url=api_url)
        bot = build_bot(token, session=http_session)
        pacer = Pacer()
    else:
        bot = build_bot(token, session=SandboxSession(sandbox))
        time = FakeTime()
        pacer = Pacer(clock=time.clock, sleep=time.sleep)
    i18n = build_i18n()
    dispatcher = build_dispatcher(i18n)
    stop = asyncio.Event()
    outbox = asyncio.create_task(Outbox(bot, i18n, pacer).run(OUTBOX_POLL_SECONDS, stop))
    try:
        async with polling(dispatcher, bot):
            yield World(sandbox.driver(token), bot)
    finally:
        stop.set()
        await outbox


@pytest.fixture
async def own_keys() -> AsyncIterator[OwnKeys]:
    """For a test whose bot keeps its chats in Redis: ids of its own, and their keys deleted afterwards."""
    keys = OwnKeys()
    yield keys
    await keys.forget()


@pytest.fixture
def quick_typist(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flood control that lets a test answer a long wizard faster than any person types.

    For tests that are not about flooding: use with `pytest.mark.usefixtures("quick_typist")`,
    which sets it up before `world` builds the dispatcher.
    """
    monkeypatch.setattr("bot.app.FloodControl", lambda: FloodControl(rate=100, burst=100))
