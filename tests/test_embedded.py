"""`make run`'s process: the whole product on embedded defaults, tried with no Telegram account."""

import asyncio
import json
import os
import re
import signal
import stat
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

pytestmark = pytest.mark.e2e

# Starting takes a few seconds (migrations, demo data); much longer on a machine busy with other work.
START_TIMEOUT = 90


@asynccontextmanager
async def embedded(folder: Path) -> AsyncIterator[dict[str, str]]:
    """Run `python -m embedded` in `folder` on free ports; what it printed (sandbox, chat, admin, login)."""
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "TELEGRAM_API_URL", "REDIS_URL")}
    env["DATABASE_URL"] = f"sqlite://{folder / 'var' / 'daigou.sqlite3'}"
    env.pop("SECRET_KEY", None)
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "embedded", "--port", "0", "--admin-port", "0"),
        cwd=folder,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    printed: dict[str, str] = {}
    try:
        while "admin" not in printed or "login" not in printed:
            line = (await asyncio.wait_for(process.stdout.readline(), START_TIMEOUT)).decode()
            assert line, f"the embedded product exited early; it said {printed}"
            for key, pattern in (
                ("sandbox", r"Bot API sandbox: (http://\S+)"),
                ("chat", r"Web chat: (http://\S+)"),
                ("admin", r"Admin web: (http://\S+)"),
                ("login", r"Demo moderator: (\S+ / \S+)"),
            ):
                if match := re.search(pattern, line):
                    printed[key] = match[1]
        yield printed
    finally:
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 30) == 0, "stopped cleanly on SIGTERM"


async def greeting_for(sandbox_url: str, name: str) -> str:
    """A new person sends /start through the driver API the chat page uses; the bot's answer."""
    async with aiohttp.ClientSession(f"{sandbox_url}/sandbox/api/") as http:
        for _ in range(100):  # the bot joins the sandbox once it has called getMe
            bots = await (await http.get("bots")).json()
            if bots:
                break
            await asyncio.sleep(0.2)
        person = await (await http.post("users", json={"first_name": name, "language_code": "en"})).json()
        chat = f"bots/{bots[0]['id']}/chats/{person['id']}/messages"
        await http.post(chat, json={"text": "/start"})
        for _ in range(100):
            history = await (await http.get(chat)).json()
            if len(history) > 1:
                return json.dumps(history[1], ensure_ascii=False)
            await asyncio.sleep(0.1)
    raise AssertionError(f"the bot did not answer {name}")


async def test_one_command_brings_the_chat_page_the_bot_the_admin_web_and_a_demo_to_try(tmp_path: Path) -> None:
    async with embedded(tmp_path) as printed:
        greeting = await greeting_for(printed["sandbox"], "Ann")
        async with aiohttp.ClientSession() as http:
            page = await http.get(printed["chat"])
            admin = await http.get(f"{printed['admin']}/login")
            people = await (await http.get(f"{printed['sandbox']}/sandbox/api/users")).json()
            links = await (await http.get(f"{printed['sandbox']}/sandbox/api/links")).json()

    assert page.status == 200 and "Chat sandbox" in await page.text()
    assert admin.status == 200 and links == {"admin_url": printed["admin"]}
    assert {"yuki_tokyo", "lin_mei_osaka", "jiwoo_seoul", "camille_paris", "jake_nyc"} <= {
        person.get("username") for person in people
    }
    assert "Welcome to Daigou, Ann!" in greeting
    secret = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and len(secret.read_text()) >= 32

    # A restart keeps everything: no second demo, the same login, the same people (Ann too).
    async with embedded(tmp_path) as again, aiohttp.ClientSession() as http:
        people_again = await (await http.get(f"{again['sandbox']}/sandbox/api/users")).json()

    assert again["login"] == printed["login"] and printed["login"].startswith("demo-admin / ")
    assert sorted(p["id"] for p in people_again) == sorted(p["id"] for p in people)
