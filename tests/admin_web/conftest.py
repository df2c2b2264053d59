"""The admin web served on a free port by aiohttp's test server, over the suite's database."""

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import jinja2
import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer
from yarl import URL

from admin_web.app import create_app
from admin_web.sessions import SESSION_COOKIE
from admin_web.signing import Signer
from core.domain.moderators import ModeratorRole
from core.models.moderators import Moderator
from core.services.oversight.moderator_sessions import start_session
from tests.admin_web.rows import rows_in
from tests.conftest import QUICK_HASHER, SECRET

PASSWORD = "correct horse battery staple"
# Hashed once, and cheaply (tests/conftest.py): most tests sign in without typing the password.
PASSWORD_HASH = QUICK_HASHER.hash(PASSWORD)


@pytest.fixture(autouse=True)
def rows_never_reach_templates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every template rendered in these tests fails when its context holds a database row."""
    render = jinja2.Template.render

    def render_values_only(template: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        rows = list(rows_in(dict(*args, **kwargs)))
        assert not rows, f"{template.name} was rendered with database rows: {rows}"
        return render(template, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", render_values_only)


@pytest.fixture
async def client() -> AsyncIterator[TestClient[Any, Any]]:
    async with TestClient(TestServer(create_app(open_database=False))) as test_client:
        yield test_client


async def moderator(username: str = "mei", role: ModeratorRole = ModeratorRole.MODERATOR) -> Moderator:
    return await Moderator.create(username=username, password_hash=PASSWORD_HASH, role=role)


def csrf_in(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no form token"
    return match[1]


@dataclass
class Desk:
    """A signed-in moderator's browser: GETs, and POSTs that carry the form token as the page would."""

    client: TestClient[Any, Any]
    moderator: Moderator
    csrf_token: str

    async def get(self, path: str, **kwargs: Any) -> ClientResponse:
        return await self.client.get(path, allow_redirects=False, **kwargs)

    async def page(self, path: str) -> str:
        response = await self.get(path)
        assert response.status == 200, (path, response.status, await response.text())
        return await response.text()

    async def post(self, path: str, data: dict[str, str] | None = None, **kwargs: Any) -> ClientResponse:
        return await self.client.post(
            path, data={"csrf_token": self.csrf_token, **(data or {})}, allow_redirects=False, **kwargs
        )


async def sign_in(client: TestClient[Any, Any], who: Moderator) -> Desk:
    token = await start_session(who.id)
    client.session.cookie_jar.update_cookies(
        {SESSION_COOKIE: Signer(SECRET).sign_cookie(token)}, URL(str(client.make_url("/")))
    )
    return Desk(client, who, Signer(SECRET).csrf_token(token))


@pytest.fixture
async def desk(client: TestClient[Any, Any]) -> Desk:
    return await sign_in(client, await moderator())


@pytest.fixture
async def admin_desk(client: TestClient[Any, Any]) -> Desk:
    return await sign_in(client, await moderator("ada", ModeratorRole.ADMIN))
