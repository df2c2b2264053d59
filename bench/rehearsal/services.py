"""The backing services a platform attaches: a fresh PostgreSQL database and a Redis database of its own."""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from redis.asyncio import Redis

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
# Tests use 13 (and 15), bench/chaos 11: 7 is the rehearsal's alone, emptied at its start and end.
REDIS_URL = "redis://127.0.0.1:6379/7"


@asynccontextmanager
async def fresh_database(server: str = POSTGRES_SERVER) -> AsyncIterator[tuple[str, str]]:
    """An empty database `daigou_rehearsal_<pid>`, unmigrated (the release step migrates it), dropped afterwards;
    yields its URL and the server's version."""
    name = f"daigou_rehearsal_{os.getpid()}"
    connection = await asyncpg.connect(f"{server}/postgres")
    try:
        version = str(await connection.fetchval("SHOW server_version"))
        await connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await connection.execute(f"CREATE DATABASE {name}")
    finally:
        await connection.close()
    try:
        yield f"{server}/{name}", version.split()[0]
    finally:
        connection = await asyncpg.connect(f"{server}/postgres")
        try:
            await connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await connection.close()


@asynccontextmanager
async def empty_redis(url: str = REDIS_URL) -> AsyncIterator[str]:
    """The Redis database at `url`, emptied before and after; yields the server's version."""
    redis = Redis.from_url(url)
    try:
        await redis.flushdb()
        version = str((await redis.info("server"))["redis_version"])
        yield version
    finally:
        await redis.flushdb()
        await redis.aclose()
