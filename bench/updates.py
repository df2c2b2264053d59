"""Updates per second and latency of the product's bot against the frameworks' floor, over real HTTP.

    python -m bench.updates                       # SQLite, then PostgreSQL when DATABASE_URL points to one
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python -m bench.updates

Each bot runs as its own process, long polling the same in-process sandbox the load generator
drives: the product (`python -m bot`, a realistic customer round, see bench/scripts.py), a bare
aiogram echo bot and a bare python-telegram-bot echo bot. Two measures each:
- saturated: many users each playing their round with a short pause; updates/s the bot keeps up;
- 200 updates/s offered at a steady pace; p50/p99 from an update's push to its last answer.
"""

import argparse
import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bench.load import Player, Script, Tally, calibrate, closed_loop, open_loop
from bench.processes import BUYERS, LISTINGS_PER_BUYER, bot_process, chosen_database, fresh_database, rss_mib, seed_shop
from bench.report import markdown_table, publish
from bench.scripts import customer_round, echo_round
from core.config import load_settings, use_settings
from sandbox.app import serve
from sandbox.driver import Driver
from sandbox.state import Sandbox

TOKEN = "1000000002:BenchToken"
ERROR_TEXTS = ("something went wrong", "going too fast")


@dataclass(frozen=True)
class Contender:
    name: str
    module: str
    script: Callable[[int], Script]  # user number -> what that user does
    think: float  # pause between a user's steps; the product's flood control allows 2 updates/s per user


def _shopper(n: int) -> Script:
    # Each shopper looks for (and buys) a different bag, as real customers spread over a catalogue.
    return customer_round(f"Tanker {n % BUYERS}-{2 * (n % (LISTINGS_PER_BUYER // 2))}")


CONTENDERS = (
    Contender("Daigou bot (customer round)", "bot", _shopper, think=0.6),
    Contender("bare aiogram echo", "bench.echo_aiogram", lambda n: echo_round(), think=0.6),
    Contender("bare python-telegram-bot echo", "bench.echo_ptb", lambda n: echo_round(), think=0.6),
)


@dataclass
class Outcome:
    contender: Contender
    database: str
    saturated: Tally
    saturated_seconds: float
    steady: Tally
    steady_seconds: float
    missed_starts: int
    errors: int
    rss: float

    def row(self, users: int) -> list[str]:
        ms = 1000
        return [
            self.contender.name,
            self.database,
            str(users),
            f"{self.saturated.updates / self.saturated_seconds:.0f}",
            f"{self.saturated.percentile(0.5) * ms:.0f} / {self.saturated.percentile(0.99) * ms:.0f}",
            f"{self.steady.updates / self.steady_seconds:.0f}",
            f"{self.steady.percentile(0.5) * ms:.0f} / {self.steady.percentile(0.99) * ms:.0f}",
            str(self.saturated.timeouts + self.steady.timeouts),
            str(self.errors),
            f"{self.rss:.0f}",
        ]


async def wait_until_answering(driver: Driver, within: float = 60.0) -> None:
    probe = driver.create_user("Probe")
    deadline = time.monotonic() + within
    while True:
        await driver.send_text(probe, "/start")
        try:
            await driver.next_message(probe, within=2)
            return
        except TimeoutError:
            if time.monotonic() > deadline:
                raise RuntimeError("the bot did not answer within a minute") from None


def error_replies(driver: Driver) -> int:
    texts = (message.content.lower() for user in driver.bot.chats for message in driver.messages(user))
    return sum(any(error in text for error in ERROR_TEXTS) for text in texts)


@asynccontextmanager
async def playing(
    contender: Contender, postgres_url: str | None, users: int
) -> AsyncIterator[tuple[Driver, asyncio.subprocess.Process, list[Player]]]:
    """The contender's bot answering in its own process over a fresh sandbox and shop, and `users` players
    ready to go round its script."""
    sandbox = Sandbox(bot_username="daigou_bench_bot", pre_checkout_timeout=10)
    async with serve(sandbox) as api, fresh_database(postgres_url) as url:
        driver = sandbox.driver(TOKEN)
        await seed_shop(url, driver.bot)
        env = {"TELEGRAM_API_URL": api, "BOT_TOKEN": TOKEN, "PAYMENT_PROVIDER_TOKEN": "bench", "DATABASE_URL": url}
        async with bot_process(contender.module, env) as process:
            await wait_until_answering(driver)
            expected = await calibrate(driver, driver.create_user("Calibration"), contender.script(users))
            players = [Player(driver.create_user(f"User {n}"), contender.script(n), expected) for n in range(users)]
            yield driver, process, players


async def measure(contender: Contender, postgres_url: str | None, users: int, seconds: float) -> Outcome:
    async with playing(contender, postgres_url, users) as (driver, process, players):
        started = time.perf_counter()
        saturated = await closed_loop(driver, players, seconds, contender.think)
        saturated_seconds = time.perf_counter() - started
        started = time.perf_counter()
        steady, missed = await open_loop(driver, players, rate=200, seconds=seconds)
        steady_seconds = time.perf_counter() - started
        _, peak = rss_mib(process.pid)
    database = "PostgreSQL" if postgres_url else "SQLite"
    return Outcome(
        contender, database, saturated, saturated_seconds, steady, steady_seconds, missed, error_replies(driver), peak
    )


HEADER = [
    "bot",
    "database",
    "users",
    "saturated updates/s",
    "p50 / p99 ms",
    "steady updates/s (200 offered)",
    "p50 / p99 ms",
    "timeouts",
    "error replies",
    "peak RSS MiB",
]


async def main(users: int, seconds: float) -> None:
    database, database_url = chosen_database()
    outcomes = []
    for contender in CONTENDERS:
        outcome = await measure(contender, database_url, users, seconds)
        print(markdown_table(HEADER, [outcome.row(users)]), flush=True)
        outcomes.append(outcome)
    rows = [outcome.row(users) for outcome in outcomes]
    product, echo = outcomes[0], outcomes[1]
    ratio = (product.saturated.updates / product.saturated_seconds) / (echo.saturated.updates / echo.saturated_seconds)
    command = "python -m bench.updates" + (f" --users {users} --seconds {seconds:g}")
    verdict = f"\nThe product's round runs at {ratio:.2f}x the bare aiogram echo bot's updates/s (target: 0.5x).\n"
    title = f"Updates on {database}: the product against the frameworks' floor"
    publish(f"updates-{database.lower()}", title, command, markdown_table(HEADER, rows) + verdict)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.updates", description=__doc__)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    use_settings(load_settings())
    asyncio.run(main(args.users, args.seconds))
