"""`python -m bot` as an operator runs it behind a public address: a webhook worker that stops cleanly on SIGTERM.

Each story starts after the release step, on a copy of the database `daigou migrate` built (`migrated_database`).
"""

import asyncio
import os
import signal
import socket
import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from sandbox import Sandbox
from tests.bot.test_startup import SETTINGS
from tests.conftest import REDIS_TEST_URL
from tests.redis_keys import OwnKeys

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_webhook_worker_answers_a_person_and_stops_on_sigterm(
    tmp_path: Path, migrated_database: Path, sandbox: Sandbox, api_url: str, own_keys: OwnKeys
) -> None:
    token = f"{own_keys.bot_id}:WebhookProcessToken"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS} | {
        "DATABASE_URL": f"sqlite://{migrated_database}",
        "REDIS_URL": REDIS_TEST_URL,
        "BOT_TOKEN": token,
        "PAYMENT_PROVIDER_TOKEN": "sandbox-provider",
        "TELEGRAM_API_URL": api_url,
        "WEBHOOK_URL": f"http://127.0.0.1:{port}",
        "WEBHOOK_SECRET": "a-secret-only-the-bot-api-and-the-worker-know",
        "WEBHOOK_PORT": str(port),
    }
    worker = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", cwd=tmp_path, env=env)
    try:
        driver = sandbox.driver(token)
        ann = driver.create_user("Ann", user_id=own_keys.user_id())
        await driver.send_text(ann, "/start")  # waits at the Bot API until the worker sets its webhook
        greeting = await driver.next_message(ann, within=30)
        webhook = sandbox.bot(token).webhook
    finally:
        worker.send_signal(signal.SIGTERM)
        exit_code = await asyncio.wait_for(worker.wait(), 30)

    assert "Welcome to Daigou, Ann!" in greeting.content
    assert webhook is not None and webhook.config.url == f"http://127.0.0.1:{port}/telegram/webhook"
    assert webhook.config.secret_token == env["WEBHOOK_SECRET"]
    assert exit_code == 0


async def test_with_webhook_workers_the_scheduler_process_delivers_the_outbox(
    tmp_path: Path, migrated_database: Path, sandbox: Sandbox, api_url: str, own_keys: OwnKeys
) -> None:
    token = f"{own_keys.bot_id}:WebhookOutboxToken"
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS} | {
        "DATABASE_URL": f"sqlite://{migrated_database}",
        "REDIS_URL": REDIS_TEST_URL,
        "BOT_TOKEN": token,
        "PAYMENT_PROVIDER_TOKEN": "sandbox-provider",
        "TELEGRAM_API_URL": api_url,
        "WEBHOOK_URL": f"http://127.0.0.1:{port}",
        "WEBHOOK_SECRET": "a-secret-only-the-bot-api-and-the-worker-know",
        "WEBHOOK_PORT": str(port),
        "SCHEDULER_INTERVAL_SECONDS": "1",
        "SCHEDULER_PORT": str(probes_port := _free_port()),
    }
    processes = [
        await asyncio.create_subprocess_exec(sys.executable, "-m", module, cwd=tmp_path, env=env)
        for module in ("bot", "scheduler")
    ]
    try:
        driver = sandbox.driver(token)
        ann = driver.create_user("Ann", user_id=own_keys.user_id())
        await driver.send_text(ann, "/start")
        await driver.next_message(ann, within=30)
        # A moderator verified Ann meanwhile (as the admin web would queue it, in the same database).
        with sqlite3.connect(migrated_database) as connection:
            connection.execute(
                "INSERT INTO notifications (user_id, key, params, created_at) "
                "SELECT id, 'buyer.verified', '{}', ? FROM users WHERE telegram_id = ?",
                (datetime.now(UTC).isoformat(), ann.id),
            )
        notice = await driver.next_message(ann, within=30)
        async with aiohttp.ClientSession(f"http://127.0.0.1:{probes_port}") as probe:
            answers = {path: (await probe.get(path)).status for path in ("/health", "/health/ready", "/metrics")}
            figures = await (await probe.get("/metrics")).text()
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 30)

    assert notice.content == "🎉 You are now a verified buyer. You can create listings and make offers."
    assert len(driver.messages(ann)) == 2  # the greeting and the notice, once
    assert answers == {"/health": 200, "/health/ready": 200, "/metrics": 200}
    assert 'daigou_outbox_notices_total{outcome="delivered"} 1.0' in figures  # the scheduler sent it
