"""The product as one seed runs it: a bot (long polling, or a webhook worker) and one or two schedulers, each its own
process against the seed's database, the sandbox and the fake clock, as the Procfile runs them in production.
"""

import asyncio
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.chaos.processes import ProductProcess
from core.sealing import new_key
from sandbox.journal import Journal

WEBHOOK_SECRET = "chaos-webhook-secret-0123456789abcdefghijklmnop"
SCHEDULER_INTERVAL = 0.1  # seconds: a deadline the fake clock passed is acted on within this
START_WITHIN = 15.0
PERSONAL_DATA_KEY = new_key()  # this run's, for every process of every seed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Setup:
    """How a seed runs the product."""

    webhook: bool  # a webhook worker (with Redis) instead of a long-polling bot
    schedulers: int  # 1, or 2 at once
    api_url: str
    token: str
    clock_env: Mapping[str, str]
    redis_url: str | None


class Product:
    def __init__(self, setup: Setup, log_folder: Path, url_for: Callable[[str], str]) -> None:
        """`url_for(role)` is the database URL a process connects with (its name in it, for faults to find)."""
        self.setup = setup
        common = {
            "TELEGRAM_API_URL": setup.api_url,
            "BOT_TOKEN": setup.token,
            "PAYMENT_PROVIDER_TOKEN": "chaos-provider",
            "SCHEDULER_INTERVAL_SECONDS": str(SCHEDULER_INTERVAL),
            # Payout methods are sealed; earnings may be asked for at once and in small amounts, so seeds pay out.
            "PERSONAL_DATA_KEYS": PERSONAL_DATA_KEY,
            "PAYOUT_AFTER_DISPUTE_WINDOW": "false",
            "PAYOUT_MINIMUMS": "1 CNY, 100 JPY, 1 USD, 1 EUR",
            **setup.clock_env,
        }
        if setup.webhook:
            port = free_port()
            common |= {"WEBHOOK_URL": f"http://127.0.0.1:{port}", "WEBHOOK_SECRET": WEBHOOK_SECRET}
            common |= {"WEBHOOK_PORT": str(port), "REDIS_URL": setup.redis_url or ""}
        self.bot = ProductProcess("bot", "bot", {**common, "DATABASE_URL": url_for("bot")}, log_folder / "bot.log")
        self.schedulers = [
            ProductProcess(
                f"scheduler-{n}",
                "scheduler",
                {**common, "DATABASE_URL": url_for(f"scheduler-{n}")},
                log_folder / f"scheduler-{n}.log",
            )
            for n in range(setup.schedulers)
        ]

    @property
    def processes(self) -> list[ProductProcess]:
        return [self.bot, *self.schedulers]

    @property
    def senders(self) -> list[ProductProcess]:
        """The processes that deliver the notifications outbox: the polling bot, or the schedulers with webhooks."""
        return self.schedulers if self.setup.webhook else [self.bot]

    async def start(self, journal: Journal) -> None:
        """Start every process; returns once the bot is up: it has set its webhook, or cleared it to long-poll."""
        await asyncio.gather(*(process.start() for process in self.processes))
        ready = "setwebhook" if self.setup.webhook else "deletewebhook"
        deadline = time.monotonic() + START_WITHIN
        while not any(call.method == ready for call in journal.calls):
            if time.monotonic() > deadline:
                raise RuntimeError(f"the bot did not start within {START_WITHIN} s; see {self.bot.log_path}")
            await asyncio.sleep(0.02)

    async def restart_dead(self) -> None:
        for process in self.processes:
            if not process.alive:
                await process.start()

    async def stop(self) -> None:
        await asyncio.gather(*(process.stop() for process in self.processes))
