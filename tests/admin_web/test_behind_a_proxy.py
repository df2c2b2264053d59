"""Behind a TLS proxy: the client's address and HTTPS come from `X-Forwarded-*`, believed from trusted proxies only."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from admin_web.app import create_app
from core.config import Settings
from tests.admin_web.conftest import PASSWORD, csrf_in, moderator

Client = TestClient[Any, Any]


async def log_in_from(client: Client, address: str, password: str) -> int:
    """A sign-in as the proxy forwards it for a browser at `address`; the answer's status."""
    forwarded = {"X-Forwarded-For": address}
    page = await (await client.get("/login", headers=forwarded)).text()
    form = {"csrf_token": csrf_in(page), "username": "mei", "password": password}
    return (await client.post("/login", data=form, headers=forwarded, allow_redirects=False)).status


@pytest.fixture
async def served(override_settings: Callable[..., Settings]) -> Callable[[str], Any]:
    """The admin web with TRUSTED_PROXIES set as given; this test's client connects from 127.0.0.1."""

    async def serve(trusted_proxies: str) -> AsyncIterator[Client]:
        override_settings(trusted_proxies=trusted_proxies)
        async with TestClient(TestServer(create_app(open_database=False))) as client:
            yield client

    return serve


async def test_behind_a_trusted_proxy_wrong_passwords_slow_down_only_the_address_that_made_them(
    served: Callable[[str], AsyncIterator[Client]],
) -> None:
    await moderator("mei")
    async for client in served("127.0.0.1, ::1"):
        for _ in range(5):
            assert await log_in_from(client, "203.0.113.7", "not the password") == 401

        assert await log_in_from(client, "203.0.113.7", PASSWORD) == 429  # the guesser waits
        assert await log_in_from(client, "198.51.100.9", PASSWORD) == 303  # mei, elsewhere, does not


async def test_headers_from_anyone_else_are_ignored_so_a_guesser_cannot_pose_as_many(
    served: Callable[[str], AsyncIterator[Client]],
) -> None:
    await moderator("mei")
    async for client in served("10.0.0.0/8"):  # the proxy is elsewhere: this connection is not it
        for n in range(5):
            assert await log_in_from(client, f"203.0.113.{n}", "not the password") == 401

        assert await log_in_from(client, "198.51.100.9", PASSWORD) == 429  # all five counted against 127.0.0.1


@pytest.mark.parametrize(("trusted_proxies", "secure"), [("127.0.0.1", True), ("10.0.0.0/8", False)])
async def test_cookies_are_secure_when_a_trusted_proxy_says_the_browser_used_https(
    served: Callable[[str], AsyncIterator[Client]], trusted_proxies: str, secure: bool
) -> None:
    async for client in served(trusted_proxies):
        response = await client.get("/login", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})

        assert ("Secure" in response.headers["Set-Cookie"]) is secure
