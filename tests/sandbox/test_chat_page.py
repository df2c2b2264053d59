"""The web chat page and the driver API calls it makes: photos, reply keyboards, deep links, invoices, live chat."""

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.types import KeyboardButton, Message, ReplyKeyboardMarkup

from sandbox import Driver, Sandbox, make_png, serve
from tests.polling import polling
from tests.sandbox.test_payments import payment_bot


@pytest.fixture
async def http(api_url: str) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=api_url) as session:
        yield session


async def chat_of(bot: Bot, http: aiohttp.ClientSession, name: str = "Web") -> tuple[str, int]:
    """A new person's chat path in the driver API, and their user id."""
    me = await bot.get_me()
    user = await (await http.post("/sandbox/api/users", json={"first_name": name, "language_code": "en"})).json()
    return f"/sandbox/api/bots/{me.id}/chats/{user['id']}", user["id"]


async def next_event(stream: aiohttp.ClientResponse) -> dict[str, Any]:
    while True:
        line = (await stream.content.readline()).decode()
        if line.startswith("data: "):
            return json.loads(line.removeprefix("data: "))  # type: ignore[no-any-return]


async def test_the_page_is_served_with_a_policy_that_allows_only_its_own_script() -> None:
    async with (
        serve(Sandbox(), admin_url="http://127.0.0.1:8080") as url,
        aiohttp.ClientSession(base_url=url) as http,
    ):
        root = await http.get("/", allow_redirects=False)
        page = await http.get("/chat")
        script = await http.get("/chat/static/chat.js")
        links = await (await http.get("/sandbox/api/links")).json()

        assert root.status == 302 and root.headers["Location"] == "/chat"
        assert page.status == 200 and '<script src="/chat/static/chat.js"' in await page.text()
        assert page.headers["Content-Security-Policy"].startswith("default-src 'self';")
        assert script.status == 200 and "textContent" in await script.text()
        assert links == {"admin_url": "http://127.0.0.1:8080"}


async def test_a_person_sends_a_photo_with_a_caption_and_only_images_are_taken(
    bot: Bot, driver: Driver, http: aiohttp.ClientSession
) -> None:
    chat, user_id = await chat_of(bot, http)
    photo = aiohttp.FormData()
    photo.add_field("photo", make_png(120, 80), filename="receipt.png", content_type="image/png")
    photo.add_field("caption", "My receipt")
    sent = await http.post(f"{chat}/photos", data=photo)
    not_a_photo = aiohttp.FormData()
    not_a_photo.add_field("photo", b"%PDF-1.4", filename="receipt.pdf", content_type="application/pdf")
    refused = await http.post(f"{chat}/photos", data=not_a_photo)

    assert sent.status == 201
    (message,) = driver.history(user_id)
    assert message.caption == "My receipt" and message.photo[-1]["width"] == 120
    assert driver.bot.files.get(message.photo[-1]["file_id"]) is not None
    assert refused.status == 400 and "not an image" in (await refused.json())["error"]


async def test_a_person_taps_the_reply_keyboard_and_follows_a_deep_link(
    bot: Bot, driver: Driver, http: aiohttp.ClientSession
) -> None:
    chat, user_id = await chat_of(bot, http)
    await http.post(f"{chat}/messages", json={"text": "/start"})
    keyboard = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="🔎 Browse")]], resize_keyboard=True)
    await bot.send_message(user_id, "Menu", reply_markup=keyboard)

    tapped = await http.post(f"{chat}/reply", json={"text": "🔎 Browse"})
    not_shown = await http.post(f"{chat}/reply", json={"text": "Sell"})
    followed = await http.post(f"{chat}/link", json={"url": "https://t.me/daigou_sandbox_bot?start=l-42"})
    elsewhere = await http.post(f"{chat}/link", json={"url": "https://t.me/another_bot?start=x"})

    assert tapped.status == 201 and followed.status == 201
    assert [m.text for m in driver.history(user_id) if not m.from_bot] == ["/start", "🔎 Browse", "/start l-42"]
    assert not_shown.status == 404 and "no reply button 'Sell'" in (await not_shown.json())["error"]
    assert elsewhere.status == 400


async def test_a_person_pays_an_invoice_once_and_a_declined_payment_says_why(
    bot: Bot, driver: Driver, http: aiohttp.ClientSession
) -> None:
    payments: list[Message] = []
    chat, user_id = await chat_of(bot, http)
    async with polling(payment_bot({"sold-out": "Sorry, it sold out"}, payments), bot):
        for payload in ("order-1", "sold-out"):
            await http.post(f"{chat}/messages", json={"text": f"/pay {payload}"})
            await driver.next_message(user_id)
        invoice, declined = (m for m in driver.history(user_id) if m.invoice)
        paid = await (await http.post(f"{chat}/pay", json={"message_id": invoice.message_id})).json()
        again = await http.post(f"{chat}/pay", json={"message_id": invoice.message_id})
        refused = await (await http.post(f"{chat}/pay", json={"message_id": declined.message_id})).json()
        await driver.next_message(user_id)  # the bot's thanks

    assert paid == {"status": "paid", "error_message": None}
    assert again.status == 400 and "already paid" in (await again.json())["error"]
    assert refused == {"status": "declined", "error_message": "Sorry, it sold out"}
    assert [p.successful_payment.total_amount for p in payments if p.successful_payment] == [3200]
    assert driver.message(user_id, invoice.message_id).paid


async def test_the_live_chat_shows_new_messages_edits_and_deletions_as_they_happen(
    bot: Bot, driver: Driver, http: aiohttp.ClientSession
) -> None:
    chat, user_id = await chat_of(bot, http)
    await http.post(f"{chat}/messages", json={"text": "/start"})
    async with http.get(f"{chat}/events") as stream:
        first = await next_event(stream)
        sent = await bot.send_message(user_id, "Order <b>#7</b> is paid", parse_mode="HTML")
        arrived = await next_event(stream)
        await bot.edit_message_text("Order #7 has shipped", chat_id=user_id, message_id=sent.message_id)
        edited = await next_event(stream)
        await bot.delete_message(user_id, sent.message_id)
        deleted = await next_event(stream)

    assert stream.headers["Content-Type"] == "text/event-stream"
    assert [m["text"] for m in first["messages"]] == ["/start"]
    assert arrived["messages"][-1]["text"] == "Order #7 is paid"
    assert arrived["messages"][-1]["entities"] == [{"type": "bold", "offset": 6, "length": 2}]
    assert edited["messages"][-1]["text"] == "Order #7 has shipped" and edited["messages"][-1]["edited"]
    assert [m["text"] for m in deleted["messages"]] == ["/start"]
