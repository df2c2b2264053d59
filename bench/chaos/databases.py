"""The database a simulation process runs its seeds on, emptied before each seed, and the faults it shows the
product's processes.

Each simulation process migrates one database of its own once (a SQLite file, or `daigou_chaos_<pid>` on the
PostgreSQL server) with the moderator in it, and opens the ORM on it once; a seed starts from it emptied, ids
from 1 again. (Migrating and opening the ORM per seed cost ~1 s of CPU, more than a calm seed's whole play.)
Faults: on PostgreSQL the product's connections are terminated (`pg_terminate_backend`, picked out by the
`application_name` each process connects with); on SQLite a write lock is held longer than the product then
waits for one (`busy_timeout` in its URL), so its writes fail with "database is locked".
"""

import asyncio
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from tortoise import Tortoise, connections

from core.db import apply_migrations, database
from core.models.moderators import Moderator
from core.services.oversight.moderators import create_moderator

MODERATOR = "chaos-moderator"
APPLICATION_PREFIX = "chaos-"
# How long the product's SQLite connections wait for a write lock when a run injects database faults.
SQLITE_BUSY_MS = 300
_KEPT = {Moderator._meta.db_table, "tortoise_migrations"}


def _emptied_tables() -> list[str]:
    tables = {model._meta.db_table for model in Tortoise.apps.get_models_iterable()}
    return sorted(tables - _KEPT)


async def _add_moderator(url: str) -> None:
    async with database(url):
        await create_moderator(MODERATOR, "chaos-moderator-password")


class SqliteDatabase:
    name = "SQLite"

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="daigou-chaos-"))
        self.url = f"sqlite://{self._folder / 'chaos.sqlite3'}"

    async def prepare(self) -> None:
        await apply_migrations(self.url)
        await _add_moderator(self.url)

    async def empty(self) -> None:
        """Every row a seed made gone (the ORM is open on `url`); the moderator stays."""
        connection = connections.get("default")
        await connection.execute_script("PRAGMA foreign_keys = OFF")
        try:
            for table in _emptied_tables():
                await connection.execute_script(f'DELETE FROM "{table}"')
            kept = ", ".join(f"'{table}'" for table in sorted(_KEPT))
            await connection.execute_script(f"DELETE FROM sqlite_sequence WHERE name NOT IN ({kept})")
        finally:
            await connection.execute_script("PRAGMA foreign_keys = ON")

    def for_process(self, role: str, faults: bool) -> str:
        return f"{self.url}?busy_timeout={SQLITE_BUSY_MS}" if faults else self.url

    async def disturb(self, strength: float) -> str:
        """Hold the write lock for a while; the product's writes meanwhile fail as "database is locked"."""
        seconds = SQLITE_BUSY_MS / 1000 * (1.1 + strength)
        await asyncio.to_thread(_hold_write_lock, self.url.removeprefix("sqlite://"), seconds)
        return "database locked"

    async def close(self) -> None:
        shutil.rmtree(self._folder, ignore_errors=True)


def _hold_write_lock(path: str, seconds: float) -> None:
    connection = sqlite3.connect(path, timeout=10, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        time.sleep(seconds)
        connection.execute("ROLLBACK")
    finally:
        connection.close()


class PostgresDatabase:
    name = "PostgreSQL"

    def __init__(self, server_url: str) -> None:
        parts = urlsplit(server_url)
        self._server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres", query=""))
        self._name = f"daigou_chaos_{os.getpid()}"
        self.url = urlunsplit(parts._replace(scheme="postgres", path=f"/{self._name}", query=""))

    async def _on_server(self, statement: str, *arguments: object) -> None:
        connection = await asyncpg.connect(self._server)
        try:
            await connection.execute(statement, *arguments)
        finally:
            await connection.close()

    async def prepare(self) -> None:
        await self._on_server(f"DROP DATABASE IF EXISTS {self._name} WITH (FORCE)")
        await self._on_server(f"CREATE DATABASE {self._name}")
        await apply_migrations(self.url)
        await _add_moderator(self.url)

    async def empty(self) -> None:
        """Every row a seed made gone (the ORM is open on `url`); the moderator stays."""
        tables = ", ".join(f'"{table}"' for table in _emptied_tables())
        await connections.get("default").execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")

    def for_process(self, role: str, faults: bool) -> str:
        return f"{self.url}?application_name={APPLICATION_PREFIX}{role}"

    async def disturb(self, strength: float) -> str:
        """Terminate every connection the product's processes hold to the database."""
        await self._on_server(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE $2",
            self._name,
            f"{APPLICATION_PREFIX}%",
        )
        return "connections dropped"

    async def close(self) -> None:
        await self._on_server(f"DROP DATABASE IF EXISTS {self._name} WITH (FORCE)")


Database = SqliteDatabase | PostgresDatabase


def database_for(url: str | None) -> Database:
    """A database on the PostgreSQL server `url` names (postgres://...), else a SQLite file."""
    if url and url.startswith(("postgres://", "postgresql://")):
        return PostgresDatabase(url)
    return SqliteDatabase()
