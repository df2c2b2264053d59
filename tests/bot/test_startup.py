"""`python -m bot` refuses to start without what it needs, saying so in one line.

Its `main` runs in this process: the refusals come before anything a process of its own would change (its start
as an operator runs it is in tests/bot/test_webhook_process.py).
"""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.__main__ import main

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
    tmp_path: Path,
    given: dict[str, str],
    named: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    for key in SETTINGS:
        monkeypatch.delenv(key, raising=False)
    for key, value in {**given, "DATABASE_URL": f"sqlite://{tmp_path / 'db.sqlite3'}"}.items():
        monkeypatch.setenv(key, value)

    with ThreadPoolExecutor(1) as thread:  # its own event loop, away from the one the tests run on
        returncode = thread.submit(main).result(timeout=60)

    assert returncode == 2
    stderr = capsys.readouterr().err
    assert len(stderr.strip().splitlines()) == 1 and named in stderr
