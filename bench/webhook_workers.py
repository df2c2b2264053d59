"""Two webhook workers behind the sandbox's balancer: every update reaches both at the same moment.

    python -m bench.webhook_workers          # SQLite file, Redis db 13 on 127.0.0.1 (or --redis URL)

Many people say /start at once. The sandbox delivers updates one after the other (Telegram sends up to
`max_connections` at once), each to both workers together, and waits for both answers: so this measures
the round trip per update with the duplicate claim in Redis, and that each update is handled once.
"""

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aiogram import Dispatcher
from pydantic import SecretStr

from bench.report import machine, markdown_table, write_section
from bot.app import build_bot, build_dispatcher
from bot.i18n import build_i18n
from bot.webhook import WEBHOOK_PATH, register_webhook, serving_webhook
from core.config import Settings, current_settings, use_settings
from core.db import apply_migrations, database
from sandbox import Sandbox, serve

SECRET = "bench-webhook-secret-0123456789abcdefghij"


def _welcomed(sandbox: Sandbox, token: str) -> int:
    chats = sandbox.bot(token).chats.values()
    return sum(1 for chat in chats for message in chat.bot_messages() if "Welcome to Daigou" in str(message.data))


async def _run(database_url: str, redis_url: str, people: int) -> tuple[float, int]:
    sandbox = Sandbox(webhook_retry_delay=0.05)
    token = f"{random.randint(10**8, 10**9)}:BenchWebhookToken"
    async with serve(sandbox) as api_url:
        settings = Settings(
            database_url=SecretStr(database_url),
            telegram_api_url=api_url,
            bot_token=SecretStr(token),
            payment_provider_token=SecretStr("bench"),
            redis_url=SecretStr(redis_url),
            webhook_url="http://daigou.bench",
            webhook_secret=SecretStr(SECRET),
        )
        use_settings(settings)  # once the sandbox, the Bot API this product talks to, has its address
        await apply_migrations(database_url)
        async with database(database_url):
            return await _deliver_twice(sandbox, token, people)


async def _deliver_twice(sandbox: Sandbox, token: str, people: int) -> tuple[float, int]:
    settings = current_settings()
    bot = build_bot(token)
    driver = sandbox.driver(token)
    workers: list[Dispatcher] = [build_dispatcher(build_i18n()) for _ in range(2)]
    async with (
        bot.session,
        serving_webhook(workers[0], bot, SECRET, "127.0.0.1", 0, settings.updates_in_flight) as first,
        serving_webhook(workers[1], bot, SECRET, "127.0.0.1", 0, settings.updates_in_flight) as second,
    ):
        await register_webhook(bot, workers[0], settings.webhook_url or "", SECRET)
        driver.balance_webhook([first + WEBHOOK_PATH, second + WEBHOOK_PATH], copies=2)
        users = [driver.create_user(f"Person {n}") for n in range(people)]
        started = time.perf_counter()
        for user in users:
            await driver.send_text(user, "/start")
        await driver.wait_for(lambda: _welcomed(sandbox, token) >= people, within=600)
        elapsed = time.perf_counter() - started
        await asyncio.sleep(1)  # let any second answer arrive before counting
        welcomed = _welcomed(sandbox, token)
        await bot.delete_webhook()
    return elapsed, welcomed


async def main(people: int, redis_url: str) -> int:
    with tempfile.TemporaryDirectory() as folder:
        elapsed, welcomed = await _run(f"sqlite://{Path(folder) / 'bench.sqlite3'}", redis_url, people)
    facts = machine("python -m bench.webhook_workers", Redis=redis_url, Database="SQLite file")
    report = (
        "## Webhook workers, every update twice (`bench/webhook_workers.py`)\n\n"
        + markdown_table(["", ""], [[name, value] for name, value in facts])
        + f"\n{people} people each send /start; each update goes to both workers at once.\n\n"
        + markdown_table(
            ["updates", "delivered", "handled (welcomes sent)", "all answered in", "updates/s"],
            [[str(people), str(2 * people), str(welcomed), f"{elapsed:.1f} s", f"{people / elapsed:.0f}"]],
        )
    )
    print(report)
    write_section("bench.webhook_workers", report)
    return 0 if welcomed == people else 1


def _arguments() -> Any:
    parser = argparse.ArgumentParser(prog="python -m bench.webhook_workers", description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300, help="people who each send /start")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13", help="Redis URL for the workers")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = _arguments()
    sys.exit(asyncio.run(main(arguments.people, arguments.redis)))
