"""The optional per-chat flood limit, and the JSON driver API the web chat page builds on."""

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from sandbox import Driver, Sandbox, serve


async def test_more_messages_per_second_than_the_flood_limit_get_a_429() -> None:
    sandbox = Sandbox(flood_limit=3)
    async with serve(sandbox) as url:
        bot = Bot("77:flood", session=AiohttpSession(api=TelegramAPIServer.from_base(url)))
        driver = sandbox.driver("77:flood")
        alice, bob = driver.create_user("Alice"), driver.create_user("Bob")
        for user in (alice, bob):
            await driver.send_text(user, "/start")
        try:
            for n in range(3):
                await bot.send_message(alice.id, f"message {n}")
            with pytest.raises(TelegramRetryAfter) as throttled:
                await bot.send_message(alice.id, "one too many")
            await bot.send_message(bob.id, "another chat is not throttled")
        finally:
            await bot.session.close()

    assert throttled.value.retry_after == 1
    assert "Too Many Requests: retry after 1" in throttled.value.message
    assert [message.text for message in driver.messages(alice)] == ["message 0", "message 1", "message 2"]


async def test_the_driver_api_plays_a_user_over_http(api_url: str, bot: Bot, driver: Driver) -> None:
    me = await bot.get_me()  # a bot appears in the driver API once it has called the Bot API
    async with aiohttp.ClientSession(base_url=api_url) as http:
        bots = await (await http.get("/sandbox/api/bots")).json()
        created = await http.post("/sandbox/api/users", json={"first_name": "Web", "language_code": "zh"})
        user = await created.json()
        chat = f"/sandbox/api/bots/{me.id}/chats/{user['id']}"
        sent = await http.post(f"{chat}/messages", json={"text": "/start"})

        await bot.send_message(
            user["id"],
            "Pick one",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="A", url="https://example.com/a")]]
            ),
        )
        history = await (await http.get(f"{chat}/messages")).json()
        pressed = await (
            await http.post(f"{chat}/press", json={"message_id": history[-1]["message_id"], "text": "A"})
        ).json()
        missing = await http.post(f"{chat}/press", json={"message_id": history[-1]["message_id"], "text": "Z"})
        users = await (await http.get("/sandbox/api/users")).json()

    assert {"id": me.id, "username": "daigou_sandbox_bot", "first_name": "Daigou"} in bots
    assert created.status == 201 and user["language_code"] == "zh"
    assert sent.status == 201
    assert [(m["from_bot"], m["text"]) for m in history] == [(False, "/start"), (True, "Pick one")]
    assert pressed == {"answered": False, "text": None, "show_alert": False, "url": "https://example.com/a"}
    assert missing.status == 404 and "no button 'Z'" in (await missing.json())["error"]
    assert user["id"] in [u["id"] for u in users]
    assert driver.history(user["id"])[0].text == "/start"
