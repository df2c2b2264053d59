"""An update is handled once however often it comes, and again when the worker handling it died."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from redis.asyncio import Redis

from bot.intake import UpdateIntake
from bot.polling import poll, polling_updates
from bot.update_claims import Claim, MemoryClaims, RedisClaims
from sandbox import Sandbox
from tests.conftest import REDIS_TEST_URL
from tests.redis_keys import OwnKeys


@pytest.fixture
async def keys() -> AsyncIterator[OwnKeys]:
    own = OwnKeys()
    yield own
    await own.forget()


async def test_a_copy_waits_while_a_worker_handles_it_and_is_ours_once_that_worker_died(keys: OwnKeys) -> None:
    redis = Redis.from_url(REDIS_TEST_URL)
    claims = RedisClaims(redis, busy_for=timedelta(milliseconds=300))
    try:
        assert await claims.claim(keys.bot_id, 1) is Claim.NEW  # the first worker takes it, then is killed
        assert await claims.claim(keys.bot_id, 1) is Claim.BUSY  # Telegram's copy meanwhile: "try again later"
        await asyncio.sleep(0.4)
        assert await claims.claim(keys.bot_id, 1) is Claim.NEW  # the dead worker's claim lapsed: handled here
        await claims.done(keys.bot_id, 1)
        assert await claims.claim(keys.bot_id, 1) is Claim.DONE  # any later copy is dropped
    finally:
        await redis.aclose()


@pytest.mark.e2e
async def test_an_update_in_flight_when_the_bot_was_killed_is_handled_after_the_restart(
    sandbox: Sandbox, api_url: str, http_session: AiohttpSession
) -> None:
    token = "7002:KilledMidUpdateToken"
    bot = Bot(token, session=http_session)
    driver = sandbox.driver(token)
    alice = driver.create_user("Alice")
    handled: list[str] = []
    killed: list[asyncio.Task[Any]] = []
    caught = asyncio.Event()  # the handler is where the kill finds it; nothing in the chat says so

    def dispatcher(dies: bool) -> Dispatcher:
        handling = Dispatcher()

        @handling.message()
        async def echo(message: Any) -> None:
            if dies:
                killed.append(asyncio.current_task())  # type: ignore[arg-type]
                caught.set()
                await asyncio.Event().wait()  # killed here: the process never gets further
            handled.append(message.text)
            await message.answer(f"got {message.text}")

        return handling

    first = dispatcher(dies=True)
    polling = asyncio.create_task(poll(bot, first, UpdateIntake(first, bot, 4, MemoryClaims()), poll_seconds=1))
    await driver.send_text(alice, "hello")
    await asyncio.wait_for(caught.wait(), 5)
    for task in [polling, *killed]:  # SIGKILL: no drain, nothing finishes
        task.cancel()
    await asyncio.gather(polling, *killed, return_exceptions=True)
    assert handled == []

    async with polling_updates(dispatcher(dies=False), bot, 4, poll_seconds=1):  # the restarted bot
        answer = await driver.next_message(alice)
    assert answer.text == "got hello" and handled == ["hello"]
