"""One database per test session (SQLite in memory, or PostgreSQL when DATABASE_URL says so).

Tables are emptied before every test; every test ends by checking that the ledger balances.
"""

import atexit
import io
import logging
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from argon2 import PasswordHasher
from tortoise import Tortoise
from tortoise.context import TortoiseContext
from tortoise.contrib.test import truncate_all_models

from core.config import Settings, current_settings, use_settings
from core.db import tortoise_config
from core.logs import NEVER_BELOW, configure_logging, remove_logging
from core.models.ledger import Entry
from core.services.oversight.moderator_sessions import DATABASE_SESSIONS
from core.services.oversight.session_stores import RedisSessions, SessionStore
from sandbox import Sandbox, serve
from tests.daigou_command import migrated_once
from tests.ledger_checks import assert_ledger_balances

if TYPE_CHECKING:  # imported by the fixtures that use them, so a run without those tests never loads them
    from playwright.async_api import Browser

# Tortoise's PostgreSQL pool holds 5 connections by default, so of 20 concurrent tasks only
# 5 would ever be inside a transaction together; the concurrency tests need them all at once.
POOL_SIZE = 30


def test_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://", "asyncpg://")):
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        query.setdefault("maxsize", str(POOL_SIZE))
        # "{}" makes Tortoise create (and later drop) a database with a random name.
        return urlunsplit(parts._replace(path="/daigou_test_{}", query=urlencode(query)))
    return "sqlite://:memory:"


IS_POSTGRES = test_database_url().startswith(("postgres", "asyncpg"))

# The Redis the tests talk to: `make test` sets REDIS_TEST_URL to a throwaway server when none answers on 6379
# (scripts/with_test_redis.sh). Tests on it never flush: their keys hold random session ids, or the ids of a bot
# and users of their own, which they delete afterwards (tests/redis_keys.py).
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL") or "redis://127.0.0.1:6379/13"


