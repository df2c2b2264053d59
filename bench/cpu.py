"""The bot's CPU time per update on a fixed workload: the product's customer round against the echo bots'.

    python -m bench.cpu                           # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python -m bench.cpu

bench/updates.py measures what users see (updates/s, latency), which on a shared VM moves with the
neighbours. This measures what the bot process spends: every bot gets the same users playing the same
number of rounds at a gentle pace, and its CPU seconds (user + system, from /proc) are divided by the
updates it handled. On one core, a bot that needs twice the CPU per update keeps up with half the updates
per second. At this gentle pace each update also pays for waking the event loop, which a saturated bot shares
across updates, so these figures run higher than a saturated bot's (docs/benchmarks.md, "Two ratios, one cause").
"""

import argparse
import asyncio

from bench.load import fixed_rounds
from bench.processes import chosen_database, cpu_seconds
from bench.report import markdown_table, publish
from bench.updates import CONTENDERS, Contender, error_replies, playing
from core.config import load_settings, use_settings

HEADER = [
    "bot",
    "database",
    "updates",
    "timeouts",
    "error replies",
    "CPU ms per update",
    "updates per CPU second vs aiogram echo",
]


async def measure(
    contender: Contender, postgres_url: str | None, users: int, rounds: int
) -> tuple[int, int, int, float]:
    """(updates handled, steps timed out, error replies, CPU seconds) for `users` × `rounds` of the script."""
    async with playing(contender, postgres_url, users) as (driver, process, players):
        before = cpu_seconds(process.pid)
        tally = await fixed_rounds(driver, players, rounds, think=1.0)
        spent = cpu_seconds(process.pid) - before
    return tally.updates, tally.timeouts, error_replies(driver), spent


async def main(users: int, rounds: int) -> None:
    database, database_url = chosen_database()
    rows, echo_ms = [], None
    for contender in (CONTENDERS[1], CONTENDERS[0], CONTENDERS[2]):  # the echo first: the others' yardstick
        updates, timeouts, errors, spent = await measure(contender, database_url, users, rounds)
        ms = 1000 * spent / max(updates, 1)
        echo_ms = echo_ms or ms
        rows.append(
            [contender.name, database, str(updates), str(timeouts), str(errors), f"{ms:.2f}", f"{echo_ms / ms:.2f}x"]
        )
        print(markdown_table(HEADER, [rows[-1]]), flush=True)
    command = f"python -m bench.cpu --users {users} --rounds {rounds}"
    title = f"Bot CPU per update on {database}: the product against the frameworks' floor"
    publish(f"cpu-{database.lower()}", title, command, markdown_table(HEADER, rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.cpu", description=__doc__)
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    use_settings(load_settings())
    asyncio.run(main(args.users, args.rounds))
