"""`python -m bot` as an operator runs it behind a public address: a webhook worker that stops cleanly on SIGTERM.

Each story starts after the release step, on a copy of the database `daigou migrate` built (`migrated_database`).
"""

import asyncio
import os
import signal
import socket
import sqlite3
import sys
from collections.abc import Callable
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


def _settings(database: Path, api_url: str, token: str, webhook_url: str, **more: str) -> dict[str, str]:
    """The environment a process of the product runs with here: webhook mode against the sandbox, on `database`."""
    return {k: v for k, v in os.environ.items() if k not in SETTINGS} | {
        "DATABASE_URL": f"sqlite://{database}",
        "REDIS_URL": REDIS_TEST_URL,
        "BOT_TOKEN": token,
        "PAYMENT_PROVIDER_TOKEN": "sandbox-provider",
        "TELEGRAM_API_URL": api_url,
        "WEBHOOK_URL": webhook_url,
        "WEBHOOK_SECRET": "a-secret-only-the-bot-api-and-the-worker-know",
        **more,
    }


async def test_a_webhook_worker_answers_a_person_and_stops_on_sigterm(
    tmp_path: Path, migrated_database: Path, sandbox: Sandbox, api_url: str, own_keys: OwnKeys
) -> None:
    token = f"{own_keys.bot_id}:WebhookProcessToken"
    port = _free_port()
    env = _settings(migrated_database, api_url, token, f"http://127.0.0.1:{port}", WEBHOOK_PORT=str(port))
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
    env = _settings(
        migrated_database,
        api_url,
        token,
        f"http://127.0.0.1:{port}",
        WEBHOOK_PORT=str(port),
        SCHEDULER_INTERVAL_SECONDS="1",
        SCHEDULER_PORT=str(probes_port := _free_port()),
    )
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
        exit_codes = [await asyncio.wait_for(process.wait(), 30) for process in processes]

    assert exit_codes == [0, 0], "the worker and the scheduler stop cleanly on SIGTERM, as a platform stops them"
    assert notice.content == "🎉 You are now a verified buyer. You can create listings and make offers."
    assert len(driver.messages(ann)) == 2  # the greeting and the notice, once
    assert answers == {"/health": 200, "/health/ready": 200, "/metrics": 200}
    assert 'daigou_outbox_notices_total{outcome="delivered"} 1.0' in figures  # the scheduler sent it


async def test_the_scheduler_stopped_mid_delivery_holds_nothing_and_the_next_one_sends_the_rest_once(
    tmp_path: Path, migrated_database: Path, sandbox: Sandbox, api_url: str, own_keys: OwnKeys
) -> None:
    token = f"{own_keys.bot_id}:SchedulerStopToken"
    # Webhook mode, so the scheduler is the one sender; no worker needs to take the webhook.
    env = _settings(
        migrated_database,
        api_url,
        token,
        "http://127.0.0.1:9/unused",
        SCHEDULER_INTERVAL_SECONDS="0.1",
        SCHEDULER_PORT=str(_free_port()),
    )
    driver = sandbox.driver(token)
    people = [driver.create_user(f"Verified {n}", user_id=own_keys.user_id(), started=True) for n in range(40)]
    now = datetime.now(UTC).isoformat()
    with sqlite3.connect(migrated_database) as connection:  # 40 buyers verified at once, as a moderator's day may
        for person in people:
            connection.execute(
                "INSERT INTO users (telegram_id, first_name, language, language_chosen, referral_code, created_at) "
                "VALUES (?, ?, 'en', 0, ?, ?)",
                (person.id, person.first_name, f"ref-{person.id}", now),
            )
            connection.execute(
                "INSERT INTO notifications (user_id, key, params, created_at) "
                "SELECT id, 'buyer.verified', '{}', ? FROM users WHERE telegram_id = ?",
                (now, person.id),
            )

    async def scheduler_until(condition: Callable[[], bool]) -> int:
        """Run `python -m scheduler` until `condition` holds, then SIGTERM it; its exit code."""
        process = await asyncio.create_subprocess_exec(sys.executable, "-m", "scheduler", cwd=tmp_path, env=env)
        try:
            await driver.wait_for(lambda: condition() or None, within=30)
        finally:
            process.send_signal(signal.SIGTERM)
        return await asyncio.wait_for(process.wait(), 30)

    first = await scheduler_until(lambda: any(driver.messages(person) for person in people))  # mid-delivery
    with sqlite3.connect(migrated_database) as connection:
        held, sent = connection.execute(
            "SELECT SUM(sent_at IS NULL AND claimed_by IS NOT NULL), SUM(sent_at IS NOT NULL) FROM notifications"
        ).fetchone()
    second = await scheduler_until(lambda: all(driver.messages(person) for person in people))

    assert (first, second) == (0, 0)
    assert held == 0 and sent > 0  # the first stopped with nothing claimed and unsent
    assert [len(driver.messages(person)) for person in people] == [1] * 40  # each notice once
