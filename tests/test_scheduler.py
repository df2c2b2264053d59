"""The scheduler: jobs live in the database, run once when due, and survive failures, races and restarts."""

import asyncio
from datetime import timedelta

import pytest

from core.models.jobs import ScheduledJob
from core.models.notifications import Notification
from core.services.runtime import notifications, scheduler
from core.services.runtime.scheduler import JobKind
from core.services.runtime.transactions import in_a_transaction
from tests import factories
from tests.conftest import Travel

failures_left = {"count": 0}
held: list[asyncio.Event] = []  # while set: [started, released], and each job stops between the two


async def send_notice(key: str) -> None:
    """The effect every test job has: one notice to the user `key` names, written in the job's transaction."""
    await notifications.queue(int(key), "buyer.verified")
    if failures_left["count"]:
        failures_left["count"] -= 1
        raise RuntimeError("the payment provider is down")
    if held:
        started, released = held
        started.set()
        await released.wait()


async def notices() -> int:
    return await Notification.all().count()


async def test_a_job_runs_once_when_it_falls_due_and_never_again(travel: Travel) -> None:
    user = await factories.customer()
    await scheduler.plan("test.notice", str(user.id), travel.now() + timedelta(hours=1))

    assert await scheduler.run_due(KINDS) == 0
    travel.forward(hours=1)
    assert await scheduler.run_due(KINDS) == 1
    assert await scheduler.run_due(KINDS) == 0
    travel.forward(days=30)
    assert await scheduler.run_due(KINDS) == 0

    assert await notices() == 1
    assert (await ScheduledJob.get(kind="test.notice", key=str(user.id))).done_at == travel.now() - timedelta(days=30)


async def test_planning_again_moves_the_job_and_dropping_it_means_it_never_runs(travel: Travel) -> None:
    moved, dropped = await factories.customer("Moved"), await factories.customer("Dropped")
    for user in (moved, dropped):
        await scheduler.plan("test.notice", str(user.id), travel.now() + timedelta(hours=1))
    await scheduler.plan("test.notice", str(moved.id), travel.now() + timedelta(hours=5))
    await scheduler.drop("test.notice", str(dropped.id))

    travel.forward(hours=2)
    assert await scheduler.run_due(KINDS) == 0
    travel.forward(hours=3)
    assert await scheduler.run_due(KINDS) == 1
    assert await Notification.filter(user_id=moved.id).count() == 1
    assert await Notification.filter(user_id=dropped.id).count() == 0
    assert await ScheduledJob.filter(kind="test.notice").count() == 1


async def test_a_failed_job_leaves_no_trace_of_its_effect_and_is_retried_later(travel: Travel) -> None:
    user = await factories.customer()
    await scheduler.plan("test.notice", str(user.id), travel.now())
    failures_left["count"] = 2

    assert await scheduler.run_due(KINDS) == 0
    job = await ScheduledJob.get(kind="test.notice")
    assert (await notices(), job.attempts, job.last_error, job.done_at) == (0, 1, "RuntimeError", None)
    assert await scheduler.run_due(KINDS) == 0  # not again at once: it waits a minute
    travel.forward(minutes=1)
    assert await scheduler.run_due(KINDS) == 0  # fails again, now waits two
    travel.forward(minutes=1)
    assert await scheduler.run_due(KINDS) == 0
    travel.forward(minutes=1)
    assert await scheduler.run_due(KINDS) == 1
    assert await notices() == 1


async def test_a_job_of_a_kind_nobody_registered_waits_without_stopping_the_others(travel: Travel) -> None:
    user = await factories.customer()
    await scheduler.plan("test.unknown", "1", travel.now())
    await scheduler.plan("test.notice", str(user.id), travel.now())

    assert await scheduler.run_due(KINDS) == 1
    assert (await ScheduledJob.get(kind="test.unknown")).last_error == "LookupError"


@pytest.mark.postgres
async def test_two_schedulers_running_at_once_run_each_job_once(travel: Travel) -> None:
    people = [await factories.customer(f"P{i}") for i in range(20)]
    for person in people:
        await scheduler.plan("test.notice", str(person.id), travel.now())

    ran = await asyncio.gather(scheduler.run_due(KINDS), scheduler.run_due(KINDS), scheduler.run_due(KINDS))

    assert sum(ran) == 20
    assert await notices() == 20
    assert await scheduler.run_due(KINDS) == 0


@pytest.mark.postgres
async def test_a_scheduler_stopped_mid_job_leaves_the_job_whole_to_the_next_one(travel: Travel) -> None:
    people = [await factories.customer(f"P{i}") for i in range(3)]
    for hour, person in enumerate(people):
        await scheduler.plan("test.notice", str(person.id), travel.now() + timedelta(hours=hour))
    travel.forward(hours=1)
    held[:] = [asyncio.Event(), asyncio.Event()]
    try:
        first = asyncio.create_task(scheduler.run_due(KINDS))
        await asyncio.wait_for(held[0].wait(), 10)  # its notice is written, not committed
        first.cancel()  # the process is stopped in the middle of the first job
        await asyncio.gather(first, return_exceptions=True)
    finally:
        held.clear()

    assert await notices() == 0 and await ScheduledJob.filter(done_at__isnull=False).count() == 0
    travel.forward(hours=5)  # down a while: the third job fell due meanwhile
    assert await scheduler.run_due(KINDS) == 3
    assert await scheduler.run_due(KINDS) == 0
    assert sorted(await Notification.all().values_list("user_id", flat=True)) == sorted(p.id for p in people)


outside: list[bool] = []


async def download_then_act(key: str) -> None:
    """A job that waits on the network first: it runs outside any transaction, so no lock waits with it."""
    outside.append(not in_a_transaction())
    if failures_left["count"]:
        failures_left["count"] -= 1
        raise RuntimeError("Telegram timed out")


async def test_a_job_that_waits_on_the_network_runs_outside_a_transaction_and_is_retried_too(travel: Travel) -> None:
    outside.clear()
    failures_left["count"] = 1
    await scheduler.plan("test.download", "1", travel.now())

    assert await scheduler.run_due(KINDS) == 0
    job = await ScheduledJob.get(kind="test.download")
    assert (job.attempts, job.last_error, job.done_at) == (1, "RuntimeError", None)
    travel.forward(minutes=1)
    assert await scheduler.run_due(KINDS) == 1
    assert outside == [True, True]
    assert (await ScheduledJob.get(kind="test.download")).done_at is not None


KINDS = {"test.notice": JobKind(send_notice), "test.download": JobKind(download_then_act, in_transaction=False)}
