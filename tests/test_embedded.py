"""`make run`'s process: a person can talk to the bot through the sandbox with no Telegram account."""

import asyncio
import json
import os
import re
import sys
from pathlib import Path

import aiohttp


async def _read_url(process: asyncio.subprocess.Process) -> str:
    assert process.stdout is not None
    while True:
        line = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        assert line, "the embedded product exited before starting the sandbox"
        if match := re.search(r"Bot API sandbox: (http://\S+)", line):
            return match[1]


async def test_a_person_starts_the_bot_through_the_local_sandbox(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "TELEGRAM_API_URL", "REDIS_URL")}
    env["DATABASE_URL"] = f"sqlite://{tmp_path / 'daigou.sqlite3'}"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "embedded", "--port", "0", cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE
    )
    try:
        url = await _read_url(process)
        async with aiohttp.ClientSession(f"{url}/sandbox/api/") as http:
            for _ in range(100):  # the bot joins the sandbox once it has called getMe
                bots = await (await http.get("bots")).json()
                if bots:
                    break
                await asyncio.sleep(0.1)
            bot_id = bots[0]["id"]
            person = await (await http.post("users", json={"first_name": "Ann", "language_code": "en"})).json()
            chat = f"bots/{bot_id}/chats/{person['id']}/messages"
            await http.post(chat, json={"text": "/start"})
            for _ in range(100):
                history = await (await http.get(chat)).json()
                if any("Welcome to Daigou, Ann!" in json.dumps(m, ensure_ascii=False) for m in history):
                    break
                await asyncio.sleep(0.1)
            else:
                raise AssertionError(f"the bot did not greet Ann: {history}")
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 20)
