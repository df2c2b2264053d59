"""Getting updates: long polling with offsets, webhooks with the secret header, and redelivery."""

import asyncio
import json
import time
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramConflictError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiohttp import web

from sandbox import Driver


async def test_a_long_poll_returns_as_soon_as_the_user_writes(bot: Bot, driver: Driver) -> None:
    alice = driver.create_user("Alice")
    started = time.monotonic()

    async def write_soon() -> None:
        await asyncio.sleep(0.2)
        await driver.send_text(alice, "hello")

    writer = asyncio.create_task(write_soon())
    updates = await bot.get_updates(timeout=10)
    await writer

    assert time.monotonic() - started < 2
    assert [update.message.text for update in updates if update.message] == ["hello"]


async def test_an_idle_long_poll_waits_its_timeout_and_returns_nothing(bot: Bot) -> None:
    started = time.monotonic()

    assert await bot.get_updates(timeout=1) == []
    assert 0.9 < time.monotonic() - started < 3


async def test_an_offset_confirms_the_updates_before_it(bot: Bot, driver: Driver) -> None:
    alice = driver.create_user("Alice")
    for text in ("one", "two", "three"):
        await driver.send_text(alice, text)

    first = await bot.get_updates(limit=2)
    unconfirmed = await bot.get_updates()
    rest = await bot.get_updates(offset=first[-1].update_id + 1)
    after_all = await bot.get_updates(offset=rest[-1].update_id + 1)

    assert [u.message.text for u in first if u.message] == ["one", "two"]
    assert [u.message.text for u in unconfirmed if u.message] == ["one", "two", "three"]
    assert [u.message.text for u in rest if u.message] == ["three"]
    assert after_all == []
    assert [u.update_id for u in unconfirmed] == list(range(first[0].update_id, first[0].update_id + 3))


async def test_allowed_updates_filters_what_the_bot_receives(bot: Bot, driver: Driver) -> None:
    alice = driver.create_user("Alice")
    await driver.send_text(alice, "/start")
    sent = await bot.send_message(alice.id, "Choose", reply_markup=_button("pick"))
    start = await bot.get_updates()
    await bot.get_updates(offset=start[-1].update_id + 1, allowed_updates=["callback_query"])

    await driver.send_text(alice, "not for the bot")
    await driver.press_button(alice, sent.message_id, "Pick", within=0.1)
    updates = await bot.get_updates(timeout=1)

    assert [update.callback_query.data for update in updates if update.callback_query] == ["pick"]
    assert all(update.message is None for update in updates)


async def test_a_second_poller_ends_the_first_with_a_conflict(bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    second = asyncio.create_task(bot.get_updates())

    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await first
    assert await second == []


async def test_a_redelivered_update_keeps_its_update_id(bot: Bot, driver: Driver) -> None:
    alice = driver.create_user("Alice")
    sent = await driver.send_text(alice, "/pay")
    first = await bot.get_updates(timeout=1)
    confirmed = await bot.get_updates(offset=first[-1].update_id + 1)
    assert sent.update_id is not None

    await driver.redeliver(sent.update_id)
    again = await bot.get_updates(offset=first[-1].update_id + 1, timeout=1)
    once_only = await bot.get_updates(offset=first[-1].update_id + 1)

    assert confirmed == []
    assert [u.update_id for u in again] == [sent.update_id]
    assert again[0].message and again[0].message.message_id == sent.message_id
    assert once_only == []
    with pytest.raises(LookupError):
        await driver.redeliver(1)


class WebhookReceiver:
    """A local webhook endpoint that records what it gets and can fail its first calls."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.received: list[tuple[dict[str, object], str | None]] = []
        self.arrived = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        if self.failures > 0:
            self.failures -= 1
            return web.Response(status=500)
        self.received.append((await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        self.arrived.set()
        return web.json_response({})


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[WebhookReceiver, str]]:
    endpoint = WebhookReceiver(failures=2)
    app = web.Application()
    app.router.add_post("/hook", endpoint.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    yield endpoint, f"http://{host}:{port}/hook"
    await runner.cleanup()


async def test_a_webhook_gets_each_update_with_the_secret_header_retrying_failures(
    bot: Bot, driver: Driver, receiver: tuple[WebhookReceiver, str]
) -> None:
    endpoint, url = receiver
    alice = driver.create_user("Alice")
    await driver.send_text(alice, "before the webhook")

    assert await bot.set_webhook(url, secret_token="s3cret-Token_1", drop_pending_updates=True)
    with pytest.raises(TelegramConflictError, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates()
    sent = await driver.send_text(alice, "hello webhook")
    await asyncio.wait_for(endpoint.arrived.wait(), 5)
    info = await bot.get_webhook_info()

    assert [(update["message"]["text"], secret) for update, secret in endpoint.received] == [  # type: ignore[index]
        ("hello webhook", "s3cret-Token_1")
    ]
    assert endpoint.received[0][0]["update_id"] == sent.update_id
    assert info.url == url and info.pending_update_count == 0
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"

    assert await bot.delete_webhook()
    await driver.send_text(alice, "polling again")
    assert [u.message.text for u in await bot.get_updates() if u.message] == ["polling again"]


async def test_a_webhook_reply_can_carry_a_method_call(bot: Bot, driver: Driver) -> None:
    async def answer_in_reply(request: web.Request) -> web.Response:
        update = await request.json()
        chat_id = update["message"]["chat"]["id"]
        return web.json_response(
            {"method": "sendMessage", "chat_id": chat_id, "text": "Echo: " + update["message"]["text"]}
        )

    app = web.Application()
    app.router.add_post("/hook", answer_in_reply)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    try:
        await bot.set_webhook(f"http://{host}:{port}/hook")
        alice = driver.create_user("Alice")
        await driver.send_text(alice, json.dumps({"q": 1}))
        reply = await driver.next_message(alice)
    finally:
        await bot.delete_webhook()
        await runner.cleanup()

    assert reply.text == 'Echo: {"q": 1}'


def _button(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Pick", callback_data=data)]])
