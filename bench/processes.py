"""The pieces a chat benchmark runs: a fresh database with a shop in it, and bots as their own processes."""

import asyncio
import os
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from PIL import Image

from core.config import current_settings
from core.db import apply_migrations, database
from core.domain.buyers import BuyerStatus
from core.domain.money import Money
from core.services.catalog.listings import ListingInput, create_listing
from core.services.money import ledger
from core.services.people import users
from sandbox.state import BotState

ROOT = Path(__file__).resolve().parent.parent
LOG_FILE = ROOT / "var" / "bench" / "bots.log"  # the bots' own logs, for looking into a surprising figure
BUYERS = 3
LISTINGS_PER_BUYER = 40
BOND = Money(100_000_000, "JPY")  # large enough that no bond limit refuses the benchmark's purchases


def chosen_database() -> tuple[str, str | None]:
    """("PostgreSQL", DATABASE_URL) when it names a PostgreSQL server, else ("SQLite", None).

    One database per run: Tortoise keeps each model's SQL as first built for a dialect, so a process that
    seeded SQLite would send SQLite's placeholders to PostgreSQL.
    """
    url = current_settings().database_url.get_secret_value()
    if url.startswith(("postgres://", "postgresql://")):
        return "PostgreSQL", url
    return "SQLite", None


@asynccontextmanager
async def fresh_database(postgres_url: str | None) -> AsyncIterator[str]:
    """An empty, migrated database: a SQLite file in a temporary folder, or `daigou_bench_<pid>` on the server,
    dropped afterwards; named by process, so two benchmarks running at once never share one."""
    if postgres_url is None:
        folder = tempfile.mkdtemp(prefix="daigou-bench-")
        try:
            url = f"sqlite://{folder}/bench.sqlite3"
            await apply_migrations(url)
            yield url
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    parts = urlsplit(postgres_url)
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres", query=""))
    name = f"daigou_bench_{os.getpid()}"
    connection = await asyncpg.connect(server)
    try:
        await connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await connection.execute(f"CREATE DATABASE {name}")
    finally:
        await connection.close()
    try:
        await apply_migrations(url := urlunsplit(parts._replace(path=f"/{name}")))
        yield url
    finally:
        connection = await asyncpg.connect(server)
        try:
            await connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await connection.close()


async def seed_shop(url: str, bot: BotState) -> None:
    """Verified buyers with bonds and Porter bags, Shiseido serums and more on sale, each with a photo."""
    photo = bot.files.add_photo(_png(), 64, 64)[-1]["file_id"]
    async with database(url):
        for n in range(BUYERS):
            person = bot.sandbox.create_user(f"Buyer {n}")
            bot.chat(person).started = True  # they have talked to the bot, so it may tell them of orders
            buyer, _ = await users.register_contact(person.id, person.first_name, language_code="en")
            await users.apply_as_buyer(buyer.id, ["JP", "KR"], ["bags", "beauty"], "passport")
            await users.decide_buyer(buyer.id, BuyerStatus.VERIFIED)
            await ledger.post_bond(f"bench-bond-{n}", buyer.id, BOND)
            for i in range(LISTINGS_PER_BUYER):
                bag = i % 2 == 0
                await create_listing(
                    buyer.id,
                    ListingInput(
                        title=f"Porter Tanker bag {n}-{i}" if bag else f"Shiseido Ultimune serum {n}-{i}",
                        description="Bought in Tokyo, with receipt.",
                        category="bags" if bag else "beauty",
                        country="JP",
                        price=Money(12_800 if bag else 9_800, "JPY"),
                        quantity=999,
                        days_to_ship=7,
                        photo_file_ids=[photo],
                        brand="Porter" if bag else "Shiseido",
                        city="Tokyo",
                    ),
                )


def _png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (64, 64), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


@asynccontextmanager
async def bot_process(
    module: str, env: Mapping[str, str], log: Path = LOG_FILE
) -> AsyncIterator[asyncio.subprocess.Process]:
    """`python -m module` with `env` added, its output in `log`; stopped (SIGINT, then kill) when the block ends."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as output:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            module,
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=output,
            stderr=output,
        )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(2)
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()


def rss_mib(pid: int) -> tuple[float, float]:
    """A process's resident memory now and at its peak, in MiB (Linux /proc)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
