"""The admin web's access log, as an operator reads it: what was asked and answered, never a way to the photos."""

import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from admin_web.__main__ import AccessLogger
from admin_web.app import create_app


async def test_the_access_log_names_paths_and_statuses_but_no_photo_file_id_or_search(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    server = TestServer(create_app(open_database=False))
    await server.start_server(access_log_class=AccessLogger)  # as `python -m admin_web` and the embedded product run it
    client: TestClient[Any, Any]
    async with TestClient(server) as client:
        await client.get("/photo/AgACAgIAAxkBAAIBZ2secret", allow_redirects=False)
        await client.get("/orders/12", allow_redirects=False)
        await client.get("/users?q=Alice", allow_redirects=False)

    photo, order, users = (record.getMessage() for record in caplog.records if record.name == "aiohttp.access")
    assert photo.startswith("GET /photo/{file_id} 30")
    assert order.startswith("GET /orders/12 30") and users.startswith("GET /users 30")
    assert "secret" not in caplog.text and "Alice" not in caplog.text
