"""After the play: faults off, every process up, and time enough for everything due to be done before the check.

Each round waits until the bot has taken every update, nothing due now is left to send or run, and the sandbox has
been quiet a moment. What is left then waits for later (fake) time: a notice's retry backoff (at most 5 minutes),
the lease a killed sender left (1 minute), a failed job's retry. The clock moves six minutes on and the next
round begins.

Redis keeps real time, so those minutes pass there too: with webhooks, a worker killed mid-update leaves its
chats locked (aiogram's per-chat lock, 60 s) and its update claimed as busy (60 s: Telegram's copies are
answered "try again later"), and the person's later updates wait in the restarted worker. Each round lets
such orphaned locks and claims expire, as they would in a minute.
"""

import asyncio
import logging
import time
from datetime import timedelta

from aiogram.fsm.storage.redis import DEFAULT_REDIS_LOCK_KWARGS
from redis.asyncio import Redis

from bench.chaos.clock import FakeClock
from bench.chaos.identities import chat_lock_key
from bench.chaos.product import Product
from bot.update_claims import BUSY_SECONDS, Claim
from core import clock
from core.models.jobs import ScheduledJob
from core.models.notifications import Notification
from core.services.money.payment_inbox import RECORD_PAYMENT
from core.services.runtime import scheduler
from sandbox.driver import Driver
from sandbox.journal import Journal

log = logging.getLogger(__name__)

CHAT_LOCK_SECONDS = DEFAULT_REDIS_LOCK_KWARGS["timeout"]
ChatLocks = tuple[str, list[int]]  # a Redis URL and the people whose chat locks may be orphaned
ORPHANED_AFTER = 2.0  # seconds

ROUNDS = 8
STEP = timedelta(minutes=6)
QUIET = 0.4  # seconds without a call from the bot
ROUND_WITHIN = 10.0


async def settle(
    driver: Driver, journal: Journal, product: Product, fake_clock: FakeClock, chat_locks: ChatLocks | None
) -> str | None:
    """None once nothing is left to deliver or run; else what was left when it gave up. `chat_locks`: the Redis
    and the people whose chat locks a killed webhook worker may have left."""
    for _ in range(ROUNDS):
        await product.restart_dead()
        if chat_locks:
            await _expire_orphaned_locks(*chat_locks, driver.bot.identity.id)
        await _quiet(driver, journal)
        left = await _left(driver)
        if left is None:
            return None
        log.info("settling: %s", left)
        await fake_clock.advance(STEP)
    await _quiet(driver, journal)
    return await _left(driver)


async def _quiet(driver: Driver, journal: Journal) -> None:
    """Until every update was taken, nothing is due now, and the bot made no call for QUIET seconds
    (or ROUND_WITHIN passed)."""
    started = time.monotonic()
    while time.monotonic() < started + ROUND_WITHIN:
        last = max(journal.calls[-1].at if journal.calls else 0.0, started)
        idle = driver.bot.updates.pending_count == 0 and time.monotonic() - last > QUIET
        if idle and not await _due_now():
            return
        await asyncio.sleep(0.05)


async def _due_now() -> bool:
    now = clock.now()
    return (
        await Notification.filter(sent_at=None, available_at__lte=now).exists()
        or await ScheduledJob.filter(done_at=None, due_at__lte=now).exists()
    )


async def _left(driver: Driver) -> str | None:
    # Jobs before notices: a job queues its notices in the commit that finishes it, so a job that finishes between
    # the two reads is not seen but its notices are. Read the other way round, both looked done (seed 40178).
    # A job a scheduler has claimed is still running: its due time moved a lease ahead, so that counts as due.
    due = await ScheduledJob.filter(done_at=None, due_at__lte=clock.now() + scheduler.LEASE).count()
    # A charge the bot did not record is the scheduler's a minute later: the check waits for it.
    charges = await ScheduledJob.filter(done_at=None, kind=RECORD_PAYMENT).count()
    unsent = await Notification.filter(sent_at=None).count()
    updates = driver.bot.updates.pending_count
    if unsent or due or charges or updates:
        return f"{unsent} notices unsent, {due} jobs due, {charges} charges to record, {updates} updates not taken"
    return None


async def _expire_orphaned_locks(redis_url: str, user_ids: list[int], bot_id: int) -> None:
    """Delete per-chat locks and busy update claims held longer than ORPHANED_AFTER: a live worker holds one only
    while handling an update (the copy Telegram re-sends of a claimed update is then handled, as after a minute)."""
    redis = Redis.from_url(redis_url)
    try:
        held = [(key, CHAT_LOCK_SECONDS) for key in map(chat_lock_key, user_ids)]
        async for key in redis.scan_iter(match=f"daigou:update:{bot_id}:*"):
            if await redis.get(key) == Claim.BUSY.value.encode():
                held.append((key.decode(), BUSY_SECONDS))
        for key, seconds in held:
            if 0 <= await redis.pttl(key) < (seconds - ORPHANED_AFTER) * 1000:
                await redis.delete(key)
                log.info("settling: %s left by a killed worker expired", key)
    finally:
        await redis.aclose()
