"""Who gets in: sessions, form tokens, roles, throttled sign-in, and the headers every answer carries."""

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from admin_web.app import create_app
from admin_web.sessions import SESSION_COOKIE
from core import clock
from core.config import ConfigError, Settings
from core.domain.login_throttle import FREE_FAILURES
from core.domain.moderators import ModeratorRole
from core.models.audit import AuditEntry
from core.models.moderators import ModeratorSession
from tests.admin_web.conftest import PASSWORD, Desk, csrf_in, moderator, sign_in
from tests.conftest import QUICK_HASHER, REDIS_TEST_URL

PAGES = [
    "/", "/flagged", "/listings", "/listings/1", "/reports", "/reports/1", "/disputes", "/disputes/1",
    "/applications", "/applications/1", "/applications/1/document", "/users", "/users/1", "/orders", "/orders/1",
    "/rates", "/brands", "/fees",
    "/moderators", "/audit", "/photo/abc",
]  # fmt: skip
ACTIONS = [
    "/logout", "/listings/1/decision", "/reports/1/resolve", "/disputes/1/settle", "/disputes/1/forfeit",
    "/applications/1/decision", "/users/1/buyer", "/users/1/lift-ban", "/rates", "/brands", "/brands/watch",
    "/brands/unwatch", "/brands/1/aliases", "/brands/1/aliases/1/remove", "/fees", "/moderators/1/deactivate",
    "/moderators/1/reactivate",
]  # fmt: skip
ADMIN_ONLY = [
    ("GET", "/fees"), ("POST", "/fees"), ("GET", "/moderators"), ("POST", "/moderators/1/deactivate"),
    ("POST", "/moderators/1/reactivate"), ("POST", "/users/1/lift-ban"),
]  # fmt: skip

Client = TestClient[Any, Any]


@pytest.mark.parametrize("path", PAGES)
async def test_every_page_sends_a_stranger_to_the_login(client: Client, path: str) -> None:
    response = await client.get(path, allow_redirects=False)

    assert response.status == 303
    assert response.headers["Location"] == "/login"


@pytest.mark.parametrize("path", ACTIONS)
async def test_every_action_sends_a_stranger_to_the_login(client: Client, path: str) -> None:
    response = await client.post(path, data={"csrf_token": "x"}, allow_redirects=False)

    assert response.status == 303
    assert response.headers["Location"] == "/login"


@pytest.mark.parametrize("path", ACTIONS)
async def test_every_action_without_the_form_token_is_refused(desk: Desk, path: str) -> None:
    missing = await desk.client.post(path, data={"decision": "approve"}, allow_redirects=False)
    forged = await desk.client.post(path, data={"csrf_token": "forged"}, allow_redirects=False)

    assert (missing.status, forged.status) == (403, 403)
    assert await ModeratorSession.exists()  # not even /logout went through


@pytest.mark.parametrize(("method", "path"), ADMIN_ONLY)
async def test_admin_pages_are_refused_to_moderators(desk: Desk, method: str, path: str) -> None:
    response = await (desk.get(path) if method == "GET" else desk.post(path, {"deposit_percent": "50"}))

    assert response.status == 403
    assert not await AuditEntry.exists()


async def test_the_login_page_health_check_and_styles_are_public(client: Client) -> None:
    for path in ("/login", "/health", "/static/admin.css"):
        assert (await client.get(path, allow_redirects=False)).status == 200, path


async def test_every_answer_carries_the_security_headers(desk: Desk) -> None:
    for response in (await desk.get("/"), await desk.client.get("/login"), await desk.get("/nowhere")):
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"


async def log_in(client: Client, username: str, password: str) -> tuple[int, str, list[str]]:
    page = await (await client.get("/login")).text()
    response = await client.post(
        "/login",
        data={"csrf_token": csrf_in(page), "username": username, "password": password},
        allow_redirects=False,
    )
    return response.status, await response.text(), response.headers.getall("Set-Cookie", [])


async def test_signing_in_starts_a_fresh_strict_http_only_session_and_signing_out_ends_it(client: Client) -> None:
    await moderator("mei")
    old = await sign_in(client, await moderator("lin"))

    status, _, cookies = await log_in(client, "mei", PASSWORD)

    assert status == 303
    session_cookie = next(cookie for cookie in cookies if cookie.startswith("daigou_admin="))
    assert "HttpOnly" in session_cookie and "SameSite=Strict" in session_cookie and "Secure" not in session_cookie
    assert await ModeratorSession.filter(moderator__username="mei").count() == 1
    assert not await ModeratorSession.filter(moderator__username="lin").exists()  # the old id is gone
    home = await (await client.get("/")).text()
    assert "mei (Moderator)" in home

    await client.post("/logout", data={"csrf_token": csrf_in(home)}, allow_redirects=False)
    assert not await ModeratorSession.exists()
    assert (await client.get("/", allow_redirects=False)).status == 303
    assert old.moderator.username == "lin"


