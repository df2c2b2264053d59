"""Faults outside Telegram while a seed plays: product processes killed (SIGKILL) and restarted, database faults,
and the bot killed right after it acknowledged a payment.

Every interruption is recorded with its moment, so a notice Telegram got twice can be traced to the one window the
outbox documents (its sender interrupted between Telegram's accept and the row marked sent).
"""

import asyncio
import logging
import random
import time
from collections import Counter
from dataclasses import dataclass

from bench.chaos.databases import Database
from bench.chaos.plan import LABELS, Fault, SeedPlan
from bench.chaos.processes import ProductProcess
from bench.chaos.product import Product
from sandbox.faults import JsonDict, chat_of
from sandbox.journal import Journal

log = logging.getLogger(__name__)

RESTART_AFTER = (0.05, 0.4)  # seconds a killed process stays down
BETWEEN = (0.3, 1.5)  # seconds between two random faults


@dataclass(frozen=True)
class Interruption:
    """Something that may have cut a process off mid-step, from `start` to `end` (time.monotonic())."""

    start: float
    end: float
    cause: str  # "killed", "database"
    processes: frozenset[str]


class Disruptor:
    def __init__(self, plan: SeedPlan, product: Product, database: Database, journal: Journal) -> None:
        self.rng = random.Random(f"{plan.seed}:disruptions")
        self.plan, self.product, self.database, self.journal = plan, product, database, journal
        self.injected: Counter[str] = Counter()
        self.interruptions: list[Interruption] = []
        self._restarts: set[asyncio.Task[None]] = set()
        self._down: set[str] = set()  # killed, restart pending

    async def run(self) -> None:
        """The seed's random kills and database faults, one after another until cancelled or all done."""
        faults = ["kill"] * self.plan.kills + ["database"] * self.plan.database_faults
        self.rng.shuffle(faults)
        for fault in faults:
            await asyncio.sleep(self.rng.uniform(*BETWEEN))
            if fault == "kill":
                victim = self.product.bot if self.rng.random() < 0.7 else self.rng.choice(self.product.schedulers)
                self.kill(victim, "killed at a random moment")
            else:
                await self._database_fault()

    def kill(self, process: ProductProcess, kind: str) -> None:
        """SIGKILL it and start it again a moment later; nothing if it is already down and due to restart
        (a process reads as alive for a few milliseconds after a kill, until the fork server reaps it)."""
        if process.name in self._down or not process.alive:
            return
        at = process.kill()
        self.injected[kind] += 1
        self.interruptions.append(Interruption(at, at, "killed", frozenset({process.name})))
        self._down.add(process.name)
        restart = asyncio.create_task(self._restart(process, self.rng.uniform(*RESTART_AFTER)))
        self._restarts.add(restart)
        restart.add_done_callback(self._restarts.discard)

    async def _restart(self, process: ProductProcess, after: float) -> None:
        await asyncio.sleep(after)
        try:
            await process.restart()
        finally:
            self._down.discard(process.name)

    async def _database_fault(self) -> None:
        start = time.monotonic()
        kind = await self.database.disturb(self.rng.random())
        self.injected[kind] += 1
        names = frozenset(process.name for process in self.product.processes)
        self.interruptions.append(Interruption(start, time.monotonic(), "database", names))

    def kill_after_acknowledging_payment(self, telegram_id: int) -> None:
        """Kill the bot the moment it acknowledges this person's next successful payment (once)."""

        def watch(update: JsonDict) -> None:
            message = update.get("message") or {}
            if "successful_payment" in message and chat_of(update) == telegram_id:
                self.journal.on_acknowledged.remove(watch)
                self.kill(self.product.bot, LABELS[Fault.KILL_AFTER_ACK])

        self.journal.on_acknowledged.append(watch)

    async def calm_down(self) -> None:
        """No more faults: wait for the restarts already due."""
        self.journal.on_acknowledged.clear()
        if self._restarts:
            await asyncio.gather(*self._restarts)
