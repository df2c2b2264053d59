"""Database wiring: the Tortoise config, start-up and the migrations runner."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.connection import get_connection
from tortoise.migrations.api import migrate
from tortoise.migrations.executor import MigrationExecutor

from core.config import load_settings, use_settings

log = logging.getLogger(__name__)

MODEL_MODULES = ["core.models"]
MIGRATIONS_MODULE = "core.migrations"


async def _keep_session(connection: Any) -> None:
    """Hand a PostgreSQL connection back to the pool as it is.

    asyncpg's default reset (`SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`) costs a
    round trip on every release, and Tortoise releases after every query outside a transaction: 9% of the
    bot's time under load (bench/updates.py). Daigou holds no session-level lock, cursor, LISTEN or setting
    (its one advisory lock is transaction-scoped), and asyncpg still rolls back an open transaction first.
    """


# Tortoise's engines, with transactions that clean up when BEGIN fails (core/db_engines).
_ENGINES = {
    "tortoise.backends.asyncpg": "core.db_engines.asyncpg",
    "tortoise.backends.sqlite": "core.db_engines.sqlite",
}


def _connection(database_url: str, testing: bool) -> dict[str, Any]:
    config = expand_db_url(database_url, testing=testing)
    config["engine"] = _ENGINES.get(config["engine"], config["engine"])
    if config["engine"] == "core.db_engines.asyncpg":
        config["credentials"]["reset"] = _keep_session
    return config


def tortoise_config(database_url: str, *, testing: bool = False) -> dict[str, Any]:
    """The ORM's config for `database_url`; `testing` fills a `{}` in a PostgreSQL database name with a random one."""
    return {
        "connections": {"default": _connection(database_url, testing)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _ensure_sqlite_folder(database_url: str) -> None:
    if database_url.startswith("sqlite://") and ":memory:" not in database_url:
        path = database_url.removeprefix("sqlite://").split("?", 1)[0]
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _without_foreign_keys(database_url: str) -> str:
    """SQLite rebuilds tables during some migrations; with foreign keys on, that cascades deletes."""
    if not database_url.startswith("sqlite://"):
        return database_url
    separator = "&" if "?" in database_url else "?"
    return f"{database_url}{separator}foreign_keys=OFF"


async def apply_migrations(database_url: str, target: str | None = None) -> None:
    """Apply pending migrations, all of them or up to `target` (e.g. "models.0006_admin_list_indexes")."""
    _ensure_sqlite_folder(database_url)
    try:
        await migrate(config=tortoise_config(_without_foreign_keys(database_url)), target=target)
    finally:
        await Tortoise.close_connections()


async def pending_migrations(database_url: str) -> list[str]:
    """Names of migrations not yet applied; empty means the schema is current."""
    _ensure_sqlite_folder(database_url)
    config = tortoise_config(database_url)
    await Tortoise.init(config=config, init_connections=False)
    try:
        steps = await MigrationExecutor(get_connection("default"), config["apps"]).plan()
    finally:
        await Tortoise.close_connections()
    return [f"{step.migration.app_label}.{step.migration.name}" for step in steps if not step.backward]


@asynccontextmanager
async def database(database_url: str) -> AsyncIterator[None]:
    """Open the ORM for the duration of a process's work, and always close it."""
    _ensure_sqlite_folder(database_url)
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    try:
        yield
    finally:
        await Tortoise.close_connections()


def __getattr__(name: str) -> Any:
    # TORTOISE_ORM is how the `tortoise` CLI ([tool.tortoise] in pyproject.toml) enters the product, so it is
    # that entry point's settings set-up (its `migrate` runs migrations that read them); computed on access so
    # importing this module never reads settings.
    if name == "TORTOISE_ORM":
        settings = load_settings()
        use_settings(settings)
        return tortoise_config(settings.database_url.get_secret_value())
    raise AttributeError(name)