async def test_a_login_form_without_its_token_is_refused(client: Client) -> None:
    await moderator("mei")

    response = await client.post("/login", data={"username": "mei", "password": PASSWORD}, allow_redirects=False)

    assert response.status == 403
    assert not await ModeratorSession.exists()


async def test_wrong_passwords_are_slowed_down_after_five_tries(client: Client) -> None:
    await moderator("mei")
    for _ in range(5):
        status, page, _ = await log_in(client, "mei", "not the password")
        assert status == 401 and "Wrong username or password." in page

    status, page, _ = await log_in(client, "mei", PASSWORD)

    assert status == 429
    assert "Too many failed attempts" in page


class CountingHasher:
    """The suite's quick hasher, counting the passwords it checks."""

    def __init__(self) -> None:
        self.checked = 0

    def hash(self, password: str) -> str:
        return QUICK_HASHER.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        self.checked += 1
        return QUICK_HASHER.verify(password_hash, password)


async def test_forty_guesses_sent_at_once_get_no_more_password_checks_than_five_in_a_row(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    await moderator("mei")
    hasher = CountingHasher()
    monkeypatch.setattr("core.services.oversight.moderators._hasher", hasher)
    now = clock.now()
    monkeypatch.setattr("core.clock.now", lambda: now)  # all at one moment, however slow the machine
    token = csrf_in(await (await client.get("/login")).text())

    responses = await asyncio.gather(
        *(
            client.post("/login", data={"csrf_token": token, "username": "mei", "password": f"guess {n}"})
            for n in range(40)
        )
    )

    statuses = sorted(response.status for response in responses)
    assert hasher.checked == FREE_FAILURES == 5
    assert statuses == [401] * 5 + [429] * 35
    status, page, _ = await log_in(client, "mei", PASSWORD)  # the owner's address waits like everyone else's
    assert status == 429 and "Too many failed attempts" in page
    assert hasher.checked == 5


async def test_the_page_speaks_the_browsers_language_until_one_is_chosen(desk: Desk) -> None:
    zh = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
    assert '<html lang="zh">' in await (await desk.get("/", headers=zh)).text()

    await desk.get("/?lang=en", headers=zh)

    assert '<html lang="en">' in await (await desk.get("/", headers=zh)).text()
    assert (await ModeratorSession.get(moderator_id=desk.moderator.id)).language == "en"


async def test_the_admin_web_will_not_start_without_a_secret_key(override_settings: Callable[..., Settings]) -> None:
    override_settings(secret_key=None)
    with pytest.raises(ConfigError, match=r"^Invalid setting SECRET_KEY: "):
        create_app()


async def test_cookies_are_secure_when_served_beyond_this_machine(override_settings: Callable[..., Settings]) -> None:
    override_settings(admin_host="0.0.0.0")
    app = create_app(open_database=False)
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/login")
    assert "Secure" in response.headers["Set-Cookie"]


async def test_an_admin_opens_the_fees_page(admin_desk: Desk) -> None:
    assert admin_desk.moderator.role is ModeratorRole.ADMIN
    assert "Platform fee" in await admin_desk.page("/fees")


async def test_with_redis_every_admin_web_process_shares_the_sessions_under_the_same_rules(
    override_settings: Callable[..., Settings],
) -> None:
    await moderator("mei")
    override_settings(redis_url=REDIS_TEST_URL)
    async with (
        TestClient(TestServer(create_app(open_database=False))) as first,
        TestClient(TestServer(create_app(open_database=False))) as second,
    ):
        await log_in(first, "mei", PASSWORD)
        old_cookie = first.session.cookie_jar.filter_cookies(first.make_url("/"))[SESSION_COOKIE].value
        await log_in(first, "mei", PASSWORD)  # signing in again starts a new session and ends the old one
        cookie = first.session.cookie_jar.filter_cookies(first.make_url("/"))[SESSION_COOKIE].value

        second.session.cookie_jar.update_cookies({SESSION_COOKIE: old_cookie}, second.make_url("/"))
        with_old = await second.get("/", allow_redirects=False)
        second.session.cookie_jar.update_cookies({SESSION_COOKIE: cookie}, second.make_url("/"))
        home = await (await second.get("/")).text()  # the other process knows the sign-in
        await second.post("/logout", data={"csrf_token": csrf_in(home)}, allow_redirects=False)
        after_logout = await first.get("/", allow_redirects=False)

    assert with_old.status == 303
    assert "mei (Moderator)" in home
    assert after_logout.status == 303  # signed out in one process, signed out in every one
    assert not await ModeratorSession.exists()  # nothing was kept in the database
