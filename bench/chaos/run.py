"""One seed from start to end: the database emptied, a fresh sandbox, the cast, the product's processes, the play
with its faults, the settling, and the check. The logs of the product's processes are kept when the seed fails.
"""

import asyncio
import logging
import random
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.chaos.causes import Causes, read_bot_log
from bench.chaos.clock import FakeClock
from bench.chaos.databases import Database
from bench.chaos.disruptions import Disruptor
from bench.chaos.identities import Identities, forget
from bench.chaos.invariants import check
from bench.chaos.notices import every_notice
from bench.chaos.people import PRE_CHECKOUT_WAIT
from bench.chaos.plan import LABELS, Fault, SeedPlan
from bench.chaos.product import Product, Setup
from bench.chaos.settle import settle
from bench.chaos.stage import Stage
from bench.chaos.stories import pay_out_the_rest, play
from bench.chaos.timeline import write_timeline
from bench.chaos.verdict import Evidence, Violation
from bench.chaos.world import cast
from sandbox import Sandbox, serve
from sandbox.faults import SeededFaults
from sandbox.journal import Journal

log = logging.getLogger(__name__)

SEED_WITHIN = 180.0  # seconds; a seed running longer is reported as broken, not waited for


@dataclass
class SeedResult:
    seed: int
    webhook: bool
    seconds: float = 0.0
    injected: Counter[str] = field(default_factory=Counter)
    violations: list[Violation] = field(default_factory=list)
    repeats: Counter[str] = field(default_factory=Counter)  # notices sent twice in the outbox's documented window
    broken: str | None = None  # the simulation itself failed (not the product): why
    payouts: Counter[str] = field(default_factory=Counter)  # payouts and refunds at the end, by "kind status"

    @property
    def failed(self) -> bool:
        return bool(self.violations) or self.broken is not None


async def run_seed(
    seed: int, database: Database, faults: frozenset[Fault], redis_url: str, logs: Path, keep_logs: bool = False
) -> SeedResult:
    """Play one seed on `database`, on which the ORM is open."""
    plan = SeedPlan.draw(seed, faults)
    result = SeedResult(seed, plan.webhook)
    folder = logs / f"seed-{seed}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.monotonic()
    try:
        async with asyncio.timeout(SEED_WITHIN):
            await _play_and_check(plan, database, redis_url, folder, result)
    except Exception as error:
        log.exception("seed %s broke", seed)
        result.broken = f"{type(error).__name__}: {error}"
    result.seconds = time.monotonic() - started
    if result.failed:
        lines = [result.broken or ""] + [f"{v.invariant}: {v.detail}" for v in result.violations]
        (folder / "violations.txt").write_text("\n".join(line for line in lines if line) + "\n")
    elif not keep_logs:
        shutil.rmtree(folder, ignore_errors=True)
    return result


async def _play_and_check(plan: SeedPlan, database: Database, redis_url: str, folder: Path, result: SeedResult) -> None:
    sandbox = Sandbox(
        bot_username="daigou_chaos_bot",
        pre_checkout_timeout=PRE_CHECKOUT_WAIT,
        webhook_retry_delay=0.05,
        webhook_max_retry_delay=0.2,  # a restarted worker gets its updates at once, not after Telegram's long pauses
    )
    ids = Identities.fresh()
    await database.empty()
    async with serve(sandbox) as api_url:
        with FakeClock(folder / "clock") as fake_clock:
            driver = sandbox.driver(ids.token)
            journal = driver.keep_journal()
            phase = _Phases(plan.seed)
            world = await cast(random.Random(f"{plan.seed}:cast"), driver, journal, ids, plan.buyers, plan.customers)
            phase.done("cast")
            setup = Setup(plan.webhook, plan.schedulers, api_url, ids.token, fake_clock.environment, redis_url)
            locks = Fault.DATABASE in plan.faults
            product = Product(setup, folder, lambda role: database.for_process(role, locks))
            telegram = SeededFaults(plan.seed, plan.telegram, ids.first_user_id)
            disruptor = Disruptor(plan, product, database, journal)
            stage = Stage(plan, world, fake_clock, disruptor)
            try:
                await product.start(journal)
                phase.done("product started")
                driver.inject_faults(telegram)
                await _play(stage)
                phase.done("played")
                telegram.active = False
                await disruptor.calm_down()
                user_ids = [person.user.id for person in world.people]
                chat_locks = (redis_url, user_ids) if plan.webhook else None
                if (left := await settle(driver, journal, product, fake_clock, chat_locks)) is not None:
                    log.warning("seed %s did not settle: %s", plan.seed, left)
                phase.done("settled")
                # What settling released (orders completed by their deadlines) is asked for and paid out too.
                await pay_out_the_rest(stage)
                if (left := await settle(driver, journal, product, fake_clock, chat_locks)) is not None:
                    log.warning("seed %s did not settle after paying out: %s", plan.seed, left)
                phase.done("paid out")
                verdict = await check(await _evidence(stage, journal, product, folder))
                phase.done("checked")
            finally:
                await product.stop()
                write_timeline(journal, disruptor.interruptions, folder / "journal.txt")
                if plan.webhook:
                    await forget(redis_url, ids, [person.user.id for person in world.people])
    result.injected = telegram.injected + disruptor.injected + stage.injected
    if plan.schedulers > 1:
        result.injected[LABELS[Fault.SCHEDULERS]] += 1
    result.violations, result.repeats, result.payouts = verdict.violations, verdict.repeats, verdict.payouts


async def _play(stage: Stage) -> None:
    """The stories, with the disruptor's random faults beside them until the stories end."""
    disruptions = asyncio.create_task(stage.disruptor.run())
    try:
        await play(stage)
    finally:
        disruptions.cancel()
        await asyncio.gather(disruptions, return_exceptions=True)


async def _evidence(stage: Stage, journal: Journal, product: Product, folder: Path) -> Evidence:
    interruptions = stage.disruptor.interruptions
    return Evidence(
        journal,
        stage.world.listed,
        stage.flood_updates,
        interruptions,
        Causes(journal, read_bot_log(folder / "bot.log"), stage.moments, interruptions),
        stage.clock.jumps,
        frozenset(process.name for process in product.senders),
        await every_notice(),
    )


class _Phases:
    """Logs how long each phase of a seed took (and this process's CPU), for finding where a seed spends its time."""

    def __init__(self, seed: int) -> None:
        self.seed, self._since, self._cpu = seed, time.monotonic(), time.process_time()

    def done(self, phase: str) -> None:
        now, cpu = time.monotonic(), time.process_time()
        log.info("seed %s: %s in %.2f s (simulation CPU %.2f s)", self.seed, phase, now - self._since, cpu - self._cpu)
        self._since, self._cpu = now, cpu
