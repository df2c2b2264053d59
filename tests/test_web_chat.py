"""Trying the product in a browser: the sandbox's web chat page plays a customer and a demo buyer through a
whole order, and the demo moderator then finds it in the admin web. Headless Chromium, as in tests/admin_web."""

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import Browser, BrowserContext, Locator, Page, expect

from admin_web.app import create_app
from bot.__main__ import serve_bot
from core.config import Settings
from core.domain.order_machine import OrderState
from core.models.orders import Order
from core.models.reviews import Review
from embedded.demo_data import Login, seed_demo_data
from sandbox import Sandbox, make_png, serve

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

TOKEN = "9900:WebChatToken"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "var" / "screenshots"
# Notices come through the outbox, paced as Telegram limits a chat (a burst, then about one a second), and the demo
# has queued a few for its buyers already: give them longer than an answer to a press.
NOTICE = 20_000


@dataclass
class Product:
    chat_url: str
    admin_url: str
    login: Login


@pytest.fixture
async def product(override_settings: Callable[..., Settings]) -> AsyncIterator[Product]:
    """What `python -m embedded` runs, on the test database: demo data, admin web, sandbox with its page, bot."""
    sandbox = Sandbox(pre_checkout_timeout=5)
    login = await seed_demo_data(sandbox.driver(TOKEN))
    assert login is not None
    admin: TestServer[Any] = TestServer(create_app(open_database=False))
    await admin.start_server()
    admin_url = str(admin.make_url("")).rstrip("/")
    async with serve(sandbox, admin_url=admin_url) as url:
        override_settings(telegram_api_url=url, bot_token=TOKEN)
        bot = asyncio.create_task(serve_bot(handle_signals=False))
        try:
            yield Product(f"{url}/chat", admin_url, login)
        finally:
            bot.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await bot
    await admin.close()


@pytest.fixture
async def context(browser: Browser) -> AsyncIterator[BrowserContext]:
    opened = await browser.new_context(locale="en-US")
    opened.set_default_timeout(10_000)
    yield opened
    await opened.close()


@pytest.fixture
async def second_window(browser: Browser) -> AsyncIterator[BrowserContext]:
    """Another person's browser. Not a second tab: Chromium hardly renders a tab behind another, so every click
    there would wait for it to be in view (about a second each, in Playwright's stability check)."""
    opened = await browser.new_context(locale="en-US")
    opened.set_default_timeout(10_000)
    yield opened
    await opened.close()


def bubble(page: Page, text: str) -> Locator:
    """The latest message in the chat that contains `text`."""
    return page.locator("#messages > li", has_text=text).last


# The page's message field and send button, in the language of the person chatting.
COMPOSER = {"en": ("Message", "Send"), "zh": ("消息", "发送")}


async def says(page: Page, text: str, language: str = "en") -> None:
    field, send = COMPOSER[language]
    await page.get_by_label(field).fill(text)
    await page.get_by_role("button", name=send, exact=True).click()


async def presses(page: Page, message_text: str, button: str) -> None:
    await bubble(page, message_text).get_by_role("button", name=button, exact=True).click()


