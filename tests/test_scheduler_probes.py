"""The scheduler's probes: `/health` while its loop moves, and the jobs and stuck charges its `/metrics` shows."""

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from core.domain.order_machine import OrderState
from core.services.money import payment_inbox
from core.services.runtime import scheduler
from core.services.runtime.job_kinds import JOB_KINDS
from core.services.runtime.scheduler import Heartbeat, JobKind
from scheduler.probes import probes_app
from tests import factories
from tests.conftest import Travel
from tests.scrapes import scrape
from tests.test_payment_inbox import charge

INTERVAL = 10.0


class Monotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def probes() -> AsyncIterator[tuple[TestClient[Any, Any], Heartbeat, Monotonic]]:
    monotonic = Monotonic()
    heartbeat = Heartbeat(monotonic)
    async with TestClient(TestServer(probes_app(heartbeat, INTERVAL))) as client:
        yield client, heartbeat, monotonic


async def test_the_scheduler_is_alive_while_its_loop_moves_and_not_once_it_stalls(
    probes: tuple[TestClient[Any, Any], Heartbeat, Monotonic],
) -> None:
    client, heartbeat, monotonic = probes
    assert (await client.get("/health")).status == 200

    monotonic.now += scheduler.LEASE.total_seconds() + 1  # a round stuck longer than a job's lease
    stalled = await client.get("/health")
    heartbeat.beat()
    moving_again = await client.get("/health")

    assert stalled.status == 503
    assert "has not moved" in await stalled.text()
    assert moving_again.status == 200
    assert (await client.get("/health/ready")).status == 200


async def test_a_charge_stuck_in_the_inbox_shows_until_its_job_records_it(
    probes: tuple[TestClient[Any, Any], Heartbeat, Monotonic], travel: Travel
) -> None:
    client = probes[0]
    shopper = await factories.customer("Alice")
    order = await factories.order_in(OrderState.AWAITING_DEPOSIT, shopper=shopper)
    before = await scrape(client)
    # The bot kept the charge, then died before recording it.
    await payment_inbox.store(charge("tg-9", shopper.telegram_id, f"order:{order.id}:deposit", order.deposit_amount))
    travel.forward(minutes=16)
    stuck = await scrape(client)
    await scheduler.run_due(JOB_KINDS)
    recorded = await scrape(client)

    assert stuck("daigou_payment_inbox_stuck") == 1
    assert stuck("daigou_payment_inbox_stuck_oldest_age_seconds") == timedelta(minutes=16).total_seconds()
    assert stuck("daigou_jobs_due") == 1
    assert stuck("daigou_jobs_due_oldest_lag_seconds") == timedelta(minutes=15).total_seconds()
    assert recorded("daigou_payment_inbox_stuck") == 0
    assert recorded("daigou_jobs_due") == 0
    for name, labels in (
        ("daigou_payments_recorded_total", {"purpose": "deposit", "outcome": "applied"}),
        ("daigou_job_runs_total", {"kind": payment_inbox.RECORD_PAYMENT, "outcome": "done"}),
        ("daigou_job_lag_seconds_count", {"kind": payment_inbox.RECORD_PAYMENT}),
        ("daigou_job_lag_seconds_bucket", {"kind": payment_inbox.RECORD_PAYMENT, "le": "900.0"}),
    ):
        assert recorded(name, **labels) == before(name, **labels) + 1, name
    late = {"kind": payment_inbox.RECORD_PAYMENT, "le": "300.0"}  # it started 15 minutes late, not within 5
    assert recorded("daigou_job_lag_seconds_bucket", **late) == before("daigou_job_lag_seconds_bucket", **late)


async def test_a_failing_job_counts_as_failed_and_shows_among_the_failing_until_it_succeeds(
    probes: tuple[TestClient[Any, Any], Heartbeat, Monotonic], travel: Travel
) -> None:
    client = probes[0]
    outcomes = [RuntimeError("the provider is down")]

    async def flaky(key: str) -> None:
        if outcomes:
            raise outcomes.pop()

    kinds = {"test.flaky": JobKind(flaky)}
    failed = {"kind": "test.flaky", "outcome": "failed"}
    before = await scrape(client)
    await scheduler.plan("test.flaky", "1", travel.now())
    await scheduler.run_due(kinds)
    failing = await scrape(client)
    travel.forward(hours=1)
    await scheduler.run_due(kinds)
    recovered = await scrape(client)

    assert failing("daigou_job_runs_total", **failed) == before("daigou_job_runs_total", **failed) + 1
    assert failing("daigou_jobs_failing") == 1
    assert recovered("daigou_jobs_failing") == 0
    done = {"kind": "test.flaky", "outcome": "done"}
    assert recovered("daigou_job_runs_total", **done) == before("daigou_job_runs_total", **done) + 1
