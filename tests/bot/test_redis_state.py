"""With REDIS_URL set, chat state lives in Redis: a conversation survives a new dispatcher."""

from collections.abc import Callable

import pytest
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.fsm.storage.redis import RedisStorage

from bot.app import build_bot, build_dispatcher
from bot.i18n import build_i18n
from core.config import Settings
from sandbox import Sandbox
from tests.bot.conftest import Person
from tests.conftest import REDIS_TEST_URL
from tests.polling import polling
from tests.redis_keys import OwnKeys

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("quick_typist")]


async def test_a_wizard_answer_reaches_the_next_worker_through_redis(
    sandbox: Sandbox, http_session: AiohttpSession, own_keys: OwnKeys, override_settings: Callable[..., Settings]
) -> None:
    token = f"{own_keys.bot_id}:RedisStateToken"
    override_settings(redis_url=REDIS_TEST_URL)
    bot = build_bot(token, session=http_session)
    alice = Person(sandbox.driver(token), sandbox.driver(token).create_user("Alice", user_id=own_keys.user_id()))

    first = build_dispatcher(build_i18n())
    assert isinstance(first.storage, RedisStorage)
    async with polling(first, bot):
        question = await alice.says("/request")
    await first.storage.close()

    second = build_dispatcher(build_i18n())  # a restart, or another worker
    async with polling(second, bot):
        follow_up = await alice.says("A Porter Tanker shoulder bag, black")
    await second.storage.close()
    assert "What are you looking for?" in question.content
    # The second worker knew Alice was describing her item, and asks for photos or a link next.
    assert "Photos or a link help buyers" in follow_up.content