# The files whose tests take seconds (Chromium, processes, migrations, Hypothesis), costliest first but the two
# browser files, which lead so that the first worker's Chromium serves both.
SLOW_FILES = (
    "tests/test_web_chat.py",
    "tests/admin_web/test_browser.py",
    "tests/bot/test_webhook_process.py",
    "tests/test_embedded.py",
    "tests/test_ledger_stateful.py",
    "tests/test_migrations.py",
    "tests/test_moderator_accounts.py",
    "tests/test_closing_moderator_accounts.py",
    "tests/bot/test_telegram_types.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow files first: xdist's worksteal hands the rest out as workers free up, so neither is left running
    a long test alone at the end."""
    rank = {path: position for position, path in enumerate(SLOW_FILES)}
    items.sort(key=lambda item: rank.get(item.nodeid.partition("::")[0], len(SLOW_FILES)))


@pytest.fixture(scope="session", autouse=True)
async def database() -> AsyncIterator[None]:
    """The product's own ORM config (its database clients, core/db_engines), on a fresh database, dropped after."""
    async with TortoiseContext() as context:
        await context.init(config=tortoise_config(test_database_url(), testing=True), _create_db=True)
        await context.generate_schemas(safe=False)
        name = context.connections.get("default").database if IS_POSTGRES else ""
        yield
    if IS_POSTGRES:
        await _drop_database(name)


async def _drop_database(name: str) -> None:
    import asyncpg

    server = await asyncpg.connect(os.environ["DATABASE_URL"])
    try:
        await server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await server.close()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The one SQLite file `daigou migrate` builds for the run: xdist workers share their base folder's parent."""
    run_folder = tmp_path_factory.getbasetemp()
    return migrated_once(run_folder if worker_id == "master" else run_folder.parent)


@pytest.fixture
def migrated_database(tmp_path: Path, migrated_template: Path) -> Path:
    """A SQLite file in the test's folder as `daigou migrate` leaves a new one: for stories after the release step."""
    path = tmp_path / "daigou.sqlite3"
    shutil.copyfile(migrated_template, path)
    return path


# The admin web's key in every test, for tests that sign cookies themselves.
SECRET = "test-secret-key-of-at-least-32-characters"
# Personal data is sealed with this key in every test (core/sealing.py).
PERSONAL_DATA_KEY = "qA1mN0vXh7m8F6cY4bT2nR9sW3eZ5uJ1kL8pD0gH2iE="


@cache  # read once: reading the environment and `.env` for each of the suite's tests adds up
def _test_settings() -> Settings:
    photos = Path(tempfile.mkdtemp(prefix="daigou-test-photos-"))  # not the working folder's var/
    atexit.register(shutil.rmtree, photos, ignore_errors=True)
    return Settings(
        bot_token=None,
        payment_provider_token="sandbox-provider",
        secret_key=SECRET,
        photo_cache_dir=photos,
        personal_data_keys=PERSONAL_DATA_KEY,
    )


@pytest.fixture(autouse=True)
def override_settings() -> Callable[..., Settings]:
    """Every test starts on the test settings; `override_settings(NAME=value)` changes them for the rest of the
    test, for the bots and admin web its fixtures already run too (they read them as the entry points do)."""
    use_settings(_test_settings())

    def override(**changes: Any) -> Settings:
        if unknown := changes.keys() - Settings.model_fields.keys():  # Settings would ignore them
            raise TypeError(f"No such setting: {', '.join(sorted(unknown))}")
        changed = Settings(**{**current_settings().model_dump(), **changes})
        use_settings(changed)
        return changed

    return override


@pytest.fixture(autouse=True)
def logging_as_found() -> Iterator[None]:
    """An entry point run in a test (`main()`) sets up this process's logging: the next test starts without it."""
    levels = {name: logging.getLogger(name).level for name in ("", *NEVER_BELOW)}
    yield
    remove_logging()
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
def logs(override_settings: Callable[..., Settings]) -> Callable[..., io.StringIO]:
    """`logs(LOG_FORMAT=…)`: logging set up as an entry point does with those settings, into a buffer to read."""

    def configure(**settings: str) -> io.StringIO:
        lines = io.StringIO()
        configure_logging(override_settings(**{name.lower(): value for name, value in settings.items()}), lines)
        return lines

    return configure


# argon2id as in production, at its cheapest: these tests are about who may sign in, not what a guess costs. The
# `daigou moderator` command tests hash with the production parameters, in processes of their own.
QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("core.services.oversight.moderators._hasher", QUICK_HASHER)


@pytest.fixture
def no_bond_limit(override_settings: Callable[..., Settings]) -> None:
    """For stories about other things than the bond limit: buyers take orders whatever their bond."""
    override_settings(bond_exposure_multiple=0)


class EmptyTables:
    """Whether anything wrote to the tables since they were last emptied, so that a test that never touched
    them (most tests of pure rules) neither empties them again nor checks the ledger.

    SQLite counts the rows its connection has changed (`total_changes()`); PostgreSQL keeps no such count, so
    there the tables are taken to be written every time.
    """

    def __init__(self) -> None:
        self._emptied_at: int | None = None

    async def _rows_changed(self) -> int | None:
        if IS_POSTGRES:
            return None
        rows = await Entry._meta.db.execute_query_dict("SELECT total_changes() AS changed")
        return int(rows[0]["changed"])

    async def written(self) -> bool:
        changed = await self._rows_changed()
        return changed is None or changed != self._emptied_at

    async def empty(self) -> None:
        if IS_POSTGRES:
            await truncate_all_models()  # one TRUNCATE ... CASCADE
        else:  # one script instead of Tortoise's statement per table, each a trip to aiosqlite's thread
            await Entry._meta.db.execute_script(_sqlite_emptying_script())
        self._emptied_at = await self._rows_changed()


@cache
def _sqlite_emptying_script() -> str:
    assert Tortoise.apps is not None
    deletes = "".join(f'DELETE FROM "{model._meta.db_table}";' for model in Tortoise.apps.get_models_iterable())
    return f"PRAGMA foreign_keys = OFF;{deletes}PRAGMA foreign_keys = ON;"


@pytest.fixture(scope="session")
def tables(database: None) -> EmptyTables:
    return EmptyTables()


@pytest.fixture(autouse=True)
async def clean_tables(tables: EmptyTables) -> AsyncIterator[None]:
    if await tables.written():
        await tables.empty()
    yield
    if await tables.written():
        await assert_ledger_balances()


@pytest.fixture(scope="session")
async def sandbox() -> Sandbox:
    """One Bot API sandbox for the session; each test's bot token gets its own bot and chats."""
    return Sandbox(bot_username="daigou_sandbox_bot", pre_checkout_timeout=5, webhook_retry_delay=0.05)


@pytest.fixture(scope="session")
async def api_url(sandbox: Sandbox) -> AsyncIterator[str]:
    async with serve(sandbox) as url:
        yield url


@pytest.fixture(scope="session")
async def http_session(api_url: str) -> AsyncIterator[AiohttpSession]:
    # One aiogram session for all the tests' bots: closing one costs aiogram a 0.25 s pause.
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_url))
    yield session
    await session.close()


@pytest.fixture(params=["database", "redis"])
async def sessions(request: pytest.FixtureRequest) -> AsyncIterator[SessionStore]:
    """Each session story runs on both stores: database rows, and Redis when REDIS_URL is set."""
    if request.param == "database":
        yield DATABASE_SESSIONS
        return
    from redis.asyncio import Redis

    redis = Redis.from_url(REDIS_TEST_URL)
    yield RedisSessions(redis)
    await redis.aclose()


class Travel:
    """A clock the test moves: `core.clock.now()` answers `at` until told otherwise."""

    def __init__(self) -> None:
        self.at = datetime.now(UTC)

    def now(self) -> datetime:
        return self.at

    def forward(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def travel(monkeypatch: pytest.MonkeyPatch) -> Travel:
    clock = Travel()
    monkeypatch.setattr("core.clock.now", clock.now)
    return clock


# Debian's chromium package driven by Playwright for Python: `playwright install` needs the internet.
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator["Browser"]:
    """One headless Chromium for the session's browser tests."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        await launched.close()