async def test_a_customer_and_a_buyer_complete_an_order_in_the_web_chat_and_a_moderator_sees_it(
    product: Product, context: BrowserContext, second_window: BrowserContext
) -> None:
    # Alice joins as a new customer and finds a demo listing by typing what she wants.
    alice = await context.new_page()
    await alice.goto(product.chat_url)
    await alice.get_by_label("First name").fill("Alice")
    await alice.get_by_role("button", name="Add person").click()
    await says(alice, "/start")
    await expect(bubble(alice, "Welcome to Daigou, Alice!")).to_be_visible()
    await says(alice, "Porter Tanker")
    card = bubble(alice, "Porter Tanker shoulder bag")
    await expect(card.locator("img.photo")).to_be_visible()
    await expect(card.locator("b", has_text="Porter Tanker shoulder bag")).to_be_visible()  # HTML from the bot, as bold

    # She buys it and pays the deposit (the sandbox plays the payment provider).
    await presses(alice, "Porter Tanker shoulder bag", "🛒 Buy")
    await presses(alice, "How many", "1")
    await alice.get_by_role("button", name="Pay 7,260 JPY").click()
    await expect(alice.get_by_text("You paid 7,260 JPY")).to_be_visible()
    await expect(bubble(alice, "Payment of ¥7,260 received")).to_be_visible()
    order = await Order.get(customer__first_name="Alice")

    # Yuki, a demo buyer in Tokyo, hears of it in a browser of their own and uploads the receipt photo.
    yuki = await second_window.new_page()
    await yuki.goto(product.chat_url)
    await yuki.get_by_role("button", name=re.compile(r"^Yuki @yuki_tokyo")).click()
    await expect(bubble(yuki, f"The deposit for order #{order.id}")).to_be_visible(timeout=NOTICE)
    await says(yuki, "/orders")
    await presses(yuki, f"#{order.id}", f"#{order.id} · Porter Tanker shoulder bag")
    await presses(yuki, "Deposit", "🧾 Upload receipt")
    await expect(bubble(yuki, "Send a photo of the purchase receipt")).to_be_visible()  # as a person would wait
    await yuki.get_by_label("Send a photo").set_input_files(
        {"name": "receipt.png", "mimeType": "image/png", "buffer": make_png(320, 480, (250, 250, 250))}
    )
    await expect(bubble(yuki, f"Receipt saved for order #{order.id}")).to_be_visible()

    # Alice sees the receipt photo with its proof code live, then pays the balance invoice under it.
    receipt = bubble(alice, f"Receipt for order #{order.id} · proof code {order.proof_code}")
    await expect(receipt.locator("img")).to_be_visible(timeout=NOTICE)
    await alice.get_by_role("button", name="Pay 16,940 JPY").click()
    await expect(bubble(alice, "Payment of ¥16,940 received")).to_be_visible()
    await expect(alice.get_by_role("button", name="Paid")).to_have_count(2)

    # Yuki ships with EMS.
    await expect(bubble(yuki, f"The balance for order #{order.id}")).to_be_visible(timeout=NOTICE)
    await says(yuki, "/orders")
    await presses(yuki, f"#{order.id}", f"#{order.id} · Porter Tanker shoulder bag")
    await presses(yuki, "Balance", "🚚 Ship")
    await presses(yuki, "carrier", "EMS")
    await expect(bubble(yuki, "Now type the tracking number")).to_be_visible()
    await says(yuki, "EJ123456789JP")
    await expect(bubble(yuki, f"Order #{order.id} is shipped")).to_be_visible()

    # Alice confirms receipt from the news and reviews the buyer.
    news = f"Order #{order.id} (Porter Tanker shoulder bag) has shipped with EMS"
    await presses(alice, news, f"📦 Open order #{order.id}")
    await presses(alice, "EJ123456789JP", "✅ Confirm receipt")
    await presses(alice, "This releases ¥24,200 to Yuki; you cannot undo it.", "✅ Release ¥24,200")
    await expect(alice.get_by_role("alert")).to_contain_text("The order is complete and the buyer has been paid.")
    await presses(alice, "Rate the buyer", "5 ★")
    await expect(bubble(alice, "Now a few words for other customers")).to_be_visible()
    await says(alice, "Genuine, well packed, fast.")
    await expect(bubble(alice, "Thank you! Your review is published.")).to_be_visible()
    await expect(bubble(yuki, "Genuine, well packed, fast.")).to_be_visible(timeout=NOTICE)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await alice.screenshot(path=str(SCREENSHOTS / "web_chat_customer.png"))
    assert (await Order.get(id=order.id)).state is OrderState.COMPLETED
    assert (await Review.get(order_id=order.id)).stars == 5

    # The demo moderator follows the page's link to the admin web, signs in and finds the order.
    async with alice.context.expect_page() as opened:
        await alice.get_by_role("link", name="Admin web").click()
    admin = await opened.value
    await admin.get_by_label("Username").fill(product.login.username)
    await admin.get_by_label("Password").fill(product.login.password)
    await admin.get_by_role("button", name="Sign in").click()
    await admin.goto(f"{product.admin_url}/orders/{order.id}")
    await expect(admin.get_by_role("heading", name=f"Order #{order.id}: Porter Tanker shoulder bag")).to_be_visible()
    await expect(admin.locator(".state")).to_have_text("Completed")


