"""With SENTRY_DSN set, a process reports the errors it logs to Sentry, and nothing a person typed goes with them."""

import asyncio
import os
import sys
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from tests.test_config import SETTING_NAMES

pytestmark = pytest.mark.e2e

# A process of the product: its one logging set-up, then a handler that fails with what a customer typed in hand.
FAILING = """
import logging
from core.config import load_settings
from core.logs import configure_logging

configure_logging(load_settings())

def handle(text):
    typed = text
    return 1 / 0

try:
    handle("my phone is +81 90 1234 5678")
except ZeroDivisionError:
    logging.getLogger("bot.handlers").exception("update handling failed")

import sys
print("sentry loaded" if "sentry_sdk" in sys.modules else "sentry not loaded")
"""


async def run_failing_process(tmp_path: Path, **settings: str) -> str:
    """What the process printed; it must exit 0 (the failure is handled and logged, as the bot does)."""
    env = {k: v for k, v in os.environ.items() if k.upper() not in SETTING_NAMES} | settings
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", FAILING, cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE
    )
    printed, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0
    return printed.decode().strip()


async def test_an_error_logged_with_its_traceback_reaches_sentry_without_what_was_typed(tmp_path: Path) -> None:
    received: list[bytes] = []

    async def envelope(request: web.Request) -> web.Response:
        received.append(await request.read())  # aiohttp has undone the gzip
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/api/1/envelope/", envelope)
    async with TestServer(app) as sentry:
        dsn = f"http://publickey@{sentry.host}:{sentry.port}/1"
        assert await run_failing_process(tmp_path, SENTRY_DSN=dsn) == "sentry loaded"

    events = b"".join(received).decode()
    assert "ZeroDivisionError" in events and "update handling failed" in events
    assert "+81 90 1234 5678" not in events  # the frame's variables stay home


async def test_without_a_dsn_the_process_does_not_even_load_sentry(tmp_path: Path) -> None:
    assert await run_failing_process(tmp_path) == "sentry not loaded"
