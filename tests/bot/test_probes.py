"""What an operator's Prometheus and orchestrator see on a webhook worker: `/metrics` and `/health/ready`."""

import itertools
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiogram import Bot
from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_bot, build_dispatcher
from bot.i18n import build_i18n
from bot.outbox import Outbox
from bot.pacing import Pacer
from bot.webhook import webhook_app
from core.services.people.users import register_contact
from core.services.runtime.notifications import queue
from sandbox import Sandbox
from sandbox.faults import CallFault
from tests.bot.conftest import World
from tests.bot.fake_time import FakeTime
from tests.conftest import Travel
from tests.sandbox.test_faults import Script
from tests.sandbox_session import SandboxSession
from tests.scrapes import scrape, scrape_until

_tokens = itertools.count(1)
SECRET = "webhook-secret-of-the-probe-tests-0123456789"
FAMILIES = {
    "daigou_updates_handled",
    "daigou_updates_in_flight",
    "daigou_update_seconds",
    "daigou_handler_errors",
    "daigou_telegram_flood_waits",
    "daigou_outbox_notices",
    "daigou_outbox_backlog",
    "daigou_outbox_oldest_age_seconds",
    "daigou_job_runs",
    "daigou_job_lag_seconds",
    "daigou_jobs_due",
    "daigou_jobs_due_oldest_lag_seconds",
    "daigou_jobs_failing",
    "daigou_payments_recorded",
    "daigou_refunds",
    "daigou_payment_inbox_stuck",
    "daigou_payment_inbox_stuck_oldest_age_seconds",
}


async def worker_serving(bot: Bot) -> TestClient[Any, Any]:
    return TestClient(TestServer(webhook_app(build_dispatcher(), bot, SECRET, 4)))


@pytest.fixture
async def worker(world: World) -> AsyncIterator[TestClient[Any, Any]]:
    async with await worker_serving(world.bot) as client:
        yield client


async def test_a_worker_counts_and_times_each_update_by_the_handler_that_took_it(
    world: World, worker: TestClient[Any, Any]
) -> None:
    before = await scrape(worker)
    ann = world.person("Ann")
    await ann.says("/start")
    await ann.says("/help")
    await ann.says("/help")
    after = await scrape_until(worker, lambda now: now("daigou_updates_in_flight") == 0)

    assert FAMILIES - after.families == set()
    for handler, times in (("common.start", 1), ("common.show_help", 2)):
        handled = after("daigou_updates_handled_total", handler=handler)
        assert handled == before("daigou_updates_handled_total", handler=handler) + times
        timed = after("daigou_update_seconds_count", handler=handler)
        assert timed == before("daigou_update_seconds_count", handler=handler) + times
    errors = after("daigou_handler_errors_total", handler="common.start")
    assert errors == before("daigou_handler_errors_total", handler="common.start")


async def test_a_handler_that_fails_counts_as_an_error_of_that_handler(
    world: World, worker: TestClient[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_menu() -> None:
        raise RuntimeError("the menu broke")

    monkeypatch.setattr("bot.handlers.common.main_menu", broken_menu)
    before = await scrape(worker)

    reply = await world.person("Ann").says("/start")
    after = await scrape_until(worker, lambda now: now("daigou_updates_in_flight") == 0)

    assert "something went wrong" in reply.content
    errors = after("daigou_handler_errors_total", handler="common.start")
    assert errors == before("daigou_handler_errors_total", handler="common.start") + 1


async def test_a_queued_notice_shows_in_the_backlog_and_a_429_counts_as_a_flood_wait_until_it_is_delivered(
    sandbox: Sandbox, travel: Travel
) -> None:
    token = f"{7100 + next(_tokens)}:ProbeTestToken"
    bot = build_bot(token, session=SandboxSession(sandbox))
    driver = sandbox.driver(token)
    sim = driver.create_user("Ann", started=True)
    ann, _ = await register_contact(sim.id, "Ann")
    time = FakeTime()
    outbox = Outbox(bot, build_i18n(), Pacer(clock=time.clock, sleep=time.sleep))
    async with await worker_serving(bot) as worker:
        before = await scrape(worker)
        await queue(ann.id, "buyer.verified")
        travel.forward(minutes=5)
        waiting = await scrape(worker)
        driver.inject_faults(Script(CallFault.FLOOD))  # Telegram answers the first try 429, retry after 1 s
        await outbox.deliver_due()
        flood_waited = await scrape(worker)
        travel.forward(seconds=2)
        await outbox.deliver_due()
        delivered = await scrape(worker)

    assert waiting("daigou_outbox_backlog") == 1
    assert waiting("daigou_outbox_oldest_age_seconds") == pytest.approx(timedelta(minutes=5).total_seconds(), abs=5)
    for outcome, figures in (("flood_wait", flood_waited), ("delivered", delivered)):
        assert (
            figures("daigou_outbox_notices_total", outcome=outcome)
            == before("daigou_outbox_notices_total", outcome=outcome) + 1
        )
    floods = flood_waited("daigou_telegram_flood_waits_total", method="sendMessage")
    assert floods == before("daigou_telegram_flood_waits_total", method="sendMessage") + 1
    assert delivered("daigou_outbox_backlog") == 0
    assert delivered("daigou_outbox_oldest_age_seconds") == 0
    assert [message.content for message in driver.messages(sim)] == [
        "🎉 You are now a verified buyer. You can create listings and make offers."
    ]


async def test_a_worker_is_ready_when_its_database_answers(sandbox: Sandbox) -> None:
    bot = build_bot(f"{7200 + next(_tokens)}:ProbeTestToken", session=SandboxSession(sandbox))
    async with await worker_serving(bot) as worker:
        response = await worker.get("/health/ready")

        assert response.status == 200
        assert await response.json() == {"database": "ok"}
