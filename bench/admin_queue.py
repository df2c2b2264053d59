"""The moderators' lists at 100,000 rows, through the real admin web with a signed-in moderator.

    python -m bench.admin_queue                 # SQLite; with DATABASE_URL=postgres://... PostgreSQL too

Seeds a fresh SQLite file (and, when DATABASE_URL points at PostgreSQL, a freshly created database that is
dropped afterwards), then times each page `--requests` times over HTTP (aiohttp's test server, in process),
prints p50/p95 and writes them to docs/benchmarks.md. Target: every page under 100 ms.
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from tortoise import connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from yarl import URL

from admin_web.app import create_app
from admin_web.sessions import SESSION_COOKIE
from admin_web.signing import Signer
from bench.admin_seed import RARE_BRAND, seed
from bench.report import machine, markdown_table, write_section
from core.config import Settings, current_settings, use_settings
from core.db import apply_migrations, database
from core.services.oversight.moderator_sessions import start_session

TARGET_MS = 100.0
WARM_UP = 3
SECRET = "benchmark-secret-key-of-at-least-32-characters"
PAGES = [
    ("Flagged listings, first page", "/flagged"),
    ("Flagged listings, deep page", "/flagged?before=1000"),
    ("A flagged listing with its buyer's record", "/listings/50000"),
    ("Audit log, first page", "/audit"),
    ("Audit log, one action", "/audit?action=listing.remove"),
    ("Listings search, common word", "/listings?q=porter"),
    ("Listings search, rare word", f"/listings?q={RARE_BRAND.lower()}"),
]


@dataclass(frozen=True, slots=True)
class Run:
    seeding_seconds: float
    timings: dict[str, list[float]]  # page name -> seconds per request


def _postgres_url() -> str | None:
    url = current_settings().database_url.get_secret_value()
    return url if url.startswith(("postgres://", "postgresql://", "asyncpg://")) else None


def _dsn(url: str, database_name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql", path=f"/{database_name}", query=""))


def _on_database(server_url: str, database_name: str) -> str:
    """The server's URL, as the product reads it, pointed at another database."""
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{database_name}"))


@asynccontextmanager
async def _fresh_postgres(server_url: str) -> AsyncIterator[str]:
    name = f"daigou_bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(_dsn(server_url, "postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield _on_database(server_url, name)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _time_page(client: TestClient[Any, Any], path: str, requests: int) -> list[float]:
    samples = []
    for attempt in range(WARM_UP + requests):
        start = time.perf_counter()
        response = await client.get(path, allow_redirects=False)
        await response.read()
        elapsed = time.perf_counter() - start
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        if attempt >= WARM_UP:
            samples.append(elapsed)
    return samples


async def _seed_and_time(rows: int, requests: int) -> Run:
    began = time.perf_counter()
    admin = await seed(rows)
    seeding = time.perf_counter() - began
    print(f"  seeded {rows:,} flagged listings in {seeding:.1f} s", file=sys.stderr)
    connection = connections.get("default")
    if connection.capabilities.dialect == "postgres":
        await connection.execute_script("VACUUM ANALYZE")  # what autovacuum does shortly after a bulk load
    token = await start_session(admin.id)
    app = create_app(open_database=False)
    async with TestClient(TestServer(app)) as client:
        client.session.cookie_jar.update_cookies(
            {SESSION_COOKIE: Signer(SECRET).sign_cookie(token)}, URL(str(client.make_url("/")))
        )
        return Run(seeding, {name: await _time_page(client, path, requests) for name, path in PAGES})


async def _run_on(url: str, rows: int, requests: int) -> Run:
    # Tortoise caches each model's INSERT statement per connection name, in the first database's dialect;
    # this process opens SQLite and then PostgreSQL under the same name.
    EXECUTOR_CACHE.clear()
    await apply_migrations(url)
    async with database(url):
        return await _seed_and_time(rows, requests)


async def _postgres_version(url: str) -> str:
    connection = await asyncpg.connect(_dsn(url, "postgres"))
    try:
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


def _milliseconds(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000


def _report(runs: dict[str, Run], rows: int, requests: int, postgres_version: str | None) -> str:
    header = ["Page", "Path"] + [f"{db} {cut}" for db in runs for cut in ("p50 ms", "p95 ms")]
    table_rows, missed = [], []
    for name, path in PAGES:
        cells = [name, f"`{path}`"]
        for db, run in runs.items():
            p50, p95 = _milliseconds(run.timings[name])
            cells += [f"{p50:.1f}", f"{p95:.1f}"]
            if p95 >= TARGET_MS:
                missed.append(f"{name} on {db}")
        table_rows.append(cells)
    command = "python -m bench.admin_queue"
    command += f" --rows {rows}" if rows != 100_000 else ""
    command += f" --requests {requests}" if requests != 50 else ""
    extra = {"PostgreSQL": postgres_version} if postgres_version else {}
    facts = machine(f"DATABASE_URL=postgres://… {command}" if postgres_version else command, **extra)
    facts.append(("Rows", f"{rows:,} flagged listings (2 photos each) of 1,000 buyers, {rows:,} audit entries"))
    facts.append(("Seeding", ", ".join(f"{db} {run.seeding_seconds:.1f} s" for db, run in runs.items())))
    verdict = f"Missed: {', '.join(missed)}." if missed else "All met."
    return (
        f"## Admin web lists at {rows:,} rows (`bench/admin_queue.py`)\n\n"
        + markdown_table(["", ""], [[name, value] for name, value in facts])
        + f"\n{requests} requests per page, one at a time, after {WARM_UP} not counted, over HTTP in process.\n"
        + f"Target: p95 under {TARGET_MS:.0f} ms. {verdict}\n\n"
        + markdown_table(header, table_rows)
    )


async def main(rows: int, requests: int) -> int:
    runs: dict[str, Run] = {}
    with tempfile.TemporaryDirectory() as folder:
        print("SQLite…", file=sys.stderr)
        runs["SQLite"] = await _run_on(f"sqlite://{Path(folder) / 'bench.sqlite3'}", rows, requests)
    server = _postgres_url()
    version = None
    if server:
        print("PostgreSQL…", file=sys.stderr)
        version = await _postgres_version(server)
        async with _fresh_postgres(server) as url:
            runs["PostgreSQL"] = await _run_on(url, rows, requests)
    report = _report(runs, rows, requests, version)
    print(report)
    write_section("bench.admin_queue", report)
    return 0


def _arguments() -> Any:
    parser = argparse.ArgumentParser(prog="python -m bench.admin_queue", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="flagged listings and audit entries to seed")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = _arguments()
    use_settings(Settings(secret_key=SecretStr(SECRET), bot_token=None))
    sys.exit(asyncio.run(main(arguments.rows, arguments.requests)))
