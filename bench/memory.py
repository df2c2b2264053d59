"""The bot process's memory as distinct users pile up: 100,000 people each open the bot once.

    python -m bench.memory                        # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python -m bench.memory

Whatever a bot keeps per user in memory (chat state, flood buckets, seen update ids, caches) shows
up here as RSS growing with the number of users. Target: under 200 MB after 100,000 users.
"""

import argparse
import asyncio
import time

from bench.processes import bot_process, chosen_database, fresh_database, rss_mib, seed_shop
from bench.report import markdown_table, publish
from bench.updates import TOKEN, wait_until_answering
from core.config import load_settings, use_settings
from sandbox.app import serve
from sandbox.driver import Driver
from sandbox.state import Sandbox

CONCURRENT = 200  # people opening the bot at the same moment
HEADER = ["database", "distinct users", "RSS MiB", "peak RSS MiB", "users/s since last row"]


async def open_bot(driver: Driver, n: int) -> None:
    person = driver.create_user(f"Person {n}", language_code="zh" if n % 3 == 0 else "en")
    chat = driver.bot.chat(person)
    await driver.send_text(person, "/start")
    while chat.bot_actions == 0:
        await chat.bot_acted.wait(30)


async def grow(database: str, postgres_url: str | None, users: int, checkpoints: list[int]) -> list[list[str]]:
    sandbox = Sandbox(bot_username="daigou_bench_bot")
    rows = []
    async with serve(sandbox) as api, fresh_database(postgres_url) as url:
        driver = sandbox.driver(TOKEN)
        await seed_shop(url, driver.bot)
        env = {"TELEGRAM_API_URL": api, "BOT_TOKEN": TOKEN, "PAYMENT_PROVIDER_TOKEN": "bench", "DATABASE_URL": url}
        async with bot_process("bot", env) as process:
            await wait_until_answering(driver)
            rss, peak = rss_mib(process.pid)
            rows.append([database, "0", f"{rss:.0f}", f"{peak:.0f}", "-"])
            done, since = 0, time.perf_counter()
            slots = asyncio.Semaphore(CONCURRENT)

            async def one(n: int) -> None:
                async with slots:
                    await open_bot(driver, n)

            for checkpoint in checkpoints:
                await asyncio.gather(*(one(n) for n in range(done, checkpoint)))
                pace = (checkpoint - done) / (time.perf_counter() - since)
                done, since = checkpoint, time.perf_counter()
                rss, peak = rss_mib(process.pid)
                rows.append([database, f"{checkpoint:,}", f"{rss:.0f}", f"{peak:.0f}", f"{pace:.0f}"])
                print(markdown_table(HEADER, [rows[-1]]), flush=True)
    return rows


async def main(users: int) -> None:
    database, url = chosen_database()
    checkpoints = sorted({users // 10, users // 2, users})
    rows = await grow(database, url, users, checkpoints)
    command = f"python -m bench.memory --users {users}"
    title = f"Bot memory on {database} as users pile up"
    publish(f"memory-{database.lower()}", title, command, markdown_table(HEADER, rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__)
    parser.add_argument("--users", type=int, default=100_000)
    args = parser.parse_args()
    use_settings(load_settings())
    asyncio.run(main(args.users))
