"""Production mode: several bot workers behind one webhook address, sharing Redis and the database.

The sandbox's load balancer sends every update to both workers at the same moment (and Telegram
re-sends what it thinks was lost); each update is still handled once, and a conversation keeps its
state whichever worker gets its next message.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.types import TelegramObject, Update

from bot.app import build_bot, build_dispatcher
from bot.i18n import build_i18n
from bot.webhook import SECRET_HEADER, WEBHOOK_PATH, register_webhook, serving_webhook
from core.config import Settings, current_settings
from sandbox import Sandbox
from tests.bot.conftest import Person
from tests.conftest import REDIS_TEST_URL
from tests.redis_keys import OwnKeys

SECRET = "webhook-secret-of-the-daigou-tests-0123456789"
PUBLIC_URL = "http://daigou.example"  # what setWebhook is given; the balancer stands in front of it

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("quick_typist")]


@pytest.fixture(autouse=True)
def shared_redis(override_settings: Callable[..., Settings]) -> None:
    """Workers keep chat state and update claims in Redis, as in production."""
    override_settings(redis_url=REDIS_TEST_URL)


@dataclass
class Worker:
    """One `python -m bot` webhook worker: its dispatcher, its local address, the updates it handled."""

    dispatcher: Dispatcher
    url: str
    handled: list[int] = field(default_factory=list)


def _count_handled(worker: Worker) -> None:
    # Registered after the duplicate check, so it sees only the updates this worker went on to handle.
    async def count(
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]], event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        assert isinstance(event, Update)
        worker.handled.append(event.update_id)
        return await handler(event, data)

    worker.dispatcher.update.outer_middleware(count)


@dataclass
class Fleet:
    bot: Bot
    workers: list[Worker]
    person: Callable[[str], Person]
    sandbox_bot_token: str

    def handled(self) -> list[int]:
        return sorted(update_id for worker in self.workers for update_id in worker.handled)


@asynccontextmanager
async def fleet(
    sandbox: Sandbox, http_session: AiohttpSession, *, copies: int, secret: str = SECRET
) -> AsyncIterator[Fleet]:
    """Two workers started as in production, each registering the webhook, behind the sandbox's balancer."""
    keys = OwnKeys()
    token = f"{keys.bot_id}:WebhookWorkersToken"
    bot = build_bot(token, session=http_session)
    driver = sandbox.driver(token)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(keys.forget)  # once the workers have stopped
        workers = []
        for _ in range(2):
            dispatcher = build_dispatcher(build_i18n())
            url = await stack.enter_async_context(
                serving_webhook(dispatcher, bot, SECRET, "127.0.0.1", 0, current_settings().updates_in_flight)
            )
            workers.append(Worker(dispatcher, url))
            _count_handled(workers[-1])
            await register_webhook(bot, dispatcher, PUBLIC_URL, secret)
        driver.balance_webhook([worker.url + WEBHOOK_PATH for worker in workers], copies=copies)

        def person(name: str) -> Person:
            return Person(driver, driver.create_user(name, user_id=keys.user_id()))

        try:
            yield Fleet(bot, workers, person, token)
        finally:
            await bot.delete_webhook()


async def settled(sandbox: Sandbox, token: str) -> None:
    """Every update delivered and accepted, and a moment for what the workers took to finish."""
    updates = sandbox.bot(token).updates
    for _ in range(100):
        if updates.pending_count == 0:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)


async def test_two_workers_given_every_update_twice_answer_each_once(
    sandbox: Sandbox, http_session: AiohttpSession
) -> None:
    async with fleet(sandbox, http_session, copies=2) as workers:
        alice = workers.person("Alice")
        greeting = await alice.says("/start")
        help_text = await alice.says("/help")
        sent = await alice.driver.send_text(alice.user, "/cancel")
        cancelled = await alice.next()
        await alice.driver.redeliver(sent.update_id)  # Telegram never heard the answer, and tries again
        await settled(sandbox, workers.sandbox_bot_token)
        answers = alice.driver.messages(alice.user)

    assert "Welcome to Daigou, Alice!" in greeting.content
    assert "/request" in help_text.content
    assert "Nothing to cancel" in cancelled.content
    # Three updates, each at both workers at once and one of them once more: three handled, and the
    # chat holds exactly the answers seen above.
    assert len(workers.handled()) == len(set(workers.handled())) == 3
    contents = [message.content for message in answers]
    assert len(contents) == len(set(contents))
    assert [greeting.content, help_text.content, cancelled.content] == [
        c for c in contents if c in (greeting.content, help_text.content, cancelled.content)
    ]


async def test_a_wizard_that_hops_between_workers_keeps_its_state(
    sandbox: Sandbox, http_session: AiohttpSession
) -> None:
    async with fleet(sandbox, http_session, copies=1) as workers:
        bob = workers.person("Bob")
        question = await bob.says("/request")
        follow_up = await bob.says("A Porter Tanker shoulder bag, black")
        await settled(sandbox, workers.sandbox_bot_token)

    first, second = workers.workers
    # The balancer took turns: each worker handled one of Bob's two messages.
    assert len(first.handled) == len(second.handled) == 1
    assert "What are you looking for?" in question.content
    # The worker that got the answer knew Bob was describing his item, and asks for photos or a link next.
    assert "Photos or a link help buyers" in follow_up.content


async def test_a_post_without_the_right_secret_is_refused_and_changes_nothing(
    sandbox: Sandbox, http_session: AiohttpSession
) -> None:
    async with fleet(sandbox, http_session, copies=1, secret="someone-else-s-secret-0123456789abc") as workers:
        carol = workers.person("Carol")
        await carol.driver.send_text(carol.user, "/start")
        forged = {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}}}
        async with aiohttp.ClientSession() as session:
            statuses = []
            for headers in ({}, {SECRET_HEADER: "guess"}, {SECRET_HEADER: SECRET[:-1] + "X"}):
                async with session.post(workers.workers[0].url + WEBHOOK_PATH, json=forged, headers=headers) as answer:
                    statuses.append(answer.status)
        with pytest.raises(TimeoutError):
            await carol.driver.next_message(carol.user, within=0.5)
        info = await workers.bot.get_webhook_info()

    assert statuses == [401, 401, 401]
    assert info.last_error_message == "Wrong response from the webhook: 401 Unauthorized"
    assert workers.handled() == []
    assert carol.driver.messages(carol.user) == []


async def test_workers_on_one_machine_can_share_the_webhook_port(
    sandbox: Sandbox, http_session: AiohttpSession
) -> None:
    in_flight = current_settings().updates_in_flight
    bot = build_bot("4242:SharedPortToken", session=http_session)
    first, second = build_dispatcher(build_i18n()), build_dispatcher(build_i18n())
    async with serving_webhook(first, bot, SECRET, "127.0.0.1", 0, in_flight) as url:
        port = int(url.rsplit(":", 1)[1])
        async with (
            serving_webhook(second, bot, SECRET, "127.0.0.1", port, in_flight) as same,
            aiohttp.ClientSession() as http,
        ):
            answers = [(await http.get(f"{same}/health")).status for _ in range(4)]

    assert same == url
    assert answers == [200] * 4
