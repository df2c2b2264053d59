"""An operator's first steps: `daigou migrate` builds the schema from the committed migrations.

A model change without its migration fails here, before it reaches a real database.
"""

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from tortoise import Tortoise
from tortoise.migrations.autodetector import MigrationAutodetector

from core.db import MIGRATIONS_MODULE, MODEL_MODULES
from tests.conftest import IS_POSTGRES
from tests.test_config import SETTING_NAMES

DAIGOU = str(Path(sys.executable).with_name("daigou"))


def daigou(cwd: Path, *args: str, stdin: str = "", **settings: str) -> subprocess.CompletedProcess[str]:
    """Run the installed console script with only the given settings, away from any `.env`."""
    env = {key: value for key, value in os.environ.items() if key.upper() not in SETTING_NAMES}
    env.update(settings)
    return subprocess.run(
        [DAIGOU, *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


def model_tables() -> set[str]:
    apps = Tortoise.apps
    assert apps is not None
    return {model._meta.db_table for model in apps["models"].values()}


async def test_models_and_committed_migrations_do_not_drift() -> None:
    apps = Tortoise.apps
    assert apps is not None
    apps_config = {
        "models": {"models": MODEL_MODULES, "default_connection": "default", "migrations": MIGRATIONS_MODULE}
    }
    changes = await MigrationAutodetector(apps, apps_config).changes()
    pending = [operation for writer in changes for operation in writer.operations]
    assert pending == [], "models changed without a migration: run `tortoise makemigrations -n <name>`"


def _asyncpg_dsn(url: str, database: str) -> str:
    """asyncpg wants postgresql:// and a database name; Tortoise also accepts postgres:// and asyncpg://."""
    return urlunsplit(urlsplit(url)._replace(scheme="postgresql", path=f"/{database}"))


async def _postgres_tables(url: str) -> set[str]:
    connection = await asyncpg.connect(_asyncpg_dsn(url, urlsplit(url).path[1:]))
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()
    return {row["tablename"] for row in rows}


def _sqlite_tables(url: str) -> set[str]:
    with sqlite3.connect(url.removeprefix("sqlite://")) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.fixture
async def empty_database(tmp_path: Path) -> AsyncIterator[str]:
    """A new, empty database of the kind this run tests (a SQLite file, or a uniquely named PostgreSQL one)."""
    if not IS_POSTGRES:
        yield f"sqlite://{tmp_path / 'fresh' / 'daigou.sqlite3'}"
        return
    server_url = os.environ["DATABASE_URL"]
    name = f"daigou_migrate_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(_asyncpg_dsn(server_url, "postgres"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield _asyncpg_dsn(server_url, name).replace("postgresql://", "postgres://", 1)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def test_migrate_builds_an_empty_database_and_then_has_nothing_to_do(tmp_path: Path, empty_database: str) -> None:
    first = daigou(tmp_path, "migrate", DATABASE_URL=empty_database)
    assert first.returncode == 0, first.stderr
    assert "Applied" in first.stdout and "0001_initial" in first.stdout

    tables = await _postgres_tables(empty_database) if IS_POSTGRES else _sqlite_tables(empty_database)
    assert model_tables() <= tables

    again = daigou(tmp_path, "migrate", DATABASE_URL=empty_database)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "Database is up to date."


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEPOSIT_PERCENT", "abc"),
        ("DEPOSIT_PERCENT", "0"),
        ("PLATFORM_FEE_PERCENT", "120"),
        ("DATABASE_URL", "mysql://x"),
        ("ADMIN_PORT", "http"),
        ("SECRET_KEY", "too-short"),
        ("TELEGRAM_API_URL", "api.telegram.org"),
        ("REDIS_URL", "localhost:6379"),
    ],
)
def test_a_malformed_setting_stops_the_command_with_one_line_naming_it(tmp_path: Path, name: str, value: str) -> None:
    result = daigou(tmp_path, "migrate", **{name: value})

    assert result.returncode != 0
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0]
    assert not (tmp_path / "var").exists(), "nothing may be created before the settings are valid"
