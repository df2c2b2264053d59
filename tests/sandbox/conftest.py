"""One sandbox server per test session; every test gets its own bot token, so its own bot and chats."""

import itertools

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession

from sandbox import Driver, Sandbox

_tokens = itertools.count(1)


@pytest.fixture
def token() -> str:
    return f"{7000 + next(_tokens)}:SandboxTestToken"


@pytest.fixture
def bot(token: str, http_session: AiohttpSession) -> Bot:
    return Bot(token, session=http_session)


@pytest.fixture
def driver(sandbox: Sandbox, token: str) -> Driver:
    return sandbox.driver(token)
