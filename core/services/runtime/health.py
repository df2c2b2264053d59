"""Whether the service can work: for load balancers and orchestrators asking any process's HTTP server."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from redis.asyncio import Redis
from tortoise.connection import connections

from core.config import current_settings, revealed
from core.models.moderators import Moderator

CHECK_SECONDS = 2.0  # a dependency slower than this counts as down: the prober has its own timeout too


async def db_ready() -> None:
    """Returns once the database answers a query on the schema; raises when it cannot."""
    await Moderator.exists()


@dataclass(frozen=True, slots=True)
class Readiness:
    """Each dependency checked, with "ok" or why it failed (the error's type, never a URL or password)."""

    checks: dict[str, str]

    @property
    def ready(self) -> bool:
        return all(outcome == "ok" for outcome in self.checks.values())


async def _check(name: str, probe: Callable[[], Awaitable[object]]) -> tuple[str, str]:
    try:
        async with asyncio.timeout(CHECK_SECONDS):
            await probe()
    except Exception as error:
        return name, type(error).__name__
    return name, "ok"


async def _query_database() -> None:
    await connections.get("default").execute_query("SELECT 1")


async def _ping_redis(redis_url: str) -> None:
    redis = Redis.from_url(redis_url, socket_connect_timeout=CHECK_SECONDS, socket_timeout=CHECK_SECONDS)
    try:
        await redis.ping()
    finally:
        await redis.aclose()


async def readiness() -> Readiness:
    """The database answers a trivial query and Redis (when REDIS_URL is set) a PING, each within CHECK_SECONDS."""
    checks = [_check("database", _query_database)]
    if redis_url := revealed(current_settings().redis_url):
        checks.append(_check("redis", lambda: _ping_redis(redis_url)))
    return Readiness(dict(await asyncio.gather(*checks)))