async def test_a_person_added_in_chinese_is_answered_in_chinese_and_typed_markup_stays_text(
    product: Product, context: BrowserContext
) -> None:
    page = await context.new_page()
    await page.goto(product.chat_url)
    await page.get_by_label("First name").fill("小红")
    await page.get_by_label("Language").select_option("zh")
    await page.get_by_role("button", name="Add person").click()
    await says(page, "/start", "zh")
    await expect(bubble(page, "小红，欢迎来到 Daigou 代购！")).to_be_visible()

    await says(page, "<img src=x onerror=alert(1)>", "zh")

    answer = bubble(page, "没有找到与")
    await expect(answer).to_contain_text("“<img src=x onerror=alert(1)>”")
    await expect(page.locator("#messages img")).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "web_chat_zh.png"))


async def test_a_chinese_browser_shows_the_page_in_chinese_with_currency_codes_and_a_tapped_command_is_sent(
    product: Product, browser: Browser
) -> None:
    chinese = await browser.new_context(locale="zh-CN")
    chinese.set_default_timeout(10_000)
    page = await chinese.new_page()
    await page.goto(product.chat_url)

    # Before anyone is chosen the page follows the browser, and offers Chinese for the new person.
    await expect(page.get_by_role("heading", name="添加用户")).to_be_visible()
    await expect(page.get_by_label("语言")).to_have_value("zh")
    await page.get_by_label("名字").fill("小明")
    await page.get_by_role("button", name="添加", exact=True).click()
    await says(page, "Porter Tanker", "zh")
    await presses(page, "Porter Tanker shoulder bag", "🛒 购买")
    await presses(page, "您要购买几件", "1")

    # The pay button names the currency: "¥" alone would read as yuan.
    await page.get_by_role("button", name="支付 7,260 JPY").click()
    await expect(page.get_by_text("您已支付 7,260 JPY")).to_be_visible()
    await expect(page.get_by_role("button", name="已支付")).to_be_visible()

    # "/orders" in the bot's message is a link, as in Telegram: a tap sends it and the bot lists her order.
    await bubble(page, "可在 /orders 中查看您的订单").get_by_role("link", name="/orders").click()
    await expect(page.locator("#messages > li.from-user", has_text="/orders")).to_be_visible()
    order = await Order.get(customer__first_name="小明")
    await expect(page.get_by_role("button", name=f"#{order.id} · Porter Tanker shoulder bag")).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / "web_chat_zh_controls.png"))
    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=str(SCREENSHOTS / "web_chat_zh_controls_phone.png"))
    await chinese.close()


@pytest.mark.parametrize("width", [360, 1280])
async def test_on_a_phone_and_a_desktop_nothing_scrolls_sideways_the_newest_message_shows_and_people_stay_reachable(
    product: Product, browser: Browser, width: int
) -> None:
    screen = await browser.new_context(locale="en-US", viewport={"width": width, "height": 800})
    screen.set_default_timeout(10_000)
    page = await screen.new_page()
    await page.goto(product.chat_url)
    await page.get_by_label("First name").fill("Mia")
    await page.get_by_role("button", name="Add person").click()
    # A person with no messages yet is told how to begin, with /start a tap away.
    await page.locator("#messages .empty").get_by_role("link", name="/start").click()
    welcome = bubble(page, "Mia")
    await expect(welcome).to_be_visible()

    chat, message, field = [await box.bounding_box() for box in (page.locator("#chat"), welcome, page.locator("#text"))]
    assert chat is not None and message is not None and field is not None
    if width < 600:
        assert chat["width"] >= width - 10  # the whole screen, not what a sidebar leaves
    assert message["width"] >= 250 and field["width"] >= 200  # words, not a letter per line
    assert await page.evaluate("document.documentElement.scrollWidth") <= width  # nothing to scroll sideways
    # The newest message is in view, below the reply keyboard that arrived with it (not scrolled off by it).
    await page.wait_for_function(
        "(list => list.scrollHeight - list.scrollTop - list.clientHeight < 2)(document.getElementById('messages'))"
    )
    await page.get_by_role("button", name=re.compile(r"^Anna")).click()
    await expect(page.locator("#chat-title")).to_contain_text("Anna")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SCREENSHOTS / f"web_chat_{width}px.png"))
    await screen.close()
