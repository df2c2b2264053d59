"""The HTTP protocol itself: tokens, method names, body encodings and Telegram's response shape."""

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNotFound, TelegramUnauthorizedError
from aiogram.methods import TelegramMethod

from sandbox import Driver


async def test_get_me_answers_with_the_bot_behind_the_token(bot: Bot, token: str) -> None:
    me = await bot.get_me()

    assert me.id == int(token.split(":")[0])
    assert me.is_bot
    assert me.username == "daigou_sandbox_bot"
    assert me.supports_inline_queries


async def test_a_malformed_token_is_unauthorized(api_url: str, http_session: AiohttpSession) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{api_url}/botnot-a-token/getMe") as response:
        body = await response.json()

    assert response.status == 401
    assert body == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    with pytest.raises(TelegramUnauthorizedError):
        await Bot("123:has.a.dot", session=http_session).get_me()


async def test_an_unknown_method_is_not_found(api_url: str, token: str, bot: Bot) -> None:
    async with aiohttp.ClientSession() as http, http.post(f"{api_url}/bot{token}/sendHologram") as response:
        body = await response.json()

    assert response.status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found"}

    class SendHologram(TelegramMethod[bool]):
        __returning__ = bool
        __api_method__ = "sendHologram"

    with pytest.raises(TelegramNotFound):
        await bot(SendHologram())


async def test_method_names_are_case_insensitive_and_get_works(api_url: str, token: str) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{api_url}/bot{token}/GETME") as response:
        body = await response.json()

    assert body["ok"] is True
    assert body["result"]["username"] == "daigou_sandbox_bot"


async def test_json_form_and_query_parameters_are_all_understood(api_url: str, token: str, driver: Driver) -> None:
    alice = driver.create_user("Alice")
    await driver.send_text(alice, "/start")
    keyboard = {"inline_keyboard": [[{"text": "Open", "callback_data": "open"}]]}
    url = f"{api_url}/bot{token}/sendMessage"
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"chat_id": alice.id, "text": "json", "reply_markup": keyboard}) as response:
            assert (await response.json())["ok"]
        form = {
            "chat_id": str(alice.id),
            "text": "form",
            "reply_markup": '{"inline_keyboard": [[{"text": "Go", "url": "https://t.me/x"}]]}',
        }
        async with http.post(url, data=form) as response:
            assert (await response.json())["ok"]
        async with http.get(url, params={"chat_id": str(alice.id), "text": "query"}) as response:
            assert (await response.json())["result"]["text"] == "query"

    sent = driver.messages(alice)
    assert [message.text for message in sent] == ["json", "form", "query"]
    assert sent[0].button("Open")["callback_data"] == "open"
    assert sent[1].button("Go")["url"] == "https://t.me/x"


async def test_delete_webhook_without_one_says_so_like_telegram(api_url: str, token: str) -> None:
    async with aiohttp.ClientSession() as http, http.post(f"{api_url}/bot{token}/deleteWebhook") as response:
        body = await response.json()

    assert body == {"ok": True, "result": True, "description": "Webhook is already deleted"}


async def test_commands_are_stored_per_scope_and_language(bot: Bot) -> None:
    from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats

    await bot.set_my_commands(
        [BotCommand(command="start", description="Start"), BotCommand(command="help", description="Help")]
    )
    await bot.set_my_commands([BotCommand(command="start", description="开始")], language_code="zh")
    await bot.set_my_commands(
        [BotCommand(command="orders", description="Orders")], scope=BotCommandScopeAllPrivateChats()
    )

    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    assert [c.description for c in await bot.get_my_commands(language_code="zh")] == ["开始"]
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats())] == ["orders"]
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
