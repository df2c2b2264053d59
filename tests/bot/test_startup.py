"""`python -m bot` refuses to start without what it needs, saying so in one line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

SETTINGS = ("BOT_TOKEN", "PAYMENT_PROVIDER_TOKEN", "TELEGRAM_API_URL", "REDIS_URL", "WEBHOOK_URL", "WEBHOOK_SECRET")


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({}, "BOT_TOKEN"),
        ({"BOT_TOKEN": "1:x"}, "PAYMENT_PROVIDER_TOKEN"),
        ({"REDIS_URL": "http://x"}, "REDIS_URL"),
        ({"WEBHOOK_URL": "https://bot.example.com"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_URL": "http://bot.example.com", "WEBHOOK_SECRET": "s" * 32}, "WEBHOOK_URL"),
        # Webhook workers start several at once and leave migrating to the release step.
        (
            {
                "BOT_TOKEN": "1:x",
                "PAYMENT_PROVIDER_TOKEN": "p",
                "WEBHOOK_URL": "https://b.example",
                "WEBHOOK_SECRET": "s" * 32,
            },
            "daigou migrate",
        ),
    ],
)
def test_a_missing_or_malformed_setting_stops_the_bot_with_one_line(
    tmp_path: Path, given: dict[str, str], named: str
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS} | given
    env["DATABASE_URL"] = f"sqlite://{tmp_path / 'db.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-m", "bot"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and named in done.stderr
