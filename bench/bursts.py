"""2,000 updates pushed at once: are they all answered properly, how fast, in how much memory?

    python -m bench.bursts                       # SQLite, then PostgreSQL when DATABASE_URL points to one
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python -m bench.bursts

Two shapes: 100 users sending 20 messages each, and 2,000 users sending one. Each message is a
search (a database query and six answers: five listing cards and a More button), the product's
heaviest common read. Each shape runs for a few in-flight limits (UPDATES_IN_FLIGHT) and, on
PostgreSQL, connection pool sizes (`maxsize` in DATABASE_URL), so the defaults are chosen by measurement.

The product's flood control lets one person send 10 messages at once, then 2 a second: of a user's 20
messages sent together, the rest get one "slow down" notice and are dropped, as designed. The run
checks that every user got answers, that no reply is an error, and that the bot's queue drains.
"""

import argparse
import asyncio
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bench.processes import bot_process, chosen_database, fresh_database, rss_mib, seed_shop
from bench.report import markdown_table, publish
from bench.updates import TOKEN, wait_until_answering
from core.config import load_settings, use_settings
from sandbox.app import serve
from sandbox.driver import Driver
from sandbox.state import Sandbox

BURST = 2_000
SEARCH = "Tanker"
QUIET = 2.0  # seconds without any answer after the queue drained: the bot is done
GIVE_UP = 300.0
ERROR_TEXT = "something went wrong"
FLOOD_TEXT = "going too fast"


@dataclass(frozen=True)
class Shape:
    users: int
    each: int


SHAPES = (Shape(100, 20), Shape(2_000, 1))


@dataclass
class Burst:
    shape: Shape
    in_flight: int
    pool: int | None
    seconds: float
    answered_users: int
    answers: int
    flood_notices: int
    errors: int
    pending: int
    rss: float

    def row(self, database: str) -> list[str]:
        return [
            database,
            f"{self.shape.users} x {self.shape.each}",
            str(self.in_flight),
            "-" if self.pool is None else str(self.pool),
            f"{self.seconds:.1f}",
            f"{self.shape.users * self.shape.each / self.seconds:.0f}",
            f"{self.answered_users}/{self.shape.users}",
            str(self.answers),
            str(self.flood_notices),
            str(self.errors),
            str(self.pending),
            f"{self.rss:.0f}",
        ]


def _with_pool(url: str, pool: int | None) -> str:
    if pool is None:
        return url
    parts = urlsplit(url)
    query = {**dict(parse_qsl(parts.query)), "minsize": "1", "maxsize": str(pool)}
    return urlunsplit(parts._replace(query=urlencode(query)))


async def _drained(driver: Driver, users: list[int], started: float) -> float:
    """Wait until the queue is empty and no answer came for QUIET seconds; the time of the last answer."""
    chats = [driver.bot.chats[user] for user in users]
    last_total, last_change = -1, time.perf_counter()
    while time.perf_counter() - started < GIVE_UP:
        total = sum(chat.bot_actions for chat in chats)
        if total != last_total:
            last_total, last_change = total, time.perf_counter()
        elif driver.bot.updates.pending_count == 0 and time.perf_counter() - last_change > QUIET:
            break
        await asyncio.sleep(0.05)
    return last_change - started


async def burst(shape: Shape, postgres_url: str | None, in_flight: int, pool: int | None) -> Burst:
    sandbox = Sandbox(bot_username="daigou_bench_bot")
    async with serve(sandbox) as api, fresh_database(postgres_url) as url:
        driver = sandbox.driver(TOKEN)
        await seed_shop(url, driver.bot)
        env = {
            "TELEGRAM_API_URL": api,
            "BOT_TOKEN": TOKEN,
            "PAYMENT_PROVIDER_TOKEN": "bench",
            "DATABASE_URL": _with_pool(url, pool),
            "UPDATES_IN_FLIGHT": str(in_flight),
        }
        async with bot_process("bot", env) as process:
            await wait_until_answering(driver)
            people = [driver.create_user(f"User {n}") for n in range(shape.users)]
            started = time.perf_counter()
            for _ in range(shape.each):
                for person in people:
                    await driver.send_text(person, SEARCH)
            seconds = await _drained(driver, [person.id for person in people], started)
            _, peak = rss_mib(process.pid)
        texts = [message.content.lower() for person in people for message in driver.messages(person)]
        return Burst(
            shape,
            in_flight,
            pool,
            seconds,
            answered_users=sum(bool(driver.messages(person)) for person in people),
            answers=sum(driver.bot.chats[person.id].bot_actions for person in people),
            flood_notices=sum(FLOOD_TEXT in text for text in texts),
            errors=sum(ERROR_TEXT in text for text in texts),
            pending=driver.bot.updates.pending_count,
            rss=peak,
        )


HEADER = [
    "database",
    "users x messages",
    "in flight",
    "pool",
    "drained in s",
    "updates/s",
    "users answered",
    "answers",
    "slow-down notices",
    "error replies",
    "left in queue",
    "peak RSS MiB",
]


async def main(in_flight: list[int], pools: list[int]) -> None:
    database, url = chosen_database()
    rows = []
    for pool in pools if url else [None]:
        for limit in in_flight:
            for shape in SHAPES:
                result = await burst(shape, url, limit, pool)
                rows.append(result.row(database))
                print(markdown_table(HEADER, [rows[-1]]), flush=True)
    command = "python -m bench.bursts --in-flight " + " ".join(map(str, in_flight))
    command += " --pools " + " ".join(map(str, pools))
    title = f"Bursts on {database}: {BURST:,} updates at once"
    publish(f"bursts-{database.lower()}", title, command, markdown_table(HEADER, rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.bursts", description=__doc__)
    parser.add_argument("--in-flight", type=int, nargs="+", default=[16, 64, 256])
    parser.add_argument("--pools", type=int, nargs="+", default=[5, 20])
    args = parser.parse_args()
    use_settings(load_settings())
    asyncio.run(main(args.in_flight, args.pools))
